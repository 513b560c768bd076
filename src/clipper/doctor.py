"""`clip doctor`: what is wrong in a vault, and the repairs that are safe.

Examined: clipped notes whose embedded attachments are missing, attachments
that no note or canvas names in any way (only files named the way clipper names
them, `<32 hex>_MD5.<ext>`; anything else belongs to the user), clipped notes whose
properties or sections are broken, and state-database rows out of step with
the notes. Repairs never delete a file the user made: `--fix` re-syncs the
database and downloads missing attachments again when their address is
known; unused attachments are only listed, and deleted with `--prune`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from clipper.attachments import save_image
from clipper.errors import StateDamagedError
from clipper.note import read_note, texte_complet_of
from clipper.scan import clipped_notes, markdown_files, sync_state, unusable_source, vault_files
from clipper.state import StateDatabase, set_aside_damaged_database
from clipper.vault import STATE_FOLDER, VaultLayout, decode_note

_EMBED = re.compile(r"!\[\[([^\]|#]+)(?:[|#][^\]]*)?\]\]|!\[[^\]]*\]\(<?([^)>\s]+)>?\)")
_CLIPPER_ATTACHMENT = re.compile(r"^[0-9a-f]{32}_MD5\.[a-z0-9]+$")
_ATTACHMENT_NAME = re.compile(r"[0-9a-f]{32}_MD5\.[a-z0-9]+")


@dataclass
class DoctorReport:
    missing_attachments: list[tuple[str, str]] = field(default_factory=list)
    """(note path, attachment path) pairs, vault-relative."""
    unused_attachments: list[str] = field(default_factory=list)
    broken_notes: list[tuple[str, str]] = field(default_factory=list)
    rows_without_note: list[str] = field(default_factory=list)
    notes_without_row: list[str] = field(default_factory=list)
    damaged_database: str | None = None
    """Why the state database cannot be read (not a database…); None when it can."""

    @property
    def healthy(self) -> bool:
        return not self.findings()

    def findings(self) -> list[str]:
        """Each problem found, one line each, the same words from one run to the next
        (so a repair is known to have held when its line is gone)."""
        damaged = (
            [
                f"state database: damaged ({self.damaged_database}): --fix sets it aside"
                f" ({STATE_FOLDER}/state.sqlite3.damaged-<time>) and rebuilds it from the notes"
            ]
            if self.damaged_database
            else []
        )
        return [
            *damaged,
            *(f"missing attachment: {name} (in {note})" for note, name in self.missing_attachments),
            *(f"unused attachment: {name}" for name in self.unused_attachments),
            *(f"broken note: {note}: {reason}" for note, reason in self.broken_notes),
            *(f"state database: row for a note that is gone: {path}" for path in self.rows_without_note),
            *(f"state database: no row for {path}" for path in self.notes_without_row),
        ]


def examine(layout: VaultLayout) -> DoctorReport:
    """What is wrong in the vault. Reads only: no file is created or changed."""

    layout.check_readable()
    report = DoctorReport()
    used: set[str] = set()
    named: set[str] | None = _attachments_named_in_canvases(layout)
    clipped = dict(clipped_notes(layout))
    for path in markdown_files(layout.root):
        relative = path.relative_to(layout.root).as_posix()
        try:
            text = decode_note(path.read_bytes())[0]
        except OSError as exc:
            if relative in clipped:
                report.broken_notes.append((relative, _one_line(f"unreadable ({exc})")))
            named = None  # what it names is unknown: no attachment is called unused
            continue
        embeds = _embedded_paths(text)
        used.update(embeds)
        if named is not None:
            named.update(_ATTACHMENT_NAME.findall(text))
        if relative in clipped:
            _examine_note(layout, relative, text, embeds, report)
        elif (reason := unusable_source(path)) is not None:
            report.broken_notes.append((relative, _one_line(reason)))
    # an attachment any note or canvas names, however it links it (`![[name]]` by the
    # shortest path, `../attachments/name`, `<img src>`), is in use: --prune never deletes it
    report.unused_attachments = [
        f"{layout.attachments_folder}/{name}"
        for name in sorted(_attachment_names(layout))
        if named is not None and f"{layout.attachments_folder}/{name}" not in used and name not in named
    ]
    try:
        with StateDatabase(layout.root, read_only=True) as db:
            rows = db.paths()
    except StateDamagedError as exc:
        report.damaged_database = str(exc.__cause__ or exc)
        return report
    broken = {note for note, _ in report.broken_notes}  # reported as broken: no row can be made for them
    report.rows_without_note = sorted(rows - set(clipped))
    report.notes_without_row = sorted(set(clipped) - rows - broken)
    return report


def _examine_note(layout: VaultLayout, relative: str, text: str, embeds: set[str], report: DoctorReport) -> None:

    try:
        note = read_note(text)
        if texte_complet_of(note.body) is None:
            report.broken_notes.append((relative, "no « Texte complet : » section"))
    except ValueError as exc:
        report.broken_notes.append((relative, _one_line(str(exc))))
    for embed in sorted(embeds):
        if embed.startswith(layout.attachments_folder + "/") and not (layout.root / embed).is_file():
            report.missing_attachments.append((relative, embed))


def repair(
    layout: VaultLayout,
    report: DoctorReport,
    *,
    prune: bool,
    download: Callable[[str], bytes] | None = None,
    hash_mode: str = "lip",
) -> list[str]:
    """Apply the safe repairs; return what could not be done, one line each.
    Whether a repair held is for a new `examine` to say."""
    failures: list[str] = []
    if report.damaged_database:
        set_aside_damaged_database(layout.root, dt.datetime.now())
        with StateDatabase(layout.root) as db:
            sync_state(layout, db)
    if report.rows_without_note or report.notes_without_row or (download and report.missing_attachments):
        failures += _repair_state_and_attachments(layout, report, download, hash_mode)
    if prune:
        for name in report.unused_attachments:
            try:
                (layout.root / name).unlink()
            except OSError as exc:
                failures.append(f"could not remove {name}: {exc.strerror}")
    return failures


def _repair_state_and_attachments(
    layout: VaultLayout, report: DoctorReport, download: Callable[[str], bytes] | None, hash_mode: str
) -> list[str]:

    failures: list[str] = []
    with StateDatabase(layout.root) as db:
        if report.rows_without_note or report.notes_without_row:
            sync_state(layout, db)
        if download is None or not report.missing_attachments:
            return failures
        wanted = {name for _, name in report.missing_attachments}
        addresses = db.image_addresses(wanted)
        failures += [f"no address known to fetch {name} again" for name in sorted(wanted - set(addresses))]
        for name, url in addresses.items():
            try:
                saved = save_image(download(url), layout.attachments_dir, vault_root=layout.root, hash_mode=hash_mode)
            except Exception as exc:  # noqa: BLE001 — one image's failure is reported, not fatal
                failures.append(_one_line(f"could not fetch {name} again: {exc}"))
                continue
            if saved != name:
                failures.append(f"fetched {name} again, but its content now has another name: {saved}")
    return failures


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _embedded_paths(text: str) -> set[str]:
    found = set()
    for wiki, markdown in _EMBED.findall(text):
        target = (wiki or markdown).strip()
        if target and "://" not in target:
            found.add(target.replace("%20", " "))
    return found


def _attachments_named_in_canvases(layout: VaultLayout) -> set[str] | None:
    """The attachment names the vault's canvases mention; None if one cannot be read."""
    named: set[str] = set()
    for path in vault_files(layout.root, (".canvas",)):
        try:
            named.update(_ATTACHMENT_NAME.findall(path.read_bytes().decode("utf-8", "replace")))
        except OSError:
            return None
    return named


def _attachment_names(layout: VaultLayout) -> list[str]:
    if not layout.attachments_dir.is_dir():
        return []
    return [name for name in os.listdir(layout.attachments_dir) if _CLIPPER_ATTACHMENT.match(name)]
