"""The command group, the user-error type and helpers shared by the commands."""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

import click

from planpub import __version__
from planpub.diagnostics import Diagnostic, format_text

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


def colour_text(diagnostic: Diagnostic, colour: bool) -> str:
    text = format_text(diagnostic)
    if not colour:
        return text
    label = f"{diagnostic.severity}[{diagnostic.code}]"
    fg = "red" if diagnostic.is_error else "yellow"
    return text.replace(label, click.style(label, fg=fg, bold=True), 1)


COMMAND_MODULES = {  # each module registers its commands on `cli` when imported
    "check": "planpub.cli.check",
    "show": "planpub.cli.check",
    "schema": "planpub.cli.check",
    "diff": "planpub.cli.diff",
    "new": "planpub.cli.diff",
    "build": "planpub.cli.site",
    "serve": "planpub.cli.site",
    "publish": "planpub.cli.site",
}


class LazyGroup(click.Group):
    """Imports a command's module only when that command runs (or help lists them all), so
    `planpub check` does not pay for the web server and the diff code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMAND_MODULES) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            importlib.import_module(COMMAND_MODULES[cmd_name])
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="planpub")
@click.option("--debug", is_flag=True, help="Show a traceback when planpub itself fails.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """planpub: marketing plans as code.

    Validate plans, compute what follows from them and publish them as a versioned site.
    """
    ctx.obj = {"debug": debug}
