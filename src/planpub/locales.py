"""Locales and currencies known to CLDR (through Babel)."""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError
from babel.numbers import list_currencies

LABELLED_LOCALES = ("en", "pl", "ro", "zh", "nb")


@cache
def _currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def locale_problem(code: str) -> tuple[str, str] | None:
    """None when CLDR knows the locale, else (message, hint)."""
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return (
            f"unknown locale '{code}'",
            f"use a CLDR locale such as {', '.join(LABELLED_LOCALES)}",
        )
    return None


def currency_problem(code: str) -> tuple[str, str] | None:
    if code in _currencies():
        return None
    upper = code.upper()
    hint = (
        f"write '{upper}'"
        if upper in _currencies()
        else "use an ISO 4217 code such as USD, EUR, PLN, NOK, RON or CNY"
    )
    return f"unknown currency '{code}'", hint
