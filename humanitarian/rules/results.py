"""What the engine decided, as small typed values, and their plain JSON form.

Every presenter (web page, PDF, JSON API, CLI) works from ``to_dict()``, the
same structure a saved determination stores, so a record reads the same forever.
``SCHEMA_VERSION`` changes whenever that structure does; ``upgrade`` brings an
older stored record to the current shape without deciding anything anew.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .vocabulary import Actor, Outcome, Status, StepKind

SCHEMA_VERSION = 2


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True, slots=True)
class Reason:
    """One point the result turns on, and whether it holds (True, False, or None: not known)."""

    text: str
    holds: bool | None
    question: str | None = None
    answer: object = None
    citation: str = ""

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "holds": self.holds,
            "question": self.question,
            "answer": self.answer,
            "citation": self.citation,
        }


@dataclass(frozen=True, slots=True)
class Duty:
    """An obligation that applies (``certain``) or may apply (its condition is not yet known)."""

    id: str
    text: str
    deadline: str
    to_whom: str
    by: Actor
    citation: str
    certain: bool

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "text": self.text,
            "deadline": self.deadline,
            "to_whom": self.to_whom,
            "by": str(self.by),
            "citation": self.citation,
            "certain": self.certain,
        }


@dataclass(frozen=True, slots=True)
class Check:
    """A point to check before relying on an authorization, and where to check it."""

    point: str
    check: str

    def to_dict(self) -> dict:
        return {"point": self.point, "check": self.check}


@dataclass(frozen=True, slots=True)
class Route:
    """A specific-licence route: what to apply for, and where."""

    id: str
    title: str
    text: str
    url: str

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "text": self.text, "url": self.url}


@dataclass(frozen=True, slots=True)
class NextStep:
    """One line of "What you need to do": a duty, a check, a route or a question, with who acts.

    ``sources`` names the versions (or the country's rules) it comes from, so one
    step that several licences ask for appears once.
    """

    kind: StepKind
    text: str
    by: Actor = Actor.YOU
    deadline: str = ""
    to_whom: str = ""
    url: str = ""
    certain: bool = True
    sources: tuple = ()
    question: str = ""  # for an ANSWER step: the question to answer
    id: str = ""  # the duty's, route's or question's id in the rule files

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "kind": str(self.kind),
            "text": self.text,
            "by": str(self.by),
            "deadline": self.deadline,
            "to_whom": self.to_whom,
            "url": self.url,
            "certain": self.certain,
            "sources": list(self.sources),
            "question": self.question,
        }


@dataclass(frozen=True, slots=True)
class AuthorizationResult:
    """One authorization as it stands for the answers: its version, status, why, and what it asks."""

    id: str
    title: str
    kind: str
    authority: str
    topics: tuple
    version: str
    version_title: str
    legal_basis: str
    source_url: str
    confidence: str
    verified_on: date | None
    effective_from: date
    expires: date | None
    status: Status
    reasons: tuple
    summary: str = ""
    addressed_to: Actor = Actor.YOU
    lifts: tuple = ()  # prohibition ids; empty means all
    allows: tuple = ()
    conditions: tuple = ()
    obligations: tuple = ()  # Duty
    review_points: tuple = ()  # Check
    warnings: tuple = ()

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "authority": self.authority,
            "topics": list(self.topics),
            "version": self.version,
            "version_title": self.version_title,
            "legal_basis": self.legal_basis,
            "source_url": self.source_url,
            "confidence": self.confidence,
            "verified_on": _day(self.verified_on),
            "effective_from": _day(self.effective_from),
            "expires": _day(self.expires),
            "status": str(self.status),
            "reasons": [r.to_dict() for r in self.reasons],
            "summary": self.summary,
            "addressed_to": str(self.addressed_to),
            "lifts": list(self.lifts),
            "allows": list(self.allows),
            "conditions": list(self.conditions),
            "obligations": [o.to_dict() for o in self.obligations],
            "review_points": [p.to_dict() for p in self.review_points],
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True, slots=True)
class JurisdictionResult:
    """One country's answer: the outcome, in a sentence and in a phrase, why, and what to do."""

    code: str
    name: str
    authority: str
    outcome: Outcome
    headline: str  # one sentence
    answer: str  # a short phrase for the page title: "authorized by GL 27 and GL 6D"
    reasons: tuple
    authorizations: tuple
    relied_on: tuple  # ids of the authorizations the outcome rests on
    next_steps: tuple  # NextStep, de-duplicated; none when the country is not engaged
    licence_routes: tuple  # Route
    open_questions: tuple = ()  # question ids that could change this country's outcome, most useful first
    regimes: tuple = ()  # (id, title) of each regime the activity was checked against

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "authority": self.authority,
            "outcome": str(self.outcome),
            "headline": self.headline,
            "answer": self.answer,
            "reasons": [r.to_dict() for r in self.reasons],
            "authorizations": [a.to_dict() for a in self.authorizations],
            "relied_on": list(self.relied_on),
            "next_steps": [s.to_dict() for s in self.next_steps],
            "licence_routes": [r.to_dict() for r in self.licence_routes],
            "open_questions": list(self.open_questions),
            "regimes": [{"id": rid, "title": title} for rid, title in self.regimes],
        }


@dataclass(frozen=True, slots=True)
class Divergence:
    id: str
    topic: str
    us: str
    uk: str
    citations: tuple = ()

    def to_dict(self) -> dict:
        return {"id": self.id, "topic": self.topic, "us": self.us, "uk": self.uk, "citations": list(self.citations)}


@dataclass(frozen=True, slots=True)
class OpenQuestion:
    id: str
    prompt: str
    section: str
    settles: int  # how many undecided results it could settle
    answered_unknown: bool
    jurisdictions: tuple = ()  # the countries whose outcome it could change

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "prompt": self.prompt,
            "section": self.section,
            "settles": self.settles,
            "answered_unknown": self.answered_unknown,
            "jurisdictions": list(self.jurisdictions),
        }


@dataclass(frozen=True, slots=True)
class Determination:
    as_of: date
    catalogue_digest: str
    answers: dict
    dropped_answers: dict
    jurisdictions: dict  # code -> JurisdictionResult
    divergences: tuple
    open_questions: tuple
    answered: tuple = ()  # ({id, prompt, value, answer (label)}, ...), in catalogue order

    def to_dict(self) -> dict:
        return {
            "schema_version": SCHEMA_VERSION,
            "as_of": _day(self.as_of),
            "catalogue_digest": self.catalogue_digest,
            "answers": dict(self.answers),
            "dropped_answers": dict(self.dropped_answers),
            "jurisdictions": {code: j.to_dict() for code, j in self.jurisdictions.items()},
            "divergences": [d.to_dict() for d in self.divergences],
            "open_questions": [q.to_dict() for q in self.open_questions],
            "answered": [dict(a) for a in self.answered],
        }


@dataclass(frozen=True, slots=True)
class Decision:
    """What the interview needs and nothing more: decided, never explained."""

    answers: dict  # the answers that still count
    outcomes: dict  # code -> Outcome
    statuses: dict = field(default_factory=dict)  # authorization id -> Status, for those the outcome reads
    open_questions: tuple = ()  # question ids, most useful first

    def to_dict(self) -> dict:
        """The compact plan a draft keeps between requests (statuses are left out: the interview does not read them)."""
        return {
            "answers": dict(self.answers),
            "outcomes": {code: str(o) for code, o in self.outcomes.items()},
            "open_questions": list(self.open_questions),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Decision:
        outcomes = {code: Outcome(o) for code, o in data["outcomes"].items()}
        return cls(data["answers"], outcomes, open_questions=tuple(data["open_questions"]))


def upgrade(result: dict) -> dict:
    """A stored result in the current shape: records saved before ``next_steps`` existed get them from
    what they stored (the duties, checks and routes of the authorizations their outcome rested on)."""
    if result.get("schema_version", 1) >= SCHEMA_VERSION:
        return result
    jurisdictions = {code: _upgrade_jurisdiction(j) for code, j in result["jurisdictions"].items()}
    return {**result, "schema_version": SCHEMA_VERSION, "jurisdictions": jurisdictions}


def _upgrade_jurisdiction(j: dict) -> dict:
    outcome = Outcome(j["outcome"])
    carrying = {Outcome.AUTHORIZED: {"applies"}, Outcome.NEEDS_REVIEW: {"applies", "needs_review"}}.get(outcome, set())
    relied = [a for a in j["authorizations"] if a["status"] in carrying]
    steps = _stored_steps(j, relied) if outcome != Outcome.NOT_ENGAGED else []
    old = {k: v for k, v in j.items() if k != "obligations"}
    return {
        **old,
        "answer": outcome.label,
        "relied_on": [a["id"] for a in relied],
        "next_steps": [step.to_dict() for step in steps],
        "open_questions": [],
        "regimes": [],
    }


def _stored_steps(j: dict, relied: list) -> list[NextStep]:
    """The checks, duties and routes an older record stored, in the order the engine now lists them."""
    steps = [
        NextStep(StepKind.CHECK, p["point"], url=p["check"], sources=(a["version"],))
        for a in relied
        for p in a["review_points"]
    ]
    duties = [(o, (a["version"],)) for a in relied for o in a["obligations"]] + [(o, ()) for o in j["obligations"]]
    steps += [
        NextStep(
            StepKind.DUTY,
            o["text"],
            deadline=o["deadline"],
            to_whom=o["to_whom"],
            url=o["citation"],
            certain=o.get("certain", True),
            sources=sources,
        )
        for o, sources in duties
    ]
    return steps + [NextStep(StepKind.ROUTE, r["title"], url=r["url"]) for r in j["licence_routes"]]
