"""Chart geometry: numbers in, SVG shapes out (drawn by the `planpub/chart.html` template).

Every chart is a list of a few shape kinds (rect, text, line, dot, path) with a CSS class and an
opacity, so it stays readable without the stylesheet (shapes are drawn in `currentColor`) and the
stylesheet can color them with Material's variables in light and dark schemes alike. Coordinates
are rounded to tenths so the same numbers always give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Literal

ShapeKind = Literal["rect", "text", "line", "dot", "path"]
LABEL_CHARS = 28


@dataclass(eq=False)
class Shape:
    kind: ShapeKind
    css: str
    x: float = 0
    y: float = 0
    width: float = 0  # rect; r of a dot
    height: float = 0
    x2: float = 0  # line end
    y2: float = 0
    text: str = ""  # text content, or the path's `d`
    tip: str = ""  # a tooltip (<title>) for the shape
    anchor: str = "start"
    opacity: float = 1


@dataclass(eq=False)
class Chart:
    id: str  # unique on the page; the <title> and <desc> ids derive from it
    title: str
    desc: str  # the chart's numbers in words, for screen readers
    width: int
    height: int
    shapes: tuple[Shape, ...]


def tenth(value: float | Fraction) -> float:
    return round(float(value), 1)


def short(label: str, limit: int = LABEL_CHARS) -> str:
    """A label cut to fit a chart's label column, with an ellipsis."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def rect(
    css: str, x: float, y: float, w: float, h: float, opacity: float = 1, tip: str = ""
) -> Shape:
    return Shape(
        "rect", css, tenth(x), tenth(y), tenth(max(w, 0)), tenth(h), tip=tip, opacity=opacity
    )


def text(css: str, x: float, y: float, content: str, anchor: str = "start") -> Shape:
    return Shape("text", css, tenth(x), tenth(y), text=content, anchor=anchor)


def line(css: str, x: float, y: float, x2: float, y2: float, opacity: float = 1) -> Shape:
    return Shape("line", css, tenth(x), tenth(y), x2=tenth(x2), y2=tenth(y2), opacity=opacity)


def dot(css: str, x: float, y: float, r: float, tip: str = "") -> Shape:
    return Shape("dot", css, tenth(x), tenth(y), width=r, tip=tip)


def diamond(css: str, x: float, y: float, size: float, tip: str = "") -> Shape:
    d = f"M{tenth(x)} {tenth(y - size)}l{size} {size}l{-size} {size}l{-size} {-size}z"
    return Shape("path", css, text=d, tip=tip)


# -- funnel: need and planned per stage ------------------------------------------------------


@dataclass(eq=False)
class FunnelRow:
    label: str
    need: Fraction | None
    planned: Fraction | None
    caption: str  # the row's numbers in words


FUNNEL_WIDTH = 640
FUNNEL_ROW = 66


def funnel_chart(chart_id: str, title: str, rows: Sequence[FunnelRow]) -> Chart:
    """Centered bars, widest at the top: the need, with what is planned drawn inside it."""
    values = [v for row in rows for v in (row.need, row.planned) if v is not None]
    scale = max(values, default=Fraction(0)) or Fraction(1)
    shapes: list[Shape] = []
    for i, row in enumerate(rows):
        top = i * FUNNEL_ROW
        shapes.append(text("planpub-label", FUNNEL_WIDTH / 2, top + 14, row.label, "middle"))
        if row.need is not None:
            shapes.append(_centered("planpub-need", row.need / scale, top + 20, 24, 0.3))
        if row.planned is not None:
            shapes.append(_centered("planpub-planned", row.planned / scale, top + 26, 12, 0.85))
        shapes.append(text("planpub-value", FUNNEL_WIDTH / 2, top + 60, row.caption, "middle"))
    desc = " ".join(f"{row.label}: {row.caption}." for row in rows)
    return Chart(chart_id, title, desc, FUNNEL_WIDTH, FUNNEL_ROW * len(rows), tuple(shapes))


def _centered(css: str, share: Fraction, y: float, h: float, opacity: float) -> Shape:
    width = max(float(share) * (FUNNEL_WIDTH - 20), 3.0)
    return rect(css, (FUNNEL_WIDTH - width) / 2, y, width, h, opacity=opacity)


# -- horizontal bars: budget by program, budget by quarter -----------------------------------


@dataclass(eq=False)
class BarRow:
    label: str
    value: Fraction
    caption: str
    css: str = "planpub-bar"


BARS_WIDTH = 640
BARS_LABELS = 190
BARS_ROW = 26


def bar_chart(chart_id: str, title: str, rows: Sequence[BarRow]) -> Chart:
    scale = max((row.value for row in rows), default=Fraction(0)) or Fraction(1)
    room = BARS_WIDTH - BARS_LABELS - 120
    shapes: list[Shape] = []
    for i, row in enumerate(rows):
        top = i * BARS_ROW
        width = float(row.value / scale) * room
        shapes.append(text("planpub-label", BARS_LABELS - 8, top + 17, short(row.label), "end"))
        shapes.append(rect(row.css, BARS_LABELS, top + 5, width, 16, opacity=0.8, tip=row.label))
        shapes.append(text("planpub-value", BARS_LABELS + width + 6, top + 17, row.caption))
    desc = " ".join(f"{row.label}: {row.caption}." for row in rows)
    return Chart(chart_id, title, desc, BARS_WIDTH, BARS_ROW * len(rows) + 4, tuple(shapes))


# -- progress of one KPI ---------------------------------------------------------------------

PROGRESS_WIDTH = 120


def progress_bar(
    chart_id: str, title: str, progress: Fraction | None, expected: Fraction | None, css: str
) -> Chart:
    """A track for the way from baseline to target, filled to the progress, ticked where
    progress was expected by the actual's date."""
    shapes = [rect("planpub-track", 0, 3, PROGRESS_WIDTH, 10, opacity=0.2)]
    if progress is not None:
        filled = min(max(float(progress), 0.0), 1.0) * PROGRESS_WIDTH
        shapes.append(rect(css, 0, 3, filled, 10, opacity=0.9))
    if expected is not None:
        x = float(expected) * PROGRESS_WIDTH
        shapes.append(line("planpub-expected", x, 0, x, 16))
    return Chart(chart_id, title, title, PROGRESS_WIDTH, 16, tuple(shapes))


# -- a KPI across quarters -------------------------------------------------------------------


@dataclass(eq=False)
class TrendPoint:
    label: str  # the quarter
    target: Fraction | None
    actual: Fraction | None


TREND_WIDTH = 260
TREND_HEIGHT = 70


def trend_chart(chart_id: str, title: str, desc: str, points: Sequence[TrendPoint]) -> Chart:
    """Targets (dashed) and latest actuals (solid) of one KPI, one point per quarter."""
    values = [v for p in points for v in (p.target, p.actual) if v is not None]
    low, high = min(values, default=Fraction(0)), max(values, default=Fraction(1))
    span = (high - low) or Fraction(1)
    step = (TREND_WIDTH - 40) / max(len(points) - 1, 1)

    def at(i: int, value: Fraction) -> tuple[float, float]:
        return 20 + i * step, 10 + float((high - value) / span) * (TREND_HEIGHT - 34)

    shapes: list[Shape] = []
    for css, pick in (("planpub-target", 0), ("planpub-actual", 1)):
        coords = [
            (i, at(i, value))
            for i, p in enumerate(points)
            if (value := (p.target, p.actual)[pick]) is not None
        ]
        if len(coords) > 1:
            d = "M" + "L".join(f"{tenth(x)} {tenth(y)}" for _, (x, y) in coords)
            shapes.append(Shape("path", css, text=d))
        shapes += [dot(css, x, y, 3.5) for _, (x, y) in coords]
    for i, p in enumerate(points):
        shapes.append(text("planpub-axis", 20 + i * step, TREND_HEIGHT - 4, p.label, "middle"))
    return Chart(chart_id, title, desc, TREND_WIDTH, TREND_HEIGHT, tuple(shapes))


# -- the period's timeline -------------------------------------------------------------------


@dataclass(eq=False)
class TimelineRow:
    label: str
    occurrences: tuple[tuple[date, str], ...] = ()  # (day, tooltip)
    promotions: tuple[tuple[date, date, str], ...] = ()
    deadlines: tuple[tuple[date, str], ...] = ()
    reviews: tuple[tuple[date, str], ...] = ()
    always_on: bool = False


TIMELINE_WIDTH = 720
TIMELINE_LABELS = 190
TIMELINE_ROW = 26
TIMELINE_AXIS = 24


@dataclass(eq=False)
class Span:
    """The days a timeline covers, mapped to x."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def x(self, day: date) -> float:
        day = min(max(day, self.start), self.end)
        room = TIMELINE_WIDTH - TIMELINE_LABELS - 10
        return TIMELINE_LABELS + (day - self.start).days / self.days * room

    def day_width(self) -> float:
        return (TIMELINE_WIDTH - TIMELINE_LABELS - 10) / self.days


def timeline_chart(
    chart_id: str,
    title: str,
    span: Span,
    months: Sequence[tuple[date, str]],
    rows: Sequence[TimelineRow],
    desc: str,
) -> Chart:
    height = TIMELINE_AXIS + TIMELINE_ROW * len(rows) + 4
    shapes: list[Shape] = []
    for first, name in months:
        x = span.x(first)
        shapes.append(line("planpub-grid", x, 0, x, height, opacity=0.3))
        shapes.append(text("planpub-axis", x + 4, 14, name))
    for i, row in enumerate(rows):
        shapes += _timeline_row(span, TIMELINE_AXIS + i * TIMELINE_ROW, row)
    return Chart(chart_id, title, desc, TIMELINE_WIDTH, height, tuple(shapes))


def _timeline_row(span: Span, top: float, row: TimelineRow) -> list[Shape]:
    middle = top + TIMELINE_ROW / 2
    day = span.day_width()
    shapes = [text("planpub-label", TIMELINE_LABELS - 8, middle + 4, short(row.label), "end")]
    if row.always_on:
        width = span.x(span.end) + day - TIMELINE_LABELS
        shapes.append(rect("planpub-always-on", TIMELINE_LABELS, middle - 3, width, 6, opacity=0.2))
    for start, end, tip in row.promotions:
        width = span.x(end) + day - span.x(start)
        x = span.x(start)
        shapes.append(rect("planpub-promotion", x, middle - 4, width, 8, opacity=0.3, tip=tip))
    for when, tip in row.occurrences:
        shapes.append(dot("planpub-occurrence", span.x(when) + day / 2, middle, 5, tip))
    for when, tip in row.deadlines:
        shapes.append(diamond("planpub-deadline", span.x(when) + day / 2, middle, 6, tip))
    for when, tip in row.reviews:
        shapes.append(diamond("planpub-review-mark", span.x(when) + day / 2, middle, 7, tip))
    return shapes
