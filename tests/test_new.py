"""`planpub new`: the next quarter's draft from the last one, checked, diffed, never overwriting."""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from conftest import PLANS, ROOT

from planpub.cli.diff import page_text
from planpub.loader import load_file, load_text
from planpub.model import Period
from planpub.scaffold import front_matter, next_quarter_plan, percent_text, shift_date


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the example's plans without 2026-Q3, and its mkdocs.yml."""
    shutil.copytree(PLANS, tmp_path / "plans", ignore=shutil.ignore_patterns("2026-Q3"))
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def test_new_quarter_round_trip(planpub, site: Path) -> None:
    run = planpub(["new", "2026-Q3"], cwd=site)
    assert run.exit_code == 0, run.stderr
    assert run.stdout == "wrote plans/2026-Q3/index.md from plans/2026-Q2/index.md\n"
    assert planpub(["check"], cwd=site).exit_code == 0
    diff = planpub(["diff", "2026-Q2", "2026-Q3", "--format", "json"], cwd=site)
    changes = {(c["kind"], c["path"]): c for c in json.loads(diff.stdout)["plans"][0]["inputs"]}
    # the latest Q2 actuals become the Q3 baselines: 0.84% (May 15), 131 (Apr 30), 4,150 (May 15)
    baselines = {
        path: (c["old"], c["new"]) for (kind, path), c in changes.items() if "baseline" in path
    }
    assert baselines == {
        "kpis[session-to-contact].baseline": (0.0075, 0.0084),
        "kpis[mqls].baseline": (120, 131),
        "kpis[blog-subscribers].baseline": (4000, 4150),
    }
    assert ("removed", "kpis[mqls].actuals[2026-04-30]") in changes
    assert ("removed", "reviews[mid-quarter]") in changes
    assert ("changed", "status") in changes  # approved -> draft
    # dates move by a quarter: April 22 -> July 22; June 30, a month's last day -> September 30
    start = changes[("changed", "programs[webinars].schedule.start")]
    assert (start["old"], start["new"]) == ("2026-04-22", "2026-07-22")
    end = changes[("changed", "programs[webinars].schedule.end")]
    assert (end["old"], end["new"]) == ("2026-06-30", "2026-09-30")


def test_new_never_overwrites(planpub, site: Path) -> None:
    existing = site / "plans" / "2026-Q2" / "index.md"
    before = existing.read_bytes()
    run = planpub(["new", "2026-Q2", "--from", "2026-Q1"], cwd=site)
    assert run.exit_code == 2
    assert run.stderr == (
        "error: plans/2026-Q2/index.md already exists; planpub new never overwrites a plan\n"
    )
    assert existing.read_bytes() == before


def test_new_leaves_no_temporary_file(planpub, site: Path) -> None:
    assert planpub(["new", "2026-Q3"], cwd=site).exit_code == 0
    assert [p.name for p in (site / "plans" / "2026-Q3").iterdir()] == ["index.md"]


def test_new_from_an_explicit_plan_and_the_years_budget(planpub, site: Path) -> None:
    # Q4 from Q2: 100,000 + 150,000 + 150,000 = 400,000, the annual budget, still within it
    run = planpub(["new", "2026-Q4", "--from", "plans/2026-Q2"], cwd=site)
    assert run.exit_code == 0, run.stderr
    assert "from plans/2026-Q2/index.md" in run.stdout
    # Q3 next, from the latest earlier quarter (Q2): the year's quarters now exceed its budget;
    # the draft is written, and what planpub check now reports is shown, exit 1
    run = planpub(["new", "2026-Q3"], cwd=site)
    assert run.exit_code == 1
    assert "error[PP301]" in run.stderr
    assert (site / "plans" / "2026-Q3" / "index.md").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "2026"], "'2026' is not a quarter"),
        (["new", "2026-Q5"], "'2026-Q5' is not a quarter"),
        (["new", "2025-Q4"], "no quarter before 2025-Q4"),
        (["new", "2026-Q3", "--from", "2026"], "start from another quarter's plan, not 2026"),
        (["new", "2026-Q3", "--from", "2031-Q1"], "no plan at '2031-Q1'"),
    ],
    ids=["a-year", "no-such-quarter", "nothing-before", "from-annual", "from-missing"],
)
def test_new_usage_errors(planpub, site: Path, args: list[str], message: str) -> None:
    run = planpub(args, cwd=site)
    assert run.exit_code == 2
    assert run.stderr.startswith("error: ") and message in run.stderr
    assert not (site / "plans" / "2026-Q3").exists()


# -- the pure part -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "moved"),
    [
        (date(2026, 4, 22), 3, date(2026, 7, 22)),
        (date(2026, 6, 30), 3, date(2026, 9, 30)),  # a month's last day stays the last day
        (date(2026, 9, 30), 3, date(2026, 12, 31)),
        (date(2026, 1, 31), 3, date(2026, 4, 30)),
        (date(2026, 11, 29), 3, date(2027, 2, 28)),  # clamped to February
        (date(2026, 8, 15), -6, date(2026, 2, 15)),
    ],
    ids=str,
)
def test_shift_date(day: date, months: int, moved: date) -> None:
    assert shift_date(day, months) == moved


@pytest.mark.parametrize(
    ("rate", "text"),
    [(Fraction(1, 10), "10%"), (Fraction(1, 8), "12.5%"), (Fraction(3, 400), "0.75%")],
)
def test_percent_text(rate: Fraction, text: str) -> None:
    assert percent_text(rate) == text


@pytest.mark.parametrize("period", ["2026-Q1", "2026-Q2", "2026-Q3"])
def test_scaffolded_front_matter_reads_back_as_the_same_plan(period: str) -> None:
    previous = load_file(PLANS / period / "index.md").plan
    assert previous is not None
    target = Period.parse(period)
    assert target is not None
    draft = next_quarter_plan(previous, target.next(), source="draft.md")
    loaded = load_text(page_text(draft), "draft.md", folder=str(target.next()))
    assert not loaded.has_errors, [str(d) for d in loaded.diagnostics]
    assert loaded.plan is not None
    assert dataclasses.replace(loaded.plan, body="") == dataclasses.replace(draft, body="")


def test_front_matter_is_plain_data_in_the_formats_order() -> None:
    previous = load_file(PLANS / "2026-Q2" / "index.md").plan
    assert previous is not None
    data = front_matter(next_quarter_plan(previous, Period(2026, 3)))
    assert list(data)[:5] == ["period", "owner", "status", "currency", "locale"]
    assert data["status"] == "draft" and "reviews" not in data and "title" not in data
    assert data["funnel"]["stages"][0]["rate"] == "25%"
    assert yaml.safe_load(yaml.safe_dump(data)) == data  # nothing but plain values


def test_goal_date_after_the_quarter_moves_with_it() -> None:
    q1 = load_file(PLANS / "2026-Q1" / "index.md").plan
    assert q1 is not None and q1.goal is not None
    draft = next_quarter_plan(q1, Period(2026, 2))
    assert q1.goal.by == date(2026, 6, 1)
    assert draft.goal is not None and draft.goal.by == date(2026, 9, 1)
    assert draft.body.startswith("> **Draft for 2026-Q2**, started from 2026-Q1")
