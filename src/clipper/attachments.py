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

Checking.  The extension comes from the bytes, through a small explicit table
of magic numbers rather than `puremagic`: the table covers exactly the formats
a note may embed, and each entry also needs format-specific checks that a
generic sniffer does not make (SVG prolog and safety, PNG/JPEG completeness,
declared pixel counts), so the header has to be parsed here anyway; it also
sniffs in ~2 µs where `puremagic.from_string` takes ~500 µs.  Rejected:
non-images (HTML error pages, JSON…), truncated PNG/JPEG/WEBP, images declaring
more than `MAX_PIXELS` pixels, and SVGs that could run script or load anything.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote_to_bytes

from clipper.errors import ClipperError, FetchError, VaultError
from clipper.models import SavedImage
from clipper.vault import ensure_folder, publish_new, write_temp

LIP_WINDOW = 15_000
"""Bytes per sampled window of the Local Images Plus signature."""
MAX_PIXELS = 100_000_000
"""Images declaring more pixels than this are refused as decompression bombs."""
DEFAULT_MAX_BYTES = 25 * 1024 * 1024
HASH_MODES = ("lip", "full")
_WEB_SCHEMES = frozenset({"http", "https"})
_TAIL_SLACK = 1024
"""How far from the end the PNG IEND / JPEG EOI marker may sit (trailing junk)."""


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


# --------------------------------------------------------------------------- sniffing

_SVG_START = re.compile(
    rb"""\A(?:\xef\xbb\xbf)?\s*
    (?:<\?xml[^>]*\?>\s*)?
    (?:(?:<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>|<\?[^>]*\?>)\s*)*
    <svg[\s>/]""",
    re.DOTALL | re.IGNORECASE | re.VERBOSE,
)
_BMP_DIB_SIZES = frozenset({12, 16, 40, 52, 56, 64, 108, 124})
_AVIF_BRANDS = (b"avif", b"avis")


def _is_avif(data: bytes) -> bool:
    if len(data) < 16 or data[4:8] != b"ftyp":
        return False
    box_size = int.from_bytes(data[:4], "big")
    brands = data[8:12] + data[16 : min(box_size, len(data), 256)]
    return any(brands[i : i + 4] in _AVIF_BRANDS for i in range(0, len(brands) - 3, 4))


def _is_bmp(data: bytes) -> bool:
    if len(data) < 26 or not data.startswith(b"BM"):
        return False
    return int.from_bytes(data[14:18], "little") in _BMP_DIB_SIZES


def _is_ico(data: bytes) -> bool:
    return len(data) >= 22 and data.startswith(b"\x00\x00\x01\x00") and data[4:6] != b"\x00\x00"


_MAGIC: tuple[tuple[str, Callable[[bytes], bool]], ...] = (
    ("png", lambda d: d.startswith(b"\x89PNG\r\n\x1a\n")),
    ("jpg", lambda d: d.startswith(b"\xff\xd8\xff")),
    ("gif", lambda d: d[:6] in (b"GIF87a", b"GIF89a")),
    ("webp", lambda d: len(d) >= 16 and d.startswith(b"RIFF") and d[8:12] == b"WEBP"),
    ("avif", _is_avif),
    ("ico", _is_ico),
    ("bmp", _is_bmp),
    ("tiff", lambda d: d[:4] in (b"II*\x00", b"MM\x00*")),
    ("svg", lambda d: _SVG_START.match(d[:65536]) is not None),
)


def sniff_image_extension(data: bytes) -> str | None:
    """The image format the bytes say they are (png, jpg, gif, webp, svg, avif,
    ico, bmp, tiff), or None when they are not an image."""
    for extension, matches in _MAGIC:
        if matches(data):
            return extension
    return None


# --------------------------------------------------------------------------- validation


def _png_size(data: bytes) -> tuple[int, int]:
    if len(data) < 33 or data[12:16] != b"IHDR":
        raise ValueError("truncated image")
    return struct.unpack(">II", data[16:24])


def _check_png(data: bytes) -> tuple[int, int]:
    size = _png_size(data)
    if data.rfind(b"IEND", max(0, len(data) - _TAIL_SLACK)) < 0:
        raise ValueError("truncated image")
    return size


_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_STANDALONE = frozenset(range(0xD0, 0xD8)) | {0x01, 0xD8}


def _jpeg_size(data: bytes) -> tuple[int, int]:
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            break
        marker = data[position + 1]
        if marker == 0xFF:
            position += 1
            continue
        if marker in _JPEG_STANDALONE:
            position += 2
            continue
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        if marker in _JPEG_SOF and position + 9 <= len(data):
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return width, height
        if marker == 0xDA or length < 2:
            break
        position += 2 + length
    return 0, 0


def _check_jpeg(data: bytes) -> tuple[int, int]:
    if data.rfind(b"\xff\xd9", max(0, len(data) - _TAIL_SLACK)) < 0:
        raise ValueError("truncated image")
    return _jpeg_size(data)


def _check_gif(data: bytes) -> tuple[int, int]:
    if len(data) < 13:
        raise ValueError("truncated image")
    return struct.unpack("<HH", data[6:10])


def _check_webp(data: bytes) -> tuple[int, int]:
    if len(data) < int.from_bytes(data[4:8], "little") + 8 or len(data) < 30:
        raise ValueError("truncated image")
    chunk = data[12:16]
    if chunk == b"VP8X":
        width, height = (int.from_bytes(data[at : at + 3], "little") + 1 for at in (24, 27))
        return width, height
    if chunk == b"VP8L":
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    return 0, 0


_SIZE_CHECKS: dict[str, Callable[[bytes], tuple[int, int]]] = {
    "png": _check_png,
    "jpg": _check_jpeg,
    "gif": _check_gif,
    "webp": _check_webp,
}

_SVG_UNSAFE = (
    ("script", re.compile(r"<(?:[\w-]+:)?script\b", re.IGNORECASE)),
    ("event handler", re.compile(r"[\s\"'/:]on[a-z]+\s*=", re.IGNORECASE)),
    ("foreignObject", re.compile(r"<(?:[\w-]+:)?foreignObject\b", re.IGNORECASE)),
    ("entity declaration", re.compile(r"<!ENTITY", re.IGNORECASE)),
    ("javascript URL", re.compile(r"javascript\s*:", re.IGNORECASE)),
    ("animated link", re.compile(r"attributeName\s*=\s*[\"']?(?:[\w-]+:)?href", re.IGNORECASE)),
    ("style import", re.compile(r"@import", re.IGNORECASE)),
)
_SVG_HREF = re.compile(r"(?:^|[\s\"'/:])href\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]*))", re.IGNORECASE)
_SVG_CSS_URL = re.compile(r"url\(\s*[\"']?([^\"')]*)", re.IGNORECASE)


def _is_local_reference(value: str) -> bool:
    value = value.strip().lower()
    return value.startswith("#") or value.startswith("data:")


def _check_svg(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    for reason, pattern in _SVG_UNSAFE:
        if pattern.search(text):
            raise ValueError(f"unsafe SVG: {reason}")
    references = [next(filter(None, m.groups()), "") for m in _SVG_HREF.finditer(text)]
    references += _SVG_CSS_URL.findall(text)
    if not all(_is_local_reference(value) for value in references):
        raise ValueError("unsafe SVG: external reference")


def check_image(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The extension for acceptable image bytes; ValueError("<reason>") otherwise."""
    if not data:
        raise ValueError("empty")
    if len(data) > max_bytes:
        raise ValueError(f"too large ({len(data)} bytes > {max_bytes})")
    extension = sniff_image_extension(data)
    if extension is None:
        raise ValueError("not an image")
    if extension == "svg":
        _check_svg(data)
    elif extension in _SIZE_CHECKS:
        width, height = _SIZE_CHECKS[extension](data)
        if width * height > MAX_PIXELS:
            raise ValueError(f"image too large ({width}x{height} pixels)")
    return extension


# --------------------------------------------------------------------------- data URIs


def decode_data_uri(uri: str) -> bytes:
    """The bytes of a `data:` URI, base64 or percent-encoded; ValueError if malformed."""
    scheme, _, rest = uri.strip().partition(":")
    if scheme.lower() != "data" or "," not in rest:
        raise ValueError("malformed data URI")
    header, _, body = rest.partition(",")
    payload = unquote_to_bytes(body)
    if not header.strip().lower().endswith(";base64"):
        return payload
    return _forgiving_base64(payload)


def _forgiving_base64(payload: bytes) -> bytes:
    compact = re.sub(rb"[\t\n\f\r ]", b"", payload)
    if len(compact) % 4 == 0 and compact.endswith(b"="):
        compact = compact.rstrip(b"=")
    if len(compact) % 4 == 1 or b"=" in compact:
        raise ValueError("malformed base64 in data URI")
    try:
        return base64.b64decode(compact + b"=" * (-len(compact) % 4), validate=True)
    except binascii.Error as exc:
        raise ValueError("malformed base64 in data URI") from exc


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
    for name in names:
        if _same_content(folder / name, data):
            return name
        if not (folder / name).exists() and _store(data, folder, name):
            return name
        if _same_content(folder / name, data):  # written meanwhile by someone else
            return name
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
    import os
    import secrets

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
        names = _candidate_names(data, extension, hash_mode)
        return SavedImage(url, name=_place(data, folder, names))
    except (ClipperError, ValueError) as exc:
        return SavedImage(url, error=_failure_reason(exc))
    except OSError as exc:
        return SavedImage(url, error=f"cannot write attachment: {exc.strerror or exc}")


def _outcome_for(url: str, outcome: SavedImage, relative_folder: str) -> SavedImage:
    if outcome.name is None:
        return outcome
    return SavedImage(url, name=_join(relative_folder, outcome.name))
