"""Saved determinations: references, unguessable links, immutability, the page."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from humanitarian.catalogue import get_catalogue
from humanitarian.determinations.models import Determination
from humanitarian.determinations.services import InvalidAnswers, create_determination
from humanitarian.rules.vocabulary import Outcome

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


def test_each_reason_says_whether_it_holds(client):
    scenario = next(s for s in get_catalogue().scenarios if s.name == "gl27-ngo-pays-staff-and-taxes")
    record = create_determination(answers=scenario.answers, as_of=scenario.as_of)
    assert record.result["jurisdictions"]["UK"]["outcome"] == "not_engaged"
    page = client.get(record.get_absolute_url()).content.decode()
    assert "Does not hold: a UK person takes part in the activity (you answered: No)" in page
    assert "<li>UK financial sanctions bind everyone" in page  # a statement of law, not a test of an answer


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
    for odd in ("%00", f"{saved.token[:20]}%00{saved.token[21:]}", "x" * 65, "short"):
        for url in (f"/determinations/{odd}/", f"/determinations/{odd}/pdf/", f"/d/{odd}/", f"/d/{odd}/review/"):
            assert client.get(url).status_code == 404, url
    assert client.get("/determinations/../admin/").status_code == 404


def test_page_shows_both_countries_and_escapes_free_text(client, scenario):
    hostile = "<script>alert(1)</script>"
    record = create_determination(answers=scenario.answers, as_of=scenario.as_of, organization=hostile)
    html = client.get(record.get_absolute_url()).content.decode()
    assert hostile not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for j in record.result["jurisdictions"].values():
        assert f"{j['name']} ({j['authority']})" in html
        assert Outcome(j["outcome"]).label in html
        for auth in j["authorizations"]:
            assert auth["source_url"] in html  # every authorization's text one click away
    assert record.result["catalogue_digest"] in html
    assert "Not legal advice" in html
    assert 'href="' + record.get_absolute_url() + 'pdf/?paper=letter"' in html


def test_another_date_saves_a_new_record_and_keeps_this_one(client, saved):
    response = client.post(f"{saved.get_absolute_url()}as-of/", {"as_of": "2023-01-01"})
    new = Determination.objects.exclude(pk=saved.pk).get()
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    assert new.as_of.isoformat() == new.result["as_of"] == "2023-01-01"
    assert new.answers == saved.answers and new.organization == saved.organization
    assert Determination.objects.get(pk=saved.pk).result == saved.result


@pytest.mark.parametrize("value", ["", "2024-13-45", "soon", "1800-01-01"])
def test_a_bad_date_is_explained_and_saves_nothing(client, saved, value):
    response = client.post(f"{saved.get_absolute_url()}as-of/", {"as_of": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html and 'class="error-message"' in html
    assert Determination.objects.count() == 1


def test_check_says_unchanged_when_the_rules_are_the_same(client, saved):
    html = client.get(f"{saved.get_absolute_url()}check/").content.decode()
    assert "Unchanged since saved" in html
    assert "rules are the same version" in html


@pytest.fixture
def edited_rules(tmp_path, settings):
    """A copy of the catalogue the test may edit; the site serves it from the moment the test calls ``use``."""
    root = tmp_path / "licenses"
    shutil.copytree(settings.LICENSES_DIR, root)
    shutil.rmtree(root / "scenarios")  # worked cases name authorizations the test may remove
    (root / "scenarios").mkdir()

    def use():
        settings.LICENSES_DIR = root
        get_catalogue.cache_clear()

    yield root, use
    get_catalogue.cache_clear()


def applying(result, code):
    return [a for a in result["jurisdictions"][code]["authorizations"] if a["status"] in ("applies", "needs_review")]


def test_a_record_reads_the_same_after_the_rules_change_and_the_check_says_what_changed(client, edited_rules):
    scenario = next(s for s in get_catalogue().scenarios if any(applying_ids(s)))
    record = create_determination(answers=scenario.answers, as_of=scenario.as_of)
    code, auth = next((c, a) for c in record.result["jurisdictions"] for a in applying(record.result, c))
    root, use = edited_rules
    catalogue = get_catalogue()
    file = Path(catalogue.root).parent / catalogue.authorization(auth["id"]).path
    (root / file.relative_to(catalogue.root)).unlink()
    use()
    assert get_catalogue().digest != record.catalogue_digest

    page = client.get(record.get_absolute_url()).content.decode()
    assert auth["version"] in page and auth["summary"].split(".")[0] in page.replace("&#x27;", "'")
    assert Determination.objects.get(pk=record.pk).result == record.result

    check = client.get(f"{record.get_absolute_url()}check/").content.decode()
    assert "Something changed since this was saved" in check
    assert f"{auth['version']} ({auth['title']}) is no longer in the rules".replace("'", "&#x27;") in check
    assert "The rules have been updated since this was saved" in check


def applying_ids(scenario):
    return [aid for e in scenario.by_country.values() for aid in e.get("applies", []) + e.get("needs_review", [])]


def test_load_demo_saves_each_scenario_once():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=out)
    assert Determination.objects.count() == len(get_catalogue().scenarios)
    for record in Determination.objects.all():
        assert out.getvalue().count(record.get_absolute_url()) == 2


def test_an_open_result_leads_back_to_the_answers_that_would_settle_it(client):
    """From the result: "Change your answers", and each open question a link to the page that asks it."""
    from humanitarian.questionnaire.models import Draft
    from humanitarian.questionnaire.services import submit_draft

    draft = Draft.objects.create(answers={})
    record = submit_draft(draft)
    assert record.result["open_questions"], "with no answers some question is open"
    html = client.get(record.get_absolute_url()).content.decode()
    assert f'href="/d/{draft.token}/review/"' in html and "Change your answers" in html
    question = record.result["open_questions"][0]["id"]
    link = f"/d/{draft.token}/?question={question}"
    assert f'href="{link}"' in html
    page = client.get(link)
    assert page.status_code == 302 and page["Location"].endswith(f"?next=review#q-{question}")
    assert f'data-question="{question}"' in client.get(page["Location"]).content.decode()

    draft.delete()  # the record stays as it is, without the way back
    again = client.get(record.get_absolute_url()).content.decode()
    assert "Change your answers" not in again and Determination.objects.get(pk=record.pk).result == record.result


def test_the_questions_to_answer_are_listed_once_and_the_steps_point_to_them(client):
    record = create_determination(answers={}, as_of=get_catalogue().scenarios[0].as_of)
    html = client.get(record.get_absolute_url()).content.decode()
    steps = html[html.index('id="what-to-do"') : html.index('id="not-decided"')]
    for code, j in record.result["jurisdictions"].items():
        count = len(j["open_questions"])
        assert f'<a href="#not-decided">the {count} question{"s" if count > 1 else ""} under' in steps, code
    for question in record.result["open_questions"]:
        prompt = question["prompt"].replace("'", "&#x27;")
        assert prompt not in steps and prompt in html[html.index('id="not-decided"') :]
