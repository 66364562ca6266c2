"""What the page and the PDF show, arranged from a stored engine result.

Nothing here decides anything about the law: it only groups and labels what
the engine already decided (``Determination.to_dict()``), and looks up the
catalogue's wording for the answers given.
"""

from humanitarian.rules import UNKNOWN

OUTCOME_LABELS = {
    "authorized": "Authorized",
    "needs_review": "Needs review",
    "incomplete": "More information needed",
    "licence_required": "Licence required",
    "not_engaged": "Sanctions not engaged",
}
STATUS_LABELS = {
    "applies": "Applies",
    "needs_review": "Needs review",
    "unknown": "Not settled by your answers",
    "excluded": "Excluded",
    "does_not_apply": "Does not apply",
}
ANSWER_LABELS = {UNKNOWN: "I don't know"}


def outcome_label(outcome: str) -> str:
    return OUTCOME_LABELS.get(outcome, outcome.replace("_", " ").capitalize())


def document_context(result: dict, catalogue, *, reference: str, organization: str = "", created=None) -> dict:
    """The context both templates/determinations/detail.html and pdf.html render."""
    columns = [jurisdiction_column(j) for j in result["jurisdictions"].values()]
    return {
        "d": result,
        "reference": reference,
        "organization": organization,
        "created": created,
        "columns": columns,
        "answer_rows": answer_rows(result, catalogue),
        "sources": sources(result),
    }


def jurisdiction_column(j: dict) -> dict:
    """One country's column: its outcome and its authorizations grouped by what the engine said of them."""
    by_status = {}
    for auth in j["authorizations"]:
        by_status.setdefault(auth["status"], []).append({**auth, "status_label": STATUS_LABELS[auth["status"]]})
    applying = by_status.get("applies", []) + by_status.get("needs_review", [])
    return {
        "j": j,
        "outcome_label": outcome_label(j["outcome"]),
        "applying": applying,
        "not_applying": [a for s in ("unknown", "excluded", "does_not_apply") for a in by_status.get(s, [])],
        # The title band names the law relied on, and none where no authorization carries the outcome.
        "legal_bases": list(dict.fromkeys(a["legal_basis"] for a in applying if a["legal_basis"]))
        if j["outcome"] in ("authorized", "needs_review")
        else [],
    }


def answer_rows(result: dict, catalogue) -> list[dict]:
    """Each answer in the words it was given in (kept in the record), or the catalogue's for older records."""
    if "answered" in result:
        rows = [
            {"id": a["id"], "prompt": a["prompt"], "answer": _joined(a["answer"]), "used": True}
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
        "answer": _joined([labels.get(v, v) for v in values]),
        "used": used,
    }


def _joined(answer) -> str:
    return ", ".join(map(str, answer)) if isinstance(answer, list) else str(answer)


def sources(result: dict) -> list[str]:
    """Every URL the determination cites, once each, in the order it first cites them."""
    urls = []
    for j in result["jurisdictions"].values():
        urls += [r.get("citation", "") for r in j["reasons"]]
        for auth in j["authorizations"]:
            urls.append(auth["source_url"])
            urls += [o.get("citation", "") for o in auth["obligations"]]
            urls += [p.get("check", "") for p in auth["review_points"]]
        urls += [o.get("citation", "") for o in j["obligations"]]
        urls += [r.get("url", "") for r in j["licence_routes"]]
    for divergence in result["divergences"]:
        urls += divergence.get("citations", [])
    return [u for u in dict.fromkeys(urls) if u.startswith(("http://", "https://"))]
