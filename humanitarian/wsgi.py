"""WSGI entry point (gunicorn humanitarian.wsgi, which scripts/serve runs with --preload)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "humanitarian.settings")
application = get_wsgi_application()

# Load and validate the rules, and import every view, before anyone's first request. With --preload this runs
# once, in gunicorn's master, before it forks the workers: every worker (also one gunicorn starts later to replace
# another) serves these very rules, and an edit on disk changes nothing until the server is restarted. A broken
# rule file stops the start with its file:line errors.
from django.urls import get_resolver  # noqa: E402

from humanitarian.catalogue import get_catalogue  # noqa: E402

get_catalogue()
get_resolver().url_patterns  # noqa: B018  (imports the URLconf and every view module)
