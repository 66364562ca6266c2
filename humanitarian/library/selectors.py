"""Read-only views of the catalogue for the library, the comparison, the API and the expiry report.

Everything returned is plain data (dates stay ``date`` objects, which Django's
JSON encoder writes as ISO strings), built only from the catalogue: the
presenters arrange it, they never add to it.
"""

from datetime import date

from humanitarian.rules.words import day

from .diff import version_changes
from .labels import TOPIC_LABELS, confidence_label, kind_label, plain, topic_label
from .outline import outline

FILTERS = ("jurisdiction", "regime", "kind", "topic")


def facets(catalogue) -> dict[str, list[tuple[str, str]]]:
    """The values each filter can take in this catalogue, with their labels, for the filter form."""
    auths = catalogue.authorizations
    return {
        "jurisdiction": [(code, j.name) for code, j in catalogue.jurisdictions.items()],
        "regime": [(r, regime_label(catalogue, r)) for r in sorted({a.regime for a in auths})],
        "kind": [(k, kind_label(k)) for k in sorted({a.kind for a in auths})],
        "topic": [(t, topic_label(t)) for t in topic_order(catalogue)],
    }


def regime_label(catalogue, regime_id: str, code: str | None = None) -> str:
    """A regime's title as its rule file gives it (the country's own, or the first country's that has it)."""
    titles = [j.regimes[regime_id].title for c, j in catalogue.jurisdictions.items() if regime_id in j.regimes]
    own = catalogue.jurisdictions[code].regimes.get(regime_id) if code else None
    return own.title if own else (" / ".join(dict.fromkeys(titles)) or plain(regime_id))


def places(catalogue) -> list[tuple[str, str]]:
    """The places an activity can take place in (the location question's options), for the comparison's filter."""
    location = catalogue.question("location")
    return [(o.value, o.label) for o in location.options] if location else []


def reaches(condition, place: str | None) -> bool:
    """Whether a regime's reach or a divergence's condition can hold for an activity in ``place`` (any, if none)."""
    return place is None or condition is None or condition.test({"location": place}) is not False


def topic_order(catalogue) -> list[str]:
    """Topics in use, in the order of the fact sheet's tables, then any newer ones alphabetically."""
    used = {t for a in catalogue.authorizations for t in a.topics}
    return [t for t in TOPIC_LABELS if t in used] + sorted(used - set(TOPIC_LABELS))


def filter_authorizations(catalogue, **chosen) -> list:
    """Authorizations matching every chosen filter (an empty value means any), US first, then by title."""
    wanted = {name: value for name, value in chosen.items() if value}
    unknown = set(wanted) - set(FILTERS)
    if unknown:
        raise ValueError(f"no filter named {', '.join(sorted(unknown))}")

    def matches(auth):
        return all(
            value in auth.topics if name == "topic" else getattr(auth, name) == value for name, value in wanted.items()
        )

    order = list(catalogue.jurisdictions)
    found = [a for a in catalogue.authorizations if matches(a)]
    return sorted(found, key=lambda a: (order.index(a.jurisdiction), a.title.lower()))


def standing(auth, as_of: date) -> dict:
    """Which version answers for ``as_of``, whether it has lapsed, and the warnings a reader should see."""
    version, lapsed = auth.version_on(as_of)
    if version is None:
        first = auth.versions[0]
        return {
            "version": None,
            "lapsed": False,
            "warnings": [f"Not yet in force on {day(as_of)}: {first.id} takes effect on {day(first.effective_from)}."],
        }
    warnings = version.freshness_warnings(as_of)
    if lapsed:
        warnings.insert(0, auth.lapse_note(version, as_of) + ".")
    return {"version": version, "lapsed": lapsed, "warnings": warnings}


def authorization_summary(catalogue, auth, as_of: date) -> dict:
    """What the index, the matrix and the API's list show of one authorization."""
    now = standing(auth, as_of)
    return {
        "id": auth.id,
        "jurisdiction": auth.jurisdiction,
        "jurisdiction_name": catalogue.jurisdictions[auth.jurisdiction].name,
        "authority": auth.authority,
        "regime": auth.regime,
        "regime_label": regime_label(catalogue, auth.regime, auth.jurisdiction),
        "kind": auth.kind,
        "kind_label": kind_label(auth.kind),
        "title": auth.title,
        "topics": [{"id": t, "label": topic_label(t)} for t in auth.topics],
        "summary": auth.summary,
        "in_force": now["version"].id if now["version"] and not now["lapsed"] else None,
        "source_url": (now["version"] or auth.versions[0]).source_url,
        "lapsed": now["lapsed"],
        "warnings": now["warnings"],
        "versions": [_version_dates(v) for v in auth.versions],
    }


def authorization_record(catalogue, auth, as_of: date) -> dict:
    """Everything the library page and the API's detail show: the summary, then every version in full."""
    now = standing(auth, as_of)
    prohibitions = {p.id: p for p in catalogue.jurisdictions[auth.jurisdiction].prohibitions}
    versions = []
    for index, version in enumerate(auth.versions):
        previous = auth.versions[index - 1] if index else None
        versions.append(
            {
                **_version_full(version, as_of),
                "answers_for_as_of": version is now["version"],
                "previous": previous.id if previous else None,
                "changes_from_previous": version_changes(previous, version) if previous else [],
            }
        )
    return {
        **authorization_summary(catalogue, auth, as_of),
        "who_may_use": auth.who_may_use,
        "notes": auth.notes,
        "lifts": [
            {"id": p.id, "reason": p.reason, "citation": p.citation}
            for p in (prohibitions[i] for i in auth.lifts if i in prohibitions)
        ],
        "gaps": [{"from": g.start, "to": g.end, "reason": g.reason} for g in auth.gaps],
        "current": next((v for v in versions if v["answers_for_as_of"]), versions[0]),
        "versions": versions,
    }


def _version_dates(version) -> dict:
    return {
        "id": version.id,
        "title": version.title,
        "issued": version.issued,
        "effective_from": version.effective_from,
        "expires": version.expires,
        "confidence": version.confidence,
        "verified_on": version.verified_on,
    }


def _version_full(version, as_of: date) -> dict:
    return {
        **_version_dates(version),
        "confidence_label": confidence_label(version.confidence),
        "legal_basis": version.legal_basis,
        "source_url": version.source_url,
        "sources": [{"label": label, "url": url} for label, url in version.sources],
        "changes": version.changes,
        "allows": list(version.allows),
        "conditions": list(version.conditions),
        "applies_if": outline(version.applies_if),
        "excluded_if": [
            {"id": e.id, "reason": e.reason, "citation": e.citation, "when": outline(e.when)}
            for e in version.excluded_if
        ],
        "review_points": [
            {"id": p.id, "point": p.point, "check": p.check, "when": _optional_outline(p.when)}
            for p in version.review_points
        ],
        "obligations": [
            {
                "id": o.id,
                "text": o.text,
                "deadline": o.deadline,
                "to_whom": o.to_whom,
                "citation": o.citation,
                "when": _optional_outline(o.when),
            }
            for o in version.obligations
        ],
        "warnings": version.freshness_warnings(as_of),
    }


def _optional_outline(condition):
    return outline(condition) if condition is not None else None


def comparison(catalogue, as_of: date, place: str | None = None) -> dict:
    """US and UK side by side, one row per topic, like the joint fact sheet's tables, and the divergences; for one
    place, only the regimes that can reach an activity there."""
    codes = list(catalogue.jurisdictions)
    summaries = [
        authorization_summary(catalogue, a, as_of)
        for a in filter_authorizations(catalogue)
        if reaches(catalogue.jurisdictions[a.jurisdiction].regimes[a.regime].engaged_if, place)
    ]
    rows = []
    for topic in topic_order(catalogue):
        cells = [
            {
                "code": code,
                "name": catalogue.jurisdictions[code].name,
                "entries": [s for s in summaries if s["jurisdiction"] == code and topic in _topic_ids(s)],
            }
            for code in codes
        ]
        rows.append(
            {
                "topic": topic,
                "label": topic_label(topic),
                "cells": cells,
                "one_sided": sum(1 for c in cells if c["entries"]) == 1,
            }
        )
    return {
        "as_of": as_of,
        "jurisdictions": [
            {"code": c, "name": j.name, "authority": j.authority} for c, j in catalogue.jurisdictions.items()
        ],
        "rows": rows,
        "divergences": [
            {
                "id": d.id,
                "topic": d.topic,
                "us": d.us,
                "uk": d.uk,
                "citations": list(d.citations),
                "when": _optional_outline(d.when),
            }
            for d in catalogue.divergences
            if reaches(d.when, place)
        ],
        "place": dict(places(catalogue)).get(place, ""),
    }


def _topic_ids(summary) -> set[str]:
    return {t["id"] for t in summary["topics"]}


def expiry_report(catalogue, as_of: date) -> dict:
    """Versions in force that expire within the warning window, lapsed authorizations, versions checked long ago."""
    expiring, lapsed, stale = [], [], []
    for auth in catalogue.authorizations:
        version, has_lapsed = auth.version_on(as_of)
        if version and not has_lapsed and version.expires_soon(as_of):
            expiring.append((auth, version))
        last = auth.versions[-1]
        if last.expires and last.expires <= as_of:
            lapsed.append((auth, last))
        stale += [(auth, v) for v in auth.versions if v.checked_long_ago(as_of)]
    return {"expiring": expiring, "lapsed": lapsed, "stale": stale}
