"""The reverse funnel: from a revenue goal back to the volume each stage needs, and by when.

`deals = goal.revenue / goal.average_deal`; the last stage needs the deals and every stage above
needs the next stage's need divided by its conversion rate: 10 deals at a 10% rate need 100
engaged contacts. The chain is exact (`Fraction`); `shown` is the need rounded for display.

With `days` (typical days to reach the next stage), a stage must be reached by the goal date
minus the days still ahead of it. A date before the period starts is a warning (PP401): those
contacts had to be created last quarter.

Coverage compares what the programs are expected to bring (`planned`) with the need.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from fractions import Fraction

from planpub.diagnostics import Finding
from planpub.model import Goal, Plan, Rounding, Stage
from planpub.records import record


@record
class StageNeed:
    """One funnel stage worked back from the goal: how many are needed, and by when."""

    id: str
    name: str
    rate: Fraction | None  # share of this stage reaching the next; None on the last stage
    days: int | None
    need: Fraction | None  # exact; None when the plan has no revenue goal to work back from
    shown: Fraction | None  # need rounded by the funnel's rounding (exact with "none")
    by: date | None  # when the stage must be reached; None without the days to work it out


@record
class FunnelNeed:
    """The deals a goal needs and the volume each stage must reach for them."""

    deals: Fraction | None
    rounding: Rounding
    goal_by: date  # the goal's date, or the end of the period
    stages: tuple[StageNeed, ...]


@record
class Coverage:
    """Planned volume against the need of one stage; `gap` and `surplus` are never negative."""

    stage: str
    planned: Fraction
    need: Fraction | None
    ratio: Fraction | None  # planned / need; None without a positive need
    gap: Fraction | None
    surplus: Fraction | None


@record
class GapOption:
    """Closing a stage's gap with one program alone: `more` occurrences of it.

    For an always-on program (one occurrence per period) `more` counts extra periods' worth of
    its yield, i.e. how many times its current effort must be added.
    """

    program: str
    per_occurrence: Fraction  # the program's yield on the stage
    more: int
    budget: Fraction | None  # at the program's current cost per occurrence; None if unknown


@record
class GapCloser:
    """A stage whose programs fall short of its need, and what would close the gap."""

    stage: str
    gap: Fraction
    options: tuple[GapOption, ...]


def goal_deals(goal: Goal | None) -> Fraction | None:
    """New customers the goal needs, or None when revenue or a positive average deal is missing."""
    if goal is None or goal.revenue is None or not goal.average_deal:
        return None
    return goal.revenue / goal.average_deal


def stage_needs(stages: Sequence[Stage], deals: Fraction | None) -> tuple[Fraction | None, ...]:
    """The exact need of each stage, worked back from the deals at the last one.

    A stage above a missing or zero rate has no computable need (None), and so has every stage
    above it.
    """
    needs: list[Fraction | None] = [None] * len(stages)
    below = deals
    for i in reversed(range(len(stages))):
        if i < len(stages) - 1:
            rate = stages[i].rate
            below = below / rate if below is not None and rate else None
        needs[i] = below
    return tuple(needs)


def shown(need: Fraction, rounding: Rounding) -> Fraction:
    """The need as a planner reads it: rounded up (ceil), half up, or exact ("none")."""
    if rounding == "ceil":
        return Fraction(math.ceil(need))
    if rounding == "half-up":
        return Fraction(math.floor(need + Fraction(1, 2)))
    return need


def by_dates(stages: Sequence[Stage], goal_by: date) -> tuple[date | None, ...]:
    """Latest date each stage must be reached: `goal_by - sum(days[i..last-1])`.

    The last stage is due on `goal_by`; a stage without `days` (and every stage above it) has
    no date.
    """
    dates: list[date | None] = [None] * len(stages)
    later: date | None = goal_by
    for i in reversed(range(len(stages))):
        if i < len(stages) - 1:
            days = stages[i].days
            later = _days_before(later, days) if later is not None and days is not None else None
        dates[i] = later
    return tuple(dates)


def _days_before(day: date, days: int) -> date:
    """`days` before `day`, or the first day of the calendar when that is earlier."""
    try:
        return day - timedelta(days=days)
    except OverflowError:
        return date.min


def funnel_need(plan: Plan) -> FunnelNeed:
    """Deals, need and by-date of each stage of the plan's funnel (no stages without a funnel)."""
    deals = goal_deals(plan.goal)
    goal_by = (plan.goal.by if plan.goal else None) or plan.period.end
    funnel = plan.funnel
    stages = funnel.stages if funnel is not None else ()
    rounding: Rounding = funnel.rounding if funnel is not None else "ceil"
    needs = stage_needs(stages, deals)
    dates = by_dates(stages, goal_by)
    return FunnelNeed(
        deals=deals,
        rounding=rounding,
        goal_by=goal_by,
        stages=tuple(
            StageNeed(
                id=stage.id,
                name=stage.name,
                rate=stage.rate,
                days=stage.days,
                need=need,
                shown=None if need is None else shown(need, rounding),
                by=by,
            )
            for stage, need, by in zip(stages, needs, dates, strict=True)
        ),
    )


def lag_findings(need: FunnelNeed, period_start: date) -> list[Finding]:
    """PP401 for each stage that must be reached before the period starts."""
    return [
        Finding(
            code="PP401",
            severity="warning",
            path=f"funnel.stages[{i}].days",
            message=(
                f"'{stage.id}' must be reached by {stage.by.isoformat()}, before the period "
                f"starts on {period_start.isoformat()}: these contacts had to be created "
                "last quarter"
            ),
            hint="count them in the previous quarter's plan, move the goal date, or plan on "
            "shorter days to convert",
        )
        for i, stage in enumerate(need.stages)
        if stage.by is not None and stage.by < period_start
    ]


def coverage(stages: Sequence[StageNeed], planned: Mapping[str, Fraction]) -> tuple[Coverage, ...]:
    """Planned volume against the need, stage by stage."""
    return tuple(
        _stage_coverage(stage.id, planned.get(stage.id, Fraction(0)), stage.need)
        for stage in stages
    )


def _stage_coverage(stage: str, planned: Fraction, need: Fraction | None) -> Coverage:
    if need is None:
        return Coverage(stage, planned, None, None, None, None)
    return Coverage(
        stage=stage,
        planned=planned,
        need=need,
        ratio=planned / need if need > 0 else None,
        gap=max(need - planned, Fraction(0)),
        surplus=max(planned - need, Fraction(0)),
    )


def close_gap(
    stages: Sequence[Coverage],
    yields: Mapping[str, Mapping[str, Fraction]],
    costs: Mapping[str, Mapping[str, Fraction | None]],
) -> tuple[GapCloser, ...]:
    """For each stage short of its need, how many more occurrences of each program would close it.

    `yields` and `costs` are keyed by program id, then stage id: yield per occurrence and cost
    per stage result. Only programs with a positive yield on the stage are options.
    """
    closers = []
    for cov in stages:
        gap = cov.gap
        if not gap:
            continue
        options = tuple(
            _option(program, gap, per_stage[cov.stage], costs.get(program, {}).get(cov.stage))
            for program, per_stage in yields.items()
            if per_stage.get(cov.stage, 0) > 0
        )
        closers.append(GapCloser(cov.stage, gap, options))
    return tuple(closers)


def _option(
    program: str, gap: Fraction, per_occurrence: Fraction, cost_per: Fraction | None
) -> GapOption:
    more = math.ceil(gap / per_occurrence)
    budget = None if cost_per is None else cost_per * per_occurrence * more
    return GapOption(program, per_occurrence, more, budget)
