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
    # What the record was saved from (a draft at one version, or another record for another date), as a digest:
    # pressing the same button twice finds the record already filed instead of filing a second one.
    origin = models.CharField(max_length=64, blank=True, editable=False)
    # The draft it was filed from, so a result with open questions can lead back to the answers ("Change your
    # answers"); gone when the draft is deleted or purged, and the record stays as it is.
    draft = models.ForeignKey(
        "questionnaire.Draft", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = DeterminationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["origin"], condition=~models.Q(origin=""), name="one_record_per_origin")
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Saved determinations are immutable; create a new one instead.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("determinations:detail", args=[self.token])


class ReferenceCounter(models.Model):
    """The last reference number given out in a year.

    Saving a determination increments its year's row inside the saving transaction, so overlapping saves
    wait for one another on the row's lock and each gets the next number; none can collide.
    """

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class StoredPdf(models.Model):
    """A determination's PDF on one paper size, rendered on its first download and read on every later one.

    The record never changes, so neither does its PDF: every download of it is the same file.
    """

    determination = models.ForeignKey(Determination, on_delete=models.CASCADE, related_name="pdfs")
    paper = models.CharField(max_length=16)
    body = models.BinaryField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["determination", "paper"], name="one_pdf_per_paper")]

    def __str__(self):
        return f"{self.determination.reference} ({self.paper})"
