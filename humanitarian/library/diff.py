"""What changed between two consecutive versions of one authorization, in words a reader can scan.

Pure: compares two ``Version`` values and returns a list of changes, each
``{"section", "change" (added|removed|changed), "before", "after"}``, in the
order a reader checks them: dates, legal basis, what it allows, its
conditions, exclusions, review points and obligations. Items with ids
(exclusions, review points, obligations) are matched by id; a test on an
answer is matched by the question and the test it makes.
"""

from collections import Counter

from humanitarian.rules.conditions import Answer

from .outline import outline, outline_text

DATE_FIELDS = (("issued", "Issued"), ("effective_from", "In force from"), ("expires", "Expires"))


def version_changes(older, newer) -> list[dict]:
    changes = []
    changes += _dates(older, newer)
    changes += _field_changes("Legal basis", older.legal_basis, newer.legal_basis)
    changes += _list_changes("What it allows", older.allows, newer.allows)
    changes += _list_changes("Conditions", older.conditions, newer.conditions)
    changes += _applies_if_changes(older.applies_if, newer.applies_if)
    changes += _by_id("Exclusions", older.excluded_if, newer.excluded_if, _exclusion_text)
    changes += _by_id("Review points", older.review_points, newer.review_points, _review_point_text)
    changes += _by_id("Obligations", older.obligations, newer.obligations, _obligation_text)
    return changes


def _change(section, change, before=None, after=None) -> dict:
    return {"section": section, "change": change, "before": before, "after": after}


def _dates(older, newer) -> list[dict]:
    out = []
    for name, label in DATE_FIELDS:
        before, after = getattr(older, name), getattr(newer, name)
        if before != after:
            out.append(_change(f"Dates: {label}", "changed", _date_text(before), _date_text(after)))
    return out


def _date_text(value) -> str:
    return value.isoformat() if value else "no expiry date"


def _field_changes(section, before, after) -> list[dict]:
    return [] if before == after else [_change(section, "changed", before, after)]


def _list_changes(section, before, after) -> list[dict]:
    removed = [_change(section, "removed", before=item) for item in before if item not in after]
    added = [_change(section, "added", after=item) for item in after if item not in before]
    return removed + added


def _applies_if_changes(before, after) -> list[dict]:
    """Tests added, removed or changed; if only the way they combine changed, the whole condition before and after."""
    section = "When it applies"
    old, new = _tests(before), _tests(after)
    out = [_change(section, "removed", before=old[k].says) for k in old if k not in new]
    out += [_change(section, "changed", *_test_texts(old[k], new[k])) for k in old if k in new and old[k] != new[k]]
    out += [_change(section, "added", after=new[k].says) for k in new if k not in old]
    if not out and outline(before) != outline(after):
        out.append(_change(section, "changed", outline_text(outline(before)), outline_text(outline(after))))
    return out


def _test_texts(before, after) -> tuple[str, str]:
    """The two sentences; where the author kept the sentence, the values tested tell them apart."""
    if before.says != after.says:
        return before.says, after.says
    return tuple(f"{t.says} ({t.test_name}: {_values(t.value)})" for t in (before, after))


def _values(value) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)


def _tests(condition) -> dict:
    """Each test on an answer, keyed by (question, test, how many 'not's above it, occurrence)."""
    seen, out = Counter(), {}
    for leaf, negations in _leaves(condition, 0):
        base = (leaf.question, leaf.test_name, negations % 2)
        out[(*base, seen[base])] = leaf
        seen[base] += 1
    return out


def _leaves(condition, negations):
    if isinstance(condition, Answer):
        yield condition, negations
        return
    items = getattr(condition, "items", None) or (condition.item,)
    deeper = negations + (0 if hasattr(condition, "items") else 1)
    for item in items:
        yield from _leaves(item, deeper)


def _by_id(section, before, after, text) -> list[dict]:
    old, new = {i.id: i for i in before}, {i.id: i for i in after}
    out = [_change(section, "removed", before=text(old[k])) for k in old if k not in new]
    out += [_change(section, "changed", text(old[k]), text(new[k])) for k in old if k in new and old[k] != new[k]]
    out += [_change(section, "added", after=text(new[k])) for k in new if k not in old]
    return out


def _when(condition) -> str:
    return f" (when {outline_text(outline(condition))})" if condition else ""


def _exclusion_text(exclusion) -> str:
    return f"{exclusion.reason}{_when(exclusion.when)}"


def _review_point_text(point) -> str:
    return f"{point.point}{_when(point.when)}"


def _obligation_text(obligation) -> str:
    details = "; ".join(d for d in (obligation.deadline, obligation.to_whom) if d)
    return f"{obligation.text}{f' [{details}]' if details else ''}{_when(obligation.when)}"
