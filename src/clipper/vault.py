"""Where notes and attachments live in a vault, and how files land there.

A vault is the folder Obsidian opens. Notes go to `<vault>/<notes folder>`
(default `vault/`), images to `<vault>/<attachments folder>` (default
`attachments/`), and embeds are written relative to the vault root.

Every file is written atomically: a hidden temp file in the target folder,
flushed and fsynced, then moved into place. A new note never replaces an
existing file: `create_note` links the temp file to the first free name
(`… (2).md`, `… (3).md`), which fails rather than overwrites if another
process took that name first.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from clipper.errors import BusyError, VaultError

NOTES_FOLDER = "vault"
ATTACHMENTS_FOLDER = "attachments"
STATE_FOLDER = ".clipper"
_MAX_SAME_NAME = 1000


@dataclass(frozen=True)
class VaultLayout:
    root: Path
    notes_folder: str = NOTES_FOLDER
    attachments_folder: str = ATTACHMENTS_FOLDER

    @property
    def notes_dir(self) -> Path:
        return self.root / self.notes_folder

    @property
    def attachments_dir(self) -> Path:
        return self.root / self.attachments_folder

    def check_readable(self) -> None:
        """Raise VaultError unless the vault root is an existing folder (what a
        command that only reads needs)."""
        if not self.root.exists():
            raise VaultError("the vault folder does not exist", str(self.root))
        if not self.root.is_dir():
            raise VaultError("the vault path is not a folder", str(self.root))

    def check(self) -> None:
        """Raise VaultError unless the vault root is an existing, writable folder."""
        self.check_readable()
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise VaultError("the vault folder is not writable", str(self.root))


@contextmanager
def vault_lock(layout: VaultLayout, name: str, *, wait: bool = True, shared: bool = False) -> Iterator[None]:
    """Hold the vault-wide lock `name` (a file in `.clipper/`) for the block.

    With `wait=False`, raise BusyError at once if another process holds it.
    With `shared=True`, other shared holders may hold it at the same time, and
    an exclusive holder excludes them all (the re-harvest's threads each rewrite
    their own note under a shared `write` lock; `clip` takes it exclusively).
    The lock is the kernel's (flock): a killed process releases it.
    """
    import fcntl

    folder = ensure_folder(layout.root / STATE_FOLDER)
    path = folder / f"{name}.lock"
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise VaultError(f"cannot create a lock ({exc.strerror})", str(path)) from exc
    try:
        try:
            fcntl.flock(handle, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError as exc:
            raise BusyError(f"another clipper {name} is running in this vault", str(layout.root)) from exc
        yield
    finally:
        os.close(handle)


def ensure_folder(path: Path) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise VaultError("a file stands where a folder should be", str(path)) from exc
    except OSError as exc:
        raise VaultError(f"cannot create folder ({exc.strerror})", str(path)) from exc
    return path


def create_note(folder: Path, stem: str, text: str) -> Path:
    """Write a new note named `<stem>.md` (or `<stem> (N).md` if taken); never overwrite."""
    ensure_folder(folder)
    temp = write_temp(folder, text.encode("utf-8"))
    try:
        for attempt in range(1, _MAX_SAME_NAME + 1):
            candidate = folder / (f"{stem}.md" if attempt == 1 else f"{stem} ({attempt}).md")
            try:
                if publish_new(temp, candidate):
                    return candidate
            except OSError as exc:
                raise VaultError(f"cannot write the note ({exc.strerror})", str(candidate)) from exc
        raise VaultError("too many notes with this name", str(folder / f"{stem}.md"))
    finally:
        _remove_quietly(temp)


_NO_HARD_LINKS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS})
"""os.link errors meaning "no hard links here", not "name taken"."""


def publish_new(temp: Path, final: Path) -> bool:
    """Give the complete temp file its final name without replacing anything there;
    False if the name is taken. A hard link makes that atomic; where the file system
    has none (some network and FUSE mounts) it falls back to a rename after a check,
    which the vault's write lock keeps safe between clipper processes."""
    try:
        os.link(temp, final)
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        if final.exists():
            return False
        os.replace(temp, final)
    return True


def replace_file(path: Path, data: bytes) -> Path:
    """Atomically replace (or create) `path` with `data`."""
    ensure_folder(path.parent)
    temp = write_temp(path.parent, data)
    try:
        os.replace(temp, path)
    except OSError as exc:
        _remove_quietly(temp)
        raise VaultError(f"cannot write ({exc.strerror})", str(path)) from exc
    return path


def write_temp(folder: Path, data: bytes) -> Path:
    """A fsynced hidden temp file in `folder` holding `data`, with the umask's permissions;
    the caller publishes it (`publish_new`, `os.replace`) or removes it."""
    temp = folder / f".clipper-{secrets.token_hex(8)}.tmp"
    try:
        handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise VaultError(f"cannot write in the folder ({exc.strerror})", str(folder)) from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as exc:
        _remove_quietly(temp)
        reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror
        raise VaultError(f"cannot write ({reason})", str(folder)) from exc
    except BaseException:
        _remove_quietly(temp)
        raise
    return temp


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
