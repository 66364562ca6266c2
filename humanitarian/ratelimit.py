"""Per-client rate limits for what costs the site: PDF renders, saved determinations, the JSON API's evaluations.

settings.RATE_LIMITS[scope] = (requests, seconds): a client may make a burst
of ``requests``, then one more every ``seconds / requests`` (a generic cell
rate, so a burst across the turn of a minute cannot double the allowance).

Each admission is one statement on the client's row in the database, an
insert-or-update that refuses itself when the allowance is spent, so every
worker and host shares the count and overlapping requests can never all slip
through. If the database cannot count, the request is refused (503): a limit
that fails open is no limit.

A client is its IP address (from CLIENT_IP_HEADER when behind a proxy),
hashed with the secret key so the table never holds an address in clear.
"""

import hashlib
import itertools
import logging
import math
import time
from functools import wraps

from django.conf import settings
from django.db import DatabaseError, connection
from django.shortcuts import render

from .models import RateLimitBucket

log = logging.getLogger("humanitarian.ratelimit")

# What each scope counts, in the words of the 429 page ("You have asked for a lot of ...").
COUNTED = {"pdf": "PDFs", "determinations": "saved determinations", "api": "API requests"}
UNAVAILABLE_RETRY_AFTER = 30  # seconds, as when the database is down
CULL_EVERY = 1000  # admissions per process between deletions of allowances that are whole again
_admissions = itertools.count(1)


class LimitReached(Exception):
    """The client has spent its allowance (``retry_after`` seconds until one more request is admitted), or,
    with ``unavailable``, the database could not count the request."""

    def __init__(self, scope: str, retry_after: int, unavailable: bool = False):
        super().__init__(scope)
        self.scope, self.retry_after, self.unavailable = scope, retry_after, unavailable

    @property
    def status(self) -> int:
        return 503 if self.unavailable else 429


def admit(request, scope: str) -> None:
    """Count one request of ``scope`` for this client, or raise LimitReached; call outside any transaction."""
    limit, period = settings.RATE_LIMITS[scope]
    try:
        wait = _spend(f"{scope}:{client_key(request)}", period / limit, period)
    except DatabaseError as error:
        log.error("rate limit unavailable", extra={"scope": scope, "error": type(error).__name__})
        raise LimitReached(scope, UNAVAILABLE_RETRY_AFTER, unavailable=True) from error
    if wait:
        log.warning("rate limited", extra={"scope": scope, "limit": limit, "period_s": period})
        raise LimitReached(scope, wait)


def limit_page(request, refused: LimitReached):
    """The page people get when refused: 429 "too many requests", or 503 "try again in a moment"."""
    template, context = ("503.html", {}) if refused.unavailable else ("429.html", {"counted": COUNTED[refused.scope]})
    response = render(request, template, {**context, "retry_after": refused.retry_after}, status=refused.status)
    response["Retry-After"] = str(refused.retry_after)
    return response


def rate_limited(scope: str, *, methods=None, refusal=limit_page):
    """Admit each request of the view (or only those with one of ``methods``) through ``scope``'s limit;
    a refused one gets ``refusal(request, LimitReached)``."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if methods is None or request.method in methods:
                try:
                    admit(request, scope)
                except LimitReached as refused:
                    return refusal(request, refused)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def client_address(request) -> str:
    """The client's IP address.

    Behind a reverse proxy that appends to X-Forwarded-For, set
    CLIENT_IP_HEADER=HTTP_X_FORWARDED_FOR: the last address is the one the
    proxy saw, which a client cannot forge.
    """
    raw = request.META.get(settings.CLIENT_IP_HEADER) or request.META.get("REMOTE_ADDR", "")
    return raw.split(",")[-1].strip()


def client_key(request) -> str:
    """A stable pseudonym for the client's IP address."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()[:32]


def client_for_logs(username, ip_address, user_agent, path_info, request) -> str:
    """How django-axes names a client in its log lines: the pseudonym, never the address or the user name."""
    return f"client {client_key(request)}"


def _spend(bucket: str, cost: float, period: float) -> int:
    """Charge ``cost`` seconds to ``bucket`` if it stays within ``period`` of now: 0 if admitted, else the
    whole seconds until it would be."""
    now = time.time()
    table = connection.ops.quote_name(RateLimitBucket._meta.db_table)
    paid_off = f"(CASE WHEN {table}.spent_until > %s THEN {table}.spent_until ELSE %s END)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (bucket, spent_until) VALUES (%s, %s) "
            f"ON CONFLICT (bucket) DO UPDATE SET spent_until = {paid_off} + %s "
            f"WHERE {paid_off} + %s <= %s RETURNING spent_until",
            [bucket, now + cost, now, now, cost, now, now, cost, now + period],
        )
        admitted = cursor.fetchone() is not None
        if not admitted:
            cursor.execute(f"SELECT spent_until FROM {table} WHERE bucket = %s", [bucket])
            (spent_until,) = cursor.fetchone()
    if next(_admissions) % CULL_EVERY == 0:
        RateLimitBucket.objects.filter(spent_until__lt=now).delete()
    return 0 if admitted else max(1, math.ceil(spent_until + cost - period - now))
