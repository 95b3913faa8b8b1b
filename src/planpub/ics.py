"""A plan's calendar as an iCalendar (RFC 5545) feed: occurrences, deadlines and reviews.

The feed is byte-for-byte reproducible. Each event's UID is made of the period, the program (or
review kind), the kind of event and its date, so a calendar that subscribed to the feed updates
an event instead of duplicating it. DTSTAMP is SOURCE_DATE_EPOCH when it is set, else the start
of the plan's period: never the clock. Events are all-day (DATE values, DTEND exclusive).
Promotion windows stay on the page: in a subscriber's calendar they would cover whole weeks.

The feed is written here rather than with the icalendar library, whose import costs every build
process tens of milliseconds; the tests parse it back with icalendar. Writing it means three rules
of RFC 5545: TEXT values are escaped (3.3.11), content lines end in CRLF and are folded at 75
octets without splitting a UTF-8 character (3.1), and the whole is UTF-8.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from planpub.records import record

PRODID = "-//planpub//marketing plan calendar//EN"
FEED_KINDS = ("occurrence", "deadline", "review")

_LINE_OCTETS = 75  # the longest physical line, CRLF not counted (RFC 5545 3.1)
_CRLF = b"\r\n"

# RFC 5545 3.3.11: backslash, semicolon, comma and newline are escaped in TEXT. Other control
# characters (all of C0 but tab, and DEL) may not appear in a content line at all: they are dropped.
_TEXT_ESCAPES = {"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"}
_CONTROLS = {chr(code): None for code in (*range(0x20), 0x7F) if chr(code) not in "\t\n"}
_TEXT = str.maketrans({**_CONTROLS, **_TEXT_ESCAPES})


@record
class FeedEntry:
    """One all-day event of a calendar feed: a program run, a deadline or a review."""

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
    """The feed of the entries whose kind belongs in a subscriber's calendar, as UTF-8 bytes."""
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{_text_value(PRODID)}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_text_value(name)}",
    ]
    for entry in entries:
        if entry.kind in FEED_KINDS:
            lines += _event(entry, period, stamp, domain)
    lines.append("END:VCALENDAR")
    return b"".join(_folded(line) for line in lines)


def _event(entry: FeedEntry, period: str, stamp: datetime, domain: str) -> list[str]:
    """The content lines of one all-day VEVENT, from BEGIN to END."""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{_text_value(event_uid(period, entry, domain))}",
        f"DTSTAMP:{_utc_date_time(stamp)}",
        f"DTSTART;VALUE=DATE:{_date_value(entry.start)}",
        f"DTEND;VALUE=DATE:{_date_value(entry.end + timedelta(days=1))}",
        f"SUMMARY:{_text_value(entry.title)}",
    ]
    if entry.description:
        lines.append(f"DESCRIPTION:{_text_value(entry.description)}")
    lines += [f"CATEGORIES:{_text_value(entry.kind)}", "TRANSP:TRANSPARENT", "END:VEVENT"]
    return lines


def _text_value(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): CR LF and a lone CR are newlines; controls but tab go."""
    one_newline = text.replace("\r\n", "\n").replace("\r", "\n")
    return one_newline.translate(_TEXT)


def _date_value(day: date) -> str:
    """A DATE value (RFC 5545 3.3.4): `20260120`, the year always four digits."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _utc_date_time(moment: datetime) -> str:
    """A DATE-TIME value in UTC (RFC 5545 3.3.5): `20260101T000000Z`; a naive time is UTC."""
    utc = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return f"{_date_value(utc.date())}T{utc.hour:02d}{utc.minute:02d}{utc.second:02d}Z"


def _folded(line: str) -> bytes:
    """One content line as UTF-8 physical lines of at most 75 octets, each ending in CRLF.

    A line is broken before the character that would not fit, never inside one; every
    continuation line starts with a single space, which counts towards its 75 octets.
    """
    encoded = line.encode("utf-8")
    if len(encoded) <= _LINE_OCTETS:
        return encoded + _CRLF
    physical = [bytearray()]
    for char in line:
        octets = char.encode("utf-8")
        if len(physical[-1]) + len(octets) > _LINE_OCTETS:
            physical.append(bytearray(b" "))
        physical[-1] += octets
    return b"".join(bytes(part) + _CRLF for part in physical)
