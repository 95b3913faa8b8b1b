"""The record of a build's plan pages: what is replayed from it must be what the site renders."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import PLANS

from planpub.loader import load_text
from planpub.render import TEMPLATES_DIR, Settings, Templates
from planpub.render.memo import RememberedSite, load_record, render_key, store_record
from planpub.render.site import Link, PlanSite

EXAMPLES = ["2026/index.md", "2026-Q1/index.md", "2026-Q2/index.md", "2026-Q3/index.md"]
SETTINGS = Settings(source_date_epoch="1767225600", domain="plans.example.com")


def example_site() -> PlanSite:
    site = PlanSite(Templates([TEMPLATES_DIR]), SETTINGS)
    for uri in EXAMPLES:
        text = (PLANS / uri).read_text(encoding="utf-8")
        site.add(uri, load_text(text, f"plans/{uri}", folder=uri.split("/")[0]))
    return site


def link_to(prefix: str) -> Link:
    return lambda uri: f"{prefix}/{uri.removesuffix('.md')}/"


def rendered(site: PlanSite | RememberedSite, link: Link) -> dict[str, object]:
    """Everything the plugin asks of a site, in the order it asks."""
    generated = list(site.generated_files())
    pages = [uri for uri, _ in generated if uri.endswith(".md")] + EXAMPLES
    return {
        "generated": generated,
        "titles": {uri: site.title(uri) for uri in EXAMPLES},
        "plans": sorted(site.plans),
        "sections": {
            uri: [(s.name, s.html) for s in site.sections(uri, link).values()]
            for uri in pages
            if site.has_sections(uri)
        },
    }


def never() -> PlanSite:
    raise AssertionError("the record should have answered")


def test_a_record_replays_exactly_what_the_site_renders(tmp_path: Path) -> None:
    expected = rendered(example_site(), link_to(".."))
    recording = RememberedSite(None, example_site)
    assert rendered(recording, link_to("..")) == expected
    assert recording.changed
    store_record(tmp_path, "key", recording.record)
    record = load_record(tmp_path, "key")
    assert record is not None
    replayed = RememberedSite(record, never)
    assert rendered(replayed, link_to("..")) == expected
    assert not replayed.changed
    feed = dict(expected["generated"])["2026-Q1/2026-Q1.ics"]  # type: ignore[call-overload]
    assert isinstance(feed, bytes) and b"BEGIN:VCALENDAR" in feed
    assert expected["sections"]["2026-Q1/index.md"]  # type: ignore[index]


def test_a_section_whose_links_now_point_elsewhere_is_rendered_again(tmp_path: Path) -> None:
    recording = RememberedSite(None, example_site)
    rendered(recording, link_to(".."))
    made = []

    def make() -> PlanSite:
        made.append(1)
        return example_site()

    replayed = RememberedSite(recording.record, make)
    moved = rendered(replayed, link_to("../moved"))
    assert moved == rendered(example_site(), link_to("../moved"))
    assert made == [1] and replayed.changed
    assert "../moved/2026-Q1/2026-Q1.ics" in str(moved["sections"])


def test_a_forgotten_generated_page_has_no_sections_when_replayed() -> None:
    recording = RememberedSite(None, example_site)
    rendered(recording, link_to(".."))
    replayed = RememberedSite(recording.record, never)
    overview = next(uri for uri, _ in replayed.generated_files() if uri.endswith("overview.md"))
    assert replayed.has_sections(overview)
    replayed.forget(overview)
    assert not replayed.has_sections(overview)


@pytest.mark.parametrize(
    "damage",
    [
        "{broken",
        "[1, 2]",
        '{"titles": {}}',
        '{"titles": {}, "section_pages": [], '
        '"generated": [["a.ics", {"bytes": "!!"}]], "pages": {}}',
    ],
)
def test_a_damaged_record_is_no_record(tmp_path: Path, damage: str) -> None:
    (tmp_path / "key.json").write_text(damage, encoding="utf-8")
    assert load_record(tmp_path, "key") is None
    assert load_record(tmp_path, "missing") is None


def test_the_key_names_every_input(tmp_path: Path) -> None:
    plans = [(uri, (PLANS / uri).read_text(encoding="utf-8")) for uri in EXAMPLES]
    overrides = tmp_path / "overrides"
    (overrides / "planpub").mkdir(parents=True)
    template = overrides / "planpub" / "funnel.html"
    template.write_text("<p>funnel</p>", encoding="utf-8")

    def key(**changes: object) -> str:
        settings = Settings(**{**SETTINGS.__dict__, **changes})
        return render_key(settings, plans, [str(overrides)], ["2026-Q1", "2026-Q1,2026-Q2"])

    first = key()
    assert key() == first
    assert key(locale="pl") != first
    assert key(source_date_epoch="0") != first
    edited = plans[1][1].replace("5_000_000", "6_000_000")
    assert edited != plans[1][1]
    assert (
        render_key(
            SETTINGS,
            [plans[0], (plans[1][0], edited), *plans[2:]],
            [str(overrides)],
            ["2026-Q1", "2026-Q1,2026-Q2"],
        )
        != first
    )
    assert render_key(SETTINGS, plans, [str(overrides)], ["2026-Q2", "2026-Q1,2026-Q2"]) != first
    template.write_text("<p>another funnel</p>", encoding="utf-8")
    assert key() != first


def test_a_stored_record_is_json_a_reader_can_check(tmp_path: Path) -> None:
    recording = RememberedSite(None, example_site)
    rendered(recording, link_to(".."))
    store_record(tmp_path, "key", recording.record)
    data = json.loads((tmp_path / "key.json").read_text(encoding="utf-8"))
    assert set(data) == {"titles", "section_pages", "generated", "pages"}
    assert data["titles"]["2026-Q1/index.md"]


def test_old_records_are_removed_past_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("planpub.render.memo.MOST_RECORDS", 4)
    recording = RememberedSite(None, example_site)
    for number in range(4):
        store_record(tmp_path, f"key-{number}", recording.record)
        os.utime(tmp_path / f"key-{number}.json", (1_000_000 + number, 1_000_000 + number))
    store_record(tmp_path, "key-4", recording.record)
    assert sorted(p.name for p in tmp_path.glob("*.json")) == [
        "key-2.json",
        "key-3.json",
        "key-4.json",
    ]


def test_the_key_names_planpubs_own_templates_labels_and_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An edited label file (render/locales/*.json) changes what pages say: a new key."""
    plans = [(uri, (PLANS / uri).read_text(encoding="utf-8")) for uri in EXAMPLES]
    first = render_key(SETTINGS, plans, [str(TEMPLATES_DIR)], ["2026-Q1"])
    monkeypatch.setattr("planpub.render.memo.package_digest", lambda: "an edited label")
    assert render_key(SETTINGS, plans, [str(TEMPLATES_DIR)], ["2026-Q1"]) != first
