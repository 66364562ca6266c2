"""Check rule files against ``licenses/schema.json`` and word the errors for people.

The JSON Schema is the published contract (editors can use it as people type);
this module applies it and turns each violation into ``field: expected ..., got ...``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "licenses" / "schema.json"

# Stable ids, used as Django system-check ids ("licenses.E001") and in tests.
CODES = {
    "yaml": "E001",  # the file cannot be read or is not valid YAML
    "schema": "E002",  # a key is unknown, missing, or of the wrong type
    "format": "E003",  # a date or URL is malformed
    "duplicate": "E004",  # an id is used twice
    "condition": "E005",  # a condition names a question, test or value that does not exist
    "timeline": "E006",  # versions overlap, leave an undeclared gap, or end before they start
    "scenario": "E007",  # a scenario names an unknown authorization or gives an invalid answer
    "order": "E008",  # a question's ask_if depends on a later question, or a section is unknown
    "missing": "E009",  # a file the catalogue needs is absent
    "evidence": "E010",  # evidence names a point the rule lacks, is out of order, or falls short of "confirmed"
}


@dataclass(frozen=True)
class RuleError:
    file: str
    line: int
    field: str
    message: str
    kind: str

    @property
    def code(self) -> str:
        return "licenses." + CODES[self.kind]

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.file}:{self.line}: {where}{self.message}"


def field_name(path) -> str:
    """('versions', 1, 'expires') -> 'versions[1].expires'"""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@lru_cache(maxsize=1)
def _schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text())


_format_checker = FormatChecker()


@_format_checker.checks("date", raises=ValueError)
def _is_date(value) -> bool:
    if not isinstance(value, str):
        return True
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and bool(date.fromisoformat(value))


@_format_checker.checks("uri")
def _is_url(value) -> bool:
    return not isinstance(value, str) or bool(re.fullmatch(r"https?://[^\s/$.?#][^\s]*", value))


@cache
def _validator(kind: str) -> Draft202012Validator:
    schema = {**_schema(), "$ref": f"#/$defs/{kind}"}
    return Draft202012Validator(schema, format_checker=_format_checker)


def validate(data, kind: str):
    """Yield (path, message, error-kind) for every way ``data`` breaks the schema."""
    for error in sorted(_validator(kind).iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        yield from _explain(error)


def _explain(error):
    """Each violation in people's words: (path, message, error kind)."""
    path, got = tuple(error.absolute_path), error.instance
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        for key in sorted(set(got) - set(allowed)):
            yield (*path, key), f"unknown key (allowed here: {', '.join(allowed)})", "schema"
    elif error.validator == "required":
        missing = re.match(r"'([^']+)'", error.message)
        yield (*path, missing.group(1) if missing else "?"), "is required", "schema"
    else:
        message, kind = _wording(error, got)
        yield path, message, kind


def _wording(error, got) -> tuple[str, str]:
    """The sentence for a violation about one value, and whether it is a format or a schema error."""
    rule, wanted = error.validator, error.validator_value
    if rule == "format" or (rule == "pattern" and error.schema.get("format") == "uri"):
        expected = {"date": "a date (YYYY-MM-DD)"}.get(wanted, "a URL (https://...)")
        return f"expected {expected}, got {json.dumps(got)}", "format"
    if rule == "anyOf" and isinstance(got, str) and not _is_date_like(got):
        return f"expected a date (YYYY-MM-DD) or nothing, got {json.dumps(got)}", "format"
    worded = {
        "enum": lambda: f"expected one of {', '.join(map(str, wanted))}, got {json.dumps(got)}",
        "type": lambda: f"expected {_type_name(wanted)}, got {_type_name(type(got).__name__)}",
        "pattern": lambda: f"{json.dumps(got)} does not match the expected form {wanted}",
        "minItems": lambda: "must list at least one item",
    }
    return worded.get(rule, lambda: error.message)(), "schema"


def _is_date_like(value: str) -> bool:
    try:
        return _is_date(value)
    except ValueError:
        return False


_TYPE_NAMES = {
    "object": "a mapping",
    "dict": "a mapping",
    "array": "a list",
    "list": "a list",
    "string": "text",
    "str": "text",
    "integer": "a whole number",
    "int": "a whole number",
    "boolean": "true or false",
    "bool": "true or false",
    "NoneType": "nothing",
    "null": "nothing",
    "float": "a number",
    "number": "a number",
}


def _type_name(name) -> str:
    if isinstance(name, list):
        return " or ".join(_type_name(n) for n in name)
    return _TYPE_NAMES.get(name, name)
