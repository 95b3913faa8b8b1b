"""The MkDocs plugin: the only module that imports mkdocs. It hands MkDocs events to planpub."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from planpub.diagnostics import format_text
from planpub.loader import Workspace, load_workspace
from planpub.model import Period
from planpub.versions import (
    belongs_to,
    folder_period,
    neutral_uri,
    rewrite_cross_version_links,
)

log = get_plugin_logger(__name__)


class PlanpubConfig(Config):
    currency = opt.Type(str, default="USD")
    locale = opt.Type(str, default="en")
    rounding = opt.Choice(("ceil", "half-up", "none"), default="ceil")
    quarter = opt.Optional(opt.Type(str))  # build one quarter's version (env PLANPUB_QUARTER wins)


class PlanpubPlugin(BasePlugin[PlanpubConfig]):
    """Validates every plan page of the site and stops the build on errors."""

    def __init__(self) -> None:
        self.workspace = Workspace()
        self.quarter: Period | None = None
        self.quarters: list[Period] = []

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.quarter = selected_quarter(self.config.quarter)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.quarter is not None:
            self.quarters = published_quarters(files)
            files = only_quarter(files, self.quarter)
            give_neutral_addresses(files, config)
        pages = [Path(f.abs_src_path) for f in files.documentation_pages() if f.abs_src_path]
        self.workspace = load_workspace(pages)
        report(self.workspace)
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if self.quarter is not None:
            markdown = rewrite_cross_version_links(
                markdown, page.file.src_uri, page.url, self.quarter, self.quarters
            )
        return markdown


def selected_quarter(configured: str | None) -> Period | None:
    """The quarter this build is for: PLANPUB_QUARTER, else the `quarter` option, else none."""
    text = os.environ.get("PLANPUB_QUARTER") or configured
    if not text:
        return None
    period = Period.parse(text)
    if period is None or not period.is_quarter:
        raise PluginError(f"planpub: quarter '{text}' is not a quarter such as 2026-Q1")
    return period


def only_quarter(files: Files, quarter: Period) -> Files:
    """The files of one quarter's version: its folder, its year's annual plan, shared pages."""
    return Files([f for f in files if f.generated_by or belongs_to(f.src_uri, quarter)])


def published_quarters(files: Files) -> list[Period]:
    """Quarters with a version: PLANPUB_QUARTERS from `planpub build`, else the quarter folders."""
    listed = os.environ.get("PLANPUB_QUARTERS", "")
    found = {Period.parse(text) for text in listed.split(",") if text}
    if not found:
        found = {folder_period(f.src_uri) for f in files.documentation_pages()}
    return sorted(p for p in found if p is not None and p.is_quarter)


def give_neutral_addresses(files: Files, config: MkDocsConfig) -> None:
    """Period folders publish as roadmap/ and annual-plan/, the same address in every version."""
    for file in files:
        neutral = neutral_uri(file.src_uri)
        if neutral != file.src_uri and file.src_dir is not None:
            twin = File(neutral, file.src_dir, config.site_dir, config.use_directory_urls)
            file.dest_uri = twin.dest_uri
            file.url = twin.url


def report(workspace: Workspace) -> None:
    """Warnings go to the plugin logger (so --strict fails); errors stop the build."""
    for warning in workspace.warnings:
        log.warning(format_text(warning))
    if workspace.errors:
        listing = "\n".join(format_text(d) for d in workspace.errors)
        raise PluginError(f"planpub: {len(workspace.errors)} error(s) in plans\n{listing}")
