"""Reading and surgically editing a note that is already in the vault.

Everything the user wrote is sacred: these functions change only the lines
clipper owns (the body of Texte complet, the properties it manages, the
Historique section) and hand every other byte back unchanged."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from clipper.errors import VaultError
from clipper.note_labels import FRENCH, LABELS, Labels
from clipper.note_yaml import dump_properties
from clipper.vault import NOTE_DELIMITER, NoteEncoding, decode_note

HISTORY_HEADING = FRENCH.history
_TEXTE_HEADINGS = frozenset(labels.texte for labels in LABELS.values())
_DELIMITER = NOTE_DELIMITER
_TOP_LEVEL_KEY = re.compile(r"^([^\s#:-][^:\n]*?):(?:[ \t]|$)")
_HISTORY_ENTRY = re.compile(r"^- \[\[\d{4}-\d{2}-\d{2}-[^\]\n]+\]\] ?: ")
"""A line clipper writes under Historique; page text never starts so (Markdown escapes `- ` and `[[`)."""
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")
_LEVEL_1_OR_2 = re.compile(r"#{1,2} ")
_FENCE = re.compile(r"\s{0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class NoteFile:
    """A note's text cut where clipper needs it: `front` (YAML lines between
    the delimiters), `body` (after the closing delimiter), parsed `properties`;
    `opening` and `closing` are the delimiter lines as the note has them."""

    front: str
    body: str
    properties: dict[str, Any]
    opening: str = _DELIMITER + "\n"
    closing: str = _DELIMITER + "\n"


def read_note(text: str) -> NoteFile:
    """Split a note; raise ValueError when its properties block is missing or broken.
    `join_note(read_note(text)) == text` for every note this accepts. Delimiters
    may carry trailing spaces (or a "\r"); the text is what `vault.decode_note` gives."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != _DELIMITER or not lines[0].endswith("\n"):
        raise ValueError("the note has no properties block")
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() == _DELIMITER), None)
    if closing is None:
        raise ValueError("the note's properties block is not closed")
    front = "".join(lines[1:closing])
    body = "".join(lines[closing + 1 :])
    properties = _parse_properties(front)
    return NoteFile(front=front, body=body, properties=properties, opening=lines[0], closing=lines[closing])


def _parse_properties(front: str) -> dict[str, Any]:

    try:
        properties = yaml.load(front, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except Exception as exc:  # noqa: BLE001 — any YAML failure is a broken properties block
        raise ValueError(f"the note's properties cannot be read ({exc})") from exc
    if properties is None:
        return {}
    if not isinstance(properties, dict):
        raise ValueError("the note's properties are not a mapping")
    return properties


def join_note(note: NoteFile) -> str:
    return f"{note.opening}{note.front}{note.closing}{note.body}"


def texte_complet_span(body: str) -> tuple[int, int] | None:
    """Offsets of Texte complet's content in `body`: from after its heading line
    to the next heading of level 1 or 2 outside code fences (or the end), less
    a trailing run of Historique lines whose heading the user deleted."""
    lines = body.splitlines(keepends=True)
    offset, start, fence = 0, None, None
    for line in lines:
        stripped = line.rstrip("\r\n")
        if start is None:
            if stripped.rstrip() in _TEXTE_HEADINGS:
                start = offset + len(line)
        else:
            if "```" in stripped[:6] or "~~~" in stripped[:6]:  # a fence opens within 3 characters
                fence = _track_fence(stripped, fence)
            if fence is None and stripped[:1] == "#" and _LEVEL_1_OR_2.match(stripped):
                return start, _before_history_lines(body, start, offset)
        offset += len(line)
    return (start, _before_history_lines(body, start, len(body))) if start is not None else None


def _before_history_lines(body: str, start: int, end: int) -> int:
    """`end`, or where a trailing block of Historique lines (after a blank line) begins."""
    lines = body[start:end].splitlines(keepends=True)
    last = len(lines)
    while last and not lines[last - 1].strip():
        last -= 1
    first = last
    while first and _HISTORY_ENTRY.match(lines[first - 1]):
        first -= 1
    if first == last or (first and lines[first - 1].strip()):
        return end
    return start + sum(len(line) for line in lines[:first])


def texte_complet_of(body: str) -> str | None:
    span = texte_complet_span(body)
    return None if span is None else body[span[0] : span[1]].strip("\n")


def with_texte_complet(body: str, texte: str) -> str:
    """`body` with Texte complet's content replaced by `texte`; all else unchanged."""
    span = texte_complet_span(body)
    if span is None:
        raise ValueError("the note has no « Texte complet : » section")
    start, end = span
    tail = body[end:]
    replacement = "\n" + texte.strip("\n") + "\n" + ("\n" if tail else "")
    return body[:start] + replacement + tail


def with_history_line(body: str, line: str, heading_text: str = HISTORY_HEADING) -> str:
    """`body` with `- line` added at the end of the Historique section; a missing
    heading is made again at the end of the note (nothing before it moves)."""
    entry = f"- {line}\n"
    lines = body.splitlines(keepends=True)
    heading = next((i for i, text in enumerate(lines) if text.rstrip() == heading_text), None)
    if heading is None:
        separator = "" if body.endswith("\n\n") else "\n" if body.endswith("\n") else "\n\n"
        return body + f"{separator}{heading_text}\n\n{entry}"
    end = next((i for i in range(heading + 1, len(lines)) if _LEVEL_1_OR_2.match(lines[i])), len(lines))
    last = end
    while last > heading + 1 and not lines[last - 1].strip():
        last -= 1
    before = "".join(lines[:last])
    if not before.endswith("\n"):
        before += "\n"
    if last == heading + 1:
        before += "\n"
    rest = "".join(lines[last:end])
    return before + entry + rest + "".join(lines[end:])


def with_avis(body: str, avis: Sequence[str], prefix: str, labels: Labels = FRENCH) -> str:
    """`body` with the new paragraphs of `avis` at the end of Mon avis (the first
    one after `prefix`, its date and colon): before the next heading of its rank or
    above (a section of the user's between Mon avis and Texte complet stays below),
    and nothing else moves. An avis whose every paragraph Mon avis already holds (a
    retried command) is not added again; the heading is known without its colon too
    ("## Mon avis"); a deleted one is made again just above Texte complet."""
    lines = body.splitlines(keepends=True)
    avis_at = next((i for i, text in enumerate(lines) if _is_avis_heading(text, labels)), None)
    texte_at = next((i for i, text in enumerate(lines) if text.rstrip() in _TEXTE_HEADINGS), None)
    if texte_at is None:
        raise ValueError("the note has no « Texte complet : » section")
    if avis_at is not None and avis_at > texte_at:
        avis_at = None
    end = texte_at
    if avis_at is not None:
        end = next((i for i in range(avis_at + 1, texte_at) if _SECTION_HEADING.match(lines[i])), texte_at)
    section = "".join(lines[avis_at + 1 : end]) if avis_at is not None else ""
    present = {_plain(_without_date(paragraph)) for paragraph in _PARAGRAPH_BREAK.split(section)}
    paragraphs = [p.strip("\n") for p in avis if p.strip() and not _held(p, present)]
    if not paragraphs:
        return body
    paragraphs[0] = f"{prefix} {paragraphs[0]}"
    addition = "\n\n".join(paragraphs)
    if avis_at is None:
        addition = f"{labels.avis}\n\n{addition}"
    head = "".join(lines[:end]).rstrip("\n")
    return f"{head}\n\n{addition}\n\n" + "".join(lines[end:])


_SECTION_HEADING = re.compile(r"#{1,2}[ \t]")
"""A heading of Mon avis's rank (`## `) or above: where the user's next section starts."""


def _is_avis_heading(line: str, labels: Labels) -> bool:
    """`## Mon avis :`, or as the user may have retyped it (`## Mon avis`, `## mon avis:`)."""
    return _heading_words(line) == _heading_words(labels.avis)


def _heading_words(line: str) -> str:
    return " ".join(line.strip().rstrip(":： ").split()).casefold()


def _held(avis: str, present: set[str]) -> bool:
    """Whether Mon avis already holds every paragraph of `avis`."""
    return all(_plain(paragraph) in present for paragraph in _PARAGRAPH_BREAK.split(avis) if paragraph.strip())


def _without_date(paragraph: str) -> str:
    return re.sub(r"^\s*\[\[\d{4}-\d{2}-\d{2}-[^\]\n]+\]\] ?: ", "", paragraph)


def _plain(text: str) -> str:
    return " ".join(text.split())


def with_properties(front: str, changes: Mapping[str, object]) -> str:
    """The YAML `front` with each key of `changes` set (None removes it); other
    keys keep their exact lines, new keys go at the end."""
    blocks = _property_blocks(front)
    pending = dict(changes)
    out: list[str] = []
    for key, block in blocks:
        if key is not None and key in pending:
            value = pending.pop(key)
            if value is not None:
                out.append(dump_properties({key: value}))
        else:
            out.append(block)
    for key, value in pending.items():
        if value is not None:
            out.append(dump_properties({key: value}))
    text = "".join(out)
    return text if not text or text.endswith("\n") else text + "\n"


def _property_blocks(front: str) -> list[tuple[str | None, str]]:
    """The front matter cut into (top-level key, its lines) blocks."""
    blocks: list[tuple[str | None, str]] = []
    for line in front.splitlines(keepends=True):
        match = _TOP_LEVEL_KEY.match(line)
        if match:
            blocks.append((match.group(1).strip().strip("'\""), line))
        elif blocks:
            key, text = blocks[-1]
            blocks[-1] = (key, text + line)
        else:
            blocks.append((None, line))
    return blocks


def _track_fence(line: str, fence: str | None) -> str | None:
    match = _FENCE.match(line)
    if not match:
        return fence
    marker = match.group(1)
    if fence is None:
        return marker
    return None if marker[0] == fence[0] and len(marker) >= len(fence) else fence


@dataclass(frozen=True)
class NoteOnDisk:
    """A note as read: its bytes, its parts, and how its bytes are written."""

    data: bytes
    note: NoteFile
    style: NoteEncoding


def texte_hash(texte: str | None) -> str:
    normalised = "\n".join(line.rstrip() for line in (texte or "").strip("\n").splitlines())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def read_note_file(path: Path) -> NoteOnDisk:
    """The note at `path`, whatever its encoding, BOM or line ends; VaultError if it
    cannot be read or is not a note."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise VaultError(f"cannot read the note ({exc.strerror})", str(path)) from exc
    text, style = decode_note(data)
    try:
        return NoteOnDisk(data, read_note(text), style)
    except ValueError as exc:
        raise VaultError(f"cannot read the note ({exc})", str(path)) from exc
