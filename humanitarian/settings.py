"""Settings, all from the environment.

Development: ``DJANGO_DEBUG=1`` (the README's run command sets it).
Production: set ``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS`` and, for
PostgreSQL, ``DATABASE_URL``; ``manage.py check --deploy`` is then clean.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in ("1", "true", "yes", "on")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# Without DJANGO_SECRET_KEY the site runs on a key that `check --deploy` rejects.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "django-insecure-development-only"
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

# Where the law lives; the catalogue is loaded from here once per process.
LICENSES_DIR = Path(os.environ.get("LICENSES_DIR", BASE_DIR / "licenses"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "humanitarian",
    "humanitarian.questionnaire",
    "humanitarian.determinations",
    "humanitarian.library",
    "humanitarian.api",
]

MIDDLEWARE = [
    "humanitarian.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "humanitarian.middleware.SecurityHeadersMiddleware",
    "humanitarian.middleware.PrivateLinkMiddleware",
    "humanitarian.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "humanitarian.middleware.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "humanitarian.urls"
# Form widgets render with the site's templates too (the date's day, month and year boxes).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "humanitarian.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # A kept connection is checked before reuse, so the site recovers by itself after a database restart.
        conn_health_checks=True,
    )
}
# Transactions are the services' own (transaction.atomic around each change of state), not one per request:
# a page that needs no database then opens no connection, so it answers while the database is down, and a
# request that is refused or rate limited holds no lock. A service's writes still commit together or not at all.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers share the file. Transactions take the write lock up front and wait for it rather
    # than fail with "database is locked"; reads run outside transactions and, with the write-ahead log, never
    # wait for a writer.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Admin sign-in: django-axes records failed attempts and locks a client out after AXES_FAILURE_LIMIT of them.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("ADMIN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("ADMIN_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "login_locked.html"
AXES_CLIENT_IP_CALLABLE = "humanitarian.ratelimit.client_address"  # the same client address as the rate limits
AXES_CLIENT_STR_CALLABLE = "humanitarian.ratelimit.client_for_logs"  # its logs name a pseudonym, not an address
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Drafts are deleted this many days after their last change (manage.py purge_drafts).
DRAFT_RETENTION_DAYS = int(os.environ.get("DRAFT_RETENTION_DAYS", "30"))

# Security: strict by default outside development.
# Pages link their scripts and styles from static files; inline ones are refused. Bootstrap's form
# controls draw their ticks and arrows with data: SVG images.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# Request bodies: the questionnaire's pages are small forms; anything larger is refused with a 413 page.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DJANGO_MAX_BODY_BYTES", str(256 * 1024)))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500
# Per-client limits as (requests, seconds), counted in the database; see humanitarian/ratelimit.py.
RATE_LIMITS = {
    "pdf": (int(os.environ.get("PDF_RATE_LIMIT_PER_MINUTE", "20")), 60),  # renders; stored PDFs are free
    "determinations": (int(os.environ.get("DETERMINATION_RATE_LIMIT_PER_HOUR", "60")), 3600),  # saves
    "api": (int(os.environ.get("API_RATE_LIMIT_PER_MINUTE", "120")), 60),  # POST /api/determinations
}
# PDF renders one worker process runs at once; its other threads keep serving pages (humanitarian/downloads.py).
PDF_RENDERS_PER_WORKER = int(os.environ.get("PDF_RENDERS_PER_WORKER", "1"))
# Lay PDFs out in a low-priority child process of each worker, so pages stay fast while PDFs are made.
PDF_RENDER_PROCESS = env_bool("PDF_RENDER_PROCESS", True)
# Where the client's address is; behind a reverse proxy, HTTP_X_FORWARDED_FOR (its last entry is used).
CLIENT_IP_HEADER = os.environ.get("DJANGO_CLIENT_IP_HEADER", "REMOTE_ADDR")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    if not SECURE_SSL_REDIRECT:  # the proxy redirects to HTTPS itself, as the README allows
        SILENCED_SYSTEM_CHECKS = ["security.W008"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# One JSON object per line on stderr: a request line per request, plus determinations saved and PDFs exported.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "humanitarian.jsonlog.JsonFormatter"}},
    "filters": {
        "redact_django_request": {"()": "humanitarian.jsonlog.RedactDjangoRequest"},
        "redact_missing_glyphs": {"()": "humanitarian.jsonlog.RedactMissingGlyphs"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["redact_django_request"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint reports every rendering step at INFO; only its warnings matter, and they never quote a character.
    "loggers": {
        "weasyprint": {"filters": ["redact_missing_glyphs"]},
        "weasyprint.progress": {"level": "WARNING"},
        # Where HarfBuzz cannot subset fonts, WeasyPrint falls back to fontTools, which logs each table it prunes.
        "fontTools": {"level": "WARNING"},
    },
}
