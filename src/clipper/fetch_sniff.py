"""Is it a web page? Mime types, magic numbers and a look at the first bytes; the
refusals (`NotAWebPageError`) name what the answer is instead.
"""

from __future__ import annotations

from clipper.errors import NotAWebPageError
from clipper.fetch_charset import _bom_encoding, _header_charset
from clipper.fetch_httpx import httpx
from clipper.fetch_types import HTML_TYPES, SNIFFED_TYPES


def _mime(response: httpx.Response) -> str:
    return mime_type(response.headers.get("content-type"))


def mime_type(content_type: str | None) -> str:
    """`text/html` from `Text/HTML; charset=utf-8`; "" when absent."""
    return (content_type or "").split(";", 1)[0].strip().lower()


_TYPE_NAMES = {
    "application/pdf": "a PDF document",
    "application/json": "JSON data",
    "application/zip": "a ZIP archive",
    "application/octet-stream": "a binary file (application/octet-stream)",
    "application/javascript": "a JavaScript file",
    "text/javascript": "a JavaScript file",
    "text/css": "a CSS style sheet",
    "text/csv": "a CSV table",
    "text/plain": "plain text",
}

_MAGIC_NAMES = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"OggS", "an Ogg audio or video file"),
    (b"\x7fELF", "a program"),
)


def describe_type(mime: str) -> str:
    """ "a PDF document", "an image (image/png)", … for a refused mime type."""
    if mime in _TYPE_NAMES:
        return _TYPE_NAMES[mime]
    family = mime.split("/", 1)[0]
    names = {"image": "an image", "audio": "an audio file", "video": "a video", "font": "a font"}
    if family in names:
        return f"{names[family]} ({mime})"
    if mime.endswith("+json"):
        return "JSON data"
    return f"a {mime} file"


def binary_kind(body: bytes, wide_charset: bool = False) -> str | None:
    """What a body is when it is clearly binary (magic number or NUL-heavy), else None.

    `wide_charset`: the body is declared UTF-16/32, where NULs are normal.
    """
    head = body[:1024]
    for magic, name in _MAGIC_NAMES:
        if head.startswith(magic):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "a WebP image"
    if wide_charset or _bom_encoding(head) or not head:
        return None
    if head.count(0) > len(head) // 10 or _control_bytes(head) > len(head) // 20:
        return "binary data"
    return None


_NON_TEXT_CONTROLS = bytes(byte for byte in [*range(0x20), 0x7F] if byte not in b"\t\n\r\f\x1b")
"""C0 controls and DEL that no text page holds (tabs, newlines, ESC aside)."""


def _control_bytes(head: bytes) -> int:
    """How many of `head`'s bytes are `_NON_TEXT_CONTROLS` (counted in C: 1 µs, not 37)."""
    return len(head) - len(head.translate(None, _NON_TEXT_CONTROLS))


def looks_like_html(body: bytes) -> bool:
    """Whether the first bytes read like an HTML document."""
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    starts = (b"<!doctype html", b"<html", b"<head", b"<body", b"<!--", b"<meta", b"<title")
    return head.startswith(starts) or b"<html" in head


def _refuse_declared_non_html(mime: str, url: str) -> None:
    if mime in HTML_TYPES or mime in SNIFFED_TYPES:
        return
    raise NotAWebPageError(f"{url} is {describe_type(mime)}, not a web page", target=url)


def _refuse_sniffed_non_html(body: bytes, content_type: str, url: str) -> None:
    mime = mime_type(content_type)
    declared = _header_charset(content_type) or ""
    kind = binary_kind(body, wide_charset=declared.startswith(("utf-16", "utf-32")))
    if kind is None and mime in SNIFFED_TYPES and not looks_like_html(body):
        kind = describe_type(mime) if mime else "not HTML"
    if kind is not None:
        served = f" (served as {mime})" if mime else ""
        raise NotAWebPageError(f"{url} is {kind}{served}, not a web page", target=url)
