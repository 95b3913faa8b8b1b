"""Diagnostics: what is wrong with a plan, where, and what to do about it.

A `Finding` is what pure code knows (a key path in a plan); a `Diagnostic` adds the file, line,
column and source line once the loader has located the key path in the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """A problem found by pure logic, addressed by key path (``funnel.stages[2].rate``)."""

    code: str
    path: str
    message: str
    hint: str = ""
    severity: Severity = "error"


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    col: int
    severity: Severity
    code: str
    path: str
    message: str
    hint: str = ""
    source_line: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


def format_text(diagnostic: Diagnostic) -> str:
    where = f"{diagnostic.path}: " if diagnostic.path else ""
    lines = [
        f"{diagnostic.location}: {diagnostic.severity}[{diagnostic.code}] "
        f"{where}{diagnostic.message}"
    ]
    if diagnostic.hint:
        lines.append(f"  hint: {diagnostic.hint}")
    if diagnostic.source_line:
        lines.append(f"{diagnostic.line:>5} | {diagnostic.source_line}")
    return "\n".join(lines)


def _github_escape(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(diagnostic: Diagnostic) -> str:
    """A GitHub Actions workflow command that annotates the line in a pull request."""
    level = "error" if diagnostic.is_error else "warning"
    props = ",".join(
        [
            f"file={_github_escape(diagnostic.file, property_value=True)}",
            f"line={diagnostic.line}",
            f"col={diagnostic.col}",
            f"title={_github_escape(f'planpub {diagnostic.code}', property_value=True)}",
        ]
    )
    where = f"{diagnostic.path}: " if diagnostic.path else ""
    message = f"{where}{diagnostic.message}"
    if diagnostic.hint:
        message += f"\nhint: {diagnostic.hint}"
    return f"::{level} {props}::{_github_escape(message)}"


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    items = [asdict(d) for d in diagnostics]
    errors = sum(1 for d in items if d["severity"] == "error")
    summary = {"errors": errors, "warnings": len(items) - errors}
    return json.dumps(
        {"version": 1, "summary": summary, "diagnostics": items}, indent=2, ensure_ascii=False
    )


def summary_line(diagnostics: Iterable[Diagnostic], files: int) -> str:
    items = list(diagnostics)
    errors = sum(1 for d in items if d.is_error)
    warnings = len(items) - errors
    noun = "file" if files == 1 else "files"
    if not items:
        return f"{files} {noun} checked: no problems"
    return f"{files} {noun} checked: {errors} error(s), {warnings} warning(s)"
