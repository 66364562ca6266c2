"""What one client can cost the site: rate limits that refuse when they cannot count, a limit on the API and on
saving determinations, PDFs rendered once per paper size, and renders bounded per worker with a page that says
the PDF is being prepared."""

import os
import signal
from pathlib import Path

import pytest
from django.db import OperationalError
from django.urls import reverse

from humanitarian import downloads, pdfprocess
from humanitarian.catalogue import get_catalogue
from humanitarian.determinations.models import Determination, StoredPdf
from humanitarian.determinations.services import create_determination
from humanitarian.questionnaire.services import save_page, start_draft
from tests.test_security import InlineCodeFinder

pytestmark = pytest.mark.django_db

SCENARIO = get_catalogue().scenarios[0]


@pytest.fixture
def record():
    return create_determination(answers=SCENARIO.answers, as_of=SCENARIO.as_of, organization="Relief Org")


@pytest.fixture
def renders(monkeypatch):
    """Every determination PDF rendered during the test, by paper."""
    from humanitarian.determinations import views

    made, original = [], views.render_record_pdf

    def counting(record, paper):
        made.append(paper)
        return original(record, paper)

    monkeypatch.setattr(views, "render_record_pdf", counting)
    return made


def test_a_pdf_is_rendered_once_per_paper_and_read_afterwards(client, record, renders):
    url = reverse("determinations:pdf", args=[record.token])
    first, again = client.get(url), client.get(url)
    letter = client.get(url, {"paper": "letter"})
    assert first.status_code == again.status_code == letter.status_code == 200
    assert again.content == first.content != letter.content
    assert renders == ["a4", "letter"]
    assert StoredPdf.objects.filter(determination=record).count() == 2


def test_deleting_a_record_deletes_its_stored_pdfs(client, record):
    client.get(reverse("determinations:pdf", args=[record.token]))
    record.delete()
    assert not StoredPdf.objects.exists()


def test_a_download_while_the_worker_is_rendering_says_the_pdf_is_being_prepared(client, record, renders):
    url = reverse("determinations:pdf", args=[record.token])
    assert downloads._renders.acquire(blocking=False)  # as if another thread of this worker were rendering
    try:
        waiting = client.get(url)
    finally:
        downloads._renders.release()
    assert waiting.status_code == 503 and waiting["Retry-After"] == str(downloads.PREPARING_RETRY_AFTER)
    page = waiting.content.decode()
    assert "Your PDF is being prepared" in page
    assert f'<meta http-equiv="refresh" content="{downloads.PREPARING_RETRY_AFTER}">' in page
    finder = InlineCodeFinder()
    finder.feed(page)
    assert finder.violations == []  # it reloads without a script, within the Content-Security-Policy
    assert renders == []
    assert client.get(url).status_code == 200  # the reload, once a render is free


def renderer_processes() -> dict[int, int]:
    """pid -> nice value of each renderer process this one started (not multiprocessing's resource tracker)."""
    children = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        children += (task / "children").read_text().split()
    renderers = [pid for pid in children if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    return {int(pid): int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16]) for pid in renderers}


@pytest.fixture
def renderer_process(settings):
    settings.PDF_RENDER_PROCESS = True
    yield
    downloads._renderer().shutdown()
    downloads._forget_renderer()


def test_pdfs_are_laid_out_in_a_low_priority_process_which_comes_back_if_it_dies(client, record, renderer_process):
    first = client.get(reverse("determinations:pdf", args=[record.token]))
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    (child, nice), *others = renderer_processes().items()
    assert not others and nice >= os.nice(0) + pdfprocess.NICENESS
    os.kill(child, signal.SIGKILL)
    again = client.get(reverse("determinations:pdf", args=[record.token]), {"paper": "letter"})
    assert again.status_code == 200 and again.content.startswith(b"%PDF")
    assert child not in renderer_processes()


def test_a_limit_that_cannot_count_refuses(client, record, renders, monkeypatch):
    def database_refuses(*args):
        raise OperationalError("attempt to write a readonly database")

    monkeypatch.setattr("humanitarian.ratelimit._spend", database_refuses)
    response = client.get(reverse("determinations:pdf", args=[record.token]))
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "Try again in a moment" in response.content.decode()
    assert renders == []
    api = client.post(reverse("api:determinations"), {"answers": {}}, content_type="application/json")
    assert api.status_code == 503 and api.json()["error"]


def test_the_api_evaluations_are_limited_per_client(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": (3, 60)}
    url, body = reverse("api:determinations"), {"answers": {"organization_type": "ngo"}}
    assert [client.post(url, body, content_type="application/json").status_code for _ in range(4)] == [200] * 3 + [429]
    refused = client.post(url, body, content_type="application/json")
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["error"].startswith("Too many requests")
    assert client.get(reverse("api:questions")).status_code == 200  # reads are not counted


def test_saving_determinations_is_limited_per_client(client, settings, record):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "determinations": (2, 3600)}
    url = reverse("determinations:as_of", args=[record.token])
    statuses = [client.post(url, {"as_of": f"2024-03-0{day}"}).status_code for day in (1, 2, 3)]
    assert statuses == [302, 302, 429]
    draft = save_page(start_draft(), SCENARIO.answers, as_of=SCENARIO.as_of)
    review = client.post(reverse("questionnaire:review", args=[draft.token]))
    assert review.status_code == 429 and "a lot of saved determinations" in review.content.decode()
    assert Determination.objects.count() == 3
    assert client.get(reverse("questionnaire:review", args=[draft.token])).status_code == 200  # reading is free
