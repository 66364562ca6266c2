"""What each rule rests on: quotes of the official text, and which deciding points they settle.

A version is *confirmed* only when every deciding point (its dates, its
``applies_if``, each exclusion and each duty, and who it is addressed to where
that is not the organization itself) rests on a quote read at an official
address. Which addresses are official is decided here, by host, and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

# Publishers of the law itself: governments' own sites, the Federal Register and the UN.
OFFICIAL_HOSTS = (
    "treasury.gov",
    "federalregister.gov",
    "govinfo.gov",
    "ecfr.gov",
    "whitehouse.gov",
    "state.gov",
    "bis.gov",
    "bis.doc.gov",
    "congress.gov",
    "uscode.house.gov",
    "gov.uk",
    "legislation.gov.uk",
    "un.org",
    "undocs.org",
)


def is_official(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == official or host.endswith("." + official) for official in OFFICIAL_HOSTS)


@dataclass(frozen=True)
class Evidence:
    url: str
    quote: str
    read_on: date
    supports: tuple = ()  # deciding points; empty: the whole item it is attached to
    pinpoint: str = ""
    copy: str = ""  # where the words were read, when a faithful copy of url

    @property
    def official(self) -> bool:
        return is_official(self.url)


def deciding_points(version, addressed_to: str = "you") -> tuple[str, ...]:
    """The points of a version that a reader relies on, each of which needs an official quote to be confirmed."""
    points = ["dates", "applies_if"]
    points += [f"excluded_if.{e.id}" for e in version.excluded_if]
    points += [f"obligations.{o.id}" for o in version.obligations]
    if addressed_to != "you":
        points.append("addressed_to")
    return tuple(points)


def coverage(version, addressed_to: str = "you") -> dict[str, str]:
    """Each deciding point -> 'official', 'secondary' or 'none': the best evidence it rests on."""
    found = {}
    for item in version.evidence:
        for point in item.supports:
            if found.get(point) != "official":
                found[point] = "official" if item.official else "secondary"
    return {point: found.get(point, "none") for point in deciding_points(version, addressed_to)}


def last_read(evidence) -> date | None:
    """The latest day an official text behind these entries was read: a version's ``verified_on``."""
    return max((e.read_on for e in evidence if e.official), default=None)


@dataclass(frozen=True)
class VersionSources:
    """How well one version rests on the official text."""

    authorization: str
    version: str
    confidence: str
    official_source_url: bool
    points: dict  # deciding point -> 'official' | 'secondary' | 'none'

    @property
    def fully_evidenced(self) -> bool:
        return self.official_source_url and all(level == "official" for level in self.points.values())


def version_sources(catalogue) -> list[VersionSources]:
    """Every version of every authorization, with the evidence behind each of its deciding points."""
    return [
        VersionSources(
            authorization=auth.id,
            version=version.id,
            confidence=version.confidence,
            official_source_url=is_official(version.source_url),
            points=coverage(version, auth.addressed_to),
        )
        for auth in catalogue.authorizations
        for version in auth.versions
    ]


def rests_officially(item) -> bool:
    """A prohibition, duty or jurisdiction whose evidence includes an official quote."""
    return any(e.official for e in item.evidence)
