"""PDF downloads that cannot crowd out the rest of the site.

A render costs one to two seconds of CPU. Each worker process renders at most
settings.PDF_RENDERS_PER_WORKER PDFs at a time, so its other threads keep
serving pages. A download that finds them all busy gets a page saying its PDF
is being prepared (HTTP 503 with Retry-After); the page reloads itself with a
<meta> refresh (no script, which the Content-Security-Policy would refuse)
until a render is free. Only a download that is rendered counts towards the
client's "pdf" rate limit.

The layout itself runs in a child process of the worker at low CPU priority
(settings.PDF_RENDER_PROCESS): the thread that waits for it holds no
interpreter lock the worker's page requests would wait for, and when the cores
are busy the kernel serves the pages first.
"""

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render

from . import pdf, pdfprocess
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


def render_pdf(html: str, *, attachments=(), paper: str = "a4") -> bytes:
    """pdf.render_pdf, run in this worker's low-priority renderer process."""
    if not settings.PDF_RENDER_PROCESS:
        return pdf.render_pdf(html, attachments=attachments, paper=paper)
    job = (pdf.render_pdf, html)
    try:
        return _renderer().submit(*job, attachments=list(attachments), paper=paper).result()
    except BrokenProcessPool:  # the process died (killed, out of memory): once more, in a new one
        _forget_renderer()
        return _renderer().submit(*job, attachments=list(attachments), paper=paper).result()


_pool = None
_pool_lock = threading.Lock()


def _renderer() -> ProcessPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(
                settings.PDF_RENDERS_PER_WORKER,
                mp_context=multiprocessing.get_context(
                    "spawn"
                ),  # a fresh interpreter: forking a threaded one is unsafe
                initializer=pdfprocess.start,
            )
        return _pool


def _forget_renderer():
    global _pool
    with _pool_lock:
        _pool = None
