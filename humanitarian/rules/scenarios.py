"""Whether the engine's result for a worked scenario is the one the scenario expects, in words.

The pytest plugin (conftest.py) runs every licenses/scenarios/*.yaml through
``mismatches``; an empty list means the scenario holds. Each list a scenario
gives is compared exactly, so a scenario pins as much as it says.
"""

from __future__ import annotations

from .engine import evaluate
from .model import Catalogue, Scenario
from .vocabulary import StepKind


def mismatches(catalogue: Catalogue, scenario: Scenario) -> list[str]:
    """Every way the result differs from what the scenario expects; empty when it holds."""
    result = evaluate(catalogue, scenario.answers, scenario.as_of)
    problems = []
    for code in ("US", "UK"):
        got = result.jurisdictions[code]
        problems += [f"{code} {problem}" for problem in country_mismatches(got, scenario.expect[code])]
    found = {
        "divergences": [d.id for d in result.divergences],
        "open_questions": [q.id for q in result.open_questions],
    }
    for key, values in found.items():
        if key in scenario.expect and values != list(scenario.expect[key]):
            problems.append(f"{key}: expected {list(scenario.expect[key])}, got {values}")
    return problems


def country_mismatches(got, expected: dict) -> list[str]:
    actual = observed(got)
    problems = []
    if got.outcome != expected["outcome"]:
        problems.append(f"outcome: expected {expected['outcome']}, got {got.outcome} ({got.headline})")
    for key in ("applies", "needs_review", "duties", "routes"):
        if key in expected and sorted(expected[key]) != actual[key]:
            problems.append(f"{key}: expected {sorted(expected[key])}, got {actual[key]}")
    if "versions" in expected:
        named = {aid: actual["versions"].get(aid) for aid in expected["versions"]}
        if named != expected["versions"]:
            problems.append(f"versions: expected {expected['versions']}, got {named}")
    return problems


def observed(got) -> dict:
    """What a country's result says, in the terms a scenario pins it by."""
    return {
        "applies": _with_status(got, "applies"),
        "needs_review": _with_status(got, "needs_review"),
        "duties": sorted(s.id + ("" if s.certain else "?") for s in _steps(got, StepKind.DUTY)),
        "routes": sorted(s.id for s in _steps(got, StepKind.ROUTE)),
        "versions": {a.id: a.version for a in got.authorizations},
    }


def _with_status(got, status: str) -> list[str]:
    return sorted(a.id for a in got.authorizations if a.status == status)


def _steps(got, kind: StepKind) -> list:
    return [s for s in got.next_steps if s.kind is kind]
