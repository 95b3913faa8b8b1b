"""What changed between two plans: in what the planner wrote, and in the numbers that follow.

Plans are compared as parsed models, never as YAML text, so reformatting, reordering keys or
writing `10%` as `0.1` is no change. List items match by their key: `id` (funnel stages, focus
areas, programs, KPIs), a workflow's `id` or else its `name`, a review's `kind`, an actual's date;
SWOT lists are sets of strings. A removed and an added item are never guessed to be one renamed
item: only an item whose `renamed_from` names a key that left the list is a rename.

Change kinds: `added`, `removed`, `changed` (old -> new; numbers also get a delta and, unless
the old value is zero, a relative delta) and `renamed`. Derived numbers (funnel need, coverage,
budget, KPI targets and status, occurrences, expected results) are compared separately, so a
reviewer sees what followed from an edit. The funnel need compared is the rounded need a planner
reads on the site; `planpub show --format json` has the exact one.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from fractions import Fraction
from typing import Literal

from planpub.derive import derive
from planpub.diff_derived import KPI_UNITS, Values, ValueUnit, derived_values
from planpub.model import Actual, Kpi, Period, Plan, Review, Stage, Swot
from planpub.records import record

ChangeKind = Literal["added", "removed", "changed", "renamed"]
KINDS: tuple[ChangeKind, ...] = ("added", "removed", "changed", "renamed")

FIELD_UNITS: dict[tuple[str, str], ValueUnit | Literal["kpi"]] = {
    ("Goal", "revenue"): "money",
    ("Goal", "average_deal"): "money",
    ("Program", "budget"): "money",
    ("Budget", "total"): "money",
    ("Workflow", "hourly_cost"): "money",
    ("Stage", "rate"): "percent",
    ("Kpi", "change"): "percent",
    ("Kpi", "baseline"): "kpi",
    ("Kpi", "target"): "kpi",
    ("Actual", "value"): "kpi",
}
NOT_COMPARED = {"source", "body", "renamed_from"}  # where a plan came from; prose; rename notes


@record
class Change:
    """One difference at `path` (`programs[webinars].budget`); `old`/`new` are model values."""

    kind: ChangeKind
    path: str
    old: object = None
    new: object = None
    unit: ValueUnit = "text"
    note: str = ""

    @property
    def delta(self) -> Fraction | None:
        """new - old, for a changed number."""
        old, new = as_number(self.old), as_number(self.new)
        if self.kind != "changed" or old is None or new is None:
            return None
        return new - old

    @property
    def delta_ratio(self) -> Fraction | None:
        """(new - old) / |old|; None from zero, where no percentage makes sense."""
        delta, old = self.delta, as_number(self.old)
        if delta is None or not old:
            return None
        return delta / abs(old)


@record
class PlanDiff:
    """One plan before (`old`) and after (`new`); a side is None when the plan was added/removed."""

    old: Plan | None
    new: Plan | None
    inputs: tuple[Change, ...] = ()
    derived: tuple[Change, ...] = ()

    @property
    def period(self) -> str:
        plan = self.new or self.old
        return str(plan.period) if plan else ""

    @property
    def status(self) -> Literal["same", "changed", "added", "removed"]:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed" if self.inputs or self.derived else "same"

    def count(self, kind: ChangeKind) -> int:
        return sum(1 for change in self.inputs if change.kind == kind)


def as_number(value: object) -> Fraction | None:
    """A model number (Fraction or int) as a Fraction; None for anything else."""
    if isinstance(value, bool) or not isinstance(value, Fraction | int):
        return None
    return Fraction(value)


def diff_plans(old: Plan | None, new: Plan | None) -> PlanDiff:
    """Inputs and derived numbers of two versions of a plan (either may be absent)."""
    if old is None or new is None:
        return PlanDiff(old, new)
    renames = {
        "programs": {was: now for now, was in _renames(old.programs, new.programs).items()},
        "kpis": {was: now for now, was in _renames(old.kpis, new.kpis).items()},
    }
    derived = compare_values(
        derived_values(old, derive(old), renames), derived_values(new, derive(new), {})
    )
    return PlanDiff(old, new, tuple(compare_inputs(old, new)), tuple(derived))


def diff_workspaces(old: Mapping[str, Plan], new: Mapping[str, Plan]) -> tuple[PlanDiff, ...]:
    """Plans matched by period (the keys), in period order."""
    periods = sorted(old.keys() | new.keys())
    return tuple(diff_plans(old.get(period), new.get(period)) for period in periods)


# -- inputs --------------------------------------------------------------------------------------


def compare_inputs(old: Plan, new: Plan) -> list[Change]:
    changes = _fields("", old, new, "number")
    if old.body != new.body:
        changes.append(Change("changed", "body", unit="text", note=_lines_changed(old, new)))
    return changes


def _lines_changed(old: Plan, new: Plan) -> str:
    lines = difflib.unified_diff(old.body.splitlines(), new.body.splitlines(), n=0, lineterm="")
    counted = [line[0] for line in lines if line[:3] not in ("---", "+++", "@@ ")]
    return f"+{counted.count('+')} -{counted.count('-')} lines"


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _fields(path: str, old: object, new: object, kpi_unit: ValueUnit) -> list[Change]:
    if isinstance(new, Kpi):
        kpi_unit = KPI_UNITS.get(new.unit, "number")
    changes: list[Change] = []
    for field in dataclasses.fields(new):  # type: ignore[arg-type]
        if field.name in NOT_COMPARED or (field.name == "id" and path.endswith("]")):
            continue
        unit = FIELD_UNITS.get((type(new).__name__, field.name))
        sub = _join(path, field.name)
        value_unit = kpi_unit if unit == "kpi" else unit
        old_value, new_value = getattr(old, field.name), getattr(new, field.name)
        changes += _compare(sub, old_value, new_value, value_unit, kpi_unit)
    return changes


def _compare(
    path: str, old: object, new: object, unit: ValueUnit | None, kpi_unit: ValueUnit = "number"
) -> list[Change]:
    if old == new:
        return []
    if isinstance(old, Swot) or isinstance(new, Swot):  # a SWOT appearing is strings added
        return _fields(path, old or Swot(), new or Swot(), kpi_unit)
    if old is None or old == "":
        return [Change("added", path, new=new, unit=unit or unit_of(new))]
    if new is None or new == "":
        return [Change("removed", path, old=old, unit=unit or unit_of(old))]
    if isinstance(old, Period) or isinstance(new, Period):
        return [Change("changed", path, str(old), str(new))]
    if dataclasses.is_dataclass(new) and type(old) is type(new):
        return _fields(path, old, new, kpi_unit)
    if isinstance(old, dict) and isinstance(new, dict):
        return _mapping(path, old, new)
    if isinstance(old, tuple) and isinstance(new, tuple):
        return _items(path, old, new, kpi_unit)
    return [Change("changed", path, old, new, unit or unit_of(new))]


def unit_of(value: object) -> ValueUnit:
    if as_number(value) is not None:
        return "number"
    if isinstance(value, date):
        return "date"
    if dataclasses.is_dataclass(value):
        return "item"
    return "text"


def _mapping(path: str, old: Mapping[str, object], new: Mapping[str, object]) -> list[Change]:
    keys = [*new, *(key for key in old if key not in new)]
    return [c for key in keys for c in _compare(f"{path}.{key}", old.get(key), new.get(key), None)]


def item_key(item: object) -> str:
    """What a list item is matched by: its id, a workflow's name, a review's kind, a date."""
    if isinstance(item, Review):
        return item.kind
    if isinstance(item, Actual):
        return item.date.isoformat()
    key = getattr(item, "id", None) or getattr(item, "name", None)
    return str(key) if key is not None else str(item)


def keyed(items: Iterable[object]) -> dict[str, object]:
    """Items by key; a key seen again gets `#2`, `#3`, ... so nothing is lost."""
    out: dict[str, object] = {}
    for item in items:
        key = base = item_key(item)
        number = 1
        while key in out:
            number += 1
            key = f"{base}#{number}"
        out[key] = item
    return out


def _renames(old: Sequence[object], new: Sequence[object]) -> dict[str, str]:
    """New key -> old key, for items whose `renamed_from` names a key that left the list."""
    old_keys, new_keys = keyed(old), keyed(new)
    return {
        key: source
        for key, item in new_keys.items()
        if (source := getattr(item, "renamed_from", None))
        and source in old_keys
        and source not in new_keys
        and key not in old_keys
    }


def _items(
    path: str, old: tuple[object, ...], new: tuple[object, ...], unit: ValueUnit
) -> list[Change]:
    if all(isinstance(item, str) for item in (*old, *new)):
        return _string_set(path, old, new)
    old_by, new_by = keyed(old), keyed(new)
    renames = _renames(old, new)
    changes: list[Change] = []
    for key, item in new_by.items():
        source = renames.get(key, key)
        sub = f"{path}[{key}]"
        if source not in old_by:
            changes.append(_whole("added", sub, item, unit))
            continue
        if source != key:
            changes.append(Change("renamed", sub, old=source, new=key))
        changes += _fields(sub, old_by[source], item, unit)
    gone = set(renames.values())
    changes += [
        _whole("removed", f"{path}[{key}]", item, unit)
        for key, item in old_by.items()
        if key not in new_by and key not in gone
    ]
    return changes + _stage_order(path, old, new)


def _whole(kind: ChangeKind, path: str, item: object, kpi_unit: ValueUnit) -> Change:
    """An item added or removed; an actual is shown by its value, in its KPI's unit."""
    value: object = item
    unit: ValueUnit = "item"
    if isinstance(item, Actual):
        value, unit = item.value, kpi_unit
    if kind == "added":
        return Change(kind, path, new=value, unit=unit)
    return Change(kind, path, old=value, unit=unit)


def _stage_order(path: str, old: tuple[object, ...], new: tuple[object, ...]) -> list[Change]:
    """The order of funnel stages is the chain itself, so moving one is a change."""
    if not new or not isinstance(new[0], Stage):
        return []
    both = set(keyed(old)) & set(keyed(new))
    before = [key for key in keyed(old) if key in both]
    after = [key for key in keyed(new) if key in both]
    if before == after:
        return []
    return [Change("changed", f"{path} order", ", ".join(before), ", ".join(after))]


def _string_set(path: str, old: tuple[object, ...], new: tuple[object, ...]) -> list[Change]:
    removed = [Change("removed", path, old=text) for text in old if text not in new]
    return removed + [Change("added", path, new=text) for text in new if text not in old]


# -- derived numbers -----------------------------------------------------------------------------


def compare_values(old: Values, new: Values) -> list[Change]:
    """Changes between two path -> value maps, in the newer map's order, then what left."""
    changes: list[Change] = []
    for path in [*new, *(key for key in old if key not in new)]:
        old_value, old_unit = old.get(path, (None, "text"))
        new_value, new_unit = new.get(path, (None, old_unit))
        changes += _compare(path, old_value, new_value, new_unit)
    return changes
