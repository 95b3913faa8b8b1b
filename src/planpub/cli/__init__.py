"""The `planpub` command: a thin adapter from click to the plain functions that do the work.

Each command lives in its own module of this package and registers itself on the `cli` group;
the group imports a command's module only when that command is used.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import NoReturn

import click

from planpub.cli.base import EXIT_OK, EXIT_USAGE, cli

# Command modules register themselves when imported; `COMMAND_MODULES` in base.py names them.

__all__ = ["cli", "main"]


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
            import traceback  # only for --debug: it costs start-up time

            traceback.print_exc()
        click.echo(
            f"error: planpub failed unexpectedly ({type(error).__name__}: {error}); "
            "rerun with --debug and report it",
            err=True,
        )
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_OK)
