"""The typed plan model: what a plan file means once it has been validated.

Everything here is immutable and free of I/O. Numbers are exact: money, counts and rates are
`fractions.Fraction`, so a chain of conversion rates multiplied back gives the goal exactly.
Rates and percentages are stored as fractions of one (``10%`` -> ``Fraction(1, 10)``).
"""

from __future__ import annotations

import re
from dataclasses import field
from datetime import date
from fractions import Fraction
from typing import Literal

from planpub.records import record

Cadence = Literal["once", "weekly", "biweekly", "monthly", "quarterly"]
ProgramKind = Literal["program", "campaign", "experiment"]
Unit = Literal["count", "percent", "currency", "ratio"]
Direction = Literal["up", "down"]
Rounding = Literal["ceil", "half-up", "none"]
PlanStatus = Literal["draft", "approved", "archived"]
ReviewKind = Literal["mid-quarter", "final"]

_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """The days of a month, as `calendar.monthrange` gives them (without importing calendar,
    which imports locale: a few milliseconds of every check)."""
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 29 if month == 2 and leap else _MONTH_DAYS[month - 1]


PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:-Q(?P<quarter>[1-4]))?$")


@record
class Period:
    """A quarter (``2026-Q1``) or a year (``2026``); a year sorts before its quarters."""

    year: int
    quarter: int | None = None

    def __lt__(self, other: Period) -> bool:
        return (self.year, self.quarter or 0) < (other.year, other.quarter or 0)

    @classmethod
    def parse(cls, text: str) -> Period | None:
        match = PERIOD_RE.match(text)
        if not match:
            return None
        quarter = match["quarter"]
        return cls(int(match["year"]), int(quarter) if quarter else None)

    @property
    def is_quarter(self) -> bool:
        return self.quarter is not None

    @property
    def start(self) -> date:
        month = 1 if self.quarter is None else 3 * self.quarter - 2
        return date(self.year, month, 1)

    @property
    def end(self) -> date:
        month = 12 if self.quarter is None else 3 * self.quarter
        return date(self.year, month, days_in_month(self.year, month))

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> Period:
        if self.quarter is None:
            return Period(self.year - 1)
        if self.quarter == 1:
            return Period(self.year - 1, 4)
        return Period(self.year, self.quarter - 1)

    def next(self) -> Period:
        if self.quarter is None:
            return Period(self.year + 1)
        if self.quarter == 4:
            return Period(self.year + 1, 1)
        return Period(self.year, self.quarter + 1)

    def __str__(self) -> str:
        return str(self.year) if self.quarter is None else f"{self.year}-Q{self.quarter}"


@record
class Goal:
    """The revenue goal (PLAN-FORMAT `goal`): revenue, average deal and date."""

    statement: str = ""
    revenue: Fraction | None = None
    average_deal: Fraction | None = None
    by: date | None = None  # None: end of the period


@record
class Stage:
    """One funnel stage: the share that reaches the next stage and the days it takes."""

    id: str
    name: str
    rate: Fraction | None = None  # share reaching the next stage; None on the last stage
    days: int | None = None  # typical days to reach the next stage


@record
class Funnel:
    """The funnel stages in order, from the first contact to the deal."""

    stages: tuple[Stage, ...] = ()
    rounding: Rounding = "ceil"


@record
class FocusArea:
    """A focus area of the plan: why it matters and the hypothesis it tests."""

    id: str
    name: str
    why: str = ""
    hypothesis: str = ""
    renamed_from: str | None = None  # extension: the id this focus area had before


@record
class Schedule:
    """When a program runs: its cadence, first and last dates, and promotion lead time."""

    cadence: Cadence = "once"
    start: date | None = None  # None: period start
    end: date | None = None  # None: period end
    promote_days: int = 0


@record
class History:
    """What earlier runs of a program produced in total, per funnel stage."""

    runs: int
    totals: dict[str, Fraction]


@record
class Assets:
    """What a program has and what it still needs (decks, pages, lists)."""

    existing: str = ""
    needed: str = ""


@record
class Program:
    """A campaign, webinar series, experiment or other program of the plan."""

    id: str
    name: str
    kind: ProgramKind = "campaign"
    focus: str | None = None
    owner: str = ""
    budget: Fraction = Fraction(0)
    schedule: Schedule | None = None
    deadline: date | None = None
    deadline_note: str = ""
    yields: dict[str, Fraction] | None = None  # per occurrence, keyed by stage id
    history: History | None = None
    assets: Assets = field(default_factory=Assets)
    hypothesis: str = ""
    metric: str | None = None  # experiments: the kpi id it moves
    renamed_from: str | None = None  # extension: the id this program had before


@record
class Actual:
    """A KPI value measured on a date."""

    date: date
    value: Fraction


@record
class Kpi:
    """A KPI: its baseline, target (or change), direction, due date and actuals."""

    id: str
    name: str
    unit: Unit = "count"
    baseline: Fraction = Fraction(0)
    target: Fraction | None = None
    change: Fraction | None = None  # relative to baseline: +25% -> Fraction(1, 4)
    direction: Direction = "up"
    due: date | None = None  # None: end of the period
    owner: str = ""
    actuals: tuple[Actual, ...] = ()
    renamed_from: str | None = None


@record
class Budget:
    """The plan's total budget."""

    total: Fraction


@record
class Review:
    """A planned review (mid-quarter, end of quarter) and its summary."""

    kind: ReviewKind
    date: date
    summary: str = ""


@record
class Workflow:
    """A recurring piece of work whose yearly cost the plan shows."""

    name: str
    hours: Fraction
    per_month: Fraction
    hourly_cost: Fraction
    id: str | None = None


@record
class Swot:
    """Strengths, weaknesses, opportunities and threats."""

    strengths: tuple[str, ...] = ()
    weaknesses: tuple[str, ...] = ()
    opportunities: tuple[str, ...] = ()
    threats: tuple[str, ...] = ()


@record
class Plan:
    """One plan page: an annual plan or a quarterly roadmap."""

    source: str  # path as given by the user, used in diagnostics
    period: Period
    title: str = ""
    owner: str = ""
    status: PlanStatus = "draft"
    currency: str | None = None  # None: the site default
    locale: str | None = None  # None: the site default
    goal: Goal | None = None
    funnel: Funnel | None = None
    focus_areas: tuple[FocusArea, ...] = ()
    programs: tuple[Program, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    budget: Budget | None = None
    reviews: tuple[Review, ...] = ()
    workflows: tuple[Workflow, ...] = ()
    swot: Swot | None = None
    body: str = ""  # the Markdown after the front matter
