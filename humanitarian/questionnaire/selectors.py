"""Selectors: read drafts and work out, from the engine's output, what to ask. They change nothing.

Which questions are asked is the engine's call: a question is shown when its
``ask_if`` is not false and it is either answered already or one the engine
lists as still able to change an outcome (``open_questions``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.shortcuts import get_object_or_404

from humanitarian.answers import answer_rows
from humanitarian.rules import effective_answers, evaluate
from humanitarian.rules.model import Catalogue, Question, Section

from .models import Draft

DIGEST_SHOWN = 12  # characters of the catalogue digest people see


def draft_by_token(token: str) -> Draft:
    """The draft behind an unguessable link, or Http404 for any other string."""
    return get_object_or_404(Draft, token=token)


@dataclass(frozen=True)
class Step:
    number: int
    section: Section
    questions: tuple  # the Questions shown on this page


@dataclass(frozen=True)
class Interview:
    """The pages to go through for the answers so far, and what the engine makes of them."""

    steps: tuple
    result: dict  # evaluate(...).to_dict() for the stored answers
    section_order: tuple  # every section id, in catalogue order

    @property
    def answers(self) -> dict:
        """The answers that still count (the engine drops those whose question no longer arises)."""
        return self.result["answers"]

    def step(self, section_id: str) -> Step | None:
        return next((s for s in self.steps if s.section.id == section_id), None)

    def step_after(self, section_id: str) -> Step | None:
        index = self.section_order.index(section_id)
        return next((s for s in self.steps if self.section_order.index(s.section.id) > index), None)

    def step_before(self, section_id: str) -> Step | None:
        index = self.section_order.index(section_id)
        return next((s for s in reversed(self.steps) if self.section_order.index(s.section.id) < index), None)

    def first_unanswered_step(self, after: str | None = None) -> Step | None:
        """The first page (after section ``after``, if given) with a question not yet answered."""
        start = -1 if after is None else self.section_order.index(after)
        for step in self.steps:
            if self.section_order.index(step.section.id) > start and any(
                q.id not in self.answers for q in step.questions
            ):
                return step
        return None

    @property
    def incomplete(self) -> bool:
        return any(j["outcome"] == "incomplete" for j in self.result["jurisdictions"].values())


def interview(catalogue: Catalogue, answers: dict, as_of: date) -> Interview:
    """Plan the interview for ``answers``: the first section always (it also asks for the draft's
    details), then every section with a question to show."""
    result = evaluate(catalogue, answers, as_of).to_dict()
    shown = set(result["answers"]) | {q["id"] for q in result["open_questions"]}
    steps = []
    for index, section in enumerate(catalogue.sections):
        questions = tuple(q for q in catalogue.questions if q.section == section.id and q.id in shown)
        if questions or index == 0:
            steps.append(Step(len(steps) + 1, section, questions))
    return Interview(tuple(steps), result, tuple(s.id for s in catalogue.sections))


def asked_on_page(catalogue: Catalogue, questions: tuple, stored: dict, page_values: dict) -> list[Question]:
    """The page's questions that still arise once its own answers are taken into account.

    ``page_values`` replaces whatever was stored for the page's questions, so an
    answer changed on this page immediately decides which of its neighbours apply.
    """
    on_page = {q.id for q in questions}
    merged = {k: v for k, v in stored.items() if k not in on_page} | page_values
    kept, _ = effective_answers(catalogue, merged)
    return [q for q in questions if q.ask_if is None or q.ask_if.evaluate(kept).result is not False]


def review_sections(catalogue: Catalogue, plan: Interview) -> list[dict]:
    """The effective answers in the catalogue's words, grouped by the page that asks them."""
    rows = [row for row in answer_rows(plan.result, catalogue) if row["id"] in plan.answers]
    return [
        {"step": step, "rows": [r for r in rows if catalogue.question(r["id"]).section == step.section.id]}
        for step in plan.steps
    ]


def rules_edition(catalogue: Catalogue) -> dict:
    """Which rules the site applies: a short digest and the latest date a rule was checked at its source."""
    checked = [v.verified_on for a in catalogue.authorizations for v in a.versions if v.verified_on]
    return {"digest": catalogue.digest[:DIGEST_SHOWN], "verified_on": max(checked, default=None)}
