"""End-to-end interviews in headless Chromium: scenarios answered page by page, a resumed draft,
a keyboard-only pass, in-place branching, and an axe-core scan of every kind of page.

Scenarios are picked by what they expect (licenses/scenarios/*.yaml), never by name.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from humanitarian.catalogue import get_catalogue
from humanitarian.determinations.models import Determination
from humanitarian.questionnaire.forms import UNKNOWN_BOX
from humanitarian.rules import UNKNOWN
from humanitarian.rules.vocabulary import Outcome
from tests.branching import same_page_branches

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
BLOCKING_IMPACTS = ("serious", "critical")


def outcomes(scenario) -> dict:
    return {code: expected["outcome"] for code, expected in scenario.by_country.items()}


def pick_scenario(wanted, description):
    for scenario in get_catalogue().scenarios:
        if wanted(list(outcomes(scenario).values())):
            return scenario
    pytest.skip(f"no scenario in licenses/scenarios/ expects {description} yet")


def authorized_in_both():
    return pick_scenario(lambda found: found and all(o == "authorized" for o in found), "authorized in both countries")


def authorized_in_one():
    return pick_scenario(lambda found: found.count("authorized") == 1, "authorized in one country only")


def licence_required():
    return pick_scenario(lambda found: "licence_required" in found, "a specific licence")


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    yield context.new_page()
    context.close()


def assert_accessible(page, where: str):
    """No serious or critical axe-core violation on the page as it stands."""
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    details = "\n".join(
        f"{v['impact']}: {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}" for v in blocking
    )
    assert not blocking, f"accessibility problems on the {where}:\n{details}"


def answer_page(page, answers: dict, as_of=None):
    """Answer the questions visible on the current page from ``answers``.

    A question ``answers`` leaves out gets "I don't know" where offered, else its first answer.
    """
    if as_of is not None and page.locator("#id__as_of_0").count():
        page.fill("#id__organization", "Relief <Org>")
        for box, part in enumerate((as_of.day, as_of.month, as_of.year)):
            page.fill(f"#id__as_of_{box}", str(part))
    for block in page.locator("[data-question]").all():
        if not block.is_visible():
            continue
        qid = block.get_attribute("data-question")
        if block.locator(f'[name="{qid}_day"]').count():  # a date: day, month and year boxes
            fill_day(block, qid, answers.get(qid, UNKNOWN))
            settle(page)
            continue
        inputs = block.locator(f'[name="{qid}"]')
        kind = inputs.first.get_attribute("type") or "select"
        offered = [i.get_attribute("value") for i in inputs.all()] if kind in ("radio", "checkbox") else []
        fallback = UNKNOWN if UNKNOWN in offered else (offered[0] if offered else "")
        value = answers.get(qid, fallback)
        if kind in ("date", "text") and value == UNKNOWN:
            block.locator(f'[name="{UNKNOWN_BOX}{qid}"]').check()
        elif kind == "checkbox":
            chosen = value if isinstance(value, list) else [value]
            for box in inputs.all():
                box.set_checked(box.get_attribute("value") in chosen)
        elif kind == "radio":
            block.locator(f'[name="{qid}"][value="{value}"]').check()
        elif kind == "select":
            inputs.select_option(value)
        else:
            inputs.fill(str(value))
        settle(page)


def fill_day(block, qid, value):
    if value == UNKNOWN:
        block.locator(f'[name="{UNKNOWN_BOX}{qid}"]').check()
        return
    year, month, day = str(value).split("-")
    for part, typed in (("day", day), ("month", month), ("year", year)):
        block.locator(f'[name="{qid}_{part}"]').fill(str(int(typed)))


def settle(page):
    """Wait until the page's script has applied the branching for the last answer (no-op without it)."""
    page.wait_for_selector("form[data-asked-url]:not([aria-busy])", state="attached")


def answer_until_review(page, answers: dict, as_of=None):
    for _ in range(20):
        if "/review/" in page.url:
            return
        answer_page(page, answers, as_of)
        with page.expect_navigation():
            page.get_by_role("button", name="Save and continue").click()
    raise AssertionError(f"never reached the review page; stuck at {page.url}")


def see_result(page, scenario, screenshot: str):
    """From the review page to the saved determination; checks it shows the scenario's outcomes."""
    with page.expect_navigation():
        page.get_by_role("button", name="See the result").click()
    assert "/determinations/" in page.url
    for code, outcome in outcomes(scenario).items():
        expect(page.locator(f'section[aria-labelledby="jurisdiction-{code}"]')).to_contain_text(Outcome(outcome).label)
    record = Determination.objects.get(token=page.url.rstrip("/").split("/")[-1])
    assert {code: j["outcome"] for code, j in record.result["jurisdictions"].items()} == outcomes(scenario)
    assert record.organization == "Relief <Org>"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / screenshot), full_page=True)


def start(page):
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("button", name="Start").click()


def test_authorized_in_both_countries_scanned_for_accessibility_on_every_page(browser, live_server):
    scenario = authorized_in_both()
    # The site's Content-Security-Policy forbids injected scripts; only this scan's context may inject axe.
    page = browser.new_context(base_url=live_server.url, bypass_csp=True).new_page()
    page.goto("/")
    assert_accessible(page, "start page")
    start(page)
    assert_accessible(page, "first section page")
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()  # nothing answered yet
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.locator("#error-summary")).to_be_focused()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "section-page-with-errors.png"), full_page=True)
    assert_accessible(page, "section page with errors")
    answer_until_review(page, scenario.answers, scenario.as_of)
    assert_accessible(page, "review page")
    see_result(page, scenario, "determination-authorized-in-both.png")
    assert_accessible(page, "determination page")
    page.context.close()


def test_authorized_in_one_country_only(page):
    scenario = authorized_in_one()
    start(page)
    answer_until_review(page, scenario.answers, scenario.as_of)
    see_result(page, scenario, "determination-authorized-in-one.png")


def test_licence_required_without_javascript(browser, live_server):
    scenario = licence_required()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    start(page)
    answer_until_review(page, scenario.answers, scenario.as_of)
    see_result(page, scenario, "determination-licence-required.png")
    context.close()


def test_a_draft_resumed_from_its_link_in_a_new_browser_keeps_its_answers(browser, live_server, page):
    scenario = authorized_in_one()
    start(page)
    answer_page(page, scenario.answers, scenario.as_of)
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()
    link = page.locator("#draft-link").input_value()
    page.context.close()

    fresh = browser.new_context(base_url=live_server.url).new_page()
    fresh.goto(link)
    expect(fresh.locator("#progress-step")).to_contain_text("Step 2 of")
    with fresh.expect_navigation():
        fresh.get_by_role("link", name="Back").click()
    first_page = [q for q in get_catalogue().questions if q.section == get_catalogue().sections[0].id]
    for question in first_page:
        value = scenario.answers.get(question.id)
        if isinstance(value, str) and fresh.locator(f'[data-question="{question.id}"]').is_visible():
            expect(fresh.locator(f'[name="{question.id}"][value="{value}"]')).to_be_checked()
    expect(fresh.locator("#id__as_of_2")).to_have_value(str(scenario.as_of.year))
    answer_until_review(fresh, scenario.answers, scenario.as_of)
    see_result(fresh, scenario, "determination-resumed.png")
    fresh.context.close()


def test_keyboard_only_from_start_to_result(page):
    """Tab moves, Space ticks the first answer of each group still unanswered, Enter submits."""
    page.goto("/")
    for _ in range(12):  # start page, each section, the review page
        if "/determinations/" in page.url:
            break
        tab_and_submit(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("US: ")


def tab_and_submit(page):
    focused = """() => { const e = document.activeElement;
        const group = e.name ? [...document.getElementsByName(e.name)] : [];
        return {tag: e.tagName, type: e.type || '', text: e.innerText || '', answered: group.some(i => i.checked)}; }"""
    for _ in range(300):
        page.keyboard.press("Tab")
        element = page.evaluate(focused)
        if element["type"] in ("radio", "checkbox") and not element["answered"]:
            page.keyboard.press("Space")
            settle(page)
        elif element["tag"] == "BUTTON" and element["type"] == "submit":
            with page.expect_navigation():
                page.keyboard.press("Enter")
            return
    raise AssertionError(f"no submit button reached by Tab on {page.url}")


def test_branching_hides_a_question_in_place_when_an_answer_on_the_page_rules_it_out(page):
    catalogue = get_catalogue()
    start(page)
    blocks = {b.get_attribute("data-question"): b for b in page.locator("[data-question]").all()}
    questions = [catalogue.question(qid) for qid in blocks]
    for question, qid, ruled_out, allowed in same_page_branches(catalogue, questions):
        if ruled_out and allowed:
            block = blocks[question.id]
            page.check(f'[name="{qid}"][value="{ruled_out[0]}"]')
            expect(block).to_be_hidden()
            expect(block.locator("input").first).to_be_disabled()
            page.check(f'[name="{qid}"][value="{allowed[0]}"]')
            expect(block).to_be_visible()
            expect(block.locator("input").first).to_be_enabled()
            return
    pytest.skip("no question on the first page depends on another one there")
