"""The question catalogue as JSON, in the same words the web questionnaire shows."""

from humanitarian.library.outline import outline
from humanitarian.rules import UNKNOWN


def questions_document(catalogue) -> dict:
    return {
        "unknown_answer": UNKNOWN,
        "sections": [{"id": s.id, "title": s.title, "intro": s.intro} for s in catalogue.sections],
        "questions": [question_data(q) for q in catalogue.questions],
    }


def question_data(question) -> dict:
    return {
        "id": question.id,
        "section": question.section,
        "prompt": question.prompt,
        "help": question.help,
        "type": question.type,
        "options": [{"value": o.value, "label": o.label, "help": o.help} for o in question.options],
        "allow_unknown": question.allow_unknown,
        "why": question.why,
        "why_url": question.why_url,
        "ask_if": outline(question.ask_if) if question.ask_if is not None else None,
    }
