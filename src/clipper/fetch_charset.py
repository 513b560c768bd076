"""Bytes to text: BOM, HTTP charset, `<meta>`, then detection (`decode_html`)."""

from __future__ import annotations

import codecs
import re

META_SCAN_BYTES = 4096

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CHARSET_PARAM = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9._:+-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:+-]+)""", re.IGNORECASE)
_HTML_LANG = re.compile(rb"""<html\b[^>]*?\blang\s*=\s*["']?\s*([A-Za-z]{2,3})\b""", re.IGNORECASE)
WINDOWS_1252_LANGUAGES = frozenset(
    "af br ca co da de en es eu fi fo fr fy ga gd gl id is it lb ms nb nl nn no oc pt rm sq sv sw wa".split()
)
"""Languages whose pages, when they declare no charset and are not UTF-8, browsers read as
windows-1252 (WHATWG HTML, the suggested default encoding of their locales)."""
_BROWSER_ALIASES = {
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
}
"""Labels browsers decode as a superset (WHATWG Encoding), keyed by Python codec name."""


def decode_html(body: bytes | bytearray, content_type: str | None) -> tuple[str, str]:
    """The body as text, and the codec used (Python name: "utf-8", "cp1252", …).

    Order: BOM, then the HTTP charset, then `<meta>` in the first 4 KB, then
    detection; a declaration that is unknown or does not fit the bytes is
    skipped, and valid non-ASCII UTF-8 wins over a declared legacy charset
    (servers often default to iso-8859-1 for UTF-8 pages). Labels
    iso-8859-1, latin-1 and ascii mean windows-1252, as in browsers. Last
    resort utf-8 with replacement. Never raises; NULs removed.
    """
    text, encoding = _decode_cascade(body, content_type or "")
    return (text.replace("\x00", "") if "\x00" in text else text), encoding


def _decode_cascade(body: bytes | bytearray, content_type: str) -> tuple[str, str]:
    bom = _bom_encoding(body)
    if bom:
        return body[len(_bom_bytes(bom)) :].decode(bom, errors="replace"), bom
    header, meta = _header_charset(content_type), _meta_charset(body)
    if _is_legacy(header or meta) and not body.isascii():
        utf8 = _strict_decode(body, "utf-8")
        if utf8 is not None:  # a server default (iso-8859-1) over a UTF-8 page
            return utf8, "utf-8"
    for declared in (header, meta):
        decoded = _strict_decode(body, declared)
        if decoded is not None:
            return decoded, declared or ""
    return _detect(body)


def _is_legacy(codec: str | None) -> bool:
    """A declared charset that is neither UTF-8 nor UTF-16/32 (absent counts as legacy)."""
    return not (codec or "").startswith("utf")


def _bom_encoding(body: bytes | bytearray) -> str | None:
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return encoding
    return None


def _bom_bytes(encoding: str) -> bytes:
    return next(bom for bom, name in _BOMS if name == encoding)


def _header_charset(content_type: str) -> str | None:
    match = _CHARSET_PARAM.search(content_type.encode("latin-1", errors="replace"))
    return _codec_name(match.group(1)) if match else None


def _meta_charset(body: bytes | bytearray) -> str | None:
    match = _META_CHARSET.search(body[:META_SCAN_BYTES])
    if not match:
        return None
    codec = _codec_name(match.group(1))
    # A <meta> cannot truly declare UTF-16/32: the bytes read as ASCII (WHATWG).
    return "utf-8" if codec and codec.startswith(("utf-16", "utf-32")) else codec


def _codec_name(label: bytes | str) -> str | None:
    """The Python codec for a charset label, browser aliases applied; None if unknown."""
    if isinstance(label, bytes):
        label = label.decode("ascii", errors="replace")
    try:
        name = codecs.lookup(label.strip().lower()).name
    except (LookupError, ValueError):
        return None
    return _BROWSER_ALIASES.get(name, name)


def _strict_decode(body: bytes | bytearray, encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(body: bytes | bytearray) -> tuple[str, str]:
    """No usable declaration: UTF-8 if it fits (or nearly), else charset-normalizer."""
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(body):
        return body.decode("utf-8", errors="replace"), "utf-8"
    guess = _guess_legacy_encoding(body)
    if guess:
        return body.decode(guess, errors="replace"), guess
    return body.decode("utf-8", errors="replace"), "utf-8"


def _mostly_utf8(body: bytes | bytearray) -> bool:
    """UTF-8 with a few broken bytes (a common server accident), not a legacy charset."""
    text = body[:200_000].decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - body[:200_000].count(b"\xef\xbf\xbd")
    good = sum(1 for char in text if ord(char) > 0x7F and char != "\ufffd")
    return good >= 3 * broken > 0


def _guess_legacy_encoding(body: bytes | bytearray) -> str | None:
    """windows-1252 for a page whose `<html lang>` is a language written in it, when its
    bytes fit (a short French page had read as Baltic: "Café ą la crčme"); else
    charset-normalizer's guess, windows-1252 winning ties, as on the French web."""
    language = _HTML_LANG.search(body[:META_SCAN_BYTES])
    if language and language.group(1).decode("ascii").lower() in WINDOWS_1252_LANGUAGES:
        if _strict_decode(body, "cp1252") is not None:
            return "cp1252"
    # deferred: detection loads only when no charset is declared
    from charset_normalizer import from_bytes

    try:
        results = list(from_bytes(body[:200_000]))
    except Exception:  # a detector bug must not lose the page: fall back to utf-8
        return None
    if not results:
        return None
    best = results[0]
    for result in results:
        if result.encoding == "cp1252" and result.chaos <= best.chaos + 0.01:
            return "cp1252"
    return _codec_name(best.encoding)
