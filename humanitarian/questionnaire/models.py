"""A draft: the answers so far, kept server-side behind an unguessable link."""

import secrets

from django.db import models
from django.urls import reverse
from django.utils import timezone


def new_token() -> str:
    """256 random bits, URL-safe: the link is the only key to a draft."""
    return secrets.token_urlsafe(32)


class Draft(models.Model):
    """Answers stored by question id, so back, edit and catalogue rewording never lose them.

    Answers to questions that no longer arise stay stored (the engine ignores
    them) and come back if the person changes their mind.
    """

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    answers = models.JSONField(default=dict, blank=True)
    organization = models.CharField(max_length=200, blank=True)
    as_of = models.DateField(default=timezone.localdate)
    # Raised by every save that changes something; each answer (and detail) keeps the version that last changed it,
    # so a page shown at an older version can tell that an answer on it changed since (in another tab).
    version = models.PositiveIntegerField(default=0)
    answer_versions = models.JSONField(default=dict, blank=True)
    # The engine's decision for the answers as last saved (outcomes, open questions), with what it was made from,
    # so the pages that follow a save read it instead of deciding again.
    plan = models.JSONField(default=dict, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-updated"]

    def __str__(self):
        return f"Draft of {self.created:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("questionnaire:resume", args=[self.token])
