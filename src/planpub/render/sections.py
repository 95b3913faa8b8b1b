"""The sections of a plan page (PLAN-FORMAT section 5) and where they go in the page.

Each section has a view (its numbers formatted for the plan's locale) and a template
`planpub/<name>.html`. A section without data has no view and is left out. Sections go where the
page's body has a marker line `<!-- planpub:NAME -->`; a body without markers gets every section
after it, in the order of `SECTION_NAMES`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planpub.render.context import PlanContext
    from planpub.render.environment import Templates

SECTION_NAMES = ("funnel", "programs", "calendar", "kpis", "budget", "swot", "workflows", "review")
MARKER = re.compile(r"^[ \t]*(?:<p>)?<!-- planpub:([A-Za-z0-9_-]+) -->(?:</p>)?[ \t]*$", re.M)
HEADING = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)(?:<a class="headerlink"[^>]*>.*?</a>)?</h2>')

View = Callable[["PlanContext", str | None], object | None]

# Each section's view function, by module and name. The view modules are imported when a section
# is rendered first: a build that replays its render record (render/memo.py) needs none of them.
VIEWS = {
    "funnel": ("funnel_view", "funnel_view"),
    "programs": ("programs_view", "programs_view"),
    "calendar": ("calendar_view", "calendar_view"),
    "kpis": ("kpis_view", "kpis_view"),
    "budget": ("budget_view", "budget_view"),
    "swot": ("notes_view", "swot_view"),
    "workflows": ("budget_view", "workflows_view"),
    "review": ("notes_view", "review_view"),
}
TAKES_FEED = {"calendar"}  # views that also take the calendar feed's URL


def section_view(name: str, ctx: PlanContext, feed_url: str | None) -> object | None:
    """The view of one section (None: the plan has no data for it)."""
    module, function = VIEWS[name]
    view: Callable[..., object | None] = getattr(
        import_module(f"planpub.render.{module}"), function
    )
    return view(ctx, feed_url) if name in TAKES_FEED else view(ctx)


@dataclass(eq=False)
class Section:
    name: str
    html: str

    @property
    def headings(self) -> list[tuple[str, str]]:
        """(id, title) of the section's h2 headings, for the page's table of contents."""
        return [(m[1], re.sub(r"<[^>]+>", "", m[2]).strip()) for m in HEADING.finditer(self.html)]


def render_sections(
    templates: Templates, ctx: PlanContext, names: Sequence[str], feed_url: str | None
) -> dict[str, Section]:
    """The plan's sections that have data, among `names`, in `SECTION_NAMES` order."""
    sections = {}
    for name in SECTION_NAMES:
        view = section_view(name, ctx, feed_url) if name in names else None
        if view is not None:
            html = templates.render(f"planpub/{name}.html", section_context(ctx, name, view))
            sections[name] = Section(name, html)
    return sections


def section_context(ctx: PlanContext, name: str, view: object) -> dict[str, object]:
    return {
        "section": {"name": name, "anchor": f"planpub-{name}", "title": ctx.t[f"section_{name}"]},
        "view": view,
        "plan": ctx.plan,
        "derived": ctx.derived,
        "fmt": ctx.fmt,
        "t": ctx.t,
    }


@dataclass(eq=False)
class Placement:
    html: str
    placed: tuple[Section, ...]  # in page order
    unknown: tuple[str, ...]  # marker names that are no section
    repeated: tuple[str, ...]  # sections marked more than once (placed at the first marker)


def place_sections(
    html: str, sections: Mapping[str, Section], known: Collection[str] = SECTION_NAMES
) -> Placement:
    """Sections at their markers, or after the body when it has none.

    A marker of a `known` section without data (or not shown) is dropped, as is a marker of an
    unknown name (reported in `unknown`).
    """
    if not MARKER.search(html):
        everything = tuple(sections.values())
        return Placement(html + "\n" + "\n".join(s.html for s in everything), everything, (), ())
    placed: list[Section] = []
    unknown: list[str] = []
    repeated: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match[1]
        if name not in known:
            unknown.append(name)
            return ""
        section = sections.get(name)
        if section is None:
            return ""
        if section in placed:
            repeated.append(name)
            return ""
        placed.append(section)
        return section.html

    result = MARKER.sub(replace, html)
    return Placement(result, tuple(placed), tuple(unknown), tuple(repeated))
