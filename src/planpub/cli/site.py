"""`planpub build`, `serve` and `publish`: the versioned site, one version per quarter."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from planpub.cli.base import EXIT_PROBLEMS, UserError, cli, colour_text, use_colour
from planpub.loader import load_workspace
from planpub.serving import VersionedSite
from planpub.site import (
    BuildError,
    BuildPlan,
    BuildReport,
    build_site,
    build_versions,
    choose_latest,
    write_root,
)
from planpub.site_files import recover
from planpub.versions import LATEST

config_option = click.option(
    "-f",
    "--config-file",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="The MkDocs configuration of the site.",
)
latest_option = click.option(
    "--latest",
    metavar="PERIOD",
    help="The quarter the `latest` alias points to (default: newest quarter that is not a draft).",
)
jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Quarters built at once (default: one per core).",
)


def prepare(
    config_file: Path, site_dir: Path | None, latest: str | None, strict: bool
) -> BuildPlan:
    """Read the config, check every plan, and decide what the site holds; exit 1 on errors."""
    from planpub.mkdocs_build import read_settings

    if not config_file.is_file():
        raise UserError(f"no {config_file} here; run planpub where your mkdocs.yml is, or pass -f")
    try:
        settings = read_settings(str(config_file))
    except ValueError as error:
        raise UserError(str(error)) from error
    if not settings.plugin_enabled:
        raise UserError(f"{config_file} does not enable the planpub plugin; add it under plugins:")
    target = site_dir or Path(settings.site_dir)
    note = recover(target)
    if note:
        click.echo(f"note: {note}", err=True)
    workspace = load_workspace([Path(settings.docs_dir)])
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
    plan: BuildPlan, jobs: int | None, strict: bool, *, assemble: bool = True
) -> BuildReport:
    progress = show_progress if wants_progress() else None
    build = build_site if assemble else build_versions
    try:
        report = build(plan, jobs=jobs, strict=strict, progress=progress)
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


@cli.command()
@config_option
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the site (default: site_dir of mkdocs.yml).",
)
@latest_option
@jobs_option
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def build(
    config_file: Path, site_dir: Path | None, latest: str | None, jobs: int | None, strict: bool
) -> None:
    """Build the versioned site: one version per quarter, versions.json and a latest alias.

    Quarters whose inputs did not change are reused; the new site replaces the old one only
    when every quarter built.
    """
    plan = prepare(config_file, site_dir, latest, strict)
    report = run_build(plan, jobs, strict)
    click.echo(summary(report, plan.site_dir))


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


@cli.command()
@config_option
@click.option(
    "-a",
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    help="Address to serve on (host:port).",
)
@latest_option
@jobs_option
def serve(config_file: Path, dev_addr: str, latest: str | None, jobs: int | None) -> None:
    """Build the versioned site and serve it, rebuilding the quarters you edit."""
    host, _, port_text = dev_addr.rpartition(":")
    if not port_text.isdigit():
        raise UserError(f"--dev-addr {dev_addr}: expected host:port, e.g. 127.0.0.1:8000")
    root = config_file.resolve().parent / ".planpub-cache" / "serve-root"
    site = VersionedSite(root)
    plan = prepare(config_file, root, latest, strict=False)
    refresh(site, plan, jobs)
    server = site.start(host or "127.0.0.1", int(port_text))
    click.echo(f"serving the versioned site on http://{host}:{port_text}/ (Ctrl+C to stop)")
    signal.signal(signal.SIGTERM, _stop)
    watched = [config_file.resolve(), plan.docs_dir.resolve()]
    if plan.custom_dir:
        watched.append(plan.custom_dir.resolve())
    try:
        _watch(watched, lambda: refresh(site, prepare(config_file, root, latest, False), jobs))
    except KeyboardInterrupt:
        click.echo("\nstopped")
    finally:
        server.shutdown()


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


def _stop(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _watch(watched: list[Path], rebuild: Callable[[], None]) -> None:
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


@cli.command()
@config_option
@latest_option
@jobs_option
@click.option("-b", "--branch", default="gh-pages", show_default=True, help="Branch to commit to.")
@click.option("-r", "--remote", default="origin", show_default=True, help="Remote to push to.")
@click.option("--push", is_flag=True, help="Push the branch after committing.")
@click.option("-m", "--message", default=None, help="Commit message.")
def publish(
    config_file: Path,
    latest: str | None,
    jobs: int | None,
    branch: str,
    remote: str,
    push: bool,
    message: str | None,
) -> None:
    """Build the versioned site and commit it to a gh-pages branch with mike (optional extra)."""
    from planpub.publish import MikeMissing, PublishError, commit_site

    plan = prepare(config_file, None, latest, strict=False)
    report = run_build(plan, jobs, False)
    click.echo(summary(report, plan.site_dir))
    try:
        text = commit_site(plan.site_dir, branch, message, push=push, remote=remote)
    except MikeMissing as error:
        raise UserError(f"{error}; install it with: pip install 'planpub[publish]'") from error
    except PublishError as error:
        raise UserError(str(error)) from error
    click.echo(text)
