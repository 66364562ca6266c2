"""Many people at once, against the production server (gunicorn workers and threads, on loopback): overlapping
saves get a reference each and never a server error, two tabs on one draft keep each other's answers, a double
submit files one record, rate limits hold exactly, PDF renders are bounded per worker, and the rules a server
started with stay the rules it serves. Every test bounds its number of requests and its time."""

import json
import re
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest

from bench.load import FormReader, load_scenarios, page_answers, walk_interview
from humanitarian.rules import load_catalogue
from tests.production_server import WORKERS, hidden_fields

pytestmark = pytest.mark.concurrency

SCENARIOS = load_scenarios()
REFERENCE = re.compile(r"Determination (HD-\d{4}-\d{6})")
BURST = 40


def at_once(count: int, prepare, act) -> list:
    """Run ``prepare(i)`` in ``count`` threads, then ``act(i, prepared)`` in all of them at the same moment."""
    barrier = threading.Barrier(count, timeout=60)

    def one(index):
        prepared = prepare(index)
        barrier.wait()
        return act(index, prepared)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count), timeout=120))


def saved_determination(server, address: str) -> str:
    """The link token of a determination saved through the whole interview, by the client at ``address``."""
    return walk_interview(server.browser(address), SCENARIOS[0], organization="Concurrency NGO")


def save_for_date(server, address: str, token: str):
    """A client on the determination's page, ready to press "Save a determination for this date"."""
    browser = server.browser(address)
    page = browser.get(f"/determinations/{token}/")
    assert page.status == 200
    return browser, hidden_fields(page.body)


def reference_of(server, location: str) -> str:
    page = server.browser("192.0.2.9").get(location)
    assert page.status == 200, page.status
    return REFERENCE.search(page.body).group(1)


def test_overlapping_saves_each_get_their_own_reference_and_no_server_error(production_server):
    server, address = production_server, "198.51.100.10"
    token = saved_determination(server, address)
    dates = [date(2024, 1, 1) + timedelta(days=i) for i in range(BURST)]

    def post(index, prepared):
        browser, fields = prepared
        return browser.post(f"/determinations/{token}/as-of/", {**fields, "as_of": dates[index].isoformat()})

    replies = at_once(BURST, lambda i: save_for_date(server, address, token), post)
    assert Counter(r.status for r in replies) == {302: BURST}
    references = [reference_of(server, r.location) for r in replies]
    assert len(set(references)) == BURST
    assert reference_of(server, f"/determinations/{token}/") not in references


def test_save_for_another_date_twice_files_one_record(production_server):
    server, address = production_server, "198.51.100.11"
    token = saved_determination(server, address)
    browser, fields = save_for_date(server, address, token)
    data = {**fields, "as_of": "2023-06-01"}
    sequential = [browser.post(f"/determinations/{token}/as-of/", data).location for _ in range(3)]
    concurrent = at_once(
        5,
        lambda i: save_for_date(server, address, token),
        lambda i, p: p[0].post(f"/determinations/{token}/as-of/", {**p[1], "as_of": "2023-06-01"}),
    )
    assert {r.status for r in concurrent} == {302}
    assert len(set(sequential + [r.location for r in concurrent])) == 1


class FieldValues(HTMLParser):
    """What a page shows as answered: ticked radio buttons and the text inputs' values, by field name."""

    def __init__(self):
        super().__init__()
        self.values = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag != "input" or not attrs.get("name"):
            return
        kind = attrs.get("type", "text")
        if kind == "text" or (kind == "radio" and "checked" in attrs):
            self.values[attrs["name"]] = attrs.get("value", "")


def shown_values(html: str) -> dict:
    parser = FieldValues()
    parser.feed(html)
    return parser.values


def test_two_tabs_saving_different_pages_of_one_draft_keep_every_acknowledged_answer(production_server):
    server, scenario, rounds = production_server, SCENARIOS[0], 25
    pages = []
    walk_interview(server.browser("198.51.100.12"), scenario, "Org", on_saved=lambda path, data: pages.append(path))
    first, second = pages[0], next(p for p in pages if p != pages[0])
    probe = FormReader()
    probe.feed(server.browser("198.51.100.12").get(second).body)
    toggled = next(name for name, kind in probe.kinds.items() if kind == "radio" and len(probe.choices[name]) > 1)
    choices = probe.choices[toggled][:2]

    def tab(path, field, value_for):
        """Save ``path`` ``rounds`` times with a new value of ``field``; count saves the page no longer shows."""
        browser, lost = server.browser("198.51.100.12"), []
        for i in range(rounds):
            data = page_answers(browser, browser.get(path).body, scenario, organization=f"Org {i}")
            data[field] = value_for(i)
            if browser.post(path, data).status == 302 and shown_values(browser.get(path).body)[field] != data[field]:
                lost.append(i)
        return lost

    with ThreadPoolExecutor(max_workers=2) as pool:
        organization = pool.submit(tab, first, "_organization", lambda i: f"Org {i}")
        answer = pool.submit(tab, second, toggled, lambda i: choices[i % 2])
        lost = {"organization page": organization.result(timeout=120), "second page": answer.result(timeout=120)}
    assert lost == {"organization page": [], "second page": []}


def api_post(server, address: str):
    body = json.dumps({"answers": dict(SCENARIOS[0].answers), "as_of": SCENARIOS[0].as_of.isoformat()}).encode()
    return server.browser(address).request("POST", "/api/determinations", body, content_type="application/json")


def test_a_rate_limit_admits_exactly_its_quota_of_40_concurrent_requests(production_server):
    server, limit = production_server, int(production_server.env["API_RATE_LIMIT_PER_MINUTE"])
    replies = at_once(BURST, lambda i: None, lambda i, _: api_post(server, "198.51.100.13"))
    statuses = sorted(r.status for r in replies)
    assert statuses == [200] * limit + [429] * (BURST - limit)
    refused = next(r for r in replies if r.status == 429)
    assert int(refused.retry_after) > 0 and "error" in json.loads(refused.body)
    assert api_post(server, "198.51.100.14").status == 200  # another client has its own quota


def test_pdf_renders_are_bounded_per_worker_and_every_download_arrives(production_server):
    server, address = production_server, "198.51.100.15"
    token = saved_determination(server, address)
    browser, fields = save_for_date(server, address, token)
    tokens = [token]
    for day in range(1, 2 * WORKERS):  # more records than workers: more PDFs to render than renders at once
        reply = browser.post(f"/determinations/{token}/as-of/", {**fields, "as_of": f"2024-02-0{day}"})
        tokens.append(reply.location.split("/")[2])

    def download(index, reply=None):
        """A browser on the download: it reloads the "being prepared" page as that page asks, until the PDF."""
        for _ in range(60):
            if reply is not None and reply.status != 503:
                return reply
            if reply is not None:
                threading.Event().wait(int(reply.retry_after))
            reply = server.browser(address).get(f"/determinations/{tokens[index]}/pdf/?paper=a4")
            if reply.status == 503:
                assert int(reply.retry_after) > 0
                assert "being prepared" in reply.body and 'http-equiv="refresh"' in reply.body
        raise AssertionError("the PDF never arrived")

    def first_try(index, _):  # every PDF at once, and someone else opening the start page at the same moment
        path = f"/determinations/{tokens[index]}/pdf/?paper=a4" if index < len(tokens) else "/"
        return server.browser(address if index < len(tokens) else "192.0.2.4").get(path)

    *first, start_page = at_once(len(tokens) + 1, lambda i: None, first_try)
    rendered = [r for r in first if r.status == 200]
    assert 1 <= len(rendered) <= WORKERS and {r.status for r in first} <= {200, 503}, [r.status for r in first]
    assert start_page.status == 200
    with ThreadPoolExecutor(max_workers=len(tokens)) as pool:
        pdfs = list(pool.map(download, range(len(tokens)), first, timeout=120))
    assert all(r.status == 200 and r.content.startswith(b"%PDF") for r in pdfs)
    again = download(0)
    assert again.content == pdfs[0].content  # stored: the same file, not a new render


def api_digests(server, count: int = 12) -> set:
    return {
        json.loads(server.browser("192.0.2.2").get("/api/questions").body)["catalogue_digest"] for _ in range(count)
    }


def test_the_rules_a_server_started_with_stay_in_force_until_a_validated_restart(production_server):
    """Runs last in this module: it edits the server's rule files (and puts them back)."""
    server = production_server
    (served,) = api_digests(server)
    questions = server.licenses / "questions.yaml"
    original = questions.read_text()
    try:
        questions.write_text(original.replace("    title: ", "    title: Edited ", 1))
        assert load_catalogue(server.licenses).digest != served  # a real change of the rules on disk
        server.restart_workers()
        assert api_digests(server) == {served}
        questions.write_text(original.replace("sections:", "sections: [", 1))  # broken: not YAML any more
        server.restart_workers()
        assert api_digests(server) == {served}
        # A restart that validates first: the new master refuses the broken file and the running one serves on.
        server.start_new_master_and_wait_for("licenses/questions.yaml:")
        assert server.process.poll() is None
        assert api_digests(server) == {served}
        assert server.browser("192.0.2.3").get("/").status == 200
    finally:
        questions.write_text(original)
