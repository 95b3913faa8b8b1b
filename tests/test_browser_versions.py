"""The versioned site in headless Chromium: version selector, outdated banner, and back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from chromium import browser_page, serve_folder
from test_site_versions import make_project, planpub_build

pytestmark = [pytest.mark.browser, pytest.mark.site]


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = make_project(tmp_path_factory.mktemp("browser-versions"))
    result = planpub_build(project)
    assert result.returncode == 0, result.stderr
    with serve_folder(project / "site") as url:
        yield url


def test_switching_quarters_and_following_the_outdated_banner_back(site_url: str) -> None:
    with browser_page() as (page, problems):
        page.goto(site_url)
        page.wait_for_url("**/latest/")
        page.goto(f"{site_url}latest/roadmap/")
        current = page.locator(".md-version__current")
        current.wait_for(state="visible")
        assert current.inner_text().strip() == "Q2 2026"
        assert page.locator("[data-md-component=outdated]").is_hidden()

        page.locator(".md-version").hover()
        page.locator(".md-version__link", has_text="Q1 2026").click()
        page.wait_for_url("**/2026-Q1/roadmap/")  # the same page, in the older quarter
        banner = page.locator("[data-md-component=outdated]")
        banner.wait_for(state="visible")
        assert "past quarter" in banner.inner_text()

        banner.locator("a").click()
        page.wait_for_url("**/latest/roadmap/")
        assert page.locator(".md-version__current").inner_text().strip() == "Q2 2026"
    assert problems == [], problems


def test_the_selector_lists_every_quarter_newest_first(site_url: str) -> None:
    with browser_page() as (page, problems):
        page.goto(f"{site_url}2026-Q3/")
        page.locator(".md-version__current").wait_for(state="visible")
        titles = [t.strip() for t in page.locator(".md-version__link").all_inner_texts()]
        assert titles == ["Q3 2026 (draft)", "Q2 2026", "Q1 2026"]
    assert problems == [], problems
