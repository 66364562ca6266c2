"""Reading a determination request: every problem found at once, in words, before the engine runs."""

import json
from datetime import date

from django.utils import timezone

from humanitarian.rules import check_answers
from humanitarian.rules.model import parse_day

FIELDS = ("answers", "as_of")
MAX_DETAILS = 20  # problems listed in one error answer, so a request of junk cannot make a large one


class BadRequest(Exception):
    """The request cannot be evaluated; ``message`` says why, ``details`` lists each problem."""

    def __init__(self, message: str, details=()):
        super().__init__(message)
        self.message = message
        self.details = list(details)


def determination_request(body: bytes, catalogue) -> tuple[dict, date]:
    """The answers and as-of date of a ``{"answers": {...}, "as_of": "YYYY-MM-DD"}`` body (as_of defaults to today)."""
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadRequest("The request body is not UTF-8 text.") from None
    except json.JSONDecodeError as exc:
        raise BadRequest(
            "The request body is not valid JSON.", [f"line {exc.lineno}, column {exc.colno}: {exc.msg}"]
        ) from None
    except RecursionError:
        raise BadRequest("The request body nests too deeply to be a determination request.") from None
    if not isinstance(data, dict):
        raise BadRequest('The request body must be a JSON object: {"answers": {...}, "as_of": "YYYY-MM-DD"}.')
    problems = [f"unknown field '{key}' (expected: {', '.join(FIELDS)})" for key in data if key not in FIELDS]
    answers = data.get("answers")
    if not isinstance(answers, dict):
        problems.append("'answers' must be an object mapping question ids to answers")
        answers = {}
    as_of, as_of_problem = _as_of(data.get("as_of"))
    problems += [p for p in [as_of_problem] if p]
    shape_problems, well_formed = _shapes(catalogue, answers)
    problems += shape_problems + check_answers(catalogue, well_formed)
    if problems:
        raise BadRequest("The request is not valid.", _first(problems))
    return answers, as_of


def _first(problems: list[str]) -> list[str]:
    if len(problems) <= MAX_DETAILS:
        return problems
    return problems[:MAX_DETAILS] + [f"... and {len(problems) - MAX_DETAILS} more problems"]


def _as_of(value) -> tuple[date | None, str | None]:
    if value is None:
        return timezone.localdate(), None
    if not isinstance(value, str):
        return None, f"'as_of' must be a date written YYYY-MM-DD, got {json.dumps(value)}"
    try:
        return parse_day(value), None
    except ValueError as error:
        return None, f"'as_of': {error}"


def _shapes(catalogue, answers: dict) -> tuple[list[str], dict]:
    """Each answer must be a string, or for a multiple-choice question a list of distinct strings.

    Returns the problems and the answers that pass, so the catalogue's own
    check (which expects those shapes) can then judge their values.
    """
    problems, well_formed = [], {}
    for qid, value in answers.items():
        question = catalogue.question(qid)
        if question is not None and question.type == "multi_choice":
            problem = _choice_list_problem(qid, value)
        elif question is not None and not isinstance(value, str):
            problem = f"'{qid}' takes one answer as a string, got {json.dumps(value)}"
        else:
            problem = None
        if problem:
            problems.append(problem)
        else:
            well_formed[qid] = value
    return problems, well_formed


def _choice_list_problem(qid: str, value) -> str | None:
    """Why ``value`` is not a list of choices, or None. A choice given twice is refused: it would be echoed in
    every trace of the answer, so a small request could ask for a very large one."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return f"'{qid}' takes a list of choices (strings)"
    if len(set(value)) < len(value):
        return f"'{qid}' gives the same choice more than once"
    return None
