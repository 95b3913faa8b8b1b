"""The part of the command line that needs no click: exit codes, coloured diagnostics, and
`planpub check` itself.

`planpub check` is the command run most often: by pre-commit hooks, editors and CI on every
change. Importing click costs about 20 ms, a fifth of a check whose files come from the cache.
So `main` (in `__init__.py`) first offers the arguments to `quick_check`, which reads the plain
forms of `check` (paths, --format, --strict, --no-cache) and runs the check without click. Any
other form (--help, an unknown option, a missing path, ...) goes to click, which reports it;
both ways end in `run_check`, and a test runs them side by side.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from planpub.diagnostics import Diagnostic, format_github, format_json, format_text, summary_line

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
CHECK_FORMATS = ("text", "github", "json")


def default_plans_dir() -> Path:
    """The docs_dir of ./mkdocs.yml when there is one, else ./plans."""
    config = Path("mkdocs.yml")
    if config.is_file():
        for line in config.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "docs_dir" and not line.startswith((" ", "\t")):
                return Path(value.strip().strip("'\""))
    return Path("plans")


def use_colour(stream: Any) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ


_RED, _YELLOW, _BOLD, _RESET = "\x1b[31m", "\x1b[33m", "\x1b[1m", "\x1b[0m"


def colour_text(diagnostic: Diagnostic, colour: bool) -> str:
    """A diagnostic as text; with colour, its `error[CODE]` label red (warnings yellow), bold."""
    text = format_text(diagnostic)
    if not colour:
        return text
    label = f"{diagnostic.severity}[{diagnostic.code}]"
    styled = f"{_RED if diagnostic.is_error else _YELLOW}{_BOLD}{label}{_RESET}"
    return text.replace(label, styled, 1)


def run_check(paths: list[Path], fmt: str, strict: bool, no_cache: bool) -> int:
    """Check the plan files under `paths`, print what was found, and give the exit code."""
    from planpub import file_cache
    from planpub.loader import load_workspace

    with file_cache.turned_off() if no_cache else nullcontext():
        workspace = load_workspace(paths)
    diagnostics = workspace.diagnostics
    if fmt == "json":
        print(format_json(diagnostics))
    elif fmt == "github":
        for diagnostic in diagnostics:
            print(format_github(diagnostic))
    else:
        colour = use_colour(sys.stdout)
        for diagnostic in diagnostics:
            print(colour_text(diagnostic, colour))
        sys.stdout.flush()  # the summary goes to stderr when there are problems: after them
        print(summary_line(diagnostics, len(workspace.files)), file=_summary_stream(diagnostics))
    failed = workspace.errors or (strict and workspace.warnings)
    return EXIT_PROBLEMS if failed else EXIT_OK


def _summary_stream(diagnostics: list[Diagnostic]) -> Any:
    return sys.stderr if diagnostics else sys.stdout


def quick_check(args: Sequence[str]) -> int | None:
    """The exit code of `planpub check ARGS` run without click; None when `args` are not one of
    the plain forms, so that click reads them (and reports what is wrong with them)."""
    read = _check_arguments(args)
    if read is None:
        return None
    paths, fmt, strict, no_cache = read
    if not paths:
        default = default_plans_dir()
        if not default.is_dir():
            return None  # click's `check` says there is no plans folder
        paths = [default]
    return run_check(paths, fmt, strict, no_cache)


def _check_arguments(args: Sequence[str]) -> tuple[list[Path], str, bool, bool] | None:
    paths: list[Path] = []
    fmt, strict, no_cache = "text", False, False
    given = iter(args)
    for arg in given:
        if arg == "--strict":
            strict = True
        elif arg == "--no-cache":
            no_cache = True
        elif arg == "--format" or arg.startswith("--format="):
            value = arg.partition("=")[2] if "=" in arg else next(given, None)
            if value is None or value not in CHECK_FORMATS:
                return None
            fmt = value
        elif arg.startswith("-") or not os.path.exists(arg):
            return None
        else:
            paths.append(Path(arg))
    return paths, fmt, strict, no_cache
