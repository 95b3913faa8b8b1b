"""Pages whose Markdown did not change are not converted again when their quarter is rebuilt,
and a rebuilt site is still the site a build from nothing gives."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from browser_support import tree_bytes
from test_site_incremental import build_ok, edit, fresh_site
from test_site_versions import make_project, planpub_build

from planpub.markdown_reuse import _extensions

BRIEF = Path("plans") / "2026-Q1" / "campaign-brief.md"


def kept(project: Path, quarter: str) -> dict[str, Any]:
    store = project / ".planpub-cache" / "markdown" / f"{quarter}.json"
    data: dict[str, Any] = json.loads(store.read_text(encoding="utf-8"))
    return data


@pytest.mark.site
def test_unchanged_pages_are_taken_from_the_last_build_of_their_quarter(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    build_ok(project)
    store = project / ".planpub-cache" / "markdown" / "2026-Q1.json"
    entries = kept(project, "2026-Q1")
    assert len(entries) >= 5  # the quarter's pages, its year's annual plan and the shared pages
    for entry in entries.values():  # mark what comes from the kept conversions
        entry["content"] += "<p>KEPT</p>"
    store.write_text(json.dumps(entries), encoding="utf-8")
    edit(project, "2026-Q1", "An edit of the plan page.")
    build_ok(project)
    site = project / "site" / "2026-Q1"
    assert "<p>KEPT</p>" in (site / "roadmap" / "campaign-brief" / "index.html").read_text("utf-8")
    plan_page = (site / "roadmap" / "index.html").read_text(encoding="utf-8")
    assert "<p>KEPT</p>" not in plan_page and "An edit of the plan page." in plan_page


@pytest.mark.site
def test_a_rebuild_with_kept_pages_gives_the_site_a_build_from_nothing_gives(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path)
    build_ok(project)
    brief = project / BRIEF
    brief.write_text(brief.read_text(encoding="utf-8") + "\nA new line.\n", encoding="utf-8")
    edit(project, "2026-Q2", "An edit of the second quarter.")
    build_ok(project)
    assert tree_bytes(project / "site") == fresh_site(project, tmp_path / "fresh", "a")


@pytest.mark.site
def test_a_kept_page_says_its_warnings_again_and_strict_still_fails(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    brief = project / BRIEF
    brief.write_text(
        brief.read_text(encoding="utf-8") + "\nSee the [old brief](no-such-page.md).\n", "utf-8"
    )
    warning = "campaign-brief.md' contains a link 'no-such-page.md', but the target"
    first = planpub_build(project)
    assert first.returncode == 0 and warning in first.stderr
    edit(project, "2026-Q1", "An edit of another page of the quarter.")
    again = planpub_build(project)
    assert again.returncode == 0 and warning in again.stderr
    edit(project, "2026-Q1", "One more edit.")
    strict = planpub_build(project, "--strict")
    assert strict.returncode == 1 and warning in strict.stderr


@pytest.mark.site
def test_nothing_is_kept_with_an_extension_that_reads_other_files(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "markdown_extensions:\n", "markdown_extensions:\n  - pymdownx.snippets\n"
        ),
        encoding="utf-8",
    )
    build_ok(project)
    assert not (project / ".planpub-cache" / "markdown").exists()


def config(extensions: list[Any], options: dict[str, Any] | None = None) -> Any:
    return SimpleNamespace(markdown_extensions=extensions, mdx_configs=options or {})


def test_which_extensions_are_trusted() -> None:
    from pymdownx.superfences import fence_code_format

    trusted = _extensions(config(["toc", "tables", "pymdownx.superfences"], {"toc": {"x": 1}}))
    assert trusted is not None and 'markdown.extensions.toc={"x": 1}' in trusted
    fences = {"custom_fences": [{"name": "mermaid", "format": fence_code_format}]}
    named = _extensions(config(["pymdownx.superfences"], {"pymdownx.superfences": fences}))
    assert named is not None and "pymdownx.superfences.fence_code_format" in named
    assert _extensions(config(["pymdownx.snippets"])) is None  # reads other files
    assert _extensions(config(["my_company.glossary"])) is None  # unknown
    lambda_fence = {"custom_fences": [{"name": "x", "format": lambda *a: ""}]}
    assert (
        _extensions(config(["pymdownx.superfences"], {"pymdownx.superfences": lambda_fence}))
        is None
    )
