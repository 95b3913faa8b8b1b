"""Numbers, money, percentages and dates in the reader's locale (CLDR, through Babel).

Amounts keep their exact value (`Fraction`) until they are shown. Whole amounts of money are shown
without decimals (`$18,000`, `24 000 zł`); others with the currency's digits (`$1,166.67`).
Percentages and plain numbers show at most two decimals. Nothing here reads the clock.

`ChangeFormats` gives `planpub diff`'s values these forms, for a quarter's "Changes since" page.

The same amounts and dates recur on many pages (a plan's overview repeats its calendar, every
version of a year shows its annual plan), and Babel takes tens of microseconds for each: the
formatted forms are kept, per locale, in bounded caches.

Month and weekday names come from CLDR's *format* forms. Babel 2.18 caches resolved aliases in
data shared between locales, so its stand-alone forms (the ``L`` pattern, the ``MMM`` skeleton) can
show one locale's month names in another's after both were used in one process.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache, lru_cache

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton, format_timedelta
from babel.numbers import (
    format_currency,
    format_decimal,
    format_percent,
    get_currency_precision,
)

from planpub.model import Unit
from planpub.records import record

Number = Fraction | int
MISSING = "\u2013"  # an en dash where a value is unknown
KEPT = 8192  # formatted values kept per kind of value


@cache
def parse_locale(code: str) -> Locale:
    return Locale.parse(code.replace("-", "_"))


@cache
def whole_currency_pattern(locale: Locale) -> str:
    """The locale's currency pattern without its decimals: `¤#,##0.00` -> `¤#,##0`."""
    standard = locale.currency_formats["standard"]
    return str(standard.pattern).replace(".00", "")


def to_decimal(value: Number, places: int = 2) -> Decimal:
    """An exact value rounded half up to `places` decimals, trailing zeros dropped."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return rounded.normalize() if rounded != rounded.to_integral() else rounded.to_integral()


@dataclass(eq=False)
class Formatter:
    """Formats one plan's values: its locale and currency."""

    locale: Locale
    currency: str
    _whole: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_whole", whole_currency_pattern(self.locale))

    @classmethod
    def of(cls, locale: str, currency: str) -> Formatter:
        return cls(parse_locale(locale), currency)

    def money(self, value: Number | None) -> str:
        return MISSING if value is None else _money(value, self.currency, self.locale, self._whole)

    def number(self, value: Number | None) -> str:
        return MISSING if value is None else _number(value, self.locale)

    def percent(self, value: Number | None) -> str:
        """A share of one as a percentage: 1/8 -> 12.5%."""
        return MISSING if value is None else _percent(value, self.locale)

    def value(self, value: Number | None, unit: Unit) -> str:
        """A KPI value in its unit."""
        if unit == "percent":
            return self.percent(value)
        if unit == "currency":
            return self.money(value)
        return self.number(value)

    def date(self, day: dt.date | None) -> str:
        return MISSING if day is None else _date(day, self.locale)

    def day_month(self, day: dt.date) -> str:
        return _skeleton("MMMd", day, self.locale)

    def date_range(self, start: dt.date, end: dt.date) -> str:
        if start == end:
            return self.date(start)
        return _interval(start, end, self.locale)

    def month(self, first_day: dt.date) -> str:
        """The month's name and year as a heading, first letter upper case: Lipiec 2026."""
        name = _skeleton("yMMMM", first_day, self.locale)
        return name[:1].upper() + name[1:]

    def month_short(self, first_day: dt.date) -> str:
        return format_date(first_day, "MMM", locale=self.locale)

    def days_ahead(self, days: int) -> str:
        """A span of days in words: 14 -> "2 weeks"."""
        return format_timedelta(timedelta(days=days), threshold=1, locale=self.locale)

    @property
    def first_weekday(self) -> int:
        """0 = Monday ... 6 = Sunday."""
        return int(self.locale.first_week_day)

    def weekdays(self) -> tuple[str, ...]:
        """Short weekday names in the order the locale's weeks start."""
        names = self.locale.days["format"]["short"]
        return tuple(str(names[(self.first_weekday + i) % 7]) for i in range(7))


@lru_cache(maxsize=KEPT)
def _money(value: Number, currency: str, locale: Locale, whole: str) -> str:
    if Fraction(value).denominator == 1:
        return format_currency(int(value), currency, whole, locale, currency_digits=False)
    digits = get_currency_precision(currency)
    return format_currency(to_decimal(value, digits), currency, locale=locale)


@lru_cache(maxsize=KEPT)
def _number(value: Number, locale: Locale) -> str:
    return format_decimal(to_decimal(value), locale=locale, decimal_quantization=False)


@lru_cache(maxsize=KEPT)
def _percent(value: Number, locale: Locale) -> str:
    return format_percent(to_decimal(value, 4), locale=locale, decimal_quantization=False)


@lru_cache(maxsize=KEPT)
def _date(day: dt.date, locale: Locale) -> str:
    return format_date(day, "medium", locale=locale)


@lru_cache(maxsize=KEPT)
def _skeleton(skeleton: str, day: dt.date, locale: Locale) -> str:
    return format_skeleton(skeleton, day, locale=locale)


@lru_cache(maxsize=KEPT)
def _interval(start: dt.date, end: dt.date, locale: Locale) -> str:
    return format_interval(start, end, "yMMMd", locale=locale)


@record
class ChangeFormats:
    """The values of the "Changes since" page in the quarter's locale, as on its other pages.

    An amount keeps the currency of the plan it comes from: an earlier quarter may have planned in
    another one. `points_label` is the locale's words for how far a percentage moved, the
    `percentage_points` label (`{points} pp`, `{points} p.p.`).
    """

    fmt: Formatter
    points_label: str = "{points} pp"

    def money(self, value: Fraction, currency: str | None) -> str:
        if currency is None or currency == self.fmt.currency:
            return self.fmt.money(value)
        return Formatter(self.fmt.locale, currency).money(value)

    def number(self, value: Fraction) -> str:
        return self.fmt.number(value)

    def percent(self, value: Fraction) -> str:
        return self.fmt.percent(value)

    def points(self, value: Fraction) -> str:
        """How far a percentage moved: 1/40 -> 2.5 pp (2,5 p.p. in Polish)."""
        return self.points_label.format(points=self.fmt.number(value * 100))

    def date(self, day: dt.date) -> str:
        return self.fmt.date(day)
