"""What a person (or a cron log) sees of the longer commands: the re-harvest's
and the batch's progress and summary, a note's version history, the list of
clippings, the calendar export and the doctor's findings. Part of the command
line: uses rich on a terminal, plain lines elsewhere."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from clipper.errors import PARTIAL_FAILURE_EXIT, UsageError
from clipper.vault import STATE_FOLDER, VaultLayout

if TYPE_CHECKING:
    from collections.abc import Sequence

    from clipper.batch import BatchEntry, BatchOptions, BatchResult
    from clipper.config import Settings
    from clipper.pipeline import ClipOptions

_STATUS_ORDER = ("unchanged", "updated", "would-update", "gone", "collapsed", "failed")
_NOTEWORTHY = frozenset({"updated", "would-update", "gone", "collapsed", "failed"})


def report_harvest(layout: VaultLayout, options, *, quiet: bool) -> int:
    """Run the re-harvest, showing it; return the exit code."""
    interactive = sys.stderr.isatty() and not quiet
    report = _run_with_progress(layout, options) if interactive else _run_with_log(layout, options)
    counts = report.counts
    if interactive:
        _print_summary_table(counts)
    else:
        parts = [f"{counts.get(status, 0)} {status}" for status in _STATUS_ORDER if counts.get(status)]
        print(f"{_now()} summary: {report.checked} checked" + "".join(f", {p}" for p in parts), flush=True)
    if report.digest is not None:
        print(f"digest: {report.digest}", flush=True)
    return PARTIAL_FAILURE_EXIT if report.failed else 0


def _run_with_log(layout: VaultLayout, options):
    from clipper.reharvest import run

    def log(result) -> None:
        if result.status in _NOTEWORTHY:
            detail = f": {result.message}" if result.message else ""
            print(f"{_now()} {result.status} {result.path} <{result.source}>{detail}", flush=True)

    return run(layout, options, on_result=log)


def _run_with_progress(layout: VaultLayout, options):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from clipper.reharvest import run

    columns = (TextColumn("Re-harvest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task("notes", total=None)

        def started(total: int) -> None:
            progress.update(task, total=total)

        def finished(result) -> None:
            progress.advance(task)
            if result.status in _NOTEWORTHY:
                progress.console.print(
                    f"[bold]{result.status}[/] {result.path}" + (f" — {result.message}" if result.message else ""),
                    markup=True,
                    highlight=False,
                )

        return run(layout, options, on_start=started, on_result=finished)


def _print_summary_table(counts) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Re-harvest")
    for status in ("checked", *_STATUS_ORDER):
        table.add_column(status, justify="right")
    table.add_row(str(sum(counts.values())), *(str(counts.get(status, 0)) for status in _STATUS_ORDER))
    Console(stderr=True).print(table)


def report_batch(entries: Sequence[BatchEntry], options: ClipOptions, batch: BatchOptions) -> int:
    """Clip every entry (one failure never stops the others), showing it; returns the exit code."""
    from clipper.batch import clip_batch

    interactive = sys.stderr.isatty()
    progress = _batch_progress(len(entries)) if interactive else None

    def finished(result: BatchResult) -> None:
        if result.status == "failed":
            _say(progress, f"failed  {result.entry.url}: {result.message}")
        elif result.clip is not None:
            _say(progress, f"{result.status} {result.clip.path}")
        if progress is not None:
            progress[0].advance(progress[1])

    try:
        counts = clip_batch(entries, options, batch, on_result=finished)
    finally:
        if progress is not None:
            progress[0].stop()
    print(
        f"{len(entries)} page(s): {counts['created']} created, {counts['updated']} updated, {counts['failed']} failed",
        file=sys.stderr,
    )
    return PARTIAL_FAILURE_EXIT if counts["failed"] else 0


def _batch_progress(total: int):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    progress = Progress(TextColumn("Clipping"), BarColumn(), MofNCompleteColumn(), transient=True)
    progress.start()
    return progress, progress.add_task("pages", total=total)


def _say(progress, line: str) -> None:
    if progress is not None:
        progress[0].console.print(line, markup=False, highlight=False)
    else:
        print(line, flush=True)


def print_history(
    note: Path, vault_root: Path, *, show: int | None, diff_number: int | None, vault_given: bool = False
) -> None:
    from clipper import history
    from clipper.note import read_note, texte_complet_of
    from clipper.urls import canonical_url

    root = vault_root if vault_given else (_vault_root_of(note) or vault_root)
    try:
        parsed = read_note(note.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise UsageError(f"not a clipper note ({exc})", str(note)) from exc
    source = parsed.properties.get("source")
    if not source:
        raise UsageError("the note has no source property", str(note))
    versions = history.versions(root, canonical_url(str(source)))
    if show is not None or diff_number is not None:
        wanted = show if show is not None else diff_number
        version = next((v for v in versions if v.number == wanted), None)
        if version is None:
            raise UsageError(f"no version {wanted} (see 'clip history NOTE')", str(note))
        if show is not None:
            print(version.text())
            return
        later = next((v for v in versions if v.number > version.number), None)
        newer, label = (
            (later.text(), f"version {later.number}")
            if later
            else (texte_complet_of(parsed.body) or "", "current note")
        )
        print(history.diff(version.text(), newer, f"version {version.number}", label), end="")
        return
    if not versions:
        print("No earlier version: Texte complet has not been replaced yet.")
        return
    for version in versions:
        kind = "your hand-edited text" if version.reason == "user" else "replaced by a harvest"
        print(f"{version.number:>4}  {version.saved_at}  {kind}")


def _vault_root_of(note: Path) -> Path | None:
    for folder in note.resolve().parents:
        if (folder / STATE_FOLDER).is_dir():
            return folder
    return None


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def print_clippings(rows, *, as_json: bool) -> None:
    if as_json:
        import json

        print(json.dumps([row.to_dict() for row in rows], ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(rows)} clipping(s)")
    for column in ("date", "title", "kind", "host", "last harvest", "status"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(row.created or "", row.title, row.kind, row.host, row.last_harvest or "", row.status)
    Console().print(table)


def write_calendar(note: Path, output: str, settings: Settings, *, vault_given: bool = False) -> None:
    """The course note's schedule as an .ics file (`output`, or standard output for '-')."""
    from clipper.calendar import note_calendar
    from clipper.vault import replace_file

    layout = settings.layout()
    if not vault_given:
        root = _vault_root_of(note)
        if root is not None:
            layout = replace(layout, root=root)
    target = None if output == "-" else Path(output)
    if target is not None and not target.parent.is_dir():
        raise UsageError("the folder to write the calendar in does not exist", str(target.parent))
    calendar = note_calendar(note, layout, timeout=settings.timeout, user_agent=settings.user_agent)
    if target is None:
        sys.stdout.write(calendar.text)
        sys.stdout.flush()
        return
    replace_file(target, calendar.text.encode("utf-8"))
    print(
        f"{target}: {calendar.events} session(s)"
        + (f"; {calendar.undated} without a certain date left out" if calendar.undated else "")
    )


def run_doctor(settings, *, fix: bool, prune: bool) -> int:
    from clipper import fetch
    from clipper.acquire import embed_downloader
    from clipper.doctor import examine, repair

    layout = settings.layout()
    layout.check()
    report = examine(layout)
    for note, name in report.missing_attachments:
        print(f"missing attachment: {name} (in {note})")
    for name in report.unused_attachments:
        print(f"unused attachment: {name}")
    for note, reason in report.broken_notes:
        print(f"broken note: {note}: {reason}")
    for path in report.rows_without_note:
        print(f"state database: row for a note that is gone: {path}")
    for path in report.notes_without_row:
        print(f"state database: no row for {path}")
    if fix or prune:
        options = fetch.FetchOptions(timeout=settings.timeout, user_agent=settings.user_agent)
        with fetch.make_client(options) as client:
            download = embed_downloader(client, settings.timeout)

            for line in repair(
                layout, report, prune=prune, download=download if fix else None, hash_mode=settings.hash_mode
            ):
                print(f"fixed: {line}")
    elif not report.healthy:
        print("run 'clip doctor --fix' to repair what is safe ('--prune' also deletes unused attachments)")
    if report.healthy:
        print("the vault is healthy")
    return 0 if report.healthy or fix or prune else 1
