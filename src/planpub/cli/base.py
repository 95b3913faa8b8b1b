"""The command group and the user-error type; the helpers that need no click are in quick.py."""

from __future__ import annotations

import importlib
from typing import Any

import click

from planpub import __version__
from planpub.cli.quick import EXIT_USAGE


class UserError(click.ClickException):
    """A problem the user can fix; printed as one `error: ...` line, exit 2."""

    exit_code = EXIT_USAGE

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


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
