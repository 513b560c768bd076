"""How a note's bytes become text and back, keeping what the user's editor chose: the
encoding (UTF-8, a BOM, a legacy charset), the line ends; and the quick look at a note's
first bytes that finds the page it was clipped from."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

NOTE_DELIMITER = "---"


@dataclass(frozen=True)
class NoteEncoding:
    """How a note's bytes are written: its encoding, byte-order mark and line ends,
    so that an update hands them back the way the user's editor saved them."""

    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"
    """"\r\n" when every line of the note ended so (the text is handled with "\n")."""


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


_FALLBACK_ENCODINGS = ("utf-8", "cp1252", "latin-1")


def decode_note(data: bytes, *, partial: bool = False) -> tuple[str, NoteEncoding]:
    """The text of a note's bytes, with "\n" line ends, and how to write it back.

    A byte-order mark says the encoding; else UTF-8, then Windows-1252 and
    Latin-1 (which decodes anything). `encode_note(*decode_note(data)) == data`.
    With `partial` (the first bytes of a file) a character cut at the end is dropped."""
    bom, encoding = next(((mark, name) for mark, name in _BOMS if data.startswith(mark)), (b"", ""))
    data = data[len(bom) :]
    text = None
    for candidate in (encoding,) if encoding else _FALLBACK_ENCODINGS:
        try:
            text = data.decode(candidate, errors="ignore" if partial else "strict")
            encoding = candidate
            break
        except UnicodeDecodeError:
            continue
    assert text is not None  # latin-1 decodes every byte
    crlf = "\r\n" in text and text.count("\r\n") == text.count("\n")
    if crlf:
        text = text.replace("\r\n", "\n")
    return text, NoteEncoding(encoding, bool(bom), "\r\n" if crlf else "\n")


def encode_note(text: str, style: NoteEncoding) -> bytes:
    """`text` (with "\n" line ends) as bytes in the note's own encoding, BOM and line ends.
    A character the encoding cannot hold makes the note UTF-8 (every character kept)."""
    if style.newline != "\n":
        text = text.replace("\n", style.newline)
    try:
        data = text.encode(style.encoding)
        encoding = style.encoding
    except UnicodeEncodeError:
        data, encoding = text.encode("utf-8"), "utf-8"
    bom = next((mark for mark, name in _BOMS if name == encoding), b"") if style.bom else b""
    return bom + data


def clipped_source_in(head: bytes) -> str | None:
    """The `source` property of a note whose file starts with `head`, when its
    properties say clipper made it (`source` and `extractor`); whatever the
    note's encoding, BOM, line ends or trailing spaces."""
    source, extractor = source_and_extractor_in(head)
    return source if source and extractor and source.startswith(("http://", "https://", "file://")) else None


def source_and_extractor_in(head: bytes) -> tuple[str | None, str | None]:
    """The `source` and `extractor` properties as the note starting with `head` spells
    them (None for one it lacks), read as `clipped_source_in` reads them."""
    text, _ = decode_note(head, partial=True)
    lines = text.splitlines()
    if not lines or lines[0].rstrip() != NOTE_DELIMITER:
        return None, None
    source = extractor = None
    for line in lines[1:]:
        line = line.rstrip()
        if line == NOTE_DELIMITER:
            break
        if line.startswith("source:"):
            source = line[7:].strip().strip("'\"")
        elif line.startswith("extractor:"):
            extractor = line[10:].strip()
    return source, extractor
