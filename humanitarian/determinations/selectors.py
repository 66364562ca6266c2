"""Selectors that read saved determinations (and compare them with today's rules, saving nothing)."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from humanitarian.catalogue import get_catalogue
from humanitarian.rules import check_answers, evaluate

from .changes import diff_results
from .models import Determination, StoredPdf


def determination_by_token(token: str) -> Determination:
    """The determination behind an unguessable link, or Http404 for any other string."""
    return get_object_or_404(Determination, token=token)


def stored_pdf(record: Determination, paper: str) -> bytes | None:
    """The record's PDF on ``paper`` if it was rendered before."""
    body = StoredPdf.objects.filter(determination=record, paper=paper).values_list("body", flat=True).first()
    return None if body is None else bytes(body)


@dataclass(frozen=True)
class RuleCheck:
    """How a saved determination compares with the current rules for the same answers and date."""

    changes: list
    answer_problems: list
    digest_changed: bool
    current_digest: str


def check_against_current_rules(record: Determination) -> RuleCheck:
    """Re-evaluate the stored answers with the current catalogue and the stored as-of date."""
    catalogue = get_catalogue()
    problems = check_answers(catalogue, record.answers)
    changes = []
    if not problems:
        changes = diff_results(record.result, evaluate(catalogue, record.answers, record.as_of).to_dict())
    return RuleCheck(
        changes=changes,
        answer_problems=problems,
        digest_changed=catalogue.digest != record.catalogue_digest,
        current_digest=catalogue.digest,
    )
