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
from typing import Any

from clipper.errors import UsageError
from clipper.markdown import escape_text, image_html, image_markdown, link_markdown, resolve_line_starts
from clipper.models import LEFT_OUT, Extraction, ImageRef, Note
from clipper.note_file import (
    HISTORY_HEADING,
    NoteFile,
    join_note,
    read_note,
    texte_complet_of,
    texte_complet_span,
    with_avis,
    with_history_line,
    with_properties,
    with_texte_complet,
)
from clipper.note_labels import AVIS_HEADING, ENGLISH_WEEKDAYS, FRENCH, FRENCH_WEEKDAYS, LABELS, TEXTE_HEADING, Labels
from clipper.note_yaml import dump_properties

__all__ = [
    "AVIS_HEADING",
    "ENGLISH_WEEKDAYS",
    "FRENCH",
    "FRENCH_WEEKDAYS",
    "HISTORY_HEADING",
    "LABELS",
    "Labels",
    "NoteFile",
    "NoteRequest",
    "TEXTE_HEADING",
    "check_language",
    "daily_note_link",
    "french_weekday",
    "join_note",
    "labels_in",
    "local_embed",
    "normalise_tags",
    "note_properties",
    "note_stem",
    "note_title",
    "read_note",
    "render",
    "render_body",
    "safe_title",
    "shown_literally",
    "texte_complet",
    "texte_complet_of",
    "texte_complet_span",
    "with_avis",
    "with_history_line",
    "with_properties",
    "with_texte_complet",
]


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
    """The extraction's Markdown with each saved image as a local embed, and without
    the images `embeds` leaves out (`LEFT_OUT`: a 1x1 pixel)."""
    markdown = extraction.markdown
    for ref in extraction.images:
        saved = embeds.get(ref.url)
        if saved == LEFT_OUT:
            markdown = _left_out(_left_out(markdown, image_markdown(ref)), image_html(ref))
        elif saved:
            markdown = markdown.replace(image_markdown(ref), local_embed(saved, link_style))
            markdown = markdown.replace(image_html(ref), image_html(ImageRef(saved, ref.alt)))
    return markdown


def _left_out(markdown: str, reference: str) -> str:
    """`markdown` without `reference` (an image left out): the link it was the whole
    text of goes with it, and so does a line (a paragraph, a list item) it was all
    of, with the blank line that parted it from the next."""
    if reference not in markdown:
        return markdown
    link = re.compile(r"\[" + re.escape(reference) + r"\]\((?:<[^<>\n]*>|[^()\s]*)\)")
    markdown = link.sub(lambda _: reference, markdown)
    kept: list[str] = []
    parted = False
    for line in markdown.split("\n"):
        if reference in line:
            line = line.replace(f" {reference} ", " ").replace(reference, "")
            if _EMPTY_LINE.fullmatch(line):
                parted = not kept or kept[-1] == ""
                continue
        elif parted and line == "":
            parted = False
            continue
        parted = False
        kept.append(line)
    return "\n".join(kept)


_EMPTY_LINE = re.compile(r"[\s>]*(?:[-*+]|\d+[.)])?\s*")
"""A line with nothing left but a list's or a quote's marker."""


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
        f"# {shown_literally(stem)}",
        f"{labels.harvest_date} {daily_note_link(request.harvest_date, labels)}",
        resolve_line_starts(link_markdown(page_title, source)) if source else shown_literally(page_title),
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


def shown_literally(text: str) -> str:
    """`text` (a title, a name) escaped so that Obsidian shows it as it is: a
    `%%` opens no comment, `==` no highlight, `#Coq` makes no tag, `[[x]]` no link."""
    return resolve_line_starts(escape_text(text))


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
    """The note's text: its properties between `---` lines, a blank line, the body (as
    python-frontmatter's `dumps` lays them out, trailing whitespace trimmed to one newline)."""
    return f"---\n{dump_properties(properties).strip()}\n---\n\n{body}".strip() + "\n"
