"""The vault scan: which notes clipper made, and the state database kept in
step with them. The state layer's view of the vault, shared by the clip, the
re-harvest, the catalog and the doctor.

    markdown_files(root)       every note file, in a stable order
    clipped_notes(layout)      (path, source) of every note clipper made
    synced_paths(layout, db)   their paths, once the database has a row for each
    sync_state(layout, db)     their rows

A note is clipper's when its properties carry `source` and `extractor`. A row
the database lacks is rebuilt from the note (its source, the hash of its Texte
complet, `source_gone`); a row whose note is gone is forgotten.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from clipper.state import NoteState, StateDatabase
from clipper.vault import VaultLayout

SKIPPED_FOLDERS = frozenset({".clipper", ".obsidian", ".trash", ".git"})
STATE_BATCH = 200
"""Rebuilt rows written this many at a time."""
STATE_CHUNK = 500
"""State rows read from the database at a time."""


def states(db: StateDatabase, paths: list[str]) -> Iterator[NoteState]:
    """The state rows of `paths`, read `STATE_CHUNK` at a time."""
    for start in range(0, len(paths), STATE_CHUNK):
        yield from db.get_many(paths[start : start + STATE_CHUNK])


def markdown_files(root: Path) -> Iterator[Path]:
    """Every `.md` file of the vault, in a stable order, outside clipper's,
    Obsidian's and hidden folders."""
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if not _skipped_folder(name))
        for name in sorted(files):
            if name.endswith(".md"):
                yield Path(folder) / name


def _skipped_folder(name: str) -> bool:
    """Folders no note of the vault is looked for in: clipper's, Obsidian's and
    every hidden one, which Obsidian does not show either (`.venv`, `.git`…)."""
    return name.startswith(".") or name in SKIPPED_FOLDERS


def clipped_notes(layout: VaultLayout) -> Iterator[tuple[str, str]]:
    """(vault-relative path, source) of every note clipper made, by its properties."""
    for path in markdown_files(layout.root):
        source = clipped_source(path)
        if source:
            yield path.relative_to(layout.root).as_posix(), source


def sync_state(layout: VaultLayout, db: StateDatabase) -> list[NoteState]:
    """The state of every clipped note, rebuilding rows the database lacks (or
    all of them, if it was deleted) from the notes themselves."""
    return list(states(db, synced_paths(layout, db)))


def synced_paths(layout: VaultLayout, db: StateDatabase) -> list[str]:
    """The vault-relative path of every clipped note, in vault order, once the
    database has a row for each (rebuilt from the note when missing) and none
    for notes that are gone. Holds paths only, not rows. A row made before the
    address was kept learns it from its note's `source`."""
    known = db.paths()
    without_address = db.paths_without_address()
    current: list[str] = []
    rebuilt: list[NoteState] = []
    addresses: list[tuple[str, dict[str, str | None]]] = []
    for path, source in clipped_notes(layout):
        if path in known:
            known.discard(path)
            if path in without_address:
                addresses.append((path, {"address": source}))
        else:
            row = _rebuilt_row(layout, path, source)
            if row is None:
                continue
            rebuilt.append(row)
            if len(rebuilt) >= STATE_BATCH:
                db.put_many(rebuilt)
                rebuilt = []
        current.append(path)
    db.put_many(rebuilt)
    if addresses:
        db.update_many(addresses)
    db.forget_many(known)
    return current


def _rebuilt_row(layout: VaultLayout, path: str, source: str) -> NoteState | None:
    """The state row of a note the database lacks, read from the note; None when
    the note cannot be read as a note (the doctor reports it)."""
    # imported only when a row is missing (note pulls in lxml and YAML)
    from clipper.note import read_note, texte_complet_of
    from clipper.refresh import texte_hash
    from clipper.urls import canonical_url

    try:
        note = read_note((layout.root / path).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    gone = note.properties.get("source_gone")
    return NoteState(
        path=path,
        source=canonical_url(source),
        content_hash=texte_hash(texte_complet_of(note.body)),
        gone_since=str(gone) if gone else None,
        address=source,
        rendered=note.properties.get("rendered") is True,
    )


def clipped_source(path: Path) -> str | None:
    """The note's `source` when its properties say clipper made it (`source` and
    `extractor`): a web address, or the `file:` URI of a page saved on disk that
    was clipped without `--source`. A malformed address (a port that is no
    number) is no clipping's."""
    try:
        with path.open("rb") as stream:
            head = stream.read(16384)
    except OSError:
        return None
    if not head.startswith(b"---\n"):
        return None
    end = head.find(b"\n---", 3)
    front = head[: end if end != -1 else len(head)].decode("utf-8", errors="replace")
    source = extractor = None
    for line in front.splitlines():
        if line.startswith("source:"):
            source = line[7:].strip().strip("'\"")
        elif line.startswith("extractor:"):
            extractor = line[10:].strip()
    if not (source and extractor and source.startswith(("http://", "https://", "file://"))):
        return None
    try:
        urlsplit(source).port  # noqa: B018 — raises on a malformed address
    except ValueError:
        return None
    return source
