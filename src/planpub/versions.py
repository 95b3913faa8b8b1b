"""Which pages belong to which quarter's version of the site (pure).

A quarter's version holds its own folder (`2026-Q1/`), the annual plan folder of its year
(`2026/`) and every page outside a period folder (shared pages such as `handbook/`).
"""

from __future__ import annotations

from planpub.model import Period


def folder_period(src_uri: str) -> Period | None:
    """The period of the top folder a page lives in, if that folder is named after one."""
    top, sep, _ = src_uri.partition("/")
    return Period.parse(top) if sep else None


def belongs_to(src_uri: str, quarter: Period) -> bool:
    period = folder_period(src_uri)
    if period is None:
        return True
    if period.is_quarter:
        return period == quarter
    return period.year == quarter.year


def version_of(src_uri: str) -> Period | None:
    """The quarter whose version a page of another version lives in (None: shared or annual)."""
    period = folder_period(src_uri)
    return period if period is not None and period.is_quarter else None
