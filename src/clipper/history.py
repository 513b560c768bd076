"""Earlier versions of a note's Texte complet, kept whenever clipper replaces it.

Versions live in the vault under `.clipper/history/<kk>/`, one file each, named
`<key> <NNNN> <timestamp> <reason>.note.md`: `key` is derived from the note's
source URL (stable if the user renames the note), `kk` is its first two
characters (256 folders shared by all notes: no folder is created per note,
and on this machine's ext4 a folder costs more to create than a file),
`reason` says why the version was kept: `harvest` (the text a harvest
replaced) or `user` (the user had edited Texte complet by hand). Numbers
start at 1 and only grow.

A `.note.md` version is the whole note as it was, kept by a hard link to the
note's file just before the new note replaces it: no byte is copied and no
file created. Where the file system has no hard links the Texte complet alone
is written, as `<key> <NNNN> <timestamp> <reason>.md`. Vaults written before
2026-12-02 hold their versions as `.clipper/history/<key>/<NNNN> <timestamp>
<reason>.md`; those are read as they are, and numbered on from.
`Version.text()` is the Texte complet, whatever the file holds.

When the user edits a note's `source`, its history follows it to the new
key (`follow_source`), so `clip history NOTE` still finds it. Keeping the same
text twice in a row (a retried update) keeps it once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from clipper.errors import VaultError
from clipper.note_file import read_note, texte_complet_of
from clipper.vault import NO_HARD_LINKS, STATE_FOLDER, decode_note, disk_reason, ensure_folder, replace_file

HISTORY_FOLDER = "history"
WHOLE_NOTE_SUFFIX = ".note.md"
_VERSION_NAME = re.compile(r"^(?:([0-9a-f]{20}) )?(\d{4,}) (\S+) (\w+)(\.note)?\.md$")
"""`<key> <NNNN> <stamp> <reason>[.note].md` in a shared folder; without the key in a note's own (before 2026-12-02)."""


@dataclass(frozen=True)
class Version:
    number: int
    saved_at: str
    reason: str
    path: Path
    whole_note: bool = False
    """The file is the note as it was (`.note.md`), not its Texte complet alone."""
    written_now: bool = field(default=False, compare=False)
    """Written by the `keep_version` that returned it (not an earlier version found again)."""

    def text(self) -> str:
        """The version's Texte complet."""
        if not self.whole_note:
            return self.path.read_text(encoding="utf-8")
        text, _style = decode_note(self.path.read_bytes())
        try:
            return texte_complet_of(read_note(text).body) or ""
        except ValueError:  # the note as it was could not be read as a note: all of it
            return text


def history_key(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:20]


def _history_root(vault_root: Path) -> Path:
    return vault_root / STATE_FOLDER / HISTORY_FOLDER


def _shared_folder(vault_root: Path, key: str) -> Path:
    return _history_root(vault_root) / key[:2]


def _file_name(key: str, number: int, stamp: str, reason: str, *, whole_note: bool) -> str:
    return f"{key} {number:04d} {stamp} {reason}{WHOLE_NOTE_SUFFIX if whole_note else '.md'}"


def versions(vault_root: Path, source: str) -> list[Version]:
    """The note's versions, oldest first: those of the shared folder, and those of its own folder (older vaults)."""
    key = history_key(source)
    found = _listed(_shared_folder(vault_root, key), key) + _listed(_history_root(vault_root) / key, None)
    return sorted(found, key=lambda version: version.number)


def _listed(folder: Path, key: str | None) -> list[Version]:
    """The versions in `folder` of the note `key` (None: the note's own folder, whose names carry no key)."""
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = []
    prefix = f"{key} " if key else ""
    for entry in entries:
        if not entry.name.startswith(prefix):
            continue
        match = _VERSION_NAME.match(entry.name)
        if match and match.group(1) == key:
            number, stamp, reason = int(match.group(2)), match.group(3), match.group(4)
            found.append(Version(number, stamp, reason, Path(entry.path), bool(match.group(5))))
    return found


def keep_version(
    vault_root: Path,
    source: str,
    texte: str,
    reason: str,
    now: dt.datetime | None = None,
    *,
    note: Path | None = None,
) -> Version:
    """Keep `texte` as the next version of the note whose source is `source` (unless
    the last version already holds it, with the same reason: a retried update).
    `note`: the note's file, which holds `texte` and is about to be replaced; it is
    kept itself, by a hard link, where the file system allows. The newest version, when
    still linked to `note` (a run killed before it replaced the note), is taken back:
    that note was never replaced, and the user may have edited it in place since."""
    existing = versions(vault_root, source)
    if existing and existing[-1].reason == reason and _same_text(existing[-1], texte):
        return existing[-1]
    if note is not None and existing and _taken_back(existing[-1], note):
        existing = existing[:-1]  # only the newest can still be linked: each keep takes back the one before
    number = existing[-1].number + 1 if existing else 1
    stamp = (now or dt.datetime.now()).strftime("%Y-%m-%dT%H-%M-%S")
    key = history_key(source)
    folder = _shared_folder(vault_root, key)
    if note is not None:
        path = folder / _file_name(key, number, stamp, reason, whole_note=True)
        if _link(note, path):
            return Version(number, stamp, reason, path, whole_note=True, written_now=True)
    path = folder / _file_name(key, number, stamp, reason, whole_note=False)
    replace_file(path, texte.encode("utf-8"))
    return Version(number, stamp, reason, path, written_now=True)


def _link(note: Path, version: Path) -> bool:
    """Give the note's file the version's name too; False where the file system has no hard links."""
    ensure_folder(version.parent)
    try:
        os.link(note, version)
    except OSError as exc:
        if exc.errno in NO_HARD_LINKS:
            return False
        raise VaultError(f"cannot keep the replaced text as a version ({disk_reason(exc)})", str(version)) from exc
    return True


def forget_if_current(version: Version, note: Path) -> None:
    """Take back a version that is still the note's own file, or a copy of its Texte
    complet just written (no hard links): the note could not be replaced after all
    (its writer kept changing it, the disk refused), so nothing was replaced."""
    if version.whole_note:
        _taken_back(version, note)
        return
    if version.written_now:
        try:
            version.path.unlink()
        except OSError:
            pass


def _taken_back(version: Version, note: Path) -> bool:
    """Whether `version` was the note's own file, and is now removed."""
    try:
        if version.whole_note and version.path.samefile(note):
            version.path.unlink()
            return True
    except OSError:
        pass
    return False


def follow_source(vault_root: Path, old_source: str, new_source: str) -> None:
    """The versions kept under `old_source` now belong to `new_source` (the user edited
    the note's source); they are numbered after any the new source already has."""

    old_key, new_key = history_key(old_source), history_key(new_source)
    moving = versions(vault_root, old_source)
    if not moving or old_key == new_key:
        return
    existing = versions(vault_root, new_source)
    number = existing[-1].number if existing else 0
    folder = ensure_folder(_shared_folder(vault_root, new_key))
    for version in moving:
        number += 1
        name = _file_name(new_key, number, version.saved_at, version.reason, whole_note=version.whole_note)
        os.rename(version.path, folder / name)
    try:
        (_history_root(vault_root) / old_key).rmdir()  # an older vault's folder of the note, now empty
    except OSError:
        pass


def _same_text(version: Version, texte: str) -> bool:
    try:
        return version.text() == texte
    except (OSError, UnicodeDecodeError):
        return False


def diff(older: str, newer: str, older_label: str, newer_label: str) -> str:
    """A unified diff of the two texts, every line ending with a newline ("" if they are the same)."""
    lines = difflib.unified_diff(
        older.splitlines(), newer.splitlines(), fromfile=older_label, tofile=newer_label, lineterm=""
    )
    return "".join(f"{line}\n" for line in lines)
