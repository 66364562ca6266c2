"""All the benchmarks in one table (make bench): each figure beside the reference measured in the same run.

Engine, pages and PDF run here; the load test starts the production server on loopback (bench/load.py) and its
figures are added at the end. The fault test (bench/fault.py) is run on its own.
"""

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def table(rows: list[dict]) -> list[str]:
    width = max(len(r["metric"]) for r in rows)
    lines = [f"{'measure':<{width}}  {'value':>12}  {'ratio to reference':<30} goal", "-" * (width + 60)]
    for r in rows:
        ratio = f"{r['ratio']:.2f}x {r['reference']}" if r["ratio"] is not None else ""
        lines.append(f"{r['metric']:<{width}}  {r['value']:>12}  {ratio:<30} {r['goal']}")
    return lines


def main():
    found = []
    for name in ("engine", "pages", "pdf"):
        found += subprocess_rows(name)
    print("\n".join(table(found)))
    print("\n== load (bench/load.py --interviews 100 --concurrency 10)", flush=True)
    subprocess.run([sys.executable, str(HERE / "load.py"), "--interviews", "100", "--concurrency", "10"], check=False)


def subprocess_rows(name: str) -> list[dict]:
    """Each benchmark in a process of its own (Django settings differ), its rows handed back as Python data."""
    code = f"import sys, json; sys.path.insert(0, {str(HERE)!r}); import {name}; print(json.dumps({name}.rows()))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
