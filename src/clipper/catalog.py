"""The vault's clippings as a list, and the note a command is given: what
`clip list` and `clip find` show, and how `history` and `calendar` find
their NOTE.

Rows come from the notes' properties joined with what the state database
remembers of their last harvest. Filters are plain predicates on rows.
Nothing here writes: the state database is read into memory.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from clipper.acquire import is_web_address
from clipper.digest import digest_notes
from clipper.errors import UsageError, VaultError
from clipper.note_file import read_note_file
from clipper.scan import clipped_source, markdown_files, sync_state
from clipper.state import NoteState, StateDatabase
from clipper.urls import address_forms, canonical_url, host_of
from clipper.vault import VaultLayout, vault_above


@dataclass(frozen=True)
class Clipping:
    path: str
    created: str | None
    title: str
    kind: str
    source: str
    host: str
    tags: tuple[str, ...]
    last_harvest: str | None
    status: str

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["tags"] = list(self.tags)
        return data

    @property
    def stale(self) -> bool:
        return self.status.startswith(("gone", "error", "collapsed"))


@dataclass(frozen=True)
class ClippingFilter:
    tag: str | None = None
    kind: str | None = None
    host: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    stale: bool = False

    def accepts(self, row: Clipping) -> bool:
        created = _date(row.created)
        host = _host_asked(self.host) if self.host is not None else None
        return all(
            (
                self.tag is None or self.tag.lstrip("#") in row.tags,
                self.kind is None or row.kind == self.kind,
                host is None or row.host == host or row.host.endswith("." + host),
                self.since is None or (created is not None and created >= self.since),
                self.until is None or (created is not None and created <= self.until),
                not self.stale or row.stale,
            )
        )


def clippings(layout: VaultLayout, where: ClippingFilter = ClippingFilter()) -> list[Clipping]:
    """Every clipped note of the vault that `where` accepts, oldest first; with
    `kind="digest"`, the re-harvest's digest notes instead. Reads only: the state
    database is consulted in memory, and no file is created."""

    layout.check_readable()
    if where.kind == "digest":
        return _digests(layout, where)
    rows = []
    with StateDatabase(layout.root, read_only=True) as db:
        for state in sync_state(layout, db):
            try:
                properties = read_note_file(layout.root / state.path).note.properties
            except VaultError:
                continue
            tags = properties.get("tags") or []
            row = Clipping(
                path=state.path,
                created=str(properties.get("created") or "") or None,
                title=str(properties.get("title") or Path(state.path).stem),
                kind=str(properties.get("kind") or "article"),
                source=str(properties.get("source") or state.source),
                host=host_of(state.source),
                tags=tuple(str(tag) for tag in (tags if isinstance(tags, list) else [tags])),
                last_harvest=state.last_checked,
                status=_status(state, properties),
            )
            if where.accepts(row):
                rows.append(row)
    return sorted(rows, key=lambda row: (row.created or "", row.path))


def _digests(layout: VaultLayout, where: ClippingFilter) -> list[Clipping]:

    rows = []
    for path, properties in digest_notes(markdown_files(layout.root)):
        night = str(properties.get("date") or "") or None
        status = f"{properties.get('changed', 0)} changed, {properties.get('failed', 0)} failed"
        relative = path.relative_to(layout.root).as_posix()
        row = Clipping(relative, night, path.stem, "digest", "", "", (), night, status)
        if where.accepts(row):
            rows.append(row)
    return sorted(rows, key=lambda row: (row.created or "", row.path))


def find_note(layout: VaultLayout, target: str) -> Path | None:
    """The note `target` names, the same way for every command: the path of a note
    (absolute, from the current folder, or from the vault root), the address of
    the page it was clipped from (give or take tracking parameters, fragment and
    trailing slash), or the saved page (`.html`, `.pdf`) it was clipped from.
    Reads only."""

    layout.check_readable()
    if is_web_address(target):
        return _note_of_source(layout, target)
    candidate = _existing_file(layout, target)
    if candidate is None:
        return None
    if candidate.suffix.lower() == ".md":
        return candidate if clipped_source(candidate) else None
    return _note_of_source(layout, candidate.resolve().as_uri())


def resolve_note(layout: VaultLayout, target: str) -> Path:
    """`find_note`, for a command that needs the note: a UsageError when there is none."""
    path = find_note(layout, target)
    if path is not None:
        return path
    given = _existing_file(layout, target)
    if given is not None and given.suffix.lower() == ".md":
        raise UsageError("not a note clipper made (it has no source and extractor properties)", target)
    raise UsageError(f"no note for {target} in the vault {layout.root}", target)


def _existing_file(layout: VaultLayout, target: str) -> Path | None:
    """The file `target` names, from the current folder or from the vault root."""
    for candidate in (Path(target).expanduser(), layout.root / target):
        if candidate.is_file():
            return candidate
    return None


def vault_root_of(note: Path, default: Path) -> Path:
    """The root of the vault holding `note`: `default` when the note lies in it,
    else the nearest folder above the note holding clipper's state folder."""
    resolved = note.resolve()
    if resolved.is_relative_to(default.resolve()):
        return default
    return vault_above(resolved.parent) or default


def _note_of_source(layout: VaultLayout, source: str) -> Path | None:

    wanted = canonical_url(source)
    with StateDatabase(layout.root, read_only=True) as db:
        for attempt in range(2):  # the database first; the vault's notes when it does not know
            if attempt:
                sync_state(layout, db)
            for state in db.find_source(wanted):
                path = layout.root / state.path
                if path.is_file() and (attempt or canonical_url(clipped_source(path) or "") == wanted):
                    return path
        for state in db.find_address(address_forms(source)):  # the address clipped, or a redirect's
            path = layout.root / state.path
            if path.is_file():
                return path
    return None


def _host_asked(given: str) -> str:
    """The host `--host` names, given alone, with its port or as an address
    (`example.org`, `127.0.0.1:8801`, `https://example.org/page`)."""
    return host_of(given if "://" in given else f"//{given.strip()}") or given.strip().lower()


def _status(state: NoteState, properties: dict[str, Any]) -> str:
    if properties.get("source_gone") or state.gone_since:
        return f"gone since {properties.get('source_gone') or state.gone_since}"
    return state.last_status or "ok"


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
