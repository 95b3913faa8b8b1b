"""The goal and funnel section: what each stage needs, by when, and how much is planned."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from planpub.funnel import Coverage, GapCloser, StageNeed
from planpub.render.charts import Chart, FunnelRow, funnel_chart
from planpub.render.context import PlanContext


@dataclass(eq=False)
class Fact:
    label: str
    value: str


@dataclass(eq=False)
class StageRow:
    name: str
    rate: str
    need: str
    by: str
    late: bool  # must be reached before the period starts
    planned: str
    coverage: str
    gap: str
    css: str  # planpub-covered | planpub-short | ""


@dataclass(eq=False)
class FunnelView:
    statement: str
    facts: tuple[Fact, ...]
    rows: tuple[StageRow, ...]
    show_planned: bool
    gap_notes: tuple[str, ...]
    chart: Chart | None


def funnel_view(ctx: PlanContext) -> FunnelView | None:
    plan, derived = ctx.plan, ctx.derived
    if plan.goal is None and not derived.funnel.stages:
        return None
    show_planned = bool(plan.programs)
    coverage = {c.stage: c for c in derived.coverage}
    rows = tuple(
        _stage_row(ctx, s, coverage.get(s.id), show_planned) for s in derived.funnel.stages
    )
    return FunnelView(
        statement=plan.goal.statement if plan.goal else "",
        facts=_facts(ctx),
        rows=rows,
        show_planned=show_planned,
        gap_notes=tuple(_gap_note(ctx, closer) for closer in derived.close_gap),
        chart=_chart(ctx, coverage, show_planned) if derived.funnel.stages else None,
    )


def _facts(ctx: PlanContext) -> tuple[Fact, ...]:
    goal, fmt, t = ctx.plan.goal, ctx.fmt, ctx.t
    if goal is None or goal.revenue is None:
        return ()
    facts = [Fact(t["revenue_goal"], fmt.money(goal.revenue))]
    facts.append(Fact(t["average_deal"], fmt.money(goal.average_deal)))
    facts.append(Fact(t["deals_needed"], fmt.number(ctx.derived.funnel.deals)))
    facts.append(Fact(t["goal_by"], fmt.date(ctx.derived.funnel.goal_by)))
    return tuple(facts)


def _stage_row(
    ctx: PlanContext, stage: StageNeed, cov: Coverage | None, show_planned: bool
) -> StageRow:
    fmt = ctx.fmt
    short = bool(cov and cov.gap)
    return StageRow(
        name=stage.name,
        rate=fmt.percent(stage.rate),
        need=fmt.number(stage.shown),
        by=fmt.date(stage.by),
        late=stage.by is not None and stage.by < ctx.plan.period.start,
        planned=fmt.number(cov.planned) if cov else fmt.number(None),
        coverage=fmt.percent(cov.ratio) if cov else fmt.percent(None),
        gap=fmt.number(cov.gap) if short and cov else fmt.number(None),
        css="" if not show_planned or not cov or cov.need is None else _coverage_css(short),
    )


def _coverage_css(short: bool) -> str:
    return "planpub-short" if short else "planpub-covered"


def _gap_note(ctx: PlanContext, closer: GapCloser) -> str:
    fmt, t = ctx.fmt, ctx.t
    options = [
        t["gap_option"].format(
            program=ctx.name("program", option.program),
            more=fmt.number(option.more),
            budget=fmt.money(option.budget),
        )
        for option in closer.options
    ]
    intro = t["gap_intro"].format(stage=ctx.name("stage", closer.stage), gap=fmt.number(closer.gap))
    if not options:
        return f"{intro} {t['gap_no_option']}"
    return f"{intro} {t['gap_or'].join(options)}"


def _chart(ctx: PlanContext, coverage: dict[str, Coverage], show_planned: bool) -> Chart:
    rows = []
    for stage in ctx.derived.funnel.stages:
        cov = coverage.get(stage.id)
        planned: Fraction | None = cov.planned if cov and show_planned else None
        rows.append(FunnelRow(stage.name, stage.shown, planned, _caption(ctx, stage, planned)))
    return funnel_chart("planpub-funnel-chart", ctx.t["funnel_chart"], rows)


def _caption(ctx: PlanContext, stage: StageNeed, planned: Fraction | None) -> str:
    fmt, t = ctx.fmt, ctx.t
    parts = []
    if stage.shown is not None:
        parts.append(t["chart_need"].format(value=fmt.number(stage.shown)))
    if planned is not None:
        parts.append(t["chart_planned"].format(value=fmt.number(planned)))
    return " · ".join(parts)
