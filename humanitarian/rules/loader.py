"""Load ``licenses/`` into an immutable Catalogue, or report every error in it.

Files are recognised by where they live:

    questions.yaml              the question catalogue
    divergences.yaml            where US and UK law differ, as data
    us/jurisdiction.yaml        when US sanctions reach an activity, what they prohibit
    us/<regime>/*.yaml          one authorization (all its versions) per file
    uk/...                      the same for the United Kingdom
    scenarios/*.yaml            worked cases with expected outcomes

Every problem is collected (not only the first) as a RuleError naming the
file, line and field.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from . import schema, yamlio
from .conditions import ConditionErrors, parse
from .evidence import Evidence, coverage, deciding_points, is_official, last_read
from .model import (
    JURISDICTIONS,
    Authorization,
    Catalogue,
    Divergence,
    Exclusion,
    Gap,
    Jurisdiction,
    LicenceRoute,
    Obligation,
    Option,
    Prohibition,
    Question,
    Regime,
    ReviewPoint,
    Scenario,
    Section,
    Version,
)
from .schema import RuleError, field_name
from .vocabulary import QuestionType

KINDS = ("questions", "divergences", "jurisdiction", "regime", "authorization", "scenario")


class CatalogueError(Exception):
    """The catalogue has errors; ``errors`` lists them all."""

    def __init__(self, errors: list[RuleError]):
        self.errors = errors
        super().__init__("\n".join(map(str, errors)))


def load_catalogue(root) -> Catalogue:
    """Read and check every rule file under ``root``; raise CatalogueError if any is wrong."""
    return _Loader(Path(root)).run()


class _File:
    """One YAML file being loaded: its data, its lines, and where to report."""

    def __init__(self, loader: _Loader, path: Path):
        self.loader = loader
        self.name = path.relative_to(loader.root.parent).as_posix()
        self.relative = path.relative_to(loader.root).as_posix()
        self.located = None
        try:
            self.located = yamlio.load(path.read_text(encoding="utf-8"))
        except yamlio.YamlError as exc:
            self.error((), exc.message, "yaml", line=exc.line)
        except (OSError, UnicodeDecodeError) as exc:
            self.error((), f"cannot be read: {exc}", "yaml")

    @property
    def data(self):
        return self.located.data if self.located else None

    def error(self, path, message, kind, line=None):
        if line is None:
            line = self.located.line(path) if self.located else 1
        self.loader.errors.append(RuleError(self.name, line, field_name(path), message, kind))

    def check_schema(self, kind: str) -> bool:
        found = dict.fromkeys(schema.validate(self.data, kind))  # one line per distinct problem
        for path, message, error_kind in found:
            self.error(path, message, error_kind)
        return not found

    def condition(self, data, path):
        """Parse an optional condition at ``path``; None if absent or wrong."""
        if data is None:
            return None
        errors = ConditionErrors()
        parsed = parse(data, path, self.loader.questions, errors)
        for where, message in errors.items:
            self.error(where, message, "condition")
        return parsed


class _Loader:
    def __init__(self, root: Path):
        self.root = root
        self.errors: list[RuleError] = []
        self.questions: dict[str, Question] = {}
        self.sections: list[Section] = []
        self.contents: dict[str, object] = {}
        self.declared: set[str] = set()  # authorization ids, even from files with errors
        self.jurisdictions: dict = {}
        self.prohibition_files: dict = {}  # (jurisdiction, prohibition id) -> the file that defines it
        self.route_sources: list = []  # (file, path, route), to check what each route lifts

    def run(self) -> Catalogue:
        if not self.root.is_dir():
            raise CatalogueError([RuleError(str(self.root), 1, "", "the rules folder does not exist", "missing")])
        files = sorted(p for p in self.root.rglob("*.yaml") if p.is_file())
        by_kind = {kind: [] for kind in KINDS}
        for path in files:
            kind = self._kind(path)
            if kind is None:
                name = path.relative_to(self.root.parent).as_posix()
                self.errors.append(
                    RuleError(name, 1, "", "not a place for a rule file (see licenses/README.md)", "missing")
                )
            else:
                by_kind[kind].append(path)

        self._questions(by_kind["questions"])
        jurisdictions = self.jurisdictions = self._jurisdictions(by_kind["jurisdiction"], by_kind["regime"])
        authorizations = self._authorizations(by_kind["authorization"])
        divergences = self._divergences(by_kind["divergences"])
        scenarios = self._scenarios(by_kind["scenario"], authorizations, divergences)
        if self.errors:
            raise CatalogueError(self.errors)
        return Catalogue(
            sections=tuple(self.sections),
            questions=tuple(self.questions.values()),
            authorizations=tuple(sorted(authorizations, key=lambda a: (a.jurisdiction != "US", a.id))),
            jurisdictions=jurisdictions,
            divergences=tuple(divergences),
            scenarios=tuple(scenarios),
            digest=self._digest(),
            root=str(self.root),
        )

    def _kind(self, path: Path):
        return file_kind(path.relative_to(self.root).parts)

    def _open(self, path: Path, kind: str) -> _File | None:
        """Read a file and check it against the schema; None if it is unusable."""
        file = _File(self, path)
        if file.located is None:
            return None
        self.contents[file.relative] = file.data
        if kind == "authorization" and isinstance(file.data, dict) and isinstance(file.data.get("id"), str):
            self.declared.add(file.data["id"])  # so scenarios naming a broken file add no noise
        return file if file.check_schema(kind) else None

    def _require(self, paths, name):
        if not paths:
            self.errors.append(RuleError(f"{self.root.name}/{name}", 1, "", "this file is required", "missing"))

    # -- questions ---------------------------------------------------------
    def _questions(self, paths):
        self._require(paths, "questions.yaml")
        file = self._open(paths[0], "questions") if paths else None
        if file is None:
            return
        sections = self._sections(file)
        # Conditions are parsed only once every question is known, in order, so
        # an ask_if may depend on earlier questions only (one pass settles it).
        for i, q in enumerate(file.data["questions"]):
            if q["id"] in self.questions:
                file.error(("questions", i, "id"), f"question '{q['id']}' is defined twice", "duplicate")
            else:
                self.questions[q["id"]] = self._question(file, q, ("questions", i), sections)
        order = list(self.questions)
        for i, q in enumerate(file.data["questions"]):
            if "ask_if" in q and q["id"] in self.questions:
                self._ask_if(file, q, ("questions", i, "ask_if"), order)

    def _sections(self, file: _File) -> set[str]:
        seen = set()
        for i, s in enumerate(file.data["sections"]):
            if s["id"] in seen:
                file.error(("sections", i, "id"), f"section '{s['id']}' is defined twice", "duplicate")
            seen.add(s["id"])
            self.sections.append(Section(s["id"], s["title"], s.get("intro", "")))
        return seen

    def _question(self, file: _File, q: dict, path, sections: set) -> Question:
        if q["section"] not in sections:
            file.error((*path, "section"), f"no section '{q['section']}' in sections", "order")
        kind = QuestionType(q["type"])
        if kind.has_options != ("options" in q):
            needs = "needs" if kind.has_options else "takes no"
            file.error((*path, "options"), f"a {kind} question {needs} options", "schema")
        values = [o["value"] for o in q.get("options", [])]
        for j, value in enumerate(values):
            if value in values[:j] or value == "unknown":
                file.error((*path, "options", j, "value"), f"option '{value}' is repeated or reserved", "duplicate")
        return Question(
            id=q["id"],
            section=q["section"],
            prompt=q["prompt"],
            help=q["help"],
            type=kind,
            options=tuple(
                Option(o["value"], o["label"], o.get("help", ""), o.get("exclusive", False))
                for o in q.get("options", [])
            ),
            allow_unknown=q.get("allow_unknown", False),
            why=q.get("why", ""),
            why_url=q.get("why_url", ""),
            error=q.get("error", ""),
        )

    def _ask_if(self, file: _File, q: dict, path, order: list):
        condition = file.condition(q["ask_if"], path)
        if condition is None:
            return
        later = [d for d in condition.questions() if order.index(d) >= order.index(q["id"])]
        if later:
            file.error(path, f"depends on '{later[0]}', which is not asked before '{q['id']}'", "order")
        self.questions[q["id"]] = replace(self.questions[q["id"]], ask_if=condition)

    # -- jurisdictions and their regimes ------------------------------------
    def _jurisdictions(self, paths, regime_paths) -> dict:
        found = {}
        for code in JURISDICTIONS:
            file = self._jurisdiction_file(code, paths)
            if file is None:
                continue
            regimes = self._regimes(code, [p for p in regime_paths if p.parts[-3] == code.lower()])
            found[code] = self._jurisdiction(file, code, regimes)
        self._route_lifts(found)
        return found

    def _jurisdiction_file(self, code: str, paths) -> _File | None:
        mine = [p for p in paths if p.parent.name == code.lower()]
        self._require(mine, f"{code.lower()}/jurisdiction.yaml")
        file = self._open(mine[0], "jurisdiction") if mine else None
        if file is not None and file.data["jurisdiction"] != code:
            file.error(("jurisdiction",), f"a file under {code.lower()}/ must say {code}", "schema")
        return file

    def _jurisdiction(self, file: _File, code: str, regimes: dict) -> Jurisdiction:
        d = file.data
        return Jurisdiction(
            code=code,
            name=d["name"],
            authority=d["authority"],
            engaged_if=file.condition(d["engaged_if"], ("engaged_if",)),
            prohibitions=self._prohibitions(file, d.get("prohibitions", []), code),
            licence_routes=self._routes(file, d["licence_routes"]),
            obligations=self._obligations(file, d.get("obligations", []), ("obligations",)),
            not_engaged_reason=d.get("not_engaged_reason", ""),
            scope_note=d.get("scope_note", ""),
            evidence=self._evidence(file, d, ()),
            regimes=regimes,
        )

    def _regimes(self, code: str, paths) -> dict[str, Regime]:
        """Each regime folder's regime.yaml: when the regime can reach an activity, and what it prohibits."""
        regimes = {}
        for path in paths:
            file = self._open(path, "regime")
            if file is None:
                continue
            d, folder = file.data, path.parent.name
            if d["regime"] != folder or d["jurisdiction"] != code:
                file.error(
                    ("regime",),
                    f"the file lives under {code.lower()}/{folder}/: say regime '{folder}' and {code}",
                    "schema",
                )
            regimes[folder] = Regime(
                id=folder,
                jurisdiction=code,
                title=d["title"],
                engaged_if=file.condition(d.get("engaged_if"), ("engaged_if",)),
                prohibitions=self._prohibitions(file, d.get("prohibitions", []), code),
                licence_routes=self._routes(file, d.get("licence_routes", [])),
                evidence=self._evidence(file, d, ()),
                path=file.name,
                scope_note=d.get("scope_note", ""),
            )
        return regimes

    def _prohibitions(self, file: _File, items: list, code: str) -> tuple[Prohibition, ...]:
        for i, p in enumerate(items):
            earlier = self.prohibition_files.setdefault((code, p["id"]), file.name)
            if earlier != file.name or p["id"] in [q["id"] for q in items[:i]]:
                file.error(
                    ("prohibitions", i, "id"), f"prohibition '{p['id']}' is also defined in {earlier}", "duplicate"
                )
        return tuple(
            Prohibition(
                id=p["id"],
                when=file.condition(p["when"], ("prohibitions", i, "when")),
                reason=p["reason"],
                citation=p.get("citation", ""),
                effective_from=_date(p.get("effective_from")),
                licensed_by=p.get("licensed_by", ""),
                evidence=self._evidence(file, p, ("prohibitions", i)),
            )
            for i, p in enumerate(items)
        )

    def _routes(self, file: _File, items: list) -> tuple[LicenceRoute, ...]:
        routes = []
        for i, r in enumerate(items):
            routes.append(
                LicenceRoute(
                    id=r["id"],
                    title=r["title"],
                    text=r["text"],
                    url=r["url"],
                    when=file.condition(r.get("when"), ("licence_routes", i, "when")),
                    lifts=tuple(r.get("lifts", ())),
                )
            )
            self.route_sources.append((file, ("licence_routes", i), routes[-1]))
        return tuple(routes)

    def _route_lifts(self, jurisdictions: dict):
        """A route may name only prohibitions of its own jurisdiction (from any of its files)."""
        for file, path, route in self.route_sources:
            code = next((c for c, j in jurisdictions.items() if route in j.all_routes), None)
            known = {p.id for p in jurisdictions[code].all_prohibitions} if code else set()
            for k, pid in enumerate(route.lifts):
                if code and pid not in known:
                    file.error(
                        (*path, "lifts", k),
                        f"no prohibition '{pid}' in the {code} rule files (it has: {', '.join(sorted(known))})",
                        "condition",
                    )

    # -- authorizations ----------------------------------------------------
    def _authorizations(self, paths) -> list[Authorization]:
        found = {}
        for path in paths:
            file = self._open(path, "authorization")
            if file is None:
                continue
            d = file.data
            folder_code, regime = path.relative_to(self.root).parts[:2]
            if d["jurisdiction"].lower() != folder_code or not d["id"].startswith(folder_code + "-"):
                file.error(
                    ("jurisdiction",),
                    f"a file under {folder_code}/ must be {folder_code.upper()} with an id starting '{folder_code}-'",
                    "schema",
                )
            self._regime_of(file, d, folder_code, regime)
            if d["id"] in found:
                file.error(("id",), f"authorization '{d['id']}' is also defined in {found[d['id']].path}", "duplicate")
                continue
            addressed_to = d.get("addressed_to", "you")
            versions = tuple(self._version(file, v, ("versions", i), addressed_to) for i, v in enumerate(d["versions"]))
            gaps = tuple(Gap(date.fromisoformat(g["from"]), _date(g.get("to")), g["reason"]) for g in d.get("gaps", []))
            self._timeline(file, versions, gaps)
            self._unique(file, d["versions"], ("versions",))
            self._own_evidence(file, d["versions"])
            found[d["id"]] = Authorization(
                id=d["id"],
                jurisdiction=d["jurisdiction"],
                authority=d["authority"],
                regime=d["regime"],
                kind=d["kind"],
                title=d["title"],
                topics=tuple(d["topics"]),
                summary=d["summary"],
                who_may_use=d["who_may_use"],
                versions=versions,
                notes=d.get("notes", ""),
                gaps=gaps,
                path=file.name,
                lifts=tuple(d.get("lifts", ())),
                addressed_to=addressed_to,
            )
            self._lifts(file, d)
        return list(found.values())

    def _regime_of(self, file: _File, d: dict, folder_code: str, folder: str):
        """An authorization belongs to the regime whose folder it is in, and that folder has its regime.yaml."""
        if d["regime"] != folder:
            file.error(
                ("regime",), f"the file lives under {folder_code}/{folder}/ but says regime '{d['regime']}'", "schema"
            )
        jurisdiction = self.jurisdictions.get(folder_code.upper())
        if jurisdiction is not None and folder not in jurisdiction.regimes:
            file.error(
                ("regime",), f"{folder_code}/{folder}/ has no regime.yaml saying when the regime applies", "missing"
            )

    def _lifts(self, file: _File, d: dict):
        """Every prohibition an authorization says it lifts must exist in its jurisdiction."""
        jurisdiction = self.jurisdictions.get(d["jurisdiction"])
        known = {p.id for p in jurisdiction.all_prohibitions} if jurisdiction else set()
        for i, pid in enumerate(d.get("lifts", [])):
            if jurisdiction and pid not in known:
                file.error(
                    ("lifts", i),
                    f"no prohibition '{pid}' in the {d['jurisdiction']} rule files "
                    f"(it has: {', '.join(sorted(known))})",
                    "condition",
                )

    def _version(self, file: _File, v: dict, path, addressed_to: str) -> Version:
        for key in ("excluded_if", "review_points", "obligations"):
            self._unique(file, v.get(key, []), (*path, key))
        evidence = self._evidence(file, v, path)
        version = Version(
            id=v["id"],
            title=v["title"],
            legal_basis=v["legal_basis"],
            issued=date.fromisoformat(v["issued"]),
            effective_from=date.fromisoformat(v["effective_from"]),
            expires=_date(v.get("expires")),
            source_url=v["source_url"],
            confidence=v["confidence"],
            verified_on=self._verified_on(file, v, path, evidence),
            applies_if=file.condition(v["applies_if"], (*path, "applies_if")),
            excluded_if=tuple(
                Exclusion(
                    id=e["id"],
                    when=file.condition(e["when"], (*path, "excluded_if", i, "when")),
                    reason=e["reason"],
                    citation=e.get("citation", ""),
                )
                for i, e in enumerate(v.get("excluded_if", []))
            ),
            review_points=tuple(
                ReviewPoint(
                    id=r["id"],
                    point=r["point"],
                    check=r["check"],
                    when=file.condition(r.get("when"), (*path, "review_points", i, "when")),
                )
                for i, r in enumerate(v.get("review_points", []))
            ),
            obligations=self._obligations(file, v.get("obligations", []), (*path, "obligations"), addressed_to),
            allows=tuple(v.get("allows", [])),
            conditions=tuple(v.get("conditions", [])),
            sources=tuple((s["label"], s["url"]) for s in v.get("sources", [])),
            changes=v.get("changes", ""),
            evidence=evidence,
        )
        self._supports(file, version, evidence, path, addressed_to)
        self._confirmed(file, version, path, addressed_to)
        if not is_official(version.source_url):
            file.error(
                (*path, "source_url"),
                f"{version.id}: {version.source_url} is not an official address (cite the licence where its authority "
                "publishes it, or the authority's page for the programme; commentary goes under evidence)",
                "evidence",
            )
        return version

    def _confirmed(self, file: _File, version: Version, path, addressed_to: str):
        """``confirmed`` is earned: an official quote for every deciding point."""
        if version.confidence != "confirmed":
            return
        unread = [point for point, level in coverage(version, addressed_to).items() if level != "official"]
        if unread:
            file.error(
                (*path, "confidence"),
                f"{version.id} is confirmed, but these rest on no official quote: {', '.join(unread)} "
                "(quote the official text under evidence, or say secondary or unconfirmed)",
                "evidence",
            )

    def _obligations(self, file, items, path, addressed_to: str = "you") -> tuple:
        return tuple(
            Obligation(
                id=o["id"],
                text=o["text"],
                deadline=o.get("deadline", ""),
                to_whom=o.get("to_whom", ""),
                when=file.condition(o.get("when"), (*path, i, "when")),
                citation=o.get("citation", ""),
                by=o.get("by", addressed_to),
                evidence=self._evidence(file, o, (*path, i)),
            )
            for i, o in enumerate(items)
        )

    # -- evidence ------------------------------------------------------------
    def _evidence(self, file: _File, item: dict, path) -> tuple[Evidence, ...]:
        """The item's evidence, official entries first (commentary may follow them, never precede them)."""
        found = tuple(
            Evidence(
                url=e["url"],
                quote=e["quote"],
                read_on=date.fromisoformat(e["read_on"]),
                supports=tuple(e.get("supports", ())),
                pinpoint=e.get("pinpoint", ""),
                copy=e.get("copy", ""),
            )
            for e in item.get("evidence", [])
        )
        for i, (before, after) in enumerate(zip(found, found[1:], strict=False)):
            if after.official and not before.official:
                file.error(
                    (*path, "evidence", i + 1, "url"),
                    f"official evidence must come before commentary ({before.url} is not an official address)",
                    "evidence",
                )
        return found

    def _verified_on(self, file: _File, v: dict, path, evidence) -> date | None:
        """A version with evidence was last verified the day its official text was last read."""
        if not evidence:
            return _date(v.get("verified_on"))
        if "verified_on" in v:
            file.error(
                (*path, "verified_on"),
                "a version with evidence takes verified_on from its latest official read_on; remove this key",
                "evidence",
            )
        return last_read(evidence)

    def _supports(self, file: _File, version: Version, evidence, path, addressed_to: str):
        """Every point an entry says it supports must be one the version has."""
        points = set(deciding_points(version, addressed_to)) | {"addressed_to", "allows", "conditions"}
        points |= {f"review_points.{r.id}" for r in version.review_points}
        for i, item in enumerate(evidence):
            for k, point in enumerate(item.supports):
                if point not in points:
                    file.error(
                        (*path, "evidence", i, "supports", k),
                        f"{version.id} has no point '{point}' (it has: {', '.join(sorted(points))})",
                        "evidence",
                    )

    def _own_evidence(self, file: _File, versions: list):
        """Each version's evidence is its own: one inherited through '<<:' unchanged quotes another text."""
        for i, v in enumerate(versions):
            earlier = [w["id"] for w in versions[:i] if v.get("evidence") and w.get("evidence") == v["evidence"]]
            if earlier:
                file.error(
                    ("versions", i, "evidence"),
                    f"{v['id']} repeats the evidence of {earlier[0]}: quote the words of {v['id']} itself",
                    "evidence",
                )

    def _timeline(self, file: _File, versions, gaps):
        """Versions must follow each other: no overlap, and no gap the file does not declare."""
        declared = {(g.start, g.end) for g in gaps}
        for i, v in enumerate(versions):
            for field, message in _own_dates(v):
                file.error(("versions", i, field), message, "timeline")
            problem = _sequence(versions[i - 1], v, declared) if i else None
            if problem:
                file.error(("versions", i, "effective_from"), problem, "timeline")

    def _unique(self, file, items, path):
        seen = set()
        for i, item in enumerate(items):
            if item["id"] in seen:
                file.error((*path, i, "id"), f"id '{item['id']}' is used twice here", "duplicate")
            seen.add(item["id"])

    # -- divergences and scenarios ----------------------------------------
    def _divergences(self, paths) -> list[Divergence]:
        file = self._open(paths[0], "divergences") if paths else None
        if file is None:
            return []
        items = file.data["divergences"]
        self._unique(file, items, ("divergences",))
        return [
            Divergence(
                d["id"],
                d["topic"],
                d["us"],
                d["uk"],
                file.condition(d.get("when"), ("divergences", i, "when")),
                tuple(d.get("citations", [])),
            )
            for i, d in enumerate(items)
        ]

    def _scenarios(self, paths, authorizations, divergences) -> list[Scenario]:
        names = self._names(authorizations, divergences)
        found = []
        for path in paths:
            file = self._open(path, "scenario")
            if file is None:
                continue
            d = file.data
            for qid, value in d["answers"].items():
                question = self.questions.get(qid)
                problem = f"no question '{qid}'" if question is None else question.check_answer(value)
                if problem:
                    file.error(("answers", qid), problem, "scenario")
            for where, value, kind in _named_in(d["expect"]):
                if value not in names[kind]:
                    file.error(("expect", *where), f"no {kind.replace('_', ' ')} '{value}'", "scenario")
            found.append(
                Scenario(
                    name=path.stem,
                    path=file.name,
                    description=d["description"],
                    source=d["source"],
                    as_of=date.fromisoformat(d["as_of"]),
                    answers=dict(d["answers"]),
                    expect=d["expect"],
                )
            )
        return found

    def _names(self, authorizations, divergences) -> dict[str, set]:
        """What a scenario may name: every authorization, duty, route, divergence and question of the catalogue."""
        duties = {o.id for a in authorizations for v in a.versions for o in v.obligations}
        duties |= {o.id for j in self.jurisdictions.values() for o in j.obligations}
        return {
            "authorization": set(self.declared),
            "duty": duties,
            "route": {r.id for j in self.jurisdictions.values() for r in j.all_routes},
            "divergence": {d.id for d in divergences} | {"outcome"},
            "question": set(self.questions),
        }

    def _digest(self) -> str:
        """sha256 over every rule file's parsed content.

        Comments and layout do not change it; scenarios are tests, not law, so
        they do not either.
        """
        h = hashlib.sha256()
        for name in sorted(n for n in self.contents if not n.startswith("scenarios/")):
            h.update(name.encode() + b"\0")
            h.update(json.dumps(self.contents[name], sort_keys=True, ensure_ascii=False).encode() + b"\n")
        return h.hexdigest()


def file_kind(parts: tuple) -> str | None:
    """What a rule file is, from where it lives under licenses/ (see the module docstring)."""
    if parts in TOP_FILES:
        return TOP_FILES[parts]
    if len(parts) == 2 and parts[0] == "scenarios":
        return "scenario"
    if parts[0] not in ("us", "uk") or len(parts) not in (2, 3):
        return None
    if len(parts) == 2:
        return "jurisdiction" if parts[1] == "jurisdiction.yaml" else None
    return "regime" if parts[2] == "regime.yaml" else "authorization"


TOP_FILES = {("questions.yaml",): "questions", ("divergences.yaml",): "divergences"}


def _own_dates(v: Version) -> list[tuple[str, str]]:
    """A version's own dates must be in order: issued, in force, then expired."""
    problems = []
    if v.issued > v.effective_from:
        problems.append(("issued", f"issued {v.issued} is after effective_from {v.effective_from}"))
    if v.expires is not None and v.expires <= v.effective_from:
        problems.append(("expires", f"expires {v.expires} is not after effective_from {v.effective_from}"))
    return problems


def _sequence(prev: Version, v: Version, declared: set) -> str | None:
    """Why ``v`` cannot follow ``prev``: listed out of order, overlapping, or after an undeclared gap."""
    if v.effective_from <= prev.effective_from:
        return f"versions must be listed oldest first; {v.id} starts {v.effective_from}, before {prev.id}"
    if prev.expires is None or prev.expires > v.effective_from:
        return (
            f"{v.id} starts {v.effective_from} while {prev.id} is still in force "
            f"(until {prev.expires or 'no end date'}): versions may not overlap; "
            f"give {prev.id} 'expires: {v.effective_from}'"
        )
    if prev.expires < v.effective_from and (prev.expires, v.effective_from) not in declared:
        return (
            f"gap between {prev.id} (expired {prev.expires}) and {v.id} (from {v.effective_from}); "
            f"declare it under 'gaps' with from: {prev.expires} and to: {v.effective_from}"
        )
    return None


def _named_in(expect: dict):
    """(path, name, kind) for every id a scenario's expectations name, so each can be checked to exist."""
    for code in ("US", "UK"):
        country = expect.get(code, {})
        for key, kind in (("applies", "authorization"), ("needs_review", "authorization"), ("routes", "route")):
            for i, value in enumerate(country.get(key, [])):
                yield (code, key, i), value, kind
        for i, value in enumerate(country.get("duties", [])):
            yield (code, "duties", i), value.rstrip("?"), "duty"
        for aid in country.get("versions", {}):
            yield (code, "versions", aid), aid, "authorization"
    for key, kind in (("divergences", "divergence"), ("open_questions", "question")):
        for i, value in enumerate(expect.get(key, [])):
            yield (key, i), value, kind


def _date(value):
    return None if value is None else date.fromisoformat(value)
