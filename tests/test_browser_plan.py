"""The example's Q1 plan page in headless Chromium: tables and charts, light and dark, phone
width, print, and the numbers without JavaScript."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import (
    EPOCH,
    SCHEMES,
    build_site,
    copy_example,
    open_page,
    scheme,
    screenshot,
    served_site,
)

pytestmark = [pytest.mark.browser, pytest.mark.site]

SECTIONS = ("funnel", "programs", "calendar", "kpis", "budget", "swot", "workflows", "review")
CONTACTS = 5_000_000 // 500_000 * 10  # the seed: 10 deals at a 10% rate need 100 contacts
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = copy_example(tmp_path_factory.mktemp("browser-plan"))
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", EPOCH)
        site, warnings = build_site(project)
    assert warnings == []
    with served_site(site) as url:
        yield url + "2026-Q1/"


def funnel_need(page: object) -> str:
    cell = page.locator(".planpub-funnel tbody tr").first.locator("td").nth(1)  # type: ignore[attr-defined]
    return str(cell.inner_text()).strip()


def test_the_plan_page_shows_its_tables_and_charts(site_url: str) -> None:
    with open_page(site_url, **DESKTOP) as (page, problems):
        for name in SECTIONS:
            assert page.locator(f"div.planpub-{name}").is_visible(), name
        assert funnel_need(page) == str(CONTACTS)
        assert page.locator(".planpub table").count() >= 10
        charts = page.locator(".planpub svg[role=img]")
        assert charts.count() >= 6  # funnel, timeline, budget and one progress bar per KPI
        for chart_id in ("planpub-funnel-chart", "planpub-timeline-chart", "planpub-budget-chart"):
            box = page.locator(f"#{chart_id}").bounding_box()
            assert box is not None and box["width"] > 300 and box["height"] > 60, chart_id
            label = page.locator(f"#{chart_id}-title").text_content()
            assert label and label.strip()
        assert page.locator("a[href$='.ics']").first.is_visible()
    assert problems.errors == []
    assert problems.outside == []  # no CDN: every request stays on the local server


def test_light_and_dark_schemes_both_draw_the_charts(site_url: str) -> None:
    with open_page(site_url, **DESKTOP) as (page, problems):
        shots, text_colors = {}, {}
        for name in SCHEMES:
            scheme(page, name)
            shots[name] = screenshot(page, ".planpub-funnel")
            text_colors[name] = page.evaluate(
                "getComputedStyle(document.querySelector('#planpub-funnel-chart text')).fill"
            )
        for shot in shots.values():
            assert shot.startswith(b"\x89PNG") and len(shot) > 5_000
        assert shots["default"] != shots["slate"]
        assert text_colors["default"] != text_colors["slate"]  # dark text on light, and back
    assert problems.errors == []


def test_on_a_phone_tables_scroll_and_the_page_does_not(site_url: str) -> None:
    with open_page(site_url, **PHONE) as (page, problems):
        width = page.evaluate("window.innerWidth")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        programs = page.locator(".planpub-programs table").first
        scrolls = programs.evaluate(
            "t => { for (let e = t; e; e = e.parentElement) {"
            " if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')"
            " return true; } return false; }"
        )
        assert scrolls  # the wide calendar table scrolls inside its box
        box = page.locator("#planpub-funnel-chart").bounding_box()
        assert box is not None and box["width"] <= width  # charts shrink to fit
    assert problems.errors == []


def test_every_number_is_there_without_javascript(site_url: str) -> None:
    with open_page(site_url, java_script_enabled=False, **DESKTOP) as (page, _):
        assert funnel_need(page) == str(CONTACTS)
        assert page.locator("#planpub-timeline-chart").is_visible()
        assert page.locator(".planpub-kpis tbody tr").count() == 3


def test_print_keeps_the_charts_and_drops_the_feed_link(site_url: str) -> None:
    with open_page(site_url, **DESKTOP) as (page, problems):
        page.emulate_media(media="print")
        assert page.locator("#planpub-funnel-chart").is_visible()
        assert page.locator(".planpub-feed").is_hidden()
        assert funnel_need(page) == str(CONTACTS)
        pdf = page.pdf()
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    assert problems.errors == []


def test_the_generated_pages_render_without_errors(site_url: str) -> None:
    for path in ("overview/", "../2026/quarters/"):
        with open_page(site_url + path, **DESKTOP) as (page, problems):
            assert page.locator(".planpub svg[role=img]").count() >= 1
            assert page.locator(".planpub table").count() >= 2
        assert problems.errors == [], path


def test_screens_are_not_empty(site_url: str, tmp_path: Path) -> None:
    with open_page(site_url, **DESKTOP) as (page, _):
        for name in SCHEMES:
            scheme(page, name)
            path = tmp_path / f"q1-{name}.png"
            page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 50_000
