"""The loader names file, line and field for every kind of rule-file error, and reports them all."""

import shutil
from pathlib import Path

import pytest
from django.core import checks
from django.test import override_settings

from humanitarian.rules import CatalogueError, load_catalogue

RELIEF = "us/russia/relief.yaml"


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text()
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, 1))


def errors_of(root: Path) -> list[str]:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(root)
    return [str(e) for e in caught.value.errors]


def line_of(root: Path, name: str, needle: str, occurrence: int = 1) -> int:
    lines = (root / name).read_text().splitlines()
    hits = [i + 1 for i, line in enumerate(lines) if needle in line]
    return hits[occurrence - 1]


def test_fixture_catalogue_loads_with_a_stable_digest(rules):
    first = load_catalogue(rules)
    assert len(first.authorizations) == 2 and len(first.questions) == 7
    edit(rules, RELIEF, "summary: NGOs may do relief.", "# a comment\nsummary:   NGOs may do relief.")
    assert load_catalogue(rules).digest == first.digest, "comments and layout must not change the digest"
    edit(rules, RELIEF, "NGOs may do relief.", "NGOs may do relief work.")
    assert load_catalogue(rules).digest != first.digest


def test_bad_date_names_file_line_and_field(rules):
    edit(rules, RELIEF, "expires: 2023-01-01", "expires: soon")
    line = line_of(rules, RELIEF, "expires: soon")
    assert errors_of(rules) == [
        f'licenses/{RELIEF}:{line}: versions[0].expires: expected a date (YYYY-MM-DD) or nothing, got "soon"'
    ]


def test_impossible_date_is_refused(rules):
    edit(rules, RELIEF, "issued: 2022-01-01", "issued: 2022-02-30")
    line = line_of(rules, RELIEF, "issued: 2022-02-30")
    assert errors_of(rules) == [
        f'licenses/{RELIEF}:{line}: versions[0].issued: expected a date (YYYY-MM-DD), got "2022-02-30"'
    ]


def test_citation_that_is_not_a_url(rules):
    edit(
        rules,
        RELIEF,
        "source_url: https://ofac.treasury.gov/media/1/download?inline\n",
        "source_url: see the OFAC website\n",
    )
    line = line_of(rules, RELIEF, "see the OFAC website")
    assert errors_of(rules) == [
        f'licenses/{RELIEF}:{line}: versions[0].source_url: expected a URL (https://...), got "see the OFAC website"'
    ]


def test_unknown_key(rules):
    edit(
        rules,
        RELIEF,
        "    confidence: confirmed\n",
        "    confidence: confirmed\n    colour: blue\n",
    )
    line = line_of(rules, RELIEF, "colour: blue")
    (error,) = errors_of(rules)
    assert error.startswith(f"licenses/{RELIEF}:{line}: versions[0].colour: unknown key (allowed here: ")


def test_missing_required_field_and_wrong_enum(rules):
    edit(rules, RELIEF, "    confidence: confirmed\n", "    confidence: sure\n")
    edit(rules, RELIEF, "who_may_use: NGOs.\n", "")
    errors = errors_of(rules)
    assert f"licenses/{RELIEF}:1: who_may_use: is required" in errors
    line = line_of(rules, RELIEF, "confidence: sure")
    assert (
        f"licenses/{RELIEF}:{line}: versions[0].confidence: expected one of confirmed, secondary, unconfirmed, "
        'got "sure"'
    ) in errors


def test_invalid_yaml_and_duplicate_key(rules):
    edit(rules, RELIEF, "title: Relief by NGOs", "title: [Relief by NGOs")
    edit(rules, "uk/russia/members.yaml", "summary: Members may do relief.", "summary: a\nsummary: b")
    errors = errors_of(rules)
    assert any(e.startswith(f"licenses/{RELIEF}:") and "invalid YAML" in e for e in errors)
    line = line_of(rules, "uk/russia/members.yaml", "summary: b")
    assert f"licenses/uk/russia/members.yaml:{line}: key 'summary' is written twice" in errors


def test_duplicate_authorization_and_question_ids(rules):
    shutil.copy(rules / RELIEF, rules / "us/russia/copy.yaml")
    edit(rules, "questions.yaml", "  - id: us_link", "  - id: org")
    errors = errors_of(rules)
    assert any(
        e.startswith("licenses/us/russia/") and "authorization 'us-relief' is also defined in" in e for e in errors
    )
    line = line_of(rules, "questions.yaml", "  - id: org", 2)
    assert f"licenses/questions.yaml:{line}: questions[2].id: question 'org' is defined twice" in errors


def test_condition_naming_a_question_that_does_not_exist(rules):
    edit(
        rules,
        RELIEF,
        "{answer: org, is: ngo, says: the organization is an NGO}",
        "{answer: organisation, is: ngo, says: the organization is an NGO}",
    )
    line = line_of(rules, RELIEF, "answer: organisation")
    assert errors_of(rules) == [
        f"licenses/{RELIEF}:{line}: versions[0].applies_if.all[0].answer: "
        "no question 'organisation' in licenses/questions.yaml"
    ]


def test_condition_value_the_question_does_not_offer(rules):
    edit(
        rules,
        RELIEF,
        "{answer: org, is: ngo, says: the organization is an NGO}",
        "{answer: org, is: charity, says: the organization is an NGO}",
    )
    (error,) = errors_of(rules)
    assert error.endswith(
        "versions[0].applies_if.all[0].is: 'charity' is not an answer question 'org' offers (it offers: company, ngo)"
    )


def test_condition_test_that_does_not_suit_the_question(rules):
    edit(
        rules,
        RELIEF,
        "{answer: kinds, includes: relief, says: the activity is relief}",
        "{answer: kinds, is: relief, says: the activity is relief}",
    )
    (error,) = errors_of(rules)
    assert "versions[0].applies_if.all[1].is: 'is' does not suit a multi_choice question" in error


def test_lifting_a_prohibition_that_does_not_exist(rules):
    edit(rules, RELIEF, "lifts: [blocked]", "lifts: [blocked, curfew]")
    (error,) = errors_of(rules)
    assert error.endswith("lifts[1]: no prohibition 'curfew' in the US rule files (it has: blocked, embargo)")


def test_a_licence_route_for_a_prohibition_that_does_not_exist(rules):
    edit(rules, "us/jurisdiction.yaml", "lifts: [embargo]", "lifts: [embargo, curfew]")
    line = line_of(rules, "us/jurisdiction.yaml", "lifts: [embargo, curfew]")
    assert errors_of(rules) == [
        f"licenses/us/jurisdiction.yaml:{line}: licence_routes[1].lifts[1]: "
        "no prohibition 'curfew' in the US rule files (it has: blocked, embargo)"
    ]


def test_overlapping_versions(rules):
    edit(rules, RELIEF, "expires: 2023-01-01", "expires: 2023-03-01")
    line = line_of(rules, RELIEF, "effective_from: 2023-01-01")
    assert errors_of(rules) == [
        f"licenses/{RELIEF}:{line}: versions[1].effective_from: GL 1A starts 2023-01-01 while GL 1 is still in force "
        "(until 2023-03-01): versions may not overlap; give GL 1 'expires: 2023-01-01'"
    ]


def test_gap_between_versions_must_be_declared(rules):
    edit(rules, RELIEF, "expires: 2023-01-01", "expires: 2022-10-01")
    (error,) = errors_of(rules)
    assert "gap between GL 1 (expired 2022-10-01) and GL 1A (from 2023-01-01)" in error
    edit(
        rules,
        RELIEF,
        "versions:",
        "gaps:\n  - {from: 2022-10-01, to: 2023-01-01, reason: lapsed and reissued}\nversions:",
    )
    assert load_catalogue(rules).authorization("us-relief").gaps[0].reason == "lapsed and reissued"


def test_scenario_with_unknown_authorization_or_invalid_answer(rules):
    edit(rules, "scenarios/ngo-relief.yaml", "applies: [us-relief]", "applies: [us-nothing]")
    edit(rules, "scenarios/ngo-relief.yaml", "blocked: bank}", "blocked: maybe}")
    errors = errors_of(rules)
    assert any(e.endswith("expect.US.applies[0]: no authorization 'us-nothing'") for e in errors)
    assert any(e.endswith("answers.blocked: 'blocked' takes one of bank, none, other, got 'maybe'") for e in errors)


def test_ask_if_may_only_look_back(rules):
    edit(rules, "questions.yaml", "ask_if: {answer: org, is: ngo}", "ask_if: {answer: kinds, includes: relief}")
    (error,) = errors_of(rules)
    assert error.endswith("questions[1].ask_if: depends on 'kinds', which is not asked before 'member'")


def test_missing_files_and_all_errors_at_once(rules):
    (rules / "uk/jurisdiction.yaml").unlink()
    edit(rules, RELIEF, "expires: 2023-01-01", "expires: soon")
    edit(rules, "uk/russia/members.yaml", "kind: general_license", "kind: permit")
    errors = errors_of(rules)
    assert "licenses/uk/jurisdiction.yaml:1: this file is required" in errors
    assert len(errors) == 3, errors


def test_errors_are_django_system_checks_with_stable_ids(rules):
    edit(rules, RELIEF, "expires: 2023-01-01", "expires: soon")
    with override_settings(LICENSES_DIR=rules):
        found = [m for m in checks.run_checks(tags=["licenses"]) if m.id.startswith("licenses.")]
    assert [(m.id, m.level) for m in found] == [("licenses.E003", checks.ERROR)]
    assert f"licenses/{RELIEF}:" in found[0].msg


def test_the_real_catalogue_passes_the_system_check():
    assert [m for m in checks.run_checks(tags=["licenses"])] == []


def test_a_regime_folder_needs_its_regime_file_and_prohibition_ids_are_unique(rules):
    (rules / "us/russia/regime.yaml").unlink()
    (error,) = errors_of(rules)
    assert error.startswith(f"licenses/{RELIEF}:4: regime: us/russia/ has no regime.yaml")


def test_a_prohibition_defined_twice_across_files_is_refused(rules):
    jurisdiction = (rules / "us/jurisdiction.yaml").read_text()
    first = jurisdiction.index("  - id: blocked")
    block = jurisdiction[first : jurisdiction.index("  - id:", first + 1)]
    (rules / "us/russia/regime.yaml").write_text(
        "regime: russia\njurisdiction: US\ntitle: Test Russia regime\nprohibitions:\n" + block
    )
    (error,) = errors_of(rules)
    assert "prohibition 'blocked' is also defined in licenses/us/" in error
