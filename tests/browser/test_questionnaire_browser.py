"""End-to-end interviews in headless Chromium, on a desktop and on a 390 px phone.

Three cases a compliance officer brings (a US-only NGO, a UK-only charity, someone answering "I don't know"
throughout), then a resumed draft, a keyboard-only pass, no JavaScript, the exclusive boxes, the date boxes, and an
axe-core scan of every kind of page. Scenarios are picked by what they say (licenses/scenarios/*.yaml), never by
name. Screenshots and the length of each interview go to artifacts/.
"""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from humanitarian.catalogue import get_catalogue
from humanitarian.determinations.models import Determination
from humanitarian.questionnaire.forms import UNKNOWN_BOX
from humanitarian.rules import UNKNOWN
from humanitarian.rules.vocabulary import Outcome

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
BLOCKING_IMPACTS = ("serious", "critical")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
US_LINKS, UK_LINKS = {"usd", "us_bank", "us_goods", "in_us"}, {"gbp", "uk_bank", "in_uk"}
# Questions only the other country's rules need: a US-only NGO must never see the first, a UK-only charity the second.
UK_ONLY = {"dec_member", "ngo_in_un_appeal", "ngo_donor_funded", "unga_observer_member", "uk_designated_parties"}
US_ONLY = {"us_owned", "us_blocked_parties", "us_blocked_program", "us_directive2_route", "directive4_payment"}


def outcomes(scenario) -> dict:
    return {code: expected["outcome"] for code, expected in scenario.by_country.items()}


def first_scenario(wanted, description):
    found = next((s for s in get_catalogue().scenarios if wanted(s)), None)
    assert found, f"no scenario in licenses/scenarios/ is {description}"
    return found


def us_only():
    def fits(s):
        a = s.answers
        return a.get("us_person") == "yes" and a.get("uk_person") == "no" and not UK_LINKS & set(a.get("links", []))

    return first_scenario(lambda s: fits(s) and s.answers.get("organization_type") == "ngo", "a US-only NGO")


def uk_only():
    def fits(s):
        a = s.answers
        return a.get("uk_person") == "yes" and a.get("us_person") == "no" and not US_LINKS & set(a.get("links", []))

    return first_scenario(lambda s: fits(s) and s.answers.get("organization_type") == "ngo", "a UK-only charity")


CASES = {"us-only-ngo": us_only, "uk-only-charity": uk_only, "dont-know-throughout": lambda: None}


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


def assert_fits(page, where: str):
    """Nothing is wider than the window: no sideways scrolling on a phone."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    viewport = page.evaluate("() => window.innerWidth")
    assert width <= viewport, f"the {where} is {width} px wide in a {viewport} px window"


def answer_page(page, answers: dict, as_of=None):
    """Answer the questions on the current page from ``answers``; a question left out gets "I don't know" where
    offered, else its first answer. Returns the ids of the questions on the page."""
    if page.locator("#id__as_of_0").count():
        page.fill("#id__organization", "Relief <Org>")
        if as_of is not None:
            for box, part in enumerate((as_of.day, as_of.month, as_of.year)):
                page.fill(f"#id__as_of_{box}", str(part))
    asked = []
    for block in page.locator("[data-question]").all():
        qid = block.get_attribute("data-question")
        asked.append(qid)
        if block.locator(f'[name="{qid}_day"]').count():
            fill_day(block, qid, answers.get(qid, UNKNOWN))
            continue
        inputs = block.locator(f'[name="{qid}"]')
        kind = inputs.first.get_attribute("type")
        offered = [i.get_attribute("value") for i in inputs.all()] if kind in ("radio", "checkbox") else []
        value = answers.get(qid, UNKNOWN if UNKNOWN in offered else (offered[0] if offered else "An answer"))
        if kind == "checkbox":
            chosen = value if isinstance(value, list) else [value]
            for box in inputs.all():
                box.set_checked(box.get_attribute("value") in chosen)
        elif kind == "radio":
            block.locator(f'[name="{qid}"][value="{value}"]').check()
        elif value == UNKNOWN:
            block.locator(f'[name="{UNKNOWN_BOX}{qid}"]').check()
        else:
            inputs.fill(str(value))
    return asked


def fill_day(block, qid, value):
    if value == UNKNOWN:
        block.locator(f'[name="{UNKNOWN_BOX}{qid}"]').check()
        return
    year, month, day = str(value).split("-")
    for part, typed in (("day", day), ("month", month), ("year", year)):
        block.locator(f'[name="{qid}_{part}"]').fill(str(int(typed)))


def answer_until_review(page, answers: dict, as_of=None, where="") -> dict:
    """Answer page after page up to "Check your answers"; returns the pages seen and every question asked."""
    seen = {"pages": 0, "questions": []}
    for _ in range(30):
        if "/review/" in page.url:
            return seen
        assert_fits(page, f"page {seen['pages'] + 1} {where}")
        seen["questions"] += [q for q in answer_page(page, answers, as_of) if q not in seen["questions"]]
        seen["pages"] += 1
        with page.expect_navigation():
            page.get_by_role("button", name="Save and continue").click()
    raise AssertionError(f"never reached the review page; stuck at {page.url}")


def see_result(page, expected: dict | None):
    """From the review page to the saved determination; it says the expected outcomes, if any, in words first."""
    with page.expect_navigation():
        page.get_by_role("button", name="See the result").click()
    assert "/determinations/" in page.url
    record = Determination.objects.get(token=page.url.rstrip("/").split("/")[-1])
    got = {code: j["outcome"] for code, j in record.result["jurisdictions"].items()}
    if expected is not None:
        assert got == expected
    title = page.get_by_role("heading", level=1)
    for code, j in record.result["jurisdictions"].items():
        expect(title).to_contain_text(f"{code}: {j['answer']}")
        expect(page.locator(f'section[aria-labelledby="jurisdiction-{code}"]')).to_contain_text(
            Outcome(j["outcome"]).label
        )
    assert record.organization == "Relief <Org>"
    return record


def screenshot(page, name: str):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def start(page):
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("button", name="Start now").click()


@pytest.mark.parametrize("screen", ["desktop", "phone"])
@pytest.mark.parametrize("case", list(CASES))
def test_three_cases_answer_first_on_desktop_and_phone(browser, live_server, case, screen):
    scenario = CASES[case]()
    viewport = DESKTOP if screen == "desktop" else PHONE
    context = browser.new_context(base_url=live_server.url, viewport=viewport)
    page = context.new_page()
    start(page)
    answers = scenario.answers if scenario else {}
    seen = answer_until_review(page, answers, scenario.as_of if scenario else None, where=f"({case}, {screen})")
    assert_fits(page, f"review page ({case}, {screen})")
    if case == "us-only-ngo":
        assert not UK_ONLY & set(seen["questions"]), "a US-only NGO was asked what only UK rules need"
    if case == "uk-only-charity":
        assert not US_ONLY & set(seen["questions"]), "a UK-only charity was asked what only US rules need"
    record = see_result(page, outcomes(scenario) if scenario else None)
    assert_fits(page, f"result page ({case}, {screen})")
    if screen == "phone":  # both answers on the first screen
        for code in record.result["jurisdictions"]:
            box = page.locator(f'section[aria-labelledby="jurisdiction-{code}"]').bounding_box()
            assert box["y"] + box["height"] <= PHONE["height"], f"the {code} answer is below the first screen"
    steps = page.locator("#what-to-do ~ ol.steps li, #what-to-do ~ p").first
    expect(steps).to_be_visible()
    if case == "dont-know-throughout":
        expect(page.get_by_role("link", name="Change your answers")).to_be_visible()
    screenshot(page, f"result-{case}-{screen}.png")
    record_length(case, screen, seen)
    context.close()


def record_length(case: str, screen: str, seen: dict):
    """How many pages and questions the case needed, for the report (artifacts/interview-lengths.json)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "interview-lengths.json"
    lengths = json.loads(path.read_text()) if path.exists() else {}
    lengths[f"{case} ({screen})"] = {"pages": seen["pages"], "questions": len(seen["questions"])}
    path.write_text(json.dumps(lengths, indent=2, sort_keys=True))


def test_every_kind_of_page_is_accessible_and_fits_a_small_phone(browser, live_server):
    scenario = get_catalogue().scenarios[0]
    # The site's Content-Security-Policy forbids injected scripts; only this scan's context may inject axe.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, viewport={"width": 320, "height": 700})
    page = context.new_page()
    page.goto("/")
    assert_accessible(page, "start page")
    assert_fits(page, "start page")
    start(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()  # nothing answered yet
    expect(page.locator("#error-summary")).to_be_focused()
    assert_accessible(page, "page with errors")
    screenshot(page, "page-with-errors-320.png")
    answer_until_review(page, scenario.answers, scenario.as_of, where="(320 px)")
    assert_accessible(page, "review page")
    see_result(page, outcomes(scenario))
    assert_accessible(page, "determination page")
    for box, value in zip(("0", "1", "2"), ("31", "2", "2024"), strict=True):
        page.fill(f"#id_as_of_{box}", value)
    with page.expect_navigation():
        page.get_by_role("button", name="Save a determination for this date").click()
    expect(page.locator("#error-summary")).to_be_focused()
    assert_accessible(page, "determination page with an error")
    for where in ("/library/", "/library/compare/", f"/library/{get_catalogue().authorizations[0].id}/"):
        page.goto(where)
        assert_fits(page, f"page {where}")
        assert_accessible(page, f"page {where}")
    context.close()


def test_focus_is_visible_borders_contrast_and_targets_are_large_enough(page):
    start(page)
    radio = page.locator('input[type="radio"]').first
    page.keyboard.press("Tab")
    radio.focus()
    style = radio.evaluate(
        """e => { const s = getComputedStyle(e), r = e.getBoundingClientRect();
           return {outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow,
                   border: s.borderTopColor, background: getComputedStyle(document.body).backgroundColor,
                   w: r.width, h: r.height}; }"""
    )
    assert style["outline"] != "none" and style["width"] >= 3, style
    assert contrast(style["border"], style["background"]) >= 3, style
    assert style["w"] >= 24 and style["h"] >= 24, style


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two CSS rgb() colours."""

    def luminance(css: str) -> float:
        channels = [int(float(c)) / 255 for c in css[css.index("(") + 1 : css.index(")")].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_none_of_these_and_dont_know_untick_the_other_boxes(page):
    start(page)
    scenario = get_catalogue().scenarios[0]
    for _ in range(10):
        boxes = page.locator("input[type=checkbox][data-exclusive]")
        if boxes.count():
            break
        answer_page(page, scenario.answers, scenario.as_of)
        with page.expect_navigation():
            page.get_by_role("button", name="Save and continue").click()
    exclusive = boxes.first
    name = exclusive.get_attribute("name")
    other = page.locator(f"input[type=checkbox][name='{name}']:not([data-exclusive])").first
    other.check()
    exclusive.check()
    expect(other).not_to_be_checked()
    other.check()
    expect(exclusive).not_to_be_checked()


def test_an_impossible_date_keeps_what_was_typed_and_says_what_is_wrong(page):
    start(page)
    page.fill("#id__as_of_0", "31")
    page.fill("#id__as_of_1", "2")
    page.fill("#id__as_of_2", "2024")
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("#error-summary")).to_contain_text("The date must be a real date")
    expect(page.locator("#id__as_of_0")).to_have_value("31")
    expect(page.locator("#id__as_of_2")).to_have_value("2024")


def test_licence_required_without_javascript(browser, live_server):
    scenario = first_scenario(lambda s: "licence_required" in outcomes(s).values(), "a case needing a licence")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    start(page)
    answer_until_review(page, scenario.answers, scenario.as_of)
    see_result(page, outcomes(scenario))
    screenshot(page, "result-licence-required-no-javascript.png")
    context.close()


def test_a_draft_resumed_from_its_link_in_a_new_browser_keeps_its_answers(browser, live_server, page):
    scenario = us_only()
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
    expect(fresh.locator(f'[name="location"][value="{scenario.answers["location"]}"]')).to_be_checked()
    expect(fresh.locator("#id__as_of_2")).to_have_value(str(scenario.as_of.year))
    answer_until_review(fresh, scenario.answers, scenario.as_of)
    see_result(fresh, outcomes(scenario))
    fresh.context.close()


def test_keyboard_only_from_start_to_result(page):
    """Tab moves, Space ticks the first answer of each group still unanswered, Enter submits."""
    page.goto("/")
    for _ in range(30):  # start page, each page of questions, the review page
        if "/determinations/" in page.url:
            break
        tab_and_submit(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("US: ")


def tab_and_submit(page):
    focused = """() => { const e = document.activeElement;
        const group = e.name ? [...document.getElementsByName(e.name)] : [];
        return {tag: e.tagName, type: e.type || '', id: e.id, answered: group.some(i => i.checked)}; }"""
    for _ in range(300):
        page.keyboard.press("Tab")
        element = page.evaluate(focused)
        if element["type"] in ("radio", "checkbox") and not element["answered"]:
            page.keyboard.press("Space")
        elif element["tag"] == "BUTTON" and element["type"] == "submit":
            with page.expect_navigation():
                page.keyboard.press("Enter")
            return
    raise AssertionError(f"no submit button reached by Tab on {page.url}")
