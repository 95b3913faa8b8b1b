"""Split a plan file into front matter and body, and load the YAML with a source map.

This module holds the document, its source map and the limits; loading the YAML itself (safe
YAML only, without recursion, within the limits) is in `yaml_data`, imported on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from planpub.diagnostics import Finding

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NODES = 50_000
MAX_DEPTH = 40
MAX_CHARS = 8_000_000  # key paths and text after aliases are expanded
MAX_INT = 10**30  # larger whole numbers are refused before any message has to print them
CLEAR_ERRORS_BYTES = 64 * 1024  # re-parse for PyYAML's clearer messages only up to this size

FENCE_RE = re.compile(r"^---[ \t]*$")
CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
KEY_LINE_RE = re.compile(r"^[^\s#:-][^:]*:(\s|$)")  # "period: 2026-Q1", "goal:"


class Position(NamedTuple):
    """A place in a file (a tuple: a source map holds one per key and value)."""

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

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def line_text(self, line: int) -> str:
        return self.lines[line - 1].rstrip() if 0 < line <= len(self.lines) else ""


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
                f"file is larger than {MAX_FILE_BYTES:,} bytes, the most a plan file may be",
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
    if close is None and not _starts_a_mapping(lines[1:]):
        return Document(text=text, has_front_matter=False, body=text)  # a rule, as in MkDocs
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
    from planpub.yaml_data import load_yaml  # PyYAML only when there is YAML to load

    try:
        doc.data = load_yaml("\n".join(lines[1:close]), doc.source_map, line_offset=1)
    except LoadError as error:
        doc.problems.append((error.finding, error.position))
    return doc


def _starts_a_mapping(lines: list[str]) -> bool:
    """Whether the first line with text is a `key:` line: front matter that was never closed."""
    first = next((line for line in lines if line.strip()), "")
    return bool(KEY_LINE_RE.match(first))
