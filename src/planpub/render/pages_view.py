"""Generated pages: a quarter at a glance, and the year seen through its quarters.

The year page adds the quarters' budgets and revenue goals as each plan writes them, like the
roll-up checks do: without exchange rates. When the quarters use other currencies than the annual
plan, the page says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from planpub.model import Plan, Unit
from planpub.render.calendar_view import Entry, entries
from planpub.render.charts import BarRow, Chart, TrendPoint, bar_chart, trend_chart
from planpub.render.context import PlanContext
from planpub.render.funnel_view import Fact, StageRow, funnel_view
from planpub.render.kpis_view import KpiRow, kpis_view
from planpub.render.labels import period_name
from planpub.rollup import KpiPoint, Rollup, quarter_budget

PlanLink = Callable[[Plan], str | None]  # a plan page's URL from the current page


@dataclass(eq=False)
class QuarterView:
    title: str
    period: str
    dates: str
    plan_url: str | None
    feed_url: str | None
    statement: str
    facts: tuple[Fact, ...]
    stages: tuple[StageRow, ...]
    kpis: tuple[KpiRow, ...]
    dates_ahead: tuple[Entry, ...]


def quarter_view(ctx: PlanContext, plan_url: str | None, feed_url: str | None) -> QuarterView:
    plan, fmt, t = ctx.plan, ctx.fmt, ctx.t
    funnel = funnel_view(ctx)
    kpis = kpis_view(ctx)
    budget = ctx.derived.budget
    facts = [Fact(t["owner"], plan.owner), Fact(t["status"], t[f"plan_{plan.status}"])]
    facts += list(funnel.facts) if funnel else []
    facts.append(Fact(t["budget_allocated"], fmt.money(budget.allocated)))
    if budget.total is not None:
        facts.append(Fact(t["budget_total"], fmt.money(budget.total)))
    return QuarterView(
        title=ctx.title,
        period=ctx.period_name,
        dates=fmt.date_range(plan.period.start, plan.period.end),
        plan_url=plan_url,
        feed_url=feed_url,
        statement=funnel.statement if funnel else "",
        facts=tuple(f for f in facts if f.value),
        stages=funnel.rows if funnel and funnel.show_planned else (),
        kpis=kpis.rows if kpis else (),
        dates_ahead=tuple(e for e in entries(ctx) if e.kind != "promotion"),
    )


@dataclass(eq=False)
class QuarterRow:
    period: str
    url: str | None
    title: str
    owner: str
    status: str
    revenue: str
    budget: str


@dataclass(eq=False)
class TrendCell:
    period: str
    baseline: str
    target: str
    latest: str
    status: str
    status_label: str


@dataclass(eq=False)
class KpiTrend:
    id: str
    name: str
    cells: tuple[TrendCell, ...]
    chart: Chart


@dataclass(eq=False)
class YearView:
    title: str
    annual_url: str | None
    quarters: tuple[QuarterRow, ...]
    facts: tuple[Fact, ...]
    mixed_currencies: bool
    chart: Chart | None
    kpis: tuple[KpiTrend, ...]


def year_view(
    annual: PlanContext, quarters: Sequence[PlanContext], rollup: Rollup, link: PlanLink
) -> YearView:
    t = annual.t
    currencies = {q.fmt.currency for q in quarters} | {annual.fmt.currency}
    return YearView(
        title=t["title_rollup"].format(year=rollup.year),
        annual_url=link(annual.plan) if annual.plan.source else None,
        quarters=tuple(_quarter_row(annual, q, link) for q in quarters),
        facts=_year_facts(annual, rollup),
        mixed_currencies=len(currencies) > 1,
        chart=_budget_chart(annual, quarters, rollup) if quarters else None,
        kpis=tuple(
            _trend(annual, quarters, kpi_id, points) for kpi_id, points in rollup.kpi_series.items()
        ),
    )


def _in_currency(annual: PlanContext, quarter: PlanContext) -> PlanContext:
    """The annual plan's locale with the quarter's currency."""
    fmt = type(annual.fmt)(annual.fmt.locale, quarter.fmt.currency)
    return PlanContext(quarter.plan, quarter.derived, fmt, annual.t)


def _quarter_row(annual: PlanContext, quarter: PlanContext, link: PlanLink) -> QuarterRow:
    ctx = _in_currency(annual, quarter)
    plan = quarter.plan
    revenue = plan.goal.revenue if plan.goal else None
    return QuarterRow(
        period=ctx.period_name,
        url=link(plan),
        title=quarter.title,
        owner=plan.owner,
        status=annual.t[f"plan_{plan.status}"],
        revenue=ctx.fmt.money(revenue),
        budget=ctx.fmt.money(quarter_budget(plan)),
    )


def _year_facts(annual: PlanContext, rollup: Rollup) -> tuple[Fact, ...]:
    fmt, t = annual.fmt, annual.t
    facts = []
    if rollup.budget is not None:
        facts.append(Fact(t["budget_annual"], fmt.money(rollup.budget)))
    facts.append(Fact(t["budget_quarters"], fmt.money(rollup.quarter_budgets)))
    if rollup.budget is not None:
        facts.append(Fact(t["budget_left"], fmt.money(rollup.budget - rollup.quarter_budgets)))
    if rollup.revenue is not None:
        facts.append(Fact(t["revenue_annual"], fmt.money(rollup.revenue)))
    if rollup.quarter_revenue is not None:
        facts.append(Fact(t["revenue_quarters"], fmt.money(rollup.quarter_revenue)))
    return tuple(facts)


def _budget_chart(annual: PlanContext, quarters: Sequence[PlanContext], rollup: Rollup) -> Chart:
    rows = []
    for quarter in quarters:
        ctx = _in_currency(annual, quarter)
        amount = quarter_budget(quarter.plan)
        rows.append(BarRow(ctx.period_name, amount, ctx.fmt.money(amount)))
    total = rollup.quarter_budgets
    rows.append(
        BarRow(annual.t["budget_quarters"], total, annual.fmt.money(total), "planpub-bar-sum")
    )
    if rollup.budget is not None:
        rows.append(
            BarRow(
                annual.t["budget_annual"],
                rollup.budget,
                annual.fmt.money(rollup.budget),
                "planpub-bar-free",
            )
        )
    return bar_chart("planpub-year-budget-chart", annual.t["budget_year_chart"], rows)


def _trend(
    annual: PlanContext, quarters: Sequence[PlanContext], kpi_id: str, points: Sequence[KpiPoint]
) -> KpiTrend:
    kpi = _kpi_source(annual.plan, [q.plan for q in quarters], kpi_id)
    names = {str(q.plan.period): period_name(q.plan.period, annual.t) for q in quarters}
    unit = kpi.unit if kpi else "count"
    fmt, t = annual.fmt, annual.t
    cells = tuple(
        TrendCell(
            period=names.get(p.period, p.period),
            baseline=fmt.value(p.baseline, unit),
            target=fmt.value(p.target, unit),
            latest=fmt.value(p.latest, unit),
            status=p.status,
            status_label=t[f"status_{p.status}"],
        )
        for p in points
    )
    name = kpi.name if kpi else kpi_id
    desc = " ".join(
        t["trend_desc"].format(period=c.period, target=c.target, latest=c.latest) for c in cells
    )
    chart = trend_chart(
        f"planpub-trend-{kpi_id}",
        name,
        desc,
        [TrendPoint(c.period, p.target, p.latest) for c, p in zip(cells, points, strict=True)],
    )
    return KpiTrend(kpi_id, name, cells, chart)


def _kpi_source(annual: Plan, quarters: Sequence[Plan], kpi_id: str) -> _Kpi | None:
    for plan in (annual, *quarters):
        for kpi in plan.kpis:
            if kpi.id == kpi_id:
                return _Kpi(kpi.name, kpi.unit)
    return None


@dataclass(eq=False)
class _Kpi:
    name: str
    unit: Unit
