"""`clip doctor`: what is wrong in a vault, and the repairs that are safe.

Examined: clipped notes whose embedded attachments are missing, attachments
that no note uses (only files named the way clipper names them,
`<32 hex>_MD5.<ext>`; anything else belongs to the user), clipped notes whose
properties or sections are broken, and state-database rows out of step with
the notes. Repairs never delete a file the user made: `--fix` re-syncs the
database and downloads missing attachments again when their address is
known; unused attachments are only listed, and deleted with `--prune`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from clipper.vault import STATE_FOLDER, VaultLayout

_EMBED = re.compile(r"!\[\[([^\]|#]+)(?:[|#][^\]]*)?\]\]|!\[[^\]]*\]\(<?([^)>\s]+)>?\)")
_CLIPPER_ATTACHMENT = re.compile(r"^[0-9a-f]{32}_MD5\.[a-z0-9]+$")


@dataclass
class DoctorReport:
    missing_attachments: list[tuple[str, str]] = field(default_factory=list)
    """(note path, attachment path) pairs, vault-relative."""
    unused_attachments: list[str] = field(default_factory=list)
    broken_notes: list[tuple[str, str]] = field(default_factory=list)
    rows_without_note: list[str] = field(default_factory=list)
    notes_without_row: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not (
            self.missing_attachments
            or self.unused_attachments
            or self.broken_notes
            or self.rows_without_note
            or self.notes_without_row
        )


def examine(layout: VaultLayout) -> DoctorReport:
    from clipper.note import read_note, texte_complet_of
    from clipper.scan import clipped_notes, markdown_files
    from clipper.state import StateDatabase

    report = DoctorReport()
    used: set[str] = set()
    clipped = dict(clipped_notes(layout))
    for path in markdown_files(layout.root):
        relative = path.relative_to(layout.root).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            if relative in clipped:
                report.broken_notes.append((relative, f"unreadable ({exc})"))
            continue
        embeds = _embedded_paths(text)
        used.update(embeds)
        if relative not in clipped:
            continue
        try:
            note = read_note(text)
            if texte_complet_of(note.body) is None:
                report.broken_notes.append((relative, "no « Texte complet : » section"))
        except ValueError as exc:
            report.broken_notes.append((relative, str(exc)))
        for embed in embeds:
            if embed.startswith(layout.attachments_folder + "/") and not (layout.root / embed).is_file():
                report.missing_attachments.append((relative, embed))
    report.unused_attachments = [
        f"{layout.attachments_folder}/{name}"
        for name in sorted(_attachment_names(layout))
        if f"{layout.attachments_folder}/{name}" not in used
    ]
    if (layout.root / STATE_FOLDER).is_dir():
        with StateDatabase(layout.root) as db:
            rows = {state.path for state in db.all()}
        report.rows_without_note = sorted(rows - set(clipped))
        report.notes_without_row = sorted(set(clipped) - rows)
    else:
        report.notes_without_row = sorted(clipped)
    return report


def repair(
    layout: VaultLayout,
    report: DoctorReport,
    *,
    prune: bool,
    download: Callable[[str], bytes] | None = None,
    hash_mode: str = "lip",
) -> list[str]:
    """Apply the safe repairs; return what was done, one line each."""
    from clipper.attachments import save_image
    from clipper.scan import sync_state
    from clipper.state import StateDatabase

    done: list[str] = []
    with StateDatabase(layout.root) as db:
        if report.rows_without_note or report.notes_without_row:
            sync_state(layout, db)
            done.append("state database re-synced with the notes")
        if download is not None and report.missing_attachments:
            addresses = db.image_addresses({name for _, name in report.missing_attachments})
            for name, url in addresses.items():
                try:
                    saved = save_image(
                        download(url), layout.attachments_dir, vault_root=layout.root, hash_mode=hash_mode
                    )
                except Exception as exc:  # noqa: BLE001 — one image's failure is reported, not fatal
                    done.append(f"could not fetch {name} again: {exc}")
                    continue
                done.append(f"fetched {name} again" + ("" if saved == name else f" (now {saved})"))
    if prune:
        for name in report.unused_attachments:
            try:
                (layout.root / name).unlink()
                done.append(f"removed unused {name}")
            except OSError as exc:
                done.append(f"could not remove {name}: {exc.strerror}")
    return done


def _embedded_paths(text: str) -> set[str]:
    found = set()
    for wiki, markdown in _EMBED.findall(text):
        target = (wiki or markdown).strip()
        if target and "://" not in target:
            found.add(target.replace("%20", " "))
    return found


def _attachment_names(layout: VaultLayout) -> list[str]:
    if not layout.attachments_dir.is_dir():
        return []
    return [name for name in os.listdir(layout.attachments_dir) if _CLIPPER_ATTACHMENT.match(name)]
