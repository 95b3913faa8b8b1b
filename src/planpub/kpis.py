"""KPI progress and status, judged at the date of the latest actual, never at the build date.

progress = (actual - baseline) / (target - baseline): 0 at the baseline, 1 at the target, for
`up` and `down` KPIs alike (a `down` KPI has target < baseline, so a smaller actual is more
progress). expected = the elapsed share of [period start, due] on the actual's date. Status:
`achieved` if progress >= 1, else `on-track` if progress >= 0.9 * expected, `at-risk` if
>= 0.7 * expected, else `off-track`; `no-data` without actuals or without a target.

A KPI whose target equals its baseline means "hold the line": it is `achieved` while the actual is
at the target or on the good side of it (above for `up`, below for `down`), else `off-track`;
its progress is undefined (None).

For a KPI whose target lies on its direction's side of the baseline, a better actual never gives
a worse status.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Literal

from planpub.model import Actual, Direction, Kpi, Period, Unit
from planpub.records import record

KpiStatus = Literal["achieved", "on-track", "at-risk", "off-track", "no-data"]

ON_TRACK = Fraction(9, 10)
AT_RISK = Fraction(7, 10)


@record
class KpiProgress:
    """A KPI's target, its latest actual, and its progress and status as of that actual."""

    id: str
    name: str
    unit: Unit
    direction: Direction
    baseline: Fraction
    target: Fraction | None
    due: date
    latest: Actual | None
    progress: Fraction | None
    expected: Fraction | None
    status: KpiStatus


def kpi_target(kpi: Kpi) -> Fraction | None:
    """The stated target, or the baseline moved by `change` (+25% of 0.8 -> 1.0)."""
    if kpi.target is not None:
        return kpi.target
    if kpi.change is not None:
        return kpi.baseline * (1 + kpi.change)
    return None


def latest_actual(actuals: tuple[Actual, ...]) -> Actual | None:
    """The actual with the latest date; of several on that date, the one listed last."""
    latest: Actual | None = None
    for actual in actuals:
        if latest is None or actual.date >= latest.date:
            latest = actual
    return latest


def elapsed_share(start: date, due: date, day: date) -> Fraction:
    """Share of [start, due] elapsed on `day`, clamped to [0, 1]."""
    if due <= start:
        return Fraction(1 if day >= due else 0)
    share = Fraction((day - start).days, (due - start).days)
    return min(max(share, Fraction(0)), Fraction(1))


def progress_status(progress: Fraction, expected: Fraction) -> KpiStatus:
    if progress >= 1:
        return "achieved"
    if progress >= ON_TRACK * expected:
        return "on-track"
    if progress >= AT_RISK * expected:
        return "at-risk"
    return "off-track"


def hold_status(kpi: Kpi, target: Fraction, actual: Fraction) -> KpiStatus:
    """Status of a KPI whose target is its baseline: keep the actual on the good side."""
    on_good_side = actual >= target if kpi.direction == "up" else actual <= target
    return "achieved" if on_good_side else "off-track"


def _judge(
    kpi: Kpi, target: Fraction | None, latest: Actual | None, expected: Fraction | None
) -> tuple[Fraction | None, KpiStatus]:
    """Progress and status; progress is None where it is undefined."""
    if target is None or latest is None or expected is None:
        return None, "no-data"
    if target == kpi.baseline:
        return None, hold_status(kpi, target, latest.value)
    progress = (latest.value - kpi.baseline) / (target - kpi.baseline)
    return progress, progress_status(progress, expected)


def kpi_progress(kpi: Kpi, period: Period) -> KpiProgress:
    """Progress and status of a KPI from its latest actual."""
    target = kpi_target(kpi)
    due = kpi.due or period.end
    latest = latest_actual(kpi.actuals)
    expected = None if latest is None else elapsed_share(period.start, due, latest.date)
    progress, status = _judge(kpi, target, latest, expected)
    return KpiProgress(
        id=kpi.id,
        name=kpi.name,
        unit=kpi.unit,
        direction=kpi.direction,
        baseline=kpi.baseline,
        target=target,
        due=due,
        latest=latest,
        progress=progress,
        expected=expected,
        status=status,
    )
