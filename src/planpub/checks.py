"""Checks that need the whole plan: references, dates in the period, budget, KPI definitions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from planpub.diagnostics import Finding
from planpub.funnel import goal_deals, stage_needs
from planpub.model import Kpi, Plan, Program
from planpub.money import allocated_budget, plain_number
from planpub.spec import MAX_AMOUNT

HALF = 0.5


def check_plan(plan: Plan, raw: dict[str, Any]) -> list[Finding]:
    """Every semantic problem of one plan; `raw` is the front matter as written (for spellings)."""
    places = _places(plan, raw)
    findings = [
        *_owner(plan),
        *_goal(plan),
        *_funnel(plan),
        *_programs(plan),
        *_kpis(plan, raw, places["kpis"]),
        *_reviews(plan),
        *_budget(plan),
    ]
    return [_in_file(finding, places) for finding in findings]


def _places(plan: Plan, raw: dict[str, Any]) -> dict[str, list[int]]:
    """For each list, where each item of the plan stands in the file.

    Items reported as invalid are left out of the plan, so the plan's third program may be the
    file's fourth; paths must name the file's.
    """
    funnel = raw.get("funnel")
    stages = funnel.get("stages") if isinstance(funnel, dict) else None
    reviews = [(review.kind, review.date.isoformat()) for review in plan.reviews]
    places = {
        "funnel.stages": _indices(
            stages, [s.id for s in plan.funnel.stages] if plan.funnel else []
        ),
        "programs": _indices(raw.get("programs"), [p.id for p in plan.programs]),
        "kpis": _indices(raw.get("kpis"), [k.id for k in plan.kpis]),
        "reviews": _indices(raw.get("reviews"), reviews, _review_key),
    }
    raw_kpis = raw.get("kpis")
    for kpi, place in zip(plan.kpis, places["kpis"], strict=True):
        item = raw_kpis[place] if isinstance(raw_kpis, list) and place < len(raw_kpis) else {}
        actuals = item.get("actuals") if isinstance(item, dict) else None
        dates = [actual.date.isoformat() for actual in kpi.actuals]
        places[f"kpis[{place}].actuals"] = _indices(actuals, dates, _date_key)
    return places


def _id_key(item: dict[str, Any]) -> Any:
    return item.get("id")


def _review_key(item: dict[str, Any]) -> Any:
    return (item.get("kind"), str(item.get("date")))


def _date_key(item: dict[str, Any]) -> Any:
    return str(item.get("date"))


def _indices(
    listed: Any, wanted: list[Any], key: Callable[[dict[str, Any]], Any] = _id_key
) -> list[int]:
    items = listed if isinstance(listed, list) else []
    found: list[int] = []
    start = 0
    for index, want in enumerate(wanted):
        match = next(
            (
                i
                for i in range(start, len(items))
                if isinstance(items[i], dict) and key(items[i]) == want
            ),
            None,
        )
        found.append(index if match is None else match)
        start = start if match is None else match + 1
    return found


def _in_file(finding: Finding, places: dict[str, list[int]]) -> Finding:
    """The finding with its path's list indices turned into the file's (lists, then nested)."""
    path = finding.path
    for name, indices in places.items():
        if path.startswith(f"{name}["):
            index, _, rest = path[len(name) + 1 :].partition("]")
            if index.isdigit() and int(index) < len(indices):
                path = f"{name}[{indices[int(index)]}]{rest}"
    return replace(finding, path=path)


def _owner(plan: Plan) -> Iterator[Finding]:
    if plan.period.is_quarter and not plan.owner:
        yield Finding(
            "PP120",
            "owner",
            "this quarter's plan has no owner",
            "add 'owner: <name>' so readers know who is accountable",
            "warning",
        )


def _goal(plan: Plan) -> Iterator[Finding]:
    goal = plan.goal
    if goal is None:
        return
    if (goal.revenue is None) != (goal.average_deal is None):
        missing = "average_deal" if goal.average_deal is None else "revenue"
        yield Finding(
            "PP116",
            f"goal.{missing}",
            "goal needs both revenue and average_deal",
            f"add goal.{missing} so deals = revenue / average_deal can be computed",
        )
    if goal.average_deal == 0:
        yield Finding(
            "PP115",
            "goal.average_deal",
            "average_deal is 0: deals cannot be computed",
            "use the average first-year revenue of a new customer",
        )


def _funnel(plan: Plan) -> Iterator[Finding]:
    if plan.funnel is None:
        return
    stages = plan.funnel.stages
    for index, stage in enumerate(stages):
        path = f"funnel.stages[{index}]"
        last = index == len(stages) - 1
        if last and stage.rate is not None:
            yield Finding(
                "PP118",
                f"{path}.rate",
                "the last stage (new customers) has no next stage",
                "remove its rate",
                "warning",
            )
        elif not last and stage.rate is None:
            yield Finding(
                "PP104",
                f"{path}.rate",
                f"stage '{stage.id}' needs a rate",
                f"the share of '{stage.id}' that reaches '{stages[index + 1].id}', e.g. 10%",
            )
        elif not last and stage.rate == 0:
            yield Finding(
                "PP115",
                f"{path}.rate",
                "a rate of 0% means no one reaches the next stage",
                "use the observed rate; the need per stage divides by it",
            )
    yield from _implausible_need(plan)


def _implausible_need(plan: Plan) -> Iterator[Finding]:
    """The first stage, from the bottom, whose need passes MAX_AMOUNT: a rate far too small."""
    stages = plan.funnel.stages if plan.funnel else ()
    needs = stage_needs(stages, goal_deals(plan.goal))
    for index in reversed(range(len(stages))):
        need = needs[index]
        if need is not None and need > MAX_AMOUNT:
            last = index == len(stages) - 1
            yield Finding(
                "PP403",
                "goal.average_deal" if last else f"funnel.stages[{index}].rate",
                f"stage '{stages[index].id}' would need more than {MAX_AMOUNT:,}",
                "check goal.average_deal and the rates: 0.01 is 1%, 0.0001 is 0.01%",
            )
            return


def _in_period(plan: Plan, day: date | None, path: str, what: str) -> Iterator[Finding]:
    if day is not None and not plan.period.contains(day):
        yield Finding(
            "PP108",
            path,
            f"{what} {day.isoformat()} is outside {plan.period} "
            f"({plan.period.start.isoformat()} to {plan.period.end.isoformat()})",
            "move it into the period, or into the plan of the period it belongs to",
        )


def _programs(plan: Plan) -> Iterator[Finding]:
    focus_ids = {area.id for area in plan.focus_areas}
    kpi_ids = {kpi.id for kpi in plan.kpis}
    stage_ids = [stage.id for stage in plan.funnel.stages] if plan.funnel else []
    for index, program in enumerate(plan.programs):
        path = f"programs[{index}]"
        if program.focus and program.focus not in focus_ids:
            yield _unknown_ref(f"{path}.focus", program.focus, "focus area", sorted(focus_ids))
        if program.metric and program.metric not in kpi_ids:
            yield _unknown_ref(f"{path}.metric", program.metric, "KPI", sorted(kpi_ids))
        if program.kind == "experiment" and not program.hypothesis:
            yield Finding(
                "PP111",
                f"{path}.kind",
                f"experiment '{program.id}' has no hypothesis",
                "add 'hypothesis: By doing X we expect Y to move from A to B'",
            )
        for stage in program.yields or {}:
            if stage not in stage_ids:
                yield _unknown_ref(f"{path}.yields.{stage}", stage, "funnel stage", stage_ids)
        yield from _program_dates(plan, program, path)


def _program_dates(plan: Plan, program: Program, path: str) -> Iterator[Finding]:
    schedule = program.schedule
    if schedule is not None:
        yield from _in_period(plan, schedule.start, f"{path}.schedule.start", "start")
        yield from _in_period(plan, schedule.end, f"{path}.schedule.end", "end")
        if schedule.start and schedule.end and schedule.start > schedule.end:
            yield Finding(
                "PP117",
                f"{path}.schedule.end",
                f"end {schedule.end.isoformat()} is before start {schedule.start.isoformat()}",
                "swap the dates",
            )
    yield from _in_period(plan, program.deadline, f"{path}.deadline", "deadline")


def _unknown_ref(path: str, value: str, what: str, known: list[str]) -> Finding:
    hint = f"known: {', '.join(known)}" if known else f"this plan defines no {what}s"
    return Finding("PP107", path, f"'{value}' is not a {what} of this plan", hint)


def _kpis(plan: Plan, raw: dict[str, Any], places: list[int]) -> Iterator[Finding]:
    listed = raw.get("kpis")
    raw_kpis: list[Any] = listed if isinstance(listed, list) else []
    for index, kpi in enumerate(plan.kpis):
        path = f"kpis[{index}]"
        if (kpi.target is None) == (kpi.change is None):
            both = kpi.target is not None
            yield Finding(
                "PP110",
                f"{path}.{'change' if both else 'target'}",
                f"KPI '{kpi.id}' needs exactly one of target or change",
                "keep target (an absolute value) or change (+25%), not both"
                if both
                else "add 'target: <value>' or 'change: +25%'",
            )
        elif kpi.target is not None and kpi.target == kpi.baseline:
            yield Finding(
                "PP119",
                f"{path}.target",
                f"KPI '{kpi.id}' target equals its baseline",
                "set a target that moves the KPI",
                "warning",
            )
        yield from _in_period(plan, kpi.due, f"{path}.due", "due date")
        for number, actual in enumerate(kpi.actuals):
            yield from _in_period(plan, actual.date, f"{path}.actuals[{number}].date", "actual")
        place = places[index]
        item = (
            raw_kpis[place] if place < len(raw_kpis) and isinstance(raw_kpis[place], dict) else {}
        )
        yield from _percent_spellings(kpi, item, path)


def _percent_spellings(kpi: Kpi, raw: dict[str, Any], path: str) -> Iterator[Finding]:
    if kpi.unit != "percent":
        return
    values = [("baseline", raw.get("baseline")), ("target", raw.get("target"))]
    listed = raw.get("actuals")
    actuals: list[Any] = listed if isinstance(listed, list) else []
    values += [
        (f"actuals[{i}].value", a.get("value"))
        for i, a in enumerate(actuals)
        if isinstance(a, dict)
    ]
    for key, value in values:
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 1:
            yield Finding(
                "PP102",
                f"{path}.{key}",
                f"expected a percentage, got {value}",
                f'write "{value}%" or {value / 100:g}',
            )


def _reviews(plan: Plan) -> Iterator[Finding]:
    for index, review in enumerate(plan.reviews):
        yield from _in_period(plan, review.date, f"reviews[{index}].date", f"{review.kind} review")


def _budget(plan: Plan) -> Iterator[Finding]:
    if plan.budget is None:
        return
    total = plan.budget.total
    allocated = allocated_budget(plan)
    if allocated > total:
        yield Finding(
            "PP201",
            "budget.total",
            f"programs allocate {plain_number(allocated)}, "
            f"above the budget of {plain_number(total)}",
            f"cut {plain_number(allocated - total)} from programs or raise budget.total",
        )
    if allocated > total:
        return
    for index, program in enumerate(plan.programs):
        if total > 0 and program.budget > HALF * total:
            share = round(100 * program.budget / total)
            yield Finding(
                "PP202",
                f"programs[{index}].budget",
                f"'{program.id}' takes {share}% of the budget "
                f"({plain_number(program.budget)} of {plain_number(total)})",
                "one program above half the budget is a concentrated bet: "
                "justify it with data or narrow its scope",
                "warning",
            )
