"""A plan's calendar as an iCalendar (RFC 5545) feed: occurrences, deadlines and reviews.

The feed is byte-for-byte reproducible. Each event's UID is made of the period, the program (or
review kind), the kind of event and its date, so a calendar that subscribed to the feed updates
an event instead of duplicating it. DTSTAMP is SOURCE_DATE_EPOCH when it is set, else the start
of the plan's period: never the clock. Events are all-day (DATE values, DTEND exclusive).
Promotion windows stay on the page: in a subscriber's calendar they would cover whole weeks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event

PRODID = "-//planpub//marketing plan calendar//EN"
FEED_KINDS = ("occurrence", "deadline", "review")


@dataclass(frozen=True)
class FeedEntry:
    kind: str  # occurrence | deadline | review
    ref: str  # the program id, or the review kind
    start: date
    end: date  # inclusive
    title: str
    description: str = ""


def event_uid(period: str, entry: FeedEntry, domain: str) -> str:
    """`2026-Q1-webinars-occurrence-20260120@plans.example.com`: stable across builds."""
    return f"{period}-{entry.ref}-{entry.kind}-{entry.start:%Y%m%d}@{domain}"


def feed_stamp(source_date_epoch: str | None, period_start: date) -> datetime:
    """DTSTAMP: SOURCE_DATE_EPOCH (seconds since 1970) when set, else the period's start."""
    if source_date_epoch and source_date_epoch.strip().isdigit():
        return datetime.fromtimestamp(int(source_date_epoch), tz=UTC)
    return datetime.combine(period_start, time(), tzinfo=UTC)


def calendar_feed(
    name: str,
    period: str,
    entries: Sequence[FeedEntry],
    *,
    stamp: datetime,
    domain: str = "planpub",
) -> bytes:
    """The feed of the entries whose kind belongs in a subscriber's calendar."""
    feed = Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", name)
    for entry in entries:
        if entry.kind in FEED_KINDS:
            feed.add_component(_event(entry, period, stamp, domain))
    data: bytes = feed.to_ical()
    return data


def _event(entry: FeedEntry, period: str, stamp: datetime, domain: str) -> Event:
    event = Event()
    event.add("uid", event_uid(period, entry, domain))
    event.add("dtstamp", stamp)
    event.add("dtstart", entry.start)
    event.add("dtend", entry.end + timedelta(days=1))
    event.add("summary", entry.title)
    if entry.description:
        event.add("description", entry.description)
    event.add("categories", [entry.kind])
    event.add("transp", "TRANSPARENT")
    return event
