"""Run every licenses/scenarios/*.yaml as a pytest item, the way OpenFisca runs its YAML tests.

A scenario passes when, for each jurisdiction, the engine's outcome equals the
expected one, the authorizations that apply are exactly those listed under
``applies``, and (when given) those needing review are exactly ``needs_review``.
"""

from functools import cache
from pathlib import Path

import pytest

from humanitarian.rules import CatalogueError, evaluate, load_catalogue

LICENSES = Path(__file__).parent / "licenses"


@cache
def scenario_catalogue():
    return load_catalogue(LICENSES)


def pytest_collect_file(parent, file_path):
    if file_path.suffix == ".yaml" and file_path.parent == LICENSES / "scenarios":
        return ScenarioFile.from_parent(parent, path=file_path)


class ScenarioFile(pytest.File):
    def collect(self):
        yield ScenarioItem.from_parent(self, name=self.path.stem)


class ScenarioMismatch(Exception):
    pass


class ScenarioItem(pytest.Item):
    def runtest(self):
        try:
            catalogue = scenario_catalogue()
        except CatalogueError as exc:
            raise ScenarioMismatch(f"the catalogue does not load:\n{exc}") from None
        scenario = next(s for s in catalogue.scenarios if s.name == self.name)
        result = evaluate(catalogue, scenario.answers, scenario.as_of)
        problems = []
        for code, expected in scenario.expect.items():
            got = result.jurisdictions[code]
            ids = _ids_by_status(got)
            if got.outcome != expected["outcome"]:
                problems.append(f"{code} outcome: expected {expected['outcome']}, got {got.outcome} ({got.headline})")
            if ids("applies") != sorted(expected.get("applies", [])):
                problems.append(f"{code} applies: expected {sorted(expected.get('applies', []))}, got {ids('applies')}")
            if "needs_review" in expected and ids("needs_review") != sorted(expected["needs_review"]):
                problems.append(
                    f"{code} needs_review: expected {sorted(expected['needs_review'])}, got {ids('needs_review')}"
                )
        if problems:
            raise ScenarioMismatch("\n".join(problems))

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, ScenarioMismatch):
            return f"{self.path.relative_to(LICENSES.parent)}:\n{excinfo.value}"
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, 0, f"scenario {self.name}"


def _ids_by_status(jurisdiction):
    return lambda status: sorted(a.id for a in jurisdiction.authorizations if a.status == status)
