"""PDF downloads that cannot crowd out the rest of the site.

A render costs a worker one to two seconds of CPU. Each worker process renders
at most settings.PDF_RENDERS_PER_WORKER PDFs at a time, so its other threads
keep serving pages. A download that finds them all busy gets a page saying
its PDF is being prepared (HTTP 503 with Retry-After); the page reloads itself
with a <meta> refresh (no script, which the Content-Security-Policy would
refuse) until a render is free. Only a download that is rendered counts
towards the client's "pdf" rate limit.
"""

import threading

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render

from .ratelimit import LimitReached, admit, limit_page

PREPARING_RETRY_AFTER = 2  # seconds between reloads of the "being prepared" page
_renders = threading.BoundedSemaphore(settings.PDF_RENDERS_PER_WORKER)


def pdf_download(request, make_pdf, filename: str) -> HttpResponse:
    """The PDF ``make_pdf()`` returns, as an attachment, if this worker can render now and the client may."""
    if not _renders.acquire(blocking=False):
        return being_prepared(request)
    try:
        admit(request, "pdf")
        body = make_pdf()
    except LimitReached as refused:
        return limit_page(request, refused)
    finally:
        _renders.release()
    return pdf_attachment(body, filename)


def pdf_attachment(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def being_prepared(request) -> HttpResponse:
    response = render(request, "pdf_preparing.html", {"retry_after": PREPARING_RETRY_AFTER}, status=503)
    response["Retry-After"] = str(PREPARING_RETRY_AFTER)
    return response
