"""Load test: many people answering the questionnaire at once, against the production server on loopback.

Starts scripts/serve (gunicorn, production settings, workers as it chooses
unless --workers is given) on a free 127.0.0.1 port and waits until every
worker has answered requests and warmed up. Then, timed:

1. concurrent interviews through the real pages (start, every section with a
   worked scenario's answers, review, the saved determination) with plain
   http.client: requests per second, median and 99th-percentile latency, the
   server's CPU time per request (summed over all its processes), errors, and
   whether every finished interview has its determination saved;
2. the start page's median latency while one client downloads --pdf-burst
   PDFs of different determinations at once, against its median when the
   site is idle, measured in the same run; and what a second download of
   those PDFs costs the server against the first.

Run: .venv/bin/python bench/load.py [--interviews 200] [--concurrency 20] [--workers N] [--pdf-burst 20]
Uses DATABASE_URL if set (PostgreSQL), else a throwaway SQLite file.
"""

import argparse
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from humanitarian.rules import UNKNOWN, load_catalogue  # noqa: E402

DEADLINE_SECONDS = 600
MAX_PAGES = 40  # an interview that has not reached its determination after this many pages is stuck
WARM_UP_SECONDS = 120
WARM_CPU_SECONDS = 0.2  # CPU a worker must spend on a round of warm-up requests to count as serving
MAX_PDF_TRIES = 200
IDLE_PROBE_SECONDS = 5
PROBE_INTERVAL = 0.1  # seconds between start-page probes
PROBE_CLIENTS = 400  # at most this many probes waiting at once


class InterviewFailed(Exception):
    """The site answered something a person could not go on from (an error page, a form that will not submit)."""


@dataclass
class Response:
    status: int
    location: str
    body: str
    retry_after: str = ""
    content_type: str = ""
    content: bytes = b""


class Browser:
    """One person's browser over plain HTTP on loopback: keeps cookies, times every request.

    It sends what the TLS-terminating proxy in front of the site would
    (X-Forwarded-Proto: https) and the Origin a browser sends with a form, so
    the server runs with its production settings unchanged.
    """

    def __init__(self, host: str, port: int, on_request=None, address: str = ""):
        self.host, self.port, self.on_request = host, port, on_request
        self.address = address  # sent as X-Forwarded-For, as a proxy would, so one machine can act as many clients
        self.cookies = {}

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict) -> Response:
        return self.request("POST", path, urlencode(data, doseq=True).encode())

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str = "") -> Response:
        origin = f"https://{self.host}:{self.port}"
        headers = {"Host": f"{self.host}:{self.port}", "X-Forwarded-Proto": "https", "Connection": "close"}
        if self.address:
            headers["X-Forwarded-For"] = self.address
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers.update({"Content-Type": content_type or "application/x-www-form-urlencoded", "Origin": origin})
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        start = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            reply = connection.getresponse()
            content = reply.read()
        finally:
            connection.close()
        if self.on_request:
            self.on_request(time.perf_counter() - start)
        for cookie in reply.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        location = (reply.headers.get("Location") or "").removeprefix(origin)
        return Response(
            reply.status,
            location,
            content.decode("utf-8", "replace"),
            reply.headers.get("Retry-After") or "",
            reply.headers.get("Content-Type") or "",
            content,
        )


class FormReader(HTMLParser):
    """The fields of the page's POST form: hidden values, and the choices each question offers."""

    def __init__(self):
        super().__init__()
        self.hidden, self.choices, self.kinds = {}, {}, {}
        self.asked_url = ""
        self._in_form, self._select = False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._in_form = True
            self.asked_url = attrs.get("data-asked-url") or ""
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and "day-part" in (attrs.get("class") or "").split():
            # A date's day, month and year boxes: the site also takes the whole date, YYYY-MM-DD, under its name.
            self.kinds.setdefault(name.rsplit("_", 1)[0], "date")
        elif tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind == "hidden":
                self.hidden[name] = attrs.get("value", "")
            else:
                self.kinds.setdefault(name, kind)
                if kind in ("radio", "checkbox"):
                    self.choices.setdefault(name, []).append(attrs.get("value", "on"))
        elif tag == "textarea" and name:
            self.kinds[name] = "text"
        elif tag == "select" and name:
            self.kinds[name], self._select = "select", name
        elif tag == "option" and self._select and attrs.get("value"):
            self.choices.setdefault(self._select, []).append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


ORGANIZATION_FIELD, AS_OF_FIELD, UNKNOWN_BOX = "_organization", "_as_of", "_unknown_"


def page_answers(browser: Browser, html: str, scenario, organization: str) -> dict:
    """The POST data a person following ``scenario`` would send from this page.

    A question the scenario leaves open gets "I don't know" where offered, else its first choice.
    Like the page's script, it asks the site which questions the answers make moot, and leaves them out.
    """
    form = FormReader()
    form.feed(html)
    data = _fill(form, scenario, organization)
    if form.asked_url:
        reply = browser.get(form.asked_url + "?" + urlencode(data, doseq=True))
        if reply.status == 200:
            for qid in json.loads(reply.body)["hidden"]:
                data.pop(qid, None)
                data.pop(f"{UNKNOWN_BOX}{qid}", None)
    return data


def _fill(form: FormReader, scenario, organization: str) -> dict:
    data = dict(form.hidden)
    for name, kind in form.kinds.items():
        if name == ORGANIZATION_FIELD:
            data[name] = organization
        elif name == AS_OF_FIELD:
            data[name] = scenario.as_of.isoformat()
        elif name.startswith("_"):
            continue
        else:
            data.update(_answer(name, kind, form, scenario))
    return data


def _answer(name: str, kind: str, form: FormReader, scenario) -> dict:
    value = scenario.answers.get(name)
    box = f"{UNKNOWN_BOX}{name}"
    if value == UNKNOWN and box in form.kinds:
        return {box: "on"}
    options = form.choices.get(name, [])
    if value is None:
        if UNKNOWN in options:
            return {name: UNKNOWN}
        if box in form.kinds:
            return {box: "on"}
        value = options[0] if options else scenario.as_of.isoformat() if kind == "date" else "Not stated"
    if kind == "checkbox":
        return {name: value if isinstance(value, list) else [value]}
    return {name: value}


def walk_interview(browser: Browser, scenario, organization: str, on_saved=None) -> str:
    """Start, answer every page, submit the review and open the determination; returns its link's token.

    ``on_saved(path, data)`` is called for each page the site acknowledged saving (it redirected onwards).
    """
    start_page = browser.get("/")
    if start_page.status != 200:
        raise InterviewFailed(f"GET / answered {start_page.status}")
    response = browser.post("/", page_answers(browser, start_page.body, scenario, organization))
    path = response.location
    for _ in range(MAX_PAGES):
        if response.status != 302 or not path:
            raise InterviewFailed(f"expected a redirect, got {response.status}")
        if path.startswith("/determinations/"):
            page = browser.get(path)
            if page.status != 200:
                raise InterviewFailed(f"the determination answered {page.status}")
            return path.split("/")[2]
        page = browser.get(path)
        if page.status == 302:
            response, path = page, page.location
            continue
        if page.status != 200:
            raise InterviewFailed(f"GET {_pattern(path)} answered {page.status}")
        data = page_answers(browser, page.body, scenario, organization)
        response = browser.post(path, data)
        if response.status == 302 and on_saved:
            on_saved(path, data)
        path = response.location
    raise InterviewFailed(f"no determination after {MAX_PAGES} pages")


def _pattern(path: str) -> str:
    """A path without its token, for messages."""
    parts = path.split("/")
    return "/".join("<token>" if len(p) >= 32 else p for p in parts)


def load_scenarios() -> list:
    return list(load_catalogue(ROOT / "licenses").scenarios)


@dataclass
class Tally:
    latencies: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    tokens: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def request(self, seconds: float):
        with self.lock:
            self.latencies.append(seconds)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(port: int, database_url: str) -> dict:
    """The production settings for a server on ``port``; none of this process's own DJANGO_* settings leak in."""
    return {
        **{name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")},
        "PYTHON": sys.executable,  # the server runs on the interpreter that runs this
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "BIND": f"127.0.0.1:{port}",
        "DJANGO_LOG_LEVEL": "WARNING",  # the request lines would drown the figures
        # One machine plays every client: no per-client limit may get in the way of the figures.
        "PDF_RATE_LIMIT_PER_MINUTE": "1000000",
        "DETERMINATION_RATE_LIMIT_PER_HOUR": "1000000",
        "API_RATE_LIMIT_PER_MINUTE": "1000000",
    }


def start_server(env: dict, port: int, log) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(ROOT / "scripts" / "serve")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped during start-up (exit {server.returncode}); see {log.name}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.3)
    stop_server(server)
    raise SystemExit("the server did not start within 120 s")


def stop_server(server: subprocess.Popen):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def saved_determinations(database_url: str, tokens: list) -> int:
    """How many of the determinations the interviews ended on are in the database."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "humanitarian.settings")
    import django

    django.setup()
    from humanitarian.determinations.models import Determination

    return Determination.objects.filter(token__in=tokens).count()


def run_interviews(port: int, scenarios: list, count: int, concurrency: int) -> tuple[Tally, float]:
    tally = Tally()

    def one(index: int):
        scenario = scenarios[index % len(scenarios)]
        browser = Browser("127.0.0.1", port, on_request=tally.request)
        try:
            token = walk_interview(browser, scenario, organization=f"Load test NGO {index}")
        except (InterviewFailed, OSError, http.client.HTTPException) as exc:
            with tally.lock:
                tally.errors.append(f"{type(exc).__name__}: {exc}")
        else:
            with tally.lock:
                tally.tokens.append(token)

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, range(count), timeout=DEADLINE_SECONDS))
    return tally, time.perf_counter() - start


class ServerCpu:
    """CPU seconds used by the server's processes: gunicorn's master, its workers and anything they started
    (one process group, as start_server starts it), including processes that ended and were waited for."""

    TICKS = os.sysconf("SC_CLK_TCK")

    def __init__(self, server: subprocess.Popen):
        self.group = server.pid

    def processes(self) -> dict:
        """pid -> (own CPU ticks, CPU ticks of its children that ended) for every process of the group."""
        found = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # it ended while we looked
            if int(fields[2]) == self.group:  # fields[2] is the process group (field 5 of stat)
                found[int(stat.parent.name)] = (int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14]))
        return found

    def seconds(self) -> float:
        return sum(own + ended for own, ended in self.processes().values()) / self.TICKS

    def workers(self) -> dict:
        """pid -> own CPU seconds of each worker (the processes whose parent is the master)."""
        children = Path(f"/proc/{self.group}/task/{self.group}/children").read_text().split()
        ticks = self.processes()
        return {int(pid): ticks[int(pid)][0] / self.TICKS for pid in children if int(pid) in ticks}


def warm_up(port: int, scenarios: list, cpu: ServerCpu, concurrency: int) -> int:
    """Run untimed rounds of interviews until, two rounds running, the same workers each served their share.

    A worker that was still booting (loading the rules, importing the views) spends that CPU in the first of
    the two rounds; the second shows it answering requests like the others. Returns the number of workers.
    """
    warm_rounds, deadline = 0, time.monotonic() + WARM_UP_SECONDS
    while time.monotonic() < deadline:
        before = cpu.workers()
        run_interviews(port, scenarios, concurrency, concurrency)
        now = cpu.workers()
        served = now.keys() == before.keys() and all(now[pid] - before[pid] >= WARM_CPU_SECONDS for pid in now)
        warm_rounds = warm_rounds + 1 if served else 0
        if warm_rounds == 2:
            return len(now)
    raise SystemExit(f"not every worker answered within {WARM_UP_SECONDS} s of warm-up")


def timed_get(port: int, path: str) -> float:
    start = time.perf_counter()
    reply = Browser("127.0.0.1", port).get(path)
    if reply.status != 200:
        raise InterviewFailed(f"GET {path} answered {reply.status}")
    return time.perf_counter() - start


def download_pdf(port: int, token: str) -> Response:
    """A person's download: the "being prepared" page reloads itself after Retry-After, until the PDF comes."""
    for _ in range(MAX_PDF_TRIES):
        reply = Browser("127.0.0.1", port).get(f"/determinations/{token}/pdf/?paper=a4")
        if reply.status == 200 and reply.content.startswith(b"%PDF"):
            return reply
        if reply.status != 503:
            raise InterviewFailed(f"the PDF download answered {reply.status}")
        time.sleep(int(reply.retry_after or 1))
    raise InterviewFailed("the PDF never arrived")


def percentile(values: list, fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


@dataclass
class PdfFigures:
    idle_ms: float
    burst_ms: float
    burst_p90_ms: float
    burst_max_ms: float
    burst_seconds: float
    first_cpu_ms: float  # server CPU per PDF, first download (a render)
    again_cpu_ms: float  # server CPU per PDF, second download


def probe_start_page(port: int, until: threading.Event) -> list[float]:
    """Open the start page every PROBE_INTERVAL seconds, each time from a new client, until ``until`` is set.

    Open-loop, like people arriving: a probe stuck behind busy workers does not delay the next one, so a stall
    shows in every probe it holds up, not in one.
    """
    latencies = []
    with ThreadPoolExecutor(max_workers=PROBE_CLIENTS) as pool:
        probes = []
        while not until.is_set():
            probes.append(pool.submit(timed_get, port, "/"))
            until.wait(PROBE_INTERVAL)
        latencies = [probe.result(timeout=DEADLINE_SECONDS) for probe in probes]
    return latencies


def pdf_burst(port: int, tokens: list, cpu: ServerCpu) -> PdfFigures:
    """The start page while one client downloads len(tokens) PDFs at once, against the start page when idle."""
    quiet = threading.Event()
    threading.Timer(IDLE_PROBE_SECONDS, quiet.set).start()
    idle = probe_start_page(port, quiet)
    done = threading.Event()
    with ThreadPoolExecutor(max_workers=1) as prober:
        during = prober.submit(probe_start_page, port, done)
        cpu_before, start = cpu.seconds(), time.perf_counter()
        with ThreadPoolExecutor(max_workers=len(tokens)) as pool:
            list(pool.map(lambda token: download_pdf(port, token), tokens, timeout=DEADLINE_SECONDS))
        burst_seconds, first_cpu = time.perf_counter() - start, cpu.seconds() - cpu_before
        done.set()
        during = during.result(timeout=DEADLINE_SECONDS)
    cpu_before = cpu.seconds()
    for token in tokens:
        download_pdf(port, token)
    again_cpu = cpu.seconds() - cpu_before
    return PdfFigures(
        idle_ms=statistics.median(idle) * 1000,
        burst_ms=statistics.median(during) * 1000,
        burst_p90_ms=percentile(during, 0.9) * 1000,
        burst_max_ms=max(during) * 1000,
        burst_seconds=burst_seconds,
        first_cpu_ms=first_cpu / len(tokens) * 1000,
        again_cpu_ms=again_cpu / len(tokens) * 1000,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--workers", type=int, help="gunicorn worker processes (default: as scripts/serve chooses)")
    parser.add_argument("--pdf-burst", type=int, default=20, help="PDFs one client downloads at once")
    args = parser.parse_args()

    scenarios = load_scenarios()
    scratch = Path(tempfile.mkdtemp(prefix="humanitarian-load-"))
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{scratch / 'load.sqlite3'}"
    port = free_port()
    env = server_env(port, database_url)
    if args.workers:
        env["WEB_WORKERS"] = str(args.workers)
    with open(scratch / "server.log", "w") as log:
        server = start_server(env, port, log)
        try:
            cpu = ServerCpu(server)
            workers = warm_up(port, scenarios, cpu, args.concurrency)
            cpu_before = cpu.seconds()
            tally, elapsed = run_interviews(port, scenarios, args.interviews, args.concurrency)
            cpu_used = cpu.seconds() - cpu_before
            pdf = pdf_burst(port, tally.tokens[: args.pdf_burst], cpu) if len(tally.tokens) >= args.pdf_burst else None
        finally:
            stop_server(server)
    saved = saved_determinations(database_url, tally.tokens)
    latencies = sorted(tally.latencies)
    p99 = percentile(latencies, 0.99) if latencies else 0
    print(
        f"database: {database_url.split(':')[0]}; gunicorn workers: {workers}; concurrency: {args.concurrency}\n"
        f"interviews finished: {len(tally.tokens)} of {args.interviews} in {elapsed:.1f} s "
        f"({len(latencies)} requests, {len(latencies) / elapsed:.0f} requests/s, "
        f"{len(tally.tokens) / elapsed:.1f} interviews/s)\n"
        f"latency: median {statistics.median(latencies) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
        f"max {latencies[-1] * 1000:.0f} ms; server CPU {cpu_used / len(latencies) * 1000:.1f} ms per request\n"
        f"errors: {len(tally.errors)}{'; first: ' + tally.errors[0] if tally.errors else ''}\n"
        f"determinations saved: {saved} of {len(tally.tokens)} finished interviews"
    )
    if pdf:
        print(
            f"start page during a {args.pdf_burst}-PDF burst: median {pdf.burst_ms:.1f} ms against "
            f"{pdf.idle_ms:.1f} ms idle ({pdf.burst_ms / pdf.idle_ms:.1f}x), p90 {pdf.burst_p90_ms:.0f} ms, "
            f"max {pdf.burst_max_ms:.0f} ms; the burst took {pdf.burst_seconds:.1f} s\n"
            f"server CPU per PDF: first download {pdf.first_cpu_ms:.0f} ms, second {pdf.again_cpu_ms:.1f} ms "
            f"({pdf.first_cpu_ms / max(pdf.again_cpu_ms, 0.1):.0f}x less)"
        )
    shutil.rmtree(scratch, ignore_errors=True)
    if tally.errors or saved != len(tally.tokens):
        sys.exit(1)


if __name__ == "__main__":
    main()
