"""Saved determinations: references, unguessable links, immutability, the page."""

import pytest

from humanitarian.catalogue import get_catalogue
from humanitarian.determinations.models import Determination
from humanitarian.determinations.services import InvalidAnswers, create_determination

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario():
    return get_catalogue().scenarios[0]


@pytest.fixture
def saved(scenario):
    return create_determination(answers=scenario.answers, as_of=scenario.as_of, organization="Relief Org")


def test_stores_the_engine_result_with_a_yearly_reference(saved, scenario):
    assert saved.reference.startswith(f"HD-{saved.created.year}-")
    assert saved.reference.endswith("000001")
    assert saved.result["catalogue_digest"] == get_catalogue().digest == saved.catalogue_digest
    assert saved.result["as_of"] == scenario.as_of.isoformat()
    assert set(saved.result["jurisdictions"]) == {"US", "UK"}
    again = create_determination(answers=scenario.answers, as_of=scenario.as_of)
    assert again.reference.endswith("000002")
    assert again.token != saved.token and len(saved.token) >= 40


def test_invalid_answers_are_refused_in_words(scenario):
    question = next(q for q in get_catalogue().questions if q.type == "yes_no")
    with pytest.raises(InvalidAnswers) as caught:
        create_determination(answers={**scenario.answers, question.id: "perhaps"}, as_of=scenario.as_of)
    assert question.id in str(caught.value)
    assert not Determination.objects.exists()


def test_a_saved_record_cannot_be_changed(saved):
    saved.organization = "Someone else"
    with pytest.raises(TypeError):
        saved.save()
    with pytest.raises(TypeError):
        Determination.objects.filter(pk=saved.pk).update(organization="Someone else")
    assert Determination.objects.get(pk=saved.pk).organization == "Relief Org"


def test_the_link_shows_the_record_and_a_tampered_one_is_404(client, saved):
    page = client.get(saved.get_absolute_url())
    assert page.status_code == 200
    assert saved.reference in page.content.decode()
    assert client.get(f"/determinations/{saved.token[:-1]}x/").status_code == 404
    assert client.get("/determinations/../admin/").status_code == 404
