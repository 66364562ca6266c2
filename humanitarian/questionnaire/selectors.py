"""Selectors: read drafts and work out, from the engine's decision, what to ask on which page. They change nothing.

Which questions are asked is the engine's call: a question is shown when its
``ask_if`` is not false and it is either answered already or one the engine
lists as still able to change an outcome. How they fall into pages is decided
here: a section's questions, in catalogue order, with a new page wherever a
question depends on one already on the page (so nothing appears or vanishes
under the person's eyes: a follow-up question comes on the page after the answer
that raises it), and a long list of options on a page of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.shortcuts import get_object_or_404

from humanitarian.answers import answer_rows
from humanitarian.rules import decide
from humanitarian.rules.model import Catalogue, Question, Section
from humanitarian.rules.results import Decision

from .models import Draft

DIGEST_SHOWN = 12  # characters of the catalogue digest people see
LONG_LIST = 8  # a question with more options than this has a page to itself


def draft_by_token(token: str) -> Draft:
    """The draft behind an unguessable link, or Http404 for any other string."""
    return get_object_or_404(Draft, token=token)


@dataclass(frozen=True)
class Step:
    number: int
    section: Section
    questions: tuple  # the Questions shown on this page
    key: str  # the page's name in its URL: the section id, then section-2, section-3 ...


@dataclass(frozen=True)
class Interview:
    """The pages to go through for the answers so far, and what the engine decided of them."""

    steps: tuple
    decision: Decision

    @property
    def answers(self) -> dict:
        """The answers that still count (the engine drops those whose question no longer arises)."""
        return self.decision.answers

    def step(self, key: str) -> Step | None:
        return next((s for s in self.steps if s.key == key), None)

    def step_after(self, step: Step) -> Step | None:
        return next((s for s in self.steps if s.number == step.number + 1), None)

    def step_before(self, step: Step) -> Step | None:
        return next((s for s in self.steps if s.number == step.number - 1), None)

    def step_of(self, question_id: str) -> Step | None:
        """The page that asks a question."""
        return next((s for s in self.steps if any(q.id == question_id for q in s.questions)), None)

    def first_unanswered_step(self) -> Step | None:
        """The first page with a question not yet answered."""
        return next((s for s in self.steps if any(q.id not in self.answers for q in s.questions)), None)


def stored_plan(catalogue: Catalogue, draft: Draft) -> Decision:
    """The decision the draft's last save kept, if it was made for these rules, this date and this version of the
    answers; otherwise the engine decides again (nothing is written here: the next save keeps it)."""
    kept = draft.plan or {}
    if kept.get("key") == plan_key(catalogue, draft):
        return Decision.from_dict(kept["decision"])
    return decide(catalogue, draft.answers, draft.as_of)


def plan_key(catalogue: Catalogue, draft: Draft) -> list:
    """What a kept decision was made from: the rules, the activity date and the version of the answers."""
    as_of = draft.as_of.isoformat() if isinstance(draft.as_of, date) else str(draft.as_of)
    return [catalogue.digest, as_of, draft.version]


def interview(catalogue: Catalogue, answers: dict, as_of: date) -> Interview:
    """Plan the interview for ``answers``."""
    return interview_for(catalogue, decide(catalogue, answers, as_of))


def interview_for(catalogue: Catalogue, decision: Decision) -> Interview:
    """The pages for a decision: the first page always (it also asks for the draft's details), then every page
    with a question to show."""
    shown = set(decision.answers) | set(decision.open_questions)
    steps = []
    for index, section in enumerate(catalogue.sections):
        questions = [q for q in catalogue.questions if q.section == section.id and q.id in shown]
        groups = pages(questions) or ([()] if index == 0 else [])
        for n, group in enumerate(groups):
            key = section.id if n == 0 else f"{section.id}-{n + 1}"
            steps.append(Step(len(steps) + 1, section, tuple(group), key))
    return Interview(tuple(steps), decision)


def pages(questions: list[Question]) -> list[list[Question]]:
    """A section's questions in pages: a new page where a question depends on one already on the page, and a long
    list of options on a page of its own."""
    groups: list[list[Question]] = []
    for question in questions:
        current = groups[-1] if groups else None
        if current is None or _starts_page(question, current):
            groups.append([question])
        else:
            current.append(question)
    return groups


def _starts_page(question: Question, current: list[Question]) -> bool:
    depends = question.ask_if is not None and bool(question.ask_if.questions() & {q.id for q in current})
    return depends or _long(question) or _long(current[-1])


def _long(question: Question) -> bool:
    return len(question.options) > LONG_LIST


def review_sections(catalogue: Catalogue, plan: Interview) -> list[dict]:
    """The effective answers in the catalogue's words, grouped by the page that asks them."""
    rows = {row["id"]: row for row in answer_rows({"answers": plan.answers}, catalogue)}
    return [{"step": step, "rows": [rows[q.id] for q in step.questions if q.id in rows]} for step in plan.steps]


def rules_edition(catalogue: Catalogue) -> dict:
    """Which rules the site applies: a short digest and, per country, when its official texts were last read."""
    countries = []
    for code, jurisdiction in catalogue.jurisdictions.items():
        versions = [v for a in catalogue.authorizations if a.jurisdiction == code for v in a.versions]
        read = [v.verified_on for v in versions if v.verified_on]
        countries.append(
            {
                "name": jurisdiction.name,
                "authority": jurisdiction.authority,
                "versions": len(versions),
                "read": len(read),
                "latest": max(read, default=None),
                "earliest": min(read, default=None),
            }
        )
    return {"digest": catalogue.digest[:DIGEST_SHOWN], "countries": countries}
