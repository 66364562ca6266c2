"""Selectors that read saved determinations."""

from django.shortcuts import get_object_or_404

from .models import Determination


def determination_by_token(token: str) -> Determination:
    """The determination behind an unguessable link, or Http404 for any other string."""
    return get_object_or_404(Determination, token=token)
