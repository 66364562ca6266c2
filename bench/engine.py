"""Engine benchmark: catalogue load+validate time, evaluations per second, peak memory.

Run: .venv/bin/python bench/engine.py   (prints plain figures; no Django needed)
"""

import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from humanitarian.rules import evaluate, load_catalogue  # noqa: E402


def main():
    loads = []
    for _ in range(5):
        start = time.perf_counter()
        catalogue = load_catalogue(ROOT / "licenses")
        loads.append(time.perf_counter() - start)
    print(
        f"catalogue: {len(catalogue.authorizations)} authorizations, "
        f"{sum(len(a.versions) for a in catalogue.authorizations)} versions, {len(catalogue.questions)} questions"
    )
    print(f"load + validate: median {statistics.median(loads) * 1000:.1f} ms over {len(loads)} runs")

    cases = [(s.answers, s.as_of) for s in catalogue.scenarios]
    rng = random.Random(1)
    runs = 2000
    start = time.perf_counter()
    for _ in range(runs):
        answers, as_of = rng.choice(cases)
        evaluate(catalogue, answers, as_of)
    elapsed = time.perf_counter() - start
    print(
        f"evaluate: {runs / elapsed:,.0f} evaluations/s ({elapsed / runs * 1e6:.0f} µs each, "
        f"{len(cases)} scenario answer sets, full catalogue)"
    )

    tracemalloc.start()
    load_catalogue(ROOT / "licenses")
    for answers, as_of in cases:
        evaluate(catalogue, answers, as_of).to_dict()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"peak memory (load + one evaluation per scenario): {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
