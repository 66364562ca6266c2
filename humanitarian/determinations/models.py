"""A saved determination: what the engine decided, kept exactly as it was decided."""

from django.db import models
from django.urls import reverse


class DeterminationQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Saved determinations are immutable; create a new one instead.")


class Determination(models.Model):
    """An immutable record an NGO can file with its bank or donor.

    It keeps the answers, the as-of date, the catalogue digest and the engine's
    full result, and every presenter renders from ``result`` so the record
    reads the same forever, even after the rules change.
    """

    reference = models.CharField(max_length=32, unique=True, editable=False)
    token = models.CharField(max_length=64, unique=True, editable=False)
    organization = models.CharField(max_length=200, blank=True, editable=False)
    as_of = models.DateField(editable=False)
    answers = models.JSONField(editable=False)
    catalogue_digest = models.CharField(max_length=64, editable=False)
    result = models.JSONField(editable=False)
    created = models.DateTimeField(auto_now_add=True, editable=False)

    objects = DeterminationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Saved determinations are immutable; create a new one instead.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("determinations:detail", args=[self.token])
