"""diff_results: the plain-language report of what today's rules change in a saved determination."""

import copy

import pytest

from humanitarian.catalogue import get_catalogue
from humanitarian.determinations.changes import diff_results
from humanitarian.rules import evaluate


@pytest.fixture
def old():
    """A real result with at least one authorization the person relies on."""
    catalogue = get_catalogue()
    for scenario in catalogue.scenarios:
        result = evaluate(catalogue, scenario.answers, scenario.as_of).to_dict()
        if any(a["status"] == "applies" for j in result["jurisdictions"].values() for a in j["authorizations"]):
            return result
    raise AssertionError("no scenario has an authorization that applies")


def relied_on(result):
    return next(
        (j, a) for j in result["jurisdictions"].values() for a in j["authorizations"] if a["status"] == "applies"
    )


def test_identical_results_have_no_changes(old):
    assert diff_results(old, copy.deepcopy(old)) == []


def test_a_changed_outcome_is_named_in_words(old):
    new = copy.deepcopy(old)
    j, _ = relied_on(new)
    was = j["outcome"]
    j["outcome"] = "licence_required"
    changes = diff_results(old, new)
    assert len(changes) == 1
    assert changes[0].startswith(f"{j['name']}: the outcome was")
    assert "Licence required" in changes[0] and was != "licence_required"


def test_an_authorization_that_no_longer_applies_or_has_a_new_version(old):
    new = copy.deepcopy(old)
    j, auth = relied_on(new)
    auth["status"] = "excluded"
    assert diff_results(old, new) == [f"{j['name']}: {auth['version']} was “Applies” and is now “Excluded”."]
    auth["status"], auth["version"] = "applies", auth["version"] + "A"
    assert diff_results(old, new) == [
        f"{j['name']}: {auth['title']} is now version {auth['version']} (was {auth['version'][:-1]})."
    ]


def test_added_and_removed_authorizations(old):
    new = copy.deepcopy(old)
    j, auth = relied_on(new)
    j["authorizations"].remove(auth)
    assert f"{j['name']}: {auth['version']} ({auth['title']}) is no longer in the rules." in diff_results(old, new)
    assert f"{j['name']}: {auth['version']} ({auth['title']}) is new in the rules: Applies." in diff_results(new, old)


def test_obligations_added_and_removed(old):
    new = copy.deepcopy(old)
    j, auth = relied_on(new)
    duty = {
        "kind": "duty",
        "text": "Report each payment to the regulator within 30 days.",
        "by": "you",
        "deadline": "30 days",
        "to_whom": "the regulator",
        "url": "",
        "certain": True,
        "sources": [auth["version"]],
        "question": "",
    }
    j["next_steps"].append(duty)
    assert diff_results(old, new) == [f"{j['name']}: new obligation: {duty['text']}"]
    assert diff_results(new, old) == [f"{j['name']}: no longer an obligation: {duty['text']}"]


def test_a_country_added_to_the_rules(old):
    new = copy.deepcopy(old)
    new["jurisdictions"]["EU"] = {**copy.deepcopy(next(iter(old["jurisdictions"].values()))), "name": "European Union"}
    assert diff_results(old, new) == ["European Union is now covered by the rules."]
