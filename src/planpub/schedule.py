"""When things happen: cadences turned into dated occurrences, plus reviews and deadlines.

A program with a `schedule` happens on dates: from `schedule.start` (default: the period start),
stepping by its cadence, while the date is `<= schedule.end` (default: the period end). Monthly and
quarterly cadences keep the start's day of month, clamped to shorter months and always counted from
the original day: Jan 31 -> Feb 28 -> Mar 31.

A program without a `schedule` is *always-on* (SEO, paid search, nurture e-mails): its yields are
per period, so it counts as exactly one occurrence, but it has no date and never appears on the
calendar as an occurrence.

Nothing here reads the clock: the same plan gives the same calendar on any day. The `.ics` feed is
built elsewhere from `calendar()`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from planpub.diagnostics import Finding
from planpub.model import Period, Plan, Program, ReviewKind, Schedule, days_in_month
from planpub.records import record

STEP_DAYS = {"weekly": 7, "biweekly": 14}
STEP_MONTHS = {"monthly": 1, "quarterly": 3}
FINAL_REVIEW_LEAD = timedelta(days=14)
REVIEW_TITLES: dict[ReviewKind, str] = {
    "mid-quarter": "Mid-quarter review",
    "final": "Final review",
}

EventKind = Literal["review", "deadline", "occurrence", "promotion"]
EVENT_ORDER: dict[EventKind, int] = {"review": 0, "deadline": 1, "occurrence": 2, "promotion": 3}


@record
class ScheduledReview:
    """A review on the calendar; `default` when planpub scheduled it because the plan had none."""

    kind: ReviewKind
    date: date
    summary: str = ""
    default: bool = False


@record
class Event:
    """One calendar entry. `end` is inclusive and equals `start` for one-day events."""

    kind: EventKind
    start: date
    end: date
    title: str
    ref: str  # the program id, or the review kind


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, its day of month clamped to the target month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = days_in_month(year, month + 1)
    return date(year, month + 1, min(day.day, last))


def occurrence_dates(schedule: Schedule, period: Period) -> tuple[date, ...]:
    """The dated occurrences of a schedule, first to last; empty when start is after end."""
    start = schedule.start or period.start
    end = schedule.end or period.end
    if schedule.cadence == "once":
        return (start,) if start <= end else ()
    dates: list[date] = []
    while (day := _nth_occurrence(start, schedule.cadence, len(dates))) and day <= end:
        dates.append(day)
    return tuple(dates)


def _nth_occurrence(start: date, cadence: str, step: int) -> date | None:
    """The occurrence `step` cadences after `start`; None past the last date Python knows."""
    try:
        if cadence in STEP_MONTHS:
            return add_months(start, STEP_MONTHS[cadence] * step)
        return start + timedelta(days=STEP_DAYS[cadence] * step)
    except (ValueError, OverflowError):
        return None


def occurrence_count(program: Program, period: Period) -> int:
    """How many times the program's yields count in the period: always-on programs count once."""
    if program.schedule is None:
        return 1
    return len(occurrence_dates(program.schedule, period))


def promotion_window(occurrence: date, promote_days: int) -> tuple[date, date] | None:
    """The days promoting an occurrence: `[occurrence - promote_days, occurrence - 1 day]`."""
    if promote_days <= 0:
        return None
    return occurrence - timedelta(days=promote_days), occurrence - timedelta(days=1)


def midpoint(period: Period) -> date:
    return period.start + (period.end - period.start) // 2


def reviews(plan: Plan) -> tuple[ScheduledReview, ...]:
    """The plan's reviews plus a default one for each kind it lacks, in date order.

    Defaults: mid-quarter at the period's midpoint, final two weeks before the period ends. An
    annual plan gets them too, at the year's midpoint and two weeks before December 31.
    """
    planned = [ScheduledReview(r.kind, r.date, r.summary) for r in plan.reviews]
    kinds = {r.kind for r in plan.reviews}
    if "mid-quarter" not in kinds:
        planned.append(ScheduledReview("mid-quarter", midpoint(plan.period), default=True))
    if "final" not in kinds:
        final_day = plan.period.end - FINAL_REVIEW_LEAD
        planned.append(ScheduledReview("final", final_day, default=True))
    return tuple(sorted(planned, key=lambda r: r.date))


def calendar(plan: Plan) -> tuple[Event, ...]:
    """Every dated entry of the plan: reviews, deadlines, occurrences and promotion windows."""
    events = [Event("review", r.date, r.date, _review_title(r), r.kind) for r in reviews(plan)]
    for program in plan.programs:
        events.extend(_program_events(program, plan.period))
    return tuple(sorted(events, key=lambda e: (e.start, EVENT_ORDER[e.kind], e.ref, e.end)))


def _review_title(review: ScheduledReview) -> str:
    return review.summary or REVIEW_TITLES[review.kind]


def _program_events(program: Program, period: Period) -> list[Event]:
    events: list[Event] = []
    if program.deadline is not None:
        title = program.deadline_note or f"{program.name}: deadline"
        events.append(Event("deadline", program.deadline, program.deadline, title, program.id))
    if program.schedule is None:
        return events
    for day in occurrence_dates(program.schedule, period):
        events.append(Event("occurrence", day, day, program.name, program.id))
        window = promotion_window(day, program.schedule.promote_days)
        if window is not None:
            title = f"Promote {program.name}"
            events.append(Event("promotion", window[0], window[1], title, program.id))
    return events


def schedule_findings(plan: Plan) -> list[Finding]:
    """PP402 for each schedule without a single occurrence (its start is after its end)."""
    found = []
    for i, program in enumerate(plan.programs):
        schedule = program.schedule
        if schedule is None or occurrence_dates(schedule, plan.period):
            continue
        start = (schedule.start or plan.period.start).isoformat()
        end = (schedule.end or plan.period.end).isoformat()
        found.append(
            Finding(
                code="PP402",
                severity="warning",
                path=f"programs[{i}].schedule",
                message=f"the schedule has no occurrence: it starts on {start}, after its end "
                f"on {end}, so '{program.id}' is expected to bring nothing",
                hint="move schedule.start before schedule.end, or remove the schedule to make "
                "it an always-on program",
            )
        )
    return found
