"""The vault scan: which notes clipper made, and the state database kept in
step with them. The state layer's view of the vault, shared by the clip, the
re-harvest, the catalog and the doctor.

    markdown_files(root)       every note file, in a stable order
    clipped_notes(layout)      (path, source) of every note clipper made
    synced_paths(layout, db)   their paths, once the database has a row for each
    sync_state(layout, db)     their rows

A note is clipper's when its properties carry `source` and `extractor`,
whatever its encoding, BOM or line ends. The note is the truth and the
database an index: a note moved or renamed takes its row along, a note whose
`source` was edited has its row and history follow, a row the database lacks
is rebuilt from the note (its source, the hash of its Texte complet,
`source_gone`); a row whose note is gone is forgotten.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from clipper import history
from clipper.errors import VaultError
from clipper.note import texte_complet_of
from clipper.note_file import read_note_file, texte_hash
from clipper.state import NoteState, StateDatabase
from clipper.urls import canonical_url
from clipper.vault import VaultLayout, clipped_source_in, source_and_extractor_in

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
    return vault_files(root, (".md",))


def vault_files(root: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    """Every file of the vault whose name ends with one of `suffixes`, as `markdown_files`."""
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if not _skipped_folder(name))
        for name in sorted(files):
            if name.endswith(suffixes):
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
    database has a row for each and none for notes that are gone. The notes are
    the truth: a note moved or renamed takes its row along (found by its
    source), a note whose `source` the user edited has its row (and history)
    follow the new source, a note without a row gets one rebuilt from it. A row
    made before the address was kept learns it from its note's `source`.
    Holds paths only, not rows."""

    known = db.sources()
    without_address = db.paths_without_address()
    current: list[str] = []
    without_row: list[tuple[str, str]] = []
    addresses: list[tuple[str, dict[str, object]]] = []
    for path, source in clipped_notes(layout):
        canonical = canonical_url(source)
        recorded = known.pop(path, None)
        if recorded is None:
            without_row.append((path, source))
        elif recorded != canonical:
            _follow_source(layout, db, path, recorded, source)
        elif path in without_address:
            addresses.append((path, {"address": source}))
        current.append(path)
    if addresses:
        db.update_many(addresses)
    stale: dict[str, list[str]] = {}
    for path, recorded in known.items():  # rows whose note is not where they say
        stale.setdefault(recorded, []).append(path)
    _give_rows(layout, db, without_row, stale)
    db.forget_many(path for paths in stale.values() for path in paths)
    db.synced = True
    return current


def _give_rows(
    layout: VaultLayout, db: StateDatabase, without_row: list[tuple[str, str]], stale: dict[str, list[str]]
) -> None:
    """A row for each note without one: the stale row of the same source when the
    note was moved or renamed (its validators and hashes kept), else one rebuilt."""

    rebuilt: list[NoteState] = []
    for path, source in without_row:
        moved_from = stale.get(canonical_url(source))
        if moved_from:
            db.move(moved_from.pop(), path)
            continue
        row = _rebuilt_row(layout, path, source)
        if row is None:
            continue
        rebuilt.append(row)
        if len(rebuilt) >= STATE_BATCH:
            db.put_many(rebuilt)
            rebuilt = []
    db.put_many(rebuilt)


def _follow_source(layout: VaultLayout, db: StateDatabase, path: str, old: str, new_address: str) -> None:
    """The user edited the note's source: ask the new address from now on (the old
    one's validators do not apply) and keep the note's history with it."""

    new = canonical_url(new_address)
    state = db.get(path)
    if state is not None:
        db.put(state.but(source=new, address=new_address, etag=None, last_modified=None))
    try:
        history.follow_source(layout.root, old, new)
    except OSError as exc:
        raise VaultError(f"cannot move the note's history ({exc.strerror})", str(layout.root / path)) from exc


def _rebuilt_row(layout: VaultLayout, path: str, source: str) -> NoteState | None:
    """The state row of a note the database lacks, read from the note; None when
    the note cannot be read as a note (the doctor reports it)."""
    # imported only when a row is missing (note pulls in lxml and YAML)

    try:
        note = read_note_file(layout.root / path).note
    except VaultError:
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


def unusable_source(path: Path) -> str | None:
    """Why a note clipper made (it has an `extractor`) is no clipping to `clipped_source`,
    its `source` missing or no address (`htp//…`, `http://[::1/`); None for any other note."""
    head = _head(path)
    source, extractor = source_and_extractor_in(head)
    if not extractor or _usable_source(head):
        return None
    if not source:
        return "it has no source (the page to ask again): clip the page again, or write its address back"
    return f"its source is no http(s) address nor file: URI: {source}"


def clipped_source(path: Path) -> str | None:
    """The note's `source` when its properties say clipper made it (`source` and
    `extractor`): a web address, or the `file:` URI of a page saved on disk that
    was clipped without `--source`; whatever the note's encoding, BOM, line ends
    or trailing spaces. A malformed address (a port that is no number) is no
    clipping's."""
    return _usable_source(_head(path))


def _head(path: Path) -> bytes:
    """The note's first 16 KB (where its properties are); none for a file that cannot be read."""
    try:
        with path.open("rb") as stream:
            return stream.read(16384)
    except OSError:
        return b""


def _usable_source(head: bytes) -> str | None:
    source = clipped_source_in(head)
    if source is None:
        return None
    try:
        urlsplit(source).port  # noqa: B018 — raises on a malformed address
    except ValueError:
        return None
    return source
