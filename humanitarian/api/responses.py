"""JSON answers for the API: one error shape everywhere, and JSON for a wrong method too."""

from functools import wraps

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt


def error(status: int, message: str, details=()) -> JsonResponse:
    """``{"error": message, "details": [...]}``: the one shape every API error takes."""
    return JsonResponse({"error": message, "details": list(details)}, status=status)


def refused(request, refusal) -> JsonResponse:
    """A request the rate limit refused (humanitarian.ratelimit.LimitReached), in the API's error shape."""
    message = (
        "The service cannot count this request just now; try again later."
        if refusal.unavailable
        else "Too many requests from this client; try again later."
    )
    response = error(refusal.status, message, [f"Retry after {refusal.retry_after} seconds."])
    response["Retry-After"] = str(refusal.retry_after)
    return response


def allow(*methods):
    """Answer any other method with 405 and an Allow header, in the API's JSON error shape; HEAD wherever GET.

    The API sets no cookies and reads none, so there is nothing for a forged
    cross-site request to use: its views are exempt from the CSRF check, which
    would otherwise answer a PUT or DELETE with an HTML 403 before this 405.
    """
    allowed = (*methods, "HEAD") if "GET" in methods else methods

    def decorate(view):
        @csrf_exempt
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in allowed:
                response = error(405, f"{request.method} is not allowed here; use {' or '.join(allowed)}.")
                response["Allow"] = ", ".join(allowed)
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
