"""What programs are expected to bring, what it costs, and how the period's totals pace by month.

A program's *yield* is what one occurrence brings to each funnel stage: the plan's `yields`, or
else its own track record, `history.totals / history.runs` (4 webinars that brought 20 engaged
contacts yield 5 each). `expected = yield * occurrences`; cost per result = budget / expected.
All of it is exact (`Fraction`); rounding is for display only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from fractions import Fraction

from planpub.model import Period, Plan, Program, Workflow, days_in_month
from planpub.records import record
from planpub.schedule import occurrence_count, occurrence_dates

MONTHS_PER_YEAR = 12


@record
class ProgramResults:
    """One program's place in the plan: when it happens and what it is expected to bring."""

    id: str
    name: str
    always_on: bool  # no schedule: one occurrence per period, no date
    occurrences: tuple[date, ...]
    count: int  # occurrences that count: len(occurrences), or 1 when always-on
    yields: dict[str, Fraction]  # per occurrence, keyed by stage id
    expected: dict[str, Fraction]
    cost_per: dict[str, Fraction | None]  # None where nothing is expected


@record
class BudgetSummary:
    """A plan's budget: allocated, remaining, by focus area, cost per deal and return."""

    total: Fraction | None  # None: the plan states no budget
    allocated: Fraction  # sum of program budgets
    remaining: Fraction | None
    by_focus: dict[str | None, Fraction]  # focus area id (None: no focus) -> allocated
    cost_per_deal: Fraction | None
    expected_return: Fraction | None  # (planned deals * average deal - allocated) / allocated


@record
class Pacing:
    """Integer monthly splits of the period's totals, in proportion to the days of each month."""

    months: tuple[str, ...]  # "2026-01"
    days: tuple[int, ...]
    budget: tuple[int, ...] | None
    need: dict[str, tuple[int, ...]]  # stage id -> need per month


def program_yields(program: Program) -> dict[str, Fraction]:
    """Per-occurrence yields: as planned, else the history's average per run, else none."""
    if program.yields is not None:
        return dict(program.yields)
    history = program.history
    if history is None or history.runs <= 0:
        return {}
    return {stage: Fraction(total) / history.runs for stage, total in history.totals.items()}


def expected_results(yields: Mapping[str, Fraction], count: int) -> dict[str, Fraction]:
    return {stage: value * count for stage, value in yields.items()}


def cost_per_result(
    budget: Fraction, expected: Mapping[str, Fraction]
) -> dict[str, Fraction | None]:
    return {stage: budget / value if value else None for stage, value in expected.items()}


def program_results(program: Program, period: Period) -> ProgramResults:
    dates = () if program.schedule is None else occurrence_dates(program.schedule, period)
    count = occurrence_count(program, period)
    yields = program_yields(program)
    expected = expected_results(yields, count)
    return ProgramResults(
        id=program.id,
        name=program.name,
        always_on=program.schedule is None,
        occurrences=dates,
        count=count,
        yields=yields,
        expected=expected,
        cost_per=cost_per_result(program.budget, expected),
    )


def planned_results(results: Sequence[ProgramResults]) -> dict[str, Fraction]:
    """Expected results summed over programs, per stage, in order of first mention."""
    planned: dict[str, Fraction] = {}
    for result in results:
        for stage, value in result.expected.items():
            planned[stage] = planned.get(stage, Fraction(0)) + value
    return planned


def allocated_budget(plan: Plan) -> Fraction:
    """What the plan's programs are allocated: the sum of their budgets."""
    return sum((program.budget for program in plan.programs), Fraction(0))


def budget_summary(plan: Plan, planned_deals: Fraction | None) -> BudgetSummary:
    """Budget totals; `planned_deals` is the planned volume of the funnel's last stage."""
    total = plan.budget.total if plan.budget is not None else None
    allocated = allocated_budget(plan)
    average_deal = plan.goal.average_deal if plan.goal is not None else None
    return BudgetSummary(
        total=total,
        allocated=allocated,
        remaining=None if total is None else total - allocated,
        by_focus=_by_focus(plan),
        cost_per_deal=allocated / planned_deals if planned_deals else None,
        expected_return=_expected_return(planned_deals, average_deal, allocated),
    )


def _expected_return(
    deals: Fraction | None, average_deal: Fraction | None, allocated: Fraction
) -> Fraction | None:
    if deals is None or average_deal is None or not allocated:
        return None
    return (deals * average_deal - allocated) / allocated


def _by_focus(plan: Plan) -> dict[str | None, Fraction]:
    """Allocated budget per focus area: the plan's areas first, in order, then any others."""
    by_focus: dict[str | None, Fraction] = {area.id: Fraction(0) for area in plan.focus_areas}
    for program in plan.programs:
        by_focus[program.focus] = by_focus.get(program.focus, Fraction(0)) + program.budget
    return by_focus


def largest_remainder(total: int, weights: Sequence[int]) -> tuple[int, ...]:
    """`total` split in proportion to `weights` into integers that add up to `total` exactly.

    Each part is its exact share rounded down; the units left over go to the parts with the
    largest remainders, the earlier part first on a tie. So every part is within 1 of its share.
    """
    weight_sum = sum(weights)
    if weight_sum <= 0:
        raise ValueError("weights must add up to a positive number")
    shares = [Fraction(total * weight, weight_sum) for weight in weights]
    parts = [math.floor(share) for share in shares]
    left_over = total - sum(parts)
    by_remainder = sorted(range(len(shares)), key=lambda i: (-(shares[i] - parts[i]), i))
    for i in by_remainder[:left_over]:
        parts[i] += 1
    return tuple(parts)


def period_months(period: Period) -> tuple[tuple[int, int], ...]:
    """(year, month) of each month in the period."""
    first = period.start.month
    return tuple((period.year, month) for month in range(first, period.end.month + 1))


def split_by_days(total: int, period: Period) -> tuple[int, ...]:
    """`total` spread over the period's months in proportion to their days."""
    days = [days_in_month(year, month) for year, month in period_months(period)]
    return largest_remainder(total, days)


def whole_units(value: Fraction) -> int:
    """Round half up to a whole number, for the integer pacing of money."""
    return math.floor(value + Fraction(1, 2))


def pacing(period: Period, budget: Fraction | None, need: Mapping[str, int]) -> Pacing:
    """Monthly pacing of the budget (in whole currency units) and of each stage's need."""
    months = period_months(period)
    return Pacing(
        months=tuple(f"{year:04d}-{month:02d}" for year, month in months),
        days=tuple(days_in_month(year, month) for year, month in months),
        budget=None if budget is None else split_by_days(whole_units(budget), period),
        need={stage: split_by_days(value, period) for stage, value in need.items()},
    )


def annual_cost(workflow: Workflow) -> Fraction:
    """hours per run * runs per month * hourly cost * 12 months."""
    return workflow.hours * workflow.per_month * workflow.hourly_cost * MONTHS_PER_YEAR


def plain_number(value: Fraction) -> str:
    """A number for messages and terminal output: 5,000,000 or 16,666.67."""
    if value.denominator == 1:
        return f"{value.numerator:,}"
    return f"{float(value):,.2f}"
