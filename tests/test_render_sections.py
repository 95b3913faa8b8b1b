"""Plan sections without MkDocs: views of the seed plan, placement at markers, escaping, charts."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from fractions import Fraction

import pytest
from engine_helpers import SEED_GOAL, seed_plan, webinars

from planpub.derive import derive
from planpub.model import Plan, Swot
from planpub.render import TEMPLATES_DIR, Templates
from planpub.render.calendar_view import calendar_view
from planpub.render.context import PlanContext
from planpub.render.formatting import Formatter
from planpub.render.funnel_view import funnel_view
from planpub.render.labels import labels_for
from planpub.render.sections import SECTION_NAMES, Section, place_sections, render_sections

TEMPLATES = Templates([TEMPLATES_DIR])


def context(plan: Plan, locale: str = "en", currency: str = "USD") -> PlanContext:
    fmt = Formatter.of(locale, currency)
    return PlanContext(plan, derive(plan), fmt, labels_for(fmt.locale))


def sections(plan: Plan, names: tuple[str, ...] = SECTION_NAMES) -> dict[str, Section]:
    return render_sections(TEMPLATES, context(plan), names, feed_url="2026-Q1.ics")


# -- the seed plan's numbers -----------------------------------------------------------------


def test_funnel_view_of_the_seed() -> None:
    # $5,000,000 / $500,000 = 10 deals; 10 / 10% = 100 engaged contacts; webinars: 5 x 3 = 15
    view = funnel_view(context(seed_plan()))
    assert view is not None
    facts = {fact.label: fact.value for fact in view.facts}
    assert facts["New customers needed"] == "10"
    assert [(row.name, row.need, row.planned) for row in view.rows] == [
        ("Engaged contacts handed to Sales", "100", "15"),
        ("New customers", "10", "3"),
    ]
    assert view.rows[0].css == "planpub-short" and view.rows[0].gap == "85"
    # closing 85 engaged contacts with webinars of 5: 17 more at 50,000 / 15 per contact
    assert view.gap_notes[0].startswith("Engaged contacts handed to Sales is 85 short")
    assert "Webinars: 17 more ($283,333.33)" in view.gap_notes[0]


def test_calendar_grid_starts_weeks_on_the_locales_first_day() -> None:
    view = calendar_view(context(seed_plan()), None)
    assert view is not None
    assert [month.title for month in view.months] == ["January 2026", "February 2026", "March 2026"]
    first_week = view.months[0].weeks[0]
    # January 1 2026 is a Thursday; en weeks start on Monday: three blank days first
    assert [cell.day if cell else None for cell in first_week] == [None, None, None, 1, 2, 3, 4]
    january = [cell for week in view.months[0].weeks for cell in week if cell]
    webinar_day = next(cell for cell in january if cell.day == 20)
    assert [entry.title for entry in webinar_day.entries] == ["Webinars"]
    # promoted for 14 days before Jan 20: Jan 6 to Jan 19
    promoted = [cell.day for cell in january if cell.promoted]
    assert promoted == list(range(6, 20))


def test_an_annual_plan_shows_only_the_months_with_something_on_them() -> None:
    annual = seed_plan(period=replace(seed_plan().period, quarter=None), programs=(), reviews=())
    view = calendar_view(context(annual), None)
    assert view is not None
    # the default reviews: mid-year on July 1 (midpoint) and final on December 17
    assert [month.title for month in view.months] == ["July 2026", "December 2026"]


def test_sections_with_data_in_plan_format_order() -> None:
    rendered = sections(seed_plan())
    # the seed has no kpis, no swot and no reviews of its own
    assert list(rendered) == ["funnel", "programs", "calendar", "budget", "workflows"]
    assert list(sections(seed_plan(), ("workflows", "funnel"))) == ["funnel", "workflows"]


def test_every_section_has_a_heading_for_the_table_of_contents() -> None:
    for name, found in sections(seed_plan()).items():
        assert found.headings[0][0] == f"planpub-{name}"


def test_calendar_links_the_feed() -> None:
    assert 'href="2026-Q1.ics"' in sections(seed_plan())["calendar"].html


# -- placement -------------------------------------------------------------------------------

BODY = '<p>Intro</p>\n<!-- planpub:budget -->\n<h2 id="more">More</h2>\n<!-- planpub:funnel -->\n'


def placed(html: str) -> list[str]:
    return re.findall(r'class="planpub planpub-(\w+)"', html)


def test_sections_go_to_their_markers() -> None:
    result = place_sections(BODY, sections(seed_plan()))
    assert placed(result.html) == ["budget", "funnel"]
    assert (
        result.html.index("Intro")
        < result.html.index("planpub-budget")
        < result.html.index('id="more"')
    )
    assert [s.name for s in result.placed] == ["budget", "funnel"]


def test_without_markers_every_section_follows_the_body() -> None:
    result = place_sections("<p>Intro</p>", sections(seed_plan()))
    assert placed(result.html) == ["funnel", "programs", "calendar", "budget", "workflows"]
    assert result.html.startswith("<p>Intro</p>")


def test_markers_of_sections_without_data_disappear_and_unknown_ones_are_reported() -> None:
    body = "<!-- planpub:swot -->\n<!-- planpub:funels -->\n<!-- planpub:funnel -->\n"
    result = place_sections(body, sections(seed_plan()))
    assert placed(result.html) == ["funnel"]
    assert result.unknown == ("funels",)
    assert "<!--" not in result.html


def test_a_section_marked_twice_is_shown_once() -> None:
    body = "<!-- planpub:funnel -->\n<p>x</p>\n<!-- planpub:funnel -->\n"
    result = place_sections(body, sections(seed_plan()))
    assert placed(result.html) == ["funnel"] and result.repeated == ("funnel",)


def test_a_marker_shown_as_code_is_left_alone() -> None:
    body = "<pre><code>&lt;!-- planpub:funnel --&gt;\n</code></pre>\n<!-- planpub:budget -->\n"
    result = place_sections(body, sections(seed_plan()))
    assert placed(result.html) == ["budget"]
    assert "&lt;!-- planpub:funnel --&gt;" in result.html


# -- escaping --------------------------------------------------------------------------------


def test_plan_strings_are_escaped_and_never_evaluated() -> None:
    program = replace(webinars(), name="{{ 7*7 }} <script>alert(1)</script>", owner="<b>Ana</b>")
    goal = replace(SEED_GOAL, statement="{% for x in range(3) %}x{% endfor %}")
    swot = Swot(strengths=("<img src=x onerror=alert(2)>",))
    html = "".join(
        s.html for s in sections(seed_plan(programs=(program,), goal=goal, swot=swot)).values()
    )
    assert "{{ 7*7 }} &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Ana&lt;/b&gt;" in html
    assert "{% for x in range(3) %}x{% endfor %}" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<script>" not in html and "<img" not in html and "49" not in html


# -- charts ----------------------------------------------------------------------------------


def test_charts_are_accessible_svg_in_current_color() -> None:
    html = "".join(s.html for s in sections(seed_plan()).values())
    charts = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(charts) >= 3  # funnel, timeline, budget
    for chart in charts:
        chart_id = re.search(r'id="([^"]+)"', chart)
        assert chart_id is not None
        assert 'role="img"' in chart and 'fill="currentColor"' in chart
        assert f'<title id="{chart_id[1]}-title">' in chart
        assert f'<desc id="{chart_id[1]}-desc">' in chart


def test_funnel_bars_scale_with_the_need() -> None:
    html = sections(seed_plan())["funnel"].html
    widths = [
        float(w) for w in re.findall(r'<rect class="planpub-need"[^>]*width="([\d.]+)"', html)
    ]
    # 100 engaged contacts and 10 deals: the deals' bar is a tenth of the contacts' bar
    assert widths[1] == pytest.approx(widths[0] / 10, abs=0.2)


def test_every_template_names_its_context_first() -> None:
    for path in sorted((TEMPLATES_DIR / "planpub").glob("*.html")):
        assert path.read_text(encoding="utf-8").startswith("{#- Context:"), path.name


def test_kpi_progress_bar_shows_progress_and_the_expected_mark() -> None:
    from engine_helpers import kpi, percent

    from planpub.model import Actual

    # 0.75% -> 1%: an actual of 0.85% on Feb 14 is 40% of the way
    measured = kpi(actuals=(Actual(date(2026, 2, 14), percent("0.85")),))
    html = sections(seed_plan(kpis=(measured,)))["kpis"].html
    fill = re.search(r'<rect class="planpub-status-[a-z-]+"[^>]*width="([\d.]+)"', html)
    assert fill is not None and float(fill[1]) == pytest.approx(120 * 0.4, abs=0.1)
    assert Fraction(2, 5) == (percent("0.85") - percent("0.75")) / (percent("1") - percent("0.75"))
