"""Services that change state: creating saved determinations."""

import hashlib
import logging
import secrets
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from humanitarian.catalogue import get_catalogue
from humanitarian.rules import check_answers, evaluate

from .models import Determination, ReferenceCounter, StoredPdf

log = logging.getLogger(__name__)

REFERENCE_PREFIX = "HD"
ORGANIZATION_MAX_LENGTH = Determination._meta.get_field("organization").max_length


class InvalidAnswers(ValueError):
    """The answers do not fit the catalogue; ``problems`` says how, in words."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def create_determination(
    *, answers: dict, as_of: date, organization: str = "", origin: str = "", draft=None
) -> Determination:
    """Evaluate ``answers`` for ``as_of`` with today's catalogue and store the result for good.

    Raises InvalidAnswers when an answer is not one the catalogue accepts, so
    nothing half-valid is ever filed under a reference. With an ``origin``
    (see origin_of), a record already filed from the same origin is returned
    instead of a second one, however many presses overlap.
    """
    if origin and (filed := Determination.objects.filter(origin=origin).first()):
        return filed
    catalogue = get_catalogue()
    problems = check_answers(catalogue, answers)
    if problems:
        raise InvalidAnswers(problems)
    result = evaluate(catalogue, answers, as_of).to_dict()
    with transaction.atomic():
        reference = next_reference()  # from here to the commit, saves take turns on the year's counter
        if origin and (filed := Determination.objects.filter(origin=origin).first()):
            transaction.set_rollback(True)  # a press that overlapped this one filed it: give the number back
            return filed
        record = Determination.objects.create(
            reference=reference,
            origin=origin,
            organization=organization.strip()[:ORGANIZATION_MAX_LENGTH],
            as_of=as_of,
            answers=answers,
            catalogue_digest=result["catalogue_digest"],
            result=result,
            token=secrets.token_urlsafe(32),
            draft=draft,
        )
    log.info("determination created", extra={"reference": record.reference, "digest": record.catalogue_digest[:12]})
    return record


def origin_of(*parts) -> str:
    """A digest naming what a record is saved from, e.g. ("as-of", record.token, date, catalogue digest)."""
    return hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()


def next_reference() -> str:
    """HD-<year>-<six-digit sequence>, the sequence restarting each year; call inside the saving transaction.

    The year's counter row stays locked until that transaction ends, so the
    number is never given twice and a rolled-back save gives it back.
    """
    year = timezone.now().year
    ReferenceCounter.objects.get_or_create(year=year)
    ReferenceCounter.objects.filter(year=year).update(last=F("last") + 1)
    number = ReferenceCounter.objects.values_list("last", flat=True).get(year=year)
    return f"{REFERENCE_PREFIX}-{year}-{number:06d}"


def save_for_another_date(record: Determination, as_of: date) -> Determination:
    """The same answers evaluated on another date, as a new record; pressing the button again gives the same one."""
    origin = origin_of("as-of", record.token, as_of.isoformat(), get_catalogue().digest)
    return create_determination(
        answers=record.answers, as_of=as_of, organization=record.organization, origin=origin, draft=record.draft
    )


def store_pdf(record: Determination, paper: str, body: bytes) -> bytes:
    """Keep a record's freshly rendered PDF; returns the stored one (another worker's, if it was quicker)."""
    stored, _ = StoredPdf.objects.get_or_create(determination=record, paper=paper, defaults={"body": body})
    return bytes(stored.body)
