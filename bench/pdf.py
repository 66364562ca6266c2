"""PDF benchmark: median time to render a determination PDF (A4 and Letter) and its page count.

Run: .venv/bin/python bench/pdf.py   (prints plain figures; renders each worked scenario, saves nothing)
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

from pypdf import PdfReader  # noqa: E402

from humanitarian.catalogue import get_catalogue  # noqa: E402
from humanitarian.determinations.exports import determination_pdf  # noqa: E402
from humanitarian.rules import evaluate  # noqa: E402

RUNS = 5


def main():
    catalogue = get_catalogue()
    results = [evaluate(catalogue, s.answers, s.as_of).to_dict() for s in catalogue.scenarios]
    determination_pdf(results[0], reference="HD-2026-000001")  # warm up fonts and templates
    for paper in ("a4", "letter"):
        times, pages, sizes = [], [], []
        for result in results:
            for _ in range(RUNS):
                start = time.perf_counter()
                body = determination_pdf(result, reference="HD-2026-000001", organization="Example Relief", paper=paper)
                times.append(time.perf_counter() - start)
            pages.append(len(PdfReader(io.BytesIO(body)).pages))
            sizes.append(len(body))
        print(
            f"{paper}: median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms "
            f"over {len(times)} renders of {len(results)} scenarios; "
            f"{min(pages)}-{max(pages)} pages, {min(sizes) // 1024}-{max(sizes) // 1024} KiB"
        )


if __name__ == "__main__":
    main()
