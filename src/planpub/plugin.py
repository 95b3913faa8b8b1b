"""The MkDocs plugin: the only module that imports mkdocs. It hands MkDocs events to planpub.

It runs unchanged on ProperDocs: ProperDocs reads the `mkdocs.plugins` entry points and, when its
command line starts, makes every `mkdocs.*` import resolve to `properdocs.*`, so the classes and
the logger below are ProperDocs's own there (and its `--strict` counts our warnings).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import cast
from urllib.parse import urlsplit

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from planpub.diagnostics import format_text
from planpub.loader import LoadedFile, Workspace, display_path, load_workspace, unsafe_link
from planpub.locales import currency_problem, locale_problem
from planpub.model import Period, Rounding
from planpub.render import (
    SECTION_NAMES,
    STYLESHEET,
    TEMPLATES_DIR,
    Placement,
    PlanSite,
    RenderError,
    Settings,
    place_sections,
    shared_templates,
)
from planpub.render.cache import CACHE_ENV
from planpub.render.memo import FOLDER, RememberedSite, load_record, render_key, store_record
from planpub.versions import (
    belongs_to,
    context_periods,
    folder_period,
    neutral_uri,
    rewrite_cross_version_links,
)

log = get_plugin_logger(__name__)


class PlanpubConfig(Config):
    currency = opt.Type(str, default="USD")  # for plans without `currency`
    locale = opt.Type(str, default="en")  # for plans without `locale`
    rounding = opt.Choice(("ceil", "half-up", "none"), default="ceil")  # funnels without one
    sections = opt.ListOfItems(opt.Choice(SECTION_NAMES), default=list(SECTION_NAMES))
    calendar_feed = opt.Type(bool, default=True)  # an .ics next to every plan page
    overview_pages = opt.Type(bool, default=True)  # quarter overview and year pages
    quarter = opt.Optional(opt.Type(str))  # build one quarter's version (env PLANPUB_QUARTER wins)


class PlanpubPlugin(BasePlugin[PlanpubConfig]):
    """Validates every plan page of the site and stops the build on errors; adds the sections
    of plan pages, the generated quarter and year pages and the calendar feeds."""

    def __init__(self) -> None:
        self.workspace = Workspace()
        self.quarter: Period | None = None
        self.quarters: list[Period] = []
        self.site: RememberedSite | None = None
        self.memo: tuple[Path, str] | None = None  # where this build's record is stored

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.quarter = selected_quarter(self.config.quarter)
        check_defaults(self.config)
        config.theme.dirs.append(str(TEMPLATES_DIR))  # after the theme: overrides/planpub/ wins
        config.extra_css.append(STYLESHEET)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        refuse_unsafe_links(files, Path(config.docs_dir))
        context: list[Path] = []
        if self.quarter is not None:
            self.quarters = published_quarters(files)
            context = context_plans(files, self.quarter, self.quarters)
            files = only_quarter(files, self.quarter)
            give_neutral_addresses(files, config)
        pages = [Path(f.abs_src_path) for f in files.documentation_pages() if f.abs_src_path]
        self.workspace = load_workspace(pages)
        report(self.workspace)
        contexts = load_workspace(context).files
        settings = render_settings(config, self.config)
        loaded_by_uri = loaded_pages(self.workspace, files)

        def make() -> PlanSite:
            site = plan_site(loaded_by_uri, config, settings)
            for loaded in contexts:
                site.add_context(loaded)
            return site

        version = [str(self.quarter), ",".join(map(str, self.quarters))]
        self.memo = memo_place(loaded_by_uri, contexts, config, settings, version)
        record = load_record(*self.memo) if self.memo else None
        self.site = RememberedSite(record, make)
        add_generated(files, self.site, config, neutral=self.quarter is not None)
        return files

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.memo is not None and self.site is not None and self.site.changed:
            store_record(*self.memo, self.site.record)

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if self.quarter is not None:
            markdown = rewrite_cross_version_links(
                markdown, page.file.src_uri, page.url, self.quarter, self.quarters
            )
        title = self.site.title(page.file.src_uri) if self.site else None
        if title is not None:
            page.meta["title"] = title
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if self.site is None or not self.site.has_sections(page.file.src_uri):
            return html
        try:
            sections = self.site.sections(page.file.src_uri, linker(files, page))
        except RenderError as error:
            raise PluginError(f"planpub: {error}") from error
        known = SECTION_NAMES if page.file.src_uri in self.site.plans else tuple(sections)
        placement = place_sections(html, sections, known)
        report_markers(page.file.src_uri, placement)
        add_to_toc(page, placement)
        return placement.html


def refuse_unsafe_links(files: Files, docs_dir: Path) -> None:
    """No file of the docs may be a link out of them, or a device: the build would publish it."""
    problems = [
        f"{display_path(Path(f.abs_src_path))}:1:1: error[PP126] this file {reason}"
        for f in files
        if f.abs_src_path
        and f.src_dir
        and Path(f.src_dir) == docs_dir
        and (reason := unsafe_link(Path(f.abs_src_path), docs_dir))
    ]
    if problems:
        raise PluginError("planpub: files the site must not publish\n" + "\n".join(problems))


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


def context_plans(files: Files, quarter: Period, quarters: list[Period]) -> list[Path]:
    """Pages of the quarters a version reads for its year page (not published in it)."""
    wanted = set(context_periods(quarter, quarters))
    return [
        Path(f.abs_src_path)
        for f in files.documentation_pages()
        if f.abs_src_path and folder_period(f.src_uri) in wanted
    ]


def report(workspace: Workspace) -> None:
    """Warnings go to the plugin logger (so --strict fails); errors stop the build."""
    for warning in workspace.warnings:
        log.warning(format_text(warning))
    if workspace.errors:
        listing = "\n".join(format_text(d) for d in workspace.errors)
        raise PluginError(f"planpub: {len(workspace.errors)} error(s) in plans\n{listing}")


def check_defaults(config: PlanpubConfig) -> None:
    """The site's default locale and currency must be known to CLDR and ISO 4217."""
    for option, problem in (
        ("locale", locale_problem(config.locale)),
        ("currency", currency_problem(config.currency)),
    ):
        if problem is not None:
            message, hint = problem
            raise PluginError(f"planpub: option '{option}': {message} ({hint})")


def render_settings(config: MkDocsConfig, options: PlanpubConfig) -> Settings:
    """The plugin's options and the build's environment, as the rendering reads them."""
    return Settings(
        locale=options.locale,
        currency=options.currency,
        rounding=cast(Rounding, options.rounding),  # a Choice of the Rounding words
        sections=tuple(options.sections),
        calendar_feed=options.calendar_feed,
        overview_pages=options.overview_pages,
        source_date_epoch=os.environ.get("SOURCE_DATE_EPOCH"),
        domain=urlsplit(config.site_url or "").hostname or "planpub",
    )


def loaded_pages(workspace: Workspace, files: Files) -> dict[str, LoadedFile]:
    """The loaded file of each page of the build, by its src_uri."""
    loaded = {f.path: f for f in workspace.files}
    return {
        file.src_uri: found
        for file in files.documentation_pages()
        if file.abs_src_path and (found := loaded.get(display_path(Path(file.abs_src_path))))
    }


def plan_site(pages: dict[str, LoadedFile], config: MkDocsConfig, settings: Settings) -> PlanSite:
    """Every plan page of the build, derived once, ready to render."""
    site = PlanSite(shared_templates(config.theme.dirs), settings)
    for src_uri, loaded in pages.items():
        site.add(src_uri, loaded)
    return site


def memo_place(
    pages: dict[str, LoadedFile],
    contexts: list[LoadedFile],
    config: MkDocsConfig,
    settings: Settings,
    version: list[str],
) -> tuple[Path, str] | None:
    """Where the record of this build's plan pages is stored: under `planpub build`'s cache
    folder, named by everything they are rendered from (render/memo.py)."""
    folder = os.environ.get(CACHE_ENV)
    if not folder:
        return None
    plans = [(uri, f.text) for uri, f in pages.items() if f.period is not None]
    plans += [(f"context:{f.path}", f.text) for f in contexts if f.period is not None]
    key = render_key(settings, plans, list(config.theme.dirs), version)
    return Path(folder, FOLDER), key


def add_generated(
    files: Files, site: RememberedSite, config: MkDocsConfig, *, neutral: bool
) -> None:
    """The feeds and generated pages, in memory: nothing is written into docs_dir.

    In a quarter's version they get the same neutral addresses as the pages next to them.
    """
    for src_uri, content in site.generated_files():
        if files.get_file_from_path(src_uri) is not None:
            log.info(f"{src_uri} exists in the docs, so planpub does not generate it")
            site.forget(src_uri)
            continue
        file = File.generated(config, src_uri, content=content)
        if neutral and neutral_uri(src_uri) != src_uri:
            twin = File(neutral_uri(src_uri), None, config.site_dir, config.use_directory_urls)
            file.dest_uri, file.url = twin.dest_uri, twin.url
        files.append(file)


def linker(files: Files, page: Page) -> Callable[[str], str | None]:
    """A page's URL as seen from `page`, by its src_uri; None for a page not in this build."""

    def link(src_uri: str) -> str | None:
        target = files.get_file_from_path(src_uri)
        return None if target is None else target.url_relative_to(page.file)

    return link


def report_markers(src_uri: str, placement: Placement) -> None:
    for name in placement.unknown:
        known = ", ".join(SECTION_NAMES)
        log.warning(f"{src_uri}: unknown section marker 'planpub:{name}' (sections: {known})")
    for name in placement.repeated:
        log.warning(f"{src_uri}: section '{name}' is marked more than once; shown at the first")


def add_to_toc(page: Page, placement: Placement) -> None:
    """The placed sections' headings in the page's table of contents, in page order."""
    added = [AnchorLink(title, anchor, 2) for s in placement.placed for anchor, title in s.headings]
    if not added:
        return
    ordered = in_page_order([*flatten(page.toc), *added], placement.html)
    page.toc.items = nest(ordered)
    if page.present_anchor_ids is not None:
        page.present_anchor_ids.update(link.id for link in added)


def flatten(links: Iterable[AnchorLink]) -> Iterator[AnchorLink]:
    for link in links:
        yield link
        yield from flatten(link.children)


def in_page_order(links: list[AnchorLink], html: str) -> list[AnchorLink]:
    """Links sorted by where their heading is; one not found stays after the one before it."""
    keyed, last = [], -1
    for index, link in enumerate(links):
        found = html.find(f'id="{link.id}"')
        last = found if found >= 0 else last
        keyed.append((last, index, link))
    return [link for _, _, link in sorted(keyed, key=lambda item: (item[0], item[1]))]


def nest(links: list[AnchorLink]) -> list[AnchorLink]:
    """Links nested by heading level: an h2 under the h1 before it, and so on."""
    roots: list[AnchorLink] = []
    stack: list[AnchorLink] = []
    for link in links:
        link.children = []
        while stack and stack[-1].level >= link.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(link)
        stack.append(link)
    return roots
