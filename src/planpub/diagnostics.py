"""Diagnostics: what is wrong with a plan, where, and what to do about it.

A `Finding` is what pure code knows (a key path in a plan); a `Diagnostic` adds the file, line,
column and source line once the loader has located the key path in the file.

A file reports at most `MAX_PROBLEMS_PER_FILE` problems, the first in the file's order, and then
one more (`MORE_PROBLEMS`) that counts the rest, as compilers do: a file with 25,000 unknown keys
gives a screenful, not a wall of text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from typing import Literal

from planpub.records import record

Severity = Literal["error", "warning"]

MAX_PROBLEMS_PER_FILE = 100
MORE_PROBLEMS = "PP009"  # "... and 24,900 more problems in this file"


@record
class Finding:
    """A problem found by pure logic, addressed by key path (``funnel.stages[2].rate``)."""

    code: str
    path: str
    message: str
    hint: str = ""
    severity: Severity = "error"


@record(order=True)
class Diagnostic:
    """One problem in one file, at a line and column, with its code, key path and hint."""

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


def file_order(diagnostic: Diagnostic) -> tuple[str, int, int, bool, str]:
    """Sort key: by file, line, column and code; a file's count of the problems it does not
    show comes after every problem at the same place."""
    d = diagnostic
    return (d.file, d.line, d.col, d.code == MORE_PROBLEMS, d.code)


def more_problems(dropped: list[Finding]) -> Finding:
    """The one finding that stands for the problems a file does not show: an error when any of
    them is one, so that leaving them out never changes whether a check fails."""
    errors = sum(1 for finding in dropped if finding.severity == "error")
    warnings = len(dropped) - errors
    kinds = [_counted(n, noun) for n, noun in ((errors, "error"), (warnings, "warning")) if n]
    return Finding(
        MORE_PROBLEMS,
        "",
        f"... and {_counted(len(dropped), 'more problem')} in this file ({', '.join(kinds)})",
        "fix the problems above and run planpub check again",
        "error" if errors else "warning",
    )


def _counted(number: int, noun: str) -> str:
    """`1 error`, `24,900 errors`."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


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
