"""Commands about the notes already clipped: `history`, `find`, `list`, `calendar`."""

from __future__ import annotations

import datetime as dt

import click

from clipper.cli.app import TIMEOUT, VAULT_OPTION, cli, parse_date, settings_from

_NOTE_HELP = "NOTE is a note's path (from here or from the vault root), the page's address, or the saved page's file."


@cli.command("history", epilog=_NOTE_HELP, short_help="List or show the earlier versions of a note.")
@click.argument("note")
@click.option("--show", type=click.IntRange(min=1), metavar="N", help="Print version N of Texte complet.")
@click.option(
    "--diff",
    "diff_number",
    type=click.IntRange(min=1),
    metavar="N",
    help="Show what changed from version N to the next one (or to the note).",
)
@VAULT_OPTION
def history_command(note: str, show: int | None, diff_number: int | None, vault_root: str | None) -> None:
    """List the earlier versions of NOTE's Texte complet, or show one."""
    # deferred: `clip --help` loads only the command table; each command imports what it runs
    from clipper.cli_report import print_history

    if show is not None and diff_number is not None:
        raise click.UsageError("give --show or --diff, not both")
    print_history(settings_from(vault=vault_root).layout(), note, show=show, diff_number=diff_number)


@cli.command("find", epilog=_NOTE_HELP.replace("NOTE", "WHAT"), short_help="Print the path of a page's note.")
@click.argument("what", metavar="WHAT")
@VAULT_OPTION
def find_command(what: str, vault_root: str | None) -> int:
    """Print the path of the note clipped from WHAT: a URL, a saved page or a note (exit 8 if there is none)."""
    # deferred: `clip --help` loads only the command table; each command imports what it runs
    from clipper.catalog import find_note
    from clipper.errors import ExitCode

    layout = settings_from(vault=vault_root).layout()
    path = find_note(layout, what)
    if path is None:
        click.echo(f"clip: no note for {what} in the vault {layout.root}", err=True)
        return ExitCode.NO
    click.echo(str(path))
    return ExitCode.OK


@cli.command("list", short_help="List the vault's clippings.")
@VAULT_OPTION
@click.option("--json", "as_json", is_flag=True, help="One JSON array, for scripts.")
@click.option("--tag", help="Only clippings with this tag.")
@click.option(
    "--kind", type=click.Choice(["article", "course", "pdf", "digest"]), help="Only this kind of clipping (or digests)."
)
@click.option("--host", help="Only pages of this host (or its subdomains).")
@click.option("--since", metavar="YYYY-MM-DD", callback=parse_date, help="Clipped on or after this date.")
@click.option("--until", metavar="YYYY-MM-DD", callback=parse_date, help="Clipped on or before this date.")
@click.option("--stale", is_flag=True, help="Only notes whose source is gone or failing.")
def list_command(
    vault_root: str | None,
    as_json: bool,
    tag: str | None,
    kind: str | None,
    host: str | None,
    since: dt.date | None,
    until: dt.date | None,
    stale: bool,
) -> None:
    """List the vault's clippings: date, title, kind, host, last harvest, status."""
    # deferred: `clip --help` loads only the command table; each command imports what it runs
    from clipper.catalog import ClippingFilter, clippings
    from clipper.cli_report import print_clippings

    rows = clippings(
        settings_from(vault=vault_root).layout(),
        ClippingFilter(tag=tag, kind=kind, host=host, since=since, until=until, stale=stale),
    )
    print_clippings(rows, as_json=as_json)


@cli.command("calendar", epilog=_NOTE_HELP, short_help="Write a course note's schedule as an .ics file.")
@click.argument("note")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    required=True,
    help="The .ics file to write ('-': standard output). Its folder must exist.",
)
@VAULT_OPTION
@click.option(
    "--timeout",
    type=TIMEOUT,
    default=None,
    help="Seconds allowed for fetching the course page, when the vault does not hold its schedule (default 30).",
)
def calendar_command(note: str, output: str, vault_root: str | None, timeout: float | None) -> None:
    """Write a course note's schedule as an iCalendar file (one event per dated session).

    The schedule is the one the last harvest kept in the vault; the page is read
    again only when the vault's state database does not hold it."""
    # deferred: `clip --help` loads only the command table; each command imports what it runs
    from clipper.cli_report import write_calendar

    if not output.strip():
        raise click.BadParameter("give the .ics file to write, or '-' for standard output", param_hint="'-o'")
    write_calendar(note, output, settings_from(vault=vault_root, timeout=timeout))
