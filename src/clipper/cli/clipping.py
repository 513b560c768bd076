"""`clip [save] URL…` and `clip extract`: clipping pages, and showing what clipper reads in one."""

from __future__ import annotations

import datetime as dt
import sys

import click

from clipper.cli.app import DEFAULT_COMMAND, VAULT_OPTION, cli, parse_date, read_avis, settings_from


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
    "--date", "harvest_date", metavar="YYYY-MM-DD", callback=parse_date, help="The harvest date (default: today)."
)
@VAULT_OPTION
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
@click.option(
    "--jobs", type=click.IntRange(1, 64), default=8, show_default=True, help="Several pages: how many at once."
)
@click.option(
    "--per-host", type=click.IntRange(1, 16), default=None, help="Several pages: at once from one host (default 2)."
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=0.2,
    show_default=True,
    help="Several pages: seconds between two requests to one host.",
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
    jobs: int,
    per_host: int | None,
    delay: float,
) -> int:
    """Clip URL (http(s) address or saved .html file) into a note; several URLs, --from FILE
    or URLs on standard input clip them all."""
    from clipper.batch import BatchEntry, parse_batch
    from clipper.pipeline import ClipOptions

    settings = settings_from(vault=vault_root, hash_mode=hash_mode, timeout=timeout, per_host=per_host)
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
        avis=read_avis(avis),
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
    from clipper.batch import BatchOptions
    from clipper.cli_report import report_batch

    return report_batch(entries, options, BatchOptions(jobs=jobs, per_host=settings.per_host, delay=delay))


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

    from clipper import fetch
    from clipper.acquire import Request, acquire

    settings = settings_from(timeout=timeout)
    request = Request(timeout=settings.timeout, source_url=source_url, user_agent=settings.user_agent)
    with fetch.make_client(fetch.FetchOptions(timeout=settings.timeout, user_agent=settings.user_agent)) as client:
        extraction = acquire(url, client, request).extraction
    assert extraction is not None  # no validators were sent: never a 304
    if output_format == "json":
        click.echo(json.dumps(extraction.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(extraction.markdown if output_format == "markdown" else extraction.text)


def _short(url: str, limit: int = 100) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"
