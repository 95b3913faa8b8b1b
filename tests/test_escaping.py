"""Hostile text in every string of a plan is shown as text: in every section, table, chart,
generated page, calendar feed and diff. Nothing in a plan's front matter becomes markup or runs."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser_support import build_site, write_site
from icalendar import Calendar

pytestmark = pytest.mark.site

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "onerror": '<img src=x onerror="alert(2)">',
    "link": "[open](javascript:alert(3))",
    "markdown": "**bold** <b>html</b> `code`",
    "jinja": "{{ 7*7 }} {% if true %}yes{% endif %}",
}
EVIL = " ".join(PAYLOADS.values())


def q(text: str) -> str:
    """A YAML double-quoted string holding `text`."""
    return json.dumps(text)


def hostile_plan(period: str, *, budget: int, edition: str = "") -> str:
    e = q(EVIL + edition)
    return f"""---
period: {period}
title: {q("Roadmap " + EVIL)}
owner: {e}
goal: {{statement: {e}, revenue: 1000000, average_deal: 100000}}
funnel:
  stages:
    - {{id: engaged, name: {e}, rate: 10%}}
    - {{id: deals, name: {e}}}
focus_areas:
  - {{id: lead-gen, name: {e}, why: {e}, hypothesis: {e}}}
programs:
  - id: webinars
    name: {e}
    focus: lead-gen
    owner: {e}
    budget: {budget}
    schedule: {{cadence: monthly, start: {period[:4]}-{3 * int(period[-1]) - 2:02d}-10}}
    deadline: {period[:4]}-{3 * int(period[-1]) - 2:02d}-05
    deadline_note: {e}
    yields: {{engaged: 5, deals: 1}}
    assets: {{existing: {e}, needed: {e}}}
  - id: cta-test
    name: {e}
    kind: experiment
    hypothesis: {e}
    metric: mqls
    budget: 1000
kpis:
  - {{id: mqls, name: {e}, owner: {e}, baseline: 100, change: +25%}}
budget: {{total: 100000}}
reviews:
  - {{kind: mid-quarter, date: {period[:4]}-{3 * int(period[-1]) - 1:02d}-14, summary: {e}}}
workflows:
  - {{name: {e}, hours: 6, per_month: 4, hourly_cost: 60}}
swot: {{strengths: [{e}], weaknesses: [{e}], opportunities: [{e}], threats: [{e}]}}
---
Plain text of the page.
"""


class _Markup(HTMLParser):
    """The elements and attributes a browser would see in a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.script = ""
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))
        self.in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script:
            self.script += data


def assert_inert(page: str, where: str) -> None:
    """No payload became markup: no script, no handler, no javascript: link, no bold from
    plan text, no template evaluated."""
    markup = _Markup()
    markup.feed(page)
    assert "alert(" not in markup.script, where
    for tag, attrs in markup.tags:
        assert not any(name.startswith("on") for name in attrs), (where, tag, attrs)
        assert not attrs.get("href", "").strip().lower().startswith("javascript:"), where
        assert tag != "img" or attrs.get("src") != "x", where
    assert "<b>html</b>" not in page and "<strong>bold</strong>" not in page, where


def assert_shown(page: str, where: str) -> None:
    """The payloads reach the reader as the plan wrote them."""
    visible = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "{{ 7*7 }}" in visible, where  # shown as written, not evaluated to 49
    assert "<script>alert(1)</script>" in visible, where  # and shown, not dropped


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = write_site(
        tmp_path_factory.mktemp("hostile"),
        {
            "index.md": "# Plans\n",
            "2026-Q1/index.md": hostile_plan("2026-Q1", budget=18000),
            "2026-Q2/index.md": hostile_plan("2026-Q2", budget=20000, edition=" v2"),
        },
    )
    built, warnings = build_site(project, strict=False)
    assert not [w for w in warnings if "error" in w.lower()]
    return built


@pytest.mark.parametrize(
    "url", ["2026-Q1", "2026-Q2", "2026-Q1/overview", "2026-Q2/changes", "2026/quarters"]
)
def test_every_generated_page_shows_plan_text_as_text(site: Path, url: str) -> None:
    page = (site / url / "index.html").read_text(encoding="utf-8")
    content = page.split('<div class="md-content"', 1)[-1]
    assert_inert(content, url)
    assert_shown(content, url)


def test_every_section_of_the_plan_page_is_inert(site: Path) -> None:
    page = (site / "2026-Q1" / "index.html").read_text(encoding="utf-8")
    for name in ("funnel", "programs", "calendar", "kpis", "budget", "swot", "workflows", "review"):
        start = page.index(f'<div class="planpub planpub-{name}"')
        end = page.find('<div class="planpub planpub-', start + 1)
        assert_inert(page[start : end if end > 0 else len(page)], name)
    for svg in re.findall(r"<svg.*?</svg>", page, flags=re.S):
        assert_inert(svg, "chart")


def test_the_title_is_escaped_in_the_head_and_the_navigation(site: Path) -> None:
    page = (site / "2026-Q1" / "index.html").read_text(encoding="utf-8")
    head = page.split("</head>", 1)[0]
    assert "<script>alert(1)</script>" not in head
    assert_inert(page, "whole page")
    assert_shown(page, "whole page")


def test_the_calendar_feed_carries_the_text_verbatim(site: Path) -> None:
    feed = Calendar.from_ical((site / "2026-Q1" / "2026-Q1.ics").read_bytes())
    summaries = [str(event.get("SUMMARY")) for event in feed.walk("VEVENT")]
    assert summaries and any(PAYLOADS["script"] in summary for summary in summaries)


def test_diffs_show_the_text_as_text(planpub, tmp_path: Path) -> None:
    for period, budget in (("2026-Q1", 18000), ("2026-Q2", 20000)):
        folder = tmp_path / period
        folder.mkdir()
        (folder / "index.md").write_text(hostile_plan(period, budget=budget), encoding="utf-8")
    a, b = str(tmp_path / "2026-Q1"), str(tmp_path / "2026-Q2")
    markdown = planpub(["diff", a, b, "--format", "markdown"])
    assert markdown.exit_code == 1, markdown.stderr
    assert "<script>" not in markdown.stdout and not re.search(r"<img[^>]*onerror", markdown.stdout)
    assert "](javascript:" not in markdown.stdout
    data = json.loads(planpub(["diff", a, b, "--format", "json"]).stdout)
    assert data["version"] == 1
    text = planpub(["diff", a, b, "--format", "text"]).stdout
    assert "\x1b[" not in text  # no colour and no terminal escapes smuggled in
