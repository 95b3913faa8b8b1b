"""`planpub show`: the JSON document and the terminal summary of one plan."""

from __future__ import annotations

import ast
import json
import sys
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from engine_helpers import engaged_days, kpi, percent, seed_plan

from planpub.derive import derive, derived_to_json, findings, json_number, plan_to_json
from planpub.model import Actual, Goal, Period, Plan
from planpub.show import percent as percent_text
from planpub.show import render_show

ENGINE = ("funnel", "schedule", "money", "kpis", "rollup", "derive", "show")
SRC = Path(__file__).resolve().parent.parent / "src" / "planpub"

# 0.75% -> 1%, 0.85% on Feb 15: progress 2/5, expected 45/89 -> at-risk (see test_engine_kpis)
SEED_KPI = kpi(actuals=(Actual(date(2026, 2, 15), percent("0.85")),))


def shown_json(plan: Plan) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render_show(plan, "json"))
    return document


def test_json_document_of_the_seed_plan() -> None:
    document = shown_json(seed_plan(kpis=(SEED_KPI,)))
    assert list(document) == ["version", "period", "source", "inputs", "derived"]
    assert (document["version"], document["period"]) == (1, "2026-Q1")
    assert document["source"] == "plans/2026-Q1/index.md"
    derived = document["derived"]
    # $5M / $500k = 10 deals; 10 / 10% = 100 engaged, due 45 days before Jun 1 = Apr 17
    assert derived["funnel"]["deals"] == 10
    assert [(s["id"], s["need"], s["shown"], s["by"]) for s in derived["funnel"]["stages"]] == [
        ("engaged", 100, 100, "2026-04-17"),
        ("deals", 10, 10, "2026-06-01"),
    ]
    [webinars] = derived["programs"]
    assert webinars["occurrences"] == ["2026-01-20", "2026-02-20", "2026-03-20"]
    assert (webinars["expected"]["engaged"], webinars["expected"]["deals"]) == (15, 3)
    assert webinars["yields"]["engaged"] == 5
    # $50,000 / 3 deals
    assert webinars["cost_per"]["deals"] == pytest.approx(50_000 / 3)
    assert derived["coverage"]["engaged"] == {
        "stage": "engaged",
        "planned": 15,
        "need": 100,
        "ratio": 0.15,
        "gap": 85,
        "surplus": 0,
    }
    assert [(c["stage"], c["options"][0]["more"]) for c in derived["close_gap"]] == [
        ("engaged", 17),
        ("deals", 7),
    ]


def test_json_budget_kpis_and_workflows() -> None:
    derived = shown_json(seed_plan(kpis=(SEED_KPI,)))["derived"]
    budget = derived["budget"]
    # 100,000 - 50,000 = 50,000 left; (3 x 500,000 - 50,000) / 50,000 = 29
    assert (budget["total"], budget["allocated"], budget["remaining"]) == (100_000, 50_000, 50_000)
    assert budget["expected_return"] == 29
    assert budget["by_focus"] == [{"focus": "lead-gen", "allocated": 50_000}]
    [session] = derived["kpis"]
    assert (session["id"], session["status"]) == ("session-to-contact", "at-risk")
    assert session["progress"] == 0.4
    assert session["expected"] == pytest.approx(45 / 89)
    assert session["latest"] == {"date": "2026-02-15", "value": 0.0085}
    # 6 h x 4 a month x 60 an hour x 12 = 17,280
    assert derived["workflows"] == [
        {"name": "Blog post production", "id": None, "annual_cost": 17_280}
    ]
    assert [r["date"] for r in derived["reviews"]] == ["2026-02-14", "2026-03-17"]


def test_exact_need_is_a_float_and_shown_need_an_int() -> None:
    # $1,000,000 / $300,000 = 10/3 deals -> 100/3 engaged, shown rounded up to 34
    goal = Goal(revenue=Fraction(1_000_000), average_deal=Fraction(300_000))
    engaged = shown_json(seed_plan(goal=goal))["derived"]["funnel"]["stages"][0]
    assert engaged["need"] == 100 / 3
    assert engaged["shown"] == 34
    assert isinstance(engaged["shown"], int)


def test_inputs_keep_rates_as_numbers_and_dates_as_iso() -> None:
    inputs = shown_json(seed_plan())["inputs"]
    assert inputs["period"] == "2026-Q1"
    assert inputs["goal"]["by"] == "2026-06-01"
    assert inputs["goal"]["revenue"] == 5_000_000
    assert inputs["funnel"]["stages"][0]["rate"] == 0.1
    assert inputs["programs"][0]["history"]["totals"]["engaged"] == 20
    assert "source" not in inputs and "body" not in inputs


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Fraction(3), 3), (Fraction(1, 10), 0.1), (None, None), (7, 7)],
    ids=["integral", "fraction", "none", "int"],
)
def test_json_number(value: Fraction | int | None, expected: object) -> None:
    result = json_number(value)
    assert result == expected
    assert type(result) is type(expected)


def test_json_is_deterministic() -> None:
    plan = seed_plan(kpis=(SEED_KPI,))
    assert render_show(plan, "json") == render_show(plan, "json")
    assert derived_to_json(derive(plan)) == derived_to_json(derive(plan))
    assert list(plan_to_json(plan))[:3] == ["period", "title", "owner"]


def test_minimal_plan_shows_without_goal_funnel_or_budget() -> None:
    plan = Plan(source="plans/2026-Q2/index.md", period=Period(2026, 2))
    derived = shown_json(plan)["derived"]
    assert derived["funnel"] == {
        "deals": None,
        "rounding": "ceil",
        "goal_by": "2026-06-30",
        "stages": [],
    }
    assert derived["budget"]["total"] is None
    assert derived["pacing"]["budget"] is None
    assert "2026-Q2" in render_show(plan, "text")


def test_engine_findings_are_in_the_json() -> None:
    # 160 days before Jun 1 is Dec 23 2025 (Jan 1 -> Jun 1 is 151 days)
    plan = seed_plan(funnel=engaged_days(160))
    assert [f.code for f in findings(plan)] == ["PP401"]
    assert [f["code"] for f in shown_json(plan)["derived"]["findings"]] == ["PP401"]


def test_text_summary_of_the_seed_plan() -> None:
    text = render_show(seed_plan(currency="USD", kpis=(SEED_KPI,)), "text")
    for line in [
        "5,000,000 USD / 500,000 USD per deal = 10 deals by 2026-06-01",
        "3 occurrences: 2026-01-20, 2026-02-20, 2026-03-20",
        "expected: registered 300, attended 90, demo 30, engaged 15, deals 3",
        "17 more of webinars",
        "remaining 50,000 USD",
        "expected return 2,900%",
        "Blog post production: 17,280 USD a year",
        "2026-02-14  mid-quarter (scheduled by default)",
    ]:
        assert line in text
    assert "at-risk" in text
    assert not text.endswith("\n")


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render_show(seed_plan(), "yaml")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "text"),
    [(Fraction(1, 10), "10%"), (Fraction(85, 10_000), "0.85%"), (Fraction(45, 89), "50.56%")],
)
def test_percent_text(value: Fraction, text: str) -> None:
    assert percent_text(value) == text


@pytest.mark.parametrize("module", ENGINE)
def test_engine_modules_import_only_the_standard_library_and_planpub(module: str) -> None:
    tree = ast.parse((SRC / f"{module}.py").read_text(encoding="utf-8"))
    imported = {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    roots = {name.split(".")[0] for name in imported}
    assert roots <= set(sys.stdlib_module_names) | {"planpub", "__future__", "_typeshed"}
    source = (SRC / f"{module}.py").read_text(encoding="utf-8")
    assert "today(" not in source and "now(" not in source
