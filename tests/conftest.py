"""Settings every web test needs: pages served over the test client's plain HTTP, static files from the finders."""

import shutil
from pathlib import Path

import pytest

MINI = Path(__file__).parent / "fixtures" / "mini"  # a small catalogue for loader and engine tests


@pytest.fixture
def rules(tmp_path):
    """A writable copy of the fixture catalogue, in a folder named 'licenses'."""
    root = tmp_path / "licenses"
    shutil.copytree(MINI, root)
    return root


@pytest.fixture(autouse=True)
def web_test_settings(settings):
    settings.SECURE_SSL_REDIRECT = False
    # PDFs are laid out in this process, where the tests' guards on fetching and the network can watch them;
    # the low-priority renderer process has tests of its own.
    settings.PDF_RENDER_PROCESS = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


CHROMIUM = "/usr/bin/chromium"  # Debian's browser; tests never download one
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium driven by Playwright's sync API, for tests marked ``browser``.

    Django's live server runs in a thread of this process while Playwright keeps
    its own event loop here, so Django's guard against ORM calls from async
    code is lifted for these tests.
    """
    import os
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser tests need {CHROMIUM}")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def production_server(tmp_path_factory):
    """scripts/serve on a loopback port with its own database and rule files, for tests marked ``concurrency``."""
    from tests.production_server import ProductionServer, scratch_database

    directory = tmp_path_factory.mktemp("production-server")
    with scratch_database(directory) as database_url:
        server = ProductionServer(directory, database_url)
        server.start()
        try:
            yield server
        finally:
            server.stop()
