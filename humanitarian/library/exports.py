"""The comparison matrix as a PDF, through the same renderer as determinations, with its data attached as JSON."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string

from humanitarian.pdf import PdfAttachment, render_pdf

from .selectors import comparison


def comparison_pdf(catalogue, as_of, paper: str = "a4", place: str | None = None, render=render_pdf) -> bytes:
    """The comparison matrix on ``as_of`` (for one place, if given); ``render`` lays the HTML out, as for
    determination_pdf."""
    matrix = comparison(catalogue, as_of, place)
    html = render_to_string(
        "library/compare_pdf.html",
        {"matrix": matrix, "digest": catalogue.digest, "footer": f"as of {as_of.isoformat()}"},
    )
    attachment = PdfAttachment(
        name=f"comparison-{as_of.isoformat()}.json",
        content=json.dumps(matrix, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False).encode(),
        description=f"US and UK humanitarian authorizations by topic as of {as_of}, as JSON",
    )
    return render(html, attachments=[attachment], paper=paper)


def comparison_filename(as_of, paper: str, place: str | None = None) -> str:
    where = f"-{place}" if place else ""
    return f"us-uk-humanitarian-authorizations{where}-{as_of.isoformat()}-{paper}.pdf"
