"""Middleware for running the site in production: request logs, security headers, body size, database outages."""

import logging
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control

from .api import URL_PREFIX as API_PREFIX
from .api.responses import error as api_error
from .jsonlog import route_of

request_log = logging.getLogger("humanitarian.requests")
outage_log = logging.getLogger("humanitarian.outage")

# Seconds a client is asked to wait before retrying when the database is unreachable.
DATABASE_RETRY_AFTER = 30


class RequestLogMiddleware:
    """One structured line per request: method, URL pattern, status and duration; nothing personal.

    First in MIDDLEWARE, so the duration covers every other middleware and the
    status is the one the client receives.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        request_log.info(
            "request",
            extra={
                "method": request.method,
                "route": route_of(request),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - start) * 1000, 1),
            },
        )
        return response


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set: Content-Security-Policy and Permissions-Policy.

    The policy forbids inline scripts and styles, so templates link their CSS
    and JavaScript from static files.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PrivateLinkMiddleware:
    """Responses on a URL that carries a private link (the ``<link:...>`` converter: drafts, determinations and
    their PDFs) are never stored by a browser or a proxy, so a shared computer does not keep them after "Delete
    my answers" or once the person has gone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "<link:" in route_of(request):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than DATA_UPLOAD_MAX_MEMORY_SIZE with a 413, before reading it.

    People get a plain page; a JSON request, or any request to the API, gets the API's JSON error, where
    Django would answer a bare 400 once a view read the body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit:
            if request.content_type == "application/json" or request.path.startswith("/" + API_PREFIX):
                return api_error(413, f"The request body is larger than {limit // 1024} KiB.")
            return render(request, "413.html", {"limit_kib": limit // 1024}, status=413)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """When the database cannot be reached, say "try again in a moment" (HTTP 503) instead of a server error.

    Last in MIDDLEWARE, so it sees a view's exception first. Each service's
    writes commit together or not at all, so an outage leaves nothing
    half-saved and what was saved before stays saved; with CONN_HEALTH_CHECKS
    Django reconnects once the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        outage_log.error(
            "database unavailable",
            extra={"route": route_of(request), "error": type(exception).__name__},
        )
        response = render(request, "503.html", {"retry_after": DATABASE_RETRY_AFTER}, status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER)
        return response
