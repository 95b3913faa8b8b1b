"""`planpub build`, `serve` and `publish`: the versioned site, one version per quarter."""

from __future__ import annotations

import signal
from pathlib import Path

import click

from planpub.cli.base import UserError, cli
from planpub.site_jobs import CACHE_DIR
from planpub.site_settings import stored_settings
from planpub.site_workers import builders as builders_for

# The commands import their steps (cli/site_steps.py: the plans, the site, the server) only when
# they run: `build` first starts the workers that import MkDocs, then reads the plans.

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
    nothing_built = not (config_file.resolve().parent / CACHE_DIR / "versions").is_dir()
    with builders_for(jobs, all_at_once=nothing_built) as builders:
        reader = None
        if config_file.is_file():  # MkDocs and the config load while the plans are read
            if stored_settings(config_file, config_file.resolve().parent / CACHE_DIR) is None:
                reader = builders.settings_reader(str(config_file))
            builders.warm_up(str(config_file))
        from planpub.cli.site_steps import prepare, run_build, summary

        plan = prepare(config_file, site_dir, latest, strict, reader)
        report = run_build(plan, jobs, strict, builders=builders)
    click.echo(summary(report, plan.site_dir))


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
    from planpub.cli.site_steps import prepare, refresh, stop_on_term, watch
    from planpub.serving import VersionedSite

    host, _, port_text = dev_addr.rpartition(":")
    if not port_text.isdigit():
        raise UserError(f"--dev-addr {dev_addr}: expected host:port, e.g. 127.0.0.1:8000")
    root = config_file.resolve().parent / CACHE_DIR / "serve-root"
    site = VersionedSite(root)
    plan = prepare(config_file, root, latest, strict=False)
    refresh(site, plan, jobs)
    server = site.start(host or "127.0.0.1", int(port_text))
    click.echo(f"serving the versioned site on http://{host}:{port_text}/ (Ctrl+C to stop)")
    signal.signal(signal.SIGTERM, stop_on_term)
    watched = [config_file.resolve(), plan.docs_dir.resolve()]
    if plan.custom_dir:
        watched.append(plan.custom_dir.resolve())
    try:
        watch(watched, lambda: refresh(site, prepare(config_file, root, latest, False), jobs))
    except KeyboardInterrupt:
        click.echo("\nstopped")
    finally:
        server.shutdown()


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
    from planpub.cli.site_steps import prepare, run_build, summary
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
