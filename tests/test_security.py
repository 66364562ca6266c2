"""Security: headers and a Content-Security-Policy the pages satisfy, links that cannot be guessed or listed,
a staff-only read-only admin, request size and PDF rate limits."""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from humanitarian.catalogue import get_catalogue
from humanitarian.determinations.models import Determination
from humanitarian.determinations.services import create_determination
from humanitarian.questionnaire.models import Draft
from humanitarian.questionnaire.services import save_page, start_draft

pytestmark = pytest.mark.django_db

CRAWL_LIMIT = 60


@pytest.fixture
def scenario():
    return get_catalogue().scenarios[0]


@pytest.fixture
def record(scenario):
    return create_determination(answers=scenario.answers, as_of=scenario.as_of, organization="Relief <Org>")


@pytest.fixture
def draft(scenario):
    return save_page(start_draft(), scenario.answers, organization="Relief <Org>")


class InlineCodeFinder(HTMLParser):
    """Collects what the policy (script-src 'self'; style-src 'self') would block, and the page's links."""

    def __init__(self):
        super().__init__()
        self.violations, self.links = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src"):
            self.violations.append("inline <script>")
        if tag == "style":
            self.violations.append("<style> block")
        if "style" in attrs:
            self.violations.append(f"style= attribute on <{tag}>")
        self.violations += [f"{name}= handler on <{tag}>" for name in attrs if name.startswith("on")]
        if any(str(attrs.get(name) or "").strip().lower().startswith("javascript:") for name in ("href", "action")):
            self.violations.append(f"javascript: URL on <{tag}>")
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def crawl(client, starts):
    """Every same-site HTML page reachable by GET from ``starts`` (admin and downloads aside): {url: response}."""
    seen, queue, pages = set(), list(starts), {}
    while queue and len(pages) < CRAWL_LIMIT:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        pages[url] = response
        finder = InlineCodeFinder()
        finder.feed(response.content.decode())
        for href in finder.links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc in ("", "testserver") and not parts.path.startswith(("/admin/", "/static/")):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages


def test_every_page_satisfies_the_content_security_policy(client, record, draft):
    pages = crawl(client, ["/", draft.get_absolute_url(), record.get_absolute_url(), "/no-such-page/"])
    assert len(pages) >= 5  # the start page, questionnaire steps, review, the determination, the library, ...
    problems = {}
    for url, response in pages.items():
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        finder = InlineCodeFinder()
        finder.feed(response.content.decode())
        if finder.violations:
            problems[url] = sorted(set(finder.violations))
    assert problems == {}


def test_the_finder_catches_what_the_policy_forbids():
    finder = InlineCodeFinder()
    finder.feed(
        '<script>alert(1)</script><style>p{}</style><p style="color:red" onclick="x()">'
        '<a href="javascript:void(0)">x</a><script src="/static/ok.js"></script>'
    )
    assert finder.violations == [
        "inline <script>",
        "<style> block",
        "style= attribute on <p>",
        "onclick= handler on <p>",
        "javascript: URL on <a>",
    ]


def test_security_headers_on_pages(client, record):
    response = client.get(record.get_absolute_url())
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


def test_hsts_only_behind_tls(client):
    assert client.get("/", headers={"x-forwarded-proto": "https"})["Strict-Transport-Security"].startswith("max-age=")
    assert "Strict-Transport-Security" not in client.get("/")


def test_a_form_without_its_csrf_token_gets_a_plain_page():
    response = Client(enforce_csrf_checks=True).post("/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Send the page again" in page and "Not legal advice" in page
    finder = InlineCodeFinder()
    finder.feed(page)
    assert finder.violations == []


def test_too_many_form_fields_get_a_plain_page():
    fields = {f"field{n}": "x" for n in range(django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    browser = Client(enforce_csrf_checks=True)
    browser.get("/")  # the CSRF cookie, so the form is read
    response = browser.post("/", fields)
    assert response.status_code == 400
    assert "We could not read that" in response.content.decode()


# Links: unguessable, never listed.


def test_nothing_lists_drafts_or_determinations(client, record, draft):
    for url in ["/determinations/", "/d/", f"/determinations/{record.pk}/", f"/determinations/{record.reference}/"]:
        assert client.get(url).status_code == 404, url
    assert client.get(f"/d/{draft.pk}/").status_code == 404


def test_a_tampered_link_is_a_404_everywhere(client, record, draft):
    bad_record = record.token[:-2] + ("xy" if not record.token.endswith("xy") else "ab")
    bad_draft = draft.token[:-2] + ("xy" if not draft.token.endswith("xy") else "ab")
    for url in [
        reverse("determinations:detail", args=[bad_record]),
        reverse("determinations:pdf", args=[bad_record]),
        reverse("determinations:check", args=[bad_record]),
        reverse("questionnaire:resume", args=[bad_draft]),
        reverse("questionnaire:review", args=[bad_draft]),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Not legal advice" in response.content.decode()


def test_tokens_are_long_and_random(record, draft):
    other = start_draft()
    assert len(record.token) >= 40 and len(draft.token) >= 40 and draft.token != other.token


def private_pages(record, draft) -> list[str]:
    """Every page whose URL carries a draft's or a determination's private link."""
    step = reverse("questionnaire:step", args=[draft.token, get_catalogue().sections[0].id])
    return [
        step,
        reverse("questionnaire:review", args=[draft.token]),
        reverse("questionnaire:delete", args=[draft.token]),
        reverse("questionnaire:resume", args=[draft.token]),
        record.get_absolute_url(),
        reverse("determinations:check", args=[record.token]),
        reverse("determinations:pdf", args=[record.token]),
    ]


def test_pages_and_pdfs_behind_a_private_link_are_never_stored_by_browsers_or_proxies(client, record, draft):
    for url in private_pages(record, draft):
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, url
    assert "Cache-Control" not in client.get(reverse("library:index"))  # public pages may be cached


def test_head_answers_wherever_get_does(client, record, draft):
    public = ["/", reverse("library:index"), reverse("library:compare"), reverse("api:questions")]
    for url in public + private_pages(record, draft):
        assert client.head(url).status_code == client.get(url).status_code, url


# The admin: staff only, read-only for the legal record.


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser("staff", "staff@example.org", "a long passphrase 123")
    client.force_login(user)
    return user


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_admin_is_closed_to_anonymous_and_non_staff_users(client, record, draft):
    for url in [admin_url(Determination, "changelist"), admin_url(Draft, "changelist")]:
        assert client.get(url).status_code == 302
    client.force_login(get_user_model().objects.create_user("volunteer", password="a long passphrase 123"))
    for url in [admin_url(Determination, "changelist"), admin_url(Draft, "changelist")]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_find_determinations_by_reference_and_filter_them(client, staff, record, scenario):
    other = create_determination(answers=scenario.answers, as_of=scenario.as_of, organization="Another NGO")
    page = client.get(admin_url(Determination, "changelist"), {"q": record.reference}).content.decode()
    assert record.reference in page and other.reference not in page
    page = client.get(admin_url(Determination, "changelist"), {"q": "Another NGO"}).content.decode()
    assert other.reference in page and record.reference not in page
    assert 'id="changelist-filter"' in client.get(admin_url(Determination, "changelist")).content.decode()


def test_staff_cannot_add_or_change_a_determination(client, staff, record):
    assert client.get(admin_url(Determination, "add")).status_code == 403
    change = admin_url(Determination, "change", record.pk)
    page = client.get(change)
    assert page.status_code == 200 and record.reference in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    client.post(change, {"organization": "Tampered"})
    assert Determination.objects.get(pk=record.pk).organization == "Relief <Org>"


def test_staff_can_view_and_delete_a_draft_but_not_change_it(client, staff, draft):
    start_draft()
    listing = client.get(admin_url(Draft, "changelist"), {"q": draft.token}).content.decode()
    assert listing.count('name="_selected_action"') == 1
    assert client.get(admin_url(Draft, "add")).status_code == 403
    change = admin_url(Draft, "change", draft.pk)
    assert client.get(change).status_code == 200
    client.post(change, {"organization": "Tampered"})
    assert Draft.objects.get(pk=draft.pk).organization == "Relief <Org>"
    client.post(admin_url(Draft, "delete", draft.pk), {"post": "yes"})
    assert not Draft.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize(
    "model, lookup",
    [
        (Draft, "token__regex=^A"),
        (Draft, "token__startswith=A"),
        (Draft, "answers__icontains=ngo"),
        (Draft, "organization__icontains=Relief"),
        (Draft, "updated__year=99999999999"),
        (Determination, "token__startswith=A"),
        (Determination, "answers__icontains=ngo"),
        (Determination, "created__year=99999999999"),
    ],
)
def test_staff_cannot_search_by_lookups_the_admin_does_not_offer(client, staff, record, draft, model, lookup):
    assert client.get(f"{admin_url(model, 'changelist')}?{lookup}").status_code == 400


def test_the_admin_filters_it_offers_still_work(client, staff, record, draft):
    year = record.created.year
    listing = client.get(admin_url(Determination, "changelist"), {"created__year": year}).content.decode()
    assert record.reference in listing
    since = client.get(admin_url(Draft, "changelist"), {"updated__gte": "2000-01-01 00:00:00+00:00"}).content.decode()
    assert since.count('name="_selected_action"') == 1


def test_the_admin_sign_in_is_paused_after_repeated_failures(client, settings):
    get_user_model().objects.create_superuser("staff", "staff@example.org", "a long passphrase 123")
    login = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(login, {"username": "staff", "password": "guess"}).status_code == 200
    locked = client.post(login, {"username": "staff", "password": "guess"})
    assert locked.status_code == 429 and "Sign-in paused" in locked.content.decode()
    right = client.post(login, {"username": "staff", "password": "a long passphrase 123"})
    assert right.status_code == 429  # even the right password waits for the pause to end
    assert (
        client.post(
            login, {"username": "staff", "password": "a long passphrase 123"}, REMOTE_ADDR="192.0.2.8"
        ).status_code
        == 302
    )


# Limits.


def test_an_oversized_body_is_refused_with_a_plain_page(client, settings, draft):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    before = dict(draft.answers)
    response = client.post(draft.get_absolute_url(), {"organization": "x" * 5000})
    assert response.status_code == 413
    assert "Too much to send" in response.content.decode() and "4 KiB" in response.content.decode()
    draft.refresh_from_db()
    assert draft.answers == before


@pytest.fixture
def fixed_clock(monkeypatch):
    """Hold the clock still, so a test's allowances neither refill nor expire while it runs."""
    monkeypatch.setattr("humanitarian.ratelimit.time.time", lambda: 1_800_000_010.0)


def test_an_oversized_json_body_gets_a_json_error(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    response = client.post(reverse("api:determinations"), {"answers": "x" * 5000}, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"error": "The request body is larger than 4 KiB.", "details": []}


def test_an_oversized_body_of_any_type_sent_to_the_api_gets_a_json_error(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    response = client.post(reverse("api:determinations"), {"answers": "x" * 5000})  # a form, not JSON
    assert response.status_code == 413
    assert response.json() == {"error": "The request body is larger than 4 KiB.", "details": []}


def test_pdf_renders_are_limited_per_client_and_stored_pdfs_are_free(client, settings, record, scenario, fixed_clock):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pdf": (2, 60)}
    pdf = reverse("determinations:pdf", args=[record.token])
    other = create_determination(answers=scenario.answers, as_of=scenario.as_of)
    other_pdf = reverse("determinations:pdf", args=[other.token])
    assert client.get(pdf).status_code == 200
    assert client.get(reverse("library:compare_pdf")).status_code == 200
    refused = client.get(other_pdf)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "30"  # a burst of 2, then one render every 30 s
    assert "Too many requests" in refused.content.decode() and "a lot of PDFs" in refused.content.decode()
    assert f"Try again in {refused['Retry-After']} second" in refused.content.decode()
    assert client.get(pdf).status_code == 200  # already rendered: a read, not counted
    # Another client is not held back by the first one.
    assert client.get(other_pdf, REMOTE_ADDR="192.0.2.7").status_code == 200


def test_behind_a_proxy_the_last_forwarded_address_is_the_client(client, settings, fixed_clock):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pdf": (1, 60)}
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    pdf = reverse("library:compare_pdf")  # never stored: every download is a render
    assert client.get(pdf, headers={"x-forwarded-for": "203.0.113.1, 198.51.100.1"}).status_code == 200
    # A client cannot escape the limit by making up the start of the header.
    assert client.get(pdf, headers={"x-forwarded-for": "203.0.113.99, 198.51.100.1"}).status_code == 429
    assert client.get(pdf, headers={"x-forwarded-for": "198.51.100.2"}).status_code == 200
