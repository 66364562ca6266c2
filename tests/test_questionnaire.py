"""The questionnaire over HTTP: drafts, pages built from the catalogue, branching, review, hand-off, bad input.

Answers come from licenses/scenarios/*.yaml, so these tests keep working as the catalogue grows.
"""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from humanitarian.catalogue import get_catalogue
from humanitarian.determinations.models import Determination
from humanitarian.questionnaire.forms import AS_OF, ORGANIZATION, UNKNOWN_BOX, SectionForm
from humanitarian.questionnaire.models import Draft
from humanitarian.questionnaire.selectors import interview, rules_edition
from humanitarian.rules import UNKNOWN, decide
from humanitarian.rules.model import Option, Question

pytestmark = pytest.mark.django_db

SCENARIOS = get_catalogue().scenarios


def one_per_outcome(scenarios) -> list:
    """The first scenario of each distinct combination of expected outcomes: every kind of result, quickly."""
    kinds = {}
    for scenario in scenarios:
        kinds.setdefault(tuple(sorted((c, e["outcome"]) for c, e in scenario.by_country.items())), scenario)
    return list(kinds.values())


WALKED = one_per_outcome(SCENARIOS)


def start(client) -> str:
    """Start a draft; returns the first page's path."""
    response = client.post("/")
    assert response.status_code == 302
    return response["Location"]


def page_data(page, answers: dict, as_of=None, organization="") -> dict:
    """POST data answering the questions on ``page`` from ``answers``.

    A question ``answers`` leaves out gets "I don't know" where it allows it, else its first answer.
    """
    data = {}
    if AS_OF in page.context["form"].fields:
        data[ORGANIZATION] = organization
        data[AS_OF] = (as_of or timezone.localdate()).isoformat()
    for question in page.context["step"].questions:
        value = answers.get(question.id, UNKNOWN if question.allow_unknown else answer_choice(question))
        if question.type in ("date", "text") and value == UNKNOWN:
            data[f"{UNKNOWN_BOX}{question.id}"] = "on"
        else:
            data[question.id] = [value] if question.type == "multi_choice" and not isinstance(value, list) else value
    return data


def walk(client, answers: dict, as_of=None, organization="", path=None):
    """Answer every page the interview shows, up to the review page; returns (review response, pages seen)."""
    path = path or start(client)
    seen = []
    for _ in range(20):
        page = client.get(path)
        if page.templates[0].name == "questionnaire/review.html":
            return page, seen
        assert page.status_code == 200, path
        seen.append(page.context["step"])
        response = client.post(path, page_data(page, answers, as_of, organization))
        assert response.status_code == 302, response.content.decode()
        path = response["Location"]
    raise AssertionError("the interview never reached the review page")


def draft_of(path: str) -> Draft:
    return Draft.objects.get(token=path.split("/")[2])


def test_start_page_says_what_the_tool_does_and_keeps_drafts(client, settings):
    settings.DRAFT_RETENTION_DAYS = 17
    edition = rules_edition(get_catalogue())
    html = client.get("/").content.decode()
    assert "not legal advice" in html.lower() and "Not legal advice" in html
    assert edition["digest"] in html and len(edition["digest"]) == 12
    for country in edition["countries"]:  # what the start page claims comes from the versions themselves
        read = [v.verified_on for a in get_catalogue().authorizations for v in a.versions if v.verified_on]
        assert f"{country['read']} of {country['versions']} licence versions read" in html
        if country["latest"]:
            assert country["latest"].strftime("%-d %B %Y") in html and country["latest"] <= max(read)
    assert "17 days" in html
    assert re.search(r'<form method="post"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken"', html)


def test_start_creates_a_draft_behind_an_unguessable_link(client):
    first = start(client)
    second = start(client)
    assert Draft.objects.count() == 2
    token = draft_of(first).token
    assert len(token) >= 43 and token != draft_of(second).token  # 32 random bytes, URL-safe
    assert first.endswith(f"/step/{get_catalogue().sections[0].id}/")


def test_every_question_has_a_label_help_and_why_we_ask(client):
    page = client.get(start(client))
    html = page.content.decode()
    step = page.context["step"]
    assert step.number == 1 and "Step 1 of" in html
    for question in step.questions:
        assert f'id="q-{question.id}"' in html
        assert escape(question.prompt) in html and escape(question.help) in html
        block = html.split(f'data-question="{question.id}"')[1].split("data-question=")[0]
        assert ("<summary>Why we ask</summary>" in block) == bool(question.why)
        if question.why_url:
            assert f'href="{question.why_url}"' in block
    today = timezone.localdate()
    assert "Organization name (optional)" in html and 'name="_as_of_day"' in html
    assert f'name="_as_of_year" value="{today.year}"' in html and f'name="_as_of_day" value="{today.day}"' in html
    assert "Copy this link to continue later" in html and draft_of(page.request["PATH_INFO"]).token in html


@pytest.mark.parametrize("kind, widget", [("yes_no", "radio"), ("choice", "radio"), ("multi_choice", "checkbox")])
def test_field_widgets_follow_the_question_type(client, kind, widget):
    draft = Draft.objects.create()
    shown = [(s, q) for s in interview(get_catalogue(), {}, draft.as_of).steps for q in s.questions]
    step, question = next(((s, q) for s, q in shown if q.type == kind), (None, None))
    assert question is not None, f"no {kind} question is shown on an empty interview's pages"
    html = client.get(f"/d/{draft.token}/step/{step.section.id}/").content.decode()
    inputs = re.findall(rf'<input[^>]*type="{widget}"[^>]*name="{question.id}"[^>]*value="([^"]*)"', html)
    expected = [v for v, _ in question.labels() if v != UNKNOWN or question.allow_unknown]
    assert inputs == expected


@pytest.mark.parametrize("scenario", WALKED, ids=lambda s: s.name)
def test_each_kind_of_scenario_walked_through_the_pages_gets_the_outcomes_of_its_full_answers(client, scenario):
    review, pages = walk(client, scenario.answers, scenario.as_of, organization="Relief & Co")
    # Pages come in order; a page comes back once more when its answers raised another question on it.
    numbers = [step.number for step in pages]
    assert sorted(set(numbers)) == list(range(1, numbers[-1] + 1)) and numbers == sorted(numbers)
    for before, after in zip(pages, pages[1:], strict=False):
        if after.number == before.number:
            assert set(before.questions) < set(after.questions)
    assert all(step.questions for step in pages[1:]), "a page with nothing to ask was shown"
    response = client.post(review.request["PATH_INFO"])
    assert response.status_code == 302
    record = Determination.objects.get()
    assert response["Location"] == record.get_absolute_url()
    assert record.organization == "Relief & Co" and record.as_of == scenario.as_of
    outcomes = {code: j["outcome"] for code, j in record.result["jurisdictions"].items()}
    # The same outcomes as the scenario's full set of answers: the questions skipped could not change them.
    skipped = sorted(set(scenario.answers) - set(record.answers))
    assert outcomes == decide(get_catalogue(), scenario.answers, scenario.as_of).outcomes, (
        f"the interview did not ask {skipped}; open questions at the end: {record.result['open_questions']}"
    )


def test_questions_that_cannot_change_an_outcome_are_not_asked(client):
    """Some scenario is decided without asking every question it answers."""
    skipped = {}
    for scenario in WALKED:
        _, pages = walk(Client(), scenario.answers, scenario.as_of)
        asked = {q.id for step in pages for q in step.questions}
        skipped[scenario.name] = set(scenario.answers) - asked
    assert any(skipped.values()), "every scenario asked every question it answers"


def test_a_wrong_value_reshows_the_page_with_a_summary_and_keeps_the_other_answers(client):
    path = start(client)
    page = client.get(path)
    while len([q for q in page.context["step"].questions if q.type in ("yes_no", "choice")]) < 2:
        path = client.post(path, page_data(page, {}, organization="Kept Org"))["Location"]
        page = client.get(path)
    questions = [q for q in page.context["step"].questions if q.type in ("yes_no", "choice")]
    broken, kept = questions[0], questions[-1]
    data = page_data(page, {kept.id: answer_choice(kept)}, organization="Kept Org")
    before = dict(draft_of(path).answers)
    data[broken.id] = "not-an-option"
    response = client.post(path, data)
    assert response.status_code == 400
    html = response.content.decode()
    summary = html[html.index('role="alert"') : html.index("</div>", html.index('role="alert"'))]
    assert f'href="#id_{broken.id}_0"' in summary and "Select one of the answers listed." in summary
    assert html.count("Select one of the answers listed.") >= 2  # in the summary and above the options
    error, options = html.index(f'id="id_{broken.id}-error"'), html.index(f'id="id_{broken.id}_0"')
    assert error < options, "the error is above the options it is about"
    assert re.search(rf'name="{kept.id}" id="[^"]+" value="{answer_choice(kept)}" checked', html)
    assert draft_of(path).answers == before
    assert html.startswith("<!doctype html>") and "<title>Error: " in html


def answer_choice(question) -> str:
    """The question's first answer (a date or some text where it offers no list)."""
    if question.type == "date":
        return "2024-01-15"
    if question.type == "text":
        return "An answer"
    return next(v for v, _ in question.labels() if v != UNKNOWN)


def test_a_missing_answer_is_named_and_nothing_is_lost(client):
    path = start(client)
    page = client.get(path)
    first = page.context["step"].questions[0]
    data = page_data(page, {})
    data.pop(first.id, None)
    response = client.post(path, data)
    assert response.status_code == 400
    assert f'href="#id_{first.id}' in response.content.decode()
    assert first.id not in draft_of(path).answers


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2024", "The date must be a real date"),
        ("03/04/2024", "The date must be a real date"),  # never read day-first (or month-first)
        ("2024-1-5", "The date must be a real date"),
        ("0001-01-01", "The date must be between 2014 and 2100."),
    ],
)
def test_a_bad_date_is_refused_in_words(client, typed, message):
    path = start(client)
    data = page_data(client.get(path), {})
    data[AS_OF] = typed
    response = client.post(path, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert draft_of(path).answers == {}


def test_none_of_these_cannot_be_ticked_with_another_answer(client):
    question = next(q for q in get_catalogue().questions if any(o.exclusive for o in q.options))
    none, other = next(o for o in question.options if o.exclusive), question.options[0]
    scenario = next(s for s in SCENARIOS if question.id in s.answers)
    path = start(client)
    for _ in range(10):
        page = client.get(path)
        if any(q.id == question.id for q in page.context["step"].questions):
            break
        path = client.post(path, page_data(page, scenario.answers, scenario.as_of))["Location"]
    data = page_data(page, {**scenario.answers, question.id: [other.value, none.value]}, scenario.as_of)
    response = client.post(path, data)
    assert response.status_code == 400
    assert f"Select “{none.label}” on its own, or untick it" in response.content.decode()
    assert question.id not in draft_of(path).answers


@pytest.mark.parametrize("suffix", ["", "step/{section}/", "review/", "delete/"])
def test_a_tampered_link_is_a_plain_404(client, suffix):
    draft = Draft.objects.create()
    section = get_catalogue().sections[0].id
    tampered = draft.token[:-1] + ("A" if draft.token[-1] != "A" else "B")
    response = client.get(f"/d/{tampered}/" + suffix.format(section=section))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and "Not legal advice" in html and "Traceback" not in html


def test_an_unknown_section_is_a_404(client):
    draft = Draft.objects.create()
    assert client.get(f"/d/{draft.token}/step/no-such-section/").status_code == 404


def test_a_post_without_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    assert client.post("/").status_code == 403
    draft = Draft.objects.create()
    assert client.post(f"/d/{draft.token}/delete/").status_code == 403
    assert Draft.objects.count() == 1


def test_the_saved_link_resumes_where_the_person_stopped(client):
    scenario = SCENARIOS[0]
    path = start(client)
    client.post(path, page_data(client.get(path), scenario.answers, scenario.as_of))
    draft = draft_of(path)
    response = Client().get(draft.get_absolute_url())
    assert response.status_code == 302
    plan = interview(get_catalogue(), draft.answers, draft.as_of)
    assert response["Location"].endswith(f"/step/{plan.first_unanswered_step().key}/")


def branching_case():
    """A scenario, a question it answers that has an ask_if, and another answer that turns that ask_if false."""
    catalogue = get_catalogue()
    for scenario in SCENARIOS:
        for question in catalogue.questions:
            if question.ask_if is None or question.id not in scenario.answers:
                continue
            if question.ask_if.evaluate(scenario.answers).result is not True:
                continue
            for qid in sorted(question.ask_if.questions()):
                for value, _ in catalogue.question(qid).labels():
                    changed = {**scenario.answers, qid: [value] if isinstance(scenario.answers[qid], list) else value}
                    if question.ask_if.evaluate(changed).result is False:
                        return scenario, question, qid, changed[qid]
    raise AssertionError("no scenario answers a question whose ask_if another answer can turn false")


def test_changing_an_earlier_answer_drops_a_later_one_and_changing_back_restores_it(client):
    scenario, question, trigger, other = branching_case()
    review, _ = walk(client, scenario.answers, scenario.as_of)
    review_path = review.request["PATH_INFO"]
    draft = Draft.objects.get()
    page_of = interview(get_catalogue(), draft.answers, draft.as_of).step_of(trigger)
    edit = f"/d/{draft.token}/step/{page_of.key}/?next=review"

    page = client.get(edit)
    assert client.post(edit, page_data(page, {**draft.answers, trigger: other}, draft.as_of)).status_code == 302
    draft.refresh_from_db()
    assert draft.answers[question.id] == scenario.answers[question.id], "the later answer stays stored"
    plan = interview(get_catalogue(), draft.answers, draft.as_of)
    assert question.id not in plan.answers, "but no longer counts"
    assert f"#q-{question.id}" not in client.get(review_path).content.decode()

    page = client.get(edit)
    response = client.post(edit, page_data(page, scenario.answers, draft.as_of))
    assert response["Location"] == review_path
    assert f"#q-{question.id}" in client.get(review_path).content.decode()


def test_no_page_holds_a_question_that_depends_on_another_on_the_same_page():
    """So nothing appears or vanishes under the person's eyes: a follow-up question comes on the page after."""
    catalogue = get_catalogue()
    for scenario in SCENARIOS:
        for step in interview(catalogue, scenario.answers, scenario.as_of).steps:
            on_page = {q.id for q in step.questions}
            for question in step.questions:
                assert not (question.ask_if and question.ask_if.questions() & on_page), (scenario.name, step.key)


def test_a_result_is_filed_once_and_only_after_every_page_is_answered(client):
    path = start(client)
    draft = draft_of(path)
    refused = client.post(f"/d/{draft.token}/review/")
    assert refused.status_code == 400
    assert "Some questions are not answered yet" in refused.content.decode()
    assert f'href="{path}?next=review"' in refused.content.decode()
    assert not Determination.objects.exists()

    scenario = SCENARIOS[0]
    walk(client, scenario.answers, scenario.as_of, path=path)
    first, again = client.post(f"/d/{draft.token}/review/"), client.post(f"/d/{draft.token}/review/")
    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"]
    assert Determination.objects.count() == 1


def test_review_lists_every_effective_answer_with_a_change_link_that_returns_to_it(client):
    scenario = SCENARIOS[0]
    review, pages = walk(client, scenario.answers, scenario.as_of, organization="<b>Aid</b>")
    html = review.content.decode()
    draft = Draft.objects.get()
    plan = interview(get_catalogue(), draft.answers, draft.as_of)
    for qid in plan.answers:
        key = plan.step_of(qid).key
        assert f'href="/d/{draft.token}/step/{key}/?next=review#q-{qid}"' in html
    assert "&lt;b&gt;Aid&lt;/b&gt;" in html and "<b>Aid</b>" not in html
    assert "See the result" in html

    first = pages[0]
    edit = f"/d/{draft.token}/step/{first.key}/?next=review"
    page = client.get(edit)
    assert "Back to your answers" in page.content.decode()
    response = client.post(edit, page_data(page, draft.answers, draft.as_of, organization="Aid"))
    assert response["Location"] == review.request["PATH_INFO"]
    assert Draft.objects.get().organization == "Aid"


def test_next_only_ever_returns_to_the_review(client):
    path = start(client)
    response = client.post(f"{path}?next=https://example.com/", page_data(client.get(path), SCENARIOS[0].answers))
    assert "example.com" not in response["Location"]


def test_unknown_answers_list_the_open_questions_and_still_give_an_honest_result(client):
    review, _ = walk(client, {})
    html = review.content.decode()
    plan = interview(get_catalogue(), Draft.objects.get().answers, Draft.objects.get().as_of)
    assert "incomplete" in plan.decision.outcomes.values(), "answering “I don't know” throughout leaves a country open"
    assert "We cannot decide yet" in html
    for qid in plan.decision.open_questions:
        assert f"#q-{qid}" in html
    response = client.post(review.request["PATH_INFO"])
    record = Determination.objects.get()
    assert response["Location"] == record.get_absolute_url()
    assert "incomplete" in {j["outcome"] for j in record.result["jurisdictions"].values()}


def test_delete_asks_first_then_the_link_is_gone(client):
    path = start(client)
    draft = draft_of(path)
    confirm = client.get(f"/d/{draft.token}/delete/")
    assert confirm.status_code == 200 and "Yes, delete my answers" in confirm.content.decode()
    assert Draft.objects.exists()
    response = client.post(f"/d/{draft.token}/delete/", follow=True)
    assert "Your answers have been deleted" in response.content.decode()
    assert not Draft.objects.exists()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(path).status_code == 404


def test_purge_drafts_deletes_only_drafts_past_retention(settings):
    settings.DRAFT_RETENTION_DAYS = 30
    old, recent = Draft.objects.create(), Draft.objects.create()
    Draft.objects.filter(pk=old.pk).update(updated=timezone.now() - timedelta(days=31))
    Draft.objects.filter(pk=recent.pk).update(updated=timezone.now() - timedelta(days=29))
    out = StringIO()
    call_command("purge_drafts", stdout=out)
    assert list(Draft.objects.all()) == [recent]
    assert "Deleted 1 draft(s) not changed for 30 days." in out.getvalue()
    call_command("purge_drafts", "--days", "7", stdout=out)
    assert not Draft.objects.exists()


def test_saving_a_page_refreshes_the_retention_clock(client):
    path = start(client)
    Draft.objects.update(updated=timezone.now() - timedelta(days=40))
    client.post(path, page_data(client.get(path), SCENARIOS[0].answers))
    assert draft_of(path).updated > timezone.now() - timedelta(minutes=1)


@pytest.mark.parametrize("kind", ["yes_no", "choice", "multi_choice", "date", "text", "country"])
def test_catalogue_text_is_escaped_on_the_page(kind):
    hostile = "<script>alert(1)</script>"
    options = (Option("a", hostile, hostile),) if kind in ("choice", "multi_choice", "country") else ()
    question = Question("q", "s", hostile, hostile, kind, options, allow_unknown=True, why=hostile, why_url="")
    form = SectionForm(questions=[question], draft=Draft())
    html = render_to_string("questionnaire/_question.html", {"row": form.rows()[0]})
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_blank_page_flags_every_question_on_it_with_a_short_message(client):
    path = start(client)
    questions = client.get(path).context["step"].questions
    response = client.post(path, {AS_OF: timezone.localdate().isoformat()})
    errors = response.context["form"].errors
    for question in questions:
        (message,) = errors[question.id]
        assert message.startswith(question.error or "Select") and "?" not in message, message


def test_answers_the_questions_no_longer_accept_are_named_and_nothing_is_saved(client):
    catalogue = get_catalogue()
    question = next(q for q in catalogue.questions if q.type == "choice" and q.ask_if is None)
    draft = Draft.objects.create(answers={question.id: "withdrawn-option"})
    response = client.post(f"/d/{draft.token}/review/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Some answers no longer fit the questions" in html and "withdrawn-option" in html
    assert not Determination.objects.exists()
    assert Draft.objects.get().answers == {question.id: "withdrawn-option"}


def test_no_page_shows_template_syntax(client):
    """A template comment or tag that Django did not read would show on the page as text."""
    review, pages = walk(client, SCENARIOS[0].answers, SCENARIOS[0].as_of)
    draft = Draft.objects.get()
    step = f"/d/{draft.token}/step/{pages[0].key}/"
    urls = ["/", step, review.request["PATH_INFO"], "/library/", "/library/compare/"]
    for url in urls:
        html = client.get(url).content.decode()
        assert "{#" not in html and "{%" not in html and "{{" not in html, url
