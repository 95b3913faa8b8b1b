"""The `planpub` command: a thin adapter from click to the plain functions that do the work."""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from planpub import __version__
from planpub.diagnostics import Diagnostic, format_github, format_json, format_text, summary_line
from planpub.loader import load_file, load_workspace
from planpub.model import Period
from planpub.show import render_show

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UserError(click.ClickException):
    """A problem the user can fix; printed as one `error: ...` line, exit 2."""

    exit_code = EXIT_USAGE

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def default_plans_dir() -> Path:
    """The docs_dir of ./mkdocs.yml when there is one, else ./plans."""
    config = Path("mkdocs.yml")
    if config.is_file():
        for line in config.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "docs_dir" and not line.startswith((" ", "\t")):
                return Path(value.strip().strip("'\""))
    return Path("plans")


def use_colour(stream: Any) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ


def _colour_text(diagnostic: Diagnostic, colour: bool) -> str:
    text = format_text(diagnostic)
    if not colour:
        return text
    label = f"{diagnostic.severity}[{diagnostic.code}]"
    fg = "red" if diagnostic.is_error else "yellow"
    return text.replace(label, click.style(label, fg=fg, bold=True), 1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="planpub")
@click.option("--debug", is_flag=True, help="Show a traceback when planpub itself fails.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """planpub: marketing plans as code.

    Validate plans, compute what follows from them and publish them as a versioned site.
    """
    ctx.obj = {"debug": debug}


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
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="text for people, github for workflow annotations, json for tools.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def check(paths: tuple[Path, ...], fmt: str, strict: bool) -> None:
    """Validate plan files (default: the docs_dir of mkdocs.yml, else plans/).

    Exit 0 when clean, 1 when there are errors (or warnings with --strict), 2 on usage errors.
    """
    workspace = load_workspace(plan_paths(paths))
    diagnostics = workspace.diagnostics
    if fmt == "json":
        click.echo(format_json(diagnostics))
    elif fmt == "github":
        for diagnostic in diagnostics:
            click.echo(format_github(diagnostic))
    else:
        colour = use_colour(sys.stdout)
        for diagnostic in diagnostics:
            click.echo(_colour_text(diagnostic, colour))
        click.echo(summary_line(diagnostics, len(workspace.files)), err=bool(diagnostics))
    failed = workspace.errors or (strict and workspace.warnings)
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)


def resolve_plan_path(target: str) -> Path:
    """A plan file, a period folder, or a period name looked up in the plans folder."""
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


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Entry point: never lets a traceback reach the user unless --debug was given."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        cli.main(args=args, prog_name="planpub", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("error: aborted", err=True)
        sys.exit(EXIT_USAGE)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except SystemExit:
        raise
    except BaseException as error:
        if isinstance(error, KeyboardInterrupt):
            click.echo("error: interrupted", err=True)
            sys.exit(130)
        if "--debug" in args:
            traceback.print_exc()
        click.echo(
            f"error: planpub failed unexpectedly ({type(error).__name__}: {error}); "
            "rerun with --debug and report it",
            err=True,
        )
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_OK)
