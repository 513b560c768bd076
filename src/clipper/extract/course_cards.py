"""Schedules printed as repeated blocks: cards, listing items, or one heading per session.

Under a schedule label, the largest group of same-looking headings marks one
session each (the card is the largest block holding only its heading; on a
flat page, a heading and what follows it). A card's session (`card_session`) is
read the same way for the repeated dated blocks found anywhere on the page
(`course_repeated`).
"""

from __future__ import annotations

from lxml.html import HtmlElement

from clipper.extract.course_blocks import (
    Context,
    Schedule,
    collect_links,
    find_modality,
    head_lines,
    hinted_speakers,
    is_break,
    is_link_line,
    links_line,
    speakers_from_lines,
    speakers_line,
    split_byline,
    unique,
)
from clipper.extract.course_dates import (
    DateMatch,
    find_date,
    is_date_text,
    leading_date,
    slash_order,
    to_iso,
)
from clipper.extract.course_names import is_name, split_names, strip_honorifics
from clipper.extract.course_sections import (
    HEADING_TAGS,
    Label,
    iter_region,
    lines_of,
)
from clipper.extract.course_vocab import (
    MODALITY,
    SPEAKER_LINE,
)
from clipper.extract.text import collapse, is_element, text_of
from clipper.markdown import (
    escape_text,
    image_markdown,
    image_source,
    resolve_line_starts,
)
from clipper.models import ImageRef, Session


def card_schedule(region: list[HtmlElement], labels: list[Label], context: Context) -> Schedule | None:
    inside = set(iter_region(region))
    markers = _markers(inside, labels)
    if len(markers) < 2:
        return None
    cards = _cards(markers, inside)
    dates = [_card_date(card, marker) for marker, card in zip(markers, cards)]
    order = slash_order(found for _, found in dates if found) or context.slash_order
    rows = [card_session(marker, card, date, context, order) for marker, card, date in zip(markers, cards, dates)]
    rows = [row for row in rows if not is_break(row[0])]
    if not rows:
        return None
    sessions, blocks, texts = zip(*rows)
    elements = tuple(element for card in cards for element in card)
    return Schedule("cards", tuple(sessions), tuple(blocks), tuple(texts), elements, labelled=True)


def _markers(inside: set[HtmlElement], labels: list[Label]) -> list[HtmlElement]:
    """The largest group of same-looking headings (or date lines), in reading order."""
    labelled = {label.element for label in labels if label.role}
    groups: dict[tuple[int, int, str, str], list[HtmlElement]] = {}
    for element in inside:
        if element in labelled:
            continue
        if element.tag in HEADING_TAGS[1:] and text_of(element):
            key = (0, int(element.tag[1]), element.tag, element.get("class", ""))
        elif len(element) == 0 and is_date_text(text_of(element), slack=12):
            key = (1, 9, element.tag, element.get("class", ""))
        else:
            continue
        groups.setdefault(key, []).append(element)
    if not groups:
        return []
    key = min(groups, key=lambda k: (-_dated(groups[k]) if k[0] == 0 else 0, -len(groups[k]), k[0], k[1]))
    return sorted(groups[key], key=_position)


def _dated(markers: list[HtmlElement]) -> int:
    """How many of a group's headings hold a date (a group of dated headings marks the sessions), capped
    below at two so that one stray date does not outweigh a larger group."""
    count = sum(1 for marker in markers if find_date(text_of(marker)))
    return count if count >= 2 else 0


def _position(element: HtmlElement) -> tuple[int, ...]:
    """Sort key for reading order: the element's path of child indexes from the root."""
    path = []
    node = element
    while node.getparent() is not None:
        path.append(node.getparent().index(node))
        node = node.getparent()
    return tuple(reversed(path))


def _cards(markers: list[HtmlElement], inside: set[HtmlElement]) -> list[list[HtmlElement]]:
    marker_set = set(markers)
    cards = []
    for marker in markers:
        card = marker
        while True:
            parent = card.getparent()
            if parent is None or parent not in inside:
                break
            if sum(1 for node in parent.iter() if node in marker_set) > 1:
                break
            card = parent
        if card is marker:
            cards.append(_flat_card(marker, marker_set))
        else:
            cards.append([card])
    return cards


def _flat_card(marker: HtmlElement, markers: set[HtmlElement]) -> list[HtmlElement]:
    elements = [marker]
    for sibling in marker.itersiblings():
        if not is_element(sibling):
            continue
        if (
            sibling in markers
            or any(node in markers for node in sibling.iter())
            or sibling.tag in HEADING_TAGS
            and int(sibling.tag[1]) <= int(marker.tag[1] if marker.tag in HEADING_TAGS else 9)
        ):
            break
        elements.append(sibling)
    return elements


MAX_DATE_HEADING_CHARS = 60


def _card_date(card: list[HtmlElement], marker: HtmlElement) -> tuple[str, DateMatch | None]:
    text = text_of(marker)
    found = leading_date(text)
    if found:
        return text[found.start : found.end].strip(), found
    inner = find_date(text)
    if inner is not None and len(text) <= MAX_DATE_HEADING_CHARS:
        return text, inner  # "Prima lezione: 6-8 Marzo 2026": the heading is the date as printed
    for top in card:
        for element in top.iter():
            if (
                is_element(element)
                and len(text_of(element)) <= 40
                and is_date_text(text_of(element), 12)
                and not any(is_date_text(text_of(child), 12) for child in element)
            ):
                text = text_of(element)
                return text, leading_date(text)
    return "", None


def card_session(
    marker: HtmlElement,
    card: list[HtmlElement],
    date: tuple[str, DateMatch | None],
    context: Context,
    order: str | None,
) -> tuple[Session, str, str]:
    """One session from one card: the marker's title (or, when the marker is the date, the
    talks' sub-headings as its titles), speakers, description lines, links and images."""
    date_text, found = date
    marker_text = text_of(marker)
    title = _marker_title(marker_text, date_text)
    used = {marker_text, date_text, *lines_of(marker)}
    subtitles, speakers = _sub_headings(marker, card, used)
    lines = [line for top in card for line in lines_of(top)]
    if not title and not subtitles and date_text:
        title, by = _after_date_on_its_line(card, lines, date_text)
        speakers += by
    speakers += speakers_from_lines(lines) + _name_lines(lines, used)
    titles = ([title] if title else []) + subtitles
    used.update(subtitles)
    description_lines = [line for line in lines if _is_description_line(line, used)]
    if not titles and description_lines:  # the marker is the date: the first line under it is the title
        titles = [description_lines.pop(0)]
    session = Session(
        date_text=date_text,
        date=to_iso(found, context.years, order) if found else None,
        titles=tuple(title for text in titles if (title := collapse(MODALITY.sub(" ", text)))),
        speakers=tuple(unique(speakers)),
        modality=find_modality(" ".join(lines)),
        description="\n\n".join(description_lines),
        links=tuple(collect_links(card, context)),
    )
    if not context.render:
        return session, "", ""
    return session, _card_block(session, card, description_lines, context), _card_text(session, description_lines)


def _after_date_on_its_line(card: list[HtmlElement], lines: list[str], date_text: str) -> tuple[str, list[str]]:
    """The title and speakers written after a bold date on its own line ("**Feb 4**: Dan Kim, *Title*"):
    the italic run is the title and the rest the speakers, else "Title — Speaker" ("Speaker (MIT): Title"
    is read in a dated list whose items are all written so, not on one card: "Regression (Part I): …")."""
    line = next((line for line in lines if line.startswith(date_text) and len(line) > len(date_text)), "")
    rest = collapse(line[len(date_text) :].strip(" :–—-|,"))
    if not rest:
        return "", []
    italics = (text_of(node) for top in card for node in top.iter("em", "i", "cite"))
    italic = next((text for text in italics if len(text) > 3 and text in rest), "")
    if italic:
        return italic, split_names(rest.replace(italic, " ").strip(' ,:–—-|"“”'), min_words=2)
    return split_byline(rest, speaker_first=False)


def _marker_title(marker_text: str, date_text: str) -> str:
    """The marker's words after its date ("Sep 4 — Intro" -> "Intro"); none when it is only the date."""
    if date_text and marker_text.startswith(date_text):
        return collapse(marker_text[len(date_text) :].strip(" :–—-|,"))
    return "" if date_text == marker_text else marker_text


def _sub_headings(marker: HtmlElement, card: list[HtmlElement], used: set[str]) -> tuple[list[str], list[str]]:
    """The card's other headings: talk titles, or "Name, Affiliation" speakers; and hinted speakers."""
    subtitles: list[str] = []
    speakers: list[str] = []
    for top in card:
        for element in top.iter(*HEADING_TAGS):
            text = text_of(element)
            if element is marker or not text or text in used:
                continue
            used.add(text)
            head = text.split(",")[0]
            if "," in text and is_name(head):
                speakers.append(head.strip())
            else:
                subtitles.append(text)
        speakers.extend(hinted_speakers(top))
    return subtitles, speakers


MAX_NAME_LINE_CHARS = 60


def _name_lines(lines: list[str], used: set[str]) -> list[str]:
    """Lines that are a person's name ("prof. Claudio Sica", "Ilaria Colpizzi, PhD"): the speakers."""
    names = []
    for line in lines:
        head = strip_honorifics(line.split(",")[0])
        if SPEAKER_LINE.match(line):
            continue
        if line not in used and len(line) <= MAX_NAME_LINE_CHARS and is_name(head):
            names.append(head)
            used.add(line)
    return names


def _is_description_line(line: str, used: set[str]) -> bool:
    if line in used or SPEAKER_LINE.match(line) or is_link_line(line):
        return False
    return not any(line.startswith(text) for text in used if text)


def _card_block(session: Session, card: list[HtmlElement], description: list[str], context: Context) -> str:
    block_lines = head_lines(session)
    if session.speakers:
        block_lines.append(speakers_line(session.speakers))
    chunks = ["\n".join(block_lines)]
    for img in (img for top in card for img in top.iter("img")):
        url = image_source(img, context.base_url)
        if url:
            chunks.append(image_markdown(ImageRef(url, collapse(img.get("alt")))))
    chunks.extend(escape_text(line) for line in description)
    if session.links:
        chunks.append(links_line(session.links))
    return resolve_line_starts("\n\n".join(chunks))


def _card_text(session: Session, description: list[str]) -> str:
    text_lines = head_lines(session, markdown=False)
    if session.speakers:
        text_lines.append(speakers_line(session.speakers, markdown=False))
    return "\n".join(text_lines + description)
