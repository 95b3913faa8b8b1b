"""Cadences, promotion windows, default reviews and the calendar."""

from __future__ import annotations

import calendar as calendar_module
from datetime import date

import pytest
from engine_helpers import Q1_2026, seed_plan, webinars

from planpub.model import Period, Program, Review, Schedule, days_in_month
from planpub.schedule import (
    add_months,
    calendar,
    occurrence_count,
    occurrence_dates,
    promotion_window,
    reviews,
    schedule_findings,
)

YEAR_2026 = Period(2026)


def test_seed_monthly_webinars_happen_three_times() -> None:
    # monthly from Jan 20 while <= Mar 31: Jan 20, Feb 20, Mar 20 (Apr 20 is past the end)
    program = webinars()
    assert program.schedule is not None
    assert occurrence_dates(program.schedule, Q1_2026) == (
        date(2026, 1, 20),
        date(2026, 2, 20),
        date(2026, 3, 20),
    )
    assert occurrence_count(program, Q1_2026) == 3


def test_month_end_start_is_clamped_from_the_original_day() -> None:
    # Jan 31 -> Feb 28 (2026 is not a leap year) -> Mar 31, not Mar 28
    schedule = Schedule("monthly", start=date(2026, 1, 31))
    assert occurrence_dates(schedule, Q1_2026) == (
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
    )


def test_quarterly_from_a_month_end_over_a_year() -> None:
    # Jan 31 + 3 months = Apr 30 (clamped), + 6 = Jul 31, + 9 = Oct 31
    schedule = Schedule("quarterly", start=date(2026, 1, 31))
    assert occurrence_dates(schedule, YEAR_2026) == (
        date(2026, 1, 31),
        date(2026, 4, 30),
        date(2026, 7, 31),
        date(2026, 10, 31),
    )


@pytest.mark.parametrize(
    ("cadence", "count", "last"),
    [
        # Q1 2026 has 90 days, so the last possible offset from Jan 1 is 89 days;
        # Jan 1 + 84 days = Mar 26 (Jan 1 + 30 = Jan 31, + 28 = Feb 28, + 26 = Mar 26)
        pytest.param("weekly", 13, date(2026, 3, 26), id="weekly-0-to-84-days"),
        pytest.param("biweekly", 7, date(2026, 3, 26), id="biweekly-0-to-84-days"),
        pytest.param("monthly", 3, date(2026, 3, 1), id="monthly"),
        pytest.param("quarterly", 1, date(2026, 1, 1), id="quarterly"),
        pytest.param("once", 1, date(2026, 1, 1), id="once"),
    ],
)
def test_cadence_from_the_period_start(cadence: str, count: int, last: date) -> None:
    dates = occurrence_dates(Schedule(cadence), Q1_2026)  # type: ignore[arg-type]
    assert (len(dates), dates[0], dates[-1]) == (count, date(2026, 1, 1), last)


def test_end_date_is_inclusive() -> None:
    schedule = Schedule("weekly", start=date(2026, 3, 3), end=date(2026, 3, 17))
    assert occurrence_dates(schedule, Q1_2026) == (
        date(2026, 3, 3),
        date(2026, 3, 10),
        date(2026, 3, 17),
    )


@pytest.mark.parametrize("cadence", ["once", "weekly", "monthly"])
def test_start_after_end_has_no_occurrence(cadence: str) -> None:
    schedule = Schedule(cadence, start=date(2026, 3, 20), end=date(2026, 3, 1))  # type: ignore[arg-type]
    assert occurrence_dates(schedule, Q1_2026) == ()


def test_empty_schedule_is_a_pp402_warning() -> None:
    plan = seed_plan(programs=(webinars(start=date(2026, 4, 1)),))
    [finding] = schedule_findings(plan)
    assert (finding.code, finding.severity, finding.path) == (
        "PP402",
        "warning",
        "programs[0].schedule",
    )
    assert "2026-04-01" in finding.message and "2026-03-31" in finding.message


def test_always_on_program_counts_once_and_has_no_date() -> None:
    seo = Program(id="seo", name="SEO")
    assert occurrence_count(seo, Q1_2026) == 1
    events = calendar(seed_plan(programs=(seo,)))
    assert [e for e in events if e.ref == "seo"] == []


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        pytest.param(date(2026, 1, 31), 1, date(2026, 2, 28), id="clamp-feb"),
        pytest.param(date(2028, 1, 31), 1, date(2028, 2, 29), id="leap-feb"),
        pytest.param(date(2026, 11, 30), 3, date(2027, 2, 28), id="across-year"),
        pytest.param(date(2026, 12, 15), 1, date(2027, 1, 15), id="december"),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_promotion_window_ends_the_day_before() -> None:
    # "promote 2 weeks before": 14 days before Jan 20 is Jan 6, up to Jan 19
    assert promotion_window(date(2026, 1, 20), 14) == (date(2026, 1, 6), date(2026, 1, 19))
    assert promotion_window(date(2026, 1, 20), 0) is None


def test_default_reviews_of_a_quarter() -> None:
    # Q1 2026: Jan 1 to Mar 31 is 89 days, midpoint Jan 1 + 44 = Feb 14; final Mar 31 - 14 = Mar 17
    scheduled = reviews(seed_plan())
    assert [(r.kind, r.date, r.default) for r in scheduled] == [
        ("mid-quarter", date(2026, 2, 14), True),
        ("final", date(2026, 3, 17), True),
    ]


def test_default_reviews_of_a_year() -> None:
    # 2026: Jan 1 to Dec 31 is 364 days, midpoint Jan 1 + 182 = Jul 2; final Dec 31 - 14 = Dec 17
    scheduled = reviews(seed_plan(period=YEAR_2026))
    assert [r.date for r in scheduled] == [date(2026, 7, 2), date(2026, 12, 17)]


def test_planned_review_replaces_only_its_own_kind() -> None:
    planned = Review("final", date(2026, 3, 24), "Quarter close")
    scheduled = reviews(seed_plan(reviews=(planned,)))
    assert [(r.kind, r.date, r.summary, r.default) for r in scheduled] == [
        ("mid-quarter", date(2026, 2, 14), "", True),
        ("final", date(2026, 3, 24), "Quarter close", False),
    ]


def test_calendar_of_the_seed_plan_in_date_order() -> None:
    events = calendar(seed_plan())
    january = [(e.kind, e.start, e.end) for e in events if e.start.month == 1]
    assert january == [
        ("promotion", date(2026, 1, 6), date(2026, 1, 19)),
        ("deadline", date(2026, 1, 15), date(2026, 1, 15)),
        ("occurrence", date(2026, 1, 20), date(2026, 1, 20)),
    ]
    kinds = [e.kind for e in events]
    assert kinds.count("occurrence") == 3 and kinds.count("review") == 2
    assert [e.start for e in events] == sorted(e.start for e in events)


@pytest.mark.parametrize("cadence", ["weekly", "monthly", "quarterly"])
def test_schedule_running_to_the_last_representable_day_stops_there(cadence: str) -> None:
    schedule = Schedule(cadence, start=date(9999, 12, 1), end=date.max)  # type: ignore[arg-type]
    assert occurrence_dates(schedule, Q1_2026)[0] == date(9999, 12, 1)


def test_days_in_month_agree_with_the_calendar_module() -> None:
    """Leap years included: 2024 and 2000 are, 2026 and 2100 are not."""
    for year in range(1896, 2105):
        for month in range(1, 13):
            assert days_in_month(year, month) == calendar_module.monthrange(year, month)[1]
    assert [days_in_month(y, 2) for y in (2024, 2000, 2026, 2100)] == [29, 29, 28, 28]
