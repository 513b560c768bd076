"""What a person (or a cron log) sees of the longer commands: the re-harvest's
and the batch's progress and summary, a note's version history, the list of
clippings, the calendar export and the doctor's findings. Part of the command
line: uses rich on a terminal, plain lines elsewhere."""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from clipper import fetch, history
from clipper.acquire import embed_downloader
from clipper.batch import clip_batch
from clipper.errors import PARTIAL_FAILURE_EXIT, ExitCode, UsageError, VaultError
from clipper.note import NoteFile, texte_complet_of
from clipper.note_file import read_note_file
from clipper.state import StateDatabase
from clipper.urls import canonical_url
from clipper.vault import STATE_FOLDER, VaultLayout, replace_file

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from concurrent.futures import Executor

    from rich.progress import Progress, TaskID

    from clipper.batch import BatchEntry, BatchOptions, BatchResult
    from clipper.catalog import Clipping
    from clipper.config import Settings
    from clipper.doctor import DoctorReport
    from clipper.history import Version
    from clipper.pipeline import ClipOptions, ClipResult
    from clipper.reharvest import HarvestOptions, HarvestReport, NoteResult

_STATUS_ORDER = ("unchanged", "updated", "would-update", "gone", "collapsed", "skipped", "failed")
_NOTEWORTHY = frozenset({"updated", "would-update", "gone", "collapsed", "skipped", "failed"})
_PROBLEMS = frozenset({"collapsed", "skipped", "failed"})
"""Per-note lines that go to standard error (a cron log keeps both streams)."""


def report_harvest(
    layout: VaultLayout, options: HarvestOptions, *, quiet: bool, workers: Executor | None = None
) -> int:
    """Run the re-harvest (in `workers`, the extraction pool, when given), showing it; return the exit code."""
    interactive = sys.stderr.isatty() and not quiet
    run = _run_with_progress if interactive else _run_with_log
    report = run(layout, options, workers)
    counts = report.counts
    if interactive:
        _print_summary_table(counts)
    else:
        parts = [f"{counts.get(status, 0)} {status}" for status in _STATUS_ORDER if counts.get(status)]
        print(f"{_now()} summary: {report.checked} checked" + "".join(f", {p}" for p in parts), flush=True)
    if report.digest is not None:
        print(f"digest: {report.digest}", flush=True)
    if not report.checked:
        matching = f" matches --only {options.only!r}" if options.only else " to re-harvest"
        print(f"no clipped note{matching} in {layout.root}", file=sys.stderr)
    return PARTIAL_FAILURE_EXIT if report.failed else ExitCode.OK


def _run_with_log(layout: VaultLayout, options: HarvestOptions, workers: Executor | None) -> HarvestReport:

    def log(result: NoteResult) -> None:
        if result.status in _NOTEWORTHY:
            detail = f": {result.message}" if result.message else ""
            stream = sys.stderr if result.status in _PROBLEMS else sys.stdout
            print(f"{_now()} {result.status} {result.path} <{result.source}>{detail}", file=stream, flush=True)

    # deferred, as are the doctor, the calendar and the catalog: 12 ms of imports a clip does not use
    from clipper.reharvest import run

    return run(layout, options, on_result=log, workers=workers)


def _run_with_progress(layout: VaultLayout, options: HarvestOptions, workers: Executor | None) -> HarvestReport:
    # deferred: rich costs tens of ms and serves only a person watching a terminal
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.text import Text

    columns = (TextColumn("Re-harvest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task("notes", total=None)

        def started(total: int) -> None:
            progress.update(task, total=total)

        def finished(result: NoteResult) -> None:
            progress.advance(task)
            if result.status in _NOTEWORTHY:
                detail = f" — {result.message}" if result.message else ""
                # a Text, not markup: a path or a message holding "[old]" is printed as it is
                progress.console.print(
                    Text.assemble((result.status, "bold"), f" {result.path}{detail}"), highlight=False
                )

        from clipper.reharvest import run

        return run(layout, options, on_start=started, on_result=finished, workers=workers)


def _print_summary_table(counts: Mapping[str, int]) -> None:
    # deferred: rich costs tens of ms and serves only a person watching a terminal
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Re-harvest")
    for status in ("checked", *_STATUS_ORDER):
        table.add_column(status, justify="right")
    table.add_row(str(sum(counts.values())), *(str(counts.get(status, 0)) for status in _STATUS_ORDER))
    Console(stderr=True).print(table)


def clip_summary(result: ClipResult) -> str:
    """One line saying what a clip wrote: a new note, an update, or nothing."""
    kind = f"({result.extraction.kind}, extractor {result.extraction.extractor})"
    failed = f", {len(result.images_failed)} failed" if result.images_failed else ""
    if result.change == "unchanged":
        return f"unchanged: the existing note already holds this page {kind}"
    if result.change == "collapsed":
        return f"left the existing note as it was {kind}"
    action = "new note" if result.change == "created" else "updated the existing note"
    if result.extraction.kind == "pdf":
        return f"{action}: the PDF is attached as {next(iter(result.images.saved.values()), '?')} {kind}"
    if result.change == "created":
        return f"{action}: {result.images_saved} image(s) saved{failed or ', 0 failed'} {kind}"
    return f"{action}: {result.images_saved} new image(s) saved{failed} {kind}"


def report_batch(
    entries: Sequence[BatchEntry], options: ClipOptions, batch: BatchOptions, workers: Executor | None = None
) -> int:
    """Clip every entry (one failure never stops the others; in `workers`, the
    extraction pool, when given), showing it; returns the exit code."""

    interactive = sys.stderr.isatty()
    progress = _batch_progress(len(entries)) if interactive else None

    def finished(result: BatchResult) -> None:
        if result.status == "failed":
            _say(progress, f"failed  {result.entry.url}: {result.message}")
        elif result.clip is not None:
            _say(progress, f"{result.status} {result.clip.path}")
            if result.clip.notice:
                _say(progress, f"  hint: {result.clip.notice}")
        if progress is not None:
            progress[0].advance(progress[1])

    try:
        counts = clip_batch(entries, options, batch, on_result=finished, workers=workers)
    finally:
        if progress is not None:
            progress[0].stop()
    print(
        f"{len(entries)} page(s): {counts['created']} created, {counts['updated']} updated, "
        + (f"{counts['unchanged']} unchanged, " if counts["unchanged"] else "")
        + f"{counts['failed']} failed",
        file=sys.stderr,
    )
    return PARTIAL_FAILURE_EXIT if counts["failed"] else 0


def _batch_progress(total: int) -> tuple[Progress, TaskID]:
    # deferred: rich costs tens of ms and serves only a person watching a terminal
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    progress = Progress(TextColumn("Clipping"), BarColumn(), MofNCompleteColumn(), transient=True)
    progress.start()
    return progress, progress.add_task("pages", total=total)


def _say(progress: tuple[Progress, TaskID] | None, line: str) -> None:
    if progress is not None:
        progress[0].console.print(line, markup=False, highlight=False)
    else:
        print(line, flush=True)


def print_history(layout: VaultLayout, target: str, *, show: int | None, diff_number: int | None) -> None:
    """`clip history NOTE`: NOTE found as every command finds it (`catalog.find_note`)."""
    note, parsed, versions = _note_and_versions(layout, target)
    if show is None and diff_number is None:
        _print_versions(versions)
        return
    wanted = show if show is not None else diff_number
    version = next((v for v in versions if v.number == wanted), None)
    if version is None:
        raise UsageError(f"no version {wanted} (see 'clip history NOTE')", str(note))
    if show is not None:
        print(version.text(), end="" if version.text().endswith("\n") else "\n")
        return
    later = next((v for v in versions if v.number > version.number), None)
    newer, label = (
        (later.text(), f"version {later.number}") if later else (texte_complet_of(parsed.body) or "", "current note")
    )
    changes = history.diff(version.text(), newer, f"version {version.number}", label)
    print(changes or f"no difference between version {version.number} and the {label}\n", end="")


def _note_and_versions(layout: VaultLayout, target: str) -> tuple[Path, NoteFile, list[Version]]:
    """The note `target` names, read, and its earlier versions; UsageError if it is no clipper note."""
    from clipper.catalog import resolve_note, vault_root_of

    note = resolve_note(layout, target)
    root = vault_root_of(note, layout.root)
    try:
        parsed = read_note_file(note).note
    except VaultError as exc:
        raise UsageError(f"not a clipper note ({exc.message})", str(note)) from exc
    source = parsed.properties.get("source")
    if not source:
        raise UsageError("the note has no source property", str(note))
    versions = history.versions(root, canonical_url(str(source)))
    if not versions and (root / STATE_FOLDER).is_dir():  # its source edited since the last run
        versions = _versions_of_earlier_source(root, note)
    return note, parsed, versions


def _print_versions(versions: list[Version]) -> None:
    if not versions:
        print("No earlier version: Texte complet has not been replaced yet.")
        return
    for version in versions:
        kind = "your hand-edited text" if version.reason == "user" else "replaced by a harvest"
        print(f"{version.number:>4}  {version.saved_at}  {kind}")


def _versions_of_earlier_source(root: Path, note: Path) -> list[Version]:
    """The versions kept under the source the state database still knows for `note`
    (the user edited its `source`, no run has followed it yet). Reads only."""

    try:
        relative = note.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return []
    with StateDatabase(root, read_only=True) as db:
        state = db.get(relative)
    return history.versions(root, state.source) if state is not None else []


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def print_clippings(rows: Sequence[Clipping], *, as_json: bool) -> None:
    if as_json:
        print(json.dumps([row.to_dict() for row in rows], ensure_ascii=False, indent=2))
        return
    # deferred: rich costs tens of ms and serves only a person watching a terminal
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{len(rows)} clipping(s)")
    for column in ("date", "title", "kind", "host", "last harvest", "status"):
        table.add_column(column, overflow="fold")
    for row in rows:  # each cell a Text, not markup: a title holding "[draft]" or "[/b]" is shown as it is
        cells = (row.created or "", row.title, row.kind, row.host, row.last_harvest or "", row.status)
        table.add_row(*(Text(cell) for cell in cells))
    Console().print(table)


def write_calendar(target: str, output: str, settings: Settings) -> None:
    """The course note's schedule as an .ics file (`output`, or standard output for '-');
    the note found as every command finds it (`catalog.find_note`)."""

    from clipper.calendar import note_calendar
    from clipper.catalog import resolve_note, vault_root_of

    layout = settings.layout()
    note = resolve_note(layout, target)
    layout = replace(layout, root=vault_root_of(note, layout.root))
    ics = None if output == "-" else Path(output)
    if ics is not None and not ics.parent.is_dir():
        raise UsageError("the folder to write the calendar in does not exist", str(ics.parent))
    calendar = note_calendar(note, layout, timeout=settings.timeout, user_agent=settings.user_agent)
    if ics is None:
        sys.stdout.write(calendar.text)
        sys.stdout.flush()
        return
    replace_file(ics, calendar.text.encode("utf-8"))
    print(
        f"{ics}: {calendar.events} session(s)"
        + (f"; {calendar.undated} without a certain date left out" if calendar.undated else "")
    )


def run_doctor(settings: Settings, *, fix: bool, prune: bool) -> int:
    """Examine the vault (reading only), then, with --fix/--prune, repair it and
    examine it again: a fix is reported only when its problem is gone."""

    from clipper.doctor import examine

    layout = settings.layout()
    report = examine(layout)
    for line in report.findings():
        print(line)
    if not (fix or prune):
        if report.healthy:
            print("the vault is healthy")
            return ExitCode.OK
        print("run 'clip doctor --fix' to repair what is safe ('--prune' also deletes unused attachments)")
        return ExitCode.NO
    layout.check()
    failures = _repair(settings, report, fix=fix, prune=prune)
    after = examine(layout)
    remaining = set(after.findings())
    for line in report.findings():
        if line not in remaining:
            print(f"fixed: {line}")
    for line in failures:
        print(f"could not fix: {line}")
    for line in after.findings():
        print(f"not fixed: {line}" + _why_not_fixed(line, prune=prune))
    if after.healthy:
        print("the vault is healthy")
        return ExitCode.OK
    return ExitCode.PARTIAL


def _repair(settings: Settings, report: DoctorReport, *, fix: bool, prune: bool) -> list[str]:
    from clipper.doctor import repair

    if not (fix and report.missing_attachments):
        return repair(settings.layout(), report, prune=prune, hash_mode=settings.hash_mode)
    options = fetch.FetchOptions(timeout=settings.timeout, user_agent=settings.user_agent)
    with fetch.make_client(options) as client:
        download = embed_downloader(client, settings.timeout)
        return repair(settings.layout(), report, prune=prune, download=download, hash_mode=settings.hash_mode)


def _why_not_fixed(finding: str, *, prune: bool) -> str:
    if finding.startswith("unused attachment:") and not prune:
        return " (--prune deletes it)"
    if finding.startswith("broken note:"):
        return " (edit the note by hand)"
    return ""
