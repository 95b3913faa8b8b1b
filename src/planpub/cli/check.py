"""`planpub check`, `show` and `schema`: validate plans and show what follows from them."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from planpub.cli.base import UserError, cli
from planpub.cli.quick import CHECK_FORMATS, EXIT_PROBLEMS, default_plans_dir, run_check
from planpub.diagnostics import format_text
from planpub.loader import load_file

# `check` imports no more than reading the files needs: unchanged files come from the file cache
# without the plan model (see loader.py); `show` imports what it shows on use. Its plain forms
# run without click at all (cli/quick.py).


def plan_paths(paths: Sequence[Path]) -> list[Path]:
    if paths:
        return list(paths)
    default = default_plans_dir()
    if not default.is_dir():
        raise UserError(f"no plans folder '{default}' here; pass the folder or files to check")
    return [default]


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(CHECK_FORMATS),
    default="text",
    show_default=True,
    help="text for people, github for workflow annotations, json for tools.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Read and check every file again instead of using the results of earlier runs.",
)
def check(paths: tuple[Path, ...], fmt: str, strict: bool, no_cache: bool) -> None:
    """Validate plan files (default: the docs_dir of mkdocs.yml, else plans/).

    Exit 0 when clean, 1 when there are errors (or warnings with --strict), 2 on usage errors.
    Files unchanged since an earlier run take their results from the cache (see --no-cache).
    """
    sys.exit(run_check(plan_paths(paths), fmt, strict, no_cache))


def resolve_plan_path(target: str) -> Path:
    """A plan file, a period folder, or a period name looked up in the plans folder."""
    from planpub.model import Period

    path = Path(target)
    if path.is_file():
        return path
    if not path.exists() and Period.parse(target):
        path = default_plans_dir() / target
    if path.is_dir() and (path / "index.md").is_file():
        return path / "index.md"
    raise UserError(f"no plan at '{target}'; give a plan file, a period folder or a period")


@cli.command()
@click.argument("target", metavar="PLAN")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for tools (inputs plus the derived numbers).",
)
def show(target: str, fmt: str) -> None:
    """Show one plan and every number that follows from it.

    PLAN is a plan file, its period folder (plans/2026-Q1) or a period (2026-Q1).
    A plan with errors is not shown: its numbers would be wrong.
    """
    from planpub.show import render_show

    loaded = load_file(resolve_plan_path(target))
    for diagnostic in loaded.diagnostics:
        click.echo(format_text(diagnostic), err=True)
    if loaded.has_errors:
        sys.exit(EXIT_PROBLEMS)
    if loaded.plan is None:
        raise UserError(f"{loaded.path} is not a plan page (its front matter has no 'period')")
    click.echo(render_show(loaded.plan, "json" if fmt == "json" else "text"))


@cli.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of plan front matter (for editors and other tools)."""
    from planpub.spec import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
