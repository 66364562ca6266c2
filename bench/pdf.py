"""PDF benchmark: a determination's first render against plain WeasyPrint of the same text, fonts and page count.

Run: .venv/bin/python bench/pdf.py   (renders worked scenarios, saves nothing)

The plain document holds all of the determination's own text, extracted from its PDF run by run with each run's
font (family, weight, slant and size), as one paragraph per line, on the same paper and margins: the same text,
fonts and line count, without tables, lists, borders, tagging or attachment. Only its line height is chosen, the
tallest at which it fills the same number of pages, so neither document is trimmed or padded to match the other.
Rounds interleave the two and each keeps its fastest round (CPU time; a shared machine only ever slows a run down).
"""

import io
import os
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

ROUNDS = 9
PLAIN_PAGE = "@page { size: A4; margin: 18mm 15mm 20mm 15mm; } p { margin: 0; }"
LINE_HEIGHTS = (0.8, 3.0)  # the range searched for the plain twin's line height
STYLE_WORDS = ("BoldOblique", "BoldItalic", "Bold", "Oblique", "Italic")


def plain_pdf(lines: list[list[tuple]], line_height: float) -> bytes:
    """Plain WeasyPrint: each line a paragraph of runs in their own font; no tables, lists, tags or attachment."""
    faces = sorted({(font, size) for line in lines for font, size, _ in line})
    classes = {face: f"f{n}" for n, face in enumerate(faces)}
    fonts = "".join(f" .{classes[f]} {{ font: {css_font(*f)}; }}" for f in faces)
    style = f"{PLAIN_PAGE} html {{ line-height: {line_height:.4f}; }}{fonts}"
    body = "".join(
        "<p>" + "".join(f'<span class="{classes[(f, z)]}">{escape(t)}</span>' for f, z, t in line) + "</p>"
        for line in lines
    )
    return HTML(string=f"<html lang='en'><style>{style}</style><body>{body}</body></html>").write_pdf()


def css_font(font: str, size: float) -> str:
    """The CSS font of a font named in a PDF ("ABCDEF+DejaVu-Sans-BoldOblique") at ``size`` px."""
    name = font.split("+")[-1]
    style = next((w for w in STYLE_WORDS if name.endswith(w)), "")
    family = name.removesuffix(style).strip("-").replace("-", " ")
    weight = "bold" if "Bold" in style else "normal"
    slant = "italic" if style.endswith(("Oblique", "Italic")) else "normal"
    return f"{slant} {weight} {size:.2f}px '{family}'"


def pages(body: bytes) -> int:
    return len(PdfReader(io.BytesIO(body)).pages)


def text_runs(pdf: bytes) -> list[list[tuple]]:
    """The PDF's text as lines of (font, size, text) runs, in reading order."""
    lines, line, last_y = [], [], None

    def visit(text, cm, tm, font, size):
        nonlocal line, last_y
        if not text.strip() or not font:
            return
        if last_y is not None and tm[5] != last_y and line:
            lines.append(line)
            line = []
        last_y = tm[5]
        line.append((str(font.get("/BaseFont", "DejaVu-Sans")), round(size, 2), " ".join(text.split())))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return [*lines, line] if line else lines


def plain_twin(pdf: bytes) -> tuple[list[list[tuple]], float]:
    """All of the PDF's text runs, and the tallest line height at which plain WeasyPrint fills as many pages."""
    lines, target = text_runs(pdf), pages(pdf)
    low, high = LINE_HEIGHTS
    for _ in range(12):
        middle = (low + high) / 2
        low, high = (low, middle) if pages(plain_pdf(lines, middle)) > target else (middle, high)
    if pages(plain_pdf(lines, low)) != target:
        raise SystemExit(f"no line height lays the plain twin out on {target} pages")
    return lines, low


def ours_pdf(result: dict) -> bytes:
    return determination_pdf(result, reference="HD-2026-000001", organization="Example Relief")


def cpu_seconds(work, *args) -> float:
    start = time.process_time()
    work(*args)
    return time.process_time() - start


def rows() -> list[dict]:
    catalogue = get_catalogue()
    chosen = sorted(catalogue.scenarios, key=lambda s: len(s.answers))[-3:]
    results = [evaluate(catalogue, s.answers, s.as_of).to_dict() for s in chosen]
    determination_pdf(results[0], reference="HD-2026-000001")  # warm fonts and templates
    found = []
    for scenario, result in zip(chosen, results, strict=True):
        first = ours_pdf(result)
        twin, line_height = plain_twin(first)
        ours, plain = [], []
        for _ in range(ROUNDS):
            ours.append(cpu_seconds(ours_pdf, result))
            plain.append(cpu_seconds(plain_pdf, twin, line_height))
        found.append(
            {
                "metric": f"PDF first render, {pages(first)} pages ({scenario.name[:28]})",
                "value": f"{min(ours) * 1000:.0f} ms",
                "reference": "plain WeasyPrint",
                "ratio": min(ours) / min(plain),
                "goal": "<= 1.5x",
            }
        )
    return found


if __name__ == "__main__":
    from engine import show

    show(rows())
