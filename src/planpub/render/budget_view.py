"""The budget section (by program, by focus area, by month) and the workflows' annual costs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from planpub.render.charts import BarRow, Chart, bar_chart
from planpub.render.context import PlanContext
from planpub.render.funnel_view import Fact


@dataclass(eq=False)
class ShareRow:
    name: str
    detail: str  # the program's focus area
    amount: str
    share: str  # of the total budget


@dataclass(eq=False)
class BudgetView:
    facts: tuple[Fact, ...]
    programs: tuple[ShareRow, ...]
    focus_areas: tuple[ShareRow, ...]
    months: tuple[Fact, ...]  # the budget paced by month, in proportion to its days
    chart: Chart | None


def budget_view(ctx: PlanContext) -> BudgetView | None:
    plan, budget = ctx.plan, ctx.derived.budget
    if budget.total is None and not budget.allocated:
        return None
    base = budget.total or budget.allocated or None
    return BudgetView(
        facts=_facts(ctx),
        programs=tuple(
            ShareRow(
                p.name,
                ctx.name("focus", p.focus),
                ctx.fmt.money(p.budget),
                _share(ctx, p.budget, base),
            )
            for p in plan.programs
        ),
        focus_areas=tuple(
            ShareRow(ctx.name("focus", focus), "", ctx.fmt.money(amount), _share(ctx, amount, base))
            for focus, amount in budget.by_focus.items()
        ),
        months=_months(ctx),
        chart=_chart(ctx) if plan.programs else None,
    )


def _share(ctx: PlanContext, amount: Fraction, base: Fraction | None) -> str:
    return ctx.fmt.percent(amount / base if base else None)


def _facts(ctx: PlanContext) -> tuple[Fact, ...]:
    budget, fmt, t = ctx.derived.budget, ctx.fmt, ctx.t
    facts = [Fact(t["budget_total"], fmt.money(budget.total))] if budget.total is not None else []
    facts.append(Fact(t["budget_allocated"], fmt.money(budget.allocated)))
    if budget.remaining is not None:
        facts.append(Fact(t["budget_remaining"], fmt.money(budget.remaining)))
    if budget.cost_per_deal is not None:
        facts.append(Fact(t["cost_per_deal"], fmt.money(budget.cost_per_deal)))
    if budget.expected_return is not None:
        facts.append(Fact(t["expected_return"], fmt.percent(budget.expected_return)))
    return tuple(facts)


def _months(ctx: PlanContext) -> tuple[Fact, ...]:
    pacing = ctx.derived.pacing
    if pacing.budget is None:
        return ()
    return tuple(
        Fact(ctx.fmt.month(date(int(month[:4]), int(month[5:]), 1)), ctx.fmt.money(amount))
        for month, amount in zip(pacing.months, pacing.budget, strict=True)
    )


def _chart(ctx: PlanContext) -> Chart:
    fmt, budget = ctx.fmt, ctx.derived.budget
    rows = [BarRow(p.name, p.budget, fmt.money(p.budget)) for p in ctx.plan.programs]
    if budget.remaining and budget.remaining > 0:
        rows.append(
            BarRow(
                ctx.t["budget_remaining"],
                budget.remaining,
                fmt.money(budget.remaining),
                "planpub-bar-free",
            )
        )
    return bar_chart("planpub-budget-chart", ctx.t["budget_chart"], rows)


@dataclass(eq=False)
class WorkflowRow:
    name: str
    hours: str
    per_month: str
    hourly_cost: str
    annual_cost: str


@dataclass(eq=False)
class WorkflowsView:
    rows: tuple[WorkflowRow, ...]
    total: str


def workflows_view(ctx: PlanContext) -> WorkflowsView | None:
    plan, fmt = ctx.plan, ctx.fmt
    if not plan.workflows:
        return None
    costs = [w.annual_cost for w in ctx.derived.workflows]
    rows = tuple(
        WorkflowRow(
            w.name,
            fmt.number(w.hours),
            fmt.number(w.per_month),
            fmt.money(w.hourly_cost),
            fmt.money(cost),
        )
        for w, cost in zip(plan.workflows, costs, strict=True)
    )
    return WorkflowsView(rows=rows, total=fmt.money(sum(costs, Fraction(0))))
