"""The reverse funnel, by-dates, coverage and closing the gap, checked against the seed article."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from fractions import Fraction

import pytest
from engine_helpers import SEED_FUNNEL, SEED_GOAL, engaged_days, seed_plan, webinars

from planpub.funnel import (
    by_dates,
    close_gap,
    coverage,
    funnel_need,
    goal_deals,
    lag_findings,
    shown,
    stage_needs,
)
from planpub.model import Goal, Stage

THREE_STAGES = (
    Stage("mql", "Marketing-qualified leads", rate=Fraction(1, 4), days=30),
    Stage("engaged", "Engaged contacts", rate=Fraction(1, 10), days=45),
    Stage("deals", "New customers"),
)


def test_seed_goal_needs_ten_deals() -> None:
    # $5,000,000 / $500,000 per new customer = 10 new customers
    assert goal_deals(SEED_GOAL) == 10


def test_ten_percent_rate_needs_a_hundred_engaged_contacts() -> None:
    # 10 deals at a 10% engaged -> deal rate: 10 / (1/10) = 100 engaged contacts
    assert stage_needs(SEED_FUNNEL.stages, Fraction(10)) == (100, 10)


def test_chain_works_back_through_every_rate() -> None:
    # 10 deals -> 10 / (1/10) = 100 engaged -> 100 / (1/4) = 400 MQLs
    assert stage_needs(THREE_STAGES, Fraction(10)) == (400, 100, 10)


@pytest.mark.parametrize(
    "goal",
    [
        pytest.param(None, id="no-goal"),
        pytest.param(Goal(statement="Grow"), id="no-revenue"),
        pytest.param(Goal(revenue=Fraction(5_000_000)), id="no-average-deal"),
        pytest.param(Goal(revenue=Fraction(1), average_deal=Fraction(0)), id="zero-average-deal"),
    ],
)
def test_funnel_without_a_usable_goal_has_no_need(goal: Goal | None) -> None:
    need = funnel_need(seed_plan(goal=goal))
    assert need.deals is None
    assert [(s.need, s.shown) for s in need.stages] == [(None, None), (None, None)]


def test_zero_rate_leaves_the_stages_above_without_need() -> None:
    stages = (THREE_STAGES[0], replace(THREE_STAGES[1], rate=Fraction(0)), THREE_STAGES[2])
    assert stage_needs(stages, Fraction(10)) == (None, None, 10)


@pytest.mark.parametrize(
    ("need", "rounding", "expected"),
    [
        pytest.param(Fraction(100, 3), "ceil", 34, id="ceil-33.33-to-34"),
        pytest.param(Fraction(100), "ceil", 100, id="ceil-keeps-whole"),
        pytest.param(Fraction(5, 2), "half-up", 3, id="half-up-2.5-to-3"),
        pytest.param(Fraction(100, 3), "half-up", 33, id="half-up-33.33-to-33"),
        pytest.param(Fraction(100, 3), "none", Fraction(100, 3), id="none-keeps-exact"),
    ],
)
def test_rounding_modes(need: Fraction, rounding: str, expected: Fraction) -> None:
    assert shown(need, rounding) == expected  # type: ignore[arg-type]


def test_need_stays_exact_and_only_the_shown_value_is_rounded() -> None:
    # $1,000,000 / $300,000 = 10/3 deals -> 100/3 engaged = 33.33, shown as 34 (ceil), 4 deals
    goal = Goal(revenue=Fraction(1_000_000), average_deal=Fraction(300_000))
    need = funnel_need(seed_plan(goal=goal))
    assert [s.need for s in need.stages] == [Fraction(100, 3), Fraction(10, 3)]
    assert [s.shown for s in need.stages] == [34, 4]


def test_by_dates_count_back_from_the_goal_date() -> None:
    # deals by Jun 1; engaged 45 days earlier: Jun 1 - 31 = May 1, - 14 = Apr 17;
    # MQLs 30 days before that: Apr 17 - 17 = Mar 31, - 13 = Mar 18
    assert by_dates(THREE_STAGES, date(2026, 6, 1)) == (
        date(2026, 3, 18),
        date(2026, 4, 17),
        date(2026, 6, 1),
    )


def test_goal_without_a_date_is_due_at_the_end_of_the_period() -> None:
    need = funnel_need(seed_plan(goal=replace(SEED_GOAL, by=None)))
    # Q1 2026 ends on Mar 31; engaged contacts 45 days earlier: Mar 31 - 31 = Feb 28, - 14 = Feb 14
    assert need.goal_by == date(2026, 3, 31)
    assert [s.by for s in need.stages] == [date(2026, 2, 14), date(2026, 3, 31)]


def test_stage_without_days_has_no_by_date_and_neither_have_the_stages_above() -> None:
    stages = (THREE_STAGES[0], replace(THREE_STAGES[1], days=None), THREE_STAGES[2])
    assert by_dates(stages, date(2026, 6, 1)) == (None, None, date(2026, 6, 1))


def test_by_date_before_the_period_start_is_a_pp401_warning() -> None:
    # Jan 1 -> Jun 1 2026 is 31+28+31+30+31 = 151 days, so 160 days before Jun 1 is Dec 23 2025
    plan = seed_plan(funnel=engaged_days(160))
    need = funnel_need(plan)
    assert need.stages[0].by == date(2025, 12, 23)
    [finding] = lag_findings(need, plan.period.start)
    assert (finding.code, finding.severity, finding.path) == (
        "PP401",
        "warning",
        "funnel.stages[0].days",
    )
    assert "2025-12-23" in finding.message
    assert "last quarter" in finding.message


def test_by_date_on_the_period_start_is_not_late() -> None:
    # 151 days before Jun 1 is Jan 1, the first day of the period
    plan = seed_plan(funnel=engaged_days(151))
    need = funnel_need(plan)
    assert need.stages[0].by == date(2026, 1, 1)
    assert lag_findings(need, plan.period.start) == []


def test_seed_coverage_of_monthly_webinars() -> None:
    # 3 webinars x 5 engaged = 15 of 100 needed; 3 x 1 deal = 3 of 10 needed
    need = funnel_need(seed_plan())
    engaged, deals = coverage(need.stages, {"engaged": Fraction(15), "deals": Fraction(3)})
    assert (engaged.planned, engaged.need, engaged.ratio, engaged.gap) == (
        15,
        100,
        Fraction(3, 20),
        85,
    )
    assert (deals.planned, deals.need, deals.ratio, deals.gap) == (3, 10, Fraction(3, 10), 7)
    assert engaged.surplus == deals.surplus == 0


def test_covered_stage_reports_no_gap_and_its_surplus() -> None:
    # 120 planned against 100 needed: ratio 6/5, gap 0, 20 to spare
    need = funnel_need(seed_plan())
    engaged, _ = coverage(need.stages, {"engaged": Fraction(120)})
    assert (engaged.ratio, engaged.gap, engaged.surplus) == (Fraction(6, 5), 0, 20)


def test_coverage_without_need_reports_only_what_is_planned() -> None:
    need = funnel_need(seed_plan(goal=None))
    engaged, deals = coverage(need.stages, {"engaged": Fraction(15)})
    assert (engaged.planned, engaged.need, engaged.ratio, engaged.gap) == (15, None, None, None)
    assert deals.planned == 0


def test_close_gap_counts_more_occurrences_per_program() -> None:
    # gaps: 85 engaged at 5 per webinar -> 17 more; 7 deals at 1 per webinar -> 7 more.
    # A webinar costs $50,000 / 3 = $50,000/3; 17 more cost 850,000/3, 7 more 350,000/3.
    need = funnel_need(seed_plan())
    stages = coverage(need.stages, {"engaged": Fraction(15), "deals": Fraction(3)})
    yields = {
        "webinars": {"engaged": Fraction(5), "deals": Fraction(1)},
        "seo": {"deals": Fraction(0)},
    }
    costs = {"webinars": {"engaged": Fraction(10_000, 3), "deals": Fraction(50_000, 3)}}
    engaged, deals = close_gap(stages, yields, costs)
    assert (engaged.stage, engaged.gap) == ("engaged", 85)
    assert [(o.program, o.more, o.budget) for o in engaged.options] == [
        ("webinars", 17, Fraction(850_000, 3))
    ]
    assert [(o.program, o.more, o.budget) for o in deals.options] == [
        ("webinars", 7, Fraction(350_000, 3))
    ]


def test_close_gap_rounds_up_to_whole_occurrences() -> None:
    # a gap of 86 engaged at 5 per webinar needs 17.2 -> 18 more webinars; no cost known
    need = funnel_need(seed_plan())
    stages = coverage(need.stages, {"engaged": Fraction(14), "deals": Fraction(10)})
    [engaged] = close_gap(stages, {"webinars": {"engaged": Fraction(5)}}, {})
    assert [(o.more, o.budget) for o in engaged.options] == [(18, None)]


def test_covered_stages_need_no_closing() -> None:
    need = funnel_need(seed_plan())
    stages = coverage(need.stages, {"engaged": Fraction(100), "deals": Fraction(10)})
    assert close_gap(stages, {"webinars": {"engaged": Fraction(5)}}, {}) == ()


def test_funnel_need_without_funnel_still_has_deals() -> None:
    need = funnel_need(seed_plan(funnel=None, programs=(webinars(),)))
    assert (need.deals, need.stages) == (10, ())
