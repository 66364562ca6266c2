"""A condition tree as readable nested lists of its ``says`` sentences, for pages and the API.

Pure: takes a ``humanitarian.rules.conditions.Condition`` and returns plain,
JSON-ready data, so the library page, the comparison and the API all show a
rule in the same words its author wrote.
"""

from humanitarian.rules.conditions import All, Answer, Any, Not

JOIN_PHRASES = {
    "all": "All of these:",
    "any": "At least one of these:",
    "not": "This must not be the case:",
}


def outline(condition) -> dict:
    """``{"text", "join", "items", ...}``: ``text`` is the author's sentence, else a phrase for how items combine.

    A test on one answer also carries ``question``, ``test`` and ``value`` so a
    program can tell which answer it reads; ``join`` is None there.
    """
    if isinstance(condition, Answer):
        return {
            "text": condition.says,
            "join": None,
            "items": [],
            "question": condition.question,
            "test": condition.test_name,
            "value": condition.value,
        }
    join, items = _parts(condition)
    return {
        "text": condition.says or JOIN_PHRASES[join],
        "join": join,
        "items": [outline(item) for item in items],
    }


def outline_text(node: dict) -> str:
    """One line for an outline: its sentence, then its items in brackets where it has them."""
    if not node["items"]:
        return node["text"]
    inner = "; ".join(outline_text(item) for item in node["items"])
    return f"{node['text'].rstrip(':')}: ({inner})"


def _parts(condition) -> tuple[str, tuple]:
    if isinstance(condition, All):
        return "all", condition.items
    if isinstance(condition, Any):
        return "any", condition.items
    if isinstance(condition, Not):
        return "not", (condition.item,)
    raise TypeError(f"not a condition: {condition!r}")
