"""The words a result is made of, owned by the engine and imported by every presenter.

Each is a ``StrEnum``: it compares equal to, and serializes as, the plain string a
saved record stores, so records written before these types existed read the same.
Each member carries its label, the one wording people see for it.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """What the engine says of one authorization for the answers given."""

    APPLIES = "applies", "Applies"
    NEEDS_REVIEW = "needs_review", "Needs review"
    UNKNOWN = "unknown", "Not settled by your answers"
    EXCLUDED = "excluded", "Excluded"
    DOES_NOT_APPLY = "does_not_apply", "Does not apply"

    def __new__(cls, value, label):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @property
    def is_open(self) -> bool:
        """Whether an authorization with this status may yet lift a prohibition."""
        return self in OPEN_STATUSES


class Outcome(StrEnum):
    """A country's answer for the activity: exactly one per jurisdiction."""

    AUTHORIZED = "authorized", "Authorized"
    NEEDS_REVIEW = "needs_review", "Needs review"
    INCOMPLETE = "incomplete", "More information needed"
    LICENCE_REQUIRED = "licence_required", "Licence required"
    NOT_ENGAGED = "not_engaged", "Sanctions not engaged"

    def __new__(cls, value, label):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @property
    def is_open(self) -> bool:
        """Whether an answer could still change this outcome (so the interview asks more)."""
        return self in OPEN_OUTCOMES


# Sets, not tuples of members: each read of an enum member is a lookup on its class, and these are asked often.
OPEN_STATUSES = frozenset({Status.APPLIES, Status.NEEDS_REVIEW, Status.UNKNOWN})
OPEN_OUTCOMES = frozenset({Outcome.INCOMPLETE, Outcome.NEEDS_REVIEW})


class Confidence(StrEnum):
    """How well a version rests on its official text (see licenses/README.md)."""

    CONFIRMED = "confirmed", "Confirmed from the official text"
    SECONDARY = "secondary", "From commentary only: the official text was not read"
    UNCONFIRMED = "unconfirmed", "Not confirmed in any source we could read"

    def __new__(cls, value, label):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class Actor(StrEnum):
    """Who acts: under a licence, or to carry out a duty."""

    YOU = "you", "You"
    YOUR_BANK = "your_bank", "Your bank"

    def __new__(cls, value, label):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class StepKind(StrEnum):
    """The kinds of thing on a result's combined "What you need to do" list."""

    CHECK = "check", "Check first"
    DUTY = "duty", "Must"
    ROUTE = "route", "Apply"
    ANSWER = "answer", "Answer"

    def __new__(cls, value, label):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


def label(enum: type[StrEnum], value: str) -> str:
    """The label of a stored value, or the value itself for one a later catalogue no longer knows."""
    try:
        return enum(value).label
    except ValueError:
        return str(value).replace("_", " ").capitalize()


class QuestionType(StrEnum):
    """The kinds of question, each with the condition tests that suit it: declared here once."""

    YES_NO = "yes_no", frozenset({"is", "in"})
    CHOICE = "choice", frozenset({"is", "in"})
    COUNTRY = "country", frozenset({"is", "in"})
    MULTI_CHOICE = "multi_choice", frozenset({"includes", "includes_any"})
    DATE = "date", frozenset({"is", "on_or_after", "before"})
    TEXT = "text", frozenset()

    def __new__(cls, value, tests):
        member = str.__new__(cls, value)
        member._value_ = value
        member.tests = tests
        return member

    @property
    def takes_one_option(self) -> bool:
        """Whether an answer is exactly one of a fixed set of options."""
        return self in (QuestionType.YES_NO, QuestionType.CHOICE, QuestionType.COUNTRY)

    @property
    def has_options(self) -> bool:
        """Whether the question lists its own options (yes/no questions have theirs built in)."""
        return self in (QuestionType.CHOICE, QuestionType.COUNTRY, QuestionType.MULTI_CHOICE)
