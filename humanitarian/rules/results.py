"""What the engine decided, as plain data.

Every presenter (web page, PDF, JSON API, CLI) works from ``to_dict()``, the
same structure a saved determination stores, so a record reads the same forever.
``SCHEMA_VERSION`` changes whenever that structure does.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

SCHEMA_VERSION = 1


@dataclass
class AuthorizationResult:
    id: str
    title: str
    kind: str
    authority: str
    topics: list
    version: str
    version_title: str
    legal_basis: str
    source_url: str
    confidence: str
    verified_on: date | None
    effective_from: date
    expires: date | None
    status: str
    reasons: list
    summary: str = ""
    lifts: list = field(default_factory=list)  # prohibition ids; empty means all
    allows: list = field(default_factory=list)
    conditions: list = field(default_factory=list)
    obligations: list = field(default_factory=list)
    review_points: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @classmethod
    def of(cls, auth, version, status, reasons, as_of: date) -> AuthorizationResult:
        result = cls(
            id=auth.id,
            title=auth.title,
            kind=auth.kind,
            authority=auth.authority,
            topics=list(auth.topics),
            version=version.id,
            version_title=version.title,
            legal_basis=version.legal_basis,
            source_url=version.source_url,
            confidence=version.confidence,
            verified_on=version.verified_on,
            effective_from=version.effective_from,
            expires=version.expires,
            status=status,
            reasons=reasons,
            summary=auth.summary,
            lifts=list(auth.lifts),
            allows=list(version.allows),
            conditions=list(version.conditions),
        )
        result.warnings = version.freshness_warnings(as_of)
        return result


@dataclass
class JurisdictionResult:
    code: str
    name: str
    authority: str
    outcome: str
    headline: str
    reasons: list
    authorizations: list
    obligations: list
    licence_routes: list


@dataclass
class Determination:
    as_of: date
    catalogue_digest: str
    answers: dict
    dropped_answers: dict
    jurisdictions: dict
    divergences: list
    open_questions: list
    answered: list = field(default_factory=list)  # [{id, prompt, value, answer (label)}], in catalogue order

    def to_dict(self) -> dict:
        return {"schema_version": SCHEMA_VERSION, **_plain(asdict(self))}

    def outcomes(self) -> dict:
        return {code: j.outcome for code, j in self.jurisdictions.items()}


def _plain(value):
    """Dates to ISO strings, recursively, so the result is JSON as it stands."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
