"""The derived numbers `planpub diff` compares, flattened to `path -> (value, unit)`.

They come from the same `derive()` the site and `planpub show` use: the funnel need (rounded, as a
planner reads it), the date each stage must be reached, coverage, budget, each program's
occurrences and expected results, each KPI's target and status, and each workflow's annual cost.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from planpub.derive import Derived
from planpub.model import Plan

ValueUnit = Literal["money", "percent", "number", "date", "text", "item"]
KPI_UNITS: dict[str, ValueUnit] = {"percent": "percent", "currency": "money"}

Values = dict[str, tuple[object, ValueUnit]]
Renames = Mapping[str, Mapping[str, str]]


def derived_values(plan: Plan, derived: Derived, renames: Renames) -> Values:
    """The derived numbers a reviewer compares, by path.

    `renames["programs"]` and `renames["kpis"]` map ids of this plan to the ids they were renamed
    to, so an older plan's numbers line up with the newer plan's.
    """
    values: Values = {"funnel.deals": (derived.funnel.deals, "number")}
    for stage in derived.funnel.stages:
        values[f"funnel.stages[{stage.id}].need"] = (stage.shown, "number")
        values[f"funnel.stages[{stage.id}].by"] = (stage.by, "date")
    for cov in derived.coverage:
        values[f"coverage[{cov.stage}].planned"] = (cov.planned, "number")
        values[f"coverage[{cov.stage}].ratio"] = (cov.ratio, "percent")
        values[f"coverage[{cov.stage}].gap"] = (cov.gap, "number")
    budget = derived.budget
    values["budget.allocated"] = (budget.allocated, "money")
    values["budget.remaining"] = (budget.remaining, "money")
    values["budget.cost_per_deal"] = (budget.cost_per_deal, "money")
    values["budget.expected_return"] = (budget.expected_return, "percent")
    values.update(_program_values(derived, renames.get("programs", {})))
    values.update(_kpi_values(plan, derived, renames.get("kpis", {})))
    for workflow in derived.workflows:
        values[f"workflows[{workflow.id or workflow.name}].annual_cost"] = (
            workflow.annual_cost,
            "money",
        )
    return values


def _program_values(derived: Derived, rename: Mapping[str, str]) -> Values:
    values: Values = {}
    for program in derived.programs:
        path = f"programs[{rename.get(program.id, program.id)}]"
        values[f"{path}.occurrences"] = (program.count, "number")
        for stage, expected in program.expected.items():
            values[f"{path}.expected.{stage}"] = (expected, "number")
    return values


def _kpi_values(plan: Plan, derived: Derived, rename: Mapping[str, str]) -> Values:
    values: Values = {}
    for kpi, progress in zip(plan.kpis, derived.kpis, strict=True):
        path = f"kpis[{rename.get(kpi.id, kpi.id)}]"
        values[f"{path}.target"] = (progress.target, KPI_UNITS.get(kpi.unit, "number"))
        values[f"{path}.status"] = (progress.status, "text")
    return values
