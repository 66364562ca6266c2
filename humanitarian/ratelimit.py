"""Per-client rate limits for expensive views (a PDF render costs a worker about a second).

Counts live in Django's cache, which settings point at the database so that
every gunicorn worker and every host shares them. A client is its IP address
(from CLIENT_IP_HEADER when behind a proxy), hashed with the secret key so the
cache never holds an address in clear.
"""

import hashlib
import logging
import math
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

log = logging.getLogger("humanitarian.ratelimit")


def rate_limited(scope: str):
    """Allow each client settings.RATE_LIMITS[scope] = (requests, seconds); beyond that, a 429 page with Retry-After."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            limit, period = settings.RATE_LIMITS[scope]
            retry_after = _over_limit(scope, client_key(request), limit, period)
            if retry_after:
                log.warning("rate limited", extra={"scope": scope, "limit": limit, "period_s": period})
                response = render(request, "429.html", {"retry_after": retry_after}, status=429)
                response["Retry-After"] = str(retry_after)
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def client_key(request) -> str:
    """A stable pseudonym for the client's IP address.

    Behind a reverse proxy that appends to X-Forwarded-For, set
    CLIENT_IP_HEADER=HTTP_X_FORWARDED_FOR: the last address is the one the
    proxy saw, which a client cannot forge.
    """
    raw = request.META.get(settings.CLIENT_IP_HEADER) or request.META.get("REMOTE_ADDR", "")
    address = raw.split(",")[-1].strip()
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]


def _over_limit(scope: str, client: str, limit: int, period: int) -> int:
    """Count this request in the client's current window; seconds until the window ends if it is over, else 0."""
    now = time.time()
    window = int(now // period)
    key = f"ratelimit:{scope}:{client}:{window}"
    if cache.add(key, 1, timeout=period):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # the window expired between add and incr
            cache.set(key, 1, timeout=period)
            count = 1
    if count <= limit:
        return 0
    return max(1, math.ceil((window + 1) * period - now))
