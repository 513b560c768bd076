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
    """Run `clip` and return its exit code (the console script exits with it).

    Never shows a traceback: set CLIPPER_DEBUG=1 to see one."""
    from clipper.errors import ClipperError, exit_code_for

    try:
        code = cli.main(args=argv, prog_name="clip", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("clip: interrupted", err=True)
        return 130
    except _NO_ARGS_IS_HELP as error:  # a bare `clip`: the help, as for --help
        click.echo(error.format_message())
        return 0
    except click.UsageError as error:
        command = error.ctx.command_path if error.ctx else "clip"
        click.echo(f"clip: error: {error.format_message()} (see '{command} --help')", err=True)
        return error.exit_code
    except click.ClickException as error:
        click.echo(f"clip: error: {error.format_message()}", err=True)
        return error.exit_code
    except ClipperError as error:
        click.echo(f"clip: error: {error}", err=True)
        return exit_code_for(error)
    except KeyboardInterrupt:
        click.echo("clip: interrupted", err=True)
        return 130
    except Exception as error:
        if os.environ.get("CLIPPER_DEBUG"):
            raise
        click.echo(f"clip: internal error: {type(error).__name__}: {error}", err=True)
        return 1
    return code if isinstance(code, int) else 0
