"""Services that change drafts: start, save a page, hand over to a saved determination, delete, purge."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from humanitarian.catalogue import get_catalogue
from humanitarian.determinations.models import Determination
from humanitarian.determinations.services import create_determination
from humanitarian.rules import effective_answers

from .models import Draft


def start_draft() -> Draft:
    return Draft.objects.create()


def save_page(draft: Draft, answers: dict, *, organization: str | None = None, as_of: date | None = None) -> Draft:
    """Store the page's answers over the old ones; answers to other questions stay as they were."""
    draft.answers = {**draft.answers, **answers}
    if organization is not None:
        draft.organization = organization
    if as_of is not None:
        draft.as_of = as_of
    draft.save()
    return draft


def submit_draft(draft: Draft):
    """Save a determination from the answers that still count; the draft stays so it can be changed.

    Pressing the button twice (or from two tabs) without changing anything gives
    the determination already saved, not a second reference.
    """
    catalogue = get_catalogue()
    kept, _ = effective_answers(catalogue, draft.answers)
    with transaction.atomic():
        draft = Draft.objects.select_for_update().get(pk=draft.pk)
        saved = Determination.objects.filter(
            answers=kept,
            as_of=draft.as_of,
            organization=draft.organization,
            catalogue_digest=catalogue.digest,
            created__gte=draft.updated,
        ).first()
        return saved or create_determination(answers=kept, as_of=draft.as_of, organization=draft.organization)


def delete_draft(draft: Draft) -> None:
    draft.delete()


def purge_drafts(days: int) -> int:
    """Delete drafts not changed for ``days`` days; returns how many went."""
    deleted, _ = Draft.objects.filter(updated__lt=timezone.now() - timedelta(days=days)).delete()
    return deleted
