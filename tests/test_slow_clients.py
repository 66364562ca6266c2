"""Slow request bodies: behind the reverse proxy configured as scripts/nginx-proxy.conf says, clients that trickle
their bodies cannot starve the site; nginx holds them, and every gunicorn thread gets complete requests only."""

import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from bench.load import Browser, free_port
from tests.production_server import THREADS, WORKERS

pytestmark = pytest.mark.concurrency

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SLOW_CLIENTS = 3 * WORKERS * THREADS  # more than every gunicorn thread together
TRICKLE_SECONDS = 4

CONFIG = """
worker_processes 1;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server {{
        listen 127.0.0.1:{port};
        include {include};
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Forwarded-For $remote_addr;
        }}
    }}
}}
"""


@pytest.fixture
def proxy(production_server, tmp_path):
    """nginx on a loopback port in front of the production server, with the project's proxy settings."""
    if not Path(NGINX).exists():
        pytest.fail("nginx is not installed: scripts/system-deps installs it")
    port = free_port()
    config = tmp_path / "nginx.conf"
    config.write_text(
        CONFIG.format(
            dir=tmp_path, port=port, upstream=production_server.port, include=ROOT / "scripts" / "nginx-proxy.conf"
        )
    )
    process = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(config)], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while True:
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"nginx did not start: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield port
    process.terminate()
    process.wait(timeout=20)


def trickle(port: int, stop: threading.Event):
    """A client that sends its headers and then one byte of its body every half second."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(
            b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 100000\r\n\r\n"
        )
        while not stop.wait(0.5):
            try:
                connection.sendall(b"a")
            except OSError:
                return


def test_clients_trickling_their_bodies_do_not_starve_the_site(proxy):
    stop = threading.Event()
    slow = [threading.Thread(target=trickle, args=(proxy, stop)) for _ in range(SLOW_CLIENTS)]
    for thread in slow:
        thread.start()
    try:
        time.sleep(0.5)  # every slow client has connected and started its body
        deadline = time.monotonic() + TRICKLE_SECONDS
        answered = []
        while time.monotonic() < deadline:
            answered.append(Browser("127.0.0.1", proxy).get("/").status)
    finally:
        stop.set()
        for thread in slow:
            thread.join(timeout=30)
    assert answered and set(answered) == {200}
