"""`planpub new`: the next quarter's draft plan, started from an earlier quarter's plan.

Carried over: owner, currency, locale, goal, funnel, focus areas, programs, KPIs, budget,
workflows and SWOT. Changed on the way:

- status becomes `draft`; the title is dropped (the default title names the new quarter);
- each KPI's baseline becomes the latest actual of the earlier quarter; a KPI without actuals
  keeps its baseline (nothing was measured, so the known starting point has not moved). Targets
  and relative `change`s stay as written: review them against the new baselines;
- actuals and reviews are cleared (the new quarter gets its default reviews);
- `renamed_from` notes are dropped: they described the earlier quarter;
- dates move by the distance between the quarters (one quarter: three months), keeping the day of
  month, clamped to shorter months; a date on the last day of its month stays on the last day.
  Schedules, deadlines and KPI due dates that would still fall outside the new quarter are clamped
  into it; `goal.by` may lie after the quarter, and is dropped (the end of the quarter) if it
  would fall before it starts.

`front_matter(plan)` turns a plan back into plain data in the format's key order, for
`yaml.safe_dump`: rates and percentages as "10%" strings, dates as dates, whole amounts as ints.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from planpub import spec
from planpub.kpis import latest_actual
from planpub.model import Goal, Kpi, Period, Plan, Program, Schedule, days_in_month
from planpub.schedule import add_months

DateMove = Callable[[date | None], date | None]
NOTE = (
    "> **Draft for {period}**, started from {previous} with `planpub new`: focus areas, "
    "programs and KPIs are carried over, KPI baselines are {previous}'s latest actuals and dates "
    "moved by {months} months. Review the goal, the numbers and this text before approval."
)


def months_between(earlier: Period, later: Period) -> int:
    """Whole months from one quarter's start to another's (negative when `later` is earlier)."""
    return (later.year - earlier.year) * 12 + later.start.month - earlier.start.month


def shift_date(day: date, months: int) -> date:
    """`day` moved by whole months; the last day of a month stays the last day of its month."""
    moved = add_months(day, months)
    if day.day == days_in_month(day.year, day.month):
        return moved.replace(day=days_in_month(moved.year, moved.month))
    return moved


def next_quarter_plan(previous: Plan, period: Period, source: str = "") -> Plan:
    """The draft plan of `period`, carried over from `previous` (see the module notes)."""
    months = months_between(previous.period, period)

    def within(day: date | None) -> date | None:
        if day is None:
            return None
        return min(max(shift_date(day, months), period.start), period.end)

    return Plan(
        source=source,
        period=period,
        owner=previous.owner,
        status="draft",
        currency=previous.currency,
        locale=previous.locale,
        goal=_goal(previous.goal, months, period),
        funnel=previous.funnel,
        focus_areas=tuple(dataclasses.replace(a, renamed_from=None) for a in previous.focus_areas),
        programs=tuple(_program(p, within) for p in previous.programs),
        kpis=tuple(_kpi(k, within) for k in previous.kpis),
        budget=previous.budget,
        workflows=previous.workflows,
        swot=previous.swot,
        body=_body(previous, period, months),
    )


def _goal(goal: Goal | None, months: int, period: Period) -> Goal | None:
    if goal is None or goal.by is None:
        return goal
    by = shift_date(goal.by, months)
    return dataclasses.replace(goal, by=by if by >= period.start else None)


def _program(program: Program, within: DateMove) -> Program:
    schedule = program.schedule
    if schedule is not None:
        schedule = Schedule(
            schedule.cadence, within(schedule.start), within(schedule.end), schedule.promote_days
        )
    return dataclasses.replace(
        program, schedule=schedule, deadline=within(program.deadline), renamed_from=None
    )


def _kpi(kpi: Kpi, within: DateMove) -> Kpi:
    latest = latest_actual(kpi.actuals)
    baseline = latest.value if latest is not None else kpi.baseline
    return dataclasses.replace(
        kpi, baseline=baseline, actuals=(), due=within(kpi.due), renamed_from=None
    )


def _body(previous: Plan, period: Period, months: int) -> str:
    note = NOTE.format(period=period, previous=previous.period, months=months)
    return f"{note}\n\n{previous.body.lstrip()}"


# -- back to front matter ------------------------------------------------------------------------


def front_matter(plan: Plan) -> dict[str, Any]:
    """The plan as plain data for `yaml.safe_dump`, keys in the format's order."""
    data = _object(spec.PLAN, plan, percent=False)
    data["status"] = plan.status  # always said, even when it is the default
    return {key: data[key] for key in spec.PLAN.fields if key in data}


def _object(shape: spec.Obj, value: object, percent: bool) -> dict[str, Any]:
    if isinstance(value, Kpi):
        percent = value.unit == "percent"
    defaults = {f.name: f.default for f in dataclasses.fields(value)}  # type: ignore[arg-type]
    out: dict[str, Any] = {}
    for name, sub in shape.fields.items():
        field_value = getattr(value, name, None)
        if name not in shape.required and _is_default(field_value, defaults.get(name)):
            continue
        out[name] = _value(sub, field_value, percent)
    return {key: item for key, item in out.items() if item not in ({}, [])}


def _is_default(value: object, default: object) -> bool:
    return value in (None, "", (), {}) or value == default


def _value(shape: spec.Spec, value: Any, percent: bool) -> Any:
    if isinstance(shape, spec.Obj):
        return _object(shape, value, percent)
    if isinstance(shape, spec.Seq):
        return [_value(shape.item, item, percent) for item in value]
    if isinstance(shape, spec.IdMap):
        return {key: _value(shape.value, item, percent) for key, item in value.items()}
    return _scalar(shape, value, percent)


def _scalar(shape: spec.Scalar, value: Any, percent: bool) -> Any:
    kind = shape.kind
    if kind == "rate" or (kind == "quantity" and percent):
        return percent_text(value)
    if kind == "change":
        return ("+" if value >= 0 else "") + percent_text(value)
    if kind in ("number", "quantity"):
        return plain_amount(value)
    if kind == "period":
        return str(value)
    return value


def plain_amount(value: Fraction) -> int | float:
    """A whole amount as an int; others as the shortest float that reads back exactly."""
    return int(value) if value.denominator == 1 else float(value)


def percent_text(value: Fraction) -> str:
    """A share of one as an exact percentage when it has one: 1/8 -> "12.5%"."""
    hundred = value * 100
    if hundred.denominator == 1:
        return f"{hundred.numerator}%"
    exact = Decimal(hundred.numerator) / Decimal(hundred.denominator)
    return f"{exact.normalize():f}%" if Fraction(exact) == hundred else f"{float(hundred)}%"
