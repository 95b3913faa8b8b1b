"""Files -> plans and diagnostics: the one entry point every surface (CLI, plugin, site) uses.

A file whose text, path and folder were checked before by the same code takes its diagnostics
from `file_cache`; its plan is then built only when something asks for it. So a `planpub check`
of unchanged files imports neither the plan model nor the checks.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planpub.diagnostics import (
    MAX_PROBLEMS_PER_FILE,
    Diagnostic,
    Finding,
    file_order,
    more_problems,
)
from planpub.file_cache import (
    Checked,
    cached_diagnostics,
    checked_file,
    parsed_document,
    store_checked,
    store_diagnostics,
)
from planpub.frontmatter import (
    MAX_FILE_BYTES,
    Document,
    LoadError,
    Position,
    decode,
)

if TYPE_CHECKING:
    from planpub.model import Plan

PLAN_KEYS = {"goal", "funnel", "programs", "kpis", "budget", "focus_areas", "reviews"}


@dataclass
class LoadedFile:
    """One Markdown file: its document, its plan (if it is a plan page) and its diagnostics.

    `period` is the plan's period as text (None: not a plan page). When the diagnostics came from
    the cache, the document is parsed from `text` on first use of `document`, and the plan built
    on first use of `plan`: a check of unchanged files needs neither.
    """

    path: str
    parsed: Document | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    period: str | None = None
    built: Plan | None = None
    is_built: bool = True
    text: str = ""  # the file's text; parsed on first use when `parsed` is None

    @property
    def document(self) -> Document:
        if self.parsed is None:
            self.parsed = parsed_document(self.text)
        return self.parsed

    @property
    def plan(self) -> Plan | None:
        if not self.is_built:
            self.built, self.is_built = _plan_of(self.document, self.path)[0], True
        return self.built

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)


@dataclass
class Workspace:
    """Every file loaded by one check or build, and all their problems."""

    files: list[LoadedFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def plans(self) -> list[Plan]:
        return [f.plan for f in self.files if f.plan is not None]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]


def display_path(path: Path | str) -> str:
    """The path as the user knows it: relative to the working folder when inside it."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if absolute.startswith(cwd + os.sep):
        absolute = absolute[len(cwd) + 1 :]
    return absolute.replace(os.sep, "/")


def find_markdown(paths: Iterable[Path]) -> list[tuple[Path, Path | None]]:
    """Markdown files under the given files and folders, sorted, hidden folders skipped; each
    with the folder it was found in (None for a file given by name)."""
    found: dict[str, Path | None] = {}
    for path in paths:
        if not path.is_dir():
            found.setdefault(str(path), None)
            continue
        for folder, subfolders, names in os.walk(path):
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            for name in names:
                if name.endswith(".md") and not name.startswith("."):
                    found.setdefault(os.path.join(folder, name), path)
    return [(Path(name), root) for name, root in sorted(found.items())]


def unsafe_link(path: Path, root: Path | None) -> str | None:
    """Why a file must not be read or published: a link out of `root`, or not a regular file.

    A pull request can add a symbolic link to `/proc/self/environ` or to a secret elsewhere on the
    builder; MkDocs would publish what it points at, and a link to a device could hang a build.
    """
    absolute = os.path.abspath(path)
    if os.path.islink(absolute):
        real = os.path.realpath(absolute)
    else:
        folder, name = os.path.split(absolute)
        real = os.path.join(_real_folder(folder), name)
    if root is not None:
        inside = _real_folder(os.path.abspath(root))
        if real != inside and not real.startswith(inside + os.sep):
            return f"is a symbolic link to {real}, outside {root}"
    try:
        mode = os.stat(real).st_mode
    except OSError:
        return None  # a dangling link: reading it reports the problem
    return None if stat.S_ISREG(mode) else "is not a regular file"


@lru_cache(maxsize=4096)
def _real_folder(folder: str) -> str:
    """Real path of an absolute folder path (cached: a plans folder has few folders)."""
    return os.path.realpath(folder)


def refused(path: Path, reason: str) -> LoadedFile:
    shown = display_path(path)
    doc = Document(text="", has_front_matter=False)
    finding = Finding(
        "PP126", "", f"this file {reason}", "copy the content into the plans folder instead"
    )
    return LoadedFile(shown, doc, [_locate(shown, doc, finding, Position(1, 1))])


def load_workspace(paths: Iterable[Path]) -> Workspace:
    workspace = Workspace()
    for path, root in find_markdown(paths):
        reason = unsafe_link(path, root)
        workspace.files.append(refused(path, reason) if reason else load_file(path))
    workspace.diagnostics = [d for f in workspace.files for d in f.diagnostics]
    workspace.diagnostics += portfolio_diagnostics(workspace.files)
    workspace.diagnostics.sort(key=file_order)
    return workspace


def load_file(path: Path) -> LoadedFile:
    shown = display_path(path)
    try:
        with path.open("rb") as file:  # never more than the limit: the path may be /dev/zero
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        doc = Document(text="", has_front_matter=False)
        finding = Finding("PP003", "", f"cannot read the file: {error.strerror}", "")
        return LoadedFile(shown, doc, [_locate(shown, doc, finding, Position(1, 1))])
    return _remembered(raw, shown, path.parent.name)


@lru_cache(maxsize=2048)
def _remembered(raw: bytes, shown: str, folder: str) -> LoadedFile:
    """The same bytes at the same place load to the same result: builds of several quarters in
    one process (and `planpub serve`) read each unchanged plan once."""
    return load_bytes(raw, shown, folder=folder)


def load_bytes(raw: bytes, path: str, *, folder: str | None = None) -> LoadedFile:
    try:
        text = decode(raw)
    except LoadError as error:
        doc = Document(text="", has_front_matter=False)
        return LoadedFile(path, doc, [_locate(path, doc, error.finding, error.position)])
    return load_text(text, path, folder=folder)


def load_text(text: str, path: str, *, folder: str | None = None) -> LoadedFile:
    """Parse, validate and check one file's text; `folder` is the name of its parent folder."""
    stored = checked_file(text, path, folder)
    if stored is not None:
        plan_page = stored.period is not None
        return LoadedFile(
            path, None, stored.diagnostics, stored.period, is_built=not plan_page, text=text
        )
    loaded = _check_text(parsed_document(text), path, folder)
    store_checked(text, path, folder, Checked(loaded.period, loaded.diagnostics))
    return loaded


def _check_text(doc: Document, path: str, folder: str | None) -> LoadedFile:
    from planpub import checks, derive

    loaded = LoadedFile(path, doc, text=doc.text)
    if doc.problems or not _is_plan_page(doc.data):
        loaded.diagnostics = _reported(path, doc, doc.problems)
        return loaded
    plan, validation = _plan_of(doc, path)
    findings = list(validation.findings)
    if plan is not None:
        misplaced = _folder(plan, folder)
        semantic = checks.check_plan(plan, doc.data) + _locale_and_currency(plan)
        if misplaced:  # dates are judged against the folder's period once it is right
            semantic = [f for f in semantic if f.code != "PP108"] + misplaced
        findings += [f for f in semantic if not _covered(f, validation.invalid_paths)]
        if not any(f.severity == "error" for f in findings):
            findings += derive.findings(plan)
        loaded.period = str(plan.period)
    loaded.built = plan
    loaded.diagnostics = _reported(path, doc, [(f, _position(doc, f)) for f in findings])
    return loaded


def _reported(path: str, doc: Document, found: list[tuple[Finding, Position]]) -> list[Diagnostic]:
    """A file's problems in its order, the first MAX_PROBLEMS_PER_FILE of them, and one more that
    counts the rest, at the first of those. Only the shown ones are located and given their
    source line; the rest are only counted."""
    ordered = sorted(found, key=lambda item: (item[1].line, item[1].col, item[0].code))
    shown = [_locate(path, doc, f, pos) for f, pos in ordered[:MAX_PROBLEMS_PER_FILE]]
    dropped = ordered[MAX_PROBLEMS_PER_FILE:]
    if dropped:
        first = dropped[0][1]
        shown.append(_locate(path, doc, more_problems([f for f, _ in dropped]), first))
    return shown


def _plan_of(doc: Document, path: str) -> tuple[Plan | None, Any]:
    """The plan of a plan page, as far as it is valid, and the validation's findings."""
    from planpub import schema
    from planpub.build import plan_from_data

    data, validation = schema.validate(doc.data)
    return plan_from_data(data, source=path, body=doc.body), validation


def _is_plan_page(data: Any) -> bool:
    """Plan pages have `period`; a page with plan keys but no period is a plan missing it."""
    if data is None:
        return False
    if not isinstance(data, dict):
        return True
    return "period" in data or bool(PLAN_KEYS & data.keys())


ABSENCE_CODES = {"PP104", "PP110", "PP116"}  # "X is missing": X may be there but invalid
REFERENCED_LISTS = {"focus": "focus_areas", "metric": "kpis", "yields": "funnel"}


def _covered(finding: Finding, invalid: set[str]) -> bool:
    """A semantic finding that follows from a value already reported as invalid adds nothing."""
    path = finding.path
    if any(path == bad or path.startswith((bad + ".", bad + "[")) for bad in invalid):
        return True
    if finding.code == "PP111":  # "no hypothesis": there may be one, reported as invalid
        return finding.path.rpartition(".")[0] + ".hypothesis" in invalid
    if finding.code in ABSENCE_CODES:
        item = path.rpartition(".")[0]
        return any(bad.startswith(item + ".") for bad in invalid)
    if finding.code == "PP107":
        field = path.split("].")[-1].split(".")[0]
        listed = REFERENCED_LISTS.get(field, "")
        return bool(listed) and any(bad.startswith(listed) for bad in invalid)
    return False


def _folder(plan: Plan, folder: str | None) -> list[Finding]:
    from planpub.model import Period

    folder_period = Period.parse(folder) if folder else None
    if folder_period is None or folder_period == plan.period:
        return []
    return [
        Finding(
            "PP109",
            "period",
            f"period {plan.period} does not match its folder '{folder}'",
            f"set 'period: {folder_period}' or move the file to a '{plan.period}' folder",
        )
    ]


def _locale_and_currency(plan: Plan) -> list[Finding]:
    from planpub.locales import currency_problem, locale_problem

    problems = []
    if plan.locale and (message := locale_problem(plan.locale)):
        problems.append(Finding("PP124", "locale", message[0], message[1]))
    if plan.currency and (message := currency_problem(plan.currency)):
        problems.append(Finding("PP124", "currency", message[0], message[1]))
    return problems


KEY_CODES = ("PP101", "PP104", "PP106", "PP125")  # problems of a key itself, not of its value


def _position(doc: Document, finding: Finding) -> Position:
    """Where a finding's key path is in the file: its key or its value, or the nearest parent."""
    return doc.source_map.locate(finding.path, key=finding.code in KEY_CODES)


def _locate(
    path: str, doc: Document, finding: Finding, position: Position | None = None
) -> Diagnostic:
    if position is None:
        position = _position(doc, finding)
    return Diagnostic(
        file=path,
        line=position.line,
        col=position.col,
        severity=finding.severity,
        code=finding.code,
        path=finding.path,
        message=finding.message,
        hint=finding.hint,
        source_line=doc.line_text(position.line),
    )


def portfolio_diagnostics(files: list[LoadedFile]) -> list[Diagnostic]:
    """Checks across plans: one plan per period, quarters against their annual plan."""
    by_period: dict[str, LoadedFile] = {}
    out: list[Diagnostic] = []
    for loaded in files:
        if loaded.period is None:
            continue
        first = by_period.setdefault(loaded.period, loaded)
        if first is not loaded:
            finding = Finding(
                "PP123",
                "period",
                f"a second plan for {loaded.period} (the first is {first.path})",
                "each period has one plan page; make this a plain page of the quarter",
            )
            out.append(_locate(loaded.path, loaded.document, finding))
    if any("Q" not in period for period in by_period):  # an annual plan: the quarters add up?
        out += _annual_checks(by_period)
    return out


def _annual_checks(periods: dict[str, LoadedFile]) -> list[Diagnostic]:
    """Each annual plan against its quarters; a year whose files are unchanged from the cache."""
    out = []
    for year, annual in sorted(periods.items()):
        if "Q" in year or annual.has_errors:
            continue
        quarters = [
            f for p, f in sorted(periods.items()) if p.startswith(f"{year}-Q") and not f.has_errors
        ]
        parts = [part for f in (annual, *quarters) for part in (f.path, f.text)]
        found = cached_diagnostics("year", parts)
        if found is None:
            found = _year_checks(annual, quarters)
            store_diagnostics("year", parts, found)
        out += found
    return out


def _year_checks(annual: LoadedFile, quarters: list[LoadedFile]) -> list[Diagnostic]:
    from planpub.rollup import rollup

    if annual.plan is None:
        return []
    by_source = {f.path: f for f in (annual, *quarters)}
    plans = [f.plan for f in quarters if f.plan is not None]
    out = []
    for source, findings in rollup(annual.plan, plans).findings.items():
        target = by_source[source]
        out += [_locate(target.path, target.document, finding) for finding in findings]
    return out
