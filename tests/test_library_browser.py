"""The library in headless Chromium: filters used by keyboard alone without JavaScript, and an axe-core scan."""

from pathlib import Path

import pytest
from django.test import override_settings

from humanitarian.catalogue import get_catalogue
from humanitarian.library.labels import topic_label

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Path(__file__).parent / "browser" / "vendor" / "axe.min.js"


@pytest.fixture(scope="session", autouse=True)
def plain_http_live_server():
    """The live server builds its middleware when it starts, so plain HTTP is set before it does."""
    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


def test_filter_by_keyboard_without_javascript(browser, live_server):
    catalogue = get_catalogue()
    topic = catalogue.authorizations[-1].topics[0]
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/library/")
    page.get_by_label("Topic").focus()
    page.keyboard.press("Tab")  # leaving the select and coming back checks it is in the tab order
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.name") == "topic"
    page.get_by_label("Topic").select_option(topic)
    for _ in range(10):  # on to the submit button by Tab alone
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/library/?*topic={topic}*")
    titles = page.locator("main h3 a").all_inner_texts()
    assert sorted(titles) == sorted(a.title for a in catalogue.authorizations if topic in a.topics)
    assert page.get_by_label("Topic").input_value() == topic
    assert topic_label(topic) in page.content()
    context.close()


def test_library_pages_pass_an_accessibility_scan(browser, live_server):
    auth = max(get_catalogue().authorizations, key=lambda a: len(a.versions))
    # The site's Content-Security-Policy forbids injected scripts; only this scan's context may inject axe.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    for url in ("/library/", f"/library/{auth.id}/", "/library/compare/"):
        page.goto(url)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        blocking = [f"{v['id']}: {v['help']}" for v in violations if v["impact"] in ("serious", "critical")]
        assert not blocking, f"{url}: {blocking}"
    context.close()
