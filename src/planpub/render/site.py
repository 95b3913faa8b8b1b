"""All plans of one site build: their sections, the generated pages and the calendar feeds.

`PlanSite` is what the MkDocs plugin drives, and what a benchmark or a test can drive without
MkDocs: add every plan page once (it is derived once), then ask for the generated files and, page
by page, for the sections. Links between pages are made by the caller (`Link`), which knows how
the site lays out its URLs.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

from planpub.loader import LoadedFile
from planpub.model import Period, Plan, Rounding
from planpub.render.sections import SECTION_NAMES, Section, render_sections

if TYPE_CHECKING:
    from planpub.render.context import PlanContext
    from planpub.render.environment import Templates
    from planpub.render.labels import Labels

# Deriving and formatting plans, the generated pages, the feeds and the changes page import their
# modules when they are first made: a build that replays its render record (render/memo.py)
# makes none of them.

Link = Callable[[str], str | None]  # a page's src_uri -> its URL from the current page
PageKind = Literal["quarter", "year", "changes"]


@dataclass(eq=False)
class Settings:
    """The plugin's options, as planpub reads them."""

    locale: str = "en"
    currency: str = "USD"
    rounding: Rounding = "ceil"
    sections: tuple[str, ...] = SECTION_NAMES
    calendar_feed: bool = True
    overview_pages: bool = True
    source_date_epoch: str | None = None
    domain: str = "planpub"  # the UIDs' domain in the calendar feeds


@dataclass(eq=False)
class PlanPage:
    src_uri: str
    ctx: PlanContext
    feed_uri: str | None


@dataclass(eq=False)
class GeneratedPage:
    src_uri: str
    kind: PageKind
    title: str
    period: Period


@dataclass
class PlanSite:
    templates: Templates
    settings: Settings = field(default_factory=Settings)
    plans: dict[str, PlanPage] = field(default_factory=dict)
    pages: dict[str, GeneratedPage] = field(default_factory=dict)
    context: list[PlanContext] = field(default_factory=list)  # read for year pages only

    def add(self, src_uri: str, loaded: LoadedFile) -> None:
        """A page of the site; plan pages are derived once, here."""
        ctx = self._context(loaded)
        if ctx is not None:
            period = ctx.plan.period
            feed = beside(src_uri, period, ".ics") if self.settings.calendar_feed else None
            self.plans[src_uri] = PlanPage(src_uri, ctx, feed)

    def add_context(self, loaded: LoadedFile) -> None:
        """A plan of another version that this one's year page includes (with no link)."""
        ctx = self._context(loaded)
        if ctx is not None:
            self.context.append(ctx)

    def _context(self, loaded: LoadedFile) -> PlanContext | None:
        if loaded.plan is None or loaded.has_errors:
            return None
        settings = (self.settings.rounding, self.settings.locale, self.settings.currency)
        known = _contexts.get(id(loaded))
        if known is not None and known[0] is loaded and known[1] == settings:
            return known[2]
        plan = with_rounding(loaded.plan, loaded.document.data, self.settings.rounding)
        locale = plan.locale or self.settings.locale
        ctx = plan_context(plan, locale, plan.currency or self.settings.currency)
        if len(_contexts) >= 512:
            _contexts.clear()
        _contexts[id(loaded)] = (loaded, settings, ctx)
        return ctx

    def generated_files(self) -> Iterator[tuple[str, str | bytes]]:
        """(src_uri, content) of the feeds and generated pages, in a stable order."""
        for page in sorted(self.plans.values(), key=lambda p: p.ctx.plan.period):
            if page.feed_uri:
                yield page.feed_uri, self.feed(page)
        self.list_pages()
        for generated in list(self.pages.values()):
            if generated.kind == "changes":
                yield generated.src_uri, self._changes(generated.period)
                continue
            yield (
                generated.src_uri,
                f"# {generated.title}\n\n<!-- planpub:{generated.kind} -->\n",
            )

    def forget(self, src_uri: str) -> None:
        """Do not render a generated page after all (the docs have a file of that name)."""
        self.pages.pop(src_uri, None)

    def has_sections(self, src_uri: str) -> bool:
        generated = self.pages.get(src_uri)
        return src_uri in self.plans or (generated is not None and generated.kind != "changes")

    def title(self, src_uri: str) -> str | None:
        """A plan page's title as HTML text: its own title escaped, or the localized default."""
        page = self.plans.get(src_uri)
        return None if page is None else html.escape(page.ctx.title)

    def sections(self, src_uri: str, link: Link) -> dict[str, Section]:
        """The sections of a plan page or a generated page (empty for other pages)."""
        if src_uri in self.plans:
            page = self.plans[src_uri]
            feed_url = link(page.feed_uri) if page.feed_uri else None
            return plan_sections(self.templates, page.ctx, self.settings.sections, feed_url)
        generated = self.pages.get(src_uri)
        if generated is None or generated.kind == "changes":  # plain Markdown, no sections
            return {}
        html_text = self._render_page(generated, link)
        return {generated.kind: Section(generated.kind, html_text)}

    def feed(self, page: PlanPage) -> bytes:
        from planpub.ics import FeedEntry, calendar_feed, feed_stamp
        from planpub.render.calendar_view import entry_title

        ctx = page.ctx
        summaries: dict[str, str] = {r.kind: r.summary for r in ctx.derived.reviews}
        entries = [
            FeedEntry(
                kind=event.kind,
                ref=event.ref,
                start=event.start,
                end=event.end,
                title=entry_title(ctx, event),
                description=summaries.get(event.ref, "") if event.kind == "review" else "",
            )
            for event in ctx.derived.calendar
        ]
        stamp = feed_stamp(self.settings.source_date_epoch, ctx.plan.period.start)
        period = str(ctx.plan.period)
        return calendar_feed(ctx.title, period, entries, stamp=stamp, domain=self.settings.domain)

    def list_pages(self) -> None:
        """The generated pages of the plans added so far, unless the settings turn them off."""
        self.pages.clear()
        if not self.settings.overview_pages:
            return
        by_period = {page.ctx.plan.period: page for page in self.plans.values()}
        for period, page in sorted(by_period.items()):
            if period.is_quarter:
                uri = beside(page.src_uri, period, "-overview.md", plain="overview.md")
                title = page.ctx.t["title_overview"].format(period=page.ctx.period_name)
                self.pages[uri] = GeneratedPage(uri, "quarter", title, period)
                if self._known(period.previous()) is not None:  # a first quarter has none
                    uri = beside(page.src_uri, period, "-changes.md", plain="changes.md")
                    title = page.ctx.t["changes_title"].format(previous=period.previous())
                    self.pages[uri] = GeneratedPage(uri, "changes", title, period)
        for year in sorted({p.year for p in by_period}):
            annual = by_period.get(Period(year))
            folder = posixpath.dirname(annual.src_uri) if annual else str(year)
            uri = posixpath.join(folder, "quarters.md")
            labels = annual.ctx.t if annual else labels_of(self.settings.locale)
            self.pages[uri] = GeneratedPage(
                uri, "year", labels["title_rollup"].format(year=year), Period(year)
            )

    def _render_page(self, generated: GeneratedPage, link: Link) -> str:
        from planpub.render.pages_view import quarter_view, year_view
        from planpub.rollup import rollup

        if generated.kind == "quarter":
            page = self._page_of(generated.period)
            feed_url = link(page.feed_uri) if page.feed_uri else None
            view: object = quarter_view(page.ctx, link(page.src_uri), feed_url)
            labels, fmt = page.ctx.t, page.ctx.fmt
        else:
            annual, quarters = self._year(generated.period.year)
            plan_link = self._plan_link(link)
            view = year_view(
                annual, quarters, rollup(annual.plan, [q.plan for q in quarters]), plan_link
            )
            labels, fmt = annual.t, annual.fmt
        context = {"view": view, "t": labels, "fmt": fmt}
        return self.templates.render(f"planpub/{generated.kind}.html", context)

    def _changes(self, period: Period) -> str:
        """The "Changes since <previous quarter>" page: `planpub diff`, in the quarter's locale."""
        from planpub.diff_markdown import changes_page_markdown
        from planpub.render.formatting import ChangeFormats

        current = self._page_of(period).ctx
        previous = self._known(period.previous())
        labels = {
            key.removeprefix("changes_"): text
            for key, text in current.t.items()
            if key.startswith("changes_")
        }
        before = previous.plan if previous is not None else None
        formats = ChangeFormats(current.fmt, current.t["percentage_points"])
        return changes_page_markdown(before, current.plan, labels=labels, formats=formats)

    def _known(self, period: Period) -> PlanContext | None:
        """A plan of this build or of its context, by period."""
        every = [p.ctx for p in self.plans.values()] + self.context
        return next((ctx for ctx in every if ctx.plan.period == period), None)

    def _page_of(self, period: Period) -> PlanPage:
        return next(p for p in self.plans.values() if p.ctx.plan.period == period)

    def _year(self, year: int) -> tuple[PlanContext, list[PlanContext]]:
        own = [p.ctx for p in self.plans.values()]
        known = {ctx.plan.period for ctx in own}
        every = own + [ctx for ctx in self.context if ctx.plan.period not in known]
        plans = sorted(
            (c for c in every if c.plan.period.year == year), key=lambda c: c.plan.period
        )
        quarters = [ctx for ctx in plans if ctx.plan.period.is_quarter]
        annual = next((ctx for ctx in plans if not ctx.plan.period.is_quarter), None)
        return annual or self._blank_year(year), quarters

    def _blank_year(self, year: int) -> PlanContext:
        plan = Plan(source="", period=Period(year))
        return plan_context(plan, self.settings.locale, self.settings.currency)

    def _plan_link(self, link: Link) -> Callable[[Plan], str | None]:
        uris = {page.ctx.plan.period: uri for uri, page in self.plans.items()}
        return lambda plan: link(uris[plan.period]) if plan.period in uris else None


def beside(src_uri: str, period: Period, suffix: str, plain: str | None = None) -> str:
    """A generated file next to a plan page: `2026-Q1/2026-Q1.ics`, `2026-Q1/overview.md`.

    In a folder named after the period, `plain` (when given) is name enough.
    """
    folder = posixpath.dirname(src_uri)
    if plain and posixpath.basename(folder) == str(period):
        return posixpath.join(folder, plain)
    return posixpath.join(folder, f"{period}{suffix}")


def with_rounding(plan: Plan, data: object, rounding: Rounding) -> Plan:
    """The plan, with the site's rounding where its front matter `data` states none."""
    stated = (
        isinstance(data, dict)
        and isinstance(data.get("funnel"), dict)
        and "rounding" in data["funnel"]
    )
    if plan.funnel is None or stated:
        return plan
    return replace(plan, funnel=replace(plan.funnel, rounding=rounding))


# The contexts of the plans loaded in this process, by loaded file: a file that did not change
# is loaded once per process (loader.py), so the quarters a worker builds derive each plan once
# however many of their versions show it. The file is kept with its context: ids are reused.
_contexts: dict[int, tuple[LoadedFile, tuple[str, str, str], PlanContext]] = {}


def plan_context(plan: Plan, locale: str, currency: str) -> PlanContext:
    """The plan with what follows from it, formatted for its locale and currency."""
    from planpub.derive import derive
    from planpub.render.context import PlanContext
    from planpub.render.formatting import Formatter
    from planpub.render.labels import labels_for

    fmt = Formatter.of(locale, currency)
    return PlanContext(plan, derive(plan), fmt, labels_for(fmt.locale))


def labels_of(locale: str) -> Labels:
    """The labels of a locale (its language's, or English)."""
    from planpub.render.formatting import Formatter
    from planpub.render.labels import labels_for

    return labels_for(Formatter.of(locale, "USD").locale)


SectionsKey = tuple["Templates", "PlanContext", tuple[str, ...], str | None]
_sections: dict[SectionsKey, dict[str, Section]] = {}


def plan_sections(
    templates: Templates, ctx: PlanContext, names: tuple[str, ...], feed_url: str | None
) -> dict[str, Section]:
    """The sections of a plan page, rendered once per process for the same templates, plan
    context (shared through `plan_context`), sections and feed: the annual plan is a page of
    every quarter's version of its year."""
    key = (templates, ctx, names, feed_url)
    if key not in _sections:
        if len(_sections) >= 256:
            _sections.clear()
        _sections[key] = render_sections(templates, ctx, names, feed_url)
    return dict(_sections[key])
