"""Plan diffs as terminal text and as JSON; the words and numbers both share with Markdown.

Text is English with plain numbers, like `planpub show`; colour (ANSI) only when the caller asks
for it. Plan strings are cleaned of control characters, so a plan cannot move the cursor or
recolour a reviewer's terminal. JSON is `{"version": 1, "summary": ..., "plans": [...]}` with
every change as `{kind, path, unit, old, new, delta, delta_percent, note}` in a stable order.

Values are printed by a `ValueFormats`: `PLAIN` (`18,000 USD`, `12.5%`, `2026-09-29`) unless the
caller passes another, as the site does for its "Changes since" page, in the plan's locale.
"""

from __future__ import annotations

import dataclasses
import json
import unicodedata
from collections.abc import Sequence
from datetime import date
from fractions import Fraction
from typing import Protocol

from planpub.derive import JsonObject, json_number, to_json
from planpub.diff import KINDS, Change, ChangeKind, PlanDiff
from planpub.diff_derived import ValueUnit
from planpub.model import Review
from planpub.money import plain_number
from planpub.records import record
from planpub.show import percent

FORMAT_VERSION = 1
WHITESPACE = str.maketrans("\n\r\t\v\f", "     ")
MARKS: dict[ChangeKind, str] = {"added": "+", "removed": "-", "changed": "~", "renamed": ">"}
COLOURS: dict[ChangeKind, str] = {"added": "32", "removed": "31", "changed": "33", "renamed": "36"}


def clean(text: str) -> str:
    """One line of plan text: line breaks and tabs become spaces, other control characters go."""
    text = text.replace("\r\n", " ").translate(WHITESPACE)
    return "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf"))


class ValueFormats(Protocol):
    """How a change's values read: amounts of money, plain numbers, percentages and dates."""

    def money(self, value: Fraction, currency: str | None) -> str: ...

    def number(self, value: Fraction) -> str: ...

    def percent(self, value: Fraction) -> str:
        """A share of one as a percentage: 1/8 -> 12.5%."""
        ...

    def points(self, value: Fraction) -> str:
        """How far a percentage moved, in percentage points: 1/40 -> 2.5 pp."""
        ...

    def date(self, day: date) -> str: ...


class PlainFormats:
    """`planpub show`'s forms, for terminals and pull requests: 18,000 USD, 12.5%, 2026-09-29."""

    def money(self, value: Fraction, currency: str | None) -> str:
        return f"{plain_number(value)} {currency}" if currency else plain_number(value)

    def number(self, value: Fraction) -> str:
        return plain_number(value)

    def percent(self, value: Fraction) -> str:
        return percent(value)

    def points(self, value: Fraction) -> str:
        return percent(value).replace("%", " pp")

    def date(self, day: date) -> str:
        return day.isoformat()


PLAIN: ValueFormats = PlainFormats()


def value_text(
    value: object, unit: ValueUnit, currency: str | None, formats: ValueFormats = PLAIN
) -> str:
    """A model value as a planner reads it: 10%, 18,000 USD, 2026-04-01, a program's name."""
    if value is None:
        return "-"
    if unit == "item" or dataclasses.is_dataclass(value):
        return item_text(value, formats)
    if isinstance(value, Fraction | int) and not isinstance(value, bool):
        return _number_text(Fraction(value), unit, currency, formats)
    if isinstance(value, dict):  # yields and history totals: stage -> number
        return ", ".join(
            f"{clean(str(k))} {value_text(v, unit, currency, formats)}" for k, v in value.items()
        )
    if isinstance(value, tuple | list):
        return ", ".join(value_text(v, unit, currency, formats) for v in value)
    if isinstance(value, date):
        return clean(formats.date(value))
    return clean(value.isoformat() if hasattr(value, "isoformat") else str(value))


def _number_text(
    value: Fraction, unit: ValueUnit, currency: str | None, formats: ValueFormats
) -> str:
    if unit == "percent":
        return formats.percent(value)
    if unit == "money":
        return formats.money(value, currency)
    return formats.number(value)


def item_text(item: object, formats: ValueFormats = PLAIN) -> str:
    """A whole item in a few words: its name, or its key facts."""
    if isinstance(item, Review):
        return f"{item.kind} on {formats.date(item.date)}"
    for name in ("name", "statement"):
        if text := getattr(item, name, ""):
            return clean(str(text))
    if not dataclasses.is_dataclass(item) or isinstance(item, type):
        return clean(str(item))
    facts = [
        f"{field.name} {value_text(value, 'number', None, formats)}"
        for field in dataclasses.fields(item)
        if (value := getattr(item, field.name)) not in (None, "", 0, (), {})
    ]
    return ", ".join(facts)


Currencies = tuple[str | None, str | None]  # of the older and the newer plan


def currencies(diff: PlanDiff) -> Currencies:
    old = diff.old.currency if diff.old else None
    new = diff.new.currency if diff.new else None
    return (old or new, new or old)


def delta_text(change: Change, money: Currencies, formats: ValueFormats = PLAIN) -> str:
    """`+25, +25%`, `-2 pp, -20%` or `+18,000 USD` (no percentage from zero); '' if no delta.

    Amounts in two different currencies have no delta.
    """
    delta, ratio, currency = change.delta, change.delta_ratio, money[1]
    if delta is None or (change.unit == "money" and money[0] != money[1]):
        return ""
    if change.unit == "percent":
        parts = [_signed(delta, formats.points(delta))]
    else:
        parts = [_signed(delta, _number_text(delta, change.unit, currency, formats))]
    if ratio is not None:
        parts.append(_signed(ratio, formats.percent(ratio)))
    return ", ".join(parts)


def _signed(value: Fraction, text: str) -> str:
    return f"+{text}" if value > 0 else text


def change_text(change: Change, money: Currencies) -> str:
    """What happened at the change's path, after the colon: `100 -> 125 (+25, +25%)`."""
    old = value_text(change.old, change.unit, money[0])
    new = value_text(change.new, change.unit, money[1])
    if change.kind == "renamed":
        return f"renamed from {old}"
    if change.kind == "added":
        return f"added {new}"
    if change.kind == "removed":
        return f"removed {old}"
    if change.note:
        return f"changed ({change.note})"
    delta = delta_text(change, money)
    return f"{old} -> {new}" + (f" ({delta})" if delta else "")


@record
class Summary:
    """The counts in the first line of a diff: plans compared and what changed."""

    compared: int  # plans on either side
    changed: int
    added: int
    removed: int
    kinds: dict[ChangeKind, int]  # changes to the inputs of plans on both sides
    derived: int  # derived numbers that moved

    @property
    def same(self) -> bool:
        return not (self.changed or self.added or self.removed)


def summarize(diffs: Sequence[PlanDiff]) -> Summary:
    statuses = [d.status for d in diffs]
    return Summary(
        compared=len(diffs),
        changed=statuses.count("changed"),
        added=statuses.count("added"),
        removed=statuses.count("removed"),
        kinds={kind: sum(d.count(kind) for d in diffs) for kind in KINDS},
        derived=sum(len(d.derived) for d in diffs),
    )


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def summary_line(summary: Summary) -> str:
    """`1 plan changed: 3 edits (1 added, 2 changed), 5 derived numbers moved`, or `no changes`."""
    if summary.same:
        return f"no changes ({plural(summary.compared, 'plan')} compared)"
    counts = ((summary.changed, "changed"), (summary.added, "added"), (summary.removed, "removed"))
    plans = ", ".join(f"{plural(count, 'plan')} {word}" for count, word in counts if count)
    edits = sum(summary.kinds.values())
    if not edits and not summary.derived:
        return plans
    kinds = ", ".join(f"{count} {kind}" for kind, count in summary.kinds.items() if count)
    moved = f"{plural(summary.derived, 'derived number')} moved"
    return f"{plans}: {plural(edits, 'edit')} ({kinds}), {moved}" if edits else f"{plans}: {moved}"


# -- text ----------------------------------------------------------------------------------------


def render_text(diffs: Sequence[PlanDiff], colour: bool = False) -> str:
    """Changed, added and removed plans, then a summary line; unchanged plans are left out."""
    blocks = [_plan_text(d, colour) for d in diffs if d.status != "same"]
    return "\n\n".join([*blocks, summary_line(summarize(diffs))])


def source(diff: PlanDiff, side: str) -> str:
    plan = diff.old if side == "old" else diff.new
    return clean(plan.source) if plan else "(none)"


def _plan_text(diff: PlanDiff, colour: bool) -> str:
    lines = [_paint(f"{diff.period}  {source(diff, 'old')} -> {source(diff, 'new')}", "1", colour)]
    if diff.status in ("added", "removed"):
        plan = diff.new or diff.old
        title = clean(plan.title) if plan and plan.title else diff.period
        kind: ChangeKind = "added" if diff.status == "added" else "removed"
        lines.append(_paint(f"  {MARKS[kind]} plan {diff.status}: {title}", COLOURS[kind], colour))
    money = currencies(diff)
    for heading, changes in (("Plan", diff.inputs), ("What follows", diff.derived)):
        if changes:
            lines.append(f"  {heading}")
            lines += [_change_line(c, money, colour) for c in changes]
    return "\n".join(lines)


def _change_line(change: Change, money: Currencies, colour: bool) -> str:
    mark = _paint(MARKS[change.kind], COLOURS[change.kind], colour)
    return f"    {mark} {clean(change.path)}: {change_text(change, money)}"


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


# -- JSON ----------------------------------------------------------------------------------------


def render_json(diffs: Sequence[PlanDiff]) -> str:
    summary = summarize(diffs)
    document = {
        "version": FORMAT_VERSION,
        "summary": {
            "compared": summary.compared,
            "changed": summary.changed,
            "added": summary.added,
            "removed": summary.removed,
            "changes": dict(summary.kinds),
            "derived": summary.derived,
        },
        "plans": [_plan_json(d) for d in diffs],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _plan_json(diff: PlanDiff) -> JsonObject:
    return {
        "period": diff.period,
        "status": diff.status,
        "old": diff.old.source if diff.old else None,
        "new": diff.new.source if diff.new else None,
        "currency": {"old": currencies(diff)[0], "new": currencies(diff)[1]},
        "inputs": [change_json(c) for c in diff.inputs],
        "derived": [change_json(c) for c in diff.derived],
    }


def change_json(change: Change) -> JsonObject:
    ratio = change.delta_ratio
    return {
        "kind": change.kind,
        "path": change.path,
        "unit": change.unit,
        "old": to_json(change.old),
        "new": to_json(change.new),
        "delta": json_number(change.delta),
        "delta_percent": None if ratio is None else json_number(ratio * 100),
        "note": change.note or None,
    }
