"""Services that change drafts: start, save a page, hand over to a saved determination, delete, purge."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from humanitarian.catalogue import get_catalogue
from humanitarian.determinations.services import create_determination, origin_of
from humanitarian.rules import decide, effective_answers

from .models import Draft
from .selectors import plan_key

# The draft's own details, versioned beside the answers under keys no question id can take (ids start with a
# letter or digit).
DETAIL_KEYS = {"organization": "_organization", "as_of": "_as_of"}
DETAIL_NAMES = {key: name for name, key in DETAIL_KEYS.items()}


def start_draft() -> Draft:
    return Draft.objects.create()


class StaleAnswers(Exception):
    """The page was shown before another save (from another tab) changed some of its answers; nothing was saved.

    ``keys`` names them (question ids, and "organization" or "as_of" for the
    draft's details); ``draft`` is the draft as it is now stored.
    """

    def __init__(self, draft: Draft, keys: list[str]):
        super().__init__(", ".join(keys))
        self.draft, self.keys = draft, keys


def save_page(
    draft: Draft,
    answers: dict,
    *,
    organization: str | None = None,
    as_of: date | None = None,
    shown_version: int | None = None,
) -> Draft:
    """Merge a page's answers into the stored ones and return the draft as saved.

    The draft's row is locked while the page's answers are merged, so answers
    another tab saved meanwhile on other pages are kept. A page shown at
    ``shown_version`` that would overwrite an answer changed after it was
    shown raises StaleAnswers instead of winning silently.
    """
    details = {"organization": organization, "as_of": as_of}
    page = {qid: list(dict.fromkeys(v)) if isinstance(v, list) else v for qid, v in answers.items()}  # once each
    page.update({DETAIL_KEYS[name]: value for name, value in details.items() if value is not None})
    with transaction.atomic():
        stored = Draft.objects.select_for_update().get(pk=draft.pk)
        changed = {key: value for key, value in page.items() if _stored_value(stored, key) != value}
        if shown_version is not None:
            stale = [key for key in changed if stored.answer_versions.get(key, 0) > shown_version]
            if stale:
                raise StaleAnswers(stored, [DETAIL_NAMES.get(key, key) for key in stale])
        if changed:
            _apply(stored, changed)
        stored.plan = kept_plan(get_catalogue(), stored)
        fields = ["answers", "answer_versions", "version", "organization", "as_of", "plan", "updated"]
        stored.save(update_fields=fields)
    return stored


def kept_plan(catalogue, draft: Draft) -> dict:
    """The engine's decision for the draft as it now stands, kept so the pages that follow need not decide again."""
    decision = decide(catalogue, draft.answers, draft.as_of)
    return {"key": plan_key(catalogue, draft), "decision": decision.to_dict()}


def _stored_value(draft: Draft, key: str):
    return getattr(draft, DETAIL_NAMES[key]) if key in DETAIL_NAMES else draft.answers.get(key)


def _apply(draft: Draft, changed: dict) -> None:
    """Write ``changed`` into the draft under a new version, which each changed answer remembers."""
    draft.version += 1
    draft.answer_versions = {**draft.answer_versions, **dict.fromkeys(changed, draft.version)}
    draft.answers = {**draft.answers, **{key: v for key, v in changed.items() if key not in DETAIL_NAMES}}
    for key in changed.keys() & DETAIL_NAMES.keys():
        setattr(draft, DETAIL_NAMES[key], changed[key])


def submit_draft(draft: Draft):
    """Save a determination from the answers that still count; the draft stays so it can be changed.

    Pressing the button twice (or from two tabs) without changing anything gives
    the determination already saved, not a second reference.
    """
    catalogue = get_catalogue()
    kept, _ = effective_answers(catalogue, draft.answers)
    origin = origin_of("draft", draft.token, draft.version, catalogue.digest)
    return create_determination(
        answers=kept, as_of=draft.as_of, organization=draft.organization, origin=origin, draft=draft
    )


def delete_draft(draft: Draft) -> None:
    draft.delete()


def purge_drafts(days: int) -> int:
    """Delete drafts not changed for ``days`` days; returns how many went."""
    deleted, _ = Draft.objects.filter(updated__lt=timezone.now() - timedelta(days=days)).delete()
    return deleted
