"""What the result page and the PDF show, arranged from a stored engine result.

Nothing here decides anything about the law: the engine has already said what
each country's outcome is, which authorizations it rests on (``relied_on``) and
what the person must do (``next_steps``). This only groups and labels it.
"""

from humanitarian.answers import answer_rows
from humanitarian.rules.results import upgrade
from humanitarian.rules.vocabulary import Actor, Outcome, Status, StepKind, label


def document_context(
    result: dict, catalogue, *, reference: str, organization: str = "", created=None, question_url=None
) -> dict:
    """The context both templates/determinations/detail.html and pdf.html render.

    ``question_url`` (question id -> the page that asks it) makes open questions links, where the draft is known.
    """
    result = upgrade(result)
    columns = [jurisdiction_column(j, question_url) for j in result["jurisdictions"].values()]
    return {
        "d": result,
        "reference": reference,
        "organization": organization,
        "created": created,
        "columns": columns,
        "title": " ".join(f"{c['j']['code']}: {c['j']['answer']}." for c in columns),
        "steps_any": any(c["steps"] or c["to_answer"] for c in columns),
        "answer_rows": answer_rows(result, catalogue),
        "open_questions": open_questions_by_country(result, question_url),
        "sources": sources(result),
    }


def jurisdiction_column(j: dict, question_url=None) -> dict:
    """One country: its outcome, the authorizations its outcome rests on, the others considered, and its steps."""
    relied = set(j["relied_on"])
    authorizations = [{**a, "status_label": label(Status, a["status"])} for a in j["authorizations"]]
    applying = [a for a in authorizations if a["id"] in relied]
    return {
        "j": j,
        "outcome_label": label(Outcome, j["outcome"]),
        "applying": applying,
        "not_applying": [a for a in authorizations if a["id"] not in relied],
        # The questions to answer are listed once, under "What is not decided yet"; the list of steps points there.
        "steps": [step_row(s, question_url) for s in j["next_steps"] if s["kind"] != StepKind.ANSWER],
        "to_answer": sum(s["kind"] == StepKind.ANSWER for s in j["next_steps"]),
        # The title band names the law relied on, and none where no authorization carries the outcome.
        "legal_bases": list(dict.fromkeys(a["legal_basis"] for a in applying if a["legal_basis"])),
    }


def step_row(step: dict, question_url=None) -> dict:
    url = question_url(step["question"]) if step["question"] and question_url else step["url"]
    return {**step, "url": url, "kind_label": label(StepKind, step["kind"]), "by_label": label(Actor, step["by"])}


def open_questions_by_country(result: dict, question_url=None) -> list[dict]:
    """The open questions in the engine's order, under each country whose outcome they could change."""
    by_id = {q["id"]: {**q, "url": question_url(q["id"]) if question_url else ""} for q in result["open_questions"]}
    return [
        {"name": j["name"], "code": code, "questions": [by_id[q] for q in j["open_questions"] if q in by_id]}
        for code, j in result["jurisdictions"].items()
        if j["open_questions"]
    ]


def sources(result: dict) -> list[str]:
    """Every URL the determination cites, once each, in the order it first cites them."""
    urls = []
    for j in result["jurisdictions"].values():
        urls += [r.get("citation", "") for r in j["reasons"]]
        urls += [s["url"] for s in j["next_steps"]]
        relied = set(j["relied_on"])
        urls += [a["source_url"] for a in j["authorizations"] if a["id"] in relied]
    for divergence in result["divergences"]:
        urls += divergence.get("citations", [])
    return [u for u in dict.fromkeys(urls) if u.startswith(("http://", "https://"))]
