"""The annual roll-up: quarter budgets and revenue goals against the year, KPI series."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from engine_helpers import kpi, seed_plan, webinars

from planpub.model import Actual, Budget, Goal, Period, Plan
from planpub.rollup import rollup

ANNUAL_SOURCE = "plans/2026/index.md"


def annual(budget: int | None = 400_000, revenue: int | None = 20_000_000) -> Plan:
    return Plan(
        source=ANNUAL_SOURCE,
        period=Period(2026),
        budget=None if budget is None else Budget(Fraction(budget)),
        goal=None if revenue is None else Goal(revenue=Fraction(revenue)),
    )


def quarter(
    number: int, budget: int | None = 100_000, revenue: int | None = 5_000_000, year: int = 2026
) -> Plan:
    return seed_plan(
        source=f"plans/{year}-Q{number}/index.md",
        period=Period(year, number),
        budget=None if budget is None else Budget(Fraction(budget)),
        goal=None if revenue is None else Goal(revenue=Fraction(revenue)),
    )


def test_quarters_within_the_annual_budget_and_goal() -> None:
    # 4 x 100,000 = 400,000 of 400,000; 4 x 5,000,000 = 20,000,000 of 20,000,000
    result = rollup(annual(), [quarter(n) for n in (1, 2, 3, 4)])
    assert (result.budget, result.quarter_budgets) == (400_000, 400_000)
    assert (result.revenue, result.quarter_revenue) == (20_000_000, 20_000_000)
    assert result.quarters == ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4")
    assert result.findings == {}


def test_quarters_over_the_annual_budget_is_pp301_on_the_annual_plan() -> None:
    # 100,000 + 150,000 + 200,000 = 450,000 > 400,000
    quarters = [quarter(1), quarter(2, budget=150_000), quarter(3, budget=200_000)]
    result = rollup(annual(), quarters)
    assert result.quarter_budgets == 450_000
    [finding] = result.findings[ANNUAL_SOURCE]
    assert (finding.code, finding.severity, finding.path) == ("PP301", "error", "budget.total")
    assert "450,000" in finding.message and "400,000" in finding.message
    assert "2026-Q3 200,000" in finding.message


def test_quarter_without_a_total_counts_its_program_budgets() -> None:
    # Q1 states 100,000; Q2 states none but its webinars are allocated 50,000
    result = rollup(annual(), [quarter(1), quarter(2, budget=None)])
    assert result.quarter_budgets == 150_000


def test_revenue_goals_not_adding_up_is_a_pp302_warning() -> None:
    # 5M + 5M + 5M + 4M = 19M for a year planned at 20M
    quarters = [quarter(1), quarter(2), quarter(3), quarter(4, revenue=4_000_000)]
    result = rollup(annual(), quarters)
    [finding] = result.findings[ANNUAL_SOURCE]
    assert (finding.code, finding.severity, finding.path) == ("PP302", "warning", "goal.revenue")
    assert "19,000,000" in finding.message and "20,000,000" in finding.message


def test_a_year_still_being_planned_is_not_short_of_revenue() -> None:
    # only Q1 and Q2 exist: 10M of 20M is expected, not a mismatch yet
    assert rollup(annual(), [quarter(1), quarter(2)]).findings == {}


def test_quarters_asking_for_more_than_the_year_warn_at_once() -> None:
    # 15M + 10M = 25M > 20M with only two quarters planned
    quarters = [quarter(1, revenue=15_000_000), quarter(2, revenue=10_000_000)]
    [finding] = rollup(annual(), quarters).findings[ANNUAL_SOURCE]
    assert finding.code == "PP302"
    assert "25,000,000" in finding.message


def test_without_annual_numbers_there_is_nothing_to_check() -> None:
    quarters = [quarter(1, budget=900_000), quarter(2, revenue=1)]
    result = rollup(annual(budget=None, revenue=None), quarters)
    assert result.findings == {}
    assert (result.budget, result.revenue) == (None, None)


def test_quarters_of_other_years_do_not_count() -> None:
    result = rollup(annual(), [quarter(1), quarter(4, year=2025)])
    assert result.quarters == ("2026-Q1",)
    assert result.quarter_budgets == 100_000


def test_kpi_series_across_quarters_in_period_order() -> None:
    q1_kpi = kpi(actuals=(Actual(date(2026, 3, 31), Fraction(1, 100)),))
    q2_kpi = kpi(baseline=Fraction(1, 100), target=Fraction(12, 1000))
    q1 = seed_plan(period=Period(2026, 1), kpis=(q1_kpi,), programs=(webinars(),))
    q2 = seed_plan(period=Period(2026, 2), kpis=(q2_kpi,))
    result = rollup(annual(), [q2, q1])
    points = result.kpi_series["session-to-contact"]
    # Q1: 0.75% -> 1%, 1% reached on Mar 31: achieved; Q2: 1% -> 1.2%, no actuals yet
    assert [(p.period, p.baseline, p.target, p.latest, p.status) for p in points] == [
        ("2026-Q1", Fraction(75, 10_000), Fraction(1, 100), Fraction(1, 100), "achieved"),
        ("2026-Q2", Fraction(1, 100), Fraction(12, 1000), None, "no-data"),
    ]
