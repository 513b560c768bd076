"""Commands about the notes already clipped: `history`, `find`, `list`, `calendar`."""

from __future__ import annotations

import click

from clipper.cli.app import VAULT_OPTION, cli, parse_date, settings_from


@cli.command("history")
@click.argument("note", type=click.Path(exists=True, dir_okay=False))
@click.option("--show", type=int, metavar="N", help="Print version N of Texte complet.")
@click.option(
    "--diff",
    "diff_number",
    type=int,
    metavar="N",
    help="Show what changed from version N to the next one (or to the note).",
)
@VAULT_OPTION
def history_command(note: str, show: int | None, diff_number: int | None, vault_root: str | None) -> None:
    """List the earlier versions of NOTE's Texte complet, or show one."""
    from pathlib import Path

    from clipper.cli_report import print_history

    vault = Path(vault_root) if vault_root else None
    print_history(
        Path(note), vault or settings_from().vault, show=show, diff_number=diff_number, vault_given=vault is not None
    )


@cli.command("find")
@click.argument("url")
@VAULT_OPTION
def find_command(url: str, vault_root: str | None) -> int:
    """Print the path of the note clipped from URL (exit 1 if there is none)."""
    from clipper.catalog import find_note

    path = find_note(settings_from(vault=vault_root).layout(), url)
    if path is None:
        click.echo(f"clip: no note for {url}", err=True)
        return 1
    click.echo(str(path))
    return 0


@cli.command("list")
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
def list_command(vault_root, as_json, tag, kind, host, since, until, stale) -> None:
    """List the vault's clippings: date, title, kind, host, last harvest, status."""
    from clipper.catalog import ClippingFilter, clippings
    from clipper.cli_report import print_clippings

    rows = clippings(
        settings_from(vault=vault_root).layout(),
        ClippingFilter(tag=tag, kind=kind, host=host, since=since, until=until, stale=stale),
    )
    print_clippings(rows, as_json=as_json)


@cli.command("calendar")
@click.argument("note", type=click.Path(exists=True, dir_okay=False))
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
    type=click.FloatRange(min=0.1),
    default=None,
    help="Seconds allowed for fetching the course page, when the vault does not hold its schedule (default 30).",
)
def calendar_command(note: str, output: str, vault_root: str | None, timeout: float | None) -> None:
    """Write a course note's schedule as an iCalendar file (one event per dated session).

    The schedule is the one the last harvest kept in the vault; the page is read
    again only when the vault's state database does not hold it."""
    from pathlib import Path

    from clipper.cli_report import write_calendar

    write_calendar(Path(note), output, settings_from(vault=vault_root, timeout=timeout), vault_given=bool(vault_root))
