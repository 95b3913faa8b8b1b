"""The .ics feed: parses as iCalendar, holds occurrences, deadlines and reviews, never the clock."""

from __future__ import annotations

from datetime import UTC, date, datetime

from engine_helpers import seed_plan
from icalendar import Calendar

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
