"""Delete drafts older than settings.DRAFT_RETENTION_DAYS; run it daily from cron."""

from django.conf import settings
from django.core.management.base import BaseCommand

from humanitarian.questionnaire.services import purge_drafts


class Command(BaseCommand):
    help = "Delete questionnaire drafts not changed for DRAFT_RETENTION_DAYS days (run daily, e.g. from cron)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=settings.DRAFT_RETENTION_DAYS, help="keep drafts changed within this many days"
        )

    def handle(self, *args, days, **options):
        deleted = purge_drafts(days)
        self.stdout.write(f"Deleted {deleted} draft(s) not changed for {days} days.")
