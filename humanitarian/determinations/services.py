"""Services that change state: creating saved determinations."""

import logging
import secrets
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from humanitarian.catalogue import get_catalogue
from humanitarian.rules import check_answers, evaluate

from .models import Determination

log = logging.getLogger(__name__)

REFERENCE_PREFIX = "HD"
ORGANIZATION_MAX_LENGTH = Determination._meta.get_field("organization").max_length


class InvalidAnswers(ValueError):
    """The answers do not fit the catalogue; ``problems`` says how, in words."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def create_determination(*, answers: dict, as_of: date, organization: str = "") -> Determination:
    """Evaluate ``answers`` for ``as_of`` with today's catalogue and store the result for good.

    Raises InvalidAnswers when an answer is not one the catalogue accepts, so
    nothing half-valid is ever filed under a reference.
    """
    catalogue = get_catalogue()
    problems = check_answers(catalogue, answers)
    if problems:
        raise InvalidAnswers(problems)
    result = evaluate(catalogue, answers, as_of).to_dict()
    fields = {
        "organization": organization.strip()[:ORGANIZATION_MAX_LENGTH],
        "as_of": as_of,
        "answers": answers,
        "catalogue_digest": result["catalogue_digest"],
        "result": result,
        "token": secrets.token_urlsafe(32),
    }
    for _ in range(5):  # two requests may race for the same sequence number
        try:
            with transaction.atomic():
                record = Determination.objects.create(reference=next_reference(), **fields)
        except IntegrityError:
            continue
        log.info("determination created", extra={"reference": record.reference, "digest": record.catalogue_digest[:12]})
        return record
    raise IntegrityError("could not allocate a determination reference")


def next_reference() -> str:
    """HD-<year>-<six-digit sequence>, the sequence restarting each year."""
    prefix = f"{REFERENCE_PREFIX}-{timezone.now().year}-"
    last = (
        Determination.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:06d}"
