"""The condition language: parse once, evaluate three-valued, explain with a trace.

A condition is ``all``/``any``/``not`` over conditions, or a test on one answer
(``answer: q`` with ``is``, ``in``, ``includes``, ``includes_any``,
``on_or_after`` or ``before``). Evaluation is Kleene logic: ``True``, ``False``
or ``None`` (unknown) when an answer it needs is missing or is "I don't know".
Every evaluation returns a ``Trace`` so a result can say *why*.
"""

from __future__ import annotations

from dataclasses import dataclass, field

UNKNOWN = "unknown"  # the stored value of an "I don't know" answer

COMBINATORS = ("all", "any", "not")
TESTS = ("is", "in", "includes", "includes_any", "on_or_after", "before")
# Which tests make sense for which question type.
TESTS_FOR_TYPE = {
    "yes_no": {"is", "in"},
    "choice": {"is", "in"},
    "country": {"is", "in"},
    "multi_choice": {"includes", "includes_any"},
    "date": {"is", "on_or_after", "before"},
    "text": set(),
}


@dataclass(slots=True)
class Trace:
    """One evaluated node: its result, its plain sentence, and its children."""

    result: bool | None
    says: str
    question: str | None = None
    answer: object = None
    children: tuple = ()
    labelled: bool = False  # the author wrote 'says' for this node

    def reasons(self) -> list[dict]:
        """The leaves (or author-labelled nodes) that decided this result."""
        if self.labelled or not self.children:
            return [self.as_reason()]
        decisive = [c for c in self.children if c.result == self.result] or list(self.children)
        return [r for child in decisive for r in child.reasons()]

    def as_reason(self) -> dict:
        return {"text": self.says, "holds": self.result, "question": self.question, "answer": self.answer}

    def unknown_questions(self) -> set[str]:
        """Question ids whose missing answer keeps this node unknown."""
        if self.result is not None:
            return set()
        if not self.children:
            return {self.question} if self.question else set()
        return set().union(*(c.unknown_questions() for c in self.children))


class Condition:
    says: str | None = None

    def evaluate(self, answers: dict) -> Trace:  # pragma: no cover - interface
        raise NotImplementedError

    def questions(self) -> set[str]:
        raise NotImplementedError


@dataclass(frozen=True)
class All(Condition):
    items: tuple
    says: str | None = None

    def evaluate(self, answers):
        children = tuple(item.evaluate(answers) for item in self.items)
        results = [c.result for c in children]
        result = False if False in results else (None if None in results else True)
        return Trace(result, self.says or "all of these hold", children=children, labelled=bool(self.says))

    def questions(self):
        return set().union(*(item.questions() for item in self.items))


@dataclass(frozen=True)
class Any(Condition):
    items: tuple
    says: str | None = None

    def evaluate(self, answers):
        children = tuple(item.evaluate(answers) for item in self.items)
        results = [c.result for c in children]
        result = True if True in results else (None if None in results else False)
        return Trace(result, self.says or "one of these holds", children=children, labelled=bool(self.says))

    def questions(self):
        return set().union(*(item.questions() for item in self.items))


@dataclass(frozen=True)
class Not(Condition):
    item: Condition
    says: str | None = None

    def evaluate(self, answers):
        child = self.item.evaluate(answers)
        result = None if child.result is None else not child.result
        if self.says:
            return Trace(result, self.says, children=(child,), labelled=True)
        # Without its own sentence, a 'not' reads as its child's sentence negated.
        return Trace(result, f"not: {child.says}", child.question, child.answer, (child,), labelled=not child.children)

    def questions(self):
        return self.item.questions()


@dataclass(frozen=True)
class Answer(Condition):
    question: str
    test: str
    value: object
    says: str
    labels: dict = field(default_factory=dict, compare=False)  # answer value -> label, for the trace

    def evaluate(self, answers):
        given = answers.get(self.question)
        return Trace(self._result(given), self.says, self.question, self._label(given))

    def questions(self):
        return {self.question}

    def _result(self, given) -> bool | None:
        if given is None or given == UNKNOWN or given == []:
            return None
        if self.test == "is":
            return given == self.value
        if self.test == "in":
            return given in self.value
        if self.test in ("includes", "includes_any"):
            wanted = {self.value} if self.test == "includes" else set(self.value)
            chosen = set(given)
            if wanted & chosen:
                return True
            return None if UNKNOWN in chosen else False
        if self.test == "on_or_after":
            return str(given) >= self.value
        return str(given) < self.value  # before

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
    if not isinstance(data, dict):
        errors.add(path, "expected a condition (a mapping)")
        return None
    says = data.get("says")
    forms = [key for key in (*COMBINATORS, "answer") if key in data]
    if len(forms) != 1:
        errors.add(path, "a condition needs exactly one of all, any, not, answer; got " + (", ".join(forms) or "none"))
        return None
    form = forms[0]
    if form != "answer":
        stray = [k for k in data if k not in (form, "says")]
        if stray:
            errors.add(path, f"'{form}' cannot be combined with {', '.join(stray)}")
            return None
        if form == "not":
            item = parse(data["not"], (*path, "not"), questions, errors)
            return Not(item, says) if item else None
        items = [parse(d, (*path, form, i), questions, errors) for i, d in enumerate(data[form])]
        if None in items:
            return None
        return (All if form == "all" else Any)(tuple(items), says)
    return _parse_answer(data, path, questions, errors, says)


def _parse_answer(data, path, questions, errors, says):
    qid = data["answer"]
    tests = [k for k in data if k in TESTS]
    stray = [k for k in data if k not in TESTS and k not in ("answer", "says")]
    if stray or len(tests) != 1:
        errors.add(path, f"'answer: {qid}' needs exactly one test of {', '.join(TESTS)}")
        return None
    test, value = tests[0], data[tests[0]]
    question = questions.get(qid)
    if question is None:
        errors.add((*path, "answer"), f"no question '{qid}' in licenses/questions.yaml")
        return None
    if test not in TESTS_FOR_TYPE[question.type]:
        allowed = ", ".join(sorted(TESTS_FOR_TYPE[question.type])) or "none"
        errors.add((*path, test), f"'{test}' does not suit a {question.type} question ('{qid}' takes: {allowed})")
        return None
    offered = question.values()
    values = value if isinstance(value, list) else [value]
    if offered is not None:
        for v in values:
            if v not in offered:
                errors.add(
                    (*path, test),
                    f"'{v}' is not an answer question '{qid}' offers (it offers: {', '.join(sorted(offered))})",
                )
                return None
    if says is None:
        says = _default_sentence(question, test, values)
    return Answer(qid, test, value, says, dict(question.labels()))


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
