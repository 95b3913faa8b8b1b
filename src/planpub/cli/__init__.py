"""The `planpub` command: a thin adapter from click to the plain functions that do the work.

Each command lives in its own module of this package and registers itself on the `cli` group;
the group imports a command's module only when that command is used. The plain forms of
`planpub check` run without importing click at all (cli/quick.py). Run as a command, planpub
ends without the interpreter's tear-down (`leave_now`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from contextlib import suppress
from typing import TYPE_CHECKING, Any, NoReturn

from planpub.cli.quick import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, quick_check

if TYPE_CHECKING:
    from planpub.cli.base import cli

# Command modules register themselves when imported; `COMMAND_MODULES` in base.py names them.

__all__ = ["cli", "main"]


def __getattr__(name: str) -> Any:
    if name == "cli":  # imported on use: `planpub check` does without click
        from planpub.cli.base import cli

        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Entry point: never lets a traceback reach the user unless --debug was given."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        code = quick_check(args[1:]) if args[:1] == ["check"] else None
        if code is None:
            code = _with_click(args)
    except SystemExit as stop:
        if argv is None and isinstance(stop.code, int):
            leave_now(stop.code)
        raise
    except BrokenPipeError:
        _reader_gone()
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        sys.exit(130)
    except BaseException as error:
        if "--debug" in args:
            import traceback  # only for --debug: it costs start-up time

            traceback.print_exc()
        print(
            f"error: planpub failed unexpectedly ({type(error).__name__}: {error}); "
            "rerun with --debug and report it",
            file=sys.stderr,
        )
        sys.exit(EXIT_USAGE)
    if argv is None:
        leave_now(code)
    sys.exit(code)


def _reader_gone() -> NoReturn:
    """The output's reader stopped reading (`planpub check | head -1`): stop quietly, as `head`
    expects, with exit code 1; nothing more can be written to it."""
    with suppress(OSError, ValueError, AttributeError):  # stdout may be no file (in the tests)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # flushing at exit: quiet
    sys.exit(EXIT_PROBLEMS)


def leave_now(code: int) -> NoReturn:
    """End the process once the command is done, without tearing down the interpreter object by
    object: a check that read a few hundred files holds many small objects, and freeing them one
    by one costs about a tenth of the check. The operating system frees the memory at once.
    Only when run as a command (`main()` without arguments, not by the tests), and only when no
    other thread still runs: the commands write their files and stop their workers before they
    return, so all that is left to do is flushing the output."""
    if "threading" in sys.modules and sys.modules["threading"].active_count() > 1:
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe (`planpub check | head -1`): the code still tells
        pass
    os._exit(code)


def _with_click(args: list[str]) -> int:
    """Run the command through click; its usage errors and aborts become exit code 2.

    `planpub build` first forks the worker that imports MkDocs, so that it does while click
    is imported and reads the command line (cli/site.py takes it over)."""
    if args[:1] == ["build"]:
        from planpub.site_workers import start_early

        start_early()
    import click

    from planpub.cli.base import cli

    try:
        cli.main(args=args, prog_name="planpub", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("error: aborted", err=True)
        return EXIT_USAGE
    except click.ClickException as error:
        error.show()
        return error.exit_code
    finally:
        if "planpub.site_workers" in sys.modules:  # a worker started early, not taken
            sys.modules["planpub.site_workers"].stop_early()
    return EXIT_OK
