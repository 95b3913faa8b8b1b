"""Plans built straight from the model for the engine tests, using the seed article's numbers.

The seed: Sales must book $5,000,000 of new business by June 1 at $500,000 per new customer; 10% of
engaged contacts handed to Sales become customers; last quarter's 4 webinars brought, per run, 100
registrations, 30 attendees, 10 demo requests, 5 engaged contacts and 1 deal.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from fractions import Fraction

from planpub.model import (
    Budget,
    Funnel,
    Goal,
    History,
    Kpi,
    Period,
    Plan,
    Program,
    Schedule,
    Stage,
    Workflow,
)

Q1_2026 = Period(2026, 1)

SEED_GOAL = Goal(
    statement="Support Sales in generating $5M in new business from Jan 1 to Jun 1",
    revenue=Fraction(5_000_000),
    average_deal=Fraction(500_000),
    by=date(2026, 6, 1),
)

SEED_FUNNEL = Funnel(
    stages=(
        Stage("engaged", "Engaged contacts handed to Sales", rate=Fraction(1, 10), days=45),
        Stage("deals", "New customers"),
    )
)


def engaged_days(days: int) -> Funnel:
    """The seed funnel with `days` from engaged contact to new customer."""
    engaged, deals = SEED_FUNNEL.stages
    return Funnel((replace(engaged, days=days), deals))


WEBINAR_HISTORY = History(
    runs=4,
    totals={
        "registered": Fraction(400),
        "attended": Fraction(120),
        "demo": Fraction(40),
        "engaged": Fraction(20),
        "deals": Fraction(4),
    },
)


def webinars(budget: int = 50_000, **schedule: object) -> Program:
    """Monthly webinars, Jan 20 to Mar 31 2026, promoted two weeks ahead, yields from history."""
    settings: dict[str, object] = {
        "cadence": "monthly",
        "start": date(2026, 1, 20),
        "end": date(2026, 3, 31),
        "promote_days": 14,
    }
    settings.update(schedule)
    return Program(
        id="webinars",
        name="Webinars",
        focus="lead-gen",
        budget=Fraction(budget),
        schedule=Schedule(**settings),  # type: ignore[arg-type]
        deadline=date(2026, 1, 15),
        deadline_note="Complete the webinar schedule",
        history=WEBINAR_HISTORY,
    )


BLOG_WORKFLOW = Workflow(
    name="Blog post production", hours=Fraction(6), per_month=Fraction(4), hourly_cost=Fraction(60)
)


def seed_plan(**changes: object) -> Plan:
    """The seed's Q1 2026 plan: goal, two-stage funnel, webinars, $100,000 budget, blog workflow."""
    fields: dict[str, object] = {
        "source": "plans/2026-Q1/index.md",
        "period": Q1_2026,
        "title": "Q1 2026 marketing roadmap",
        "goal": SEED_GOAL,
        "funnel": SEED_FUNNEL,
        "programs": (webinars(),),
        "budget": Budget(Fraction(100_000)),
        "workflows": (BLOG_WORKFLOW,),
    }
    fields.update(changes)
    return Plan(**fields)  # type: ignore[arg-type]


def percent(value: str) -> Fraction:
    """'0.75' -> 0.75% as a fraction of one."""
    return Fraction(value) / 100


def kpi(**changes: object) -> Kpi:
    """Session-to-contact conversion: 0.75% -> 1% by the end of Q1 2026."""
    fields: dict[str, object] = {
        "id": "session-to-contact",
        "name": "Website session-to-contact conversion",
        "unit": "percent",
        "baseline": percent("0.75"),
        "target": percent("1"),
    }
    fields.update(changes)
    return Kpi(**fields)  # type: ignore[arg-type]
