"""`clip [save] URL…` and `clip extract`: clipping pages, and showing what clipper reads in one."""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import TYPE_CHECKING, TextIO

import click

from clipper.cli.app import (
    DEFAULT_COMMAND,
    TIMEOUT,
    VAULT_OPTION,
    cli,
    engine_options,
    parse_date,
    read_avis,
    settings_from,
)

if TYPE_CHECKING:
    from clipper.batch import BatchEntry
    from clipper.pipeline import ClipOptions

RENDER_OPTION = click.option(
    "--render",
    type=click.Choice(["auto", "always", "never"]),
    default=None,
    help="Run the page's scripts in headless Chromium first: auto (when it looks built by JavaScript), always, never.",
)


@cli.command(DEFAULT_COMMAND, short_help="Clip pages into notes (the default: clip URL is clip save URL).")
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
    default=None,
    help="Language of the note's fixed lines (Date de récolte… or Harvest date…); default: the language setting, fr.",
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
    type=TIMEOUT,
    default=None,
    help="Seconds allowed for fetching the page (default 30).",
)
@click.option(
    "--force", is_flag=True, help="Write the note even when the server answers with an error page (4xx, 5xx)."
)
@engine_options("Several pages: pages fetched")
@RENDER_OPTION
def save(
    urls: tuple[str, ...],
    avis: tuple[str, ...],
    titre: str | None,
    harvest_date: dt.date | None,
    vault_root: str | None,
    tags: tuple[str, ...],
    source_url: str | None,
    from_file: TextIO | None,
    language: str | None,
    open_note: bool,
    print_uri: bool,
    hash_mode: str | None,
    timeout: float | None,
    force: bool,
    jobs: int,
    per_host: int | None,
    delay: float,
    render: str | None,
) -> int:
    """Clip URL (an http(s) address, or a saved .html or .pdf file) into a note; several URLs,
    --from FILE or URLs on standard input clip them all."""
    # deferred: `clip --help` loads only the command table; each command imports what it runs
    from contextlib import nullcontext

    from clipper.engine import extraction_pool, freeze_the_imports

    # a list's workers first: they import what they run while this process imports the rest
    with extraction_pool() if from_file is not None or len(urls) > 1 else nullcontext() as workers:
        from clipper.batch import BatchEntry, parse_batch
        from clipper.pipeline import ClipOptions

        settings = settings_from(
            vault=vault_root, hash_mode=hash_mode, timeout=timeout, per_host=per_host, render=render
        )
        entries = [BatchEntry(url) for url in urls]
        if from_file is not None:
            entries += parse_batch(from_file)
        elif not entries and "-" not in avis and not sys.stdin.isatty():
            entries = parse_batch(sys.stdin)
        if from_file is not None and not entries:
            raise click.UsageError(f"no address in {from_file.name}: one a line (# starts a comment)")
        if from_file is not None and _is_standard_input(from_file) and "-" in avis:
            raise click.UsageError("--from - and --avis - both read standard input: give one of them")
        _check_targets(urls, entries, titre=titre, source_url=source_url, open_note=open_note, print_uri=print_uri)
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
            language=language or settings.language,
            link_style=settings.link_style,
            user_agent=settings.user_agent,
            render=settings.render,
            browser=settings.browser,
        )
        if len(entries) == 1 and from_file is None:
            return _clip_one(entries[0].url, options, open_note=open_note, print_uri=print_uri, tags_given=bool(tags))
        from clipper.batch import BatchOptions
        from clipper.cli_report import report_batch

        freeze_the_imports()

        return report_batch(entries, options, BatchOptions(jobs=jobs, per_host=settings.per_host, delay=delay), workers)


def _is_standard_input(stream: TextIO) -> bool:
    """Whether `--from -` gave this stream (click wraps the process's standard input)."""
    return stream is sys.stdin or getattr(stream, "name", None) == "<stdin>"


def _check_targets(
    urls: tuple[str, ...],
    entries: list[BatchEntry],
    *,
    titre: str | None,
    source_url: str | None,
    open_note: bool,
    print_uri: bool,
) -> None:
    """Usage errors found before anything is fetched, with a hint for the usual slips."""
    # deferred: `clip --help` loads only the command table; each command imports what it runs
    from clipper.urls import scheme_of

    if not entries:
        raise click.UsageError("give a URL, --from FILE, or URLs on standard input")
    for url in urls:
        if url in cli.commands and not os.path.exists(url):
            raise click.UsageError(f"{url!r} is a command: give it first, then its options (clip {url} --vault DIR)")
    if open_note and print_uri:
        raise click.UsageError("--open opens the note, --print-uri prints its URI: give one of them")
    single = len(entries) == 1
    for option, given in (
        ("--titre", titre),
        ("--source", source_url),
        ("--open", open_note),
        ("--print-uri", print_uri),
    ):
        if given and not single:
            raise click.UsageError(f"{option} is about one note: give it with a single URL")
    if source_url and scheme_of(entries[0].url) in ("http", "https"):
        raise click.UsageError("--source is the address a saved file came from: give it with the file, not a URL")


def _clip_one(url: str, options: ClipOptions, *, open_note: bool, print_uri: bool, tags_given: bool = False) -> int:
    # deferred: `clip --help` loads only the command table; each command imports what it runs
    from clipper.cli_report import clip_summary
    from clipper.errors import ExitCode, OpenError
    from clipper.pipeline import clip

    result = clip(url, options)
    click.echo(str(result.path))
    if result.status is not None and result.status >= 400:
        click.echo(f"warning: the server answered HTTP {result.status}; note written anyway (--force)", err=True)
    click.echo(clip_summary(result), err=True)
    for image in result.images_failed:
        click.echo(f"  image failed: {_short(image.url)}: {image.error}", err=True)
    if result.message:
        click.echo(f"note: {result.message}", err=True)
    if result.notice:
        click.echo(f"hint: {result.notice}", err=True)
    kept = [option for option, given in (("--titre", options.titre), ("--tag", tags_given)) if given]
    if result.updated and kept:  # the note's title and tags are the user's to edit
        click.echo(
            f"hint: {' and '.join(kept)} name a new note; this one keeps its own (edit its properties)", err=True
        )
    if open_note or print_uri:
        # deferred: `clip --help` loads only the command table; each command imports what it runs
        from clipper.obsidian import obsidian_uri, open_uri

        uri = obsidian_uri(options.vault.root, result.path)
        if print_uri:
            click.echo(uri)
            return ExitCode.OK
        try:
            open_uri(uri)
        except OpenError as error:  # the note is written: say so, and that opening it failed
            click.echo(f"clip: error: {error} (the note is written: {result.path})", err=True)
            return error.exit_code
    return ExitCode.OK


@cli.command("extract", short_help="Print what clipper reads in a page or a PDF.")
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
    type=TIMEOUT,
    default=None,
    help="Seconds allowed for fetching the page (default 30).",
)
@VAULT_OPTION
@RENDER_OPTION
def extract_command(
    url: str,
    output_format: str,
    source_url: str | None,
    timeout: float | None,
    vault_root: str | None,
    render: str | None,
) -> None:
    """Print what clipper reads in URL, a web page or a PDF (nothing is written; --vault only says
    whose settings apply)."""
    # deferred: `clip --help` loads only the command table; each command imports what it runs
    import json

    # deferred: `clip --help` loads only the command table; each command imports what it runs
    from clipper import fetch
    from clipper.acquire import Request, acquire
    from clipper.render import RenderOptions
    from clipper.render_policy import Rendering, renderer_for

    settings = settings_from(vault=vault_root, timeout=timeout, render=render)
    request = Request(timeout=settings.timeout, source_url=source_url, user_agent=settings.user_agent)
    render_options = RenderOptions(settings.browser, settings.timeout, settings.user_agent)
    with (
        fetch.make_client(fetch.FetchOptions(timeout=settings.timeout, user_agent=settings.user_agent)) as client,
        renderer_for(settings.render, render_options) as renderer,
    ):
        acquired = acquire(url, client, request, rendering=Rendering(settings.render, renderer))
    extraction = acquired.extraction
    assert extraction is not None  # no validators were sent: never a 304
    if acquired.notice:
        click.echo(f"hint: {acquired.notice}", err=True)
    if output_format == "json":
        click.echo(json.dumps(extraction.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(extraction.markdown if output_format == "markdown" else extraction.text)


def _short(url: str, limit: int = 100) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"
