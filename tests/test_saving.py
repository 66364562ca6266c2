"""Saving: a page merges its own answers into the draft, a stale page says so instead of winning, a second press
of a save button files nothing new, and references count up once each, every year afresh."""

from datetime import UTC, date, datetime

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from humanitarian.catalogue import get_catalogue
from humanitarian.determinations.models import Determination, ReferenceCounter
from humanitarian.determinations.services import create_determination, next_reference, save_for_another_date
from humanitarian.questionnaire.models import Draft
from humanitarian.questionnaire.services import StaleAnswers, save_page, start_draft, submit_draft
from humanitarian.questionnaire.views import CHANGED_ELSEWHERE
from tests.test_questionnaire import page_data, start

pytestmark = pytest.mark.django_db

SCENARIO = get_catalogue().scenarios[0]


def first_page(client, path):
    page = client.get(path)
    assert page.status_code == 200
    return page, page_data(page, SCENARIO.answers, SCENARIO.as_of), page.context["draft"].version


def test_a_stale_tab_is_shown_its_page_again_with_what_it_typed_and_wins_only_when_sent_again():
    one, two = Client(), Client()
    path = start(one)
    page, data, version = first_page(one, path)
    _, _, same = first_page(two, path)
    assert two.post(path, {**data, "_organization": "Org Two", "_version": same}).status_code == 302

    stale = one.post(path, {**data, "_organization": "Org One", "_version": version})
    assert stale.status_code == 409
    body = stale.content.decode()
    assert CHANGED_ELSEWHERE.split(":")[0] in body and 'value="Org One"' in body
    draft = Draft.objects.get()
    assert draft.organization == "Org Two"

    resent = one.post(path, {**data, "_organization": "Org One", "_version": stale.context["draft"].version})
    assert resent.status_code == 302
    assert Draft.objects.get().organization == "Org One"


def test_a_stale_tab_that_changes_nothing_another_tab_changed_saves_normally():
    draft = save_page(start_draft(), {"organization_type": "ngo"}, organization="Org")
    shown = draft.version
    save_page(draft, {"us_person": "yes"}, shown_version=shown)  # another page, saved meanwhile
    saved = save_page(draft, {"organization_type": "ngo", "activity_types": ["education"]}, shown_version=shown)
    assert saved.answers == {"organization_type": "ngo", "us_person": "yes", "activity_types": ["education"]}
    assert saved.organization == "Org"


def test_a_stale_page_names_each_answer_that_changed_since_it_was_shown():
    draft = save_page(start_draft(), {"organization_type": "ngo"}, organization="Org", as_of=date(2024, 1, 1))
    shown = draft.version
    save_page(draft, {"organization_type": "un"}, organization="Other")
    with pytest.raises(StaleAnswers) as refused:
        save_page(draft, {"organization_type": "ngo"}, organization="Mine", as_of=date(2024, 1, 1), shown_version=shown)
    assert sorted(refused.value.keys) == ["organization", "organization_type"]
    assert Draft.objects.get().answers == {"organization_type": "un"}


def test_a_choice_sent_twice_is_stored_once():
    draft = save_page(start_draft(), {"activity_types": ["education", "education", "development", "education"]})
    assert draft.answers == {"activity_types": ["education", "development"]}


def test_a_save_that_changes_nothing_keeps_the_version():
    draft = save_page(start_draft(), {"organization_type": "ngo"})
    assert save_page(draft, {"organization_type": "ngo"}).version == draft.version


def test_submitting_twice_files_once_and_a_change_files_anew():
    draft = save_page(start_draft(), SCENARIO.answers, as_of=SCENARIO.as_of)
    first = submit_draft(draft)
    assert submit_draft(Draft.objects.get()) == first
    changed = save_page(draft, {**SCENARIO.answers}, organization="Someone else")
    assert submit_draft(changed) != first
    assert Determination.objects.count() == 2


def test_another_date_pressed_again_gives_the_same_record():
    record = create_determination(answers=SCENARIO.answers, as_of=SCENARIO.as_of)
    again = [save_for_another_date(record, date(2023, 6, 1)) for _ in range(3)]
    assert len({r.pk for r in again}) == 1 and again[0] != record
    assert save_for_another_date(record, date(2023, 6, 2)) not in again


def test_references_count_up_once_each_and_restart_every_year(monkeypatch):
    year = timezone.now().year
    ReferenceCounter.objects.create(year=year, last=41)
    record = create_determination(answers=SCENARIO.answers, as_of=SCENARIO.as_of)
    assert record.reference == f"HD-{year}-000042"
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime(2031, 1, 1, tzinfo=UTC))
    with transaction.atomic():
        assert next_reference() == "HD-2031-000001"
