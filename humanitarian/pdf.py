"""Render HTML to a tagged, self-contained PDF with WeasyPrint, fetching nothing from the network.

Generic on purpose: any document of the site (a determination, a comparison
matrix) is a Django template rendered to a string, then passed to
``render_pdf``. The HTML may link the project's own static files with
``{% static %}``; every other URL (http, https, file, data) is refused, so a
document never leaks a request or depends on a server being up. Fonts come
from the system's fontconfig (DejaVu Sans from fonts-dejavu-core; characters it
lacks, such as Chinese or Devanagari, from Debian's Noto fonts) and are embedded
in the PDF, subset to the characters used.
"""

import gc
import mimetypes
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML, Attachment
from weasyprint.urls import URLFetcher, URLFetcherResponse

PAPER_SIZES = {"a4": "A4", "letter": "letter"}
# Relative URLs in the HTML resolve against this origin; ".invalid" never resolves (RFC 2606).
BASE_URL = "https://pdf.invalid/"
PDF_VARIANT = "pdf/ua-1"  # tagged PDF: headings, lists and tables keep their structure for screen readers


class RefusedFetch(ValueError):
    """The PDF asked for something other than one of the project's static files."""


@dataclass(frozen=True)
class PdfAttachment:
    """A file embedded in the PDF, e.g. the machine-readable JSON of what the PDF shows."""

    name: str
    content: bytes
    description: str = ""  # its media type is guessed from the name's extension


class StaticOnlyFetcher(URLFetcher):
    """Serves the project's static files (found the way ``collectstatic`` finds them) and refuses the rest.

    ``requested`` lists every URL the renderer asked for, so tests can show that
    nothing was fetched from anywhere else.
    """

    def __init__(self):
        super().__init__(allowed_protocols=())
        self.requested = []

    def fetch(self, url, headers=None):
        self.requested.append(url)
        path = self.static_path(url)
        found = finders.find(path) if path else None
        if not found:
            raise RefusedFetch(f"PDF rendering fetches only the site's static files, not {url}")
        with open(found, "rb") as handle:
            body = handle.read()
        media_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, headers={"Content-Type": media_type})

    @staticmethod
    def static_path(url: str) -> str | None:
        """The static file a URL names, or None if it names anything else."""
        prefix = BASE_URL.rstrip("/") + "/" + settings.STATIC_URL.strip("/") + "/"
        if not url.startswith(prefix):
            return None
        path = unquote(urlsplit(url).path)[len(urlsplit(prefix).path) :]
        return None if not path or ".." in path.split("/") else path


def render_pdf(html: str, *, attachments=(), paper: str = "a4", url_fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """The PDF for ``html`` on ``paper`` ("a4" or "letter"), tagged (PDF/UA-1), with ``attachments`` embedded.

    The template sets its own ``@page`` margins and margin boxes; this only
    fixes the sheet size, so one template serves both papers.
    """
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {paper!r}")
    fetcher = url_fetcher or StaticOnlyFetcher()
    with collector_paused():
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
        return document.write_pdf(
            stylesheets=[CSS(string=f"@page {{ size: {PAPER_SIZES[paper]}; }}", url_fetcher=fetcher)],
            pdf_variant=PDF_VARIANT,
            attachments=[
                Attachment(
                    string=a.content,
                    name=a.name,
                    description=a.description,
                    url_fetcher=fetcher,
                )
                for a in attachments
            ],
        )


@contextmanager
def collector_paused():
    """Hold Python's cyclic garbage collector off for one render.

    A render allocates so many boxes and styles that it sets off some sixty
    collections of young objects (about 8 ms) and, every few renders, a full
    one over everything the process holds (about 70 ms), freeing next to
    nothing. The render's few cycles are collected afterwards as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
