"""How the engine writes for people: one date format and one way to list names, used in every sentence it builds."""

from __future__ import annotations

from datetime import date


def day(value: date | str | None) -> str:
    """'15 March 2025' for a date (or an ISO date string, as stored records hold them); '' for none."""
    if value is None or value == "":
        return ""
    when = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{when.day} {when:%B %Y}"


def joined(items) -> str:
    """'A', 'A and B', 'A, B and C'."""
    items = list(items)
    return " and ".join(filter(None, [", ".join(items[:-1]), *items[-1:]]))
