"""JSON answers for the API: one error shape everywhere, and JSON for a wrong method too."""

from functools import wraps

from django.http import JsonResponse


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
    """Answer any other method with 405 and an Allow header, in the API's JSON error shape."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in methods:
                response = error(405, f"{request.method} is not allowed here; use {' or '.join(methods)}.")
                response["Allow"] = ", ".join(methods)
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
