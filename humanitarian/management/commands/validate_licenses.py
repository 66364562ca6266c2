"""manage.py validate_licenses: check every rule file and summarise the catalogue."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from humanitarian.rules import CatalogueError, load_catalogue


class Command(BaseCommand):
    help = "Validate the rule files under licenses/; print a summary, or every error as file:line: message."

    def handle(self, *args, **options):
        try:
            catalogue = load_catalogue(settings.LICENSES_DIR)
        except CatalogueError as exc:
            for error in exc.errors:
                self.stderr.write(f"{error} [{error.code}]")
            self.stderr.write(f"{len(exc.errors)} error(s) in the rule files.")
            sys.exit(1)
        for line in summary(catalogue):
            self.stdout.write(line)


def summary(catalogue) -> list[str]:
    """One line per jurisdiction: authorizations, versions, questions its rules use, scenarios."""
    lines = []
    for code, jurisdiction in catalogue.jurisdictions.items():
        mine = [a for a in catalogue.authorizations if a.jurisdiction == code]
        used = jurisdiction.engaged_if.questions().union(*(p.when.questions() for p in jurisdiction.prohibitions))
        for auth in mine:
            for version in auth.versions:
                used |= version.applies_if.questions()
                for item in (*version.excluded_if, *version.review_points, *version.obligations):
                    used |= item.when.questions() if item.when else set()
        scenarios = [s for s in catalogue.scenarios if code in s.expect]
        lines.append(
            f"{code} ({jurisdiction.authority}): {len(mine)} authorizations, "
            f"{sum(len(a.versions) for a in mine)} versions, {len(used)} questions, {len(scenarios)} scenarios"
        )
    lines.append(
        f"Catalogue {catalogue.digest[:12]}: {len(catalogue.questions)} questions, "
        f"{len(catalogue.scenarios)} scenarios, all valid."
    )
    return lines
