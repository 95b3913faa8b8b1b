"""KPI targets, progress, expected progress and status, for up and down KPIs."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from engine_helpers import Q1_2026, kpi, percent

from planpub.kpis import elapsed_share, kpi_progress, kpi_target, latest_actual
from planpub.model import Actual

# Jan 1 + 100 days = Apr 11 (Feb 1 is +31, Mar 1 +59, Apr 1 +90); Jan 1 + 50 days = Feb 20.
# A KPI due Apr 11 measured on Feb 20 is expected to be half way: on-track from progress 0.45,
# at-risk from 0.35.
DUE = date(2026, 4, 11)
HALF_WAY = date(2026, 2, 20)


def judged(value: int, **changes: object) -> str:
    fields: dict[str, object] = {"due": DUE, "actuals": (Actual(HALF_WAY, Fraction(value)),)}
    fields.update(changes)
    return kpi_progress(kpi(**fields), Q1_2026).status


def test_target_from_change() -> None:
    # +25% on a baseline of 0.8% -> 0.8% x 1.25 = 1%
    assert kpi_target(kpi(baseline=percent("0.8"), target=None, change=Fraction(1, 4))) == Fraction(
        1, 100
    )


def test_target_missing_gives_no_data() -> None:
    result = kpi_progress(kpi(target=None, actuals=(Actual(HALF_WAY, Fraction(1)),)), Q1_2026)
    assert (result.target, result.status) == (None, "no-data")


def test_seed_kpi_progress() -> None:
    # 0.75% -> 1%, actual 0.85% on Feb 15: progress 0.10 / 0.25 = 2/5;
    # expected: Jan 1 -> Feb 15 is 45 days of the 89 to Mar 31 -> 45/89 = 0.506;
    # 2/5 is below 0.9 x 45/89 = 0.455 but above 0.7 x 45/89 = 0.354: at-risk
    result = kpi_progress(kpi(actuals=(Actual(date(2026, 2, 15), percent("0.85")),)), Q1_2026)
    assert (result.progress, result.expected) == (Fraction(2, 5), Fraction(45, 89))
    assert result.status == "at-risk"
    assert result.due == date(2026, 3, 31)


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        pytest.param(100, "achieved", id="at-target"),
        pytest.param(130, "achieved", id="beyond-target"),
        pytest.param(45, "on-track", id="0.9-of-expected"),
        pytest.param(44, "at-risk", id="just-below-on-track"),
        pytest.param(35, "at-risk", id="0.7-of-expected"),
        pytest.param(34, "off-track", id="just-below-at-risk"),
        pytest.param(-10, "off-track", id="below-baseline"),
    ],
)
def test_up_kpi_status(actual: int, status: str) -> None:
    # baseline 0, target 100: progress = actual / 100
    assert judged(actual, baseline=Fraction(0), target=Fraction(100)) == status


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        pytest.param(100, "achieved", id="at-target"),
        pytest.param(90, "achieved", id="beyond-target"),
        pytest.param(155, "on-track", id="0.9-of-expected"),
        pytest.param(156, "at-risk", id="just-below-on-track"),
        pytest.param(165, "at-risk", id="0.7-of-expected"),
        pytest.param(166, "off-track", id="just-below-at-risk"),
        pytest.param(210, "off-track", id="worse-than-baseline"),
    ],
)
def test_down_kpi_status(actual: int, status: str) -> None:
    # cost per lead from 200 down to 100: progress = (200 - actual) / 100
    fields = {"baseline": Fraction(200), "target": Fraction(100), "direction": "down"}
    assert judged(actual, **fields) == status


def test_down_kpi_progress_is_positive_when_it_falls() -> None:
    # 200 -> 100, actual 150: (150 - 200) / (100 - 200) = 1/2
    result = kpi_progress(
        kpi(
            baseline=Fraction(200),
            target=Fraction(100),
            direction="down",
            due=DUE,
            actuals=(Actual(HALF_WAY, Fraction(150)),),
        ),
        Q1_2026,
    )
    assert (result.progress, result.expected, result.status) == (
        Fraction(1, 2),
        Fraction(1, 2),
        "on-track",
    )


@pytest.mark.parametrize(
    ("direction", "actual", "status"),
    [
        pytest.param("up", 50, "achieved", id="up-held"),
        pytest.param("up", 51, "achieved", id="up-above"),
        pytest.param("up", 49, "off-track", id="up-below"),
        pytest.param("down", 50, "achieved", id="down-held"),
        pytest.param("down", 49, "achieved", id="down-below"),
        pytest.param("down", 51, "off-track", id="down-above"),
    ],
)
def test_target_equal_to_baseline_means_hold_the_line(
    direction: str, actual: int, status: str
) -> None:
    fields = {"baseline": Fraction(50), "target": Fraction(50), "direction": direction}
    assert judged(actual, **fields) == status


def test_no_actuals_is_no_data() -> None:
    result = kpi_progress(kpi(), Q1_2026)
    assert (result.status, result.progress, result.expected, result.latest) == (
        "no-data",
        None,
        None,
        None,
    )


def test_latest_actual_is_the_latest_date_then_the_last_listed() -> None:
    first = Actual(date(2026, 2, 1), Fraction(1))
    later = Actual(date(2026, 3, 1), Fraction(2))
    same_day = Actual(date(2026, 3, 1), Fraction(3))
    assert latest_actual((later, first)) == later
    assert latest_actual((first, later, same_day)) == same_day
    assert latest_actual(()) is None


@pytest.mark.parametrize(
    ("day", "share"),
    [
        pytest.param(date(2025, 12, 1), 0, id="before-start"),
        pytest.param(date(2026, 1, 1), 0, id="start"),
        pytest.param(HALF_WAY, Fraction(1, 2), id="half-way"),
        pytest.param(DUE, 1, id="due"),
        pytest.param(date(2026, 5, 1), 1, id="after-due"),
    ],
)
def test_elapsed_share_is_clamped(day: date, share: Fraction) -> None:
    assert elapsed_share(date(2026, 1, 1), DUE, day) == share


def test_due_on_the_period_start() -> None:
    start = date(2026, 1, 1)
    assert elapsed_share(start, start, date(2025, 12, 31)) == 0
    assert elapsed_share(start, start, start) == 1
