"""The year seen through its quarters: budgets and revenue goals summed, KPIs as series.

Checks across the year (findings on the annual plan):

- PP301 (error): the quarters' budgets add up to more than the annual budget. A quarter's budget
  is its `budget.total`, or the sum of its program budgets when it states no total.
- PP302 (warning): the quarters' revenue goals do not add up to the annual goal. While the year
  is not fully planned (fewer than four quarter plans) it fires only when the quarters already
  ask for more than the year, so an early-year build is not flagged for quarters not yet written.

Only quarter plans of the annual plan's year take part.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from planpub.diagnostics import Finding
from planpub.kpis import KpiProgress, KpiStatus, kpi_progress
from planpub.model import Plan
from planpub.money import allocated_budget, plain_number
from planpub.records import record

QUARTERS_PER_YEAR = 4


@record
class KpiPoint:
    """One quarter's value of a KPI series."""

    period: str
    baseline: Fraction
    target: Fraction | None
    latest: Fraction | None
    status: KpiStatus


@record
class Rollup:
    """A year's annual plan next to its quarters: budgets, revenue and KPI series."""

    year: str
    quarters: tuple[str, ...]
    budget: Fraction | None  # the annual budget
    quarter_budgets: Fraction
    revenue: Fraction | None  # the annual revenue goal
    quarter_revenue: Fraction | None  # None when no quarter states a revenue goal
    kpi_series: dict[str, tuple[KpiPoint, ...]]  # kpi id -> its quarters, in period order
    findings: dict[str, tuple[Finding, ...]]  # plan source -> findings on that plan


def quarter_budget(plan: Plan) -> Fraction:
    """The quarter's budget: its stated total, else what its programs are allocated."""
    if plan.budget is not None:
        return plan.budget.total
    return allocated_budget(plan)


def quarter_revenue(quarters: Sequence[Plan]) -> Fraction | None:
    goals = [q.goal.revenue for q in quarters if q.goal is not None and q.goal.revenue is not None]
    return sum(goals, Fraction(0)) if goals else None


def kpi_series(quarters: Sequence[Plan]) -> dict[str, tuple[KpiPoint, ...]]:
    """Every KPI id used in the quarters, with its value in each quarter that has it."""
    series: dict[str, list[KpiPoint]] = {}
    for plan in quarters:
        for kpi in plan.kpis:
            series.setdefault(kpi.id, []).append(
                _point(str(plan.period), kpi_progress(kpi, plan.period))
            )
    return {kpi_id: tuple(points) for kpi_id, points in series.items()}


def _point(period: str, progress: KpiProgress) -> KpiPoint:
    latest = progress.latest.value if progress.latest is not None else None
    return KpiPoint(period, progress.baseline, progress.target, latest, progress.status)


def rollup(annual: Plan, quarters: Sequence[Plan]) -> Rollup:
    """The annual roll-up of `annual` over the quarter plans of its year."""
    own = sorted(
        (q for q in quarters if q.period.is_quarter and q.period.year == annual.period.year),
        key=lambda q: q.period,
    )
    budgets = sum((quarter_budget(q) for q in own), Fraction(0))
    revenue = annual.goal.revenue if annual.goal is not None else None
    summed_revenue = quarter_revenue(own)
    findings = _budget_findings(annual, own, budgets) + _revenue_findings(
        revenue, summed_revenue, len({q.period for q in own})
    )
    return Rollup(
        year=str(annual.period),
        quarters=tuple(str(q.period) for q in own),
        budget=annual.budget.total if annual.budget is not None else None,
        quarter_budgets=budgets,
        revenue=revenue,
        quarter_revenue=summed_revenue,
        kpi_series=kpi_series(own),
        findings={annual.source: tuple(findings)} if findings else {},
    )


def _budget_findings(annual: Plan, quarters: Sequence[Plan], budgets: Fraction) -> list[Finding]:
    if annual.budget is None or budgets <= annual.budget.total:
        return []
    parts = ", ".join(f"{q.period} {plain_number(quarter_budget(q))}" for q in quarters)
    return [
        Finding(
            code="PP301",
            path="budget.total",
            message=(
                f"the quarters' budgets add up to {plain_number(budgets)}, more than the annual "
                f"budget of {plain_number(annual.budget.total)} ({parts})"
            ),
            hint="lower a quarter's budget or raise the annual budget",
        )
    ]


def _revenue_findings(
    revenue: Fraction | None, summed: Fraction | None, planned_quarters: int
) -> list[Finding]:
    if revenue is None or summed is None or summed == revenue:
        return []
    if summed < revenue and planned_quarters < QUARTERS_PER_YEAR:
        return []
    return [
        Finding(
            code="PP302",
            severity="warning",
            path="goal.revenue",
            message=(
                f"the quarters' revenue goals add up to {plain_number(summed)}, "
                f"the annual goal is {plain_number(revenue)}"
            ),
            hint="make the quarters' goal.revenue add up to the annual goal.revenue",
        )
    ]
