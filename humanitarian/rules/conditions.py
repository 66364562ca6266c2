"""The condition language: parse once, evaluate three-valued, explain with a trace.

A condition is ``all``/``any``/``not`` over conditions, or a test on one answer
(``answer: q`` with ``is``, ``in``, ``includes``, ``includes_any``,
``on_or_after`` or ``before``). Evaluation is Kleene logic: ``True``, ``False``
or ``None`` (unknown) when an answer it needs is missing or is "I don't know".
Every evaluation returns a ``Trace`` so a result can say *why*.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .results import Reason

UNKNOWN = "unknown"  # the stored value of an "I don't know" answer

COMBINATORS = ("all", "any", "not")
TESTS = ("is", "in", "includes", "includes_any", "on_or_after", "before")


@dataclass(slots=True)
class Trace:
    """One evaluated node: its result, its plain sentence, and its children."""

    result: bool | None
    says: str
    question: str | None = None
    answer: object = None
    children: tuple = ()
    labelled: bool = False  # the author wrote 'says' for this node

    def reasons(self) -> list[Reason]:
        """The leaves (or author-labelled nodes) that decided this result."""
        if self.labelled or not self.children:
            return [Reason(self.says, self.result, self.question, self.answer)]
        decisive = [c for c in self.children if c.result == self.result] or list(self.children)
        return [r for child in decisive for r in child.reasons()]


class Condition:
    """A rule's condition: ``test`` decides (fast, no explanation), ``evaluate`` explains (a Trace).

    Both read the same parsed form and agree by construction: ``evaluate(a).result == test(a)``.
    ``test`` is a closure compiled once, when the condition is built: no per-call dispatch on the
    kind of node or of test, no attribute lookups on the way down.
    """

    says: str | None = None
    test = None  # answers -> True | False | None, set by each kind of condition when it is built

    def evaluate(self, answers: dict) -> Trace:  # pragma: no cover - interface
        raise NotImplementedError

    def undecided(self, answers: dict) -> set[str]:
        """Question ids whose missing answer keeps this condition unknown (empty once it is decided)."""
        raise NotImplementedError

    def questions(self) -> set[str]:
        raise NotImplementedError


@dataclass(frozen=True)
class All(Condition):
    items: tuple
    says: str | None = None
    test: object = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "test", all_of(tuple(item.test for item in self.items)))

    def evaluate(self, answers):
        children = tuple(item.evaluate(answers) for item in self.items)
        results = [c.result for c in children]
        result = False if False in results else (None if None in results else True)
        return Trace(result, self.says or "all of these hold", children=children, labelled=bool(self.says))

    def undecided(self, answers):
        if self.test(answers) is not None:
            return set()
        return set().union(*(item.undecided(answers) for item in self.items))

    def questions(self):
        return set().union(*(item.questions() for item in self.items))


@dataclass(frozen=True)
class Any(Condition):
    items: tuple
    says: str | None = None
    test: object = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "test", _any_of(tuple(item.test for item in self.items)))

    def evaluate(self, answers):
        children = tuple(item.evaluate(answers) for item in self.items)
        results = [c.result for c in children]
        result = True if True in results else (None if None in results else False)
        return Trace(result, self.says or "one of these holds", children=children, labelled=bool(self.says))

    undecided = All.undecided
    questions = All.questions


@dataclass(frozen=True)
class Not(Condition):
    item: Condition
    says: str | None = None
    test: object = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "test", _none_of(self.item.test))

    def evaluate(self, answers):
        child = self.item.evaluate(answers)
        result = None if child.result is None else not child.result
        if self.says:
            return Trace(result, self.says, children=(child,), labelled=True)
        # Without its own sentence, a 'not' reads as its child's sentence negated.
        return Trace(result, f"not: {child.says}", child.question, child.answer, (child,), labelled=not child.children)

    def undecided(self, answers):
        return self.item.undecided(answers)

    def questions(self):
        return self.item.questions()


def _is(value):
    return lambda given: given == value


def _in(value):
    allowed = frozenset(value)
    return lambda given: given in allowed


def _includes(value):
    wanted = frozenset(value if isinstance(value, list) else [value])

    def check(given):
        if wanted.intersection(given):
            return True
        return None if UNKNOWN in given else False

    return check


def _on_or_after(value):
    return lambda given: str(given) >= value


def _before(value):
    return lambda given: str(given) < value


def all_of(tests: tuple):
    """The Kleene 'and' of compiled tests, itself a compiled test."""

    def test(answers):
        result = True
        for item in tests:
            found = item(answers)
            if found is False:
                return False
            if found is None:
                result = None
        return result

    return test


def _any_of(tests: tuple):
    def test(answers):
        result = False
        for item in tests:
            found = item(answers)
            if found is True:
                return True
            if found is None:
                result = None
        return result

    return test


def _none_of(item):
    def test(answers):
        found = item(answers)
        return None if found is None else not found

    return test


def _answer(question: str, check):
    """A test on one answer: unknown while it is missing or "I don't know", else what ``check`` says of it."""

    def test(answers):
        given = answers.get(question)
        if given is None or given == UNKNOWN or given == []:
            return None
        return check(given)

    return test


# Each test compiled once, when its condition is parsed: no per-call dispatch on the test's name.
COMPILED_TESTS = {
    "is": _is,
    "in": _in,
    "includes": _includes,
    "includes_any": _includes,
    "on_or_after": _on_or_after,
    "before": _before,
}


@dataclass(frozen=True)
class Answer(Condition):
    question: str
    test_name: str
    value: object
    says: str
    labels: dict = field(default_factory=dict, compare=False)  # answer value -> label, for the trace
    test: object = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "test", _answer(self.question, COMPILED_TESTS[self.test_name](self.value)))

    def evaluate(self, answers):
        given = answers.get(self.question)
        return Trace(self.test(answers), self.says, self.question, self._label(given))

    def undecided(self, answers):
        return {self.question} if self.test(answers) is None else set()

    def questions(self):
        return {self.question}

    def _label(self, given):
        if isinstance(given, list):
            return [self.labels.get(v, v) for v in given] or None
        return self.labels.get(given, given)


@dataclass
class ConditionErrors:
    """Problems found while parsing; each is (path, message)."""

    items: list = field(default_factory=list)

    def add(self, path, message):
        self.items.append((tuple(path), message))


def parse(data, path, questions: dict, errors: ConditionErrors) -> Condition | None:
    """Turn validated YAML data into a Condition; record problems in ``errors``.

    ``questions`` maps question id to its Question, so that a test on an answer
    can be checked (the question exists, the test suits its type, the values
    are ones the question offers) and can speak in the question's own words.
    """
    form = _form(data, path, errors)
    if form is None:
        return None
    if form == "answer":
        return _parse_answer(data, path, questions, errors)
    if form == "not":
        item = parse(data["not"], (*path, "not"), questions, errors)
        return Not(item, data.get("says")) if item else None
    items = [parse(d, (*path, form, i), questions, errors) for i, d in enumerate(data[form])]
    return None if None in items else (All if form == "all" else Any)(tuple(items), data.get("says"))


def _form(data, path, errors: ConditionErrors) -> str | None:
    """Which of all / any / not / answer the mapping is, or None (with the problem recorded)."""
    if not isinstance(data, dict):
        errors.add(path, "expected a condition (a mapping)")
        return None
    forms = [key for key in (*COMBINATORS, "answer") if key in data]
    if len(forms) != 1:
        errors.add(path, "a condition needs exactly one of all, any, not, answer; got " + (", ".join(forms) or "none"))
        return None
    stray = [k for k in data if k not in (forms[0], "says")] if forms[0] != "answer" else []
    if stray:
        errors.add(path, f"'{forms[0]}' cannot be combined with {', '.join(stray)}")
        return None
    return forms[0]


def _parse_answer(data, path, questions, errors):
    qid, test = data["answer"], _the_test(data)
    if test is None:
        errors.add(path, f"'answer: {qid}' needs exactly one test of {', '.join(TESTS)}")
        return None
    value = data[test]
    values = value if isinstance(value, list) else [value]
    question = questions.get(qid)
    problem = _test_problem(question, qid, test, values)
    if problem:
        errors.add((*path, problem[0]), problem[1])
        return None
    says = data.get("says") or _default_sentence(question, test, values)
    return Answer(qid, test, value, says, dict(question.labels()))


def _the_test(data: dict) -> str | None:
    """The one test an ``answer:`` condition makes, or None if it makes none, several, or has stray keys."""
    tests = [k for k in data if k in TESTS]
    stray = [k for k in data if k not in TESTS and k not in ("answer", "says")]
    return tests[0] if len(tests) == 1 and not stray else None


def _test_problem(question, qid: str, test: str, values: list) -> tuple[str, str] | None:
    """(field, message) when a test cannot be made of this question: it does not exist, or the test or a value
    does not suit it."""
    if question is None:
        return "answer", f"no question '{qid}' in licenses/questions.yaml"
    if test not in question.type.tests:
        allowed = ", ".join(sorted(question.type.tests)) or "none"
        return test, f"'{test}' does not suit a {question.type} question ('{qid}' takes: {allowed})"
    offered = question.values()
    wrong = [v for v in values if offered is not None and v not in offered]
    if wrong:
        return test, f"'{wrong[0]}' is not an answer question '{qid}' offers (it offers: {', '.join(sorted(offered))})"
    return None


def _default_sentence(question, test, values) -> str:
    names = dict(question.labels())
    shown = " or ".join(f"'{names.get(v, v)}'" for v in values)
    verb = {
        "is": "is",
        "in": "is",
        "includes": "includes",
        "includes_any": "includes",
        "on_or_after": "is on or after",
        "before": "is before",
    }[test]
    return f"'{question.prompt}' {verb} {shown}"
