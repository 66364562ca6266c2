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
from .evidence import Evidence, deciding_points, last_read
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
    ReviewPoint,
    Scenario,
    Section,
    Version,
)
from .schema import RuleError, field_name
from .vocabulary import QuestionType


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

    def run(self) -> Catalogue:
        if not self.root.is_dir():
            raise CatalogueError([RuleError(str(self.root), 1, "", "the rules folder does not exist", "missing")])
        files = sorted(p for p in self.root.rglob("*.yaml") if p.is_file())
        by_kind = {kind: [] for kind in ("questions", "divergences", "jurisdiction", "authorization", "scenario")}
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
        jurisdictions = self.jurisdictions = self._jurisdictions(by_kind["jurisdiction"])
        authorizations = self._authorizations(by_kind["authorization"])
        divergences = self._divergences(by_kind["divergences"])
        scenarios = self._scenarios(by_kind["scenario"])
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
        parts = path.relative_to(self.root).parts
        if parts == ("questions.yaml",):
            return "questions"
        if parts == ("divergences.yaml",):
            return "divergences"
        if len(parts) == 2 and parts[0] == "scenarios":
            return "scenario"
        if len(parts) == 2 and parts[0] in ("us", "uk") and parts[1] == "jurisdiction.yaml":
            return "jurisdiction"
        if len(parts) == 3 and parts[0] in ("us", "uk"):
            return "authorization"
        return None

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
        seen = set()
        for i, s in enumerate(file.data["sections"]):
            if s["id"] in seen:
                file.error(("sections", i, "id"), f"section '{s['id']}' is defined twice", "duplicate")
            seen.add(s["id"])
            self.sections.append(Section(s["id"], s["title"], s.get("intro", "")))
        raw = file.data["questions"]
        # Conditions are parsed only once every question is known, in order, so
        # an ask_if may depend on earlier questions only (one pass settles it).
        for i, q in enumerate(raw):
            path = ("questions", i)
            if q["id"] in self.questions:
                file.error((*path, "id"), f"question '{q['id']}' is defined twice", "duplicate")
                continue
            if q["section"] not in seen:
                file.error((*path, "section"), f"no section '{q['section']}' in sections", "order")
            needs_options = QuestionType(q["type"]).has_options
            if needs_options != ("options" in q):
                file.error(
                    (*path, "options"),
                    f"a {q['type']} question " + ("needs" if needs_options else "takes no") + " options",
                    "schema",
                )
            values = [o["value"] for o in q.get("options", [])]
            for j, value in enumerate(values):
                if value in values[:j] or value == "unknown":
                    file.error((*path, "options", j, "value"), f"option '{value}' is repeated or reserved", "duplicate")
            self.questions[q["id"]] = Question(
                id=q["id"],
                section=q["section"],
                prompt=q["prompt"],
                help=q["help"],
                type=QuestionType(q["type"]),
                options=tuple(
                    Option(o["value"], o["label"], o.get("help", ""), o.get("exclusive", False))
                    for o in q.get("options", [])
                ),
                allow_unknown=q.get("allow_unknown", False),
                why=q.get("why", ""),
                why_url=q.get("why_url", ""),
            )
        order = list(self.questions)
        for i, q in enumerate(raw):
            if "ask_if" not in q or q["id"] not in self.questions:
                continue
            condition = file.condition(q["ask_if"], ("questions", i, "ask_if"))
            if condition is None:
                continue
            later = [d for d in condition.questions() if order.index(d) >= order.index(q["id"])]
            if later:
                file.error(
                    ("questions", i, "ask_if"),
                    f"depends on '{later[0]}', which is not asked before '{q['id']}'",
                    "order",
                )
            self.questions[q["id"]] = replace(self.questions[q["id"]], ask_if=condition)

    # -- jurisdictions -----------------------------------------------------
    def _jurisdictions(self, paths) -> dict:
        found = {}
        for code in JURISDICTIONS:
            mine = [p for p in paths if p.parent.name == code.lower()]
            self._require(mine, f"{code.lower()}/jurisdiction.yaml")
            file = self._open(mine[0], "jurisdiction") if mine else None
            if file is None:
                continue
            d = file.data
            if d["jurisdiction"] != code:
                file.error(("jurisdiction",), f"a file under {code.lower()}/ must say {code}", "schema")
            found[code] = Jurisdiction(
                code=code,
                name=d["name"],
                authority=d["authority"],
                engaged_if=file.condition(d["engaged_if"], ("engaged_if",)),
                prohibitions=tuple(
                    Prohibition(
                        id=p["id"],
                        when=file.condition(p["when"], ("prohibitions", i, "when")),
                        reason=p["reason"],
                        citation=p.get("citation", ""),
                        effective_from=_date(p.get("effective_from")),
                        licensed_by=p.get("licensed_by", ""),
                        evidence=self._evidence(file, p, ("prohibitions", i)),
                    )
                    for i, p in enumerate(d["prohibitions"])
                ),
                licence_routes=tuple(
                    LicenceRoute(
                        id=r["id"],
                        title=r["title"],
                        text=r["text"],
                        url=r["url"],
                        when=file.condition(r.get("when"), ("licence_routes", i, "when")),
                        lifts=tuple(r.get("lifts", ())),
                    )
                    for i, r in enumerate(d["licence_routes"])
                ),
                obligations=self._obligations(file, d.get("obligations", []), ("obligations",)),
                not_engaged_reason=d.get("not_engaged_reason", ""),
                scope_note=d.get("scope_note", ""),
                evidence=self._evidence(file, d, ()),
            )
            self._unique(file, d["prohibitions"], ("prohibitions",))
            known = {p["id"] for p in d["prohibitions"]}
            for i, route in enumerate(d["licence_routes"]):
                for k, pid in enumerate(route.get("lifts", [])):
                    if pid not in known:
                        file.error(
                            ("licence_routes", i, "lifts", k),
                            f"no prohibition '{pid}' in this file (it has: {', '.join(sorted(known))})",
                            "condition",
                        )
        return found

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
            if d["regime"] != regime:
                file.error(
                    ("regime",),
                    f"the file lives under {folder_code}/{regime}/ but says regime '{d['regime']}'",
                    "schema",
                )
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

    def _lifts(self, file: _File, d: dict):
        """Every prohibition an authorization says it lifts must exist in its jurisdiction."""
        jurisdiction = self.jurisdictions.get(d["jurisdiction"])
        known = {p.id for p in jurisdiction.prohibitions} if jurisdiction else set()
        for i, pid in enumerate(d.get("lifts", [])):
            if jurisdiction and pid not in known:
                file.error(
                    ("lifts", i),
                    f"no prohibition '{pid}' in {d['jurisdiction'].lower()}/jurisdiction.yaml "
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
        return version

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
            where = ("versions", i)
            if v.issued > v.effective_from:
                file.error(
                    (*where, "issued"), f"issued {v.issued} is after effective_from {v.effective_from}", "timeline"
                )
            if v.expires is not None and v.expires <= v.effective_from:
                file.error(
                    (*where, "expires"),
                    f"expires {v.expires} is not after effective_from {v.effective_from}",
                    "timeline",
                )
            if i == 0:
                continue
            prev = versions[i - 1]
            if v.effective_from <= prev.effective_from:
                file.error(
                    (*where, "effective_from"),
                    f"versions must be listed oldest first; {v.id} starts {v.effective_from}, before {prev.id}",
                    "timeline",
                )
            elif prev.expires is None or prev.expires > v.effective_from:
                file.error(
                    (*where, "effective_from"),
                    f"{v.id} starts {v.effective_from} while {prev.id} is still in force "
                    f"(until {prev.expires or 'no end date'}): versions may not overlap; "
                    f"give {prev.id} 'expires: {v.effective_from}'",
                    "timeline",
                )
            elif prev.expires < v.effective_from and (prev.expires, v.effective_from) not in declared:
                file.error(
                    (*where, "effective_from"),
                    f"gap between {prev.id} (expired {prev.expires}) and {v.id} (from {v.effective_from}); "
                    f"declare it under 'gaps' with from: {prev.expires} and to: {v.effective_from}",
                    "timeline",
                )

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

    def _scenarios(self, paths) -> list[Scenario]:
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
            for code, expected in d["expect"].items():
                for key in ("applies", "needs_review"):
                    for i, aid in enumerate(expected.get(key, [])):
                        if aid not in self.declared:
                            file.error(("expect", code, key, i), f"no authorization '{aid}'", "scenario")
            found.append(
                Scenario(
                    path.stem,
                    file.name,
                    d["description"],
                    d["source"],
                    date.fromisoformat(d["as_of"]),
                    dict(d["answers"]),
                    d["expect"],
                )
            )
        return found

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


def _date(value):
    return None if value is None else date.fromisoformat(value)
