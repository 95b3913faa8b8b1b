"""Program yields, expected results, budget metrics, monthly pacing and workflow costs."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from engine_helpers import BLOG_WORKFLOW, Q1_2026, seed_plan, webinars

from planpub.model import FocusArea, Goal, Period, Program
from planpub.money import (
    annual_cost,
    budget_summary,
    largest_remainder,
    pacing,
    plain_number,
    planned_results,
    program_results,
    program_yields,
    split_by_days,
    whole_units,
)


def test_webinar_yields_come_from_its_history() -> None:
    # 4 runs with totals 400/120/40/20/4 -> 100 registered, 30 attended, 10 demos,
    # 5 engaged contacts and 1 deal per webinar
    assert program_yields(webinars()) == {
        "registered": 100,
        "attended": 30,
        "demo": 10,
        "engaged": 5,
        "deals": 1,
    }


def test_planned_yields_win_over_history() -> None:
    program = Program(
        "webinars", "Webinars", yields={"engaged": Fraction(6)}, history=webinars().history
    )
    assert program_yields(program) == {"engaged": 6}


def test_program_without_yields_or_history_yields_nothing() -> None:
    assert program_yields(Program("brand", "Brand campaign")) == {}


def test_three_monthly_webinars_bring_fifteen_contacts_and_three_deals() -> None:
    # 3 occurrences x 5 engaged = 15; x 1 deal = 3
    results = program_results(webinars(), Q1_2026)
    assert results.count == 3
    assert (results.expected["engaged"], results.expected["deals"]) == (15, 3)


def test_cost_per_result_of_a_50000_program() -> None:
    # $50,000 / 15 engaged = 10,000/3 (3,333.33); $50,000 / 3 deals = 50,000/3 (16,666.67)
    results = program_results(webinars(), Q1_2026)
    assert results.cost_per["engaged"] == Fraction(10_000, 3)
    assert results.cost_per["deals"] == Fraction(50_000, 3)


def test_cost_per_result_is_none_when_nothing_is_expected() -> None:
    # the schedule starts after the period ends: no occurrence, nothing expected
    results = program_results(webinars(start=date(2026, 4, 20)), Q1_2026)
    assert (results.count, results.expected["deals"], results.cost_per["deals"]) == (0, 0, None)


def test_always_on_program_yields_once_per_period() -> None:
    seo = Program("seo", "SEO", budget=Fraction(9_000), yields={"engaged": Fraction(12)})
    results = program_results(seo, Q1_2026)
    assert (results.always_on, results.occurrences, results.count) == (True, (), 1)
    assert results.expected == {"engaged": 12}


def test_planned_results_add_up_programs() -> None:
    seo = Program("seo", "SEO", yields={"engaged": Fraction(12)})
    planned = planned_results([program_results(webinars(), Q1_2026), program_results(seo, Q1_2026)])
    # 15 engaged from webinars + 12 from SEO
    assert planned["engaged"] == 27
    assert planned["deals"] == 3


def test_budget_of_the_seed_plan() -> None:
    # $100,000 budget, one $50,000 program: 50,000 remaining.
    # 3 planned deals: cost per deal 50,000 / 3; return (3 x 500,000 - 50,000) / 50,000 = 29
    summary = budget_summary(seed_plan(), Fraction(3))
    assert (summary.total, summary.allocated, summary.remaining) == (100_000, 50_000, 50_000)
    assert summary.cost_per_deal == Fraction(50_000, 3)
    assert summary.expected_return == 29


def test_budget_without_total_or_deals() -> None:
    summary = budget_summary(seed_plan(budget=None, goal=Goal()), None)
    assert (summary.total, summary.remaining, summary.allocated) == (None, None, 50_000)
    assert (summary.cost_per_deal, summary.expected_return) == (None, None)


def test_no_planned_deals_loses_the_whole_allocation() -> None:
    # (0 x 500,000 - 50,000) / 50,000 = -1; cost per deal is undefined
    summary = budget_summary(seed_plan(), Fraction(0))
    assert (summary.cost_per_deal, summary.expected_return) == (None, -1)


def test_budget_by_focus_area_lists_every_area_in_plan_order() -> None:
    areas = (FocusArea("conversion", "Conversion"), FocusArea("lead-gen", "Lead generation"))
    brand = Program("brand", "Brand", budget=Fraction(5_000))
    summary = budget_summary(seed_plan(focus_areas=areas, programs=(webinars(), brand)), None)
    assert summary.by_focus == {"conversion": 0, "lead-gen": 50_000, None: 5_000}


def test_budget_pacing_of_q1_by_days_in_month() -> None:
    # 100,000 x 31/90 = 34,444.44, x 28/90 = 31,111.11, x 31/90 = 34,444.44; floors sum to
    # 99,999 and the one unit left goes to the largest remainder, January before March on a tie
    assert split_by_days(100_000, Q1_2026) == (34_445, 31_111, 34_444)


def test_need_pacing_of_q1() -> None:
    # 100 engaged: 34.44 / 31.11 / 34.44 -> 34 + 31 + 34 = 99, +1 to January
    # 10 deals: 3.44 / 3.11 / 3.44 -> 3 + 3 + 3 = 9, +1 to January
    paced = pacing(Q1_2026, Fraction(100_000), {"engaged": 100, "deals": 10})
    assert paced.months == ("2026-01", "2026-02", "2026-03")
    assert paced.days == (31, 28, 31)
    assert paced.need == {"engaged": (35, 31, 34), "deals": (4, 3, 3)}
    assert paced.budget == (34_445, 31_111, 34_444)


def test_pacing_a_year_by_its_days() -> None:
    # 365 spread over 2026 by days gives each month its own length
    assert split_by_days(365, Period(2026)) == (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def test_pacing_without_budget() -> None:
    assert pacing(Q1_2026, None, {}).budget is None


def test_budget_with_cents_is_paced_in_whole_units() -> None:
    # 90,000.50 rounds half up to 90,001: 31,000.34 / 28,000.31 / 31,000.34 -> +1 to January
    assert pacing(Q1_2026, Fraction(180_001, 2), {}).budget == (31_001, 28_000, 31_000)


@pytest.mark.parametrize(
    ("total", "weights", "expected"),
    [
        pytest.param(10, [1, 1, 1], (4, 3, 3), id="tie-goes-to-earlier"),
        pytest.param(2, [1, 1, 1], (1, 1, 0), id="two-of-three"),
        pytest.param(0, [31, 28, 31], (0, 0, 0), id="zero"),
        pytest.param(7, [0, 1], (0, 7), id="zero-weight"),
    ],
)
def test_largest_remainder(total: int, weights: list[int], expected: tuple[int, ...]) -> None:
    assert largest_remainder(total, weights) == expected


def test_largest_remainder_needs_weight() -> None:
    with pytest.raises(ValueError, match="positive"):
        largest_remainder(10, [0, 0])


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Fraction(5, 2), 3), (Fraction(49, 20), 2), (Fraction(100), 100)],
    ids=["2.5-up", "2.45-down", "whole"],
)
def test_whole_units_round_half_up(value: Fraction, expected: int) -> None:
    assert whole_units(value) == expected


def test_blog_workflow_costs_17280_a_year() -> None:
    # 6 hours x 4 posts a month x 60 an hour x 12 months = 17,280
    assert annual_cost(BLOG_WORKFLOW) == 17_280


@pytest.mark.parametrize(
    ("value", "text"),
    [(Fraction(17_280), "17,280"), (Fraction(50_000, 3), "16,666.67"), (Fraction(-1), "-1")],
)
def test_plain_number(value: Fraction, text: str) -> None:
    assert plain_number(value) == text
