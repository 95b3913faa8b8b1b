"""Hostile plans: every bad input gets a clear error at the right line, in bounded time and memory,
and every way a plan reaches people (`planpub check`, `show`, `diff`, the MkDocs build) agrees.

The corpus is `tests/hostile/`: small cases as files, large and binary ones built at test time by
`tests/hostile/generate.py`; `tests/hostile/expected.toml` says what each must report.
"""

from __future__ import annotations

import json
import logging
import re
import time
import tomllib
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, Run
from hostile.generate import GENERATED

from planpub import spec
from planpub.loader import load_bytes, load_file
from planpub.show import render_show

HOSTILE = ROOT / "tests" / "hostile"
CORPUS = HOSTILE / "2026-Q1"
VALID = CORPUS / "valid-full.md"
MANIFEST: dict[str, dict[str, Any]] = tomllib.loads(
    (HOSTILE / "expected.toml").read_text(encoding="utf-8")
)
CASES = sorted(MANIFEST)
SEVERITY = dict(
    re.findall(
        r"^\| (PP\d{3}) \| (error|warning) \|",
        (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8"),
        flags=re.MULTILINE,
    )
)
MAX_SECONDS = 2.0  # generous: the slowest case (100,000 programs) takes under a second
MAX_MEMORY = 200 * 1024 * 1024
MKDOCS_YML = (
    "site_name: hostile\ndocs_dir: docs\nsite_dir: site\ntheme: mkdocs\nplugins:\n  - planpub\n"
)

Problem = tuple[str, int]  # (code, line)


def expected(name: str) -> list[Problem]:
    pairs = (item.split("@") for item in MANIFEST[name]["expect"])
    return sorted((code, int(line)) for code, line in pairs)


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if SEVERITY[p[0]] == "error"]


def case_bytes(name: str) -> bytes:
    if MANIFEST[name].get("generated"):
        return GENERATED[name]()
    return (CORPUS / f"{name}.md").read_bytes()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """An MkDocs site with an empty quarter folder: each test puts one hostile file in it."""
    (tmp_path / "docs" / "2026-Q1").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return tmp_path


def place(name: str, site: Path) -> Path:
    path = site / "docs" / "2026-Q1" / f"{name}.md"
    path.write_bytes(case_bytes(name))
    return path


# -- the surfaces --------------------------------------------------------------------------------
# Each way a plan reaches people runs one file and says what it reported. A new command that reads
# plans (for example `planpub build`) gets a runner here and an entry in SURFACES.


@dataclass
class Report:
    exit_code: int
    problems: list[Problem]
    output: str
    seconds: float


Runner = Callable[[Path, Callable[..., Run]], Report]


def located(path: Path, text: str) -> list[Problem]:
    """(code, line) of every diagnostic about `path` in a text in the format of `format_text`."""
    pattern = re.escape(str(path)) + r":(\d+):(\d+): (?:error|warning)\[(PP\d{3})\]"
    return sorted((code, int(line)) for line, _, code in re.findall(pattern, text))


def timed(run: Callable[[], tuple[int, str, list[Problem]]]) -> Report:
    """Runs and times a surface in CPU seconds: other processes on a busy CI machine don't count."""
    start = time.process_time()
    exit_code, output, problems = run()
    return Report(exit_code, problems, output, time.process_time() - start)


def run_check(path: Path, planpub: Callable[..., Run]) -> Report:
    def run() -> tuple[int, str, list[Problem]]:
        result = planpub(["check", "--format", "json", str(path)])
        found = json.loads(result.stdout)["diagnostics"]
        assert all(d["file"] == str(path) and d["message"] for d in found)
        assert all(d["line"] >= 1 and d["col"] >= 1 for d in found)
        problems = sorted((d["code"], d["line"]) for d in found)
        return result.exit_code, result.stdout + result.stderr, problems

    return timed(run)


def run_show(path: Path, planpub: Callable[..., Run]) -> Report:
    def run() -> tuple[int, str, list[Problem]]:
        result = planpub(["show", str(path)])
        return result.exit_code, result.stdout + result.stderr, located(path, result.stderr)

    return timed(run)


def run_diff(path: Path, planpub: Callable[..., Run]) -> Report:
    def run() -> tuple[int, str, list[Problem]]:
        result = planpub(["diff", str(path), str(VALID)])
        return result.exit_code, result.stdout + result.stderr, located(path, result.stderr)

    return timed(run)


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_build(path: Path, planpub: Callable[..., Run]) -> Report:
    """`mkdocs build` in-process: errors arrive in the PluginError, warnings in the log."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    def run() -> tuple[int, str, list[Problem]]:
        collect = Collect()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(collect)
        try:
            build(load_config(config_file=str(path.parents[2] / "mkdocs.yml")))
            exit_code = 0
        except Abort:
            exit_code = 1
        finally:
            logger.removeHandler(collect)
        output = "\n".join(collect.messages)
        return exit_code, output, located(path, output)

    return timed(run)


def every_problem(want: list[Problem]) -> list[Problem]:
    return want


def problems_of_refused_plans(want: list[Problem]) -> list[Problem]:
    """diff shows a plan's problems only when it refuses to compare it: when it has errors."""
    return want if errors_only(want) else []


SURFACES: dict[str, tuple[Runner, Callable[[list[Problem]], list[Problem]]]] = {
    "check": (run_check, every_problem),
    "show": (run_show, every_problem),
    "diff": (run_diff, problems_of_refused_plans),
    "build": (run_build, every_problem),
}
EXIT_CODES = {  # surface: (without errors, with errors); None: 0 or 1 (diff: same or different)
    "check": (0, 1),
    "show": (0, 1),
    "diff": (None, 2),
    "build": (0, 1),
}


def is_plan(name: str) -> bool:
    loaded = load_bytes(case_bytes(name), name, folder="2026-Q1")
    return loaded.plan is not None


@pytest.mark.site
@pytest.mark.parametrize("name", CASES)
def test_every_surface_reports_the_expected_problems(
    name: str, site: Path, planpub: Callable[..., Run]
) -> None:
    path = place(name, site)
    want = expected(name)
    for surface, (runner, reported) in SURFACES.items():
        report = runner(path, planpub)
        assert "Traceback" not in report.output and "unexpectedly" not in report.output, surface
        assert report.problems == reported(want), (
            surface,
            report.output[:3000],
        )
        assert report.seconds < MAX_SECONDS, (surface, report.seconds)
        assert_exit_code(surface, report.exit_code, bool(errors_only(want)), name)


def assert_exit_code(surface: str, exit_code: int, has_errors: bool, name: str) -> None:
    clean, failed = EXIT_CODES[surface]
    if has_errors:
        assert exit_code == failed, surface
    elif surface in ("show", "diff") and not is_plan(name):
        assert exit_code == 2, surface  # "not a plan page": a usage error, not a crash
    elif clean is None:
        assert exit_code in (0, 1), surface
    else:
        assert exit_code == clean, surface


@pytest.mark.site
def test_plan_text_never_becomes_markup_in_the_built_site(
    site: Path, planpub: Callable[..., Run]
) -> None:
    """Titles, names and notes that look like HTML reach the pages as text, escaped."""
    path = place("text-markup-and-templates", site)
    assert run_build(path, planpub).exit_code == 0
    pages = {page: page.read_text(encoding="utf-8") for page in (site / "site").rglob("*.html")}
    assert any("onerror=alert(1)" in html for html in pages.values())  # the plan text is shown
    for page, html in pages.items():
        for markup in ("<script>alert(", "<img src=x onerror", "</td></tr></table><img"):
            assert markup not in html, page


@pytest.mark.parametrize("name", CASES)
def test_reading_a_case_stays_within_memory(name: str) -> None:
    """Loading, validating and (for plans without errors) deriving and showing every number."""
    raw = case_bytes(name)
    tracemalloc.start()
    try:
        loaded = load_bytes(raw, f"{name}.md", folder="2026-Q1")
        if loaded.plan is not None and not loaded.has_errors:
            render_show(loaded.plan, "json")
            render_show(loaded.plan, "text")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < MAX_MEMORY, f"{peak:,} bytes"


def test_a_huge_file_is_refused_without_being_read(site: Path) -> None:
    """A 300 MB file (sparse: it takes no disk) costs no more memory than a small one."""
    path = site / "docs" / "2026-Q1" / "huge.md"
    with path.open("wb") as file:
        file.truncate(300 * 1024 * 1024)
    tracemalloc.start()
    try:
        loaded = load_file(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [d.code for d in loaded.diagnostics] == ["PP004"]
    assert peak < 20 * 1024 * 1024, f"{peak:,} bytes"


# -- the manifest and its coverage ---------------------------------------------------------------


def test_every_case_has_an_expectation_and_every_expectation_a_case() -> None:
    files = {path.stem for path in CORPUS.glob("*.md")}
    generated = {name for name in CASES if MANIFEST[name].get("generated")}
    assert files == set(CASES) - generated
    assert generated == set(GENERATED)
    assert all(MANIFEST[name]["why"] for name in CASES)
    assert all(code in SEVERITY for name in CASES for code, _ in expected(name))


def test_the_corpus_is_large_and_mostly_hostile() -> None:
    rejected = [name for name in CASES if errors_only(expected(name))]
    assert len(rejected) >= 100


def spec_paths(node: spec.Spec, path: str = "") -> Iterator[str]:
    """Every key path of the format, list indices and ids left out (programs.schedule.start)."""
    if isinstance(node, spec.Obj):
        for key, sub in node.fields.items():
            child = f"{path}.{key}" if path else key
            yield child
            yield from spec_paths(sub, child)
    elif isinstance(node, spec.Seq):
        yield from spec_paths(node.item, path)
    elif isinstance(node, spec.IdMap):
        yield f"{path}.*"


def reported_paths(prefix: str) -> set[str]:
    """Key paths of the diagnostics of the cases named prefix-..., normalised as spec_paths."""
    paths = set()
    for name in CASES:
        if name.startswith(prefix):
            loaded = load_bytes(case_bytes(name), name, folder="2026-Q1")
            paths |= {normalised(d.path) for d in loaded.diagnostics}
    return paths


def normalised(path: str) -> str:
    path = re.sub(r"\[\d+\]", "", path)
    return re.sub(r"\.(yields|totals)\.[^.]+$", r".\1.*", path)


def test_every_key_of_the_format_has_a_wrong_type_case() -> None:
    missing = set(spec_paths(spec.PLAN)) - reported_paths("types-") - reported_paths("period-")
    assert missing == set()


def numeric_paths(node: spec.Spec, path: str = "") -> Iterator[str]:
    numeric = ("number", "integer", "rate", "quantity", "change")
    if isinstance(node, spec.Scalar) and node.kind in numeric:
        yield path
    elif isinstance(node, spec.Obj):
        for key, sub in node.fields.items():
            yield from numeric_paths(sub, f"{path}.{key}" if path else key)
    elif isinstance(node, spec.Seq):
        yield from numeric_paths(node.item, path)
    elif isinstance(node, spec.IdMap):
        yield from numeric_paths(node.value, f"{path}.*")


@pytest.mark.parametrize("case", ["numbers-nan", "numbers-infinite"])
def test_every_number_of_the_format_rejects_non_finite_values(case: str) -> None:
    assert set(numeric_paths(spec.PLAN)) - reported_paths(case) == set()
