"""The condition outline and the diff between consecutive versions: pure functions over catalogue values."""

from dataclasses import replace
from datetime import date

import pytest

from humanitarian.catalogue import get_catalogue
from humanitarian.library.diff import version_changes
from humanitarian.library.outline import outline, outline_text
from humanitarian.rules.conditions import All, Answer, Any, Not
from humanitarian.rules.model import Exclusion, Obligation

NGO = Answer("org", "is", "ngo", "the organization is an NGO")
RELIEF = Answer("kinds", "includes", "relief", "the activity is relief")
BLOCKED = Answer("blocked", "is", "other", "another blocked person is involved")


@pytest.fixture
def version():
    """A real version from the catalogue, so the diff is tested on the type the library really reads."""
    auth = get_catalogue().authorizations[0]
    return replace(
        auth.versions[0],
        applies_if=All((NGO, RELIEF)),
        excluded_if=(Exclusion("blocked", BLOCKED, "Only banks may be blocked.", "https://example.org/x"),),
        obligations=(Obligation("report", "Report within 30 days.", deadline="30 days", to_whom="OFAC"),),
        review_points=(),
        allows=("Relief",),
        conditions=("Only banks may be blocked.",),
        expires=date(2023, 1, 1),
    )


def test_outline_keeps_every_sentence_in_its_nesting():
    tree = All((NGO, Any((RELIEF, Not(BLOCKED))), Not(BLOCKED, says="no other blocked person is involved")))
    node = outline(tree)
    assert node["text"] == "All of these:" and node["join"] == "all"
    first, either, labelled = node["items"]
    assert first == {"text": NGO.says, "join": None, "items": [], "question": "org", "test": "is", "value": "ngo"}
    assert either["text"] == "At least one of these:"
    assert [i["text"] for i in either["items"]] == [RELIEF.says, "This must not be the case:"]
    assert either["items"][1]["items"][0]["text"] == BLOCKED.says
    assert labelled["text"] == "no other blocked person is involved" and labelled["join"] == "not"
    assert outline_text(outline(Any((NGO, RELIEF)))) == f"At least one of these: ({NGO.says}; {RELIEF.says})"


def test_every_catalogue_condition_outlines_to_its_own_sentences():
    for auth in get_catalogue().authorizations:
        for version in auth.versions:
            leaves = _leaf_texts(outline(version.applies_if))
            assert leaves and all(isinstance(t, str) and t for t in leaves), (auth.id, version.id)


def test_identical_versions_have_no_changes(version):
    assert version_changes(version, version) == []


def test_each_kind_of_change_is_named(version):
    newer = replace(
        version,
        expires=None,
        allows=("Relief", "Training"),
        conditions=(),
        applies_if=All((NGO, Answer("kinds", "includes", "relief", "the activity is relief or training"), BLOCKED)),
        excluded_if=(),
        obligations=(Obligation("report", "Report within 30 days.", deadline="10 days", to_whom="OFAC"),),
    )
    changes = {(c["section"], c["change"], c["before"], c["after"]) for c in version_changes(version, newer)}
    assert ("Dates: Expires", "changed", "2023-01-01", "no expiry date") in changes
    assert ("What it allows", "added", None, "Training") in changes
    assert ("Conditions", "removed", "Only banks may be blocked.", None) in changes
    assert ("When it applies", "changed", RELIEF.says, "the activity is relief or training") in changes
    assert ("When it applies", "added", None, BLOCKED.says) in changes
    assert any(s == "Exclusions" and c == "removed" and "Only banks may be blocked." in b for s, c, b, _ in changes)
    [obligation] = [(b, a) for s, c, b, a in changes if s == "Obligations"]
    assert "30 days" in obligation[0] and "10 days" in obligation[1]
    assert len(changes) == 7


def test_a_test_whose_sentence_stayed_shows_its_values(version):
    wider = Answer("kinds", "includes_any", ["relief", "training"], NGO.says)
    older = replace(version, applies_if=All((Answer("kinds", "includes_any", ["relief"], NGO.says),)))
    [change] = version_changes(older, replace(version, applies_if=All((wider,))))
    assert change["before"] != change["after"] and "training" in change["after"] and "training" not in change["before"]


def test_a_change_in_how_tests_combine_is_reported_whole(version):
    [change] = version_changes(version, replace(version, applies_if=Any((NGO, RELIEF))))
    assert change["section"] == "When it applies" and change["change"] == "changed"
    assert change["before"].startswith("All of these") and change["after"].startswith("At least one")


def test_a_test_moved_under_not_is_a_different_test(version):
    changes = version_changes(version, replace(version, applies_if=All((NGO, Not(RELIEF)))))
    assert {c["change"] for c in changes} == {"added", "removed"}


def test_consecutive_catalogue_versions_differ_at_least_in_their_dates():
    for auth in get_catalogue().authorizations:
        for older, newer in zip(auth.versions, auth.versions[1:], strict=False):
            sections = {c["section"] for c in version_changes(older, newer)}
            assert "Dates: In force from" in sections, (auth.id, newer.id)


def _leaf_texts(node) -> list[str]:
    return [node["text"]] if not node["items"] else [t for item in node["items"] for t in _leaf_texts(item)]
