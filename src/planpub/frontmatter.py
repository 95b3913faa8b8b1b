"""Split a plan file into front matter and body, and load the YAML with a source map.

Only safe YAML is accepted: plain mappings, sequences and scalars. Tags such as ``!!python/...``
are rejected without being constructed, aliases are expanded under a node budget (so an alias
bomb is an error, not an out-of-memory), and every key path is mapped to its line and column.
The YAML 1.1 surprises are switched off: ``no``/``yes``/``on``/``off`` stay strings (``locale: no``
is Norwegian, not ``false``) and ``1:30`` is not sexagesimal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from planpub.diagnostics import Finding

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NODES = 50_000
MAX_DEPTH = 40

FENCE_RE = re.compile(r"^---[ \t]*$")
CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
# libyaml composes ~10x faster; nodes, marks and errors are the same kind either way
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Position:
    line: int  # 1-based line in the file
    col: int  # 1-based column


@dataclass
class SourceMap:
    """Key paths (``programs[0].budget``) to where their key and their value start."""

    keys: dict[str, Position] = field(default_factory=dict)
    values: dict[str, Position] = field(default_factory=dict)

    def locate(self, path: str, *, key: bool = False) -> Position:
        """Position of a path, or of its nearest ancestor that is in the file."""
        table = self.keys if key else self.values
        while path:
            found = table.get(path) or self.values.get(path) or self.keys.get(path)
            if found:
                return found
            path = parent_path(path)
        return self.values.get("", Position(1, 1))


@dataclass
class Document:
    """A plan file after splitting and loading."""

    text: str
    has_front_matter: bool
    data: Any = None
    body: str = ""
    body_line: int = 1
    source_map: SourceMap = field(default_factory=SourceMap)
    problems: list[tuple[Finding, Position]] = field(default_factory=list)

    def line_text(self, line: int) -> str:
        lines = self.text.split("\n")
        return lines[line - 1].rstrip() if 0 < line <= len(lines) else ""


class LoadError(Exception):
    def __init__(self, finding: Finding, position: Position) -> None:
        super().__init__(finding.message)
        self.finding = finding
        self.position = position


def parent_path(path: str) -> str:
    if path.endswith("]"):
        return path[: path.rindex("[")]
    return path.rpartition(".")[0]


def child_path(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def decode(raw: bytes) -> str:
    """Bytes -> text with BOM removed and line endings normalised; LoadError if not UTF-8."""
    if len(raw) > MAX_FILE_BYTES:
        raise LoadError(
            Finding(
                "PP004",
                "",
                f"file is {len(raw):,} bytes; plan files may be at most {MAX_FILE_BYTES:,}",
                "split long narrative into more pages of the quarter",
            ),
            Position(1, 1),
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LoadError(
            Finding(
                "PP003",
                "",
                f"file is not valid UTF-8 (byte 0x{raw[error.start]:02x})",
                "save the file as UTF-8",
            ),
            Position(line, 1),
        ) from error
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse_document(text: str) -> Document:
    """Split front matter from body and load it; problems are collected, never raised."""
    lines = text.split("\n")
    if not lines or not FENCE_RE.match(lines[0]):
        return Document(text=text, has_front_matter=False, body=text)
    close = next((i for i in range(1, len(lines)) if CLOSE_RE.match(lines[i])), None)
    doc = Document(text=text, has_front_matter=True)
    if close is None:
        finding = Finding(
            "PP002",
            "",
            "front matter has no closing '---' line",
            "end the YAML block with a line containing only ---",
        )
        doc.problems.append((finding, Position(1, 1)))
        return doc
    doc.body = "\n".join(lines[close + 1 :])
    doc.body_line = close + 2
    try:
        doc.data = load_yaml("\n".join(lines[1:close]), doc.source_map, line_offset=1)
    except LoadError as error:
        doc.problems.append((error.finding, error.position))
    return doc


def load_yaml(text: str, source_map: SourceMap, *, line_offset: int = 0) -> Any:
    try:
        node = yaml.compose(text, Loader=_LOADER)  # builds nodes, never objects
    except (yaml.YAMLError, RecursionError):
        node = _compose_for_error(text, line_offset)
    if node is None:
        return None
    return _Builder(source_map, line_offset).build(node, "", 0)


def _compose_for_error(text: str, line_offset: int) -> yaml.Node | None:
    """Compose again with the pure-Python parser, whose error messages and marks are clearer."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
        col = (mark.column + 1) if mark else 1
        message = str(error.problem or error.context or "invalid YAML")
        raise LoadError(
            Finding("PP001", "", f"invalid YAML: {message}", _yaml_hint(message)),
            Position(line, col),
        ) from error
    except RecursionError as error:
        raise LoadError(
            Finding("PP005", "", "YAML is nested too deeply", "flatten the structure"),
            Position(1 + line_offset, 1),
        ) from error
    except yaml.YAMLError as error:
        raise LoadError(
            Finding("PP001", "", f"invalid YAML: {error}", ""), Position(1 + line_offset, 1)
        ) from error


def _yaml_hint(message: str) -> str:
    if "\\t" in message or "tab" in message:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in message:
        return "quote values that contain ': ' (for example a statement with a colon)"
    if "found undefined alias" in message:
        return "define the anchor (&name) before using *name"
    return "check indentation and quoting on this line"


class _Builder:
    """Turns composed YAML nodes into plain data while filling the source map."""

    def __init__(self, source_map: SourceMap, line_offset: int) -> None:
        self.source_map = source_map
        self.line_offset = line_offset
        self.nodes = 0

    def position(self, node: yaml.Node) -> Position:
        mark = node.start_mark
        return Position(mark.line + 1 + self.line_offset, mark.column + 1)

    def fail(self, code: str, path: str, message: str, hint: str, node: yaml.Node) -> LoadError:
        return LoadError(Finding(code, path, message, hint), self.position(node))

    def build(self, node: yaml.Node, path: str, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(
                "PP005",
                path.split(".")[0].split("[")[0],
                f"YAML expands to more than {MAX_NODES:,} values (aliases?)",
                "write the values out instead of repeating anchors",
                node,
            )
        if depth > MAX_DEPTH:
            top = path.split(".")[0].split("[")[0]
            raise self.fail(
                "PP005", top, f"YAML is nested deeper than {MAX_DEPTH} levels", "flatten it", node
            )
        self.source_map.values.setdefault(path, self.position(node))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != f"{_TAG}seq":
                raise self.unsafe_tag(node, path)
            return [
                self.build(item, child_path(path, i), depth + 1)
                for i, item in enumerate(node.value)
            ]
        return self.scalar(node, path)

    def unsafe_tag(self, node: yaml.Node, path: str) -> LoadError:
        return self.fail(
            "PP006",
            path,
            f"YAML tag {node.tag.replace(_TAG, '!!')!r} is not allowed in plans",
            "plans hold plain values only: remove the tag",
            node,
        )

    def mapping(self, node: yaml.MappingNode, path: str, depth: int) -> dict[str, Any]:
        if node.tag != f"{_TAG}map":
            raise self.unsafe_tag(node, path)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node, path)
            sub = child_path(path, key)
            if key in result:
                first = self.source_map.keys[sub]
                raise self.fail(
                    "PP007",
                    sub,
                    f"duplicate key {key!r} (first at line {first.line})",
                    "keep one of them; YAML would silently use the last",
                    key_node,
                )
            self.source_map.keys[sub] = self.position(key_node)
            result[key] = self.build(value_node, sub, depth + 1)
        return result

    def key(self, node: yaml.Node, path: str) -> str:
        if node.tag == f"{_TAG}merge":
            raise self.fail(
                "PP008", path, "merge keys (<<) are not supported", "write the keys out", node
            )
        if not isinstance(node, yaml.ScalarNode) or node.tag not in _SCALAR_TAGS:
            raise self.fail(
                "PP008", path, "keys must be plain text", "write the key as a plain word", node
            )
        value = self.scalar(node, path)
        if not isinstance(value, str):
            raise self.fail(
                "PP008",
                path,
                f"key {node.value!r} is not text",
                f'quote it ("{node.value}") if you mean it as a name',
                node,
            )
        return value

    def scalar(self, node: yaml.Node, path: str) -> Any:
        if node.tag not in _SCALAR_TAGS:
            raise self.unsafe_tag(node, path)
        text = str(node.value)
        if node.tag == f"{_TAG}bool" and text.lower() not in ("true", "false"):
            return text
        if node.tag == f"{_TAG}int" and ":" in text:
            return text
        try:
            return _CONSTRUCTOR.construct_object(node)
        except (ValueError, OverflowError) as error:
            raise self.fail(
                "PP113",
                path,
                f"{text!r} is not a real date ({error})",
                "dates are YYYY-MM-DD with a real day of the month",
                node,
            ) from error
