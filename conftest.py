"""Run every licenses/scenarios/*.yaml as a pytest item, the way OpenFisca runs its YAML tests.

A scenario passes when the engine's result is what it expects: the outcome per
country, and exactly each list it gives (see humanitarian/rules/scenarios.py).
"""

from functools import cache
from pathlib import Path

import pytest

from humanitarian.rules import CatalogueError, load_catalogue
from humanitarian.rules.scenarios import mismatches

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
        problems = mismatches(catalogue, scenario)
        if problems:
            raise ScenarioMismatch("\n".join(problems))

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, ScenarioMismatch):
            return f"{self.path.relative_to(LICENSES.parent)}:\n{excinfo.value}"
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, 0, f"scenario {self.name}"
