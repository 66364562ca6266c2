"""The condition language: parse once, evaluate three-valued, explain with a trace.

A condition is ``all``/``any``/``not`` over conditions, or a test on one answer
(``answer: q`` with ``is``, ``in``, ``includes``, ``includes_any``,
``on_or_after`` or ``before``). Evaluation is Kleene logic: ``True``, ``False``
or ``None`` (unknown) when an answer it needs is missing or is "I don't know".
Every evaluation returns a ``Trace`` so a result can say *why*.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter

from .results import Reason

UNKNOWN = "unknown"  # the stored value of an "I don't know" answer
NOTHING = frozenset()  # no question keeps a decided condition open

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
    ``test`` and ``probe`` are closures compiled once, when the condition is built: no per-call
    dispatch on the kind of node or of test, no attribute lookups on the way down.
    """

    says: str | None = None
    test = None  # answers -> True | False | None, set by each kind of condition when it is built
    probe = None  # answers -> (test's result, the questions keeping it unknown), in one pass

    def evaluate(self, answers: dict) -> Trace:  # pragma: no cover - interface
        raise NotImplementedError

    def questions(self) -> set[str]:
        raise NotImplementedError


@dataclass(frozen=True)
class _Fold(Condition):
    """``all`` or ``any``: the Kleene fold of its items, decided at once by an item equal to ``ABSORBING``."""

    items: tuple
    says: str | None = None
    test: object = field(default=None, compare=False, repr=False)
    probe: object = field(default=None, compare=False, repr=False)
    ABSORBING = None  # False for 'all', True for 'any'
    PLAIN = ""  # the node's sentence when the author wrote none

    def __post_init__(self):
        object.__setattr__(self, "test", fold(tuple(item.test for item in self.items), self.ABSORBING))
        object.__setattr__(self, "probe", _fold_probe(tuple(item.probe for item in self.items), self.ABSORBING))

    def evaluate(self, answers):
        children = tuple(item.evaluate(answers) for item in self.items)
        result = kleene([c.result for c in children], self.ABSORBING)
        return Trace(result, self.says or self.PLAIN, children=children, labelled=bool(self.says))

    def questions(self):
        return set().union(*(item.questions() for item in self.items))


class All(_Fold):
    ABSORBING = False
    PLAIN = "all of these hold"


class Any(_Fold):
    ABSORBING = True
    PLAIN = "one of these holds"


@dataclass(frozen=True)
class Not(Condition):
    item: Condition
    says: str | None = None
    test: object = field(default=None, compare=False, repr=False)
    probe: object = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "test", _none_of(self.item.test))
        object.__setattr__(self, "probe", _negated_probe(self.item.probe))

    def evaluate(self, answers):
        child = self.item.evaluate(answers)
        result = None if child.result is None else not child.result
        if self.says:
            return Trace(result, self.says, children=(child,), labelled=True)
        # Without its own sentence, a 'not' reads as its child's sentence negated.
        return Trace(result, f"not: {child.says}", child.question, child.answer, (child,), labelled=not child.children)

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


def kleene(results, absorbing: bool):
    """The Kleene fold of decided results: ``absorbing`` if any is, else unknown if any is, else the other value."""
    if absorbing in results:
        return absorbing
    return None if None in results else not absorbing


def fold(tests: tuple, absorbing: bool):
    """The Kleene 'and' (``absorbing`` False) or 'or' (True) of compiled tests, itself a compiled test."""

    def test(answers):
        result = not absorbing
        for item in tests:
            found = item(answers)
            if found is absorbing:
                return absorbing
            if found is None:
                result = None
        return result

    return test


def any_of(tests: tuple):
    return fold(tests, True)


def raised_once_known(tests: tuple, always: bool = False):
    """Whether any of the tests holds (or ``always``), but unknown while any of them is unknown."""

    def test(answers):
        found = always
        for item in tests:
            result = item(answers)
            if result is None:
                return None
            found = found or result
        return found

    return test


def _fold_probe(probes: tuple, absorbing: bool):
    """``fold`` that also gathers the questions of the items still unknown, walking each item once."""

    def probe(answers):
        result, unsettled = not absorbing, []
        for item in probes:
            found, questions = item(answers)
            if found is absorbing:
                return absorbing, NOTHING
            if found is None:
                result = None
                unsettled.append(questions)
        return result, NOTHING.union(*unsettled) if unsettled else NOTHING

    return probe


def _negated_probe(item):
    def probe(answers):
        found, questions = item(answers)
        return (None, questions) if found is None else (not found, NOTHING)

    return probe


def _none_of(item):
    def test(answers):
        found = item(answers)
        return None if found is None else not found

    return test


def _answer(question: str, check):
    """A test on one answer: unknown while it is missing or "I don't know", else what ``check`` says of it."""

    def test(answers):
        given = answers.get(question)
        if given is None or given == UNKNOWN or given == [] or given == ():
            return None
        return check(given)

    return test


def _answer_probe(question: str, test):
    unsettled = frozenset({question})

    def probe(answers):
        found = test(answers)
        return found, unsettled if found is None else NOTHING

    return probe


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
    probe: object = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "test", _answer(self.question, COMPILED_TESTS[self.test_name](self.value)))
        object.__setattr__(self, "probe", _answer_probe(self.question, self.test))

    def evaluate(self, answers):
        given = answers.get(self.question)
        return Trace(self.test(answers), self.says, self.question, self._label(given))

    def questions(self):
        return {self.question}

    def _label(self, given):
        if isinstance(given, (list, tuple)):
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
    A rule's condition (not its parts) remembers what it found for each combination of the answers it reads.
    """
    condition = _node(data, path, questions, errors)
    return condition and remembered(condition, questions)


def _node(data, path, questions: dict, errors: ConditionErrors) -> Condition | None:
    """One condition or part of one, tabulated where it reads a single question of fixed options."""
    condition = _parsed(data, path, questions, errors)
    return condition and tabulated(condition, questions)


def _parsed(data, path, questions: dict, errors: ConditionErrors) -> Condition | None:
    form = _form(data, path, errors)
    if form is None:
        return None
    if form == "answer":
        return _parse_answer(data, path, questions, errors)
    if form == "not":
        item = _node(data["not"], (*path, "not"), questions, errors)
        return Not(item, data.get("says")) if item else None
    items = [_node(d, (*path, form, i), questions, errors) for i, d in enumerate(data[form])]
    return None if None in items else (All if form == "all" else Any)(tuple(items), data.get("says"))


def tabulated(condition: Condition, questions: dict) -> Condition:
    """A condition that reads one question of fixed options decides by looking its answer up in a table.

    The table is filled by the condition's own test, once per option (and for "I don't know" and no answer),
    so the lookup agrees with it by construction; an answer the table lacks falls back to that test.
    """
    read = condition.questions()
    question = questions.get(next(iter(read))) if len(read) == 1 else None
    if question is None or not question.type.takes_one_option:
        return condition
    qid, slow = question.id, condition.test
    table = {value: slow({qid: value}) for value in (*question.values(), UNKNOWN)}
    table[None] = slow({})

    def test(answers):
        try:
            return table[answers.get(qid)]
        except (KeyError, TypeError):  # a value no option has, or a list
            return slow(answers)

    object.__setattr__(condition, "test", test)
    object.__setattr__(condition, "probe", _answer_probe(qid, test))
    return condition


REMEMBERED = 256  # combinations of answers a rule keeps what it found for; past that, a new one is worked out afresh


def kept_in(table: dict, key, work, *args):
    """``table[key]``, worked out by ``work(*args)`` the first time it is asked for and kept while the table holds
    fewer than ``REMEMBERED`` entries."""
    found = table.get(key)
    if found is None:
        found = work(*args)
        if len(table) < REMEMBERED:
            table[key] = found
    return found


def hashable_answer(value):
    """An answer a rule can look up what it found for: a list of choices as a tuple."""
    return tuple(value) if value.__class__ is list else value


def remembering(probe, read: tuple) -> tuple:
    """``probe`` keeping what it found per combination of the answers to the questions ``read``: (probe, test).

    What a rule finds depends on those answers alone, so a kept finding is exact. A site meets few combinations;
    each table stops growing at ``REMEMBERED``, past which a new combination is worked out afresh. The engine's
    answers name every question (None where unanswered: ``Catalogue.unanswered``), so a combination is read in one
    step; other answers are read question by question, and those with lists (not as ``hashable_answer`` gives
    them) cannot be looked up at all.
    """
    table = {}
    read = read * 2 if len(read) == 1 else read  # itemgetter gives a tuple from two questions or more
    combination = itemgetter(*read) if read else (lambda answers: ())

    def lookup(answers):
        try:
            key = combination(answers)
        except KeyError:  # not every question named
            key = tuple(map(answers.get, read))
        try:
            return table[key]
        except KeyError:
            return kept_in(table, key, probe, answers)
        except TypeError:  # a list among the answers
            return probe(answers)

    def test(answers):
        try:
            return table[combination(answers)][0]
        except (KeyError, TypeError):
            return lookup(answers)[0]

    return lookup, test


def remembered(condition: Condition, questions: dict) -> Condition:
    """A rule's condition (not a part of one) that remembers its result and open questions per combination."""
    read = tuple(sorted(condition.questions()))
    if len(read) == 1 and questions[read[0]].type.takes_one_option:
        return condition  # already a lookup table
    probe, test = remembering(condition.probe, read)
    object.__setattr__(condition, "probe", probe)
    object.__setattr__(condition, "test", test)
    return condition


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
