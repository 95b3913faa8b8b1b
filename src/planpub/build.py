"""Normalised front matter (from `schema.validate`) -> the frozen `Plan` model."""

from __future__ import annotations

from typing import Any

from planpub.model import (
    Actual,
    Assets,
    Budget,
    FocusArea,
    Funnel,
    Goal,
    History,
    Kpi,
    Plan,
    Program,
    Review,
    Schedule,
    Stage,
    Swot,
    Workflow,
)

Data = dict[str, Any]


def plan_from_data(data: Data, *, source: str, body: str) -> Plan | None:
    """Build the plan; None when even its period is unusable."""
    period = data.get("period")
    if period is None:
        return None
    return Plan(
        source=source,
        period=period,
        title=data.get("title", ""),
        owner=data.get("owner", ""),
        status=data.get("status", "draft"),
        currency=data.get("currency"),
        locale=data.get("locale"),
        goal=_maybe(Goal, data.get("goal")),
        funnel=_funnel(data.get("funnel")),
        focus_areas=_items(FocusArea, data.get("focus_areas"), ("id", "name")),
        programs=tuple(_program(p) for p in _complete(data.get("programs"), ("id", "name"))),
        kpis=tuple(_kpi(k) for k in _complete(data.get("kpis"), ("id", "name", "baseline"))),
        budget=Budget(data["budget"]["total"]) if "total" in data.get("budget", {}) else None,
        reviews=_items(Review, data.get("reviews"), ("kind", "date")),
        workflows=_items(
            Workflow, data.get("workflows"), ("name", "hours", "per_month", "hourly_cost")
        ),
        swot=_swot(data.get("swot")),
        body=body,
    )


def _complete(items: list[Data] | None, required: tuple[str, ...]) -> list[Data]:
    return [item for item in items or [] if all(key in item for key in required)]


def _items(kind: Any, items: list[Data] | None, required: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(kind(**item) for item in _complete(items, required))


def _maybe(kind: Any, data: Data | None) -> Any:
    return None if data is None else kind(**data)


def _funnel(data: Data | None) -> Funnel | None:
    if data is None:
        return None
    stages = tuple(Stage(**stage) for stage in _complete(data.get("stages"), ("id", "name")))
    return Funnel(stages=stages, rounding=data.get("rounding", "ceil"))


def _program(data: Data) -> Program:
    fields = dict(data)
    if "schedule" in fields:
        fields["schedule"] = (
            Schedule(**fields["schedule"]) if "cadence" in fields["schedule"] else None
        )
    history = fields.get("history")
    if history is not None:
        ok = "runs" in history and "totals" in history
        fields["history"] = History(history["runs"], history["totals"]) if ok else None
    fields["assets"] = Assets(**fields.get("assets", {}))
    return Program(**fields)


def _kpi(data: Data) -> Kpi:
    fields = dict(data)
    actuals = _complete(fields.pop("actuals", []), ("date", "value"))
    fields["actuals"] = tuple(Actual(a["date"], a["value"]) for a in actuals)
    return Kpi(**fields)


def _swot(data: Data | None) -> Swot | None:
    if data is None:
        return None
    return Swot(**{key: tuple(value) for key, value in data.items()})
