"""Engine benchmark: decide, evaluate and evaluate().to_dict() per second, and the cost as the catalogue grows.

Run: .venv/bin/python bench/engine.py   (no Django needed; prints its rows)

Figures are CPU time (process_time), timed side by side in chunks, each chunk's fastest round: the machine is
shared, so each ratio compares two things measured side by side in the same run. The answer sets are every worked
scenario and, for each, copies with answers dropped or set to "I don't know", as an interview meets them on its way.

Rules remember what they found per combination of the answers they read, as on a running site; the row "tables
filling" times decide on a freshly loaded catalogue, meeting each answer set once, as a site does after a restart.

The growth test copies every regime of the catalogue as a new regime reached only from a place of its own (as a
new country's regime is), 1, 2, 4 and 8 times over, and times a Russia interview's decisions on each.
"""

import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from humanitarian.rules import UNKNOWN, decide, evaluate, load_catalogue, yamlio  # noqa: E402

ROUNDS, CHUNK = 7, 50
# Where a Russia interview takes place (the regime copies are reached only from places of their own).
RUSSIA_PLACES = {
    "russia",
    "crimea",
    "donetsk_luhansk_ngca",
    "kherson_zaporizhzhia_ngca",
    "ukraine_government_controlled",
}


def answer_sets(catalogue, per_scenario: int = 4, seed: int = 7) -> list:
    rng = random.Random(seed)
    sets = []
    for scenario in catalogue.scenarios:
        sets.append((scenario.answers, scenario.as_of))
        for _ in range(per_scenario):
            answers = {k: v for k, v in scenario.answers.items() if rng.random() > 0.2}
            for qid in [q for q in answers if rng.random() < 0.1 and catalogue.question(q).allow_unknown]:
                answers[qid] = UNKNOWN
            sets.append((answers, scenario.as_of))
    return sets


def per_second(works: dict, sets) -> dict:
    """Name -> calls per CPU second, for works timed side by side on the same answer sets.

    The sets are cut into chunks; each round times every work on every chunk in turn, so all of them meet the
    same spells of noise, and each chunk keeps its fastest round (a shared machine only ever slows a run down).
    """
    chunks = [sets[i : i + CHUNK] for i in range(0, len(sets), CHUNK)]
    best = {name: [float("inf")] * len(chunks) for name in works}
    for _ in range(ROUNDS):
        for n, chunk in enumerate(chunks):
            for name, work in works.items():
                start = time.process_time()
                for answers, as_of in chunk:
                    work(answers, as_of)
                best[name][n] = min(best[name][n], time.process_time() - start)
    return {name: len(sets) / sum(times) for name, times in best.items()}


def engine_rows(catalogue) -> list[dict]:
    sets = answer_sets(catalogue)
    for answers, as_of in sets:  # warm the per-date editions, as a running site has them
        decide(catalogue, answers, as_of)
    rates = per_second(
        {
            "decide": lambda a, d: decide(catalogue, a, d),
            "evaluate": lambda a, d: evaluate(catalogue, a, d),
            "evaluate+to_dict": lambda a, d: evaluate(catalogue, a, d).to_dict(),
        },
        sets,
    )
    filling = filling_rate(sets)
    return [
        row("engine decide", f"{rates['decide']:,.0f}/s", "evaluate", rates["decide"] / rates["evaluate"], ">= 10x"),
        row("engine decide, tables filling", f"{filling:,.0f}/s", "evaluate", filling / rates["evaluate"], ""),
        row("engine evaluate", f"{rates['evaluate']:,.0f}/s", "", None, ""),
        row(
            "to_dict cost",
            f"{rates['evaluate+to_dict']:,.0f}/s",
            "evaluate",
            rates["evaluate"] / rates["evaluate+to_dict"],
            "(was 5.5x)",
        ),
    ]


def filling_rate(sets, rounds: int = 3) -> float:
    """decide/s on a freshly loaded catalogue, every table empty and each answer set met once; the fastest round."""
    best = float("inf")
    for _ in range(rounds):
        fresh = load_catalogue(ROOT / "licenses")
        for as_of in {as_of for _, as_of in sets}:  # the day's rules are built once per date, as on a site
            fresh.in_force(as_of)
        start = time.process_time()
        for answers, as_of in sets:
            decide(fresh, answers, as_of)
        best = min(best, time.process_time() - start)
    return len(sets) / best


def grown_catalogue(source: Path, copies: int, into: Path) -> Path:
    """A copy of the catalogue with every regime repeated ``copies`` times, each copy reached from its own place."""
    root = into / f"x{copies}" / "licenses"
    shutil.copytree(source, root, ignore=shutil.ignore_patterns("scenarios"))
    (root / "scenarios").mkdir()
    questions = read(root / "questions.yaml")
    location = next(q for q in questions["questions"] if q["id"] == "location")
    regimes = sorted(source.glob("u[sk]/*/regime.yaml"))
    for k in range(1, copies):
        location["options"].append({"value": f"bench_{k}", "label": f"Benchmark country {k}"})
        renamed = {p["id"]: f"{p['id']}_copy{k}" for path in regimes for p in read(path).get("prohibitions", [])}
        for regime_file in regimes:
            target = root / regime_file.parts[-3] / f"{regime_file.parts[-2]}-copy{k}"
            copy_regime(regime_file.parent, target, k, renamed)
    write(root / "questions.yaml", questions)
    return root


def read(path: Path):
    """A rule file as the loader reads it (yes and no stay answers, not booleans)."""
    return yamlio.load(path.read_text()).data


def write(path: Path, data):
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def copy_regime(folder: Path, target: Path, k: int, renamed: dict):
    """Regime ``folder`` as a new regime: its own place, and ids that cannot clash with the original's."""
    target.mkdir(parents=True)
    regime = read(folder / "regime.yaml")
    regime["regime"] = target.name
    regime["engaged_if"] = {"answer": "location", "is": f"bench_{k}"}
    for p in regime.get("prohibitions", []):
        p["id"] = renamed[p["id"]]
    for r in regime.get("licence_routes", []):
        r["id"] = f"{r['id']}_copy{k}"
        r["lifts"] = [renamed.get(pid, pid) for pid in r.get("lifts", [])] or r.pop("lifts", None) or []
        r.pop("lifts") if not r["lifts"] else None
    write(target / "regime.yaml", regime)
    for path in folder.glob("*.yaml"):
        if path.name != "regime.yaml":
            auth = read(path)
            auth["id"], auth["regime"] = f"{auth['id']}-copy{k}", target.name
            if "lifts" in auth:
                auth["lifts"] = [renamed.get(pid, pid) for pid in auth["lifts"]]
            write(target / path.name, auth)


def growth_rows(catalogue) -> list[dict]:
    """Cost per decision of Russia interviews as the catalogue is copied 1, 2, 4 and 8 times."""
    russia = [(a, d) for a, d in answer_sets(catalogue) if a.get("location") in RUSSIA_PLACES]
    with tempfile.TemporaryDirectory() as scratch:
        costs = {}
        for copies in (1, 2, 4, 8):
            grown = load_catalogue(grown_catalogue(ROOT / "licenses", copies, Path(scratch)))
            for answers, as_of in russia:
                decide(grown, answers, as_of)
            rates = per_second(
                {"decide": lambda a, d, g=grown: decide(g, a, d), "evaluate": lambda a, d, g=grown: evaluate(g, a, d)},
                russia,
            )
            costs[copies] = (1 / rates["decide"], 1 / rates["evaluate"], len(grown.authorizations))
    found = [growth_row(f"decide, catalogue x{n} ({costs[n][2]} authorizations)", n, costs, 0) for n in (2, 4, 8)]
    return found + [growth_row("evaluate, catalogue x8", 8, costs, 1)]


def growth_row(label: str, copies: int, costs: dict, work: int) -> dict:
    """One work's cost per Russia interview decision at ``copies``, against its cost at x1."""
    cost = costs[copies][work]
    return row(
        f"Russia {label}", f"{cost * 1e6:.0f} µs", "x1", cost / costs[1][work], "<= 2x at x8" if copies == 8 else ""
    )


def row(metric: str, value: str, reference: str, ratio, goal: str) -> dict:
    return {"metric": metric, "value": value, "reference": reference, "ratio": ratio, "goal": goal}


def rows() -> list[dict]:
    start = time.perf_counter()
    catalogue = load_catalogue(ROOT / "licenses")
    load_ms = (time.perf_counter() - start) * 1000
    found = [row("catalogue load + validate", f"{load_ms:.0f} ms", "", None, "")]
    return found + engine_rows(catalogue) + growth_rows(catalogue)


def show(found: list[dict]):
    width = max(len(r["metric"]) for r in found)
    for r in found:
        ratio = f"{r['ratio']:.2f}x {r['reference']}" if r["ratio"] is not None else ""
        print(f"{r['metric']:<{width}}  {r['value']:>12}  {ratio:<22} {r['goal']}")


if __name__ == "__main__":
    show(rows())
