"""Walk an interview page by page, the way the site asks it, answering from a scenario."""

from humanitarian.questionnaire.selectors import interview
from humanitarian.rules import UNKNOWN


def walked_answers(catalogue, scenario) -> dict:
    """The answers a person answering as ``scenario`` does gives, page after page, until no page is left.

    Each round answers every question the first unfinished page shows; a question the scenario does not answer gets
    "I don't know", which keeps its page from being shown again.
    """
    answers: dict = {}
    for _ in range(len(catalogue.questions) + 1):
        step = interview(catalogue, answers, scenario.as_of).first_unanswered_step()
        pending = [q.id for q in step.questions if q.id not in answers] if step else []
        if not pending:
            break
        answers.update({qid: scenario.answers.get(qid, UNKNOWN) for qid in pending})
    return interview(catalogue, answers, scenario.as_of).answers


def questions_asked(catalogue, scenario) -> list[str]:
    """The questions that walk asks (and whose answers still count at its end)."""
    return sorted(walked_answers(catalogue, scenario))
