"""Earlier versions of a note's Texte complet, kept whenever clipper replaces it.

Versions live in the vault under `.clipper/history/<key>/`, one Markdown file
each, named `<NNNN> <timestamp> <reason>.md`, where `key` is derived from the
note's source URL (stable if the user renames the note) and `reason` says why
the version was kept: `harvest` (the text a harvest replaced) or `user` (the
user had edited Texte complet by hand). Numbers start at 1 and only grow.

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
from dataclasses import dataclass
from pathlib import Path

from clipper.vault import STATE_FOLDER, replace_file

HISTORY_FOLDER = "history"
_VERSION_NAME = re.compile(r"^(\d{4,}) (\S+) (\w+)\.md$")


@dataclass(frozen=True)
class Version:
    number: int
    saved_at: str
    reason: str
    path: Path

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def history_folder(vault_root: Path, source: str) -> Path:
    key = hashlib.sha256(source.encode("utf-8")).hexdigest()[:20]
    return vault_root / STATE_FOLDER / HISTORY_FOLDER / key


def versions(vault_root: Path, source: str) -> list[Version]:
    folder = history_folder(vault_root, source)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _VERSION_NAME.match(path.name)
        if match:
            found.append(Version(int(match.group(1)), match.group(2), match.group(3), path))
    return sorted(found, key=lambda version: version.number)


def keep_version(vault_root: Path, source: str, texte: str, reason: str, now: dt.datetime | None = None) -> Version:
    """Save `texte` as the next version of the note whose source is `source` (unless
    the last version already holds it, with the same reason: a retried update)."""
    existing = versions(vault_root, source)
    if existing and existing[-1].reason == reason and _same_text(existing[-1], texte):
        return existing[-1]
    number = existing[-1].number + 1 if existing else 1
    stamp = (now or dt.datetime.now()).strftime("%Y-%m-%dT%H-%M-%S")
    path = history_folder(vault_root, source) / f"{number:04d} {stamp} {reason}.md"
    replace_file(path, texte.encode("utf-8"))
    return Version(number, stamp, reason, path)


def follow_source(vault_root: Path, old_source: str, new_source: str) -> None:
    """The versions kept under `old_source` now belong to `new_source` (the user edited
    the note's source); they are numbered after any the new source already has."""

    old_folder, new_folder = history_folder(vault_root, old_source), history_folder(vault_root, new_source)
    moving = versions(vault_root, old_source)
    if not moving or old_folder == new_folder:
        return
    if not new_folder.exists():
        os.rename(old_folder, new_folder)
        return
    existing = versions(vault_root, new_source)
    number = existing[-1].number if existing else 0
    for version in moving:
        number += 1
        os.rename(version.path, new_folder / f"{number:04d} {version.saved_at} {version.reason}.md")
    try:
        old_folder.rmdir()
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
