"""The catalogue's parts as immutable values, built once by the loader."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from .conditions import NOTHING, UNKNOWN, Condition, any_of, kept_in, raised_once_known, remembering
from .evidence import Evidence
from .vocabulary import Confidence, QuestionType, Status
from .words import day

JURISDICTIONS = ("US", "UK")
# The dates an answer or an as-of date may name. A few licences are older (Iran's General License E is of 2013);
# an activity dated 2014 or later is checked against whichever version is then in force.
EARLIEST_DAY, LATEST_DAY = date(2014, 1, 1), date(2100, 12, 31)
STALE_AFTER = timedelta(days=365)  # a version whose official text was last read longer ago than this is flagged
EXPIRY_WARNING = timedelta(days=60)  # a version expiring within this is flagged
DAY_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")  # written out: not 20240115, 2024-W01-1 or 2024-1-5


def parse_day(value) -> date:
    """A date written exactly YYYY-MM-DD within the range the catalogue speaks to; ValueError says what is wrong.

    Stricter than ``date.fromisoformat``, which also takes 20240115 and 2024-W01-1.
    """
    text = str(value)
    if not DAY_PATTERN.fullmatch(text):
        raise ValueError(f"expected a date (YYYY-MM-DD), got '{text}'")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"expected a real date (YYYY-MM-DD), got '{text}'") from None
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValueError(f"expected a date between {EARLIEST_DAY.year} and {LATEST_DAY.year}, got '{text}'")
    return day


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    help: str = ""
    exclusive: bool = False  # "None of these": cannot be ticked with another answer


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    section: str
    prompt: str
    help: str
    type: QuestionType
    options: tuple = ()
    allow_unknown: bool = False
    why: str = ""
    why_url: str = ""
    ask_if: Condition | None = None
    error: str = ""  # what to do when it is left unanswered, if not the message for its type

    def asked(self, answers: dict) -> bool:
        """Whether the question still arises for these answers (its ``ask_if`` is not false)."""
        return self.ask_if is None or self.ask_if.test(answers) is not False

    def values(self) -> set | None:
        """The answers a condition may test for, or None where any value goes."""
        if self.type is QuestionType.YES_NO:
            return {"yes", "no"}
        return {o.value for o in self.options} if self.type.has_options else None

    def labels(self) -> tuple:
        pairs = YES_NO if self.type is QuestionType.YES_NO else tuple((o.value, o.label) for o in self.options)
        return (*pairs, (UNKNOWN, "I don't know"))

    def exclusive_clash(self, value: list) -> Option | None:
        """The exclusive option ("None of these") ticked together with another answer, if any."""
        if len(value) < 2:
            return None
        return next((o for o in self.options if o.exclusive and o.value in value), None)

    def check_answer(self, value) -> str | None:
        """Why ``value`` is not an answer this question accepts, or None if it is."""
        if value == UNKNOWN:
            return None if self.allow_unknown else f"'{self.id}' does not accept \"I don't know\""
        return ANSWER_CHECKS[self.type](self, value)

    def _check_choices(self, value) -> str | None:
        if not isinstance(value, list) or not value:
            return f"'{self.id}' takes a list of one or more choices"
        allowed = self.values() | ({UNKNOWN} if self.allow_unknown else set())
        bad = [v for v in value if not isinstance(v, str) or v not in allowed]
        if bad:
            return f"'{self.id}' does not offer {', '.join(map(str, bad))}"
        if len(set(value)) != len(value):
            return f"'{self.id}' lists a choice more than once"
        clash = self.exclusive_clash(value)
        return f"'{self.id}': '{clash.value}' cannot be combined with other choices" if clash else None

    def _check_date(self, value) -> str | None:
        try:
            parse_day(value)
        except ValueError as error:
            return f"'{self.id}' {error}"
        return None

    def _check_text(self, value) -> str | None:
        return None if isinstance(value, str) else f"'{self.id}' takes text"

    def _check_one_of(self, value) -> str | None:
        offered = self.values()
        if not isinstance(value, str) or value not in offered:
            return f"'{self.id}' takes one of {', '.join(sorted(offered))}, got '{value}'"
        return None


YES_NO = (("yes", "Yes"), ("no", "No"))
ANSWER_CHECKS = {
    QuestionType.YES_NO: Question._check_one_of,
    QuestionType.CHOICE: Question._check_one_of,
    QuestionType.COUNTRY: Question._check_one_of,
    QuestionType.MULTI_CHOICE: Question._check_choices,
    QuestionType.DATE: Question._check_date,
    QuestionType.TEXT: Question._check_text,
}


@dataclass(frozen=True)
class Exclusion:
    id: str
    when: Condition
    reason: str
    citation: str = ""


@dataclass(frozen=True)
class ReviewPoint:
    id: str
    point: str
    check: str
    when: Condition | None = None


@dataclass(frozen=True)
class Obligation:
    id: str
    text: str
    deadline: str = ""
    to_whom: str = ""
    when: Condition | None = None
    citation: str = ""
    by: str = "you"  # who must do it: "you" (the organization) or "your_bank"
    evidence: tuple[Evidence, ...] = ()


def status_probe(applies, excluded, raises, reviewed: bool, deciding: tuple):
    """answers -> (a version's Status, as if its regime reaches the activity; the questions keeping it UNKNOWN).

    Composed once from its compiled tests: ``excluded`` and ``raises`` are None where the version has no
    exclusions or no conditional review points, and ``reviewed`` says relying on it needs a check whatever the
    answers. ``deciding`` are the conditions whose open questions could settle it.
    """

    def probe(answers: dict) -> tuple:
        found = applies(answers)
        if found is False:
            return Status.DOES_NOT_APPLY, NOTHING
        out = excluded(answers) if excluded else False
        if out:
            return Status.EXCLUDED, NOTHING
        raised = raises(answers) if raises else False
        if found is None or out is None or raised is None:
            return Status.UNKNOWN, NOTHING.union(*(c.probe(answers)[1] for c in deciding))
        return (Status.NEEDS_REVIEW if raised or reviewed else Status.APPLIES), NOTHING

    return probe


def version_probe(version: Version):
    """A version's ``status_probe``, remembered per combination of the answers its conditions read."""
    exclusions, points, deciding = version.exclusions, version.raising, version.deciding
    always_raised = len(points) < len(version.review_points)
    probe = status_probe(
        version.applies_if.test,
        any_of(tuple(c.test for c in exclusions)) if exclusions else None,
        raised_once_known(tuple(c.test for c in points), always_raised) if points else None,
        always_raised or version.confidence != Confidence.CONFIRMED,
        deciding,
    )
    return remembering(probe, tuple(sorted(set().union(*(c.questions() for c in deciding)))))[0]


@dataclass(frozen=True)
class Version:
    id: str
    title: str
    legal_basis: str
    issued: date
    effective_from: date
    expires: date | None
    source_url: str
    confidence: str
    verified_on: date | None  # the day the official text was last read; None if it never was
    applies_if: Condition
    excluded_if: tuple = ()
    review_points: tuple = ()
    obligations: tuple = ()
    allows: tuple = ()
    conditions: tuple = ()
    sources: tuple = ()  # ((label, url), ...)
    changes: str = ""
    evidence: tuple[Evidence, ...] = ()
    # answers -> (its Status before any lapse, the questions keeping it UNKNOWN): see ``version_probe``
    probe: object = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        if self.applies_if is not None and None not in self.exclusions:  # else the loader reports the rule's errors
            object.__setattr__(self, "probe", version_probe(self))

    @property
    def exclusions(self) -> tuple:
        return tuple(e.when for e in self.excluded_if)

    @property
    def raising(self) -> tuple:
        """The conditions of its review points that arise only for some answers."""
        return tuple(p.when for p in self.review_points if p.when is not None)

    @property
    def deciding(self) -> tuple:
        """The conditions its status reads: applies_if, its exclusions and its conditional review points."""
        return (self.applies_if, *self.exclusions, *self.raising)

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.expires is None or on < self.expires)

    def checked_long_ago(self, as_of: date) -> bool:
        """True when the official text was never read, or last read more than STALE_AFTER before ``as_of``."""
        return self.verified_on is None or as_of - self.verified_on > STALE_AFTER

    def expires_soon(self, as_of: date) -> bool:
        return self.expires is not None and as_of < self.expires <= as_of + EXPIRY_WARNING

    def freshness_warnings(self, as_of: date) -> list[str]:
        """Flags a person should see: a text not read at its source lately, or one about to expire."""
        warnings = []
        if self.verified_on is None:
            warnings.append(f"{self.id} has not been checked against its official text.")
        elif self.checked_long_ago(as_of):
            warnings.append(
                f"{self.id} was last checked against its official text on {day(self.verified_on)}, "
                f"more than a year before {day(as_of)}."
            )
        if self.expires_soon(as_of):
            days = (self.expires - as_of).days
            warnings.append(f"{self.id} expires on {day(self.expires)}, {days} days after {day(as_of)}.")
        return warnings


@dataclass(frozen=True)
class Gap:
    start: date
    end: date | None
    reason: str


@dataclass(frozen=True)
class Authorization:
    id: str
    jurisdiction: str
    authority: str
    regime: str
    kind: str
    title: str
    topics: tuple
    summary: str
    who_may_use: str
    versions: tuple  # ordered by effective_from
    notes: str = ""
    gaps: tuple = ()
    path: str = ""
    lifts: tuple = ()  # prohibition ids it lifts; empty means all of its jurisdiction's
    addressed_to: str = "you"  # who may act under it: the organization itself, or its bank

    def lapse_note(self, version: Version, as_of: date) -> str:
        """The one wording for a version that had lapsed by ``as_of``, saying whether a later one is recorded."""
        later = [v for v in self.versions if v.effective_from > as_of]
        if later:
            return (
                f"{version.id} expired on {day(version.expires)}; {later[0].id} takes effect on "
                f"{day(later[0].effective_from)}"
            )
        return f"{version.id} expired on {day(version.expires)} and no later version of {self.title} is recorded"

    def version_on(self, on: date) -> tuple[Version | None, bool]:
        """The version that answers for ``on``, and whether it has lapsed by then.

        A date before the first version has no answer (None, False). A date
        after the last version expired gets that last version, lapsed, so the
        engine can say "this lapsed; check for a successor" instead of guessing.
        """
        for version in self.versions:
            if version.in_force(on):
                return version, False
        earlier = [v for v in self.versions if v.effective_from <= on]
        return (earlier[-1], True) if earlier else (None, False)


@dataclass(frozen=True)
class Prohibition:
    id: str
    when: Condition
    reason: str
    citation: str = ""
    effective_from: date | None = None
    licensed_by: str = ""  # who licenses it, where not the jurisdiction's authority
    evidence: tuple[Evidence, ...] = ()

    def in_force(self, as_of: date) -> bool:
        return self.effective_from is None or as_of >= self.effective_from


@dataclass(frozen=True)
class LicenceRoute:
    id: str
    title: str
    text: str
    url: str
    when: Condition | None = None
    lifts: tuple = ()  # the prohibitions it can license; empty: any


@dataclass(frozen=True)
class Jurisdiction:
    code: str
    name: str
    authority: str
    engaged_if: Condition
    prohibitions: tuple
    licence_routes: tuple
    obligations: tuple = ()
    not_engaged_reason: str = ""
    scope_note: str = ""  # what the listed prohibitions leave out
    evidence: tuple[Evidence, ...] = ()  # what engaged_if rests on
    regimes: dict = field(default_factory=dict)  # regime id -> Regime

    @property
    def all_prohibitions(self) -> tuple:
        return self.prohibitions + tuple(p for r in self.regimes.values() for p in r.prohibitions)

    @property
    def all_routes(self) -> tuple:
        return self.licence_routes + tuple(route for r in self.regimes.values() for route in r.licence_routes)


@dataclass(frozen=True)
class Regime:
    """One sanctions regime of a jurisdiction: when it can reach an activity, and what it prohibits."""

    id: str
    jurisdiction: str
    title: str
    engaged_if: Condition | None  # None: always considered
    prohibitions: tuple = ()
    licence_routes: tuple = ()
    evidence: tuple[Evidence, ...] = ()
    path: str = ""
    scope_note: str = ""  # what its listed prohibitions leave out


@dataclass(frozen=True)
class Divergence:
    id: str
    topic: str
    us: str
    uk: str
    when: Condition | None = None
    citations: tuple = ()


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    description: str
    source: str
    as_of: date
    answers: dict
    expect: dict  # {"US": {"outcome": ..., "applies": [...], ...}, "UK": {...}, "divergences": [...], ...}

    @property
    def by_country(self) -> dict:
        """What the scenario expects of each country's result."""
        return {code: self.expect[code] for code in JURISDICTIONS}


def _reviewed(probe):
    """A lapsed version's probe: relying on it needs a check whatever the answers (it needs review, not applies)."""

    applies, needs_review = Status.APPLIES, Status.NEEDS_REVIEW

    def lapsed(answers: dict) -> tuple:
        found = probe(answers)
        return (needs_review, found[1]) if found[0] is applies else found

    return lapsed


def _before_first(answers: dict) -> tuple:
    """An authorization on a day before its first version: it cannot apply, and no answer changes that."""
    return Status.DOES_NOT_APPLY, NOTHING


@dataclass(frozen=True)
class Standing:
    """One authorization on a date: the version that answers for it (None before the first), and whether it lapsed."""

    authorization: Authorization
    version: Version | None
    lapsed: bool
    warnings: tuple = ()
    gate: Condition | None = None  # its regime's engaged_if: while unknown, the authorization cannot be settled
    # answers -> (its Status, as if its regime reaches the activity; the questions keeping it UNKNOWN)
    probe: object = _before_first

    @classmethod
    def of(cls, auth: Authorization, as_of: date, gate: Condition | None = None) -> Standing:
        version, lapsed = auth.version_on(as_of)
        if version is None:
            return cls(auth, None, lapsed, gate=gate)
        probe = _reviewed(version.probe) if lapsed else version.probe
        return cls(auth, version, lapsed, tuple(version.freshness_warnings(as_of)), gate, probe)

    @property
    def deciding(self) -> tuple:
        """The conditions of its own its status reads (none before its first version)."""
        return self.version.deciding if self.version else ()

    def lifts(self, prohibition_id: str) -> bool:
        return not self.authorization.lifts or prohibition_id in self.authorization.lifts


def _always(answers: dict) -> bool:
    return True


@dataclass(frozen=True)
class Part:
    """What one regime (or, with none, the jurisdiction as a whole) brings to a date's rules."""

    regime: Regime | None
    standings: tuple
    prohibitions: tuple  # in force on the date
    licence_routes: tuple
    by_id: tuple = field(default=(), compare=False, repr=False)  # (authorization id, standing) for each standing

    def __post_init__(self):
        object.__setattr__(self, "by_id", tuple((s.authorization.id, s) for s in self.standings))

    @property
    def gate(self) -> Condition | None:
        return self.regime.engaged_if if self.regime else None


def reach_of(regimes: tuple):
    """answers -> for the jurisdiction's own part and each regime in turn, whether it reaches the activity: True,
    False, or None while unknown. Remembered per combination of the answers the regimes' gates read, for every date.
    """
    gates = tuple(r.engaged_if.test if r.engaged_if else _always for r in regimes)
    read = tuple(sorted(set().union(*(r.engaged_if.questions() for r in regimes if r.engaged_if))))
    return remembering(lambda answers: (True, *(gate(answers) for gate in gates)), read)[0]


class Weighing(NamedTuple):
    """Whose status an outcome reads, once the parts in play and the prohibitions still open are known."""

    given: tuple  # (id, its status probe, part, its reach, whether weighed) for each authorization given a status
    lifters: dict  # id of each prohibition still open -> ids of the authorizations in play that can lift it


@dataclass(frozen=True)
class Edition:
    """A jurisdiction's rules as they stand on one date: its own part, then one part per regime."""

    jurisdiction: Jurisdiction
    parts: tuple
    lifters: dict = field(default_factory=dict)  # prohibition id -> ids of the authorizations that can lift it
    reach: object = None  # answers -> whether each part reaches the activity: see ``reach_of``
    _in_play: dict = field(default_factory=dict, repr=False, compare=False)  # reach -> ``in_play``'s answer
    _weighings: dict = field(default_factory=dict, repr=False, compare=False)  # ``weighing``'s answers

    @classmethod
    def of(cls, jurisdiction: Jurisdiction, parts: tuple, reach) -> Edition:
        standings = [s for part in parts for s in part.standings]
        lifters = {
            p.id: frozenset(s.authorization.id for s in standings if s.lifts(p.id))
            for part in parts
            for p in part.prohibitions
        }
        return cls(jurisdiction, parts, lifters, reach)

    def in_play(self, reach: tuple) -> tuple[tuple, tuple, tuple]:
        """(the parts whose ``reach`` is not False, that reach, and (prohibition, its test) for each of their
        prohibitions): the same for every answer with that reach, so kept per reach."""
        return kept_in(self._in_play, reach, self._play, reach)

    def _play(self, reach: tuple) -> tuple[tuple, tuple, tuple]:
        kept = [(part, reached) for part, reached in zip(self.parts, reach, strict=True) if reached is not False]
        tests = tuple((p, p.when.test) for part, _ in kept for p in part.prohibitions)
        return tuple(part for part, _ in kept), tuple(reached for _, reached in kept), tests

    def weighing(self, reach: tuple, open_ids: tuple, every: bool) -> Weighing:
        """For the parts a ``reach`` leaves in play and the prohibitions still open (``open_ids``): the
        authorizations given a status (those weighed, or ``every`` one in play) and what can lift each prohibition.
        The same for every answer with that reach and those prohibitions open, so kept per combination."""
        return kept_in(self._weighings, (reach, open_ids, every), self._weigh, reach, open_ids, every)

    def _weigh(self, reach: tuple, open_ids: tuple, every: bool) -> Weighing:
        weighed = frozenset().union(*[self.lifters[pid] for pid in open_ids])
        parts, reached, _ = self.in_play(reach)
        given = tuple(
            (aid, standing.probe, part, part_reach, aid in weighed)
            for part, part_reach in zip(parts, reached, strict=True)
            for aid, standing in part.by_id
            if every or aid in weighed
        )
        in_play = {aid for aid, *_ in given}
        lifters = {pid: tuple(aid for aid in self.lifters[pid] if aid in in_play) for pid in open_ids}
        return Weighing(given, lifters)


@dataclass(frozen=True)
class Catalogue:
    sections: tuple
    questions: tuple
    authorizations: tuple
    jurisdictions: dict  # code -> Jurisdiction
    divergences: tuple
    scenarios: tuple
    digest: str
    root: str = ""
    _questions: dict = field(default_factory=dict, repr=False, compare=False)  # id -> Question
    _authorizations: dict = field(default_factory=dict, repr=False, compare=False)  # id -> Authorization
    question_order: dict = field(default_factory=dict, repr=False, compare=False)  # question id -> position
    asking: tuple = field(default=(), repr=False, compare=False)  # (question id, its ask_if test or None), in order
    unanswered: dict = field(default_factory=dict, repr=False, compare=False)  # every question id -> None
    _in_regime: dict = field(default_factory=dict, repr=False, compare=False)  # (country, regime) -> authorizations
    _reach: dict = field(default_factory=dict, repr=False, compare=False)  # code -> its regimes' reach: ``reach_of``
    in_force: object = field(default=None, repr=False, compare=False)

    def __post_init__(self):
        self.question_order.update({q.id: i for i, q in enumerate(self.questions)})
        object.__setattr__(self, "asking", tuple((q.id, q.ask_if.test if q.ask_if else None) for q in self.questions))
        self.unanswered.update(dict.fromkeys(q.id for q in self.questions))
        for auth in self.authorizations:
            self._in_regime.setdefault((auth.jurisdiction, auth.regime), []).append(auth)
        self._questions.update({q.id: q for q in self.questions})
        self._authorizations.update({a.id: a for a in self.authorizations})
        self._reach.update({code: reach_of(tuple(j.regimes.values())) for code, j in self.jurisdictions.items()})
        # What is in force on a date is the same for every request that asks about that date.
        object.__setattr__(self, "in_force", lru_cache(maxsize=256)(self._edition))

    def _edition(self, as_of: date) -> dict[str, Edition]:
        """Per jurisdiction: each authorization's version on ``as_of``, and the prohibitions then in force."""
        return {code: Edition.of(j, self._parts(j, as_of), self._reach[code]) for code, j in self.jurisdictions.items()}

    def _parts(self, j: Jurisdiction, as_of: date) -> tuple[Part, ...]:
        own = Part(None, (), tuple(p for p in j.prohibitions if p.in_force(as_of)), j.licence_routes)
        return (own,) + tuple(self._part(j, regime, as_of) for regime in j.regimes.values())

    def _part(self, j: Jurisdiction, regime: Regime, as_of: date) -> Part:
        standings = tuple(
            Standing.of(a, as_of, regime.engaged_if) for a in self._in_regime.get((j.code, regime.id), ())
        )
        return Part(
            regime,
            standings,
            tuple(p for p in regime.prohibitions if p.in_force(as_of)),
            regime.licence_routes,
        )

    def question(self, qid: str) -> Question | None:
        return self._questions.get(qid)

    def authorization(self, aid: str) -> Authorization | None:
        return self._authorizations.get(aid)
