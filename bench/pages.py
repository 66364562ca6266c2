"""Questionnaire page benchmark: median server time of a section page and of the review page.

Run: .venv/bin/python bench/pages.py   (in-memory SQLite test database; prints plain figures)
Each request goes through Django's test client, so the time is the whole server side: URL routing,
middleware, the engine's evaluation that decides what to ask, and template rendering.
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

import django  # noqa: E402

django.setup()
logging.disable(logging.INFO)  # the request log would drown the figures

from django.conf import settings  # noqa: E402
from django.test.runner import DiscoverRunner  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

RUNS = 200


def median_ms(client, path: str) -> float:
    client.get(path)  # warm caches (catalogue, templates)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(times) * 1000


def main():
    from django.test import Client

    from humanitarian.catalogue import get_catalogue
    from humanitarian.questionnaire.models import Draft
    from humanitarian.questionnaire.selectors import interview

    setup_test_environment()
    settings.SECURE_SSL_REDIRECT = False
    settings.ALLOWED_HOSTS = ["testserver"]
    runner = DiscoverRunner(verbosity=0)
    databases = runner.setup_databases()
    try:
        catalogue = get_catalogue()
        scenario = max(catalogue.scenarios, key=lambda s: len(s.answers))
        draft = Draft.objects.create(answers=scenario.answers, as_of=scenario.as_of)
        plan = interview(catalogue, draft.answers, draft.as_of)
        step = max(plan.steps, key=lambda s: len(s.questions))
        client = Client()
        section_path = f"/d/{draft.token}/step/{step.section.id}/"
        review_path = f"/d/{draft.token}/review/"
        print(
            f"catalogue: {len(catalogue.questions)} questions in {len(catalogue.sections)} sections, "
            f"{len(catalogue.authorizations)} authorizations; answers from scenario {scenario.name}"
        )
        section_ms, review_ms = median_ms(client, section_path), median_ms(client, review_path)
        print(f"section page ({step.section.id}, {len(step.questions)} questions): median {section_ms:.1f} ms")
        print(f"review page ({len(plan.answers)} answers): median {review_ms:.1f} ms")
        print(f"(medians over {RUNS} requests each, Django test client, in-memory SQLite)")
    finally:
        runner.teardown_databases(databases)


if __name__ == "__main__":
    main()
