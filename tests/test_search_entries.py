"""The search entries of plan pages: charts and month grids are left out of the index, and
cutting them out before Material's parser reads the page gives the entries it would give."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from engine_helpers import seed_plan
from test_render_sections import sections
from test_site_versions import EPOCH, make_project

from planpub.search_reuse import searchable

SearchIndex = pytest.importorskip("material.plugins.search.plugin").SearchIndex


def entries(html: str) -> list[dict[str, Any]]:
    """What Material's search index makes of a page with this HTML."""
    index = SearchIndex(lang=["en"], separator=r"[\s\-]+", pipeline=[], fields={})
    page = SimpleNamespace(content=html, toc=[], url="roadmap/", title="Q1 roadmap", meta={})
    index.add_entry_from_context(page)
    return list(index.entries)


def seed_page() -> str:
    """The seed plan's page: a title, a paragraph, and every section planpub renders."""
    parts = [section.html for section in sections(seed_plan()).values()]
    return '<h1 id="q1-roadmap">Q1 roadmap</h1>\n<p>Webinars for leads.</p>\n' + "\n".join(parts)


def test_cutting_the_excluded_blocks_gives_the_same_entries() -> None:
    page = seed_page()
    cut = searchable(page)
    assert 'class="planpub-chart"' in page and 'class="planpub-month"' in page
    assert 'class="planpub-month"' not in cut and "<figure" not in cut
    assert len(cut) < len(page) * 0.8
    assert entries(cut) == entries(page)


def test_charts_and_month_grids_are_not_searched_but_the_agenda_is() -> None:
    found = entries(seed_page())
    calendar = next(entry for entry in found if entry["location"] == "roadmap/#planpub-calendar")
    assert "Timeline: " not in calendar["text"]  # the timeline chart's title
    assert "Webinar" in calendar["text"]  # the list of dates
    assert "February 2026" not in calendar["text"]  # a month grid's caption
    assert not any("MoTuWe" in entry["text"] for entry in found)  # a month grid's weekdays


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (  # a block with the same tag nested in it is left to Material, which stops
            # skipping at the first closing tag of that name
            '<p>a</p><figure class="planpub-figure" data-search-exclude><figure>x</figure>'
            "y</figure><p>b</p>",
            '<p>a</p><figure class="planpub-figure" data-search-exclude><figure>x</figure>'
            "y</figure><p>b</p>",
        ),
        (  # a block never closed is left in, and the blocks after it are cut
            '<p>a</p><figure class="planpub-figure" data-search-exclude><svg></svg><p>b</p>'
            '<table class="planpub-month" data-search-exclude><tr><td>1</td></tr></table>',
            '<p>a</p><figure class="planpub-figure" data-search-exclude><svg></svg><p>b</p>',
        ),
        (  # the writer's own excluded blocks are left to Material
            "<div data-search-exclude markdown><p>mine</p></div><p>b</p>",
            "<div data-search-exclude markdown><p>mine</p></div><p>b</p>",
        ),
        (  # two blocks, text between them kept
            '<figure class="planpub-figure" data-search-exclude>1</figure>mid'
            '<figure class="planpub-figure planpub-wide" data-search-exclude>2</figure>end',
            "midend",
        ),
        (  # a block of another tag inside a block cut out goes with it
            '<p>a</p><figure class="planpub-figure" data-search-exclude>'
            '<table class="planpub-month" data-search-exclude><tr><td>1</td></tr></table>'
            "caption</figure><p>b</p>",
            "<p>a</p><p>b</p>",
        ),
        ("", ""),
    ],
)
def test_what_is_cut_out(html: str, expected: str) -> None:
    assert searchable(html) == expected
    assert entries(searchable(html)) == entries(html)


KEEP_EVERYTHING = """
import sys
import planpub.search_reuse
planpub.search_reuse.searchable = lambda html: html
from planpub.cli import main
sys.exit(main(["build", "-d", "site"]))
"""


def build(project: Path, *code: str) -> dict[str, bytes]:
    """Every version's search index, built by `planpub build` (or by `code` in its place)."""
    command = [sys.executable, "-c", *code] if code else [sys.executable, "-m", "planpub"]
    done = subprocess.run(
        [*command, *([] if code else ["build", "-d", "site"])],
        cwd=project,
        env={"SOURCE_DATE_EPOCH": EPOCH, "CI": "true", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    found = sorted((project / "site").glob("20*/search/search_index.json"))
    assert len(found) == 3
    return {str(path.relative_to(project)): path.read_bytes() for path in found}


@pytest.mark.site
def test_the_example_site_gets_the_index_material_would_make(tmp_path: Path) -> None:
    cut = build(make_project(tmp_path / "cut"))
    whole = build(make_project(tmp_path / "whole"), KEEP_EVERYTHING)
    assert cut == whole
    docs = json.loads(cut["site/2026-Q1/search/search_index.json"])["docs"]
    text = " ".join(entry["text"] for entry in docs)
    assert "Timeline: " not in text and "Webinar" in text
