"""The `clip` command line: parse options, call the library, report.

`clip URL [options]` runs the default command (`clip save URL`); other
commands sit beside it. Only click is imported at start-up, so `clip --help`
stays fast; each command imports what it needs when it runs. Every
`ClipperError` becomes a one-line message and its exit code here, and only
here (see `clipper.errors`).
"""

from __future__ import annotations

import datetime as dt
import os
import sys

import click

from clipper import installed_version

DEFAULT_COMMAND = "save"
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())  # click >= 8.2


def _print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(f"clip, version {installed_version()}")
        ctx.exit()


class DefaultCommandGroup(click.Group):
    """A group where a first argument that is not a command runs `DEFAULT_COMMAND`,
    and so does a bare `clip` whose standard input is not a terminal."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = [DEFAULT_COMMAND, *args]
        elif not args and not sys.stdin.isatty():  # `… | clip`: URLs on standard input
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


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date of the form YYYY-MM-DD") from None


def _read_avis(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sys.stdin.read() if value == "-" else value for value in values)


def _settings(**given):
    """Effective settings: command line (`given`) > environment > vault file > user file."""
    from clipper.config import load_settings

    return load_settings(given)


_VAULT_OPTION = click.option(
    "--vault",
    "vault_root",
    metavar="DIR",
    type=click.Path(file_okay=True, dir_okay=True),
    help="The vault's root folder (default: $CLIPPER_VAULT, the config files, else the current folder).",
)


@cli.command(DEFAULT_COMMAND)
@click.argument("urls", nargs=-1, metavar="[URL]...")
@click.option(
    "--avis",
    multiple=True,
    metavar="TEXT",
    help="Your opinion, written under « Mon avis : ». Repeat for several paragraphs; '-' reads standard input.",
)
@click.option("--titre", metavar="TEXT", help="The note's title (default: the page's title).")
@click.option(
    "--date", "harvest_date", metavar="YYYY-MM-DD", callback=_parse_date, help="The harvest date (default: today)."
)
@_VAULT_OPTION
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="A tag to add (repeatable).")
@click.option("--source", "source_url", metavar="URL", help="For a saved .html file: the address the page came from.")
@click.option(
    "--from",
    "from_file",
    type=click.File("r", encoding="utf-8"),
    metavar="FILE",
    help="Clip every page listed in FILE: one 'URL | titre | avis' a line, '#' comments ('-': standard input).",
)
@click.option(
    "--langue",
    "language",
    type=click.Choice(["fr", "en"]),
    default="fr",
    show_default=True,
    help="Language of the note's fixed lines (Date de récolte… or Harvest date…).",
)
@click.option("--open", "open_note", is_flag=True, help="Open the note in Obsidian afterwards.")
@click.option("--print-uri", is_flag=True, help="Print the note's obsidian:// URI.")
@click.option(
    "--hash",
    "hash_mode",
    type=click.Choice(["lip", "full"]),
    default=None,
    help="Attachment names: Local Images Plus signature (default), or MD5 of the whole file.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=None,
    help="Seconds allowed for fetching the page (default 30).",
)
@click.option(
    "--force", is_flag=True, help="Write the note even when the server answers with an error page (4xx, 5xx)."
)
def save(
    urls: tuple[str, ...],
    avis: tuple[str, ...],
    titre: str | None,
    harvest_date: dt.date | None,
    vault_root: str | None,
    tags: tuple[str, ...],
    source_url: str | None,
    from_file,
    language: str,
    open_note: bool,
    print_uri: bool,
    hash_mode: str | None,
    timeout: float | None,
    force: bool,
) -> int:
    """Clip URL (http(s) address or saved .html file) into a note; several URLs, --from FILE
    or URLs on standard input clip them all."""
    from clipper.batch import BatchEntry, parse_batch
    from clipper.pipeline import ClipOptions

    settings = _settings(vault=vault_root, hash_mode=hash_mode, timeout=timeout)
    entries = [BatchEntry(url) for url in urls]
    if from_file is not None:
        entries += parse_batch(from_file)
    elif not entries and "-" not in avis and not sys.stdin.isatty():
        entries = parse_batch(sys.stdin)
    if not entries:
        raise click.UsageError("give a URL, --from FILE, or URLs on standard input")
    if titre and len(entries) > 1:
        raise click.UsageError("--titre names one note: give it with a single URL")
    options = ClipOptions(
        vault=settings.layout(),
        harvest_date=harvest_date or dt.date.today(),
        titre=titre,
        avis=_read_avis(avis),
        tags=(*settings.tags, *tags),
        source_url=source_url,
        hash_mode=settings.hash_mode,
        timeout=settings.timeout,
        force=force,
        language=language,
        link_style=settings.link_style,
        user_agent=settings.user_agent,
    )
    if len(entries) == 1 and from_file is None:
        _clip_one(entries[0].url, options, open_note=open_note, print_uri=print_uri)
        return 0
    from clipper.cli_report import report_batch

    return report_batch(entries, options)


def _clip_one(url: str, options, *, open_note: bool, print_uri: bool) -> None:
    from clipper.pipeline import clip

    result = clip(url, options)
    click.echo(str(result.path))
    if result.status is not None and result.status >= 400:
        click.echo(f"warning: the server answered HTTP {result.status}; note written anyway (--force)", err=True)
    failed = result.images_failed
    action = "updated the existing note" if result.updated else "new note"
    summary = f"{action}: {result.images_saved} image(s) saved, {len(failed)} failed"
    click.echo(f"{summary} ({result.extraction.kind}, extractor {result.extraction.extractor})", err=True)
    for image in failed:
        click.echo(f"  image failed: {_short(image.url)}: {image.error}", err=True)
    if result.message:
        click.echo(f"note: {result.message}", err=True)
    if open_note or print_uri:
        from clipper.obsidian import obsidian_uri, open_uri

        uri = obsidian_uri(options.vault.root, result.path)
        if print_uri:
            click.echo(uri)
        if open_note:
            open_uri(uri)


@cli.command("extract")
@click.argument("url")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "markdown", "text"]),
    default="json",
    show_default=True,
    help="What to print.",
)
@click.option("--source", "source_url", metavar="URL", help="For a saved .html file: its address.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=None,
    help="Seconds allowed for fetching the page (default 30).",
)
def extract_command(url: str, output_format: str, source_url: str | None, timeout: float | None) -> None:
    """Print what clipper reads in URL (no vault is touched)."""
    import json

    from clipper.pipeline import ClipOptions, extract_page, load_page

    settings = _settings(timeout=timeout)
    options = ClipOptions(
        vault=settings.layout(), source_url=source_url, timeout=settings.timeout, user_agent=settings.user_agent
    )
    extraction = extract_page(load_page(url, options))
    if output_format == "json":
        click.echo(json.dumps(extraction.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(extraction.markdown if output_format == "markdown" else extraction.text)


@cli.command("reharvest")
@_VAULT_OPTION
@click.option(
    "--jobs", type=click.IntRange(1, 64), default=8, show_default=True, help="Pages fetched at once, overall."
)
@click.option(
    "--per-host", type=click.IntRange(1, 16), default=None, help="Pages fetched at once from one host (default 2)."
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=0.2,
    show_default=True,
    help="Seconds between two requests to one host.",
)
@click.option("--only", metavar="PATTERN", help="Only notes whose path or source matches (glob or substring).")
@click.option("--dry-run", is_flag=True, help="Fetch and compare, write nothing.")
@click.option("--quiet", is_flag=True, help="Print only notes that changed or failed, and the summary.")
@click.option(
    "--timeout", type=click.FloatRange(min=0.1), default=None, help="Seconds allowed for each page (default 30)."
)
@click.option(
    "--date",
    "harvest_date",
    metavar="YYYY-MM-DD",
    callback=_parse_date,
    help="The date written in Historique (default: today).",
)
def reharvest_command(
    vault_root: str | None,
    jobs: int,
    per_host: int | None,
    delay: float,
    only: str | None,
    dry_run: bool,
    quiet: bool,
    timeout: float | None,
    harvest_date: dt.date | None,
) -> int:
    """Bring every clipped note of the vault up to date with its page."""
    from clipper.cli_report import report_harvest
    from clipper.reharvest import HarvestOptions

    settings = _settings(vault=vault_root, per_host=per_host, timeout=timeout)
    options = HarvestOptions(
        jobs=jobs,
        per_host=settings.per_host,
        delay=delay,
        only=only,
        dry_run=dry_run,
        timeout=settings.timeout,
        today=harvest_date or dt.date.today(),
        link_style=settings.link_style,
        hash_mode=settings.hash_mode,
        user_agent=settings.user_agent,
    )
    return report_harvest(settings.layout(), options, quiet=quiet)


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
@_VAULT_OPTION
def history_command(note: str, show: int | None, diff_number: int | None, vault_root: str | None) -> None:
    """List the earlier versions of NOTE's Texte complet, or show one."""
    from pathlib import Path

    from clipper.cli_report import print_history

    vault = Path(vault_root) if vault_root else None
    print_history(
        Path(note), vault or _settings().vault, show=show, diff_number=diff_number, vault_given=vault is not None
    )


@cli.command("find")
@click.argument("url")
@_VAULT_OPTION
def find_command(url: str, vault_root: str | None) -> int:
    """Print the path of the note clipped from URL (exit 1 if there is none)."""
    from clipper.catalog import find_note

    path = find_note(_settings(vault=vault_root).layout(), url)
    if path is None:
        click.echo(f"clip: no note for {url}", err=True)
        return 1
    click.echo(str(path))
    return 0


@cli.command("list")
@_VAULT_OPTION
@click.option("--json", "as_json", is_flag=True, help="One JSON array, for scripts.")
@click.option("--tag", help="Only clippings with this tag.")
@click.option("--kind", type=click.Choice(["article", "course", "pdf"]), help="Only this kind of clipping.")
@click.option("--host", help="Only pages of this host (or its subdomains).")
@click.option("--since", metavar="YYYY-MM-DD", callback=_parse_date, help="Clipped on or after this date.")
@click.option("--until", metavar="YYYY-MM-DD", callback=_parse_date, help="Clipped on or before this date.")
@click.option("--stale", is_flag=True, help="Only notes whose source is gone or failing.")
def list_command(vault_root, as_json, tag, kind, host, since, until, stale) -> None:
    """List the vault's clippings: date, title, kind, host, last harvest, status."""
    from clipper.catalog import ClippingFilter, clippings
    from clipper.cli_report import print_clippings

    rows = clippings(
        _settings(vault=vault_root).layout(),
        ClippingFilter(tag=tag, kind=kind, host=host, since=since, until=until, stale=stale),
    )
    print_clippings(rows, as_json=as_json)


@cli.command("config")
@_VAULT_OPTION
def config_command(vault_root: str | None) -> None:
    """Show the effective settings and where each one comes from."""
    from clipper.config import describe, user_config_path, vault_config_path

    settings = _settings(vault=vault_root)
    width = max(len(name) for name, _, _ in describe(settings))
    for name, value, source in describe(settings):
        click.echo(f"{name:<{width}}  {value or '-'}  [{source}]")
    click.echo(f"\nfiles: {user_config_path(os.environ)}, {vault_config_path(settings.vault)}")


@cli.command("calendar")
@click.argument("note", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="The .ics file to write.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=None,
    help="Seconds allowed for fetching the course page (default 30).",
)
def calendar_command(note: str, output: str, timeout: float | None) -> None:
    """Write a course note's schedule as an iCalendar file (one event per dated session)."""
    from pathlib import Path

    from clipper.cli_report import write_calendar

    write_calendar(Path(note), Path(output), _settings(timeout=timeout))


@cli.command("doctor")
@_VAULT_OPTION
@click.option("--fix", is_flag=True, help="Repair what is safe: state database, missing attachments.")
@click.option("--prune", is_flag=True, help="Also delete attachments that no note uses.")
def doctor_command(vault_root: str | None, fix: bool, prune: bool) -> int:
    """Check the vault: missing or unused attachments, broken notes, state out of sync."""
    from clipper.cli_report import run_doctor

    return run_doctor(_settings(vault=vault_root), fix=fix, prune=prune)


@cli.command("completion")
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion_command(shell: str) -> None:
    """Print the shell completion script (e.g. `clip completion bash >> ~/.bashrc`)."""
    from click.shell_completion import get_completion_class

    completion = get_completion_class(shell)(cli, {}, "clip", "_CLIP_COMPLETE")
    click.echo(completion.source())


def _short(url: str, limit: int = 100) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"


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
