"""The scenario runner itself: a scenario whose expectations are wrong fails, naming its file and each difference."""

import shutil
from pathlib import Path

from humanitarian.rules import load_catalogue
from humanitarian.rules.scenarios import mismatches

pytest_plugins = ["pytester"]

WRONG = """description: An NGO member does relief with a blocked bank, expected wrongly in every way a scenario can pin.
source: fixture
as_of: 2023-06-01
answers: {org: ngo, member: "yes", us_link: "yes", uk_link: "yes", kinds: [relief], place: inside, blocked: bank}
expect:
  US:
    outcome: needs_review
    applies: []
    versions: {us-relief: GL 1}
    duties: [report?, records]
    routes: [specific]
  UK: {outcome: needs_review, needs_review: [uk-members]}
  divergences: []
  open_questions: [member]
"""


def test_a_scenario_expecting_the_wrong_result_names_every_difference(rules):
    (rules / "scenarios" / "wrong.yaml").write_text(WRONG)
    catalogue = load_catalogue(rules)
    scenario = next(s for s in catalogue.scenarios if s.name == "wrong")
    assert mismatches(catalogue, scenario) == [
        "US outcome: expected needs_review, got authorized "
        "(Authorized in the United States by GL 1A, on the conditions below.)",
        "US applies: expected [], got ['us-relief']",
        "US duties: expected ['records', 'report?'], got ['records', 'report']",
        "US routes: expected ['specific'], got []",
        "US versions: expected {'us-relief': 'GL 1'}, got {'us-relief': 'GL 1A'}",
        "divergences: expected [], got ['outcome']",
        "open_questions: expected ['member'], got []",
    ]
    right = next(s for s in catalogue.scenarios if s.name == "ngo-relief")
    assert mismatches(catalogue, right) == []


def test_pytest_reports_the_failing_scenario_file(pytester, rules):
    """The plugin in conftest.py, pointed at a catalogue with one wrong scenario, fails that item and names it."""
    licenses = pytester.path / "licenses"
    shutil.copytree(rules, licenses)
    (licenses / "scenarios" / "wrong.yaml").write_text(WRONG)
    pytester.makeconftest((Path(__file__).parent.parent / "conftest.py").read_text())
    result = pytester.runpytest("licenses/scenarios", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*licenses/scenarios/wrong.yaml:*", "*US outcome: expected needs_review*"])


def test_a_scenario_naming_something_the_catalogue_lacks_is_a_rule_file_error(rules):
    from tests.test_loader import errors_of

    (rules / "scenarios" / "wrong.yaml").write_text(WRONG.replace("[report?, records]", "[report?, audit]"))
    assert any("expect.US.duties[1]: no duty 'audit'" in e for e in errors_of(rules))
