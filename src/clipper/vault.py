"""Where notes and attachments live in a vault, and how files land there.

A vault is the folder Obsidian opens. Notes go to `<vault>/<notes folder>`
(default `vault/`), images to `<vault>/<attachments folder>` (default
`attachments/`), and embeds are written relative to the vault root.

Every file is written atomically: a hidden temp file in the target folder,
flushed and fsynced, then moved into place. A new note never replaces an
existing file: `create_note` (`publish_note` for a temp file written first,
perhaps by another process) links the temp file to the first free name
(`… (2).md`, `… (3).md`), which fails rather than overwrites if another
process took that name first.

An existing note is rewritten only if it still holds what was read
(`replace_if_unchanged`): on Linux the new file and the note swap names in one
step (`renameat2(RENAME_EXCHANGE)`), so the bytes it displaced can be compared
with what was read, and put back when the user (an editor, a sync tool)
wrote in between; elsewhere the note is compared just before the rename. The
rewritten note keeps its permissions and owner.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import functools
import os
import secrets
import stat
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from clipper.errors import BusyError, VaultError
from clipper.vault_encoding import NOTE_DELIMITER as NOTE_DELIMITER
from clipper.vault_encoding import NoteEncoding as NoteEncoding
from clipper.vault_encoding import clipped_source_in as clipped_source_in
from clipper.vault_encoding import decode_note as decode_note
from clipper.vault_encoding import encode_note as encode_note
from clipper.vault_encoding import source_and_extractor_in as source_and_extractor_in

NOTES_FOLDER = "vault"
ATTACHMENTS_FOLDER = "attachments"
STATE_FOLDER = ".clipper"
_MAX_SAME_NAME = 1000
TEMP_PREFIX, TEMP_SUFFIX = ".clipper-", ".tmp"
SETTLE_SECONDS = 0.005
"""How long a rewrite waits after swapping the new note in before it compares the
displaced bytes with what it read: a write another process had begun on the old
file (opened, not yet written) lands in that time."""


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


def vault_above(folder: Path) -> Path | None:
    """The nearest folder from `folder` up (itself first) that holds clipper's state
    (`.clipper/`): the vault `folder` is in, as git finds its repository; None outside any."""
    return next((candidate for candidate in (folder, *folder.parents) if (candidate / STATE_FOLDER).is_dir()), None)


@contextmanager
def vault_lock(layout: VaultLayout, name: str, *, wait: bool = True, shared: bool = False) -> Iterator[None]:
    """Hold the vault-wide lock `name` (a file in `.clipper/`) for the block.

    With `wait=False`, raise BusyError at once if another process holds it.
    With `shared=True`, other shared holders may hold it at the same time, and
    an exclusive holder excludes them all (the re-harvest's threads each rewrite
    their own note under a shared `write` lock; `clip` takes it exclusively).
    The lock is the kernel's (flock): a killed process releases it.
    """

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
    return publish_note(folder, stem, write_temp(folder, text.encode("utf-8")))


def publish_note(folder: Path, stem: str, temp: Path) -> Path:
    """Give the new note written to `temp` (a `write_temp` file in `folder`, used up
    here) the name `<stem>.md` (or `<stem> (N).md` if taken); never overwrite."""
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


NO_HARD_LINKS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS})
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
        if exc.errno not in NO_HARD_LINKS:
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


def write_temp(folder: Path, data: bytes, like: os.stat_result | None = None) -> Path:
    """A fsynced hidden temp file in `folder` holding `data`, with the umask's permissions
    (or the mode and owner of the file `like` describes); the caller publishes it
    (`publish_new`, `os.replace`) or removes it."""
    temp = folder / f"{TEMP_PREFIX}{secrets.token_hex(8)}{TEMP_SUFFIX}"
    try:
        handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise VaultError(f"cannot write in the folder ({exc.strerror})", str(folder)) from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            if like is not None:
                _copy_mode(stream.fileno(), like)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as exc:
        _remove_quietly(temp)
        raise VaultError(f"cannot write ({disk_reason(exc)})", str(folder)) from exc
    except BaseException:
        _remove_quietly(temp)
        raise
    return temp


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def disk_reason(exc: OSError) -> str:
    """What an OSError means to a user: a full disk (or quota) is named as such."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if exc.errno == errno.EFBIG:
        return "the file is larger than the system allows"
    return exc.strerror or str(exc)


def _copy_mode(handle: int, like: os.stat_result) -> None:
    os.fchmod(handle, stat.S_IMODE(like.st_mode))
    if hasattr(os, "fchown") and (like.st_uid, like.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.fchown(handle, like.st_uid, like.st_gid)
        except OSError:
            pass  # only root may give a file away; the mode is kept all the same


def is_read_only(info: os.stat_result) -> bool:
    """True when the file's owner may not write it (`chmod 0444`): the user froze it."""
    return not info.st_mode & stat.S_IWUSR


def replace_if_unchanged(path: Path, expected: bytes, data: bytes, *, written: Path | None = None) -> bool:
    """Replace `path` with `data` if it still holds `expected`; False (and `path` as it
    was) if another process rewrote it since it was read. Atomic; keeps its mode.
    `written`: the replacement already written (`write_replacement`), used up here.

    Bytes another process appended to the old file (before the swap, or through a
    file it had opened before) are appended to the new one: an append is never lost."""
    temp = written or write_replacement(path, data)
    try:
        swapped = _exchange(temp, path)
        if swapped is None:  # no atomic exchange here: compare, then rename
            if path.read_bytes() != expected:
                return False
            os.replace(temp, path)
            return True
        if _carry_appends(temp, path, expected):
            return True
        _exchange(temp, path)  # theirs back in place; the caller merges again from it
        _carry_appends(temp, path, data, settle=False)  # appended to ours meanwhile
        return False
    except OSError as exc:
        raise VaultError(f"cannot write the note ({disk_reason(exc)})", str(path)) from exc
    finally:
        _remove_quietly(temp)


def write_replacement(path: Path, data: bytes) -> Path:
    """A fsynced temp file beside `path` holding `data`, with its mode and owner: the
    costly half of `replace_if_unchanged` (a new inode, the write, the fsync), which
    another process may do first. The caller hands it to `replace_if_unchanged`."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise VaultError(f"cannot read the note ({exc.strerror})", str(path)) from exc
    return write_temp(path.parent, data, like=info)


def discard_replacement(written: Path) -> None:
    """Remove a `write_replacement` file that will not be used."""
    _remove_quietly(written)


def _carry_appends(displaced: Path, path: Path, expected: bytes, *, settle: bool = True) -> bool:
    """Wait until the file swapped out to `displaced` stops changing, appending to
    `path` whatever was appended to it after `expected`; False if it was rewritten."""
    while True:
        if settle:
            time.sleep(SETTLE_SECONDS)
        now = displaced.read_bytes()
        if now == expected:
            return True
        if not now.startswith(expected):
            return False
        _append(path, now[len(expected) :])
        expected = now


def _append(path: Path, data: bytes) -> None:
    handle = os.open(path, os.O_WRONLY | os.O_APPEND)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
        os.fsync(handle)
    finally:
        os.close(handle)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_NO_EXCHANGE = frozenset({errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EPERM})


def _exchange(first: Path, second: Path) -> bool | None:
    """Swap the names of two files in one step; None where the system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return None

    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in _NO_EXCHANGE:
        return None
    raise OSError(error, os.strerror(error), str(second))


def glibc() -> ctypes.CDLL:
    """The C library, by glibc's soname; else what `find_library` names (deferred: it
    imports subprocess and may run `ldconfig`, 10 ms of every start)."""
    try:
        return ctypes.CDLL("libc.so.6", use_errno=True)
    except OSError:
        from ctypes.util import find_library

        return ctypes.CDLL(find_library("c") or "libc.so.6", use_errno=True)


@functools.cache
def _renameat2():  # type: ignore[no-untyped-def]
    """glibc's renameat2, or None (not Linux, or a libc without it)."""

    if not sys.platform.startswith("linux"):
        return None
    try:
        function = glibc().renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    function.restype = ctypes.c_int
    return function


STALE_TEMP_SECONDS = 60.0
_NOT_SCANNED = frozenset({".git", ".obsidian", ".trash"})


def remove_stale_temp_files(root: Path, started: float) -> list[Path]:
    """Remove clipper's hidden temp files (`.clipper-*.tmp`) left in the vault by a
    process killed mid-write: those last modified a minute or more before `started`
    (a time.time()). Call it under the exclusive `write` lock, when no clipper is
    writing. Returns the files removed."""
    removed = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if name not in _NOT_SCANNED]
        for name in files:
            if name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX):
                path = Path(folder) / name
                try:
                    if path.lstat().st_mtime < started - STALE_TEMP_SECONDS:
                        path.unlink()
                        removed.append(path)
                except OSError:
                    continue
    return removed


# ---------------------------------------------------------------------------
# A note's bytes: read whatever the user's editor saved, written back the same way.
