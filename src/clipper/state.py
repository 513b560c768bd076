"""What clipper remembers about each note between harvests, in a SQLite
database in the vault (`.clipper/state.sqlite3`).

One row per note: its source (canonical, to find it), the address to ask, its path in the vault, the validators of the
last answer (ETag, Last-Modified), the hash of the Texte complet clipper last
wrote (`content_hash`) and of the one it is about to write (`pending_hash`,
so a run killed between the two can tell its own text from the user's), a
snapshot of the extraction for the next change summary, the last status,
failures in a row, since when the source is gone, and whether the note was
made from the page as a browser rendered it (`rendered`). A second table maps
image URLs to the attachments already saved (or to `models.LEFT_OUT` for a 1x1
pixel left out of the note), so images still in use are not fetched again. A
third, `harvest_events`, keeps what each night's re-harvest changed or failed,
a row per note and what happened, with the one-line summary its Historique
got: what the digest (`digest`) is made of.

The database is an index of what the notes say, and the notes are the
truth: deleted, it is rebuilt from the notes by the next run
(`scan.sync_state`); a row whose note was moved or renamed follows the note,
and a row whose note's `source` was edited takes the new source. Every write
is a transaction. A full disk is named as such in the errors.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from clipper.errors import StateDamagedError, VaultError
from clipper.vault import STATE_FOLDER, disk_reason

DATABASE_NAME = "state.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS notes (
    path TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    pending_hash TEXT,
    snapshot TEXT,
    last_status TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    gone_since TEXT,
    last_checked TEXT,
    address TEXT,
    rendered INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS notes_by_source ON notes(source);
CREATE INDEX IF NOT EXISTS notes_by_address ON notes(address);
CREATE TABLE IF NOT EXISTS images (
    url TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS harvest_events (
    night TEXT NOT NULL,
    path TEXT NOT NULL,
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    summary TEXT NOT NULL,
    PRIMARY KEY (night, path, kind, summary)
);
"""


@dataclass(frozen=True)
class NoteState:
    path: str
    """The note's path relative to the vault root, POSIX style."""
    source: str
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    pending_hash: str | None = None
    snapshot: str | None = None
    """JSON of what the next change summary compares against."""
    last_status: str | None = None
    failures: int = 0
    gone_since: str | None = None
    last_checked: str | None = None
    """The date of the last harvest that went well (a failed or refused one leaves it)."""
    address: str | None = None
    """The address to ask: the one clipped (less tracking parameters), or where a
    permanent redirect moved it. `source`, its canonical form, only finds the note."""
    rendered: bool = False
    """The note was made from the page as a browser rendered it: render it again."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "rendered", bool(self.rendered))  # SQLite keeps it as 0 or 1

    @property
    def fetch_address(self) -> str:
        return self.address or self.source

    def snapshot_data(self) -> dict[str, Any] | None:
        try:
            return json.loads(self.snapshot) if self.snapshot else None
        except ValueError:
            return None

    def but(self, **changes: Any) -> NoteState:
        return replace(self, **changes)


_COLUMNS = tuple(f.name for f in fields(NoteState))
_COLUMN_TYPES = {"rendered": "INTEGER NOT NULL DEFAULT 0"}
"""Added columns that are not TEXT."""
_SQLITE_IOERR, _SQLITE_FULL = 10, 13
_NEARLY_FULL_BYTES = 1024 * 1024


def _nearly_full(folder: Path) -> bool:

    try:
        info = os.statvfs(folder)
    except OSError:
        return False
    return info.f_bavail * info.f_frsize < _NEARLY_FULL_BYTES


@dataclass(frozen=True)
class HarvestEvent:
    """Something a re-harvest did to a note on the night `night` (ISO date)."""

    night: str
    path: str
    source: str
    kind: str
    """"sessions", "speakers", "content", "gone" or "failed"."""
    summary: str
    """The Historique line's text after the date; for "gone" and "failed", the reason."""


_EVENT_COLUMNS = tuple(f.name for f in fields(HarvestEvent))


_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    """SQLite's own word that the file is no sound database (not a lock, a full disk…)."""
    return exc.sqlite_errorcode & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


def set_aside_damaged_database(vault_root: Path, now: dt.datetime) -> None:
    """Rename a damaged state database (and its WAL files) to `state.sqlite3.damaged-<time>`,
    kept for whoever wants to look at it; the next open makes a new one."""
    folder = vault_root / STATE_FOLDER
    stamp = now.strftime("%Y%m%dT%H%M%S")
    kept = folder / f"{DATABASE_NAME}.damaged-{stamp}"
    for suffix in ("", "-wal", "-shm"):
        current = folder / (DATABASE_NAME + suffix)
        if current.exists():
            try:
                current.rename(folder / f"{kept.name}{suffix}")
            except OSError as exc:
                raise VaultError(f"cannot set the damaged state database aside ({exc.strerror})", str(current)) from exc


class StateDatabase:
    """The vault's state database; use as a context manager or call `close`."""

    def __init__(self, vault_root: Path, *, read_only: bool = False) -> None:
        """With `read_only`, the database is a copy in memory of the vault's (empty
        if it has none): a command that only reads creates and changes no file."""
        folder = vault_root / STATE_FOLDER
        self.path = folder / DATABASE_NAME
        self._lock = threading.RLock()
        self.synced = False
        """True once this connection's rows were made to match the notes (`scan.synced_paths`)."""
        try:
            if read_only:
                self._db = self._copy_in_memory()
            else:
                folder.mkdir(exist_ok=True)
                self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            self._add_missing_columns()
        except (OSError, sqlite3.Error) as exc:
            if isinstance(exc, sqlite3.DatabaseError) and _is_damage(exc):
                raise StateDamagedError(
                    f"the state database is damaged ({exc}): `clip doctor --fix` rebuilds it from the notes",
                    str(self.path),
                ) from exc
            raise VaultError(f"cannot open the state database ({self._reason(exc)})", str(self.path)) from exc

    def _add_missing_columns(self) -> None:
        """Columns added since a database was made (`address`, `rendered`), added to it."""
        present = {row[1] for row in self._db.execute("PRAGMA table_info(notes)")}
        for column in _COLUMNS:
            if column not in present:
                self._db.execute(f"ALTER TABLE notes ADD COLUMN {column} {_COLUMN_TYPES.get(column, 'TEXT')}")

    def _copy_in_memory(self) -> sqlite3.Connection:
        memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        if self.path.is_file():
            # With no write-ahead log beside it, the file is opened immutable, which
            # creates no -wal/-shm file; with one, a writer is at work and the
            # ordinary connection reads its log (whose files already exist).
            wal = self.path.with_name(DATABASE_NAME + "-wal").exists()
            uri = self.path.resolve().as_uri() + ("?mode=ro" if wal else "?mode=ro&immutable=1")
            source = sqlite3.connect(uri, uri=True, timeout=30)
            try:
                source.backup(memory)
            finally:
                source.close()
        return memory

    def __enter__(self) -> StateDatabase:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def is_empty(self) -> bool:
        return not self._query("SELECT 1 FROM notes LIMIT 1")

    def get(self, path: str) -> NoteState | None:
        rows = self._query(f"SELECT {', '.join(_COLUMNS)} FROM notes WHERE path = ?", (path,))
        return NoteState(*rows[0]) if rows else None

    def get_many(self, paths: list[str]) -> list[NoteState]:
        """The rows of `paths` that exist, in the order of `paths`."""
        found: dict[str, NoteState] = {}
        for start in range(0, len(paths), 500):
            chunk = paths[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self._query(f"SELECT {', '.join(_COLUMNS)} FROM notes WHERE path IN ({marks})", tuple(chunk))
            found.update((row[0], NoteState(*row)) for row in rows)
        return [found[path] for path in paths if path in found]

    def paths(self) -> set[str]:
        """The path of every row."""
        return {row[0] for row in self._query("SELECT path FROM notes")}

    def sources(self) -> dict[str, str]:
        """Path -> source of every row."""
        return dict(self._query("SELECT path, source FROM notes"))

    def move(self, old: str, new: str) -> None:
        """The row of the note at `old` now belongs to the note at `new` (moved or renamed)."""
        with self.transaction():
            self._db.execute("DELETE FROM notes WHERE path = ?", (new,))
            self._db.execute("UPDATE notes SET path = ? WHERE path = ?", (new, old))

    def paths_without_address(self) -> set[str]:
        """Rows made before the address was kept (it is then read from the note)."""
        return {row[0] for row in self._query("SELECT path FROM notes WHERE address IS NULL")}

    def find_source(self, source: str) -> list[NoteState]:
        rows = self._query(f"SELECT {', '.join(_COLUMNS)} FROM notes WHERE source = ?", (source,))
        return [NoteState(*row) for row in rows]

    def find_address(self, addresses: Sequence[str]) -> list[NoteState]:
        """The rows whose address to ask next is one of `addresses` (as recorded: the
        address clipped, or where a permanent redirect moved the page)."""
        wanted = tuple(dict.fromkeys(address for address in addresses if address))
        if not wanted:
            return []
        marks = ", ".join("?" * len(wanted))
        rows = self._query(f"SELECT {', '.join(_COLUMNS)} FROM notes WHERE address IN ({marks})", wanted)
        return [NoteState(*row) for row in rows]

    def all(self) -> list[NoteState]:
        return [NoteState(*row) for row in self._query(f"SELECT {', '.join(_COLUMNS)} FROM notes ORDER BY path")]

    def _query(self, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._db.execute(sql, parameters).fetchall()
            except sqlite3.Error as exc:
                raise VaultError(f"the state database failed ({self._reason(exc)})", str(self.path)) from exc

    def put(self, state: NoteState) -> None:
        with self.transaction():
            self._put(state)

    def put_many(self, states: list[NoteState]) -> None:
        with self.transaction():
            for state in states:
                self._put(state)

    def update_many(self, changes: Sequence[tuple[str, Mapping[str, object]]]) -> None:
        """Set the given columns of each (path, {column: value}) row, in one transaction."""
        with self.transaction():
            for path, columns in changes:
                if not set(columns) <= set(_COLUMNS):
                    raise ValueError(f"unknown state columns: {sorted(set(columns) - set(_COLUMNS))}")
                assignments = ", ".join(f"{column} = ?" for column in columns)
                self._db.execute(f"UPDATE notes SET {assignments} WHERE path = ?", (*columns.values(), path))

    def forget_many(self, paths: Iterable[str]) -> None:
        paths = list(paths)
        if paths:
            with self.transaction():
                self._db.executemany("DELETE FROM notes WHERE path = ?", [(path,) for path in paths])

    def saved_images(self, urls: list[str]) -> dict[str, str]:
        """The attachments already saved for these image URLs (`LEFT_OUT` for a pixel left out)."""
        found: dict[str, str] = {}
        for start in range(0, len(urls), 500):
            chunk = urls[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            found.update(self._query(f"SELECT url, name FROM images WHERE url IN ({marks})", tuple(chunk)))
        return found

    def image_addresses(self, names: set[str]) -> dict[str, str]:
        """Attachment -> the address it was downloaded from, for these attachments."""
        rows = self._query("SELECT url, name FROM images")
        return {name: url for url, name in rows if name in names}

    def remember_images(self, saved: dict[str, str]) -> None:
        with self.transaction():
            self._db.executemany("INSERT OR REPLACE INTO images(url, name) VALUES (?, ?)", saved.items())

    def record_event(self, event: HarvestEvent) -> None:
        """Remember `event`; a note's failure replaces the one it had earlier that night."""
        with self.transaction():
            if event.kind == "failed":
                self._forget_failure(event.night, event.path)
            columns, marks = ", ".join(_EVENT_COLUMNS), ", ".join("?" * len(_EVENT_COLUMNS))
            values = tuple(getattr(event, column) for column in _EVENT_COLUMNS)
            self._db.execute(f"INSERT OR REPLACE INTO harvest_events({columns}) VALUES ({marks})", values)

    def forget_failure(self, night: str, path: str) -> None:
        """Drop the failure of the note at `path` that night (a later run of the night got it)."""
        with self.transaction():
            self._forget_failure(night, path)

    def _forget_failure(self, night: str, path: str) -> None:
        self._db.execute("DELETE FROM harvest_events WHERE night = ? AND path = ? AND kind = 'failed'", (night, path))

    def events(self, since: str, until: str | None = None) -> list[HarvestEvent]:
        """The events of the nights from `since` to `until` (ISO dates, both included), oldest night first."""
        rows = self._query(
            f"SELECT {', '.join(_EVENT_COLUMNS)} FROM harvest_events WHERE night >= ? AND night <= ?"
            " ORDER BY night, rowid",
            (since, until or "9999-12-31"),
        )
        return [HarvestEvent(*row) for row in rows]

    def last_night(self) -> str | None:
        """The latest night that has events."""
        rows = self._query("SELECT MAX(night) FROM harvest_events")
        return rows[0][0] if rows and rows[0][0] else None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock, self._translated():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise VaultError(f"the state database failed ({self._reason(exc)})", str(self.path)) from exc

    def _reason(self, exc: BaseException) -> str:
        """The error in a user's words: SQLite says "disk I/O error" for a full disk."""
        if isinstance(exc, OSError):
            return disk_reason(exc)
        code = getattr(exc, "sqlite_errorcode", None)
        if code is not None and code & 0xFF in (_SQLITE_FULL, _SQLITE_IOERR) and _nearly_full(self.path.parent):
            return "the disk is full"
        return str(exc)

    def _put(self, state: NoteState) -> None:
        marks = ", ".join("?" * len(_COLUMNS))
        values = tuple(getattr(state, column) for column in _COLUMNS)
        self._db.execute(f"INSERT OR REPLACE INTO notes({', '.join(_COLUMNS)}) VALUES ({marks})", values)
