"""PDF benchmark: a determination's first render against plain WeasyPrint of the same text, fonts and page count.

Run: .venv/bin/python bench/pdf.py   (renders worked scenarios, saves nothing)

The plain document holds the determination's own text (extracted from its PDF) as paragraphs in the same font
and size, on the same paper and margins, trimmed until it has the same number of pages; no tagging, no attachment.
Rounds interleave the two; the ratio is the median of the per-round ratios.
"""

import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "humanitarian.settings")

import django  # noqa: E402

django.setup()

from django.utils.html import escape  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from weasyprint import HTML  # noqa: E402

from humanitarian.catalogue import get_catalogue  # noqa: E402
from humanitarian.determinations.exports import determination_pdf  # noqa: E402
from humanitarian.rules import evaluate  # noqa: E402

ROUNDS = 3
PLAIN_STYLE = (
    "@page { size: A4; margin: 18mm 15mm 20mm 15mm; } "
    "html { font: 8.5pt/1.35 'DejaVu Sans', sans-serif; } p { margin: 0 0 1.8mm; }"
)


def plain_pdf(lines: list[str]) -> bytes:
    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    return HTML(string=f"<html lang='en'><style>{PLAIN_STYLE}</style><body>{body}</body></html>").write_pdf()


def pages(body: bytes) -> int:
    return len(PdfReader(io.BytesIO(body)).pages)


def plain_twin(pdf: bytes) -> list[str]:
    """The PDF's own lines, trimmed from the end until plain WeasyPrint lays them out on as many pages."""
    reader = PdfReader(io.BytesIO(pdf))
    lines = [line for page in reader.pages for line in page.extract_text().splitlines() if line.strip()]
    target = len(reader.pages)
    while pages(plain_pdf(lines)) > target and len(lines) > 10:
        lines = lines[: int(len(lines) * 0.95)]
    while pages(plain_pdf(lines)) < target:
        lines = lines + lines[: max(10, len(lines) // 10)]
    return lines


def rows() -> list[dict]:
    catalogue = get_catalogue()
    chosen = sorted(catalogue.scenarios, key=lambda s: len(s.answers))[-3:]
    results = [evaluate(catalogue, s.answers, s.as_of).to_dict() for s in chosen]
    determination_pdf(results[0], reference="HD-2026-000001")  # warm fonts and templates
    found = []
    for scenario, result in zip(chosen, results, strict=True):
        first = determination_pdf(result, reference="HD-2026-000001", organization="Example Relief")
        twin = plain_twin(first)
        ratios, times = [], []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            determination_pdf(result, reference="HD-2026-000001", organization="Example Relief")
            ours = time.perf_counter() - start
            start = time.perf_counter()
            plain_pdf(twin)
            ratios.append(ours / (time.perf_counter() - start))
            times.append(ours)
        found.append(
            {
                "metric": f"PDF first render, {pages(first)} pages ({scenario.name[:28]})",
                "value": f"{statistics.median(times) * 1000:.0f} ms",
                "reference": "plain WeasyPrint",
                "ratio": statistics.median(ratios),
                "goal": "<= 1.5x",
            }
        )
    return found


if __name__ == "__main__":
    from engine import show

    show(rows())
