"""manage.py load_demo: saved determinations for the worked scenarios, so a fresh site has something to show.

Idempotent: a scenario already saved with the same answers, date and demo
organization is not saved again. Prints each determination's link.
"""

from django.core.management.base import BaseCommand

from humanitarian.catalogue import get_catalogue
from humanitarian.determinations.models import Determination
from humanitarian.determinations.services import create_determination

DEMO_ORGANIZATION = "Demo organization (scenario {})"


class Command(BaseCommand):
    help = "Save a determination for each worked scenario in licenses/scenarios (once) and print their links."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="prefix for the printed links")

    def handle(self, *args, base_url, **options):
        for scenario in get_catalogue().scenarios:
            organization = DEMO_ORGANIZATION.format(scenario.name)
            record = Determination.objects.filter(
                organization=organization, as_of=scenario.as_of, answers=scenario.answers
            ).first()
            created = record is None
            if created:
                record = create_determination(answers=scenario.answers, as_of=scenario.as_of, organization=organization)
            status = "saved" if created else "already saved"
            self.stdout.write(f"{record.reference} ({status}, {scenario.name}): {base_url}{record.get_absolute_url()}")
