"""The one Catalogue a Django process serves, loaded once from settings.LICENSES_DIR."""

from functools import lru_cache

from django.conf import settings

from .rules import load_catalogue
from .rules.model import Catalogue


@lru_cache(maxsize=1)
def get_catalogue() -> Catalogue:
    """Load and validate the rule files (raises CatalogueError if they are broken)."""
    return load_catalogue(settings.LICENSES_DIR)
