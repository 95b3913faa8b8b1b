"""The steps of `planpub build`, `serve` and `publish`, apart from their command-line options.

`cli/site.py` declares the commands and imports this module only once a command runs, after it
has started the workers that import MkDocs (see site_workers.py).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from planpub.cli.base import UserError
from planpub.cli.quick import EXIT_PROBLEMS, colour_text, use_colour
from planpub.loader import load_workspace
from planpub.site import (
    BuildError,
    BuildPlan,
    BuildReport,
    build_site,
    build_versions,
    choose_latest,
    write_root,
)
from planpub.site_files import recover, spare_note
from planpub.site_jobs import CACHE_DIR, SiteSettings
from planpub.site_settings import likely_docs_dir, read_settings
from planpub.site_workers import Builders
from planpub.versions import LATEST

if TYPE_CHECKING:  # `planpub build` does without the server
    from planpub.serving import VersionedSite


def prepare(
    config_file: Path,
    site_dir: Path | None,
    latest: str | None,
    strict: bool,
    reader: Callable[[str], SiteSettings] | None = None,
) -> BuildPlan:
    """Read the config, check every plan, and decide what the site holds; exit 1 on errors.

    With a `reader` (a worker reading the config the MkDocs way), the plans of the folder the
    config most likely names are checked meanwhile; MkDocs' answer decides which are used."""
    if not config_file.is_file():
        raise UserError(f"no {config_file} here; run planpub where your mkdocs.yml is, or pass -f")
    guess = likely_docs_dir(config_file) if reader is not None else None
    early = load_workspace([guess]) if guess is not None and guess.is_dir() else None
    try:
        settings = read_settings(config_file, config_file.resolve().parent / CACHE_DIR, reader)
    except ValueError as error:
        raise UserError(str(error)) from error
    if not settings.plugin_enabled:
        raise UserError(f"{config_file} does not enable the planpub plugin; add it under plugins:")
    target = site_dir or Path(settings.site_dir)
    note = recover(target, spare_note(config_file.resolve().parent / CACHE_DIR, target))
    if note:
        click.echo(f"note: {note}", err=True)
    same = guess is not None and os.path.realpath(guess) == os.path.realpath(settings.docs_dir)
    workspace = early if early is not None and same else load_workspace([Path(settings.docs_dir)])
    colour = use_colour(sys.stderr)
    for diagnostic in workspace.diagnostics:
        click.echo(colour_text(diagnostic, colour), err=True)
    if workspace.errors or (strict and workspace.warnings):
        click.echo(f"error: the plans have problems; the site in {target} is unchanged", err=True)
        sys.exit(EXIT_PROBLEMS)
    plan = BuildPlan(
        config_file=config_file.resolve(),
        docs_dir=Path(settings.docs_dir),
        site_dir=target.resolve(),
        site_url=settings.site_url,
        custom_dir=Path(settings.custom_dir) if settings.custom_dir else None,
        plans={p.period: p for p in workspace.plans},
    )
    try:
        latest_quarter = choose_latest(plan, latest)
    except BuildError as error:
        raise UserError(str(error)) from error
    return BuildPlan(**{**plan.__dict__, "latest": latest_quarter})


def show_progress(done: int, total: int, quarter: str) -> None:
    click.echo(f"\r  built {done}/{total} quarters ({quarter})   ", nl=False, err=True)


def wants_progress() -> bool:
    return sys.stderr.isatty() and os.environ.get("CI", "").lower() not in ("true", "1")


def run_build(
    plan: BuildPlan,
    jobs: int | None,
    strict: bool,
    *,
    assemble: bool = True,
    builders: Builders | None = None,
) -> BuildReport:
    progress = show_progress if wants_progress() else None
    build = build_site if assemble else build_versions
    try:
        report = build(plan, jobs=jobs, strict=strict, progress=progress, builders=builders)
    except BuildError as error:
        if progress:
            click.echo("", err=True)
        for line in error.details:
            click.echo(line, err=True)
        click.echo(f"error: {error}; the site in {plan.site_dir} is unchanged", err=True)
        sys.exit(EXIT_PROBLEMS)
    if progress:
        click.echo("", err=True)
    for line in report.messages:
        click.echo(line, err=True)
    return report


def summary(report: BuildReport, site_dir: Path) -> str:
    latest = f", latest is {report.latest}" if report.latest else ""
    return (
        f"built {len(report.built)} quarter(s), reused {len(report.reused)}{latest} -> {site_dir}"
    )


def snapshot(paths: list[Path]) -> tuple[tuple[str, float, int], ...]:
    """Names, modification times and sizes of every file under the watched paths."""
    seen = []
    for root in paths:
        files = [root] if root.is_file() else sorted(root.rglob("*")) if root.is_dir() else []
        for path in files:
            if path.is_file():
                stat = path.stat()
                seen.append((str(path), stat.st_mtime, stat.st_size))
    return tuple(seen)


def refresh(site: VersionedSite, plan: BuildPlan, jobs: int | None) -> None:
    """Build what changed into the cache and point the server at it."""
    report = run_build(plan, jobs, False, assemble=False)
    plan.site_dir.mkdir(parents=True, exist_ok=True)
    write_root(plan, plan.site_dir)
    routes = {str(q): folder for q, folder in report.versions.items()}
    if plan.latest is not None:
        routes[LATEST] = report.versions[plan.latest]
    site.update(routes)
    click.echo(summary(report, plan.cache / "versions"))


def stop_on_term(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def watch(watched: list[Path], rebuild: Callable[[], None]) -> None:
    last = snapshot(watched)
    while True:
        time.sleep(1)
        current = snapshot(watched)
        if current == last:
            continue
        last = current
        click.echo("change detected: rebuilding")
        try:
            rebuild()
        except SystemExit:
            click.echo("the site keeps its last good build; fix the problems above")
        except UserError as error:
            error.show()
