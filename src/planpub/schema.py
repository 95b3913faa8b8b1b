"""Front matter data -> typed plan model, collecting every structural problem on the way.

`validate()` walks the data against the declaration in `spec.py`. A value that is wrong is
reported and left out, as if it were absent, so that one mistake does not hide the next one and
the rest of the plan can still be built and checked.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from planpub import spec as s
from planpub.diagnostics import MAX_PROBLEMS_PER_FILE, Finding
from planpub.model import Period

_PERCENT = re.compile(s.PERCENT_PATTERN)
_CHANGE = re.compile(s.CHANGE_PATTERN)
_ID = re.compile(s.ID_PATTERN)
_DATE = re.compile(s.DATE_PATTERN)
_PERIOD = re.compile(s.PERIOD_PATTERN)
MAX_DIGITS = 30  # in a percentage written as text
# "did you mean" costs a string comparison with every allowed key; a file shows no more than
# MAX_PROBLEMS_PER_FILE problems, so its later unknown keys (never shown) only list those keys.
MAX_SUGGESTIONS = MAX_PROBLEMS_PER_FILE


@dataclass
class Validation:
    """The problems found while walking one front matter against the spec."""

    findings: list[Finding] = field(default_factory=list)
    invalid_paths: set[str] = field(default_factory=set)
    suggestions: int = 0  # unknown keys given a "did you mean" so far

    def report(self, finding: Finding) -> None:
        self.findings.append(finding)
        self.invalid_paths.add(finding.path)


def validate(data: Any) -> tuple[dict[str, Any], Validation]:
    """Check front matter against the format; returns the normalised data and the problems."""
    result = Validation()
    if not isinstance(data, dict):
        result.report(
            Finding(
                "PP103",
                "",
                f"front matter must be a mapping of keys, got {_kind(data)}",
                "write key: value lines between the --- fences",
            )
        )
        return {}, result
    normalised = _walk(data, s.PLAN, "", result)
    return normalised if isinstance(normalised, dict) else {}, result


def _walk(value: Any, spec: s.Spec, path: str, out: Validation) -> Any:
    if isinstance(spec, s.Obj):
        return _object(value, spec, path, out)
    if isinstance(spec, s.Seq):
        return _sequence(value, spec, path, out)
    if isinstance(spec, s.IdMap):
        return _id_map(value, spec, path, out)
    return _scalar(value, spec, path, out)


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _object(value: Any, spec: s.Obj, path: str, out: Validation) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        out.report(_wrong_type(path, "a mapping of keys", value))
        return None
    result: dict[str, Any] = {}
    for key, item in value.items():
        sub = _join(path, key)
        if key.startswith("x-"):
            continue
        if key not in spec.fields:
            out.report(_unknown_key(sub, key, spec, out))
            continue
        if item is None:
            continue
        checked = _walk(item, spec.fields[key], sub, out)
        if checked is not None:
            result[key] = checked
    for key in spec.required:
        if value.get(key) is None:
            out.report(
                Finding(
                    "PP104",
                    _join(path, key),
                    f"'{key}' is required here",
                    f"add '{key}:' to {path or 'the front matter'}",
                )
            )
    return result


def _unknown_key(path: str, key: str, spec: s.Obj, out: Validation) -> Finding:
    """An unknown key, with the allowed key it most looks like (for the first MAX_SUGGESTIONS:
    keys are met in the file's order, so these are the unknown keys a file can show)."""
    close: list[str] = []
    if out.suggestions < MAX_SUGGESTIONS:
        out.suggestions += 1
        close = _close_matches(key, list(spec.fields), cutoff=0.6)
    hint = (
        f"did you mean '{close[0]}'?"
        if close
        else ("allowed here: " + ", ".join(spec.fields) + "; prefix your own keys with x-")
    )
    return Finding("PP101", path, f"unknown key {_shown(key)}", hint)


def _sequence(value: Any, spec: s.Seq, path: str, out: Validation) -> list[Any] | None:
    if not isinstance(value, list):
        out.report(_wrong_type(path, "a list", value))
        return None
    if spec.max_items is not None and len(value) > spec.max_items:
        out.report(
            Finding(
                "PP125",
                path,
                f"{len(value):,} items: at most {spec.max_items} are allowed here",
                "keep the list to what a reader can follow",
            )
        )
        return None
    items = []
    seen: dict[Any, int] = {}
    for index, item in enumerate(value):
        checked = _walk(item, spec.item, _join(path, index), out)
        if checked is None:
            continue
        if spec.unique and isinstance(checked, dict) and spec.unique in checked:
            key = checked[spec.unique]
            if key in seen:
                out.report(
                    Finding(
                        "PP106",
                        _join(_join(path, index), spec.unique),
                        f"duplicate id '{key}' (also {path}[{seen[key]}])",
                        "ids must be unique within their list",
                    )
                )
                continue
            seen[key] = index
        items.append(checked)
    return items


def _id_map(value: Any, spec: s.IdMap, path: str, out: Validation) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        out.report(_wrong_type(path, "a mapping of ids to numbers", value))
        return None
    result = {}
    for key, item in value.items():
        sub = _join(path, key)
        if not _ID.fullmatch(key):
            out.report(_bad_id(sub, key))
            continue
        checked = _walk(item, spec.value, sub, out)
        if checked is not None:
            result[key] = checked
    return result


def _scalar(value: Any, spec: s.Scalar, path: str, out: Validation) -> Any:
    finding_or_value = _SCALARS[spec.kind](value, spec, path)
    if isinstance(finding_or_value, Finding):
        out.report(finding_or_value)
        return None
    return finding_or_value


# -- scalars: each returns the normalised value or a Finding ------------------------------------


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    return _shown(value)


def _shown(value: Any, limit: int = 60) -> str:
    """A value as written, cut short: messages quote what the user wrote, not all of it."""
    text = value if isinstance(value, str) else str(value)
    return (
        repr(text) if len(text) <= limit else f"{text[: limit - 3]!r}... ({len(text):,} characters)"
    )


def _wrong_type(path: str, expected: str, value: Any) -> Finding:
    hint = ""
    if isinstance(value, int | float | date) and expected == "text":
        hint = f'quote it: "{value}"'
    elif isinstance(value, dict | list) and expected not in ("a list", "a mapping of keys"):
        hint = "check the indentation: this holds nested values"
    elif expected == "a list":
        hint = "start each item of the list with '- '"
    elif expected == "a number" and isinstance(value, str):
        hint = "write digits only, e.g. 100000 or 100_000, without currency signs"
    return Finding("PP103", path, f"expected {expected}, got {_kind(value)}", hint)


def _number(value: Any, path: str) -> Fraction | Finding:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _wrong_type(path, "a number", value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return Finding(
                "PP114",
                path,
                f"expected a finite number, got {value}",
                "write a plain number such as 1500",
            )
        return _not_tiny(Fraction(repr(value)), value, path)
    return Fraction(value)


def _not_tiny(number: Fraction, value: Any, path: str) -> Fraction | Finding:
    if number and abs(number) < s.MIN_MAGNITUDE:
        return Finding(
            "PP114",
            path,
            f"{value} is implausibly close to 0",
            f"write 0, or a number of at least {s.MIN_MAGNITUDE:.9f}",
        )
    return number


def _as_number(value: Any, spec: s.Scalar, path: str) -> Fraction | Finding:
    number = _number(value, path)
    if isinstance(number, Fraction):
        if number < 0:
            return Finding(
                "PP114",
                path,
                f"expected a number >= 0, got {value}",
                "amounts and counts cannot be negative",
            )
        if number > s.MAX_AMOUNT:
            return Finding(
                "PP114",
                path,
                f"{value} is implausibly large",
                f"amounts must be at most {s.MAX_AMOUNT:,}",
            )
    return number


def _as_integer(value: Any, spec: s.Scalar, path: str) -> int | Finding:
    if isinstance(value, bool) or not isinstance(value, int):
        return _wrong_type(path, "a whole number", value)
    if value < spec.minimum:
        return Finding(
            "PP114",
            path,
            f"expected a whole number >= {spec.minimum}, got {value}",
            f"use a whole number from {spec.minimum} up",
        )
    if value > spec.maximum:
        return Finding(
            "PP114",
            path,
            f"expected at most {spec.maximum:,}, got {value:,}",
            "use a smaller number",
        )
    return value


def _percent(text: str, path: str) -> Fraction | Finding:
    if sum(char.isdigit() for char in text) > MAX_DIGITS:
        return Finding("PP114", path, f"{text[:20]}... has too many digits", "write it like 12.5%")
    return _not_tiny(Fraction(text.replace("_", "").rstrip("%").strip()) / 100, text, path)


def _as_rate(value: Any, spec: s.Scalar, path: str) -> Fraction | Finding:
    if isinstance(value, str):
        if not _PERCENT.fullmatch(value):
            return Finding(
                "PP103",
                path,
                f"expected a rate such as 10% or 0.1, got {_shown(value)}",
                "write a percentage with % or a fraction between 0 and 1",
            )
        rate = _percent(value, path)
        if isinstance(rate, Finding):
            return rate
    else:
        number = _number(value, path)
        if isinstance(number, Finding):
            return number
        rate = number
        if rate > 1:
            return Finding(
                "PP102",
                path,
                f"expected a rate between 0 and 1, got {value}",
                f"write {value}% or {_fraction_text(rate / 100)}",
            )
    if not 0 <= rate <= 1:
        return Finding(
            "PP102",
            path,
            f"expected a rate between 0% and 100%, got {value}",
            "a rate is the share of one stage that reaches the next",
        )
    return rate


def _fraction_text(value: Fraction) -> str:
    return format(float(value), "g")


def _as_quantity(value: Any, spec: s.Scalar, path: str) -> Fraction | Finding:
    if isinstance(value, str):
        if not _PERCENT.fullmatch(value):
            return Finding(
                "PP103",
                path,
                f"expected a number or a percentage, got {_shown(value)}",
                'write 1200, 0.5 or "0.75%"',
            )
        return _percent(value, path)
    number = _number(value, path)
    if isinstance(number, Fraction) and abs(number) > s.MAX_AMOUNT:
        return Finding("PP114", path, f"{value} is implausibly large", "")
    return number


def _as_change(value: Any, spec: s.Scalar, path: str) -> Fraction | Finding:
    if isinstance(value, str):
        if not _CHANGE.fullmatch(value) or not value.strip().endswith("%"):
            return Finding(
                "PP103",
                path,
                f"expected a relative change such as +25%, got {_shown(value)}",
                'write "+25%", "-10%" or the fraction 0.25',
            )
        change = _percent(value, path)
        if isinstance(change, Finding):
            return change
    else:
        number = _number(value, path)
        if isinstance(number, Finding):
            return number
        change = number
        if abs(change) > 1:
            return Finding(
                "PP102",
                path,
                f"expected a relative change, got {value}",
                f'write "+{value}%" or {_fraction_text(change / 100)}',
            )
    if change < -1:
        return Finding("PP102", path, f"a change of {value} would go below zero", "")
    return change


def _as_date(value: Any, spec: s.Scalar, path: str) -> date | Finding:
    if isinstance(value, datetime):
        return Finding(
            "PP113",
            path,
            f"expected a date, got the time {value.isoformat()}",
            f"write only the day: {value.date().isoformat()}",
        )
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return Finding(
                "PP113", path, f"{value!r} is not a real date", "check the day of the month"
            )
    return Finding(
        "PP113",
        path,
        f"expected a date (YYYY-MM-DD), got {_kind(value)}",
        "write dates as 2026-01-20",
    )


def _bad_id(path: str, value: Any) -> Finding:
    suggestion = re.sub(r"[^a-z0-9]+", "-", str(value).lower()[:40]).strip("-") or "my-id"
    return Finding(
        "PP105",
        path,
        f"invalid id {_shown(value)}",
        f"ids are lowercase letters, digits and dashes, e.g. '{suggestion}'",
    )


def _as_id(value: Any, spec: s.Scalar, path: str) -> str | Finding:
    if not isinstance(value, str):
        return _wrong_type(path, "an id", value)
    return value if _ID.fullmatch(value) else _bad_id(path, value)


def _as_period(value: Any, spec: s.Scalar, path: str) -> Period | Finding:
    text = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""
    period = Period.parse(text) if _PERIOD.fullmatch(text) else None
    if period is None:
        return Finding(
            "PP109",
            path,
            f"expected a period such as 2026-Q1 or 2026, got {_kind(value)}",
            "quarters are YYYY-Qn, annual plans YYYY",
        )
    return period


def _as_enum(value: Any, spec: s.Scalar, path: str) -> str | Finding:
    if isinstance(value, str) and value in spec.choices:
        return value
    close = _close_matches(str(value), list(spec.choices), cutoff=0.5)
    hint = f"did you mean '{close[0]}'?" if close else ""
    return Finding(
        "PP112", path, f"expected one of {', '.join(spec.choices)}, got {_kind(value)}", hint
    )


def _as_string(value: Any, spec: s.Scalar, path: str) -> str | Finding:
    return value if isinstance(value, str) else _wrong_type(path, "text", value)


_SCALARS: dict[str, Any] = {
    "string": _as_string,
    "integer": _as_integer,
    "number": _as_number,
    "rate": _as_rate,
    "quantity": _as_quantity,
    "change": _as_change,
    "date": _as_date,
    "id": _as_id,
    "period": _as_period,
    "enum": _as_enum,
}


def _close_matches(word: str, choices: list[str], *, cutoff: float) -> list[str]:
    """The closest choice, for "did you mean": difflib is imported only when a key is unknown."""
    import difflib

    return difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
