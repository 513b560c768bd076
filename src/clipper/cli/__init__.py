"""The `clip` command line: parse options, call the library, report.

`clip URL [options]` runs the default command (`clip save URL`); other
commands sit beside it, one module per family (`clipping`, `notes`,
`maintenance`; the group itself in `app`). Only click is imported at start-up,
so `clip --help` stays fast; each command imports what it needs when it runs.
Every `ClipperError` becomes a one-line message and its exit code here, and
only here (see `clipper.errors`).
"""

from __future__ import annotations

import os

import click

from clipper.cli import clipping, maintenance, notes  # noqa: F401 — they register the commands
from clipper.cli.app import DEFAULT_COMMAND, cli

_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())  # click >= 8.2

__all__ = ["DEFAULT_COMMAND", "cli", "main"]


def main(argv: list[str] | None = None) -> int:
    """Run `clip` and return its exit code (the console script exits with it),
    one of `clipper.errors.EXIT_CODES`. Every error is one line on standard
    error; never a traceback: set CLIPPER_DEBUG=1 to see one."""
    # deferred: `clip --help` loads only the command table; each command imports what it runs
    from clipper.errors import ClipperError, ExitCode, exit_code_for

    try:
        code = cli.main(args=argv, prog_name="clip", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("clip: interrupted", err=True)
        return ExitCode.INTERRUPTED
    except _NO_ARGS_IS_HELP as error:  # a bare `clip`: the help, as for --help
        click.echo(error.format_message())
        return ExitCode.OK
    except click.UsageError as error:
        command = error.ctx.command_path if error.ctx else "clip"
        click.echo(f"clip: error: {_one_line(error.format_message())} (see '{command} --help')", err=True)
        return ExitCode.USAGE
    except click.ClickException as error:  # a file given to an option that cannot be opened
        click.echo(f"clip: error: {_one_line(error.format_message())}", err=True)
        return ExitCode.USAGE
    except ClipperError as error:
        click.echo(f"clip: error: {error}", err=True)
        return exit_code_for(error)
    except Exception as error:
        if os.environ.get("CLIPPER_DEBUG"):
            raise
        click.echo(f"clip: internal error: {type(error).__name__}: {_one_line(str(error))}", err=True)
        return ExitCode.INTERNAL
    return code if isinstance(code, int) else ExitCode.OK


def _one_line(message: str) -> str:
    """click's multi-line messages (a list of choices) as one line."""
    return " ".join(message.replace(",\n", ", ").split())
