"""decide() and evaluate(): the one place that decides what a set of answers means.

It names no licence: everything it knows about the law comes from the catalogue.
Per jurisdiction, in named steps that each return a value:

1. engagement: does that country's law reach the activity (``engaged_if``)?
2. prohibitions in play: which of its prohibitions in force on ``as_of`` hold?
3. standing: each authorization's version on ``as_of`` and its ``Status``.
4. outcome: from what is prohibited and what lifts it.
5. (explain only) reasons, headline, what the outcome relies on, and the
   combined next steps.

``decide`` runs steps 1-4 with compiled conditions only: what every interview
request needs. ``evaluate`` runs the same steps, then explains them. Both read
the same catalogue and the same functions, so they agree by construction.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from itertools import chain
from typing import NamedTuple

from .conditions import NOTHING, UNKNOWN, hashable_answer
from .model import Catalogue, Edition, Standing
from .results import (
    AuthorizationResult,
    Check,
    Decision,
    Determination,
    Divergence,
    Duty,
    JurisdictionResult,
    NextStep,
    OpenQuestion,
    Reason,
    Route,
)
from .vocabulary import OPEN_STATUSES, Actor, Confidence, Outcome, Status, StepKind
from .words import day, joined

# Why a version that is not confirmed must be checked before anyone relies on it.
UNREAD_POINT = {
    Confidence.SECONDARY: (
        "{version} is recorded from commentary on it: its official text has not been read for this check"
    ),
    Confidence.UNCONFIRMED: "{version} is recorded from sources we could not confirm against the official text",
}
# The statuses whose authorizations carry each outcome (and whose duties the person then takes on).
CARRIES = {Outcome.AUTHORIZED: {Status.APPLIES}, Outcome.NEEDS_REVIEW: {Status.APPLIES, Status.NEEDS_REVIEW}}
# While it is unknown whether its regime reaches the activity, an authorization cannot be relied on.
UNREACHED = {Status.APPLIES: Status.UNKNOWN, Status.NEEDS_REVIEW: Status.UNKNOWN}


# -- the answers that count --------------------------------------------------------
def effective_answers(catalogue: Catalogue, answers: dict) -> tuple[dict, dict]:
    """Keep the answers to questions that are still asked; return (kept, dropped)."""
    kept, _, dropped = counted_answers(catalogue, answers)
    return kept, dropped


def counted_answers(catalogue: Catalogue, answers: dict) -> tuple[dict, dict, dict]:
    """(kept, the same as rules look them up, dropped): the answers to the questions still asked.

    Rules look answers up with lists as tuples (``hashable_answer``) and every question named (None where
    unanswered).

    Questions are visited in catalogue order and an ``ask_if`` may only look at
    earlier questions (the loader enforces it), so one pass settles everything.
    An answer is dropped when its question is no longer asked, or is unknown.
    """
    kept, seen, dropped = {}, dict(catalogue.unanswered), {}
    for qid, asked in catalogue.asking:
        if qid in answers:
            value = answers[qid]
            if asked is not None and asked(seen) is False:
                dropped[qid] = value
            else:
                kept[qid], seen[qid] = value, hashable_answer(value)
    if len(kept) + len(dropped) < len(answers):  # answers to no question at all
        dropped.update({k: v for k, v in answers.items() if k not in catalogue.question_order})
    return kept, seen, dropped


def check_answers(catalogue: Catalogue, answers: dict) -> list[str]:
    """Every problem with a set of answers, in words; empty if they are all valid."""
    problems = []
    for qid, value in answers.items():
        question = catalogue.question(qid)
        problem = f"there is no question '{qid}'" if question is None else question.check_answer(value)
        if problem:
            problems.append(problem)
    return problems


# -- steps 1-4: deciding -------------------------------------------------------------
class Assessment(NamedTuple):
    """Steps 1-4 for one jurisdiction: the values every later step reads."""

    edition: Edition
    parts: tuple  # the parts (regimes) in play: those the answers do not rule out
    reach: tuple  # for each part in play, whether its regime reaches the activity: True, or None while unknown
    engaged: bool | None
    prohibitions: tuple  # (Prohibition, bool | None), for those in force in the parts in play
    statuses: dict  # authorization id -> Status: every one in play, or (deciding only) those that can lift a
    # prohibition still open (``Edition.weighing``)
    outcome: Outcome
    blocking: tuple  # prohibitions that hold and that nothing can lift
    unsettled: tuple  # (part, its reach, the questions that could settle it) for each weighed UNKNOWN authorization

    @property
    def standings(self) -> tuple:
        return tuple(s for part in self.parts for s in part.standings)

    @property
    def routes(self) -> tuple:
        return tuple(r for part in self.parts for r in part.licence_routes)

    @property
    def regimes(self) -> tuple:
        return tuple(part.regime for part in self.parts if part.regime is not None)

    @property
    def active(self) -> tuple:
        return tuple(not_ruled_out(self.prohibitions))


def assess(edition: Edition, answers: dict, every: bool = True) -> Assessment:
    """Steps 1-4: engagement, the prohibitions in play, the authorizations' statuses, and the outcome.

    ``every`` gives every authorization in play its status, for a result that lists them all; deciding alone
    needs only those that can lift a prohibition still in play, and nothing more once the law is known not to be
    engaged.
    """
    engaged = edition.jurisdiction.engaged_if.test(answers)
    if engaged is False and not every:
        return Assessment(edition, (), (), engaged, (), {}, Outcome.NOT_ENGAGED, (), ())
    reach = edition.reach(answers)
    parts, reached, tests = edition.in_play(reach)
    prohibitions = tuple([(p, test(answers)) for p, test in tests])
    active = not_ruled_out(prohibitions)
    settled = engagement_outcome(engaged, active)
    weighing = edition.weighing(reach, tuple([p.id for p in active]), every)
    statuses, unsettled = statuses_of(weighing.given, answers)
    outcome, blocking = (settled, ()) if settled else lifted(weighing.lifters, prohibitions, statuses)
    return Assessment(edition, parts, reached, engaged, prohibitions, statuses, outcome, blocking, unsettled)


def not_ruled_out(prohibitions) -> list:
    """The prohibitions the answers have not ruled out."""
    return [p for p, holds in prohibitions if holds is not False]


def statuses_of(given: tuple, answers: dict) -> tuple:
    """(authorization id -> Status, for those ``given`` (``Edition.weighing``); and, for the weighed ones whose
    status is UNKNOWN, (part, its reach, the questions that could settle it))."""
    statuses, unsettled, unknown = {}, [], Status.UNKNOWN
    for aid, probe, part, reached, weighed in given:
        status, questions = probe(answers)
        status = statuses[aid] = UNREACHED.get(status, status) if reached is None else status
        if status is unknown and weighed:
            unsettled.append((part, reached, questions))
    return statuses, tuple(unsettled)


def lifted(lifters: dict, prohibitions: tuple, statuses: dict) -> tuple[Outcome, tuple]:
    """Once engaged: (the outcome, the prohibitions that block), from the statuses of what can lift each
    prohibition still open (``lifters``: its id -> the ids of those in play)."""
    lifting = {pid: {statuses[aid] for aid in aids} for pid, aids in lifters.items()}
    blocking = blocking_of(prohibitions, lifting)
    return lifting_outcome(lifting, blocking), blocking


def blocking_of(prohibitions, lifters: dict) -> tuple:
    """The prohibitions that hold and that no authorization still open can lift."""
    return tuple(p for p, holds in prohibitions if holds is True and lifters[p.id].isdisjoint(OPEN_STATUSES))


def engagement_outcome(engaged, active: list) -> Outcome | None:
    """The outcome when the country's law is not engaged or not yet known to be; None once it is engaged."""
    if engaged is False or not active:
        return Outcome.NOT_ENGAGED
    return Outcome.INCOMPLETE if engaged is None else None


def lifting_outcome(lifters: dict, blocking: tuple) -> Outcome:
    """Once engaged: whether every prohibition in play is lifted by an authorization that applies (or may)."""
    if blocking:
        return Outcome.LICENCE_REQUIRED
    applies, carrying = Status.APPLIES, CARRIES[Outcome.NEEDS_REVIEW]
    if all(applies in statuses for statuses in lifters.values()):
        return Outcome.AUTHORIZED
    if all(not statuses.isdisjoint(carrying) for statuses in lifters.values()):
        return Outcome.NEEDS_REVIEW
    return Outcome.INCOMPLETE


def questions_to_settle(assessment: Assessment, answers: dict) -> list[frozenset]:
    """For each undecided result, the questions that could settle it; none unless an answer could change the outcome.

    Only results the outcome reads count: an authorization that lifts none of the prohibitions in play cannot
    change it, so the questions that would settle it alone are not asked.
    """
    if not assessment.outcome.is_open:
        return []
    groups = [assessment.edition.jurisdiction.engaged_if.probe(answers)[1]]
    groups += [p.when.probe(answers)[1] for p, holds in assessment.prohibitions if holds is None]
    for part, reach, own in assessment.unsettled:
        groups.append(own | part.gate.probe(answers)[1] if reach is None else own)
    return groups


def decide(catalogue: Catalogue, answers: dict, as_of: date) -> Decision:
    """Outcomes, statuses and the open questions: what the interview needs, without explanations."""
    kept, view, _ = counted_answers(catalogue, answers)
    assessments = {code: assess(edition, view, every=False) for code, edition in catalogue.in_force(as_of).items()}
    groups = [questions_to_settle(a, view) for a in assessments.values()]
    return Decision(
        answers=kept,
        outcomes={code: a.outcome for code, a in assessments.items()},
        statuses=dict(chain.from_iterable(a.statuses.items() for a in assessments.values())),
        open_questions=tuple(q for q, _ in ranked_questions(catalogue, view, chain.from_iterable(groups))),
    )


def ranked_questions(catalogue: Catalogue, answers: dict, groups) -> list[tuple[str, int]]:
    """(question id, how many results it could settle), most useful first, among the questions still asked.

    ``groups`` holds, for each undecided result, the questions that could settle it (``questions_to_settle``).
    """
    total = Counter(chain.from_iterable(groups))
    ranked = sorted(total, key=catalogue.question_order.__getitem__)
    ranked.sort(key=total.__getitem__, reverse=True)  # stable: equally useful questions stay in catalogue order
    return [(qid, total[qid]) for qid in ranked if catalogue.question(qid).asked(answers)]


# -- step 5: explaining --------------------------------------------------------------
def evaluate(catalogue: Catalogue, answers: dict, as_of: date) -> Determination:
    """The full, explained result: what the review page, a saved record, the API and the CLI show."""
    kept, view, dropped = counted_answers(catalogue, answers)  # rules read the view; the record keeps the lists
    assessments = {code: assess(edition, view) for code, edition in catalogue.in_force(as_of).items()}
    groups = {code: questions_to_settle(a, view) for code, a in assessments.items()}
    counts = {code: NOTHING.union(*found) for code, found in groups.items()}  # the questions open in each country
    ranked = ranked_questions(catalogue, view, chain.from_iterable(groups.values()))
    jurisdictions = {
        code: explain_jurisdiction(a, view, as_of, [q for q, _ in ranked if q in counts[code]], catalogue)
        for code, a in assessments.items()
    }
    return Determination(
        as_of=as_of,
        catalogue_digest=catalogue.digest,
        answers=kept,
        dropped_answers=dropped,
        jurisdictions=jurisdictions,
        divergences=divergences(catalogue, jurisdictions, view),
        open_questions=tuple(open_question(catalogue, view, qid, n, counts) for qid, n in ranked),
        answered=tuple(answered(catalogue, kept)),
    )


def explain_jurisdiction(a: Assessment, answers: dict, as_of: date, open_ids: list, catalogue) -> JurisdictionResult:
    j = a.edition.jurisdiction
    results = tuple(explain_authorization(s, a.statuses[s.authorization.id], answers, as_of) for s in a.standings)
    relied = tuple(r for r in results if r.status in CARRIES.get(a.outcome, ()))
    routes = licence_routes(a, answers)
    headline, answer = headline_of(a, relied)
    return JurisdictionResult(
        code=j.code,
        name=j.name,
        authority=j.authority,
        outcome=a.outcome,
        headline=headline,
        answer=answer,
        reasons=tuple(jurisdiction_reasons(a, answers)),
        authorizations=results,
        relied_on=tuple(r.id for r in relied),
        next_steps=next_steps(a, relied, routes, [catalogue.question(q) for q in open_ids], answers),
        licence_routes=routes,
        open_questions=tuple(open_ids),
        regimes=tuple((r.id, r.title) for r in a.regimes),
    )


def explain_authorization(standing: Standing, status: Status, answers: dict, as_of: date) -> AuthorizationResult:
    auth, version = standing.authorization, standing.version
    if version is None:
        first = auth.versions[0]
        why = Reason(f"{first.id} took effect on {day(first.effective_from)}, after {day(as_of)}", False)
        return authorization_result(standing, first, status, (why,), warnings=first.freshness_warnings(as_of))
    duties = obligations_of(version.obligations, answers) if status.is_open else ()
    checks = review_checks(standing, answers, as_of) if status is Status.NEEDS_REVIEW else ()
    reasons = authorization_reasons(standing, status, answers)
    return authorization_result(standing, version, status, reasons, duties, checks, standing.warnings)


def authorization_result(standing, version, status, reasons, duties=(), checks=(), warnings=()) -> AuthorizationResult:
    auth = standing.authorization
    return AuthorizationResult(
        id=auth.id,
        title=auth.title,
        kind=auth.kind,
        authority=auth.authority,
        topics=auth.topics,
        version=version.id,
        version_title=version.title,
        legal_basis=version.legal_basis,
        source_url=version.source_url,
        confidence=version.confidence,
        verified_on=version.verified_on,
        effective_from=version.effective_from,
        expires=version.expires,
        status=status,
        reasons=tuple(reasons),
        summary=auth.summary,
        addressed_to=Actor(auth.addressed_to),
        lifts=auth.lifts,
        allows=version.allows,
        conditions=version.conditions,
        obligations=duties,
        review_points=checks,
        warnings=tuple(warnings),
    )


def authorization_reasons(standing: Standing, status: Status, answers: dict) -> list[Reason]:
    """Why the version has this status: the clauses that decided it, in the rule author's words."""
    return REASONS_FOR.get(status, holding_reasons)(standing, answers)


def holding_reasons(standing: Standing, answers: dict) -> list[Reason]:
    return standing.version.applies_if.evaluate(answers).reasons()


def failing_reasons(standing: Standing, answers: dict) -> list[Reason]:
    return [r for r in standing.version.applies_if.evaluate(answers).reasons() if r.holds is False]


def excluding_reasons(standing: Standing, answers: dict) -> list[Reason]:
    hit = [e for e in standing.version.excluded_if if e.when.test(answers)]
    return [Reason(e.reason, True, citation=e.citation) for e in hit]


def unsettled_reasons(standing: Standing, answers: dict) -> list[Reason]:
    traces = [c.evaluate(answers) for c in (standing.gate, *standing.deciding) if c is not None]
    return [r for t in traces if t.result is None for r in t.reasons() if r.holds is None]


REASONS_FOR = {
    Status.EXCLUDED: excluding_reasons,
    Status.DOES_NOT_APPLY: failing_reasons,
    Status.UNKNOWN: unsettled_reasons,
}


def obligations_of(obligations, answers: dict) -> tuple[Duty, ...]:
    """Obligations whose condition holds (``certain``), or may hold (its answer is not known yet)."""
    duties = []
    for o in obligations:
        holds = o.when.test(answers) if o.when else True
        if holds is not False:
            duties.append(Duty(o.id, o.text, o.deadline, o.to_whom, Actor(o.by), o.citation, holds is True))
    return tuple(duties)


def review_checks(standing: Standing, answers: dict, as_of: date) -> tuple[Check, ...]:
    """What to check before relying on a version that needs review: its raised points, its sources, its lapse."""
    version = standing.version
    checks = [Check(p.point, p.check) for p in version.review_points if p.when is None or p.when.test(answers)]
    if version.confidence != Confidence.CONFIRMED:
        checks.append(Check(UNREAD_POINT[version.confidence].format(version=version.id), version.source_url))
    if standing.lapsed:
        checks.append(Check(standing.authorization.lapse_note(version, as_of), version.source_url))
    return tuple(checks)


def jurisdiction_reasons(a: Assessment, answers: dict) -> list[Reason]:
    """Why the country's outcome is what it is: engagement, or the prohibitions that decided it."""
    j = a.edition.jurisdiction
    if a.outcome is Outcome.NOT_ENGAGED and a.engaged is not False:
        return nothing_prohibited(a)
    if a.engaged is not True:
        reasons = [r for r in j.engaged_if.evaluate(answers).reasons() if r.holds is a.engaged]
        return reasons + notes(a.engaged is False and j.not_engaged_reason)
    # Only what decided a "licence required": points still open there cannot change it, so were not asked.
    shown = a.blocking or a.active
    return [Reason(p.reason, holds, citation=p.citation) for p, holds in a.prohibitions if p in shown]


def nothing_prohibited(a: Assessment) -> list[Reason]:
    """The country's law could reach the activity, but none of its prohibitions does, and what the check leaves out."""
    j = a.edition.jurisdiction
    reasons = [Reason(f"nothing {j.name} sanctions prohibit is involved: none of these applies", True)]
    reasons += [Reason(p.reason, False, citation=p.citation) for p, _ in a.prohibitions]
    return reasons + notes(j.scope_note) + [n for r in a.regimes for n in notes(r.scope_note)]


def notes(text) -> list[Reason]:
    """A statement of law that stands alone (not tied to an answer), if there is one."""
    return [Reason(text, True)] if text else []


def licence_routes(a: Assessment, answers: dict) -> tuple[Route, ...]:
    """The specific-licence routes for the prohibitions that block the activity (none unless one does)."""
    if not a.blocking:
        return ()
    blocking = {p.id for p in a.blocking}
    return tuple(
        Route(r.id, r.title, r.text, r.url)
        for r in a.routes
        if (not r.lifts or blocking & set(r.lifts)) and (r.when is None or r.when.test(answers) is not False)
    )


def headline_of(a: Assessment, relied: tuple) -> tuple[str, str]:
    """One plain sentence for the outcome, and the short phrase a page title uses, naming the versions relied on."""
    j = a.edition.jurisdiction
    carrying = Status.NEEDS_REVIEW if a.outcome is Outcome.NEEDS_REVIEW else Status.APPLIES
    names = joined([r.version for r in relied if r.status is carrying])
    for_bank = joined([r.version for r in relied if r.addressed_to is Actor.YOUR_BANK])
    if a.outcome is Outcome.AUTHORIZED and for_bank == joined([r.version for r in relied]):
        return bank_headline(j, names)
    bank_note = f" Your bank is the one that acts under {for_bank}." if for_bank else ""
    return headlines(j, names, licensors(a), bank_note)[a.outcome]


def bank_headline(j, names: str) -> tuple[str, str]:
    """A licence addressed to banks: it says what the organization's bank may do, never "you are authorized"."""
    return (
        f"In the {j.name}, your bank may go ahead under {names}, on the conditions below: the licence is "
        "addressed to banks, so it is your bank that relies on it.",
        f"your bank may go ahead under {names}",
    )


def licensors(a: Assessment) -> str:
    """Who grants the specific licences the blocking prohibitions need."""
    return joined(list(dict.fromkeys(p.licensed_by or a.edition.jurisdiction.authority for p in a.blocking)))


def headlines(j, names: str, licensor: str, bank_note: str) -> dict:
    return {
        Outcome.AUTHORIZED: (
            f"Authorized in the {j.name} by {names}, on the conditions below.{bank_note}",
            f"authorized by {names}",
        ),
        Outcome.NEEDS_REVIEW: (
            f"May be authorized in the {j.name} by {names}, but a point it depends on must be checked first "
            f"(see below).{bank_note}",
            f"may be authorized by {names}, once a point is checked",
        ),
        Outcome.INCOMPLETE: (
            f"We cannot decide for the {j.name} yet: some answers are missing or unknown.",
            "not decided yet: some answers are needed",
        ),
        Outcome.LICENCE_REQUIRED: (
            f"No general authorization of the {j.name} covers this: you need a specific licence from {licensor} "
            "before going ahead.",
            f"a specific licence from {licensor} is needed",
        ),
        Outcome.NOT_ENGAGED: (
            f"{j.name} sanctions do not prohibit this activity, so no {j.authority} authorization is needed.",
            f"no {j.code} licence needed",
        ),
    }


def next_steps(a: Assessment, relied: tuple, routes: tuple, open_questions: list, answers: dict) -> tuple:
    """The combined "What you need to do" list: checks first, then duties, then routes or questions; each once.

    A country whose sanctions are not engaged relies on nothing and blocks nothing, so its list is empty.
    """
    steps = check_steps(relied) + [duty_step(d, source) for d, source in duties_of(a, relied, answers)]
    steps += [NextStep(StepKind.ROUTE, f"{r.title}. {r.text}", url=r.url, id=r.id) for r in routes]
    if a.outcome is Outcome.INCOMPLETE:
        steps += [NextStep(StepKind.ANSWER, q.prompt, question=q.id, id=q.id) for q in open_questions]
    return merged(steps)


def check_steps(relied: tuple) -> list[NextStep]:
    """What to check before relying on each version: its review points, then its freshness warnings."""
    checks = [(c.point, c.check, r) for r in relied for c in r.review_points]
    checks += [(w, r.source_url, r) for r in relied for w in r.warnings]
    return [NextStep(StepKind.CHECK, text, url=url, sources=(r.version,)) for text, url, r in checks]


def duties_of(a: Assessment, relied: tuple, answers: dict) -> list[tuple[Duty, str]]:
    """(duty, where it comes from): each relied-on version's, then the country's own for what is done under them."""
    duties = [(d, r.version) for r in relied for d in r.obligations]
    if relied:
        j = a.edition.jurisdiction
        duties += [(d, j.authority) for d in obligations_of(j.obligations, answers)]
    return duties


def duty_step(duty: Duty, source: str) -> NextStep:
    return NextStep(
        StepKind.DUTY,
        duty.text,
        by=duty.by,
        deadline=duty.deadline,
        to_whom=duty.to_whom,
        url=duty.citation,
        certain=duty.certain,
        sources=(source,),
        id=duty.id,
    )


def merged(steps: list[NextStep]) -> tuple[NextStep, ...]:
    """Steps asked for by several licences appear once, naming every licence that asks for them."""
    found: dict = {}
    for step in steps:
        key = (step.kind, step.text, step.by)
        if key in found:
            first = found[key]
            sources = tuple(dict.fromkeys(first.sources + step.sources))
            found[key] = NextStep(**{**_fields(first), "sources": sources, "certain": first.certain or step.certain})
        else:
            found[key] = step
    return tuple(found.values())


def _fields(step: NextStep) -> dict:
    return {name: getattr(step, name) for name in NextStep.__dataclass_fields__}


def divergences(catalogue: Catalogue, jurisdictions: dict, answers: dict) -> tuple[Divergence, ...]:
    """Where the US and UK answers differ: the outcomes themselves, and each catalogue divergence that arises."""
    out = []
    us, uk = jurisdictions.get("US"), jurisdictions.get("UK")
    if us and uk and us.outcome != uk.outcome:
        out.append(Divergence("outcome", "Outcome", us.headline, uk.headline))
    for d in catalogue.divergences:
        if d.when is None or d.when.test(answers) is True:
            out.append(Divergence(d.id, d.topic, d.us, d.uk, d.citations))
    return tuple(out)


def answered(catalogue: Catalogue, answers: dict) -> list[dict]:
    """The answers in the catalogue's words as they stand today, so a saved record keeps them."""
    out = []
    for question in catalogue.questions:
        if question.id in answers:
            value = answers[question.id]
            labels = dict(question.labels())
            shown = [labels.get(v, v) for v in value] if isinstance(value, list) else labels.get(value, value)
            out.append({"id": question.id, "prompt": question.prompt, "value": value, "answer": shown})
    return out


def open_question(catalogue: Catalogue, answers: dict, qid: str, settles: int, counts: dict) -> OpenQuestion:
    question = catalogue.question(qid)
    return OpenQuestion(
        id=qid,
        prompt=question.prompt,
        section=question.section,
        settles=settles,
        answered_unknown=answers.get(qid) == UNKNOWN,
        jurisdictions=tuple(code for code, found in counts.items() if qid in found),
    )
