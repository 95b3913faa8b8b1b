"""Properties of the engine's arithmetic, for any input hypothesis can think of."""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from planpub.funnel import stage_needs
from planpub.kpis import KpiStatus, kpi_progress
from planpub.model import Actual, Kpi, Period, Schedule, Stage
from planpub.money import largest_remainder, split_by_days
from planpub.schedule import occurrence_dates

SETTINGS = settings(max_examples=200, deadline=None)

STATUS_RANK: dict[KpiStatus, int] = {"off-track": 0, "at-risk": 1, "on-track": 2, "achieved": 3}

rates = st.fractions(min_value=Fraction(1, 1000), max_value=1, max_denominator=1000)
positive = st.fractions(min_value=Fraction(1, 100), max_value=10_000, max_denominator=100)
periods = st.builds(Period, st.integers(2000, 2100), st.one_of(st.none(), st.integers(1, 4)))
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))


@SETTINGS
@given(deals=positive, stage_rates=st.lists(rates, min_size=0, max_size=6))
def test_need_multiplied_back_through_the_rates_gives_the_deals(
    deals: Fraction, stage_rates: list[Fraction]
) -> None:
    stages = [Stage(f"s{i}", f"Stage {i}", rate=rate) for i, rate in enumerate(stage_rates)]
    stages.append(Stage("deals", "New customers"))
    needs = stage_needs(stages, deals)
    top = needs[0]
    assert top is not None
    for rate in stage_rates:
        top *= rate
    assert top == deals


@SETTINGS
@given(
    total=st.integers(0, 10_000_000),
    weights=st.lists(st.integers(1, 1000), min_size=1, max_size=24),
)
def test_largest_remainder_adds_up_and_stays_within_one(total: int, weights: list[int]) -> None:
    parts = largest_remainder(total, weights)
    assert sum(parts) == total
    for part, weight in zip(parts, weights, strict=True):
        assert abs(part - Fraction(total * weight, sum(weights))) < 1


@SETTINGS
@given(total=st.integers(0, 10_000_000), period=periods)
def test_monthly_split_adds_up_and_stays_within_one(total: int, period: Period) -> None:
    parts = split_by_days(total, period)
    period_days = (period.end - period.start).days + 1
    month = period.start
    assert sum(parts) == total
    for part in parts:
        month_days = calendar.monthrange(month.year, month.month)[1]
        assert abs(part - Fraction(total * month_days, period_days)) < 1
        month = month.replace(day=month_days) + timedelta(days=1)


@SETTINGS
@given(
    cadence=st.sampled_from(["once", "weekly", "biweekly", "monthly", "quarterly"]),
    start=days,
    length=st.integers(-40, 800),
)
def test_occurrences_follow_the_cadence_inside_start_and_end(
    cadence: str, start: date, length: int
) -> None:
    end = start + timedelta(days=length)
    schedule = Schedule(cadence, start=start, end=end)  # type: ignore[arg-type]
    dates = occurrence_dates(schedule, Period(start.year))
    assert all(start <= day <= end for day in dates)
    assert all(a < b for a, b in pairwise(dates))
    assert bool(dates) == (start <= end)
    if cadence == "once":
        assert dates in ((), (start,))
    elif cadence in ("weekly", "biweekly"):
        _assert_every_n_days(dates, end, 7 if cadence == "weekly" else 14)
    else:
        _assert_every_n_months(dates, start, end, 1 if cadence == "monthly" else 3)


def _assert_every_n_days(dates: tuple[date, ...], end: date, step: int) -> None:
    assert all((b - a).days == step for a, b in pairwise(dates))
    if dates:
        assert dates[-1] + timedelta(days=step) > end  # none missing at the end


def _assert_every_n_months(dates: tuple[date, ...], start: date, end: date, step: int) -> None:
    for n, day in enumerate(dates):
        assert day == _months_after(start, n * step)
    if dates:
        assert _months_after(start, len(dates) * step) > end  # none missing at the end


def _months_after(start: date, months: int) -> date:
    """Written out here rather than taken from the module: the original day, clamped."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _status(kpi: Kpi, value: Fraction, day: date) -> int:
    measured = replace(kpi, actuals=(Actual(day, value),))
    return STATUS_RANK[kpi_progress(measured, Period(2026, 1)).status]


values = st.fractions(min_value=-1000, max_value=1000, max_denominator=100)
actual_days = st.dates(min_value=date(2025, 12, 1), max_value=date(2026, 6, 30))


@SETTINGS
@given(
    baseline=values,
    move=st.fractions(min_value=0, max_value=500, max_denominator=100),
    low=values,
    raise_by=st.fractions(min_value=0, max_value=500, max_denominator=100),
    day=actual_days,
    direction=st.sampled_from(["up", "down"]),
)
def test_kpi_status_is_monotonic_in_the_actual(
    baseline: Fraction,
    move: Fraction,
    low: Fraction,
    raise_by: Fraction,
    day: date,
    direction: str,
) -> None:
    # the target lies on the direction's side of the baseline (or on it: "hold the line")
    target = baseline + move if direction == "up" else baseline - move
    kpi = Kpi("k", "K", baseline=baseline, target=target, direction=direction)  # type: ignore[arg-type]
    worse, better = (low, low + raise_by) if direction == "up" else (low + raise_by, low)
    assert _status(kpi, better, day) >= _status(kpi, worse, day)
