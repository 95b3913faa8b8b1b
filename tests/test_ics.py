"""The .ics feed: parses as iCalendar, holds occurrences, deadlines and reviews, never the clock."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from engine_helpers import seed_plan
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from icalendar.parser import unescape_backslash
from strategies import CI

import planpub
from planpub.derive import derive
from planpub.ics import FeedEntry, calendar_feed, event_uid, feed_stamp
from planpub.loader import load_text
from planpub.render import TEMPLATES_DIR, Settings, Templates
from planpub.render.site import PlanSite

PLAN = seed_plan()
EVENTS = [FeedEntry(e.kind, e.ref, e.start, e.end, e.title) for e in derive(PLAN).calendar]
STAMP = datetime(2026, 1, 1, tzinfo=UTC)


def parsed(data: bytes) -> list[tuple[str, str, date, date]]:
    feed = Calendar.from_ical(data)
    return [
        (
            str(event["categories"].cats[0]),
            str(event["summary"]),
            event.decoded("dtstart"),
            event.decoded("dtend"),
        )
        for event in feed.walk("VEVENT")
    ]


def test_the_feed_has_the_seeds_three_webinars_as_all_day_events() -> None:
    # monthly from Jan 20 while <= Mar 31: Jan 20, Feb 20, Mar 20
    events = parsed(calendar_feed("Q1", "2026-Q1", EVENTS, stamp=STAMP))
    occurrences = [(start, end) for kind, _, start, end in events if kind == "occurrence"]
    assert occurrences == [
        (date(2026, 1, 20), date(2026, 1, 21)),
        (date(2026, 2, 20), date(2026, 2, 21)),
        (date(2026, 3, 20), date(2026, 3, 21)),
    ]


def test_deadlines_and_reviews_are_in_it_promotion_windows_are_not() -> None:
    kinds = [kind for kind, *_ in parsed(calendar_feed("Q1", "2026-Q1", EVENTS, stamp=STAMP))]
    assert kinds.count("deadline") == 1  # complete the webinar schedule by Jan 15
    assert kinds.count("review") == 2  # the default mid-quarter and final reviews
    assert "promotion" not in kinds


def test_uids_come_from_period_program_kind_and_date() -> None:
    webinar = next(e for e in EVENTS if e.kind == "occurrence")
    assert event_uid("2026-Q1", webinar, "plans.example.com") == (
        "2026-Q1-webinars-occurrence-20260120@plans.example.com"
    )
    feed = Calendar.from_ical(calendar_feed("Q1", "2026-Q1", EVENTS, stamp=STAMP, domain="x.org"))
    uids = [str(event["uid"]) for event in feed.walk("VEVENT")]
    assert len(uids) == len(set(uids)) and all(uid.endswith("@x.org") for uid in uids)


def test_dtstamp_is_source_date_epoch_or_the_period_start_never_the_clock() -> None:
    assert feed_stamp("1767225600", date(2026, 4, 1)) == STAMP
    assert feed_stamp(None, date(2026, 4, 1)) == datetime(2026, 4, 1, tzinfo=UTC)
    assert feed_stamp("not a number", date(2026, 4, 1)) == datetime(2026, 4, 1, tzinfo=UTC)


def test_the_same_plan_gives_the_same_bytes() -> None:
    first = calendar_feed("Q1", "2026-Q1", EVENTS, stamp=STAMP)
    assert first == calendar_feed("Q1", "2026-Q1", EVENTS, stamp=STAMP)
    assert first.startswith(b"BEGIN:VCALENDAR\r\n") and b"DTSTAMP:20260101T000000Z" in first


NORWEGIAN = """---
period: 2026-Q2
owner: Ingrid Solberg
locale: nb
programs:
  - id: webinars
    name: Månedlige webinarer
    schedule: {cadence: monthly, start: 2026-04-22, end: 2026-06-30}
    deadline: 2026-04-08
reviews:
  - {kind: mid-quarter, date: 2026-05-15, summary: "Bloggen vokser for sakte."}
---
"""


def test_a_sites_feed_is_in_the_plans_language() -> None:
    site = PlanSite(Templates([TEMPLATES_DIR]), Settings(source_date_epoch="1767225600"))
    site.add("2026-Q2/index.md", load_text(NORWEGIAN, "plans/2026-Q2/index.md", folder="2026-Q2"))
    feeds = dict(site.generated_files())
    feed = Calendar.from_ical(feeds["2026-Q2/2026-Q2.ics"])
    summaries = {str(event["summary"]) for event in feed.walk("VEVENT")}
    assert {"Månedlige webinarer", "Gjennomgang midt i kvartalet", "Sluttgjennomgang"} <= summaries
    assert "Frist: Månedlige webinarer" in summaries  # a deadline without a note
    review = next(e for e in feed.walk("VEVENT") if e["categories"].cats[0] == "review")
    assert str(review["description"]) == "Bloggen vokser for sakte."


# -- the hand-written writer, checked against the icalendar library --------------------------

POLISH = "Zażółć gęślą jaźń: kwartalny przegląd kampanii "
CHINESE = "季度营销计划评审会议讨论网络研讨会与内容日历"
ESCAPES = 'Plan; budget, "split" \\ C:\\path\\ end;;,,\\\nline two\r\nline three\rline four'
REVIEW = date(2026, 2, 13)


def a_review(title: str, description: str = "") -> FeedEntry:
    return FeedEntry("review", "mid-quarter", REVIEW, REVIEW, title, description)


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    return data[: -len(b"\r\n")].split(b"\r\n")


def the_event(data: bytes) -> dict[str, str]:
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    return {key.lower(): str(value) for key, value in event.items() if key != "CATEGORIES"}


def test_one_event_is_written_line_by_line() -> None:
    entry = a_review("Mid-quarter review", "On track.")
    data = calendar_feed("Q1", "2026-Q1", [entry], stamp=STAMP)
    assert data.decode("utf-8").split("\r\n") == [
        "BEGIN:VCALENDAR",
        "PRODID:-//planpub//marketing plan calendar//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Q1",
        "BEGIN:VEVENT",
        "UID:2026-Q1-mid-quarter-review-20260213@planpub",
        "DTSTAMP:20260101T000000Z",
        "DTSTART;VALUE=DATE:20260213",
        "DTEND;VALUE=DATE:20260214",
        "SUMMARY:Mid-quarter review",
        "DESCRIPTION:On track.",
        "CATEGORIES:review",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]


def test_an_empty_description_is_left_out_and_a_stamp_is_written_in_utc() -> None:
    berlin = datetime.fromisoformat("2026-01-01T01:30:05+01:00")
    data = calendar_feed("Q1", "2026-Q1", [a_review("Review")], stamp=berlin)
    assert b"DESCRIPTION" not in data
    assert b"\r\nDTSTAMP:20260101T003005Z\r\n" in data


@pytest.mark.parametrize(
    "text", [POLISH * 4, CHINESE * 4, (POLISH + CHINESE) * 3], ids=["pl", "zh", "pl-zh"]
)
def test_long_lines_fold_at_75_octets_between_characters(text: str) -> None:
    short_lines = 0
    for lead in ("", "a", "ab", "abc"):  # shifts where the 75th octet falls
        title = lead + text
        data = calendar_feed("Q1", "2026-Q1", [a_review(title, title)], stamp=STAMP)
        lines = physical_lines(data)
        assert all(len(line) <= 75 for line in lines)
        continued = [i for i, line in enumerate(lines) if line.startswith(b" ")]
        assert len(continued) >= 4
        for i in continued:
            before, after = lines[i - 1].decode("utf-8"), lines[i][1:].decode("utf-8")
            assert len(lines[i - 1]) + len(after[0].encode("utf-8")) > 75  # folded only if needed
            short_lines += len(lines[i - 1]) < 75 and not before.isascii()
        event = the_event(data)
        assert event["summary"] == title and event["description"] == title
    assert short_lines > 0  # some fold fell inside a character and moved before it


def test_special_characters_are_escaped_and_read_back_verbatim() -> None:
    data = calendar_feed("Q1; Q2, \\ Q3", "2026-Q1", [a_review(ESCAPES, ESCAPES)], stamp=STAMP)
    assert b'SUMMARY:Plan\\; budget\\, "split" \\\\ C:\\\\path' in data
    one_newline = ESCAPES.replace("\r\n", "\n").replace("\r", "\n")
    event = the_event(data)
    assert event["summary"] == one_newline and event["description"] == one_newline
    # icalendar keeps an X- property's value as it is; RFC 5545 3.8.8.2 makes it TEXT by default
    calname = Calendar.from_ical(data)["x-wr-calname"]
    assert str(calname) == "Q1\\; Q2\\, \\\\ Q3"
    assert unescape_backslash(str(calname)) == "Q1; Q2, \\ Q3"


def test_control_characters_other_than_tab_are_dropped() -> None:
    data = calendar_feed("Q1", "2026-Q1", [a_review("a\x00b\x1bc\x7fd\te")], stamp=STAMP)
    assert the_event(data)["summary"] == "abcd\te"


def test_every_line_ends_in_crlf_and_nothing_else_does() -> None:
    entries = [*EVENTS, a_review(ESCAPES * 3, ESCAPES * 3), a_review(CHINESE * 5, POLISH * 5)]
    data = calendar_feed("Q1\r\nQ2", "2026-Q1", entries, stamp=STAMP)
    assert data.endswith(b"END:VCALENDAR\r\n")
    lines = physical_lines(data)
    assert not any(b"\r" in line or b"\n" in line for line in lines)
    assert len(lines) > 9 * len(Calendar.from_ical(data).walk("VEVENT"))


printable = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\\;,\n\r\t"),
    max_size=200,
)


@settings(CI, max_examples=300)
@given(title=printable, description=printable)
def test_any_text_reads_back_the_same_through_icalendar(title: str, description: str) -> None:
    data = calendar_feed(title, "2026-Q1", [a_review(title, description)], stamp=STAMP)
    assert all(len(line) <= 75 for line in physical_lines(data))
    event = the_event(data)
    one_newline = {t: t.replace("\r\n", "\n").replace("\r", "\n") for t in (title, description)}
    assert event["summary"] == one_newline[title]
    assert event.get("description", "") == one_newline[description]


def test_importing_the_feed_writer_does_not_import_icalendar() -> None:
    source = str(Path(planpub.__file__).resolve().parent.parent)
    paths = [source, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    check = "import sys, planpub.ics; print(sorted(m for m in sys.modules if 'icalendar' in m))"
    result = subprocess.run(
        [sys.executable, "-c", check], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
