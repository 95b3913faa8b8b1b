"""Locale-correct numbers, money, percentages and dates; labels in every language."""

from __future__ import annotations

import json
import string
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from planpub.model import Period
from planpub.render.formatting import Formatter, to_decimal
from planpub.render.labels import LOCALES_DIR, default_title, labels_for, languages

LOCALES = ("en", "pl", "ro", "zh", "nb")
CURRENCIES = {"en": "USD", "pl": "PLN", "ro": "RON", "zh": "CNY", "nb": "NOK"}


def whole_pattern(locale: str) -> str:
    return Locale.parse(locale).currency_formats["standard"].pattern.replace(".00", "")


@pytest.mark.parametrize("locale", LOCALES)
def test_whole_amounts_have_no_decimals(locale: str) -> None:
    fmt = Formatter.of(locale, CURRENCIES[locale])
    expected = format_currency(
        18_000, CURRENCIES[locale], whole_pattern(locale), locale, currency_digits=False
    )
    assert fmt.money(Fraction(18_000)) == expected
    assert "00" not in expected.split("18")[-1].replace("000", "", 1)


@pytest.mark.parametrize("locale", LOCALES)
def test_other_amounts_have_the_currencys_digits(locale: str) -> None:
    # 35,000 over 30 engaged contacts: 1,166.666... -> 1,166.67
    fmt = Formatter.of(locale, CURRENCIES[locale])
    expected = format_currency(Decimal("1166.67"), CURRENCIES[locale], locale=locale)
    assert fmt.money(Fraction(35_000, 30)) == expected


@pytest.mark.parametrize("locale", LOCALES)
def test_percentages_and_numbers_keep_up_to_two_decimals(locale: str) -> None:
    fmt = Formatter.of(locale, "USD")
    assert fmt.percent(Fraction(1, 8)) == format_percent(
        Decimal("0.125"), locale=locale, decimal_quantization=False
    )
    assert fmt.percent(Fraction(68, 10_000)) == format_percent(
        Decimal("0.0068"), locale=locale, decimal_quantization=False
    )
    assert fmt.number(Fraction(350, 3)) == format_decimal(Decimal("116.67"), locale=locale)
    assert fmt.number(Fraction(4150)) == format_decimal(4150, locale=locale)


def test_rounding_is_half_up_and_drops_trailing_zeros() -> None:
    assert to_decimal(Fraction(1, 8)) == Decimal("0.13")
    assert to_decimal(Fraction(5, 2)) == Decimal("2.5")
    assert str(to_decimal(Fraction(10))) == "10"


@pytest.mark.parametrize("locale", LOCALES)
def test_kpi_values_follow_their_unit(locale: str) -> None:
    fmt = Formatter.of(locale, CURRENCIES[locale])
    assert fmt.value(Fraction(3, 400), "percent") == fmt.percent(Fraction(3, 400))
    assert fmt.value(Fraction(500), "currency") == fmt.money(Fraction(500))
    assert fmt.value(Fraction(120), "count") == fmt.number(Fraction(120))
    assert fmt.value(None, "count") == fmt.number(None)


@pytest.mark.parametrize("locale", LOCALES)
def test_dates_use_the_locales_medium_format_and_week(locale: str) -> None:
    fmt = Formatter.of(locale, "USD")
    day = date(2026, 1, 20)
    assert fmt.date(day) == format_date(day, "medium", locale=locale)
    first = Locale.parse(locale).first_week_day
    assert fmt.weekdays()[0] == Locale.parse(locale).days["format"]["short"][first]
    assert len(set(fmt.weekdays())) == 7


def test_month_names_do_not_leak_between_locales() -> None:
    # Babel caches resolved aliases in data that locales share; stand-alone month forms could
    # show Chinese month names in Romanian after both were formatted in one process.
    march = date(2026, 3, 1)
    for locale in ("zh", "ro", "nb", "pl", "en", "zh", "ro"):
        fmt = Formatter.of(locale, "USD")
        months = Locale.parse(locale).months["format"]["abbreviated"]
        assert fmt.month_short(march) == months[3]
        assert str(march.year) in fmt.month(march)


# -- labels ----------------------------------------------------------------------------------


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_language_has_every_label_and_its_placeholders() -> None:
    english = json.loads((LOCALES_DIR / "en.json").read_text(encoding="utf-8"))
    assert set(languages()) >= set(LOCALES)
    for language in languages():
        table = json.loads((LOCALES_DIR / f"{language}.json").read_text(encoding="utf-8"))
        assert table.keys() == english.keys(), language
        for key, value in table.items():
            wanted = fields(english[key])
            spellings = {"quarter", "quarter_roman"} if "quarter" in wanted else set()
            assert wanted - spellings <= fields(value) <= wanted | spellings, (language, key)


def test_a_locale_falls_back_to_its_language_then_english() -> None:
    assert labels_for(Locale.parse("pl_PL")) == labels_for(Locale.parse("pl"))
    assert labels_for(Locale.parse("de"))["section_funnel"] == "Goal and funnel"
    assert (
        labels_for(Locale.parse("no"))["section_funnel"]
        == labels_for(Locale.parse("nb"))["section_funnel"]
    )


def test_default_titles_as_the_plan_format_says() -> None:
    english = labels_for(Locale.parse("en"))
    assert default_title(Period(2026, 1), english) == "Q1 2026 marketing roadmap"
    assert default_title(Period(2026), english) == "2026 marketing plan"


@pytest.mark.parametrize("locale", LOCALES)
def test_default_titles_name_the_year_in_every_language(locale: str) -> None:
    labels = labels_for(Locale.parse(locale))
    quarter, year = default_title(Period(2026, 3), labels), default_title(Period(2026), labels)
    assert "2026" in quarter and "2026" in year and quarter != year
