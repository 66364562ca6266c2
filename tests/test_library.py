"""The library pages, the comparison matrix and its PDF, and the freshness report, all generated from the catalogue."""

import io
import json
import shutil
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from humanitarian.catalogue import get_catalogue
from humanitarian.library.labels import topic_label
from humanitarian.library.selectors import expiry_report
from humanitarian.rules import load_catalogue
from humanitarian.rules.words import day

MINI = Path(__file__).parent / "fixtures" / "mini"
pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    return get_catalogue()


def page_text(response) -> str:
    return " ".join(response.content.decode().split())


def detail_url(auth_id, **query):
    url = reverse("library:detail", args=[auth_id])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def expiring_version(catalogue):
    """The first authorization and version in the catalogue that has an expiry date."""
    return next((a, v) for a in catalogue.authorizations for v in a.versions if v.expires)


def test_every_authorization_has_a_page_listed_on_the_index(client, catalogue):
    index = client.get(reverse("library:index"))
    assert index.status_code == 200
    for auth in catalogue.authorizations:
        assert f'href="{detail_url(auth.id)}"' in index.content.decode(), auth.id
        page = client.get(detail_url(auth.id))
        assert page.status_code == 200
        text = page_text(page)
        for words in (auth.title, auth.who_may_use, "Not legal advice", "Versions over time"):
            assert " ".join(str(words).split()) in text.replace("&quot;", '"').replace("&#x27;", "'"), (auth.id, words)


def test_a_page_shows_every_version_with_its_dates_and_the_changes(client, catalogue):
    auth = max(catalogue.authorizations, key=lambda a: len(a.versions))
    assert len(auth.versions) > 1, "the catalogue needs one authorization with several versions"
    html = client.get(detail_url(auth.id)).content.decode()
    for version in auth.versions:
        assert version.effective_from.strftime("%-d %B %Y") in html
        assert f'href="{version.source_url}"'.replace("&", "&amp;") in html
    assert html.count("What differs from") == len(auth.versions) - 1
    assert "Dates: In force from" in html


def test_the_version_that_answers_depends_on_as_of(client, catalogue):
    auth = max(catalogue.authorizations, key=lambda a: len(a.versions))
    first, second = auth.versions[0], auth.versions[1]
    early = page_text(client.get(detail_url(auth.id, as_of=first.effective_from.isoformat())))
    later = page_text(client.get(detail_url(auth.id, as_of=second.effective_from.isoformat())))
    assert f"{first.id} is in force" in early.replace("&#x27;", "'")
    assert f"{second.id} is in force" in later.replace("&#x27;", "'")


def test_unknown_or_tampered_ids_are_404(client):
    for bad in ("no-such-licence", "us-ruhsr-gl-27x", "%3Cscript%3E", "..%2F..%2Fetc"):
        assert client.get(f"/library/{bad}/").status_code == 404


def test_filters_narrow_the_index_and_name_topics_in_words(client, catalogue):
    for code in catalogue.jurisdictions:
        html = client.get(reverse("library:index"), {"jurisdiction": code}).content.decode()
        for auth in catalogue.authorizations:
            assert (f'href="{detail_url(auth.id)}"' in html) == (auth.jurisdiction == code), (code, auth.id)
    topic = catalogue.authorizations[0].topics[0]
    html = client.get(reverse("library:index"), {"topic": topic}).content.decode()
    assert topic_label(topic) in html
    for auth in catalogue.authorizations:
        assert (f'href="{detail_url(auth.id)}"' in html) == (topic in auth.topics)


def test_a_bad_filter_is_explained_and_loses_nothing(client, catalogue):
    code = next(iter(catalogue.jurisdictions))
    response = client.get(reverse("library:index"), {"jurisdiction": code, "topic": "<script>x", "as_of": "20-1-2023"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<script>x" not in html and "&lt;script&gt;x" in html
    assert "is not one of the choices" in html and "The date must be a real date" in html
    assert f'<option value="{code}" selected>' in html
    assert all(f'href="{detail_url(a.id)}"' in html for a in catalogue.authorizations if a.jurisdiction == code)


def test_a_version_expiring_within_60_days_is_flagged(client, catalogue):
    auth, version = expiring_version(catalogue)
    soon = client.get(detail_url(auth.id, as_of=(version.expires - timedelta(days=10)).isoformat()))
    far = client.get(detail_url(auth.id, as_of=(version.expires - timedelta(days=90)).isoformat()))
    flag = f"expires on {day(version.expires)}"
    assert flag in soon.content.decode()
    assert flag not in far.content.decode()
    index = client.get(reverse("library:index"), {"as_of": (version.expires - timedelta(days=10)).isoformat()})
    assert flag in index.content.decode()


def test_comparison_puts_every_authorization_under_each_of_its_topics(client, catalogue):
    response = client.get(reverse("library:compare"))
    assert response.status_code == 200
    html = response.content.decode()
    rows = html.split('<th scope="row">')[1:]
    for auth in catalogue.authorizations:
        link = f'href="{detail_url(auth.id)}"'
        for topic in auth.topics:
            row = next(r for r in rows if r.startswith(topic_label(topic)))
            assert link in row, (auth.id, topic)
    for divergence in catalogue.divergences:
        assert divergence.topic in html.replace("&#x27;", "'")


def test_comparison_pdf_is_the_matrix_with_its_data_attached(client, catalogue):
    response = client.get(reverse("library:compare_pdf"), {"paper": "letter"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Not legal advice" in text
    assert all(d.topic.split()[0] in text for d in catalogue.divergences)
    [(name, [data])] = reader.attachments.items()
    matrix = json.loads(data)
    listed = {e["id"] for row in matrix["rows"] for cell in row["cells"] for e in cell["entries"]}
    assert listed == {a.id for a in catalogue.authorizations}
    assert round(float(reader.pages[0].mediabox.width)) == 612  # US Letter, 8.5 in


def test_comparison_pdf_refuses_a_bad_paper_or_date(client):
    assert client.get(reverse("library:compare_pdf"), {"paper": "a3"}).status_code == 400
    assert client.get(reverse("library:compare_pdf"), {"as_of": "yesterday"}).status_code == 400


def test_expiry_report_finds_expiring_lapsed_and_stale_versions():
    mini = load_catalogue(MINI)
    auth = next(a for a in mini.authorizations if a.versions[-1].expires)
    last = auth.versions[-1]
    report = expiry_report(mini, last.expires - timedelta(days=30))
    assert (auth, last) in report["expiring"]
    after = expiry_report(mini, last.expires)
    assert (auth, last) in after["lapsed"] and not after["expiring"]
    stale_on = last.verified_on + timedelta(days=366)
    assert (auth, last) in expiry_report(mini, stale_on)["stale"]
    assert (auth, last) not in expiry_report(mini, last.verified_on + timedelta(days=365))["stale"]
    reissued = replace(mini, authorizations=(replace(auth, versions=(*auth.versions, replace(last, expires=None))),))
    assert not expiry_report(reissued, last.expires)["lapsed"]


@override_settings(LICENSES_DIR=MINI)
def test_validate_licenses_report_lists_what_needs_attention():
    mini = load_catalogue(MINI)
    auth = next(a for a in mini.authorizations if a.versions[-1].expires)
    last = auth.versions[-1]
    out = io.StringIO()
    call_command("validate_licenses", "--report", "--as-of", str(last.expires - timedelta(days=5)), stdout=out)
    assert f"{auth.id}: {last.id} expires on {last.expires} (5 days); no later version is recorded" in out.getvalue()
    out = io.StringIO()
    call_command("validate_licenses", "--report", "--as-of", str(last.expires), stdout=out)
    lines = out.getvalue().splitlines()
    lapsed = lines.index(next(line for line in lines if line.startswith("Lapsed")))
    assert lines[lapsed + 1] == f"  {auth.id}: {last.id} expired on {last.expires}"
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("validate_licenses", "--report", "--as-of", "soon")


@pytest.fixture
def hostile_catalogue(tmp_path, settings):
    """The small fixture catalogue with markup in an authorization's free text."""
    root = tmp_path / "licenses"
    shutil.copytree(MINI, root)
    relief = root / "us" / "russia" / "relief.yaml"
    text = relief.read_text().replace("summary: NGOs may do relief.", f"summary: '{HOSTILE}'")
    relief.write_text(text.replace("title: Relief by NGOs", f"title: 'Relief {HOSTILE}'"))
    settings.LICENSES_DIR = root
    get_catalogue.cache_clear()
    yield get_catalogue()
    get_catalogue.cache_clear()


HOSTILE = '<script>alert(1)</script><b>bold</b> & "quoted"'


def test_free_text_is_escaped_on_pages_and_in_the_pdf(client, hostile_catalogue):
    auth = next(a for a in hostile_catalogue.authorizations if a.summary == HOSTILE)
    for url in (reverse("library:index"), detail_url(auth.id)):
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html and "<b>bold</b>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt; &amp;" in html
    reader = PdfReader(io.BytesIO(client.get(reverse("library:compare_pdf")).content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Relief <script>alert(1)" in text and "<b>bold</b>" in text  # shown as text, not taken as markup
    [(_, [data])] = reader.attachments.items()
    entries = [e for row in json.loads(data)["rows"] for cell in row["cells"] for e in cell["entries"]]
    assert HOSTILE in {e["summary"] for e in entries}
