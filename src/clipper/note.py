"""The note itself: its file name, its properties and its body, as
`../shared/NOTE_FORMAT.md` fixes them. `render(...) -> Note`; no disk here.

    ---
    title: <titre>
    source: <url>
    ...
    ---
    # <YYYY-MM-DD> <titre>

    Date de récolte : [[YYYY-MM-DD-<jour>]]

    [<page title>](<url>)

    ## Mon avis :

    <avis paragraphs, verbatim>

    ## Texte complet :

    <the page's main content as Markdown>
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import frontmatter
import yaml

from clipper.errors import UsageError
from clipper.markdown import image_html, image_markdown
from clipper.models import Extraction, ImageRef, Note
from clipper.vault import NOTE_DELIMITER

if TYPE_CHECKING:
    import yaml

FRENCH_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
ENGLISH_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Labels:
    """The words of a note's fixed lines in one language (`--langue`)."""

    language: str
    weekdays: tuple[str, ...]
    harvest_date: str
    avis: str
    texte: str
    history: str
    untitled: str


LABELS = {
    "fr": Labels(
        "fr",
        FRENCH_WEEKDAYS,
        "Date de récolte :",
        "## Mon avis :",
        "## Texte complet :",
        "## Historique :",
        "Sans titre",
    ),
    "en": Labels("en", ENGLISH_WEEKDAYS, "Harvest date:", "## My take:", "## Full text:", "## History:", "Untitled"),
}
FRENCH = LABELS["fr"]

AVIS_HEADING = FRENCH.avis
TEXTE_HEADING = FRENCH.texte

# Characters a file name may not hold on Windows/macOS/Linux or in an Obsidian link.
_FORBIDDEN_IN_NAME = re.compile(r'[/\\:*?"<>|#^\[\]]')
_MAX_STEM_BYTES = 180
_DEFAULT_TITLE = "Sans titre"


@dataclass(frozen=True)
class NoteRequest:
    """What the user asked for, beside what the page says."""

    harvest_date: dt.date
    titre: str | None = None
    avis: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    language: str = "fr"
    link_style: str = "wikilink"
    """How saved images are embedded: `wikilink` (`![[…]]`) or `markdown` (`![](…)`)."""

    def __post_init__(self) -> None:
        check_language(self.language)

    @property
    def labels(self) -> Labels:
        return LABELS[self.language]


def check_language(language: str) -> None:
    """Raise UsageError unless the note's fixed lines can be written in `language`."""
    if language not in LABELS:
        raise UsageError(f"unknown note language {language!r}: expected one of {', '.join(LABELS)}")


def french_weekday(day: dt.date) -> str:
    """`jeudi` for 2024-04-18, whatever the machine's locale."""
    return FRENCH_WEEKDAYS[day.weekday()]


def daily_note_link(day: dt.date, labels: Labels = FRENCH) -> str:
    """The wikilink to that day's Obsidian daily note: `[[2024-04-18-jeudi]]`."""
    return f"[[{day.isoformat()}-{labels.weekdays[day.weekday()]}]]"


def labels_in(body: str) -> Labels:
    """The language a note was written in, from its Texte complet heading."""
    for labels in LABELS.values():
        if any(line.rstrip() == labels.texte for line in body.splitlines()):
            return labels
    return FRENCH


def safe_title(title: str | None) -> str:
    """`title` made safe for a file name on every OS and in an Obsidian link.

    Forbidden characters become spaces (`: ` reads as ` - `), control and
    invisible format characters go, runs of spaces collapse, trailing dots and
    spaces go, and the result is cut (on a word where possible) to a bounded
    number of UTF-8 bytes.
    """
    text = unicodedata.normalize("NFC", title or "")
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\t\n")
    text = re.sub(r"\s*:\s+", " - ", text)
    text = _FORBIDDEN_IN_NAME.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip(" .-")
    text = _cut_to_bytes(text, _MAX_STEM_BYTES).rstrip(" .-")
    return text or _DEFAULT_TITLE


def note_title(titre: str | None, untitled: str = _DEFAULT_TITLE) -> str:
    """The note's title property: the titre with its whitespace tidied."""
    return " ".join((titre or "").split()) or untitled


def note_stem(day: dt.date, title: str | None) -> str:
    """`2024-04-18 Un séminaire de Stanford sur les Transformers`."""
    return f"{day.isoformat()} {safe_title(title)}"


def render(extraction: Extraction, request: NoteRequest, *, embeds: Mapping[str, str] = {}) -> Note:
    """The note for `extraction`; `embeds` maps image URLs to vault-relative saved paths."""
    titre = note_title(request.titre or extraction.title or extraction.metadata.title, request.labels.untitled)
    stem = note_stem(request.harvest_date, titre)
    properties = note_properties(extraction, request, title=titre)
    texte = texte_complet(extraction, embeds, request.link_style)
    body = render_body(extraction, request, stem=stem, texte=texte)
    return Note(stem=stem, text=_with_front_matter(properties, body))


def texte_complet(extraction: Extraction, embeds: Mapping[str, str], link_style: str = "wikilink") -> str:
    """The extraction's Markdown with each saved image as a local embed."""
    markdown = extraction.markdown
    for ref in extraction.images:
        saved = embeds.get(ref.url)
        if saved:
            markdown = markdown.replace(image_markdown(ref), local_embed(saved, link_style))
            markdown = markdown.replace(image_html(ref), image_html(ImageRef(saved, ref.alt)))
    return markdown


def local_embed(path: str, link_style: str = "wikilink") -> str:
    """`![[attachments/x.png]]`, or `![](attachments/x.png)` in the Markdown link style."""
    if link_style == "markdown":
        return f"![]({path.replace(' ', '%20')})"
    return f"![[{path}]]"


def render_body(extraction: Extraction, request: NoteRequest, *, stem: str, texte: str) -> str:
    source = extraction.url or ""
    page_title = extraction.metadata.title or extraction.title or source
    labels = request.labels
    parts = [
        f"# {stem}",
        f"{labels.harvest_date} {daily_note_link(request.harvest_date, labels)}",
        markdown_link(page_title, source) if source else escape_link_text(page_title),
        labels.avis,
        *(paragraph.strip("\n") for paragraph in request.avis if paragraph.strip()),
        labels.texte,
        texte.strip("\n"),
    ]
    return "\n\n".join(part for part in parts if part) + "\n"


def note_properties(extraction: Extraction, request: NoteRequest, *, title: str) -> dict[str, Any]:
    """Properties named as Obsidian Web Clipper names them, plus clipper's own."""
    meta = extraction.metadata
    properties: dict[str, Any] = {"title": title, "source": extraction.url or None}
    if meta.author:
        properties["author"] = [f"[[{name.strip()}]]" for name in _split_authors(meta.author)]
    if meta.published:
        properties["published"] = dt.date.fromisoformat(meta.published)
    properties["created"] = request.harvest_date
    if meta.description:
        properties["description"] = meta.description
    if meta.site:
        properties["site"] = meta.site
    properties["tags"] = normalise_tags(("clippings", *request.tags))
    properties["kind"] = extraction.kind
    properties["extractor"] = extraction.extractor
    teachers = [person.name for person in extraction.instructors if person.teaches]
    if teachers:
        properties["instructors"] = teachers
    if extraction.rendered:
        properties["rendered"] = True
    return {key: value for key, value in properties.items() if value not in (None, "", [])}


def normalise_tags(tags: Sequence[str]) -> list[str]:
    """Obsidian tags: no leading `#`, no spaces, each once, in the order given."""
    seen: list[str] = []
    for tag in tags:
        clean = re.sub(r"[\s,]+", "-", tag.strip().lstrip("#")).strip("-")
        if clean and clean not in seen:
            seen.append(clean)
    return seen


def escape_link_text(text: str) -> str:
    return re.sub(r"([\[\]\\])", r"\\\1", text)


def markdown_link(text: str, url: str) -> str:
    target = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"[{escape_link_text(text)}]({target})"


def _split_authors(value: str) -> list[str]:
    names = re.split(r"\s*(?:,|;|\band\b|\bet\b|&)\s*", value)
    return [name for name in names if name] or [value]


def _cut_to_bytes(text: str, limit: int) -> str:
    if len(text.encode("utf-8")) <= limit:
        return text
    cut = text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")
    if text[len(cut)] == " ":
        return cut  # the limit falls between two words: the last one is whole
    word_boundary = cut.rfind(" ")
    return cut[:word_boundary] if word_boundary > limit // 2 else cut


def _with_front_matter(properties: dict[str, Any], body: str) -> str:

    post = frontmatter.Post(body, **properties)
    return frontmatter.dumps(post, sort_keys=False, Dumper=_indented_dumper()) + "\n"


def _indented_dumper() -> type[yaml.SafeDumper]:
    """A YAML dumper that indents list items under their key, as Obsidian does."""

    class IndentedDumper(yaml.SafeDumper):
        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            return super().increase_indent(flow, False)

    return IndentedDumper


# ---------------------------------------------------------------------------
# Reading and surgically editing a note that is already in the vault.
#
# Everything the user wrote is sacred: these functions change only the lines
# clipper owns (the body of Texte complet, the properties it manages, the
# Historique section) and hand every other byte back unchanged.

HISTORY_HEADING = FRENCH.history
_TEXTE_HEADINGS = frozenset(labels.texte for labels in LABELS.values())
_DELIMITER = NOTE_DELIMITER
_TOP_LEVEL_KEY = re.compile(r"^([^\s#:-][^:\n]*?):(?:[ \t]|$)")
_HISTORY_ENTRY = re.compile(r"^- \[\[\d{4}-\d{2}-\d{2}-[^\]\n]+\]\] ?: ")
"""A line clipper writes under Historique; page text never starts so (Markdown escapes `- ` and `[[`)."""
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")


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
            fence = _track_fence(stripped, fence)
            if fence is None and re.match(r"#{1,2} ", stripped):
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
    end = next((i for i in range(heading + 1, len(lines)) if re.match(r"#{1,2} ", lines[i])), len(lines))
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
    one after `prefix`, its date and colon); nothing else moves. Paragraphs Mon avis already holds
    (a retried command) are not added again; a deleted Mon avis heading is made
    again just above Texte complet."""
    lines = body.splitlines(keepends=True)
    avis_at = next((i for i, text in enumerate(lines) if text.rstrip() == labels.avis), None)
    texte_at = next((i for i, text in enumerate(lines) if text.rstrip() in _TEXTE_HEADINGS), None)
    if texte_at is None:
        raise ValueError("the note has no « Texte complet : » section")
    if avis_at is not None and avis_at > texte_at:
        avis_at = None
    section = "".join(lines[avis_at + 1 : texte_at]) if avis_at is not None else ""
    present = {_plain(_without_date(paragraph)) for paragraph in _PARAGRAPH_BREAK.split(section)}
    paragraphs = [p.strip("\n") for p in avis if p.strip() and _plain(p) not in present]
    if not paragraphs:
        return body
    paragraphs[0] = f"{prefix} {paragraphs[0]}"
    addition = "\n\n".join(paragraphs)
    head = "".join(lines[:texte_at]).rstrip("\n")
    if avis_at is None:
        addition = f"{labels.avis}\n\n{addition}"
    return f"{head}\n\n{addition}\n\n" + "".join(lines[texte_at:])


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
                out.append(_dump_property(key, value))
        else:
            out.append(block)
    for key, value in pending.items():
        if value is not None:
            out.append(_dump_property(key, value))
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


def _dump_property(key: str, value: object) -> str:

    text = yaml.dump(
        {key: value}, Dumper=_indented_dumper(), sort_keys=False, allow_unicode=True, default_flow_style=False
    )
    return text if text.endswith("\n") else text + "\n"


def _track_fence(line: str, fence: str | None) -> str | None:
    match = re.match(r"\s{0,3}(`{3,}|~{3,})", line)
    if not match:
        return fence
    marker = match.group(1)
    if fence is None:
        return marker
    return None if marker[0] == fence[0] and len(marker) >= len(fence) else fence
