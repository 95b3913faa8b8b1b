"""Support for whole-site tests: build a site in a temp folder, serve it, look at it in Chromium.

- `copy_example` / `write_site`: a project folder (mkdocs.yml, plans/, overrides/) to build;
- `build_site`: an in-process `mkdocs build` that returns the WARNING records it logged;
- `served_site`: the built site on a free 127.0.0.1 port, with the `versions.json` a versioned
  site has next to its versions (Material's version selector asks for it);
- `open_page`: headless Chromium (Debian's package, see `chromium`) on one page of it, collecting
  console errors, page errors and requests that leave 127.0.0.1;
- `scheme` and `screenshot`: Material's light (`default`) and dark (`slate`) schemes.

In CI (`CI=true`) a missing Chromium fails the browser tests; elsewhere they are skipped.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from chromium import browser_page, serve_folder
from conftest import ROOT

EXAMPLE = ("mkdocs.yml", "plans", "overrides")
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z, for reproducible builds
SCHEMES = ("default", "slate")  # Material's light and dark color schemes


def copy_example(project: Path) -> Path:
    """The repository's example site (config, plans, overrides) copied into `project`."""
    project.mkdir(parents=True, exist_ok=True)
    for name in EXAMPLE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        else:
            shutil.copy(source, project / name)
    return project


SMALL_CONFIG = """site_name: Test plans
site_url: https://plans.example.com/
docs_dir: plans
theme:
  name: material
  font: false
{custom_dir}plugins:
  - search
  - planpub:
{options}
markdown_extensions: [tables, attr_list, admonition, md_in_html, {{toc: {{permalink: true}}}}]
"""


def write_site(
    project: Path,
    pages: Mapping[str, str],
    *,
    options: Mapping[str, object] | None = None,
    overrides: Mapping[str, str] | None = None,
) -> Path:
    """A small project: `pages` under plans/, `overrides` under overrides/ (the custom_dir)."""
    settings = {"locale": "en", "currency": "USD", **(options or {})}
    lines = "\n".join(f"      {key}: {json.dumps(value)}" for key, value in settings.items())
    custom_dir = "  custom_dir: overrides\n" if overrides else ""
    config = SMALL_CONFIG.format(options=lines, custom_dir=custom_dir)
    (project / "mkdocs.yml").parent.mkdir(parents=True, exist_ok=True)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    for folder, files in (("plans", pages), ("overrides", overrides or {})):
        for name, text in files.items():
            path = project / folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return project


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def mkdocs_warnings() -> Iterator[list[logging.LogRecord]]:
    """WARNING and worse records logged under `mkdocs` (plugins log there too) while inside."""
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        yield collect.records
    finally:
        logger.removeHandler(collect)


def build_site(
    project: Path, site_dir: Path | None = None, *, strict: bool = True
) -> tuple[Path, list[str]]:
    """`mkdocs build [--strict]` of the project, in-process; the site folder and the warnings.

    With `strict`, a warning makes MkDocs raise `Abort` at the end of the build.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = site_dir or project / "site"
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with mkdocs_warnings() as records:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=strict)
        build(config)
    return site, [record.getMessage() for record in records]


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# -- serving and Chromium --------------------------------------------------------------------


def write_versions_json(site: Path, version: str) -> None:
    """What `planpub build` puts next to every version; Material's selector fetches it."""
    entry = {"version": version, "title": version, "aliases": ["latest"]}
    (site / "versions.json").write_text(json.dumps([entry]), encoding="utf-8")


@contextmanager
def served_site(site: Path, version: str = "2026-Q1") -> Iterator[str]:
    """The built site on 127.0.0.1; yields its root URL."""
    if not (site / "versions.json").exists():
        write_versions_json(site, version)
    with serve_folder(site) as url:
        yield url


@dataclass
class PageProblems:
    """What went wrong while a page was open: console errors, page errors, outside requests."""

    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


@contextmanager
def open_page(url: str, **context: Any) -> Iterator[tuple[Any, PageProblems]]:
    """Chromium on `url`, loaded; context options (viewport, java_script_enabled, ...) apply."""
    with browser_page(**context) as (page, errors):
        problems = PageProblems(errors=errors)
        page.on("request", lambda r: _note_outside(r.url, problems))
        page.goto(url, wait_until="load")
        yield page, problems


def _note_outside(url: str, problems: PageProblems) -> None:
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.hostname != "127.0.0.1":
        problems.outside.append(url)


def scheme(page: Any, name: str) -> None:
    """Switch Material's color scheme, as its palette toggle does."""
    page.evaluate("name => document.body.setAttribute('data-md-color-scheme', name)", name)
    page.wait_for_timeout(50)


def screenshot(page: Any, selector: str) -> bytes:
    shot: bytes = page.locator(selector).first.screenshot(animations="disabled")
    return shot
