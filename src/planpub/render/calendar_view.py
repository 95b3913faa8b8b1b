"""The calendar section: month grids, a timeline chart and the list of dates, from `calendar()`.

Event titles are localized here (the engine's own titles are English) and shared with the .ics
feed: an occurrence is the program's name, a promotion window "Promotion: <program>", a deadline
the program's deadline note, a review its kind ("Mid-quarter review").
"""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from datetime import date, timedelta

from planpub.render.charts import Chart, Span, TimelineRow, timeline_chart
from planpub.render.context import PlanContext
from planpub.schedule import Event


@dataclass(eq=False)
class Entry:
    """One event as the reader sees it."""

    kind: str
    start: date
    end: date
    title: str
    kind_label: str
    when: str  # the date, or the range of a promotion window


@dataclass(eq=False)
class DayCell:
    day: int
    iso: str
    entries: tuple[Entry, ...]  # occurrences, deadlines and reviews on this day
    promoted: tuple[str, ...]  # programs promoted on this day
    outside: bool  # outside the plan's period


@dataclass(eq=False)
class MonthGrid:
    title: str
    weeks: tuple[tuple[DayCell | None, ...], ...]


@dataclass(eq=False)
class CalendarView:
    feed_url: str | None
    weekdays: tuple[str, ...]
    months: tuple[MonthGrid, ...]
    agenda: tuple[Entry, ...]
    timeline: Chart


def entry_title(ctx: PlanContext, event: Event) -> str:
    t = ctx.t
    if event.kind == "review":
        return t[f"review_{event.ref}"]
    name = ctx.name("program", event.ref)
    if event.kind == "promotion":
        return t["promotion_of"].format(program=name)
    if event.kind == "deadline":
        program = next(p for p in ctx.plan.programs if p.id == event.ref)
        return program.deadline_note or t["deadline_of"].format(program=name)
    return name


def entries(ctx: PlanContext) -> tuple[Entry, ...]:
    return tuple(
        Entry(
            kind=e.kind,
            start=e.start,
            end=e.end,
            title=entry_title(ctx, e),
            kind_label=ctx.t[f"event_{e.kind}"],
            when=ctx.fmt.date_range(e.start, e.end),
        )
        for e in ctx.derived.calendar
    )


def calendar_view(ctx: PlanContext, feed_url: str | None) -> CalendarView | None:
    listed = entries(ctx)
    if not listed:
        return None
    return CalendarView(
        feed_url=feed_url,
        weekdays=ctx.fmt.weekdays(),
        months=tuple(_month(ctx, first, listed) for first in _months_shown(ctx, listed)),
        agenda=listed,
        timeline=_timeline(ctx, listed),
    )


def month_starts(start: date, end: date) -> list[date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def _months_shown(ctx: PlanContext, listed: tuple[Entry, ...]) -> list[date]:
    """Every month of a quarter; for a year, only the months with something on them."""
    period = ctx.plan.period
    months = month_starts(period.start, period.end)
    if period.is_quarter:
        return months
    busy = {(e.start.year, e.start.month) for e in listed if e.kind != "promotion"}
    return [m for m in months if (m.year, m.month) in busy]


def _month(ctx: PlanContext, first: date, listed: tuple[Entry, ...]) -> MonthGrid:
    weeks = _calendar.Calendar(ctx.fmt.first_weekday).monthdatescalendar(first.year, first.month)
    return MonthGrid(
        title=ctx.fmt.month(first),
        weeks=tuple(
            tuple(_cell(ctx, day, listed) if day.month == first.month else None for day in week)
            for week in weeks
        ),
    )


def _cell(ctx: PlanContext, day: date, listed: tuple[Entry, ...]) -> DayCell:
    return DayCell(
        day=day.day,
        iso=day.isoformat(),
        entries=tuple(e for e in listed if e.kind != "promotion" and e.start == day),
        promoted=tuple(
            e.title for e in listed if e.kind == "promotion" and e.start <= day <= e.end
        ),
        outside=not ctx.plan.period.contains(day),
    )


def _timeline(ctx: PlanContext, listed: tuple[Entry, ...]) -> Chart:
    period = ctx.plan.period
    span = Span(period.start, period.end)
    months = [(m, ctx.fmt.month_short(m)) for m in month_starts(period.start, period.end)]
    tips: dict[str, list[tuple[Event, str]]] = {}
    for event, entry in zip(ctx.derived.calendar, listed, strict=True):
        tips.setdefault(event.ref if event.kind != "review" else "", []).append(
            (event, f"{entry.when}: {entry.title}")
        )
    rows = [_program_row(p.name, p.schedule is None, tips.get(p.id, [])) for p in ctx.plan.programs]
    reviews = tuple((e.start, f"{e.when}: {e.title}") for e in listed if e.kind == "review")
    rows.append(TimelineRow(ctx.t["event_review"], reviews=reviews))
    desc = " ".join(f"{e.when}: {e.title}." for e in listed if e.kind != "promotion")
    return timeline_chart(
        "planpub-timeline-chart", ctx.t["timeline_chart"], span, months, rows, desc
    )


def _program_row(name: str, always_on: bool, events: list[tuple[Event, str]]) -> TimelineRow:
    """One program's row: its occurrences, promotion windows and deadline, with tooltips."""
    return TimelineRow(
        label=name,
        occurrences=tuple((e.start, tip) for e, tip in events if e.kind == "occurrence"),
        promotions=tuple((e.start, e.end, tip) for e, tip in events if e.kind == "promotion"),
        deadlines=tuple((e.start, tip) for e, tip in events if e.kind == "deadline"),
        always_on=always_on,
    )
