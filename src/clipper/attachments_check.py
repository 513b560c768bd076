"""Is it an image we may embed? The bytes decide, never the server's word.

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
import re
import struct
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

MAX_PIXELS = 100_000_000
"""Images declaring more pixels than this are refused as decompression bombs."""
DEFAULT_MAX_BYTES = 25 * 1024 * 1024
_TAIL_SLACK = 1024
"""How far from the end the PNG IEND / JPEG EOI marker may sit (trailing junk)."""


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


def is_a_pixel(data: bytes, extension: str) -> bool:
    """Whether checked image bytes (`check_image`'s `extension`) declare a 1x1 image:
    a tracking pixel or a spacer, which nobody reading the note would see (the note
    embeds an image at its own size, whatever width the page stretched it to)."""
    measure = _SIZE_CHECKS.get(extension)
    return measure is not None and measure(data) == (1, 1)


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
