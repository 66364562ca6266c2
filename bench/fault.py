"""Fault test: PostgreSQL stops in the middle of many interviews and comes back.

Starts a throwaway PostgreSQL cluster (scripts/postgres-temp) and the
production server (scripts/serve) on loopback, runs concurrent interviews at a
human pace, stops the database while they are under way and starts it again.
A person who meets the outage gets the "Try again in a moment" page (HTTP 503
with Retry-After) and, as that page asks, sends the page again.

Afterwards it checks, in the database, that every page the site acknowledged
is in its draft exactly as sent, that every finished interview has its
determination, and that each stored result is the one the engine gives for the
stored answers (nothing half-written). Prints the figures; exit status 1 if a
check fails.

Run: .venv/bin/python bench/fault.py [--interviews 40] [--concurrency 20] [--down-after 2] [--down-for 6]
Needs Debian's postgresql package (apt-get install postgresql).
"""

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import (  # noqa: E402
    UNKNOWN_BOX,
    Browser,
    InterviewFailed,
    free_port,
    load_scenarios,
    server_env,
    start_server,
    stop_server,
    walk_interview,
)
from humanitarian.rules import UNKNOWN  # noqa: E402

POSTGRES = ROOT / "scripts" / "postgres-temp"
RETRY_WAIT = 0.5  # a person would wait Retry-After (30 s); the benchmark is in a hurry
MAX_RETRIES = 120
TRY_AGAIN_TEXT = "Try again in a moment"


class Record:
    """What the interviews saw, shared by their threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = {}
        self.plain_503s = 0  # 503s without the page or Retry-After a person needs
        self.acknowledged = []  # (page path, answers) for every page the site confirmed saving
        self.finished = []  # (determination token, scenario, organization)
        self.failed = []
        self.first_ok_after_restart = None
        self.restarted_at = None

    def saw(self, status: int, response):
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status == 503 and (TRY_AGAIN_TEXT not in response.body or not response.retry_after):
                self.plain_503s += 1
            if status < 500 and self.restarted_at and self.first_ok_after_restart is None:
                self.first_ok_after_restart = time.monotonic()


class PatientBrowser(Browser):
    """A person who pauses between pages and, on the "try again" page, waits and sends the page again."""

    def __init__(self, host, port, record: Record, think: float):
        super().__init__(host, port)
        self.record, self.think = record, think

    def request(self, method, path, body=None):
        time.sleep(random.uniform(0, self.think))
        for _ in range(MAX_RETRIES):
            response = super().request(method, path, body)
            self.record.saw(response.status, response)
            if response.status != 503:
                return response
            time.sleep(RETRY_WAIT)
        raise InterviewFailed(f"still 503 after {MAX_RETRIES} tries")


def stored_form(data: dict) -> dict:
    """The answers a page's POST data carries, as the draft stores them."""
    answers = {}
    for name, value in data.items():
        if name.startswith(UNKNOWN_BOX):
            answers[name.removeprefix(UNKNOWN_BOX)] = UNKNOWN
        elif not name.startswith("_") and name != "csrfmiddlewaretoken":
            answers[name] = UNKNOWN if value == [UNKNOWN] else value
    return answers


def run(port: int, args, record: Record):
    scenarios = load_scenarios()

    def one(index: int):
        scenario = scenarios[index % len(scenarios)]
        organization = f"Fault test NGO {index}"
        browser = PatientBrowser("127.0.0.1", port, record, args.think)

        def saved(path, data):
            with record.lock:
                record.acknowledged.append((path, stored_form(data)))

        try:
            token = walk_interview(browser, scenario, organization, on_saved=saved)
        except Exception as exc:  # noqa: BLE001  (any failure is a finding to report, not a crash)
            with record.lock:
                record.failed.append(f"{type(exc).__name__}: {exc}")
        else:
            with record.lock:
                record.finished.append((token, scenario, organization))

    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        list(pool.map(one, range(args.interviews), timeout=600))


def outage(cluster: Path, args, record: Record, timings: dict):
    time.sleep(args.down_after)
    timings["stopped"] = time.monotonic()
    subprocess.run([POSTGRES, "stop", cluster], check=True)
    time.sleep(args.down_for)
    subprocess.run([POSTGRES, "start", cluster], check=True, capture_output=True)
    record.restarted_at = timings["started"] = time.monotonic()


def verify(database_url: str, record: Record) -> dict:
    """Check the database against what the interviews were told was saved."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "humanitarian.settings")
    import django

    django.setup()
    from django.urls import resolve

    from humanitarian.catalogue import get_catalogue
    from humanitarian.determinations.models import Determination
    from humanitarian.questionnaire.models import Draft
    from humanitarian.rules import check_answers, evaluate

    catalogue = get_catalogue()
    acknowledged = {}  # draft token -> the answers the site confirmed, the last one for each question
    for path, answers in record.acknowledged:
        acknowledged.setdefault(resolve(path).kwargs["token"], {}).update(answers)
    lost = 0
    for token, answers in acknowledged.items():
        draft = Draft.objects.filter(token=token).first()
        stored = draft.answers if draft else {}
        lost += sum(1 for qid, value in answers.items() if stored.get(qid) != value)
    tokens = [token for token, _, _ in record.finished]
    saved = {d.token: d for d in Determination.objects.filter(token__in=tokens)}
    intact = sum(
        1
        for token, _, organization in record.finished
        if token in saved
        and saved[token].organization == organization
        and not check_answers(catalogue, saved[token].answers)
        and saved[token].result == evaluate(catalogue, saved[token].answers, saved[token].as_of).to_dict()
    )
    broken_drafts = sum(1 for d in Draft.objects.all() if check_answers(catalogue, d.answers))
    return {
        "answers": sum(len(a) for a in acknowledged.values()),
        "lost": lost,
        "saved": len(saved),
        "intact": intact,
        "drafts": Draft.objects.count(),
        "broken_drafts": broken_drafts,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--think", type=float, default=0.6, help="longest pause between pages, seconds")
    parser.add_argument("--down-after", type=float, default=2.0, help="seconds into the run the database stops")
    parser.add_argument("--down-for", type=float, default=6.0, help="seconds the database stays down")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="humanitarian-fault-"))
    scratch.chmod(0o755)  # the cluster inside runs as the postgres user
    cluster = scratch / "postgres"
    database_url = subprocess.run([POSTGRES, "start", cluster], check=True, capture_output=True, text=True).stdout
    database_url = database_url.strip()
    port = free_port()
    record, timings = Record(), {}
    try:
        with open(scratch / "server.log", "w") as log:
            server = start_server({**server_env(port, database_url), "WEB_WORKERS": str(args.workers)}, port, log)
            try:
                chaos = threading.Thread(target=outage, args=(cluster, args, record, timings))
                begun = time.monotonic()
                chaos.start()
                run(port, args, record)
                chaos.join()
                elapsed = time.monotonic() - begun
            finally:
                stop_server(server)
        figures = verify(database_url, record)
    finally:
        subprocess.run([POSTGRES, "stop", cluster], check=False, capture_output=True)
        shutil.rmtree(scratch, ignore_errors=True)

    recovery = (record.first_ok_after_restart - timings["started"]) if record.first_ok_after_restart else None
    statuses = ", ".join(f"{code}: {n}" for code, n in sorted(record.statuses.items()))
    print(
        f"database down for {timings['started'] - timings['stopped']:.1f} s, {args.down_after:.0f} s into a "
        f"{elapsed:.1f} s run of {args.interviews} interviews ({args.concurrency} at a time)\n"
        f"responses by status: {statuses}\n"
        f"'try again' pages: {record.statuses.get(503, 0)} (without the page or Retry-After: {record.plain_503s}); "
        f"server errors (500): {record.statuses.get(500, 0)}\n"
        f"first page served after the restart: "
        f"{f'{recovery:.2f} s' if recovery is not None else 'none'} later\n"
        f"interviews finished: {len(record.finished)} of {args.interviews}; failed: {len(record.failed)}"
        f"{'; first: ' + record.failed[0] if record.failed else ''}\n"
        f"acknowledged answers: {figures['answers']}, lost or changed: {figures['lost']}\n"
        f"determinations saved: {figures['saved']} of {len(record.finished)} finished, "
        f"intact (result = engine(stored answers)): {figures['intact']}\n"
        f"drafts: {figures['drafts']}, with answers the catalogue refuses: {figures['broken_drafts']}"
    )
    ok = (
        not record.failed
        and record.statuses.get(503, 0) > 0
        and not record.plain_503s
        and not record.statuses.get(500)
        and figures["lost"] == 0
        and figures["saved"] == figures["intact"] == len(record.finished)
        and figures["broken_drafts"] == 0
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
