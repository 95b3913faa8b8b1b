"""The words around the numbers: section titles, column headings and notes, per language.

Labels live in `locales/<language>.json`, one flat table per language (en, pl, ro, zh, nb).
A locale falls back to its language (`pl_PL` -> `pl`), then to English for anything missing, so
a site in another language still gets every label. Placeholders are `str.format` fields.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

from babel import Locale

from planpub.model import Period

LOCALES_DIR = Path(__file__).parent / "locales"
FALLBACK = "en"
LANGUAGE_ALIASES = {"no": "nb", "nn": "nb"}
ROMAN = ("", "I", "II", "III", "IV")

Labels = Mapping[str, str]


@cache
def _table(language: str) -> dict[str, str]:
    path = LOCALES_DIR / f"{language}.json"
    if not path.exists():
        return {}
    table: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return table


def languages() -> tuple[str, ...]:
    """The languages planpub has labels for."""
    return tuple(sorted(path.stem for path in LOCALES_DIR.glob("*.json")))


@cache
def labels_for(locale: Locale) -> Labels:
    language = LANGUAGE_ALIASES.get(locale.language, locale.language)
    return MappingProxyType({**_table(FALLBACK), **_table(language)})


def default_title(period: Period, labels: Labels) -> str:
    """'Q1 2026 marketing roadmap' for a quarter, '2026 marketing plan' for a year, localized."""
    if period.quarter is None:
        return labels["title_year"].format(year=period.year)
    return labels["title_quarter"].format(
        year=period.year, quarter=period.quarter, quarter_roman=ROMAN[period.quarter]
    )


def period_name(period: Period, labels: Labels) -> str:
    """A short name of the period: 'Q1 2026', or the year."""
    if period.quarter is None:
        return str(period.year)
    return labels["period_quarter"].format(
        year=period.year, quarter=period.quarter, quarter_roman=ROMAN[period.quarter]
    )
