"""Settings every web test needs: pages served over the test client's plain HTTP, static files from the finders."""

import pytest


@pytest.fixture(autouse=True)
def web_test_settings(settings):
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
