"""A determination as a PDF document (laid out like the joint OFAC-OFSI fact sheet) with its JSON attached."""

import json

from django.template.loader import render_to_string

from humanitarian.catalogue import get_catalogue
from humanitarian.pdf import PdfAttachment, render_pdf

from .presentation import document_context

UNSAVED_REFERENCE = "UNSAVED"


def determination_pdf(
    result: dict, *, reference: str, organization: str = "", created=None, paper="a4", render=render_pdf
) -> bytes:
    """The PDF of a stored (or, from the CLI, unsaved) engine result; the same bytes layout for web and CLI.

    ``render`` lays the HTML out (the web's downloads do it in a low-priority process: humanitarian/downloads.py).
    """
    context = document_context(result, get_catalogue(), reference=reference, organization=organization, created=created)
    html = render_to_string("determinations/pdf.html", {**context, "paper": paper})
    attachment = PdfAttachment(
        name=f"determination-{reference}.json",
        content=json.dumps(result, indent=2, ensure_ascii=False).encode(),
        description=f"Determination {reference}: the engine's result as JSON (schema {result['schema_version']})",
    )
    return render(html, attachments=[attachment], paper=paper)


def pdf_filename(reference: str, paper: str) -> str:
    return f"{reference}-{paper}.pdf"
