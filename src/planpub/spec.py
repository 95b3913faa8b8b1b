"""The front matter format as data: one declaration that drives both validation and JSON Schema.

`schema.py` walks a plan against `PLAN`; `json_schema()` turns the same tree into a JSON Schema,
so the schema that editors and CI use cannot drift from what `planpub check` accepts.
"""

from __future__ import annotations

from typing import Any, Literal

from planpub.records import record

ScalarKind = Literal[
    "string", "integer", "number", "rate", "quantity", "change", "date", "id", "period", "enum"
]

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
PERCENT_PATTERN = r"^[+-]?[0-9][0-9_]*(\.[0-9]+)?\s*%$"
RATE_PATTERN = r"^(100(\.0+)?|[0-9]{1,2}(\.[0-9]+)?)\s*%$"  # 0% to 100%
CHANGE_PATTERN = r"^[+-]?[0-9][0-9_]*(\.[0-9]+)?\s*%?$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
PERIOD_PATTERN = r"^[1-9][0-9]{3}(-Q[1-4])?$"
MAX_AMOUNT = 10**15
MIN_MAGNITUDE = 1e-9  # a non-zero number closer to 0 than this is a typo, and would divide
MAX_STAGES = 50


@record
class Scalar:
    """A single value of the plan format: its kind, choices and bounds."""

    kind: ScalarKind
    choices: tuple[str, ...] = ()
    minimum: int = 0
    maximum: int = MAX_AMOUNT
    description: str = ""


@record
class Obj:
    """A mapping of the plan format: its keys and which of them are required."""

    fields: dict[str, Spec]
    required: tuple[str, ...] = ()
    description: str = ""


@record
class Seq:
    """A list of the plan format: its items, and the key that must be unique in it."""

    item: Spec
    unique: str | None = None  # key whose values must be unique in the list
    description: str = ""
    max_items: int | None = None


@record
class IdMap:
    """A mapping keyed by ids (funnel stage ids in `yields`, any id in `history.totals`)."""

    value: Spec
    description: str = ""


Spec = Scalar | Obj | Seq | IdMap

TEXT = Scalar("string")
ID = Scalar("id")
DATE = Scalar("date")
AMOUNT = Scalar("number", description="a number >= 0, e.g. 5_000_000")
RATE = Scalar("rate", description='"10%" or the fraction 0.1')
DAYS = Scalar("integer", maximum=3660, description="days, 0 to 3660")

GOAL = Obj(
    {
        "statement": TEXT,
        "revenue": AMOUNT,
        "average_deal": AMOUNT,
        "by": DATE,
    },
    description="the business goal marketing supports",
)
STAGE = Obj(
    {"id": ID, "name": TEXT, "rate": RATE, "days": DAYS},
    required=("id", "name"),
)
FUNNEL = Obj(
    {
        "rounding": Scalar("enum", ("ceil", "half-up", "none")),
        "stages": Seq(STAGE, unique="id", max_items=MAX_STAGES),
    },
    required=("stages",),
)
FOCUS_AREA = Obj(
    {"id": ID, "name": TEXT, "why": TEXT, "hypothesis": TEXT, "renamed_from": ID},
    required=("id", "name"),
)
SCHEDULE = Obj(
    {
        "cadence": Scalar("enum", ("once", "weekly", "biweekly", "monthly", "quarterly")),
        "start": DATE,
        "end": DATE,
        "promote_days": DAYS,
    },
    required=("cadence",),
)
HISTORY = Obj(
    {"runs": Scalar("integer", minimum=1), "totals": IdMap(AMOUNT)},
    required=("runs", "totals"),
)
PROGRAM = Obj(
    {
        "id": ID,
        "name": TEXT,
        "kind": Scalar("enum", ("program", "campaign", "experiment")),
        "focus": ID,
        "owner": TEXT,
        "budget": AMOUNT,
        "schedule": SCHEDULE,
        "deadline": DATE,
        "deadline_note": TEXT,
        "yields": IdMap(AMOUNT),
        "history": HISTORY,
        "assets": Obj({"existing": TEXT, "needed": TEXT}),
        "hypothesis": TEXT,
        "metric": ID,
        "renamed_from": ID,
    },
    required=("id", "name"),
)
QUANTITY = Scalar("quantity", description='a number, or a percentage such as "0.75%"')
KPI = Obj(
    {
        "id": ID,
        "name": TEXT,
        "unit": Scalar("enum", ("count", "percent", "currency", "ratio")),
        "baseline": QUANTITY,
        "target": QUANTITY,
        "change": Scalar("change", description='relative to baseline, e.g. "+25%"'),
        "direction": Scalar("enum", ("up", "down")),
        "due": DATE,
        "owner": TEXT,
        "actuals": Seq(Obj({"date": DATE, "value": QUANTITY}, required=("date", "value"))),
        "renamed_from": ID,
    },
    required=("id", "name", "baseline"),
)
REVIEW = Obj(
    {"kind": Scalar("enum", ("mid-quarter", "final")), "date": DATE, "summary": TEXT},
    required=("kind", "date"),
)
WORKFLOW = Obj(
    {"id": ID, "name": TEXT, "hours": AMOUNT, "per_month": AMOUNT, "hourly_cost": AMOUNT},
    required=("name", "hours", "per_month", "hourly_cost"),
)
SWOT = Obj({name: Seq(TEXT) for name in ("strengths", "weaknesses", "opportunities", "threats")})

PLAN = Obj(
    {
        "period": Scalar("period", description="YYYY-Qn (quarter) or YYYY (annual plan)"),
        "title": TEXT,
        "owner": TEXT,
        "status": Scalar("enum", ("draft", "approved", "archived")),
        "currency": Scalar("string", description="ISO 4217 code, e.g. USD, PLN, NOK"),
        "locale": Scalar("string", description="e.g. en, pl, ro, zh, nb"),
        "goal": GOAL,
        "funnel": FUNNEL,
        "focus_areas": Seq(FOCUS_AREA, unique="id"),
        "programs": Seq(PROGRAM, unique="id"),
        "kpis": Seq(KPI, unique="id"),
        "budget": Obj({"total": AMOUNT}, required=("total",)),
        "reviews": Seq(REVIEW),
        "workflows": Seq(WORKFLOW, unique="id"),
        "swot": SWOT,
    },
    required=("period",),
)


# -- JSON Schema -------------------------------------------------------------------------------

_EXTENSION_KEYS: dict[str, dict[str, Any]] = {"^x-": {}}


def json_schema() -> dict[str, Any]:
    schema = _to_json(PLAN)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://planpub.dev/schema/plan-v1.json"
    schema["title"] = "planpub plan front matter, format version 1"
    return schema


def _to_json(spec: Spec) -> dict[str, Any]:
    if isinstance(spec, Obj):
        out: dict[str, Any] = {
            "type": "object",
            "properties": {name: _to_json(sub) for name, sub in spec.fields.items()},
            "patternProperties": dict(_EXTENSION_KEYS),
            "additionalProperties": False,
        }
        if spec.required:
            out["required"] = list(spec.required)
    elif isinstance(spec, Seq):
        out = {"type": "array", "items": _to_json(spec.item)}
        if spec.max_items is not None:
            out["maxItems"] = spec.max_items
    elif isinstance(spec, IdMap):
        out = {
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": _to_json(spec.value),
        }
    else:
        out = _scalar_json(spec)
    if spec.description:
        out["description"] = spec.description
    return out


_NOT_TINY: dict[str, Any] = {  # 0, or at least MIN_MAGNITUDE away from it
    "not": {
        "exclusiveMinimum": -MIN_MAGNITUDE,
        "exclusiveMaximum": MIN_MAGNITUDE,
        "not": {"const": 0},
    }
}


def _scalar_json(spec: Scalar) -> dict[str, Any]:
    number: dict[str, Any] = {"type": "number", "minimum": 0, "maximum": MAX_AMOUNT, **_NOT_TINY}
    kinds: dict[str, dict[str, Any]] = {
        "string": {"type": "string"},
        "integer": {"type": "integer", "minimum": spec.minimum, "maximum": spec.maximum},
        "number": number,
        "rate": {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 1, **_NOT_TINY},
                {"type": "string", "pattern": RATE_PATTERN},
            ]
        },
        "quantity": {
            "anyOf": [
                {"type": "number", "minimum": -MAX_AMOUNT, "maximum": MAX_AMOUNT, **_NOT_TINY},
                {"type": "string", "pattern": PERCENT_PATTERN},
            ]
        },
        "change": {
            "anyOf": [
                {"type": "number", "minimum": -1, "maximum": 1, **_NOT_TINY},
                {"type": "string", "pattern": CHANGE_PATTERN},
            ]
        },
        "date": {"type": "string", "format": "date", "pattern": DATE_PATTERN},
        "id": {"type": "string", "pattern": ID_PATTERN},
        "period": {
            "anyOf": [
                {"type": "string", "pattern": PERIOD_PATTERN},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ]
        },
        "enum": {"enum": list(spec.choices)},
    }
    return dict(kinds[spec.kind])
