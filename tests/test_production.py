"""Production readiness: deploy checks, a broken rule file stops the deploy, migrations complete,
a database outage gives a "try again" page, and the logs hold no tokens or personal data."""

import json
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import OperationalError
from django.test import RequestFactory
from django.urls import reverse

from humanitarian.catalogue import get_catalogue
from humanitarian.determinations.services import create_determination
from humanitarian.jsonlog import JsonFormatter, RedactDjangoRequest
from humanitarian.middleware import DatabaseUnavailableMiddleware

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "a-production-secret-key-that-is-long-and-random-enough-0123456789",
    "DJANGO_ALLOWED_HOSTS": "aid.example.org",
}


def manage(*args, env_overrides=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_overrides or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_in_production_mode():
    run = manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no issues" in run.stdout


SETTINGS_PROBE = (
    "import json; from django.conf import settings as s; print(json.dumps([s.DEBUG, s.SECURE_SSL_REDIRECT, "
    "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER]))"
)


def probe_settings(env: dict) -> list:
    run = manage("shell", "--no-imports", "-c", SETTINGS_PROBE, env_overrides=env)
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_production_mode_is_the_default_and_debug_only_when_asked():
    production = probe_settings(PRODUCTION_ENV)
    assert production == [False, True, True, True, 31536000, ["HTTP_X_FORWARDED_PROTO", "https"]]
    assert probe_settings({"DJANGO_DEBUG": "1"})[:4] == [True, False, False, False]


def test_check_deploy_accepts_a_proxy_that_redirects_to_https_itself():
    run = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={**PRODUCTION_ENV, "DJANGO_SECURE_SSL_REDIRECT": "0"},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert probe_settings({**PRODUCTION_ENV, "DJANGO_SECURE_SSL_REDIRECT": "0"})[1] is False


def test_check_deploy_refuses_the_development_secret_key():
    run = manage("check", "--deploy", "--fail-level", "WARNING", env_overrides={"DJANGO_ALLOWED_HOSTS": "x.org"})
    assert run.returncode != 0
    assert "security.W009" in run.stderr


@pytest.fixture
def broken_licenses(tmp_path):
    """A copy of the rule files with one authorization's ``kind`` made up: (directory, "file:line")."""
    licenses = shutil.copytree(django_settings.LICENSES_DIR, tmp_path / "licenses")
    rule_file, line = next(
        (path, number)
        for path in sorted(licenses.rglob("*.yaml"))
        for number, text in enumerate(path.read_text().splitlines(), start=1)
        if text.startswith("kind: ")
    )
    lines = rule_file.read_text().splitlines()
    lines[line - 1] = "kind: a_kind_nobody_defined"
    rule_file.write_text("\n".join(lines) + "\n")
    return licenses, f"{rule_file.relative_to(tmp_path).as_posix()}:{line}"


def test_a_broken_rule_file_stops_the_deploy_with_file_and_line(broken_licenses):
    licenses, where = broken_licenses
    run = manage("check", "--deploy", env_overrides={**PRODUCTION_ENV, "LICENSES_DIR": str(licenses)})
    assert run.returncode != 0
    assert f"{where}: kind:" in run.stderr, run.stderr
    assert "a_kind_nobody_defined" in run.stderr


def test_the_serve_script_refuses_to_start_on_a_broken_rule_file(broken_licenses):
    licenses, where = broken_licenses
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update({**PRODUCTION_ENV, "LICENSES_DIR": str(licenses), "PYTHON": sys.executable})
    run = subprocess.run(
        [str(ROOT / "scripts" / "serve")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode != 0
    assert f"{where}: kind:" in run.stderr
    assert "Booting worker" not in run.stdout + run.stderr and "Applying" not in run.stdout


@pytest.mark.django_db
def test_migrations_match_the_models():
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)
    except SystemExit as exc:
        pytest.fail(f"models have changes without a migration (exit {exc.code})")


# A database outage: a plain "try again" page, never a traceback.


@pytest.fixture
def record():
    scenario = get_catalogue().scenarios[0]
    return create_determination(answers=scenario.answers, as_of=scenario.as_of, organization="Relief Org")


@pytest.mark.django_db
def test_a_database_outage_gives_a_try_again_page(client, record, monkeypatch, caplog):
    def database_down(token):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr("humanitarian.determinations.views.determination_by_token", database_down)
    with caplog.at_level(logging.ERROR, logger="humanitarian.outage"):
        response = client.get(record.get_absolute_url())
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Try again in a moment" in page and "Not legal advice" in page
    assert "OperationalError" not in page and "127.0.0.1" not in page
    assert [r.route for r in caplog.records if r.name == "humanitarian.outage"] == ["/determinations/<link:token>/"]


OUTAGE_PROBE = """
import json
from django.test import Client
client = Client()
print(json.dumps({path: client.get(path).status_code for path in PATHS}))
"""
NEEDS_NO_DATABASE = ["/", "/library/", "/library/compare/", "/library/us-ruhsr-gl-27/", "/api/questions"]


def test_pages_that_need_no_database_are_served_while_postgresql_is_down():
    env = {
        "DJANGO_DEBUG": "1",  # static files from the finders: no collectstatic in a test
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_LOG_LEVEL": "CRITICAL",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/unreachable",  # nothing listens on port 1
    }
    run = manage("shell", "-c", f"PATHS = {NEEDS_NO_DATABASE!r}" + OUTAGE_PROBE, env_overrides=env)
    assert json.loads(run.stdout.strip().splitlines()[-1]) == dict.fromkeys(NEEDS_NO_DATABASE, 200), run.stderr


def test_other_errors_are_not_mistaken_for_an_outage():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    assert middleware.process_exception(RequestFactory().get("/"), ValueError("a bug")) is None


# Logs: one JSON line per request, no tokens, answers, organization names or IP addresses.


def formatted(records) -> list[str]:
    redact, formatter = RedactDjangoRequest(), JsonFormatter()
    return [formatter.format(r) for r in records if redact.filter(r)]


@pytest.mark.django_db
def test_one_json_line_per_request_without_personal_data(client, record, caplog):
    with caplog.at_level(logging.INFO):
        client.get(record.get_absolute_url(), REMOTE_ADDR="198.51.100.23")
        client.get(reverse("determinations:detail", args=[record.token + "x"]), REMOTE_ADDR="198.51.100.23")
    lines = formatted(caplog.records)
    requests = [json.loads(line) for line in lines if '"humanitarian.requests"' in line]
    assert [(r["method"], r["route"], r["status"]) for r in requests] == [
        ("GET", "/determinations/<link:token>/", 200),
        ("GET", "/determinations/<link:token>/", 404),
    ]
    assert all(isinstance(r["duration_ms"], float) for r in requests)
    text = "\n".join(lines)
    for secret in [record.token, "Relief Org", "198.51.100.23", *map(str, record.answers.values())]:
        if len(secret) > 3:  # short answers like "yes" appear in ordinary words
            assert secret not in text, secret


@pytest.mark.django_db
def test_saving_a_determination_and_exporting_its_pdf_are_logged_with_the_reference(client, caplog):
    scenario = get_catalogue().scenarios[0]
    with caplog.at_level(logging.INFO):
        record = create_determination(answers=scenario.answers, as_of=scenario.as_of)
        client.get(reverse("determinations:pdf", args=[record.token]))
    events = {r.getMessage(): r for r in caplog.records if getattr(r, "reference", None) == record.reference}
    assert set(events) == {"determination created", "pdf exported"}
    assert events["pdf exported"].paper == "a4"
    assert not any(record.token in line for line in formatted(caplog.records))


def test_django_own_error_lines_lose_the_path():
    request = RequestFactory().get("/determinations/secret-token-value/")
    entry = logging.makeLogRecord(
        {"name": "django.request", "msg": "Not Found: %s", "args": (request.path,), "levelname": "WARNING"}
    )
    entry.request, entry.status_code = request, 404
    line = formatted([entry])[0]
    assert "secret-token-value" not in line
    assert json.loads(line)["message"] == "404 GET (unmatched)"
    assert re.fullmatch(r"\{.*\}", line)
