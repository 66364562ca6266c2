"""manage.py validate_licenses: check every rule file and summarise the catalogue."""

import sys
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from humanitarian.library.selectors import expiry_report
from humanitarian.rules import CatalogueError, load_catalogue
from humanitarian.rules.evidence import is_official, rests_officially, version_sources
from humanitarian.rules.model import EXPIRY_WARNING, STALE_AFTER, parse_day


class Command(BaseCommand):
    help = "Validate the rule files under licenses/; print a summary, or every error as file:line: message."

    def add_arguments(self, parser):
        parser.add_argument(
            "--report",
            action="store_true",
            help="Also list what expires soon, what has lapsed with no successor, and what was checked long ago.",
        )
        parser.add_argument("--as-of", help="The date the report is for (YYYY-MM-DD); today by default.")
        parser.add_argument(
            "--sources",
            action="store_true",
            help="Also say, per jurisdiction, how much of the catalogue rests on quotes of the official text.",
        )

    def handle(self, *args, **options):
        as_of = _as_of(options["as_of"])
        try:
            catalogue = load_catalogue(settings.LICENSES_DIR)
        except CatalogueError as exc:
            for error in exc.errors:
                self.stderr.write(f"{error} [{error.code}]")
            self.stderr.write(f"{len(exc.errors)} error(s) in the rule files.")
            sys.exit(1)
        for line in summary(catalogue):
            self.stdout.write(line)
        if options["report"]:
            for line in report(catalogue, as_of):
                self.stdout.write(line)
        if options["sources"]:
            for line in sources(catalogue):
                self.stdout.write(line)


def _as_of(value) -> date:
    if value is None:
        return timezone.localdate()
    try:
        return parse_day(value)
    except ValueError as error:
        raise CommandError(f"--as-of: {error}") from None


def _successor(auth, version) -> str:
    later = [v for v in auth.versions if v.effective_from >= version.expires]
    return f"; {later[0].id} is recorded from {later[0].effective_from}" if later else "; no later version is recorded"


def report(catalogue, as_of: date) -> list[str]:
    """The freshness report: one heading per finding kind, one line per version, "none" where clean."""
    found = expiry_report(catalogue, as_of)
    sections = [
        (
            f"Expiring within {EXPIRY_WARNING.days} days of {as_of}",
            [
                f"{a.id}: {v.id} expires on {v.expires} ({(v.expires - as_of).days} days){_successor(a, v)}"
                for a, v in found["expiring"]
            ],
        ),
        (
            f"Lapsed by {as_of}, with no later version recorded",
            [f"{a.id}: {v.id} expired on {v.expires}" for a, v in found["lapsed"]],
        ),
        (
            f"Last checked against the source more than {STALE_AFTER.days} days before {as_of}",
            [f"{a.id}: {v.id} last checked on {v.verified_on}" for a, v in found["stale"]],
        ),
    ]
    lines = []
    for heading, items in sections:
        lines += ["", f"{heading}: {len(items)}"] + [f"  {item}" for item in items]
    return lines


def summary(catalogue) -> list[str]:
    """Per jurisdiction, then per regime: authorizations, versions, questions its rules use, scenarios it is in."""
    lines = []
    for code, jurisdiction in catalogue.jurisdictions.items():
        mine = [a for a in catalogue.authorizations if a.jurisdiction == code]
        used = jurisdiction.engaged_if.questions().union(*(p.when.questions() for p in jurisdiction.all_prohibitions))
        used = used.union(*(questions_of(a) for a in mine))
        scenarios = [s for s in catalogue.scenarios if s.expect[code]["outcome"] != "not_engaged"]
        lines.append(
            f"{code} ({jurisdiction.authority}): {len(mine)} authorizations, "
            f"{sum(len(a.versions) for a in mine)} versions, {len(used)} questions, {len(scenarios)} scenarios"
        )
        for regime in jurisdiction.regimes.values():
            theirs = [a for a in mine if a.regime == regime.id]
            reached = [s for s in scenarios if regime.engaged_if is None or regime.engaged_if.test(s.answers)]
            lines.append(
                f"  {regime.id} ({regime.title}): {len(theirs)} authorizations, "
                f"{sum(len(a.versions) for a in theirs)} versions, {len(regime.prohibitions)} prohibitions, "
                f"{len(reached)} scenarios"
            )
    lines.append(
        f"Catalogue {catalogue.digest[:12]}: {len(catalogue.questions)} questions, "
        f"{len(catalogue.scenarios)} scenarios, all valid."
    )
    return lines


def questions_of(auth) -> set[str]:
    """Every question an authorization's versions read."""
    used = set()
    for version in auth.versions:
        used |= version.applies_if.questions()
        for item in (*version.excluded_if, *version.review_points, *version.obligations):
            used |= item.when.questions() if item.when else set()
    return used


def sources(catalogue) -> list[str]:
    """Per jurisdiction: versions and deciding points resting on official quotes, on commentary only, or on nothing."""
    found = version_sources(catalogue)
    lines = []
    for code, jurisdiction in catalogue.jurisdictions.items():
        mine = [v for v in found if catalogue.authorization(v.authorization).jurisdiction == code]
        levels = [level for v in mine for level in v.points.values()]
        lines += [
            "",
            f"{code}: {sum(v.fully_evidenced for v in mine)} of {len(mine)} versions rest on an official quote "
            f"for every deciding point; {sum(v.official_source_url for v in mine)} have an official source_url",
            f"  deciding points: {levels.count('official')} official, {levels.count('secondary')} commentary only, "
            f"{levels.count('none')} without evidence (of {len(levels)})",
            f"  prohibitions with an official quote: "
            f"{sum(map(rests_officially, jurisdiction.all_prohibitions))} of {len(jurisdiction.all_prohibitions)}",
        ]
        for v in (v for v in mine if not v.fully_evidenced):
            missing = [point for point, level in v.points.items() if level != "official"]
            where = "" if v.official_source_url else "source_url not official; "
            lines.append(f"  {v.authorization}: {v.version} ({v.confidence}): {where}missing {', '.join(missing)}")
    official_why = [q for q in catalogue.questions if q.why_url and is_official(q.why_url)]
    lines.append(f"\nQuestions whose 'Why we ask' link is official: {len(official_why)} of {len(catalogue.questions)}")
    return lines
