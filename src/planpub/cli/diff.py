"""`planpub diff` and `planpub new`: what changed between plans, and the next quarter's draft."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath

import click
import yaml

from planpub.cli.base import UserError, cli
from planpub.cli.check import resolve_plan_path
from planpub.cli.quick import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    colour_text,
    default_plans_dir,
    use_colour,
)
from planpub.diagnostics import Diagnostic, format_text
from planpub.diff import PlanDiff, diff_plans, diff_workspaces
from planpub.diff_markdown import render_markdown
from planpub.diff_render import render_json, render_text
from planpub.gitrev import (
    GitError,
    check_revision,
    list_markdown,
    read_blobs,
    read_file,
    split_spec,
    working_prefix,
)
from planpub.loader import (
    LoadedFile,
    display_path,
    find_markdown,
    load_bytes,
    load_file,
    load_text,
    load_workspace,
)
from planpub.model import Period, Plan
from planpub.scaffold import front_matter, next_quarter_plan

FORMATS = ("text", "markdown", "json")


@cli.command("diff")
@click.argument("old", metavar="A", required=False)
@click.argument("new", metavar="B", required=False)
@click.option("--base", metavar="REV", help="Compare the working tree's plans with a revision.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for people, markdown for pull requests, json for tools.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when the plans differ.")
def diff_command(
    old: str | None, new: str | None, base: str | None, fmt: str, exit_zero: bool
) -> None:
    """Show what changed between two plans, in the plan and in the numbers that follow.

    A and B are quarters (2026-Q2), plan files or period folders, or git revisions of a path
    (origin/main:plans/2026-Q3/index.md). With --base REV, every plan page under the plans
    folder is compared with the same period's plan at REV.

    Exit 0 when nothing changed, 1 when something did, 2 on errors (plans with errors are
    reported, never compared).
    """
    if base is not None:
        if old or new:
            raise UserError("give two plans to compare, or --base REV, not both")
        diffs = base_diffs(base)
    elif old is None or new is None:
        raise UserError("give two plans to compare (planpub diff A B), or --base REV")
    else:
        sides = [load_side(old), load_side(new)]
        stop_on_errors(sides)
        diffs = (diff_plans(plan_of(sides[0]), plan_of(sides[1])),)
    output = render(diffs, fmt)
    click.echo(output, nl=not output.endswith("\n"))
    changed = any(d.status != "same" for d in diffs)
    sys.exit(EXIT_PROBLEMS if changed and not exit_zero else EXIT_OK)


def render(diffs: Sequence[PlanDiff], fmt: str) -> str:
    if fmt == "json":
        return render_json(diffs)
    if fmt == "markdown":
        return render_markdown(diffs)
    return render_text(diffs, colour=use_colour(sys.stdout))


def load_side(target: str) -> LoadedFile:
    """A plan file, period folder or period, or `REV:PATH` read from git."""
    spec = split_spec(target)
    if Path(target).exists() or spec is None:
        return load_file(resolve_plan_path(target))
    rev, path = spec
    if Period.parse(path) is not None:
        path = "./" + (default_plans_dir() / path).as_posix()
    try:
        path, raw = read_file(rev, path)
    except GitError as error:
        raise UserError(str(error)) from error
    return load_bytes(raw, f"{rev}:{path}", folder=PurePosixPath(path).parent.name)


def plan_of(loaded: LoadedFile) -> Plan:
    if loaded.plan is None:
        raise UserError(f"{loaded.path} is not a plan page (its front matter has no 'period')")
    return loaded.plan


def stop_on_errors(files: Iterable[LoadedFile], refusal: str = "not compared") -> None:
    """Print the problems of files with errors and exit 2: their numbers would be wrong."""
    broken = [f for f in files if f.has_errors]
    if not broken:
        return
    colour = use_colour(sys.stderr)
    for loaded in broken:
        for diagnostic in loaded.diagnostics:
            click.echo(colour_text(diagnostic, colour), err=True)
    names = ", ".join(f.path for f in broken)
    click.echo(f"error: {refusal}; fix these plans first: {names}", err=True)
    sys.exit(EXIT_USAGE)


def base_diffs(rev: str) -> tuple[PlanDiff, ...]:
    """Every plan page of the plans folder now, against the same periods' plans at `rev`."""
    folder = default_plans_dir()
    try:
        check_revision(rev)
        prefix = working_prefix()
        names = list_markdown(rev, folder.as_posix())
        blobs = read_blobs(rev, names)
    except GitError as error:
        raise UserError(str(error)) from error
    then = [
        load_bytes(
            raw, f"{rev}:{name.removeprefix(prefix)}", folder=PurePosixPath(name).parent.name
        )
        for name, raw in blobs.items()
    ]
    now = [load_file(path) for path, _ in find_markdown([folder])] if folder.is_dir() else []
    stop_on_errors([*then, *now])
    return diff_workspaces(by_period(then), by_period(now))


def by_period(files: Iterable[LoadedFile]) -> dict[str, Plan]:
    plans: dict[str, Plan] = {}
    for loaded in files:
        if loaded.plan is None:
            continue
        period = str(loaded.plan.period)
        if period in plans:
            raise UserError(f"two plans for {period}: {plans[period].source} and {loaded.path}")
        plans[period] = loaded.plan
    return plans


# -- planpub new ---------------------------------------------------------------------------------


@cli.command("new")
@click.argument("quarter")
@click.option(
    "--from",
    "previous",
    metavar="PLAN",
    help="The plan to start from (default: the latest earlier quarter in the plans folder).",
)
def new_command(quarter: str, previous: str | None) -> None:
    """Start QUARTER's plan (2026-Q3) from an earlier quarter's plan.

    Writes PLANS/QUARTER/index.md with the focus areas, programs and KPIs carried over, KPI
    baselines set to the latest actuals, actuals and reviews cleared, dates moved to the new
    quarter and status draft. An existing file is never overwritten.
    """
    period = Period.parse(quarter)
    if period is None or not period.is_quarter:
        raise UserError(f"'{quarter}' is not a quarter; write it like 2026-Q3")
    target = default_plans_dir() / str(period) / "index.md"
    if target.exists():
        raise UserError(
            f"{display_path(target)} already exists; planpub new never overwrites a plan"
        )
    source = load_file(resolve_plan_path(previous) if previous else latest_before(period))
    stop_on_errors([source], "nothing written")
    start = plan_of(source)
    if not start.period.is_quarter or start.period == period:
        raise UserError(f"start from another quarter's plan, not {start.period} ({source.path})")
    text = page_text(next_quarter_plan(start, period, source=display_path(target)))
    draft = load_text(text, display_path(target), folder=str(period))
    stop_on_errors([draft], "nothing written")  # a draft planpub check rejects is never written
    before = workspace_problems()
    write_new_file(target, text)
    click.echo(f"wrote {display_path(target)} from {source.path}")
    sys.exit(report_new_problems(before, workspace_problems()))


def workspace_problems() -> dict[str, Diagnostic]:
    folder = default_plans_dir()
    diagnostics = load_workspace([folder]).diagnostics if folder.is_dir() else []
    return {format_text(d): d for d in diagnostics}


def report_new_problems(before: dict[str, Diagnostic], after: dict[str, Diagnostic]) -> int:
    """Print what `planpub check` finds now and did not before; 1 when that includes errors."""
    added = [d for text, d in after.items() if text not in before]
    colour = use_colour(sys.stderr)
    for diagnostic in added:
        click.echo(colour_text(diagnostic, colour), err=True)
    if any(d.is_error for d in added):
        click.echo("the draft is written; planpub check now reports the errors above", err=True)
        return EXIT_PROBLEMS
    return EXIT_OK


def latest_before(period: Period) -> Path:
    """The index.md of the latest quarter before `period` in the plans folder."""
    folder = default_plans_dir()
    found = sorted(
        (quarter, child / "index.md")
        for child in (folder.iterdir() if folder.is_dir() else ())
        if (quarter := Period.parse(child.name)) is not None
        and quarter.is_quarter
        and quarter < period
        and (child / "index.md").is_file()
    )
    if not found:
        raise UserError(f"no quarter before {period} in '{folder}'; say where to start with --from")
    return found[-1][1]


def page_text(plan: Plan) -> str:
    matter = yaml.safe_dump(front_matter(plan), sort_keys=False, allow_unicode=True, width=100)
    body = plan.body if plan.body.endswith("\n") else plan.body + "\n"
    return f"---\n{matter}---\n\n{body}"


def write_new_file(target: Path, text: str) -> None:
    """Write `text` to a new file atomically: a temporary file in the same folder, then a rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".planpub-new-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
        os.chmod(temporary, 0o666 & ~_umask())
        if target.exists():
            raise UserError(f"{display_path(target)} appeared meanwhile; not overwritten")
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
