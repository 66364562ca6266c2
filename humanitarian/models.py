"""The project's own table: per-client rate-limit allowances, shared by every worker and host through the database."""

from django.db import models


class RateLimitBucket(models.Model):
    """One client's allowance in one scope (see humanitarian/ratelimit.py).

    ``spent_until`` is the moment by which every request counted so far is paid off at the scope's rate; a
    request is admitted while paying for it too stays within one period of now.
    """

    bucket = models.CharField(max_length=80, primary_key=True)
    spent_until = models.FloatField()

    def __str__(self):
        return self.bucket
