import pytest
from django.test import override_settings


@pytest.fixture(scope="session", autouse=True)
def plain_http_live_server():
    """The live server builds its middleware once, when it starts, so plain HTTP is set before it does."""
    with override_settings(SECURE_SSL_REDIRECT=False):
        yield
