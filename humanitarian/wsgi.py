"""WSGI entry point (gunicorn humanitarian.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "humanitarian.settings")
application = get_wsgi_application()

# Load and validate the rules as each worker boots, not on someone's first request:
# a broken rule file stops the worker (and gunicorn) with its file:line errors.
from humanitarian.catalogue import get_catalogue  # noqa: E402

get_catalogue()
