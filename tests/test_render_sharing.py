"""What the quarters' versions built in one process share: templates, plan contexts, sections.

The annual plan is a page of every quarter's version of its year; a worker that builds those
versions derives and renders it once. Anything that changes what it renders to gives a new one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PLANS

from planpub.loader import load_file
from planpub.render import TEMPLATES_DIR, Settings, shared_templates
from planpub.render import site as render_site
from planpub.render.site import PlanSite

SETTINGS = Settings(source_date_epoch="1767225600")
ANNUAL, QUARTERS = "2026/index.md", ["2026-Q1/index.md", "2026-Q2/index.md"]


def version(quarter: str, dirs: list[Path], settings: Settings = SETTINGS) -> PlanSite:
    """The plan pages of one quarter's version: its plan and its year's annual plan."""
    site = PlanSite(shared_templates(dirs), settings)
    for uri in (ANNUAL, quarter):
        site.add(uri, load_file(PLANS / uri))
    return site


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The plan pages whose sections were rendered, in order."""
    calls: list[str] = []
    real = render_site.render_sections

    def counted(templates, ctx, names, feed_url):  # type: ignore[no-untyped-def]
        calls.append(str(ctx.plan.period))
        return real(templates, ctx, names, feed_url)

    monkeypatch.setattr(render_site, "render_sections", counted)
    monkeypatch.setattr(render_site, "_sections", {})
    monkeypatch.setattr(render_site, "_contexts", {})
    return calls


def link(uri: str) -> str:
    return f"/{uri.removesuffix('.md')}/"


def test_two_versions_share_the_annual_plan(renders: list[str]) -> None:
    first, second = (version(q, [TEMPLATES_DIR]) for q in QUARTERS)
    assert first.templates is second.templates
    assert first.plans[ANNUAL].ctx is second.plans[ANNUAL].ctx  # derived once
    one, two = first.sections(ANNUAL, link), second.sections(ANNUAL, link)
    assert renders == ["2026"]
    assert [(s.name, s.html) for s in one.values()] == [(s.name, s.html) for s in two.values()]
    assert "planpub-funnel" in one["funnel"].html
    second.sections(QUARTERS[1], link)
    assert renders == ["2026", "2026-Q2"]


def test_other_settings_or_feed_addresses_render_again(renders: list[str]) -> None:
    version(QUARTERS[0], [TEMPLATES_DIR]).sections(ANNUAL, link)
    german = Settings(source_date_epoch="1767225600", locale="de", currency="EUR")
    version(QUARTERS[0], [TEMPLATES_DIR], german).sections(ANNUAL, link)
    version(QUARTERS[0], [TEMPLATES_DIR]).sections(ANNUAL, lambda uri: f"/v2/{uri}")
    assert renders == ["2026", "2026", "2026"]


def test_an_added_or_edited_override_template_is_used(renders: list[str], tmp_path: Path):
    overrides = tmp_path / "overrides"
    dirs = [overrides, TEMPLATES_DIR]
    before = version(QUARTERS[0], dirs).sections(ANNUAL, link)["funnel"].html
    (overrides / "planpub").mkdir(parents=True)
    funnel = overrides / "planpub" / "funnel.html"
    funnel.write_text("<p>our own funnel</p>\n", encoding="utf-8")
    added = version(QUARTERS[0], dirs).sections(ANNUAL, link)["funnel"].html
    funnel.write_text("<p>our own funnel, edited</p>\n", encoding="utf-8")
    edited = version(QUARTERS[0], dirs).sections(ANNUAL, link)["funnel"].html
    assert "planpub-funnel" in before
    assert (added, edited) == ("<p>our own funnel</p>", "<p>our own funnel, edited</p>")
