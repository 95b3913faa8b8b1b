"""`planpub show`: one plan and the numbers that follow from it, as JSON or as terminal text.

Both forms come from the same `derive()` result, so they always agree with the site. The JSON form
is `{"version": 1, "period", "source", "inputs", "derived"}`; the text form is a short summary for a
terminal, in English and plain numbers (the site does localized formatting). Neither form ends with
a newline: the caller prints it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Literal

from planpub.derive import Derived, derive, derived_to_json, plan_to_json
from planpub.funnel import Coverage
from planpub.kpis import KpiProgress
from planpub.model import Plan, Unit
from planpub.money import ProgramResults, plain_number

ShowFormat = Literal["json", "text"]
FORMAT_VERSION = 1


def render_show(plan: Plan, fmt: ShowFormat) -> str:
    derived = derive(plan)
    if fmt == "json":
        return render_json(plan, derived)
    if fmt == "text":
        return render_text(plan, derived)
    raise ValueError(f"unknown format {fmt!r}: expected json or text")


def render_json(plan: Plan, derived: Derived) -> str:
    document = {
        "version": FORMAT_VERSION,
        "period": str(plan.period),
        "source": plan.source,
        "inputs": plan_to_json(plan),
        "derived": derived_to_json(derived),
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def render_text(plan: Plan, derived: Derived) -> str:
    money = _Money(plan.currency)
    sections = [
        _header(plan),
        _goal(plan, derived, money),
        _funnel(derived),
        _programs(derived.programs, money),
        _coverage(derived.coverage),
        _close_gap(derived, money),
        _budget(derived, money),
        _kpis(derived.kpis),
        _reviews(derived),
        _workflows(derived, money),
        _warnings(derived),
    ]
    return "\n\n".join("\n".join(lines) for lines in sections if lines)


class _Money:
    """Amounts with the plan's currency code after them, when the plan names one."""

    def __init__(self, currency: str | None) -> None:
        self.suffix = f" {currency}" if currency else ""

    def __call__(self, value: Fraction | None) -> str:
        return "-" if value is None else plain_number(value) + self.suffix


def percent(value: Fraction | None) -> str:
    """A share of one as a percentage with at most two decimals: 1/10 -> 10%."""
    if value is None:
        return "-"
    text = f"{float(value * 100):,.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def number(value: Fraction | None) -> str:
    return "-" if value is None else plain_number(value)


def kpi_value(value: Fraction | None, unit: Unit) -> str:
    return percent(value) if unit == "percent" else number(value)


def _pairs(values: Mapping[str, Fraction]) -> str:
    return ", ".join(f"{stage} {number(value)}" for stage, value in values.items())


def _table(rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    """Rows as left-aligned columns, the last column unpadded."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)] if rows else []
    return [
        indent + "  ".join([*(c.ljust(w) for c, w in zip(row, widths, strict=False)), row[-1]])
        for row in rows
    ]


def _header(plan: Plan) -> list[str]:
    title = f"{plan.period}  {plan.title}" if plan.title else str(plan.period)
    facts = [f"source: {plan.source}", f"status: {plan.status}"]
    if plan.owner:
        facts.append(f"owner: {plan.owner}")
    return [title, "  ".join(facts)]


def _goal(plan: Plan, derived: Derived, money: _Money) -> list[str]:
    goal = plan.goal
    if goal is None:
        return []
    lines = ["Goal"]
    if goal.statement:
        lines.append(f"  {goal.statement}")
    if derived.funnel.deals is not None:
        lines.append(
            f"  {money(goal.revenue)} / {money(goal.average_deal)} per deal = "
            f"{number(derived.funnel.deals)} deals by {derived.funnel.goal_by.isoformat()}"
        )
    return lines


def _funnel(derived: Derived) -> list[str]:
    stages = derived.funnel.stages
    if not stages:
        return []
    rows = [["id", "stage", "rate", "need", "by"]]
    for stage in stages:
        by = stage.by.isoformat() if stage.by else "-"
        rows.append([stage.id, stage.name, percent(stage.rate), number(stage.shown), by])
    return [f"Funnel (need rounded: {derived.funnel.rounding})", *_table(rows)]


def _programs(programs: Iterable[ProgramResults], money: _Money) -> list[str]:
    lines = []
    for program in programs:
        lines.append(f"  {program.id}  {program.name}: {_when(program)}")
        if program.expected:
            lines.append(f"    expected: {_pairs(program.expected)}")
            costs = ", ".join(f"{s} {money(v)}" for s, v in program.cost_per.items())
            lines.append(f"    cost per: {costs}")
    return ["Programs", *lines] if lines else []


def _when(program: ProgramResults) -> str:
    if program.always_on:
        return "always on (counts once for the period)"
    dates = ", ".join(day.isoformat() for day in program.occurrences)
    noun = "occurrence" if program.count == 1 else "occurrences"
    return f"{program.count} {noun}" + (f": {dates}" if dates else "")


def _coverage(coverage: Sequence[Coverage]) -> list[str]:
    rows = [
        [
            c.stage,
            f"planned {number(c.planned)} of {number(c.need)}",
            f"({percent(c.ratio)})",
            _gap_text(c),
        ]
        for c in coverage
        if c.need is not None
    ]
    return ["Coverage", *_table(rows)] if rows else []


def _gap_text(cov: Coverage) -> str:
    if cov.gap:
        return f"gap {number(cov.gap)}"
    return f"covered, surplus {number(cov.surplus)}" if cov.surplus else "covered"


def _close_gap(derived: Derived, money: _Money) -> list[str]:
    lines = []
    for closer in derived.close_gap:
        options = "; or ".join(
            f"{o.more} more of {o.program}" + (f" (about {money(o.budget)})" if o.budget else "")
            for o in closer.options
        )
        lines.append(f"  {closer.stage}: {options or 'no program yields this stage'}")
    return ["Close the gap", *lines] if lines else []


def _budget(derived: Derived, money: _Money) -> list[str]:
    budget = derived.budget
    if budget.total is None and not budget.allocated:
        return []
    lines = [
        "Budget",
        f"  total {money(budget.total)}, allocated {money(budget.allocated)}, "
        f"remaining {money(budget.remaining)}",
        f"  cost per deal {money(budget.cost_per_deal)}, "
        f"expected return {percent(budget.expected_return)}",
    ]
    focus = ", ".join(f"{area or '(no focus)'} {money(v)}" for area, v in budget.by_focus.items())
    if focus:
        lines.append(f"  by focus area: {focus}")
    return lines


def _kpis(kpis: Sequence[KpiProgress]) -> list[str]:
    rows = [
        [
            k.id,
            f"{kpi_value(k.baseline, k.unit)} -> {kpi_value(k.target, k.unit)} by {k.due}",
            _latest(k),
            f"progress {percent(k.progress)} (expected {percent(k.expected)})",
            k.status,
        ]
        for k in kpis
    ]
    return ["KPIs", *_table(rows)] if rows else []


def _latest(kpi: KpiProgress) -> str:
    if kpi.latest is None:
        return "no actuals"
    return f"latest {kpi_value(kpi.latest.value, kpi.unit)} on {kpi.latest.date.isoformat()}"


def _reviews(derived: Derived) -> list[str]:
    lines = [
        f"  {r.date.isoformat()}  {r.kind}"
        + (" (scheduled by default)" if r.default else "")
        + (f": {r.summary}" if r.summary else "")
        for r in derived.reviews
    ]
    return ["Reviews", *lines]


def _workflows(derived: Derived, money: _Money) -> list[str]:
    lines = [f"  {w.name}: {money(w.annual_cost)} a year" for w in derived.workflows]
    return ["Workflows", *lines] if lines else []


def _warnings(derived: Derived) -> list[str]:
    lines = [f"  {f.severity}[{f.code}] {f.path}: {f.message}" for f in derived.findings]
    return ["Warnings", *lines] if lines else []
