"""The `clip` command group and what its commands share: the default command,
`--version`, the `--vault` option, date parsing and the effective settings."""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from clipper import installed_version
from clipper.limits import MAX_TIMEOUT

if TYPE_CHECKING:
    from clipper.config import Settings

DEFAULT_COMMAND = "save"


def _print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(f"clip, version {installed_version()}")
        ctx.exit()


class DefaultCommandGroup(click.Group):
    """A group where a first argument that is not a command runs `DEFAULT_COMMAND`,
    and so does a bare `clip` whose standard input is not a terminal (but not
    while the shell completes a first word: `clip li<TAB>` is a command to come)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = [DEFAULT_COMMAND, *args]
        elif not args and not sys.stdin.isatty() and not ctx.resilient_parsing:  # `… | clip`: URLs on stdin
            args = [DEFAULT_COMMAND]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultCommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
def cli() -> None:
    """Clip web pages into dated, annotated notes of an Obsidian vault.

    \b
      clip URL --avis "Mon avis…"        clip a page into a new note
      clip page.html --source URL        clip a page saved on disk
      clip extract URL --format json     show what clipper reads in a page
    """


def parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    """A YYYY-MM-DD option: `20240418` is refused for its form, `2024-02-30` for not being a day."""
    if value is None:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise click.BadParameter(f"{value!r} is not of the form YYYY-MM-DD (e.g. 2024-04-18)")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date: {exc}") from None


def read_avis(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sys.stdin.read() if value == "-" else value for value in values)


def settings_from(**given: object) -> Settings:
    """Effective settings: command line (`given`) > environment > vault file > user file."""
    # deferred: `clip --help` loads only the command table; each command imports what it runs
    from clipper.config import load_settings

    settings = load_settings(given)
    for warning in settings.warnings:
        click.echo(f"clip: warning: {warning}", err=True)
    return settings


F = TypeVar("F", bound=Callable[..., Any])

VAULT_OPTION = click.option(
    "--vault",
    "vault_root",
    metavar="DIR",
    type=click.Path(file_okay=True, dir_okay=True),
    help="The vault's root folder (default: $CLIPPER_VAULT, the config files, else the current folder).",
)


class FiniteRange(click.FloatRange):
    """`click.FloatRange` that also refuses "nan", which every bound lets through."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if number != number:  # nan
            self.fail(f"{value!r} is not a number.", param, ctx)
        return number


TIMEOUT = FiniteRange(min=0.1, max=MAX_TIMEOUT)
"""The type of every --timeout."""


def engine_options(what: str) -> Callable[[F], F]:
    """`--jobs`, `--per-host` and `--delay`, the concurrent engine's limits, as the batch
    and the re-harvest both take them; `what` says what they count ("Pages fetched")."""

    def decorate(command: F) -> F:
        command = click.option(
            "--delay",
            type=FiniteRange(min=0, max=3600),
            default=0.2,
            show_default=True,
            help="Seconds between two requests to one host.",
        )(command)
        command = click.option(
            "--per-host", type=click.IntRange(1, 16), default=None, help=f"{what} at once from one host (default 2)."
        )(command)
        return click.option(
            "--jobs", type=click.IntRange(1, 64), default=16, show_default=True, help=f"{what} at once, overall."
        )(command)

    return decorate
