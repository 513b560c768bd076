"""What a person (or a cron log) sees of the longer commands: the re-harvest's
progress and summary, and a note's version history. Part of the command
line: uses rich on a terminal, plain lines elsewhere."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from clipper.errors import PARTIAL_FAILURE_EXIT, UsageError
from clipper.reharvest import HarvestOptions, NoteResult, run
from clipper.vault import STATE_FOLDER, VaultLayout

_STATUS_ORDER = ("unchanged", "updated", "would-update", "gone", "collapsed", "failed")
_NOTEWORTHY = frozenset({"updated", "would-update", "gone", "collapsed", "failed"})


def report_harvest(layout: VaultLayout, options: HarvestOptions, *, quiet: bool) -> int:
    """Run the re-harvest, showing it; return the exit code."""
    interactive = sys.stderr.isatty() and not quiet
    report = _run_with_progress(layout, options) if interactive else _run_with_log(layout, options)
    counts = report.counts()
    if interactive:
        _print_summary_table(counts, report.failed)
    else:
        parts = [f"{counts.get(status, 0)} {status}" for status in _STATUS_ORDER if counts.get(status)]
        print(f"{_now()} summary: {len(report.results)} checked" + "".join(f", {p}" for p in parts),
              flush=True)
    return PARTIAL_FAILURE_EXIT if report.failed else 0


def _run_with_log(layout: VaultLayout, options: HarvestOptions):
    def log(result: NoteResult) -> None:
        if result.status in _NOTEWORTHY:
            detail = f": {result.message}" if result.message else ""
            print(f"{_now()} {result.status} {result.path} <{result.source}>{detail}", flush=True)

    return run(layout, options, on_result=log)


def _run_with_progress(layout: VaultLayout, options: HarvestOptions):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("Re-harvest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task("notes", total=None)

        def started(total: int) -> None:
            progress.update(task, total=total)

        def finished(result: NoteResult) -> None:
            progress.advance(task)
            if result.status in _NOTEWORTHY:
                progress.console.print(f"[bold]{result.status}[/] {result.path}"
                                       + (f" — {result.message}" if result.message else ""),
                                       markup=True, highlight=False)

        return run(layout, options, on_start=started, on_result=finished)


def _print_summary_table(counts, failed: list[NoteResult]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Re-harvest")
    for status in ("checked", *_STATUS_ORDER):
        table.add_column(status, justify="right")
    table.add_row(str(sum(counts.values())), *(str(counts.get(status, 0)) for status in _STATUS_ORDER))
    Console(stderr=True).print(table)


def print_history(note: Path, vault_root: Path | None, *, show: int | None, diff_number: int | None) -> None:
    from clipper import history
    from clipper.note import read_note, texte_complet_of
    from clipper.urls import canonical_url

    root = _vault_root_of(note) or vault_root
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
        newer, label = (later.text(), f"version {later.number}") if later else \
            (texte_complet_of(parsed.body) or "", "current note")
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
