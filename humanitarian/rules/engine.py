"""evaluate(catalogue, answers, as_of) -> Determination.

The one place that decides. It names no licence: everything it knows about
the law comes from the catalogue. The steps, per jurisdiction:

1. Does that country's law reach the activity (``engaged_if``), and is anything
   it prohibits involved (``prohibitions``)? If not: ``not_engaged``.
2. For each authorization, the version in force on ``as_of`` is checked:
   ``applies_if``, then ``excluded_if``, then the review points that keep an
   unconfirmed or lapsed rule from saying a plain "applies".
3. The outcome follows: ``authorized`` if one applies, ``needs_review`` if one
   would apply but must be checked, ``incomplete`` while answers are missing,
   ``licence_required`` otherwise.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from .conditions import UNKNOWN
from .model import Authorization, Catalogue, Jurisdiction
from .results import AuthorizationResult, Determination, JurisdictionResult

STATUSES = ("applies", "needs_review", "unknown", "excluded", "does_not_apply")
OPEN = {"applies", "needs_review", "unknown"}  # statuses under which an authorization may yet lift a prohibition
OUTCOMES = ("authorized", "needs_review", "incomplete", "licence_required", "not_engaged")
# Why a version that is not confirmed must be checked before anyone relies on it.
UNREAD_POINT = {
    "secondary": "{version} is recorded from commentary on it: its official text has not been read for this check",
    "unconfirmed": "{version} is recorded from sources we could not confirm against the official text",
}


def effective_answers(catalogue: Catalogue, answers: dict) -> tuple[dict, dict]:
    """Keep the answers to questions that are still asked; return (kept, dropped).

    Questions are visited in catalogue order and an ``ask_if`` may only look at
    earlier questions (the loader enforces it), so one pass settles everything.
    An answer is dropped when its question is no longer asked, or is unknown.
    """
    kept, dropped = {}, {}
    for question in catalogue.questions:
        if question.id not in answers:
            continue
        if question.ask_if is not None and question.ask_if.evaluate(kept).result is False:
            dropped[question.id] = answers[question.id]
        else:
            kept[question.id] = answers[question.id]
    dropped.update({k: v for k, v in answers.items() if catalogue.question(k) is None})
    return kept, dropped


def check_answers(catalogue: Catalogue, answers: dict) -> list[str]:
    """Every problem with a set of answers, in words; empty if they are all valid."""
    problems = []
    for qid, value in answers.items():
        question = catalogue.question(qid)
        problem = f"there is no question '{qid}'" if question is None else question.check_answer(value)
        if problem:
            problems.append(problem)
    return problems


def evaluate(catalogue: Catalogue, answers: dict, as_of: date) -> Determination:
    kept, dropped = effective_answers(catalogue, answers)
    undecided = Counter()  # question id -> how many undecided results it could settle
    jurisdictions = {}
    for code, jurisdiction in catalogue.jurisdictions.items():
        checked = [_authorization(a, kept, as_of) for a in catalogue.authorizations if a.jurisdiction == code]
        jurisdictions[code] = _jurisdiction(jurisdiction, checked, kept, as_of, undecided)
    return Determination(
        as_of=as_of,
        catalogue_digest=catalogue.digest,
        answers=kept,
        dropped_answers=dropped,
        jurisdictions=jurisdictions,
        divergences=_divergences(catalogue, jurisdictions, kept),
        open_questions=_open_questions(catalogue, kept, undecided),
        answered=_answered(catalogue, kept),
    )


def _authorization(auth: Authorization, answers: dict, as_of: date) -> tuple[AuthorizationResult, set]:
    """The authorization's status on ``as_of``, and the questions that could still settle it."""
    version, lapsed = auth.version_on(as_of)
    if version is None:
        first = auth.versions[0]
        why = {"text": f"{first.id} took effect on {first.effective_from}, after {as_of}", "holds": False}
        return AuthorizationResult.of(auth, first, "does_not_apply", [why], as_of), set()

    applies = version.applies_if.evaluate(answers)
    exclusions = [(e, e.when.evaluate(answers)) for e in version.excluded_if]
    hit = [(e, t) for e, t in exclusions if t.result is True]
    points = [(p, p.when.evaluate(answers) if p.when else None) for p in version.review_points]
    pending_points = [t for _, t in points if t is not None and t.result is None]
    open_questions = set()

    if applies.result is False:
        status, reasons = "does_not_apply", [r for r in applies.reasons() if r["holds"] is False]
    elif hit:
        status, reasons = "excluded", [{"text": e.reason, "holds": True, "citation": e.citation} for e, _ in hit]
    elif applies.result is None or any(t.result is None for _, t in exclusions) or pending_points:
        status = "unknown"
        traces = [applies, *(t for _, t in exclusions), *pending_points]
        reasons = [r for t in traces if t.result is None for r in t.reasons() if r["holds"] is None]
        open_questions = set().union(*(t.unknown_questions() for t in traces))
    else:
        raised = [p for p, t in points if t is None or t.result is True]
        status = "needs_review" if (lapsed or raised or version.confidence != "confirmed") else "applies"
        reasons = applies.reasons()

    result = AuthorizationResult.of(auth, version, status, reasons, as_of)
    if status in ("applies", "needs_review", "unknown"):
        result.obligations = _obligations(version.obligations, answers)
    if status == "needs_review":
        result.review_points = _review_points(version, lapsed, points, auth)
    return result, open_questions


def _review_points(version, lapsed, points, auth) -> list[dict]:
    out = [{"point": p.point, "check": p.check} for p, t in points if t is None or t.result is True]
    if version.confidence != "confirmed":
        out.append({"point": UNREAD_POINT[version.confidence].format(version=version.id), "check": version.source_url})
    if lapsed:
        out.append(
            {
                "point": f"{version.id} expired on {version.expires} and no later version of {auth.title} is recorded",
                "check": version.source_url,
            }
        )
    return out


def _obligations(obligations, answers) -> list[dict]:
    """Obligations whose condition holds, or may hold (``certain`` False)."""
    out = []
    for o in obligations:
        result = o.when.evaluate(answers).result if o.when else True
        if result is not False:
            out.append(
                {
                    "id": o.id,
                    "text": o.text,
                    "deadline": o.deadline,
                    "to_whom": o.to_whom,
                    "citation": o.citation,
                    "certain": result is True,
                }
            )
    return out


def _jurisdiction(j: Jurisdiction, checked, answers, as_of: date, undecided: Counter) -> JurisdictionResult:
    """The jurisdiction's outcome; counts the questions that could still change it into ``undecided``."""
    results = [result for result, _ in checked]
    engaged = j.engaged_if.evaluate(answers)
    prohibitions = [(p, p.when.evaluate(answers)) for p in j.prohibitions if p.in_force(as_of)]
    found = [t.result for _, t in prohibitions]
    prohibited = True if True in found else (None if None in found else False)
    by_status = {s: [r for r in results if r.status == s] for s in STATUSES}
    reasons, routes, obligations, blocking = [], [], [], {}

    if engaged.result is False:
        outcome = "not_engaged"
        reasons = [r for r in engaged.reasons() if r["holds"] is False]
        if j.not_engaged_reason:
            reasons.append({"text": j.not_engaged_reason, "holds": True})
    elif prohibited is False:
        outcome = "not_engaged"
        reasons = [{"text": f"nothing {j.name} sanctions prohibit is involved: none of these applies", "holds": True}]
        reasons += [{"text": p.reason, "holds": False, "citation": p.citation} for p, _ in prohibitions]
        reasons += [{"text": j.scope_note, "holds": True}] if j.scope_note else []
    elif engaged.result is None:
        outcome = "incomplete"
        reasons = [r for r in engaged.reasons() if r["holds"] is None]
    else:
        active = [p for p, t in prohibitions if t.result is not False]
        reasons = [_prohibition_reason(p, t) for p, t in prohibitions if p in active]
        lifted_by = {p.id: {r.status for r in results if not r.lifts or p.id in r.lifts} for p, _ in prohibitions}
        blocking = {p.id: p for p, t in prohibitions if t.result is True and not lifted_by[p.id] & OPEN}
        if blocking:
            outcome = "licence_required"  # something prohibited that no general authorization can lift
            # Only what decided it: points still open here cannot change the outcome, so were not asked.
            reasons = [_prohibition_reason(p, t) for p, t in prohibitions if p.id in blocking]
            routes = [
                {"id": r.id, "title": r.title, "text": r.text, "url": r.url}
                for r in j.licence_routes
                if (not r.lifts or blocking.keys() & set(r.lifts))
                and (r.when is None or r.when.evaluate(answers).result is not False)
            ]
        elif all("applies" in lifted_by[p.id] for p in active):
            outcome = "authorized"
            obligations = _obligations(j.obligations, answers)
        elif all(lifted_by[p.id] & {"applies", "needs_review"} for p in active):
            outcome = "needs_review"
        else:
            outcome = "incomplete"

    if outcome in ("incomplete", "needs_review"):  # only then can an answer still change the outcome
        # A prohibition still undecided keeps the outcome open even when another one holds.
        traces = [engaged] + [t for _, t in prohibitions if t.result is None]
        for qids in [t.unknown_questions() for t in traces] + [qids for _, qids in checked]:
            undecided.update(qids)
    return JurisdictionResult(
        code=j.code,
        name=j.name,
        authority=j.authority,
        outcome=outcome,
        headline=_headline(j, outcome, by_status, blocking.values()),
        reasons=reasons,
        authorizations=results,
        obligations=obligations,
        licence_routes=routes,
    )


def _prohibition_reason(p, trace) -> dict:
    return {"text": p.reason, "holds": trace.result, "citation": p.citation}


def _headline(j: Jurisdiction, outcome: str, by_status: dict, blocking) -> str:
    """One plain sentence per outcome, naming the versions relied on; their titles follow on the page."""

    def names(status: str) -> str:
        versions = [r.version for r in by_status[status]]
        return " and ".join(filter(None, [", ".join(versions[:-1]), *versions[-1:]]))

    licensors = " and ".join(dict.fromkeys(p.licensed_by or j.authority for p in blocking))

    return {
        "authorized": f"Authorized in the {j.name} by {names('applies')}, on the conditions below.",
        "needs_review": f"May be authorized in the {j.name} by {names('needs_review')}, "
        "but a point it depends on must be checked first (see below).",
        "incomplete": f"We cannot decide for the {j.name} yet: some answers are missing or unknown.",
        "licence_required": f"No general authorization of the {j.name} covers this: "
        f"you need a specific licence from {licensors} before going ahead.",
        "not_engaged": f"{j.name} sanctions do not prohibit this activity, "
        f"so no {j.authority} authorization is needed.",
    }[outcome]


def _divergences(catalogue: Catalogue, jurisdictions: dict, answers: dict) -> list[dict]:
    out = []
    us, uk = jurisdictions.get("US"), jurisdictions.get("UK")
    if us and uk and us.outcome != uk.outcome:
        out.append({"id": "outcome", "topic": "Outcome", "us": us.headline, "uk": uk.headline, "citations": []})
    for d in catalogue.divergences:
        if d.when is None or d.when.evaluate(answers).result is True:
            out.append({"id": d.id, "topic": d.topic, "us": d.us, "uk": d.uk, "citations": list(d.citations)})
    return out


def _answered(catalogue: Catalogue, answers: dict) -> list[dict]:
    """The answers in the catalogue's words as they stand today, so a saved record keeps them."""
    out = []
    for question in catalogue.questions:
        if question.id in answers:
            value = answers[question.id]
            labels = dict(question.labels())
            shown = [labels.get(v, v) for v in value] if isinstance(value, list) else labels.get(value, value)
            out.append({"id": question.id, "prompt": question.prompt, "value": value, "answer": shown})
    return out


def _open_questions(catalogue: Catalogue, answers: dict, undecided: Counter) -> list[dict]:
    """Questions that could still settle an undecided result, most useful first."""
    order = {q.id: i for i, q in enumerate(catalogue.questions)}
    out = []
    for qid, count in sorted(undecided.items(), key=lambda item: (-item[1], order[item[0]])):
        question = catalogue.question(qid)
        if question.ask_if is not None and question.ask_if.evaluate(answers).result is False:
            continue
        out.append(
            {
                "id": qid,
                "prompt": question.prompt,
                "section": question.section,
                "settles": count,
                "answered_unknown": answers.get(qid) == UNKNOWN,
            }
        )
    return out
