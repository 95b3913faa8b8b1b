"""The layering of DESIGN.md: pure logic stays free of MkDocs, Jinja, click and I/O libraries."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "src" / "planpub"
PURE = {
    "model",
    "diagnostics",
    "funnel",
    "schedule",
    "money",
    "kpis",
    "rollup",
    "derive",
    "diff",
    "checks",
    "build",
    "spec",
    "schema",
    "show",
    "diff_derived",
    "diff_render",
    "diff_markdown",
    "scaffold",
    "versions",
    "ics",
    "records",
}
ONLY_IN = {
    "mkdocs": {"plugin", "mkdocs_build", "markdown_reuse"},
    "click": {"cli"},
    "jinja2": {"render"},
    "properdocs": {"plugin"},
    "material": {"search_reuse", "site_workers"},
    "markdown": {"mkdocs_build"},
}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE).with_suffix("")
    return relative.parts[0]


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_third_party_imports_stay_in_their_adapter(path: Path) -> None:
    name = module_name(path)
    for library, allowed in ONLY_IN.items():
        if library in imported_roots(path):
            assert name in allowed, f"{name} imports {library}; only {allowed} may"


@pytest.mark.parametrize(
    "path", [p for p in MODULES if module_name(p) in PURE], ids=lambda p: p.stem
)
def test_pure_modules_import_only_the_standard_library(path: Path) -> None:
    import sys

    foreign = {
        root
        for root in imported_roots(path)
        if root not in sys.stdlib_module_names
        and root not in ("planpub", "__future__", "_typeshed")
    }
    assert foreign == set(), f"{path.stem} imports {foreign}"


def test_pure_modules_never_read_the_clock() -> None:
    for path in MODULES:
        if module_name(path) in PURE:
            text = path.read_text(encoding="utf-8")
            assert "today()" not in text and ".now(" not in text, path.stem


def loaded_after(*modules: str) -> set[str]:
    """planpub's modules loaded in a fresh Python after importing `modules`."""
    import subprocess
    import sys

    script = (
        f"import sys\nimport {', '.join(modules)}\n"
        "print(' '.join(m for m in sys.modules if m.startswith('planpub')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return set(done.stdout.split())


def test_a_build_worker_loads_no_view_diff_or_engine_code_until_it_renders() -> None:
    """A rebuild that replays its render record waits for these imports; it needs none."""
    loaded = loaded_after("planpub.mkdocs_build", "planpub.plugin")
    assert "planpub.plugin" in loaded and "planpub.render.memo" in loaded
    unwanted = {"planpub.derive", "planpub.diff", "planpub.ics", "planpub.render.budget_view"}
    assert loaded & unwanted == set()


def test_a_plain_check_loads_no_click_rendering_or_site_code() -> None:
    loaded = loaded_after("planpub.cli", "planpub.cli.quick", "planpub.loader")
    unwanted = {"planpub.cli.base", "planpub.render", "planpub.site", "planpub.derive"}
    assert "planpub.cli.quick" in loaded and loaded & unwanted == set()
