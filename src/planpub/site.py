"""The versioned site: one MkDocs build per quarter, assembled and swapped in atomically.

    site/
      versions.json        mike's format, newest first, `latest` alias on the current quarter
      index.html           redirects to latest/
      404.html             the latest quarter's, where static hosts look for it (with a site_url)
      latest/              a copy of the current quarter (no symlinks: GitHub Pages refuses them)
      2026-Q1/ 2026-Q2/    one version per quarter

A quarter is rebuilt only when its inputs change (its pages, the shared pages, the plans it
reads, the config, the theme overrides, planpub's version); otherwise its last build is reused
from the cache. Builds run in parallel worker processes. Nothing touches the previous site until
every quarter has built: the new site is assembled next to it and swapped in with renames.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from planpub import __version__
from planpub.file_cache import library_stamp, package_digest
from planpub.model import Period, Plan
from planpub.records import record
from planpub.site_files import (
    TMP_PREFIX,
    clear_folders,
    link_missing,
    link_trees,
    prune,
    redirect_page,
    remove_tree,
    spare_note,
    swap_in,
    take_spare,
)
from planpub.site_jobs import CACHE_DIR, VersionJob, VersionResult
from planpub.site_workers import Builders, Progress, run_builds
from planpub.versions import (
    LATEST,
    VersionEntry,
    context_periods,
    default_latest,
    folder_period,
    shown_in,
    version_title,
    versions_json,
)


class BuildError(Exception):
    """The versioned build failed; the previous site was left as it was."""

    def __init__(self, message: str, details: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.details = list(details)


@record
class BuildPlan:
    """What to build: the quarters with their status and the pages of the docs folder."""

    config_file: Path
    docs_dir: Path
    site_dir: Path
    site_url: str
    custom_dir: Path | None
    plans: dict[Period, Plan]
    latest: Period | None = None

    @property
    def quarters(self) -> list[Period]:
        return sorted(p for p in self.plans if p.is_quarter)

    @property
    def cache(self) -> Path:
        return self.config_file.parent / CACHE_DIR


@dataclass
class BuildReport:
    """What one build did: quarters built and reused, the latest, messages and folders."""

    built: list[Period] = field(default_factory=list)
    reused: list[Period] = field(default_factory=list)
    latest: Period | None = None
    messages: list[str] = field(default_factory=list)
    versions: dict[Period, Path] = field(default_factory=dict)  # each quarter's built folder


def choose_latest(plan: BuildPlan, requested: str | None) -> Period | None:
    if requested:
        period = Period.parse(requested)
        if period is None or period not in plan.quarters:
            known = ", ".join(str(q) for q in plan.quarters)
            raise BuildError(f"--latest {requested} is not a quarter of this site ({known})")
        return period
    return default_latest({q: plan.plans[q].status for q in plan.quarters})


# -- inputs and their fingerprint ----------------------------------------------------------------


def _files_under(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            yield path


@dataclass
class Inputs:
    """Every input file of the site, each read and hashed once."""

    plan: BuildPlan
    digests: dict[str, str] = field(default_factory=dict)  # path relative to the project
    docs: list[tuple[str, Period | None]] = field(default_factory=list)  # key, folder's period
    theme: list[str] = field(default_factory=list)

    @classmethod
    def scan(cls, plan: BuildPlan) -> Inputs:
        inputs = cls(plan)
        inputs.theme = [inputs.add(path) for path in _theme_files(plan)]
        for path in _files_under(plan.docs_dir):
            src_uri = path.relative_to(plan.docs_dir).as_posix()
            inputs.docs.append((inputs.add(path), folder_period(src_uri)))
        inputs.add(plan.config_file)
        return inputs

    def add(self, path: Path) -> str:
        key = os.path.relpath(path, self.plan.config_file.parent)
        self.digests[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        return key

    def of_version(self, quarter: Period) -> list[str]:
        """The files whose content can change what this quarter's version shows."""
        docs = [key for key, period in self.docs if shown_in(period, quarter)]
        for period in context_periods(quarter, self.plan.quarters):
            source = Path(self.plan.plans[period].source).resolve()
            docs.append(os.path.relpath(source, self.plan.config_file.parent))
        config = os.path.relpath(self.plan.config_file, self.plan.config_file.parent)
        return [config, *docs, *self.theme]

    def fingerprint(self, quarter: Period, tools: str) -> str:
        digest = hashlib.sha256()
        layout = ",".join(str(q) for q in self.plan.quarters)
        for part in (__version__, tools, str(quarter), self.plan.site_url, layout):
            digest.update(part.encode() + b"\0")
        for key in self.of_version(quarter):
            digest.update(f"{key}\0{self.digests[key]}\0".encode())
        return digest.hexdigest()[:20]


def _theme_files(plan: BuildPlan) -> list[Path]:
    if plan.custom_dir is None or not plan.custom_dir.is_dir():
        return []
    return list(_files_under(plan.custom_dir))


# -- building ------------------------------------------------------------------------------------


def version_url(site_url: str, quarter: Period) -> str:
    if not site_url:
        return ""
    return f"{site_url.rstrip('/')}/{quarter}/"


def build_site(
    plan: BuildPlan,
    *,
    jobs: int | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    builders: Builders | None = None,
) -> BuildReport:
    """Build every quarter (reusing unchanged ones) and swap the new site in atomically.

    While the workers build, this process starts the new site from the spare (see
    `_Assembly`); once every quarter built, it links them in and swaps."""
    assembly = _Assembly(plan)
    try:
        report = build_versions(
            plan, jobs=jobs, strict=strict, progress=progress, builders=builders, watcher=assembly
        )
        assembly.finish(report.versions)
    except BaseException:
        assembly.abandon()
        raise
    return report


def build_versions(
    plan: BuildPlan,
    *,
    jobs: int | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    builders: Builders | None = None,
    watcher: BuildWatcher | None = None,
) -> BuildReport:
    """Build the quarters whose inputs changed into the cache; the report says where each is.
    The `watcher` is told where each quarter will be once the builds are handed out, and of
    each quarter built (in its temporary folder) as it is."""
    if not plan.quarters:
        raise BuildError(f"no quarter plans under {plan.docs_dir}: nothing to publish")
    tools = _tool_versions()
    versions_dir = plan.cache / "versions"
    versions_dir.mkdir(parents=True, exist_ok=True)
    inputs = Inputs.scan(plan)
    targets = {q: versions_dir / inputs.fingerprint(q, tools) / str(q) for q in plan.quarters}
    report = BuildReport(latest=plan.latest)
    todo = [q for q, path in targets.items() if not path.is_dir()]
    report.reused = [q for q in plan.quarters if q not in todo]
    jobs_list = [
        VersionJob(
            config_file=str(plan.config_file),
            quarter=str(q),
            quarters=tuple(str(p) for p in plan.quarters),
            out_dir=str(targets[q].parent) + f".tmp/{q}",
            site_url=version_url(plan.site_url, q),
            strict=strict,
            cache_dir=str(plan.cache),
        )
        for q in todo
    ]
    epoch = source_date_epoch(plan.config_file.parent)
    with _environment(SOURCE_DATE_EPOCH=epoch, NO_MKDOCS_2_WARNING="1"):
        results = run_builds(
            jobs_list,
            jobs,
            progress,
            len(plan.quarters),
            len(report.reused),
            builders,
            while_building=(lambda: watcher.start(targets)) if watcher else None,
            on_result=_tell(watcher, jobs_list),
        )
    failed = [r for r in results if not r.ok]
    report.messages = [f"{r.quarter}: {m}" for r in results for m in r.messages]
    for job in jobs_list:
        built = Path(job.out_dir).parent  # <fingerprint>.tmp
        if failed:
            remove_tree(built)
        else:
            os.replace(built, built.with_suffix(""))
    if failed:
        names = ", ".join(r.quarter for r in failed)
        raise BuildError(f"building {names} failed", report.messages)
    report.built = todo
    report.versions = targets
    prune(versions_dir, {built.parent for built in targets.values()})
    return report


class BuildWatcher(Protocol):
    """What follows the builds of `build_versions` as they happen."""

    def start(self, targets: dict[Period, Path]) -> None:
        """The builds were handed out; each quarter will be in `targets[quarter]`."""

    def built(self, quarter: Period, folder: Path) -> None:
        """A quarter was built into `folder`, where it stays until every quarter is built."""


def _tell(
    watcher: BuildWatcher | None, jobs: list[VersionJob]
) -> Callable[[VersionResult], None] | None:
    if watcher is None:
        return None
    folders = {job.quarter: Path(job.out_dir) for job in jobs}

    def tell(result: VersionResult) -> None:
        period = Period.parse(result.quarter)
        if result.ok and period is not None:
            watcher.built(period, folders[result.quarter])

    return tell


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


TOOLS = ("mkdocs", "material", "properdocs", "pymdownx", "babel", "jinja2", "markdown", "yaml")


def _tool_versions() -> str:
    """Names planpub's code and templates and the installed tools that shape a built version."""
    return f"planpub-code={package_digest()};tools={library_stamp(TOOLS)}"


# -- assembling and swapping ---------------------------------------------------------------------


def write_root(plan: BuildPlan, folder: Path) -> None:
    """The files at the site's root: versions.json and the redirect to the latest quarter."""
    entries = [
        VersionEntry(
            q,
            version_title(q, plan.plans[q].status),
            (LATEST,) if q == plan.latest else (),
            plan.plans[q].status,
        )
        for q in plan.quarters
    ]
    text = json.dumps(versions_json(entries), indent=2, ensure_ascii=False) + "\n"
    (folder / "versions.json").write_text(text, encoding="utf-8")
    if plan.latest is not None:
        (folder / "index.html").write_text(redirect_page(f"{LATEST}/"), encoding="utf-8")


NOT_FOUND = "404.html"


class _Assembly:
    """The new site, assembled next to the old one from the spare and swapped in.

    `start` takes the spare and removes from it the versions that will change; it needs only
    to know where each quarter will be built, so it runs while the workers build. `built`
    links each version in as it is built, while the others build. `finish` links what is still
    missing, writes the root files and swaps. Until the swap the current
    site is not touched; if anything fails, `abandon` removes the half-assembled one."""

    def __init__(self, plan: BuildPlan) -> None:
        self.plan = plan
        self.staging = plan.site_dir.parent / f"{TMP_PREFIX}{plan.site_dir.name}"
        self.note = spare_note(plan.cache, plan.site_dir)
        self.site_held: dict[str, str] | None = None
        self.started = False

    def wanted(self, targets: dict[Period, Path]) -> dict[str, Path]:
        wanted = {str(q): path for q, path in targets.items()}
        if self.plan.latest is not None:
            wanted[LATEST] = targets[self.plan.latest]
        return wanted

    def start(self, targets: dict[Period, Path]) -> None:
        """Take the spare, drop what changes, and link the reused versions it lacks."""
        self.plan.site_dir.parent.mkdir(parents=True, exist_ok=True)
        held, self.site_held = take_spare(self.plan.site_dir, self.staging, self.note)
        self.started = True
        wanted = self.wanted(targets)
        clear_folders(self.staging, held, wanted)
        link_missing(self.staging, {name: path for name, path in wanted.items() if path.is_dir()})

    def built(self, quarter: Period, folder: Path) -> None:
        """Link a version as soon as it is built: the links outlast its folder's renaming."""
        if not self.started:
            return
        names = [str(quarter)] + ([LATEST] if quarter == self.plan.latest else [])
        link_missing(self.staging, dict.fromkeys(names, folder))

    def finish(self, targets: dict[Period, Path]) -> None:
        if not self.started:
            self.start(targets)
        wanted = self.wanted(targets)
        link_missing(self.staging, wanted)
        write_root(self.plan, self.staging)
        self.link_not_found_page(targets)
        holds = {name: str(path) for name, path in wanted.items()}
        swap_in(self.staging, self.plan.site_dir, holds, self.site_held, self.note)

    def link_not_found_page(self, targets: dict[Period, Path]) -> None:
        """The latest quarter's 404 page at the site's root, where static hosts (GitHub Pages,
        Netlify) look for it. Only with a `site_url`: then its links and styles are absolute
        paths into that quarter's version, which work from any address."""
        if self.plan.latest is None or not self.plan.site_url:
            return
        page = targets[self.plan.latest] / NOT_FOUND
        if page.is_file():
            link_trees([page], self.staging)

    def abandon(self) -> None:
        remove_tree(self.staging)


def source_date_epoch(root: Path) -> str:
    """SOURCE_DATE_EPOCH if set, else the time of the last git commit, else 0: never the clock."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return "0"
    stamp = result.stdout.strip()
    return stamp if result.returncode == 0 and stamp.isdigit() else "0"
