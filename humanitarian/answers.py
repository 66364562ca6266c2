"""Answers in the words they were given in: shared by the review page, the result page and the PDF."""

from humanitarian.rules import UNKNOWN

ANSWER_LABELS = {UNKNOWN: "I don't know"}


def answer_rows(result: dict, catalogue) -> list[dict]:
    """Each answer in the words it was given in (kept in the record), or the catalogue's for older records."""
    if "answered" in result:
        rows = [
            {"id": a["id"], "prompt": a["prompt"], "answer": answer_text(a["answer"]), "used": True}
            for a in result["answered"]
        ]
    else:
        rows = [_catalogue_row(qid, value, catalogue) for qid, value in result["answers"].items()]
    dropped = result.get("dropped_answers", {}).items()  # shown, marked as not used
    return rows + [_catalogue_row(qid, value, catalogue, used=False) for qid, value in dropped]


def _catalogue_row(qid, value, catalogue, used=True) -> dict:
    question = catalogue.question(qid)
    labels = {**dict(question.labels()), **ANSWER_LABELS} if question else ANSWER_LABELS
    values = value if isinstance(value, list) else [value]
    return {
        "id": qid,
        "prompt": question.prompt if question else qid,
        "answer": answer_text([labels.get(v, v) for v in values]),
        "used": used,
    }


def answer_text(answer) -> str:
    """One answer (a label, or a list of labels) as one line."""
    return ", ".join(map(str, answer)) if isinstance(answer, list) else str(answer)
