"""Read YAML while remembering the line of every value.

Rule files are written by people; an error must point at the line they wrote.
PyYAML's composer keeps a position on every node, so we build plain Python data
from the node tree ourselves and record ``path -> line`` as we go. Two more
deliberate departures from PyYAML's defaults:

* only ``true``/``false`` are booleans (YAML 1.2): ``yes``/``no`` stay strings,
  because they are answer values here;
* dates and timestamps stay strings, so a schema can say what a bad one was;
* a key written twice in one mapping is an error, not a silent overwrite;
* ``<<: *anchor`` merges work, so versions of a licence can share a base.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

Path = tuple  # a path into the data: keys (str) and list indexes (int)


class StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader (libyaml's, where present: ten times faster) with YAML 1.2 booleans."""


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass
class YamlError(Exception):
    line: int
    message: str


@dataclass
class Located:
    """Data read from one YAML document, with the line of each path."""

    data: object
    lines: dict = field(default_factory=dict)

    def line(self, path: Path) -> int:
        """Line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


def load(text: str) -> Located:
    """Parse one YAML document; raise YamlError with a 1-based line on bad syntax."""
    try:
        node = yaml.compose(text, Loader=StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlError(line, f"invalid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise YamlError(1, f"invalid YAML: {exc}") from None
    located = Located(None)
    located.data = None if node is None else _build(node, (), located.lines)
    return located


_SCALARS = {
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:bool": lambda v: v.lower() == "true",
    "tag:yaml.org,2002:null": lambda v: None,
}


def _build(node, path: Path, lines: dict):
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        return _mapping(node, path, lines)
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), lines) for i, item in enumerate(node.value)]
    convert = _SCALARS.get(node.tag, str)
    try:
        return convert(node.value)
    except ValueError:
        return node.value


def _mapping(node, path: Path, lines: dict) -> dict:
    out = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            _merge(out, key_node, value_node, path, lines)
            continue
        key = _build(key_node, path + ("<key>",), {})
        if not isinstance(key, (str, int)):
            raise YamlError(key_node.start_mark.line + 1, "mapping keys must be plain text")
        key = str(key)
        if key in out and key not in _merged_keys(node):
            raise YamlError(key_node.start_mark.line + 1, f"key '{key}' is written twice")
        out[key] = _build(value_node, path + (key,), lines)
        lines[path + (key,)] = key_node.start_mark.line + 1
    return out


def _merge(out: dict, key_node, value_node, path: Path, lines: dict):
    """``<<: *anchor``: the anchored mapping's keys, where this mapping does not write its own."""
    if not isinstance(value_node, yaml.MappingNode):
        raise YamlError(key_node.start_mark.line + 1, "'<<' merges one mapping")
    merged_lines = {}
    for key, value in _build(value_node, path, merged_lines).items():
        out.setdefault(key, value)
    for key, line in merged_lines.items():
        lines.setdefault(key, line)


def _merged_keys(node) -> set:
    """Keys a '<<' merge brought into this mapping (an explicit key may override them)."""
    return {
        key.value
        for key_node, value_node in node.value
        if key_node.tag == "tag:yaml.org,2002:merge"
        for key, _ in value_node.value
    }
