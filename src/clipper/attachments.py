"""Image attachments: checking, naming, de-duplicating and writing a page's images.

This module owns everything between "here are an image's bytes" and
"here is `attachments/<hash>_MD5.<ext>`, safely on disk"; the HTTP download
itself is handed in as a function (`fetch_bytes`), so nothing here opens a socket.

Naming.  By default a file is named like the Local Images Plus plugin names it
(`lip_signature`): the MD5 of three 15,000-byte windows of the file decoded as
UTF-8, so clippings made by the plugin and by clipper share attachments.  That
signature only samples the file, so two different files can share it; when the
name is already taken by other bytes, the new file is named by the MD5 of its
whole content instead (`hash_mode="full"` always does that).  Identical bytes
are stored once and never rewritten.  Nothing is ever overwritten: files are
published with a hard link (which fails if the name exists) where the file
system allows it, after an fsync'd temporary file in the same folder.

Checking (`attachments_check`): the extension comes from the bytes; what is not
an acceptable image is refused before anything is written.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from clipper.attachments_check import (
    DEFAULT_MAX_BYTES,
    MAX_PIXELS,
    check_image,
    decode_data_uri,
    is_a_pixel,
    sniff_image_extension,
)
from clipper.errors import ClipperError, FetchError, VaultError
from clipper.models import SavedImage
from clipper.vault import ensure_folder, publish_new, write_temp

LIP_WINDOW = 15_000
"""Bytes per sampled window of the Local Images Plus signature."""
__all__ = [
    "DEFAULT_MAX_BYTES",
    "HASH_MODES",
    "MAX_PIXELS",
    "check_image",
    "decode_data_uri",
    "full_md5",
    "lip_signature",
    "save_document",
    "save_image",
    "save_images",
    "sniff_image_extension",
]
HASH_MODES = ("lip", "full")
_WEB_SCHEMES = frozenset({"http", "https"})


# --------------------------------------------------------------------------- hashes


def _decode_like_textdecoder(window: bytes) -> str:
    """Decode as JS `new TextDecoder("utf-8").decode()` does.

    Python's "replace" handler substitutes U+FFFD per maximal subpart, as the
    WHATWG decoder does (checked against node on 200,000 random byte strings);
    TextDecoder also drops one leading byte-order mark.
    """
    return window.decode("utf-8", "replace").removeprefix("\ufeff")


def lip_signature(data: bytes) -> str:
    """The Local Images Plus MD5 signature (32 lowercase hex digits, no suffix)."""
    size = len(data)
    middle = (size + 1) // 2  # JS Math.round(size / 2)
    windows = (
        data[:LIP_WINDOW],
        data[middle : middle + LIP_WINDOW],
        data[max(0, size - LIP_WINDOW) :],
    )
    text = ",".join(_decode_like_textdecoder(window) for window in windows)
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def full_md5(data: bytes) -> str:
    """MD5 of the whole content, 32 lowercase hex digits."""
    return hashlib.md5(data).hexdigest()


# --------------------------------------------------------------------------- writing


def _same_content(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise VaultError(f"cannot read attachment: {exc.strerror}", str(path)) from exc


def _store(data: bytes, folder: Path, name: str) -> bool:
    """Write `data` as `folder/name` unless taken; False if the name is taken."""
    temp = write_temp(folder, data)
    try:
        return publish_new(temp, folder / name)
    finally:
        temp.unlink(missing_ok=True)


def _candidate_names(data: bytes, extension: str, hash_mode: str) -> list[str]:
    names = [f"{full_md5(data)}_MD5.{extension}"]
    if hash_mode == "lip":
        names.insert(0, f"{lip_signature(data)}_MD5.{extension}")
    return names


def _place(data: bytes, folder: Path, names: list[str]) -> str:
    """The first name holding `data`: reused if identical, written if free."""
    return _placed(data, folder, names)[0]


def _placed(data: bytes, folder: Path, names: list[str]) -> tuple[str, bool]:
    """`_place`'s name, and whether this call wrote the file (False: it was there)."""
    for name in names:
        if _same_content(folder / name, data):
            return name, False
        if not (folder / name).exists() and _store(data, folder, name):
            return name, True
        if _same_content(folder / name, data):  # written meanwhile by someone else
            return name, False
    raise VaultError("attachment name already holds other bytes", str(folder / names[-1]))


def _vault_relative(folder: Path, vault_root: Path) -> str:
    try:
        return folder.resolve().relative_to(vault_root.resolve()).as_posix()
    except ValueError as exc:
        raise VaultError("attachments folder is outside the vault", str(folder)) from exc


def _check_hash_mode(hash_mode: str) -> None:
    if hash_mode not in HASH_MODES:
        raise ValueError(f"hash_mode must be one of {HASH_MODES}, not {hash_mode!r}")


def _join(relative_folder: str, name: str) -> str:
    return name if relative_folder in ("", ".") else f"{relative_folder}/{name}"


def save_image(
    data: bytes,
    attachments_dir: Path,
    *,
    vault_root: Path,
    hash_mode: str = "lip",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> str:
    """Check, name, de-duplicate and atomically write one image.

    Returns the vault-relative POSIX path (`attachments/<hash>_MD5.<ext>`).
    Raises ValueError("<reason>") for bytes that are not an acceptable image,
    VaultError (target = the path) when the vault cannot be written.
    """
    _check_hash_mode(hash_mode)
    extension = check_image(data, max_bytes=max_bytes)
    relative_folder = _vault_relative(attachments_dir, vault_root)
    ensure_folder(attachments_dir)
    try:
        name = _place(data, attachments_dir, _candidate_names(data, extension, hash_mode))
    except OSError as exc:
        message = f"cannot write attachment: {exc.strerror or exc}"
        raise VaultError(message, str(attachments_dir)) from exc
    return _join(relative_folder, name)


def save_document(
    data: bytes, extension: str, attachments_dir: Path, *, vault_root: Path, hash_mode: str = "lip"
) -> str:
    """`save_image` for a file the caller has already recognised (a PDF): named,
    de-duplicated and written the same way, without the image checks."""
    _check_hash_mode(hash_mode)
    relative_folder = _vault_relative(attachments_dir, vault_root)
    ensure_folder(attachments_dir)
    try:
        name = _place(data, attachments_dir, _candidate_names(data, extension, hash_mode))
    except OSError as exc:
        raise VaultError(f"cannot write attachment: {exc.strerror or exc}", str(attachments_dir)) from exc
    return _join(relative_folder, name)


# --------------------------------------------------------------------------- many images


def _load(url: str, fetch_bytes: Callable[[str], bytes], max_bytes: int, schemes: frozenset[str]) -> tuple[bytes, str]:
    """The checked bytes of one image URL and their extension; ClipperError or
    ValueError on failure."""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "data":
        data = decode_data_uri(url)
    elif scheme in schemes:
        data = fetch_bytes(url)
    else:
        raise ValueError(f"unsupported address {scheme or 'without scheme'}")
    return data, check_image(data, max_bytes=max_bytes)


def _failure_reason(exc: Exception) -> str:
    if isinstance(exc, FetchError):
        return f"download failed: {exc.message}"
    if isinstance(exc, ClipperError):
        return exc.message
    return str(exc)


def _probe_writable(folder: Path) -> None:
    """VaultError unless a file can be created in `folder` (an empty file, created
    and removed: nothing to fsync)."""

    ensure_folder(folder)
    probe = folder / f".clipper-{secrets.token_hex(8)}.tmp"
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        probe.unlink()
    except OSError as exc:
        raise VaultError(f"cannot write in the folder ({exc.strerror})", str(folder)) from exc


def save_images(
    urls: Sequence[str],
    *,
    fetch_bytes: Callable[[str], bytes],
    attachments_dir: Path,
    vault_root: Path,
    hash_mode: str = "lip",
    max_workers: int = 4,
    max_bytes: int = DEFAULT_MAX_BYTES,
    local_files: bool = False,
) -> list[SavedImage]:
    """Download (at most `max_workers` at a time) and save a page's images.

    `fetch_bytes` is given http(s) URLs, and with `local_files` (a saved page's
    images beside it) `file:` URLs too, which it must keep to that folder.

    One SavedImage per URL, in order; a URL listed twice is fetched once.
    One image's failure is reported in its SavedImage, never raised; only
    VaultError is raised, when the attachments folder cannot be written at all.
    """
    _check_hash_mode(hash_mode)
    relative_folder = _vault_relative(attachments_dir, vault_root)
    _probe_writable(attachments_dir)
    unique_urls = list(dict.fromkeys(urls))
    with ThreadPoolExecutor(max_workers=max(1, max_workers)) as pool:
        schemes = _WEB_SCHEMES | {"file"} if local_files else _WEB_SCHEMES
        futures = {url: pool.submit(_load, url, fetch_bytes, max_bytes, schemes) for url in unique_urls}
        # popped one by one so each image's bytes are freed once written
        outcomes = {url: _save_loaded(url, futures.pop(url), attachments_dir, hash_mode) for url in unique_urls}
    return [_outcome_for(url, outcomes[url], relative_folder) for url in urls]


def _save_loaded(url: str, future: Future[tuple[bytes, str]], folder: Path, hash_mode: str) -> SavedImage:
    """Write one downloaded image (in the calling thread, so writes never race)."""
    try:
        data, extension = future.result()
        if is_a_pixel(data, extension):
            return SavedImage(url, dropped=True)
        names = _candidate_names(data, extension, hash_mode)
        name, written = _placed(data, folder, names)
        return SavedImage(url, name=name, written=written)
    except (ClipperError, ValueError) as exc:
        return SavedImage(url, error=_failure_reason(exc))
    except OSError as exc:
        return SavedImage(url, error=f"cannot write attachment: {exc.strerror or exc}")


def _outcome_for(url: str, outcome: SavedImage, relative_folder: str) -> SavedImage:
    if outcome.name is None:
        return outcome
    return SavedImage(url, name=_join(relative_folder, outcome.name), written=outcome.written)
