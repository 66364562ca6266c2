"""manage.py determine ANSWERS.yaml: the engine's determination for a set of answers.

ANSWERS.yaml is a mapping of question id to answer, or a scenario file (its
answers and as-of date are used). Bad input gives one line and exit status 2.
``--pdf out.pdf`` also writes the same PDF the web page offers; the CLI saves
nothing, so its reference reads UNSAVED and it names no organization.
"""

import json
import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from humanitarian.catalogue import get_catalogue
from humanitarian.determinations.exports import UNSAVED_REFERENCE, determination_pdf
from humanitarian.rules import check_answers, evaluate, yamlio
from humanitarian.rules.model import parse_day
from humanitarian.rules.vocabulary import Actor, Outcome, Status, StepKind, label


class InputError(Exception):
    """A problem with what the user gave; reported on one line."""


class Command(BaseCommand):
    help = "Evaluate a set of answers (or a scenario file) against the catalogue."

    def add_arguments(self, parser):
        parser.add_argument("answers", help="YAML file: question id -> answer, or a scenario file")
        parser.add_argument(
            "--as-of", help="date the activity takes place (YYYY-MM-DD); default: the scenario's, else today"
        )
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument("--pdf", metavar="OUT.pdf", help="also write the PDF (reference UNSAVED)")
        parser.add_argument("--paper", choices=("a4", "letter"), default="a4", help="paper size for --pdf")

    def handle(self, *args, **options):
        try:
            answers, as_of = read_answers(Path(options["answers"]), options["as_of"])
            catalogue = get_catalogue()
            problems = check_answers(catalogue, answers)
            if problems:
                raise InputError(f"{options['answers']}: " + "; ".join(problems))
        except InputError as exc:
            self.stderr.write(f"error: {exc}")
            sys.exit(2)
        determination = evaluate(catalogue, answers, as_of)
        if options["pdf"]:
            try:
                write_pdf(Path(options["pdf"]), determination.to_dict(), options["paper"])
            except InputError as exc:
                self.stderr.write(f"error: {exc}")
                sys.exit(2)
        if options["format"] == "json":
            self.stdout.write(json.dumps(determination.to_dict(), indent=2, ensure_ascii=False))
        else:
            self.stdout.write("\n".join(as_text(determination.to_dict())))


def write_pdf(path: Path, result: dict, paper: str):
    try:
        path.write_bytes(determination_pdf(result, reference=UNSAVED_REFERENCE, paper=paper))
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from None


def read_answers(path: Path, as_of: str | None) -> tuple[dict, date]:
    try:
        data = yamlio.load(path.read_text(encoding="utf-8")).data
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    except yamlio.YamlError as exc:
        raise InputError(f"{path}:{exc.line}: {exc.message}") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a mapping of question id to answer")
    if "answers" in data and "expect" in data:  # a scenario file
        as_of = as_of or data.get("as_of")
        data = data["answers"]
        if not isinstance(data, dict):
            raise InputError(f"{path}: the scenario's answers must be a mapping")
    try:
        when = parse_day(as_of) if as_of else timezone.localdate()
    except ValueError as error:
        raise InputError(f"--as-of: {error}") from None
    return data, when


MARKS = {True: "[x]", False: "[ ]", None: "[?]"}


def as_text(d: dict) -> list[str]:
    """A plain-text rendering of a determination dict for the terminal: the answer first, then what to do, then why."""
    lines = [f"Determination as of {d['as_of']} (rules {d['catalogue_digest'][:12]}). Not legal advice.", ""]
    lines += [f"{j['code']}: {j['answer']}." for j in d["jurisdictions"].values()] + [""]
    for j in d["jurisdictions"].values():
        lines += [f"{j['name']} ({j['authority']}): {label(Outcome, j['outcome']).upper()}", f"  {j['headline']}"]
        lines += [f"  {step_line(s)}" for s in j["next_steps"]]
        lines += [f"  {MARKS[r['holds']]} {r['text']}" for r in j["reasons"]]
        relied = set(j["relied_on"])
        for a in j["authorizations"]:
            lines.append(f"  - {a['version']} ({a['id']}): {label(Status, a['status']).lower()}  {a['source_url']}")
            if a["id"] in relied or a["status"] in (Status.EXCLUDED, Status.UNKNOWN):
                lines += [f"      {MARKS[r['holds']]} {r['text']}" for r in a["reasons"]]
        lines.append("")
    if d["divergences"]:
        lines.append("Where the US and UK differ:")
        for item in d["divergences"]:
            lines += [f"  {item['topic']}", f"    US: {item['us']}", f"    UK: {item['uk']}"]
        lines.append("")
    if d["open_questions"]:
        lines.append("Questions that would settle what is still open:")
        lines += [
            f"  - {q['prompt']} ({q['id']})" + (" (you answered: I don't know)" if q["answered_unknown"] else "")
            for q in d["open_questions"]
        ]
    return lines


def step_line(step: dict) -> str:
    """One line of "what you need to do": who, what, by when, where it comes from."""
    who = label(Actor, step["by"]).lower()
    kind = {StepKind.CHECK: "check", StepKind.DUTY: "must", StepKind.ROUTE: "apply", StepKind.ANSWER: "answer"}
    text = f"{kind[step['kind']]} ({who}): {step['text']}"
    text += f" Deadline: {step['deadline']}." if step["deadline"] else ""
    text += "" if step["certain"] else " (only if a point still open turns out to hold)"
    text += f" [{', '.join(step['sources'])}]" if step["sources"] else ""
    return text + (f" {step['url']}" if step["url"] else "")
