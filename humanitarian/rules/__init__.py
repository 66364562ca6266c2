"""The law as data, and the one engine that reads it. Pure Python: no Django here."""

from .conditions import UNKNOWN
from .engine import check_answers, decide, effective_answers, evaluate
from .loader import CatalogueError, load_catalogue
from .results import Determination

__all__ = [
    "UNKNOWN",
    "CatalogueError",
    "Determination",
    "check_answers",
    "effective_answers",
    "decide",
    "evaluate",
    "load_catalogue",
]
