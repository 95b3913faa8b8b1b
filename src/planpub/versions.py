"""Which pages belong to which quarter's version of the site, and where they land (pure).

A quarter's version holds its own folder (`2026-Q1/`), the annual plan folder of its year
(`2026/`) and every page outside a period folder (shared pages such as `handbook/`). Inside a
version the period folders get neutral names (`roadmap/`, `annual-plan/`), so the same page has
the same address in every quarter and Material's version selector keeps the reader on it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from planpub.model import Period
from planpub.records import record

ROADMAP_FOLDER = "roadmap"
ANNUAL_FOLDER = "annual-plan"
LATEST = "latest"


def folder_period(src_uri: str) -> Period | None:
    """The period of the top folder a page lives in, if that folder is named after one."""
    top, sep, _ = src_uri.partition("/")
    return Period.parse(top) if sep else None


def belongs_to(src_uri: str, quarter: Period) -> bool:
    return shown_in(folder_period(src_uri), quarter)


def shown_in(period: Period | None, quarter: Period) -> bool:
    """Whether a page of a period's folder (None: a shared page) is in a quarter's version."""
    if period is None:
        return True
    if period.is_quarter:
        return period == quarter
    return period.year == quarter.year


def neutral_uri(src_uri: str) -> str:
    """`2026-Q1/brief.md` -> `roadmap/brief.md`; `2026/index.md` -> `annual-plan/index.md`."""
    period = folder_period(src_uri)
    if period is None:
        return src_uri
    rest = src_uri.partition("/")[2]
    return f"{ROADMAP_FOLDER if period.is_quarter else ANNUAL_FOLDER}/{rest}"


def version_holding(src_uri: str, quarters: Iterable[Period]) -> Period | None:
    """The version a page of another period is published in: its quarter, or for an annual
    plan the newest quarter of that year. None for shared pages or periods without a version."""
    period = folder_period(src_uri)
    if period is None:
        return None
    if period.is_quarter:
        return period if period in set(quarters) else None
    same_year = [q for q in quarters if q.year == period.year]
    return max(same_year) if same_year else None


def context_periods(quarter: Period, quarters: Iterable[Period]) -> list[Period]:
    """Plans a quarter's version reads besides its own pages: the earlier quarters of its year
    (for the year page) and the previous quarter (for "changes since")."""
    wanted = {q for q in quarters if q.year == quarter.year and q < quarter}
    previous = quarter.previous()
    if previous in set(quarters):
        wanted.add(previous)
    return sorted(wanted)


def default_latest(quarters: dict[Period, str]) -> Period | None:
    """The newest quarter whose plan is not a draft, else the newest quarter."""
    if not quarters:
        return None
    ready = [q for q, status in quarters.items() if status != "draft"]
    return max(ready or quarters)


@record
class VersionEntry:
    """One quarter in the version selector (versions.json)."""

    period: Period
    title: str
    aliases: tuple[str, ...] = ()
    status: str = "draft"

    def to_json(self) -> dict[str, object]:
        """One entry of mike's versions.json: version, title, aliases, properties."""
        return {
            "version": str(self.period),
            "title": self.title,
            "aliases": list(self.aliases),
            "properties": {"status": self.status},
        }


def version_title(period: Period, status: str) -> str:
    label = f"Q{period.quarter} {period.year}"
    return label if status == "approved" else f"{label} ({status})"


def versions_json(entries: Iterable[VersionEntry]) -> list[dict[str, object]]:
    """Newest first, as Material's version selector expects."""
    return [e.to_json() for e in sorted(entries, key=lambda e: e.period, reverse=True)]


_LINK = re.compile(r"(\]\()(?P<target>[^)\s#]+\.md)(?P<anchor>#[^)\s]*)?(?P<rest>[^)]*\))")


def rewrite_cross_version_links(
    markdown: str, page_src_uri: str, page_url: str, quarter: Period, quarters: list[Period]
) -> str:
    """Point Markdown links at pages of other quarters to those quarters' versions."""

    def replace(match: re.Match[str]) -> str:
        target = match["target"]
        if "://" in target or target.startswith("/"):
            return match.group(0)
        src = posixpath.normpath(posixpath.join(posixpath.dirname(page_src_uri), target))
        version = version_holding(src, quarters)
        if version is None or version == quarter or folder_period(src) is None:
            return match.group(0)
        if belongs_to(src, quarter):
            return match.group(0)
        url = _url_of(neutral_uri(src))
        up = "../" * (page_url.count("/") + 1)
        return f"{match[1]}{up}{version}/{url}{match['anchor'] or ''}{match['rest']}"

    return _LINK.sub(replace, markdown)


def _url_of(src_uri: str) -> str:
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"
