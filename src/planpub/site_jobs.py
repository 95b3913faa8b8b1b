"""What `planpub build` hands to the MkDocs side, and what it gets back: plain data only.

The planner (cli/site.py, site.py) decides what to build without importing MkDocs; the worker
side (mkdocs_build.py) imports it only when a quarter has to be built.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planpub.records import record

CACHE_DIR = ".planpub-cache"  # beside mkdocs.yml: built versions, templates, search entries
VERSION_ENV = "PLANPUB_QUARTER"
QUARTERS_ENV = "PLANPUB_QUARTERS"


@record
class SiteSettings:
    """What `planpub build` needs to know of mkdocs.yml."""

    config_file: str
    docs_dir: str
    site_dir: str
    site_url: str
    custom_dir: str | None
    plugin_enabled: bool


@record
class VersionJob:
    """One quarter for a worker to build with MkDocs."""

    config_file: str
    quarter: str
    quarters: tuple[str, ...]
    out_dir: str
    site_url: str
    strict: bool = False
    cache_dir: str | None = None  # where compiled templates and the theme's file list persist


@dataclass
class VersionResult:
    """Whether a quarter built, and what MkDocs said while building it."""

    quarter: str
    ok: bool
    messages: list[str] = field(default_factory=list)
