"""The pieces every schedule shape shares: the `Schedule` found, the reading
`Context`, and the helpers that read a session's speakers, links and modality
and write its Markdown block.

Blocks are Markdown written here, not by the converter: every piece of page
text goes through `escape_text` and every block through `resolve_line_starts`,
as the converter does, so that a title holding `[[x]]`, `%%` or `#tag` shows
literally instead of turning into a link, a comment or a tag. The modality
("[In-Person]") is written once, after the session's first title.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from lxml.html import HtmlElement

from clipper.extract.course_dates import (
    YearRule,
)
from clipper.extract.course_names import is_name, split_names, strip_honorifics
from clipper.extract.course_sections import (
    HEADING_TAGS,
    lines_of,
)
from clipper.extract.course_vocab import (
    MODALITY,
    NO_SESSION,
    SPEAKER_CLASS_HINTS,
    SPEAKER_LINE,
)
from clipper.extract.text import collapse, is_element, text_of
from clipper.markdown import (
    absolute_link,
    escape_text,
    html_to_markdown,
    link_markdown,
    resolve_line_starts,
)
from clipper.models import Link, Session

BRACKET_LINK = re.compile(r"(?<!\[)\[(?!\[)[^\[\]]{0,25}\](?!\])")
"""A bracketed link label ("[slides]") in a title line; `[[x]]` is page text, kept."""
STRUCK = ("s", "del", "strike")
BLOCK_CHILDREN = ("ul", "ol", "table", "p", "div", "dl", "blockquote", "pre")


@dataclass(frozen=True)
class Schedule:
    """One schedule found on the page and where it stands."""

    shape: str
    """"table", "list" or "cards"."""
    sessions: tuple[Session, ...]
    blocks: tuple[str, ...]
    """One Markdown block per session."""
    texts: tuple[str, ...]
    """One plain-text block per session."""
    elements: tuple[HtmlElement, ...]
    """The page elements it replaces in Texte complet (first gets the blocks)."""
    labelled: bool = False
    """Found under a schedule label (or on a page whose title names one)."""
    label: str = ""
    """The label it stands under, to tell two schedules of one page apart."""


@dataclass(frozen=True)
class Context:
    base_url: str | None
    years: YearRule | None
    render: bool = True
    """False when only the sessions are wanted (detection): no Markdown blocks."""
    slash_order: str | None = None
    """How the page as a whole writes `a/b` dates, for schedules that alone do not show it."""


def distinct(cells: list[HtmlElement]) -> list[HtmlElement]:
    return list({id(cell): cell for cell in cells}.values())


def unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


def without_struck(element: HtmlElement) -> HtmlElement:
    clone = copy.deepcopy(element)
    for struck in list(clone.iter(*STRUCK)):
        struck.drop_tree()
    return clone


def speakers_from_lines(lines: list[str]) -> list[str]:
    """Names from lines like "Speakers: Jason Wei & Hyung Won Chung, OpenAI"."""
    names: list[str] = []
    for line in lines:
        match = SPEAKER_LINE.match(line)
        if match:
            names.extend(speaker_names(line[match.end() :], match.group(1).lower().endswith("s")))
    return names


def speaker_names(value: str, plural: bool) -> list[str]:
    groups = re.split(r"\s*(?:&|\band\b|\bet\b|\bund\b|;)\s*", value)
    if len(groups) > 1:
        return [group.split(",")[0].strip() for group in groups if is_name(group.split(",")[0], 1)]
    pieces = [piece.strip() for piece in value.split(",")]
    if plural and len(pieces) > 1 and all(is_name(piece) for piece in pieces):
        return pieces
    if len(pieces) > 2 and all(is_name(piece) for piece in pieces):
        return pieces
    return [pieces[0]] if pieces and is_name(re.sub(r"\(.*?\)", "", pieces[0]), 1) else []


def find_modality(text: str) -> str | None:
    found = MODALITY.search(text or "")
    return collapse(found.group(1)) if found else None


def collect_links(elements: list[HtmlElement], context: Context) -> list[Link]:
    """The links in `elements`, absolute and cleaned; in-page anchors, mail and scripts left out."""
    links = []
    for element in elements:
        for anchor in element.iter("a"):
            href = (anchor.get("href") or "").strip()
            if href.startswith(("#", "mailto:")):
                continue
            url = absolute_link(href, context.base_url)
            if url:
                links.append(Link(text_of(anchor) or url, url))
    return links


def head_lines(session: Session, markdown: bool = True) -> list[str]:
    """The session's first line (date — title [modality]) and its further titles."""
    say = escape_text if markdown else str
    bold = "**{}**" if markdown else "{}"
    first = say(session.titles[0]) if session.titles else ""
    head = bold.format(say(session.date_text)) if session.date_text else ""
    if first:
        head = f"{head} — {first}" if head else bold.format(first)
    mark = f" [{say(session.modality)}]" if session.modality else ""
    # A page that lists several talks in one session prints the modality after each.
    return [head + mark, *(say(title) + mark for title in session.titles[1:])]


def speakers_line(speakers: tuple[str, ...] | list[str], markdown: bool = True) -> str:
    say = escape_text if markdown else str
    return f"Speaker{'s' if len(speakers) > 1 else ''}: " + ", ".join(map(say, speakers))


def links_line(links: tuple[Link, ...] | list[Link]) -> str:
    return " · ".join(link_markdown(link.text, link.url) for link in links)


def leading_copy(cell: HtmlElement) -> HtmlElement:
    """A copy of the cell cut at its first block child (the title part)."""
    head = copy.deepcopy(cell)
    cut = False
    for child in list(head):
        cut = cut or child.tag in BLOCK_CHILDREN
        if cut:
            child.tail = None
            child.drop_tree()
    return head


def is_link_line(line: str) -> bool:
    return bool(re.fullmatch(r"(\s*\[[^\]]*\]\s*)+", line))


def hinted_speakers(element: HtmlElement) -> list[str]:
    names: list[str] = []
    for node in element.iter():
        if not is_element(node) or node.tag in HEADING_TAGS:
            continue
        hints = node.get("class", "").lower()
        if any(hint in hints for hint in SPEAKER_CLASS_HINTS):
            lines = lines_of(node)
            if lines:
                first = SPEAKER_LINE.sub("", lines[0], count=1)  # "Speaker: Min Lee" names Min Lee
                names.extend(name for name in speaker_names(first, plural=False) if name not in names)
    return names


MAX_NO_SESSION_WORDS = 10


def is_no_session(text: str) -> bool:
    """A short title or row that marks a day without a session: "Spring break", "Vacances de la Toussaint",
    "国庆节放假", "추석 연휴 (휴강)" (words in `course_vocab.NO_SESSION`)."""
    return len(text.split()) <= MAX_NO_SESSION_WORDS and bool(NO_SESSION.search(text))


def is_break(session: Session) -> bool:
    """A list item or card for a day without a session ("Week 4: Thanksgiving break", "第3周：国庆节放假",
    "Spring break: no colloquium"): its one title says so and it names no speaker."""
    return len(session.titles) == 1 and not session.speakers and is_no_session(session.titles[0])


INLINE_SPEAKER = re.compile(
    r"\s*[—–-]?\s*(?P<bracket>[(\[（])?\s*(?:guest\s+)?(?:speakers?|presenters?|intervenant(?:e)?s?|vortragende[rn]?|"
    r"referent(?:in)?)\s*[:：]\s*(?P<who>.+?)\s*(?(bracket)[)\]）])$",
    re.IGNORECASE,
)
"""A speaker named after the title, also in brackets: "Title — Speaker: A", "Title (presenter: A)"; a
closing bracket ends the name only when one opened before the label ("Speaker: A (MIT)" keeps its own)."""


_LEADING_SPEAKER = re.compile(r"(?P<who>[^():：]{3,60}?)\s*[(（][^()（）]{2,80}[)）]\s*[:：]\s*(?P<title>\S.*)")
"""A speaker and their affiliation before the title: "Davide Romano (Università di Pisa): Title"."""


def leading_speaker(text: str) -> tuple[str, str] | None:
    """(speaker, title) of "Davide Romano (Università di Pisa): Title"; None for any other shape."""
    leading = _LEADING_SPEAKER.match(collapse(text))
    if leading and is_name(strip_honorifics(leading.group("who"))):
        return strip_honorifics(leading.group("who")), leading.group("title")
    return None


MIN_LEADING_SPEAKER_SHARE = 0.75


def speakers_lead_titles(texts: list[str]) -> bool:
    """Whether a list's items name their speaker before the title, as a seminar's programme does:
    three quarters of them or more, each a different person. A course list where a topic or two
    carry a subtitle ("Linear Regression (Part I): least squares", "… (Part II): …") does not."""
    speakers = [found[0] for text in texts if (found := leading_speaker(text))]
    return len(speakers) >= max(2, MIN_LEADING_SPEAKER_SHARE * len(texts)) and len(set(speakers)) == len(speakers)


def split_byline(text: str, *, speaker_first: bool = True) -> tuple[str, list[str]]:
    """ "Title (Jane Doe)" / "Title — Jane Doe" / "Title, by Jane Doe" -> title, speakers; and
    "Jane Doe (MIT): Title" when `speaker_first` (the list's items are written so, `speakers_lead_titles`)."""
    text = collapse(text)
    inline = INLINE_SPEAKER.search(text)
    if inline:
        return text[: inline.start()].strip(" ,:—–-"), speaker_names(inline.group("who"), False)
    leading = leading_speaker(text) if speaker_first else None
    if leading:
        return leading[1], [leading[0]]
    match = re.search(r"(?:,?\s+by\s+|\s+[—–-]\s+|\s*\()([^()]+?)\)?$", text)
    if match and split_names(match.group(1)):
        return text[: match.start()].strip(" ,:"), split_names(match.group(1))
    return text, []


# --- table rows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowShown:
    """What a row's block shows below its head line, in the page's order."""

    speakers_apart: bool
    speaker_lines: list[str]
    after: list[str]
    parts: list[HtmlElement]
    extras: list[tuple[str, HtmlElement]]


def row_block(session: Session, shown: RowShown, title_cell: HtmlElement | None, context: Context) -> str:
    lines = head_lines(session) + [escape_text(line) for line in shown.speaker_lines]
    if shown.speakers_apart and session.speakers:
        lines.append(speakers_line(session.speakers))
    title_links = collect_links([leading_copy(title_cell)], context) if title_cell is not None else []
    if title_links:
        lines.append(links_line(title_links))
    chunks = ["\n".join(line for line in lines if line)]
    chunks.extend(escape_text(line) for line in shown.after)
    for part in shown.parts:
        chunks.append(html_to_markdown(part, context.base_url, heading_offset=4).markdown)
    for header, cell in shown.extras:
        converted = html_to_markdown(cell, context.base_url, heading_offset=4).markdown
        chunks.append(f"{escape_text(header)}: {converted}" if header else converted)
    return resolve_line_starts("\n\n".join(chunk.strip() for chunk in chunks if chunk.strip()))


def row_text(session: Session, shown: RowShown) -> str:
    lines = head_lines(session, markdown=False) + list(shown.speaker_lines)
    if shown.speakers_apart and session.speakers:
        lines.append(speakers_line(session.speakers, markdown=False))
    chunks = ["\n".join(lines), *shown.after] + ["\n".join(lines_of(part)) for part in shown.parts]
    chunks += [f"{header}: {text_of(cell)}" for header, cell in shown.extras]
    return "\n\n".join(chunk for chunk in chunks if chunk.strip())
