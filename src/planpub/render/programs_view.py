"""The programs section: the seeds' calendar table, one row per tactic, and the focus areas."""

from __future__ import annotations

from dataclasses import dataclass

from planpub.model import Program
from planpub.money import ProgramResults
from planpub.render.context import PlanContext


@dataclass(eq=False)
class FocusRow:
    name: str
    why: str
    hypothesis: str


@dataclass(eq=False)
class ProgramRow:
    name: str
    kind: str  # program | campaign | experiment, for CSS
    kind_label: str
    focus: str
    hypothesis: str
    metric: str  # the KPI an experiment moves
    expected: tuple[str, ...]  # "15 Engaged contacts handed to Sales (5 x 3)"
    also: str  # expected counts outside the funnel: "also: 300 registered, 90 attended"
    yield_note: str  # where the yields come from, when from the program's history
    cadence: str
    dates: tuple[str, ...]
    promotion: str
    existing_assets: str
    needed_assets: str
    deadline: str
    deadline_note: str
    owner: str
    budget: str
    cost_per: tuple[str, ...]  # "Engaged contacts: $1,200"


@dataclass(eq=False)
class ProgramsView:
    focus_areas: tuple[FocusRow, ...]
    rows: tuple[ProgramRow, ...]


def programs_view(ctx: PlanContext) -> ProgramsView | None:
    plan = ctx.plan
    if not plan.programs and not plan.focus_areas:
        return None
    results = {r.id: r for r in ctx.derived.programs}
    return ProgramsView(
        focus_areas=tuple(FocusRow(f.name, f.why, f.hypothesis) for f in plan.focus_areas),
        rows=tuple(_row(ctx, p, results[p.id]) for p in plan.programs),
    )


def _row(ctx: PlanContext, program: Program, result: ProgramResults) -> ProgramRow:
    fmt, t = ctx.fmt, ctx.t
    schedule = program.schedule
    return ProgramRow(
        name=program.name,
        kind=program.kind,
        kind_label=t[f"kind_{program.kind}"],
        focus=ctx.name("focus", program.focus) if program.focus else "",
        hypothesis=program.hypothesis,
        metric=ctx.name("kpi", program.metric) if program.metric else "",
        expected=_expected(ctx, result),
        also=_also(ctx, result),
        yield_note=_yield_note(ctx, program),
        cadence=t[f"cadence_{schedule.cadence}"] if schedule else t["cadence_always_on"],
        dates=tuple(fmt.day_month(day) for day in result.occurrences),
        promotion=_promotion(ctx, program),
        existing_assets=program.assets.existing,
        needed_assets=program.assets.needed,
        deadline=fmt.date(program.deadline) if program.deadline else "",
        deadline_note=program.deadline_note,
        owner=program.owner,
        budget=fmt.money(program.budget),
        cost_per=tuple(
            f"{ctx.name('stage', stage)}: {fmt.money(cost)}"
            for stage, cost in result.cost_per.items()
            if cost is not None and ctx.is_stage(stage)
        ),
    )


def _expected(ctx: PlanContext, result: ProgramResults) -> tuple[str, ...]:
    """One line per funnel stage: "15 Engaged contacts (5 x 3)", in funnel order."""
    fmt, t = ctx.fmt, ctx.t
    lines = []
    for stage in ctx.names["stage"]:
        if stage not in result.expected:
            continue
        total, name = fmt.number(result.expected[stage]), ctx.name("stage", stage)
        if result.count > 1:
            per, count = fmt.number(result.yields[stage]), fmt.number(result.count)
            lines.append(t["expected_times"].format(total=total, stage=name, per=per, count=count))
        else:
            lines.append(f"{total} {name}")
    return tuple(lines)


def _also(ctx: PlanContext, result: ProgramResults) -> str:
    """Expected counts that are no funnel stage (a history's registrations, attendees ...)."""
    others = [
        f"{ctx.fmt.number(value)} {stage}"
        for stage, value in result.expected.items()
        if not ctx.is_stage(stage)
    ]
    return ctx.t["expected_also"].format(results=", ".join(others)) if others else ""


def _yield_note(ctx: PlanContext, program: Program) -> str:
    if program.yields is not None or program.history is None:
        return ""
    return ctx.t["yield_history"].format(runs=ctx.fmt.number(program.history.runs))


def _promotion(ctx: PlanContext, program: Program) -> str:
    if program.schedule is None or program.schedule.promote_days <= 0:
        return ""
    return ctx.t["promotion_ahead"].format(
        duration=ctx.fmt.days_ahead(program.schedule.promote_days)
    )
