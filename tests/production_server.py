"""The production server (scripts/serve: gunicorn, production settings) on a loopback port, for the tests marked
``concurrency``: real worker processes and threads, their own database and a copy of the rule files.

On SQLite the server gets a scratch database file; when the suite runs on PostgreSQL it gets a scratch database
on the same cluster, dropped afterwards. Clients tell themselves apart with X-Forwarded-For, as behind a proxy,
so that each test has its own rate-limit budget.
"""

import os
import secrets
import shutil
import signal
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from bench.load import Browser, FormReader, free_port, server_env, start_server, stop_server

ROOT = Path(__file__).resolve().parent.parent
WORKERS, THREADS = 2, 2
START_SECONDS = 90

# Settings the tests rely on; everything else is the production default.
TEST_LIMITS = {"API_RATE_LIMIT_PER_MINUTE": "20", "PDF_RATE_LIMIT_PER_MINUTE": "20"}


@contextmanager
def scratch_database(directory: Path):
    """A DATABASE_URL nobody else uses: a file for SQLite, a new database beside the suite's for PostgreSQL."""
    suite_url = os.environ.get("DATABASE_URL", "")
    if not suite_url.startswith("postgres"):
        yield f"sqlite:///{directory / 'server.sqlite3'}"
        return
    import psycopg

    name = f"concurrency_{secrets.token_hex(4)}"
    with psycopg.connect(suite_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(suite_url)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(suite_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class ProductionServer:
    def __init__(self, directory: Path, database_url: str):
        self.directory, self.database_url = directory, database_url
        self.licenses = shutil.copytree(ROOT / "licenses", directory / "licenses")
        self.port = free_port()
        self.env = {
            **server_env(self.port, database_url),
            "LICENSES_DIR": str(self.licenses),
            "WEB_WORKERS": str(WORKERS),
            "WEB_THREADS": str(THREADS),
            "DJANGO_CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
            **TEST_LIMITS,
        }
        self.process = None

    def start(self):
        self.log = open(self.directory / "server.log", "w")  # noqa: SIM115 (closed in stop)
        self.process = start_server(self.env, self.port, self.log)
        self.wait_until_serving()

    def stop(self):
        if self.process is not None:
            stop_server(self.process)
            self.log.close()

    def browser(self, address: str) -> Browser:
        return Browser("127.0.0.1", self.port, address=address)

    def wait_until_serving(self, deadline_seconds: float = START_SECONDS):
        deadline = time.monotonic() + deadline_seconds
        while time.monotonic() < deadline:
            try:
                if self.browser("192.0.2.1").get("/").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"the server did not answer within {deadline_seconds} s; see {self.log.name}")

    def worker_pids(self) -> set[int]:
        """gunicorn's worker processes: the children of its master (which scripts/serve became with exec)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return {int(pid) for pid in children}

    def restart_workers(self):
        """Stop every worker, as gunicorn does itself after --max-requests or a crash, and wait for new ones."""
        old = self.worker_pids()
        for pid in old:
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn stopped after its workers were restarted; see {self.log.name}")
            current = self.worker_pids()
            if len(current) == WORKERS and not current & old:
                return
            time.sleep(0.2)
        raise AssertionError("gunicorn did not replace its workers")

    def start_new_master_and_wait_for(self, text: str):
        """Ask gunicorn for a new master (USR2, see scripts/serve) and wait until ``text`` appears in the log."""
        self.log.flush()
        offset = Path(self.log.name).stat().st_size
        os.kill(self.process.pid, signal.SIGUSR2)
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            with open(self.log.name, errors="replace") as log:
                log.seek(offset)
                if text in log.read():
                    return
            time.sleep(0.2)
        raise AssertionError(f"{text!r} did not appear in {self.log.name}")


def hidden_fields(html: str) -> dict:
    """The hidden inputs of the page's POST form (the CSRF token among them)."""
    form = FormReader()
    form.feed(html)
    return form.hidden
