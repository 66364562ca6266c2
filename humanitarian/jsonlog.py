"""Logs as one JSON object per line, so a log collector can filter on fields instead of parsing prose.

Nothing personal goes in: request logs name the URL pattern, not the path
(a path holds a draft's or a determination's unguessable token), and never an
answer, an organization name or an IP address.
"""

import json
import logging
from datetime import UTC, datetime

from django.conf import settings

# Attributes every LogRecord has; anything else on a record was passed with ``extra=`` and becomes a field.
_STANDARD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({key: value for key, value in vars(record).items() if key not in _STANDARD_ATTRIBUTES})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def route_of(request) -> str:
    """The URL pattern a request matched ("/determinations/<link:token>/"), never the path with its token."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return "/" + match.route
    static = "/" + settings.STATIC_URL.strip("/") + "/"
    return static + "*" if request.path.startswith(static) else "(unmatched)"


class RedactDjangoRequest(logging.Filter):
    """Django's own "Not Found: /path" and "Internal Server Error: /path" lines would write tokens to the log.

    They are rewritten to name the URL pattern instead, and the request object
    (whose repr holds the path) is dropped. Tracebacks are kept.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None:
            status = getattr(record, "status_code", "")
            record.msg, record.args = "%s %s %s", (status, request.method, route_of(request))
            del record.request
        return True


class RedactMissingGlyphs(logging.Filter):
    """WeasyPrint warns about each character no installed font has, quoting it (and its code point): from an
    organization's name, that would put pieces of the name in the log. The warning stays, without them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith(".notdef glyph"):
            record.msg, record.args = "a character in the PDF is missing from its fonts and prints as a box", ()
        return True
