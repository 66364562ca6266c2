"""Page benchmark: a question page, the review page and a saved determination's page, each against a bare Django
view that renders a page of the same size through the same middleware.

Run: .venv/bin/python bench/pages.py   (in-memory SQLite; works on a fresh clone: static files come from the
finders, and templates are not instrumented the way Django's test runner instruments them)

The bare view extends the site's own base.html and repeats a fieldset of five radio buttons, with a legend and a
hint, until the page has as many bytes as the page it is compared with. Rounds interleave the page and its bare
twin; the ratio is the median of the per-round ratios of their median times.
"""

import logging
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "humanitarian.settings")
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ.pop("DJANGO_DEBUG", None)

import django  # noqa: E402

django.setup()
logging.disable(logging.INFO)  # the request log would drown the figures

from django.conf import settings  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.urls import include, path  # noqa: E402

ROUNDS, REQUESTS = 5, 15
BARE = engines["django"].from_string(
    """{% extends "base.html" %}{% block content %}<h1>A page of questions</h1><form method="post">
{% for n in blocks %}<fieldset class="mb-4"><legend class="question-prompt">Question {{ n }}: which of these applies
to the activity?</legend><p class="form-text">Choose the one that fits best.</p>
{% for v in options %}<div class="form-check"><input class="form-check-input" type="radio" name="q{{ n }}"
id="q{{ n }}_{{ v }}" value="{{ v }}"><label class="form-check-label" for="q{{ n }}_{{ v }}">Answer {{ v }} to question
{{ n }}</label></div>{% endfor %}</fieldset>{% endfor %}<button type="submit">Continue</button></form>{% endblock %}"""
)


def bare(request, blocks: int):
    return HttpResponse(BARE.render({"blocks": range(blocks), "options": range(5)}, request))


urlpatterns = [path("bare/<int:blocks>/", bare), path("", include("humanitarian.urls"))]


def timed(client, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def matching_bare(client, size: int) -> str:
    """The bare page whose size is nearest ``size`` bytes."""
    low, high = 0, 200
    while low < high:
        mid = (low + high) // 2
        if len(client.get(f"/bare/{mid}/").content) < size:
            low = mid + 1
        else:
            high = mid
    return f"/bare/{low}/"


def ratio(client, url: str) -> tuple[float, float, int]:
    """(page median ms, ratio to its bare twin, bytes)."""
    size = len(client.get(url).content)
    twin = matching_bare(client, size)
    ratios, pages = [], []
    for _ in range(ROUNDS):
        page = statistics.median(timed(client, url) for _ in range(REQUESTS))
        plain = statistics.median(timed(client, twin) for _ in range(REQUESTS))
        ratios.append(page / plain)
        pages.append(page)
    return statistics.median(pages) * 1000, statistics.median(ratios), size


def rows() -> list[dict]:
    from django.test import Client
    from django.test.runner import DiscoverRunner

    from humanitarian.catalogue import get_catalogue
    from humanitarian.questionnaire.services import save_page, start_draft, submit_draft
    from humanitarian.questionnaire.views import plan_for

    settings.ROOT_URLCONF = __name__
    settings.SECURE_SSL_REDIRECT = False
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    runner = DiscoverRunner(verbosity=0)
    databases = runner.setup_databases()
    try:
        catalogue = get_catalogue()
        scenario = max(catalogue.scenarios, key=lambda s: len(s.answers))
        draft = save_page(start_draft(), scenario.answers, as_of=scenario.as_of, organization="Example Relief")
        steps = plan_for(draft).steps
        widest = max(steps, key=lambda s: sum(len(q.options) + 2 for q in s.questions))
        fullest = max(steps, key=lambda s: len(s.questions))
        record = submit_draft(draft)
        client = Client()
        found = []
        for name, url in (
            *(
                (f"question page ({len(step.questions)} questions)", f"/d/{draft.token}/step/{step.key}/")
                for step in {s.key: s for s in (widest, fullest)}.values()
            ),
            ("review page", f"/d/{draft.token}/review/"),
            ("determination page", record.get_absolute_url()),
        ):
            ms, times, size = ratio(client, url)
            found.append(
                {
                    "metric": f"{name}, {size // 1024} KiB",
                    "value": f"{ms:.1f} ms",
                    "reference": "bare view",
                    "ratio": times,
                    "goal": "<= 2x",
                }
            )
        return found
    finally:
        runner.teardown_databases(databases)


if __name__ == "__main__":
    from engine import show

    show(rows())
