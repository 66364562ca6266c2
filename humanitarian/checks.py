"""Rule-file errors as Django system checks, so a broken catalogue stops runserver, migrate and a deploy."""

from django.conf import settings
from django.core import checks

from .rules import CatalogueError, load_catalogue


@checks.register("licenses")
def check_licenses(app_configs=None, **kwargs):
    try:
        load_catalogue(settings.LICENSES_DIR)
    except CatalogueError as exc:
        return [checks.Error(str(error), id=error.code, obj=error.file) for error in exc.errors]
    return []
