"""Every number that follows from a plan, computed once for the site, `show`, and `diff`.

`derive(plan)` runs the funnel, schedule, money and KPI logic and returns one frozen `Derived`.
`derived_to_json` and `plan_to_json` turn derived numbers and inputs into plain JSON data:
integral numbers become ints, others floats, dates ISO strings, and keys keep a stable order.
`findings(plan)` lists what the engine itself warns about (PP4xx).
"""

from __future__ import annotations

import dataclasses
import math
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, TypeAlias

from planpub.diagnostics import Finding
from planpub.funnel import (
    Coverage,
    FunnelNeed,
    GapCloser,
    close_gap,
    coverage,
    funnel_need,
    lag_findings,
)
from planpub.kpis import KpiProgress, kpi_progress
from planpub.model import Period, Plan
from planpub.money import (
    BudgetSummary,
    Pacing,
    ProgramResults,
    annual_cost,
    budget_summary,
    pacing,
    planned_results,
    program_results,
)
from planpub.records import record
from planpub.schedule import Event, ScheduledReview, calendar, reviews, schedule_findings

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

JsonValue: TypeAlias = "bool | int | float | str | list[JsonValue] | dict[str, JsonValue] | None"
JsonObject: TypeAlias = dict[str, JsonValue]

PLAN_KEYS_LEFT_OUT = ("source", "body")  # where the plan came from, and its Markdown text


@record
class WorkflowCost:
    """What a recurring workflow costs a year: hours x runs a month x 12 x hourly cost."""

    name: str
    id: str | None
    annual_cost: Fraction


@record
class Derived:
    """Everything computed from one plan: funnel needs, program yields, coverage, budget, KPIs."""

    period: Period
    funnel: FunnelNeed
    programs: tuple[ProgramResults, ...]
    planned: dict[str, Fraction]  # expected results of all programs, per stage
    coverage: tuple[Coverage, ...]  # one per funnel stage
    close_gap: tuple[GapCloser, ...]  # one per stage short of its need
    budget: BudgetSummary
    pacing: Pacing
    kpis: tuple[KpiProgress, ...]
    reviews: tuple[ScheduledReview, ...]
    calendar: tuple[Event, ...]
    workflows: tuple[WorkflowCost, ...]
    findings: tuple[Finding, ...]


def derive(plan: Plan) -> Derived:
    """Funnel need, program results, coverage, budget, pacing, KPIs and calendar of a plan."""
    need = funnel_need(plan)
    programs = tuple(program_results(program, plan.period) for program in plan.programs)
    planned = planned_results(programs)
    stage_coverage = coverage(need.stages, planned)
    last_stage = need.stages[-1].id if need.stages else None
    planned_deals = planned.get(last_stage, Fraction(0)) if last_stage else None
    return Derived(
        period=plan.period,
        funnel=need,
        programs=programs,
        planned=planned,
        coverage=stage_coverage,
        close_gap=close_gap(
            stage_coverage,
            {p.id: p.yields for p in programs},
            {p.id: p.cost_per for p in programs},
        ),
        budget=budget_summary(plan, planned_deals),
        pacing=pacing(plan.period, plan.budget.total if plan.budget else None, _paced_need(need)),
        kpis=tuple(kpi_progress(kpi, plan.period) for kpi in plan.kpis),
        reviews=reviews(plan),
        calendar=calendar(plan),
        workflows=tuple(WorkflowCost(w.name, w.id, annual_cost(w)) for w in plan.workflows),
        findings=tuple(_findings(plan, need)),
    )


def _paced_need(need: FunnelNeed) -> dict[str, int]:
    """Whole needs to pace by month: the shown need, rounded up where it is kept exact."""
    return {s.id: math.ceil(s.shown) for s in need.stages if s.shown is not None}


def findings(plan: Plan) -> list[Finding]:
    """What the engine warns about in a valid plan: PP401 late stages, PP402 empty schedules."""
    return _findings(plan, funnel_need(plan))


def _findings(plan: Plan, need: FunnelNeed) -> list[Finding]:
    return lag_findings(need, plan.period.start) + schedule_findings(plan)


def json_number(value: Fraction | int | None) -> int | float | None:
    """Integral numbers as ints, others as floats, None as null."""
    if value is None:
        return None
    if isinstance(value, int) or value.denominator == 1:
        return int(value)
    return float(value)


def derived_to_json(derived: Derived) -> JsonObject:
    """Derived numbers as JSON data (PLAN-FORMAT section 6), fields in `Derived`'s order.

    Coverage is an object keyed by stage id; budget by focus area is a list of
    `{focus, allocated}` with `focus: null` for programs outside any focus area.
    """
    data = _fields_json(derived)
    data["coverage"] = {c.stage: to_json(c) for c in derived.coverage}
    data["budget"] = _budget_json(derived.budget)
    return data


def _budget_json(budget: BudgetSummary) -> JsonObject:
    data = _fields_json(budget)
    data["by_focus"] = [
        {"focus": focus, "allocated": json_number(amount)}
        for focus, amount in budget.by_focus.items()
    ]
    return data


def plan_to_json(plan: Plan) -> JsonObject:
    """The plan's inputs as JSON data, in model order, without `source` and `body`."""
    data = _fields_json(plan)
    return {key: value for key, value in data.items() if key not in PLAN_KEYS_LEFT_OUT}


def _fields_json(value: DataclassInstance) -> JsonObject:
    return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}


def to_json(value: object) -> JsonValue:
    """JSON data of a model or derived value: dataclasses become objects in field order."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Fraction):
        return json_number(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Period):
        return str(value)
    if isinstance(value, tuple | list):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_json(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _fields_json(value)
    raise TypeError(f"no JSON form for {type(value).__name__}")
