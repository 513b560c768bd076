"""What happens when: the sessions of a course page, and their Markdown blocks.

Three shapes are recognised, wherever they stand on the page unless under an
excluded label (announcements, assignments…):

- a table with a column of dates (or, under a schedule label, a table with a
  topic column): one session per row; rowspans are expanded, header rows and
  one-cell separator rows ("Week 3") are skipped;
- a `<ul>`/`<ol>` whose items mostly open with a date;
- under a schedule label, a grid of repeated cards: the largest group of
  same-looking headings marks one card each (the card is the largest block
  holding only its heading), or, for flat pages, a heading and what follows it.

Each session gets its date as printed, an ISO date when the year is known (printed,
from the page's term, or else the year of the clip: see `clipper.extract.course`),
titles, speakers, modality, description and links, and a Markdown block that
reads well in Obsidian (`**date** — title`, speakers, then the description).
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import dataclass

from lxml.html import HtmlElement

from clipper.extract.course_dates import (
    YearRule,
    is_date_text,
    leading_date,
    slash_order,
    to_iso,
)
from clipper.extract.course_people import is_name, split_names
from clipper.extract.course_sections import (
    HEADING_TAGS,
    Label,
    document_order,
    iter_region,
    lines_of,
)
from clipper.extract.course_vocab import (
    DATE_COLUMN_WORDS,
    DESCRIPTION_COLUMN_WORDS,
    MODALITY,
    SEPARATE_COLUMN_WORDS,
    SPEAKER_CLASS_HINTS,
    SPEAKER_COLUMN_WORDS,
    SPEAKER_LINE,
    TITLE_COLUMN_WORDS,
)
from clipper.extract.text import collapse, is_element, text_of
from clipper.markdown import (
    absolute_link,
    escape_text,
    html_to_markdown,
    image_markdown,
    image_source,
    link_markdown,
    resolve_line_starts,
)
from clipper.models import ImageRef, Link, Session

MIN_DATED_SHARE = 0.4
MIN_LIST_DATED_SHARE = 0.6
_BRACKET_LINK = re.compile(r"(?<!\[)\[(?!\[)[^\[\]]{0,25}\](?!\])")
"""A bracketed link label ("[slides]") in a title line; `[[x]]` is page text, kept."""
_STRUCK = ("s", "del", "strike")
_BLOCK_CHILDREN = ("ul", "ol", "table", "p", "div", "dl", "blockquote", "pre")


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


@dataclass(frozen=True)
class _Context:
    base_url: str | None
    years: YearRule | None
    render: bool = True
    """False when only the sessions are wanted (detection): no Markdown blocks."""
    slash_order: str | None = None
    """How the page as a whole writes `a/b` dates, for schedules that alone do not show it."""


def find_schedules(
    body: HtmlElement,
    labels: list[Label],
    regions: dict[int, list[HtmlElement]],
    base_url: str | None,
    years: YearRule | None,
    render: bool = True,
) -> list[Schedule]:
    """Every schedule on the page, in reading order (without Markdown unless `render`)."""
    context = _Context(base_url, years, render, _page_slash_order(body))
    excluded = _elements_under(labels, regions, "excluded")
    scheduled = _elements_under(labels, regions, "schedule")
    found: list[Schedule] = []
    taken: set[HtmlElement] = set()
    for table in body.iter("table"):
        if table in excluded or any(ancestor in taken for ancestor in table.iterancestors()):
            continue
        schedule = _table_schedule(table, context, table in scheduled)
        if schedule is not None:
            found.append(schedule)
            taken.add(table)
    for listing in body.iter("ul", "ol"):
        if listing in excluded or any(ancestor in taken for ancestor in listing.iterancestors()):
            continue
        schedule = _list_schedule(listing, context)
        if schedule is not None:
            found.append(schedule)
            taken.add(listing)
    for index, label in enumerate(labels):
        region = regions[index]
        if label.role != "schedule" or label.run_in or _overlaps(region, taken):
            continue
        schedule = _card_schedule(region, labels, context)
        if schedule is not None:
            found.append(schedule)
            taken.update(schedule.elements)
    order = document_order(body)
    return sorted(found, key=lambda item: order.get(item.elements[0], 0))


def _page_slash_order(body: HtmlElement) -> str | None:
    cells = (text_of(cell) for cell in body.iter("td", "li", "th"))
    return slash_order(filter(None, (leading_date(text) for text in cells if "/" in text[:8])))


def _elements_under(labels: list[Label], regions: dict[int, list[HtmlElement]], role: str) -> set:
    return {
        element
        for index, label in enumerate(labels)
        if label.role == role and not label.run_in
        for element in iter_region(regions[index])
    }


def _overlaps(region: list[HtmlElement], taken: set[HtmlElement]) -> bool:
    return any(element in taken for element in iter_region(region))


# --- tables ----------------------------------------------------------------------------------


def _table_rows(table: HtmlElement) -> list[list[HtmlElement]]:
    """The table as a grid of cells, rowspans and colspans expanded."""
    grid: list[list[HtmlElement]] = []
    pending: dict[int, tuple[HtmlElement, int]] = {}
    for row in table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr"):
        cells: list[HtmlElement] = []
        queue = [cell for cell in row if cell.tag in ("td", "th")]
        column = 0
        while queue or column in pending:
            if column in pending:
                cell, left = pending.pop(column)
                if left > 1:
                    pending[column] = (cell, left - 1)
                cells.append(cell)
            else:
                cell = queue.pop(0)
                span = _int(cell.get("colspan"), 1)
                down = _int(cell.get("rowspan"), 1)
                for offset in range(span):
                    cells.append(cell)
                    if down > 1:
                        pending[column + offset] = (cell, down - 1)
                column += span - 1
            column += 1
        grid.append(cells)
    return grid


def _int(value: str | None, default: int) -> int:
    try:
        return max(1, min(50, int(value or default)))
    except ValueError:
        return default


def _is_header_row(cells: list[HtmlElement]) -> bool:
    return bool(cells) and all(cell.tag == "th" for cell in cells)


def _column_matching(headers: list[str], words: tuple[str, ...], skip: set[int]) -> list[int]:
    found = []
    for index, header in enumerate(headers):
        tokens = set(re.findall(r"\w+", header.lower()))
        if index not in skip and tokens & set(words):
            found.append(index)
    return found


def _table_schedule(table: HtmlElement, context: _Context, under_label: bool) -> Schedule | None:
    grid = [row for row in _table_rows(table) if row]
    if len(grid) < 2 or max(len(row) for row in grid) < 2:
        return None
    header = grid[0] if _is_header_row(grid[0]) or not _any_date(grid[0]) else None
    body_rows = [row for row in grid[1:]] if header else grid
    body_rows = [row for row in body_rows if not _is_header_row(row)]
    headers = [text_of(cell) for cell in header] if header else []
    date_col = _date_column(body_rows)
    if date_col is None:
        if not (under_label and headers):
            return None
        date_col = (_column_matching(headers, DATE_COLUMN_WORDS + ("week", "woche"), set()) or [0])[0]
    if date_col < len(headers) and set(re.findall(r"\w+", headers[date_col].lower())) & set(SEPARATE_COLUMN_WORDS):
        return None
    columns = _column_roles(headers, body_rows, date_col)
    if columns["title"] is None and not columns["description"]:
        return None
    if (
        columns["title"] is not None
        and columns["title"] < len(headers)
        and set(re.findall(r"\w+", headers[columns["title"]].lower())) & set(SEPARATE_COLUMN_WORDS)
    ):
        return None
    order = slash_order(
        filter(None, (leading_date(text_of(row[date_col])) for row in body_rows if date_col < len(row)))
    )
    order = order or context.slash_order
    rows = []
    for row in body_rows:
        if _is_separator(row, date_col):
            continue
        rows.append(_row_session(row, headers, date_col, columns, context, order))
    if not rows:
        return None
    sessions, blocks, texts = zip(*rows)
    return Schedule("table", tuple(sessions), tuple(blocks), tuple(texts), (table,))


def _any_date(row: list[HtmlElement]) -> bool:
    return any(is_date_text(text_of(cell)) for cell in row)


def _date_column(rows: list[list[HtmlElement]]) -> int | None:
    width = max(len(row) for row in rows) if rows else 0
    counts = Counter()
    for row in rows:
        for index in range(min(width, len(row))):
            if is_date_text(text_of(row[index])):
                counts[index] += 1
    if not counts:
        return None
    column, dated = counts.most_common(1)[0]
    if dated < 2 or dated < MIN_DATED_SHARE * len(rows):
        return None
    return column


def _column_roles(headers: list[str], rows: list[list[HtmlElement]], date_col: int) -> dict:
    skip = {date_col}
    titles = _column_matching(headers, TITLE_COLUMN_WORDS, skip)
    title = titles[0] if titles else _first_text_column(rows, skip)
    skip.add(title if title is not None else -1)
    speakers = _column_matching(headers, SPEAKER_COLUMN_WORDS, skip)
    skip.update(speakers)
    descriptions = _column_matching(headers, DESCRIPTION_COLUMN_WORDS, skip)
    skip.update(descriptions)
    width = max(len(row) for row in rows)
    numbered = {i for i in range(width) if _mostly_numbers(rows, i)}
    others = [i for i in range(width) if i not in skip and i not in numbered]
    return {"title": title, "speakers": speakers, "description": descriptions, "others": others}


def _mostly_numbers(rows: list[list[HtmlElement]], index: int) -> bool:
    texts = [text_of(row[index]) for row in rows if index < len(row) and text_of(row[index])]
    return bool(texts) and all(re.fullmatch(r"[\d.#]+", text) for text in texts)


def _first_text_column(rows: list[list[HtmlElement]], skip: set[int]) -> int | None:
    width = max(len(row) for row in rows)
    for index in range(width):
        if index in skip or _mostly_numbers(rows, index):
            continue
        filled = sum(1 for row in rows if index < len(row) and text_of(row[index]))
        if filled >= len(rows) / 2:
            return index
    return None


def _is_separator(row: list[HtmlElement], date_col: int) -> bool:
    distinct = {id(cell) for cell in row if text_of(cell)}
    date_text = text_of(row[date_col]) if date_col < len(row) else ""
    return len(distinct) <= 1 and not is_date_text(date_text)


def _row_session(row, headers, date_col, columns, context, order) -> tuple[Session, str, str]:
    def cell_at(index):
        return row[index] if index is not None and index < len(row) else None

    date_text = text_of(row[date_col]) if date_col < len(row) else ""
    title_cell = cell_at(columns["title"])
    titles, speaker_lines = _title_lines(title_cell) if title_cell is not None else ([], [])
    title_speakers = _speaker_lines(speaker_lines)
    speakers = [
        name for index in columns["speakers"] if cell_at(index) is not None for name in _cell_names(cell_at(index))
    ]
    speakers_in_text = list(title_speakers)
    description_cells = [cell_at(index) for index in columns["description"] if cell_at(index) is not None]
    for cell in description_cells:
        speakers_in_text.extend(_speaker_lines(lines_of(cell)))
    remainder = _cell_remainder(title_cell) if title_cell is not None else None
    parts = ([remainder] if remainder is not None else []) + description_cells
    extras = [
        (headers[index] if index < len(headers) else "", cell_at(index))
        for index in columns["others"]
        if cell_at(index) is not None and text_of(cell_at(index))
    ]
    modality = _modality(" ".join(text_of(cell) for cell in {id(c): c for c in row}.values()))
    description = "\n\n".join(
        "\n".join(line for line in lines_of(part) if not SPEAKER_LINE.match(line)) for part in parts
    ).strip()
    found = leading_date(date_text)
    session = Session(
        date_text=date_text,
        date=to_iso(found, context.years, order) if found else None,
        titles=tuple(titles),
        speakers=tuple(_unique(speakers + speakers_in_text)),
        modality=modality,
        description=description,
        links=tuple(_links([cell for cell in _distinct(row) if cell is not row[date_col]], context)),
    )
    if not context.render:
        return session, "", ""
    block = _block(session, bool(speakers), speaker_lines, parts, extras, title_cell, context)
    return session, block, _text_block(session, bool(speakers), speaker_lines, parts, extras)


def _distinct(cells: list[HtmlElement]) -> list[HtmlElement]:
    return list({id(cell): cell for cell in cells}.values())


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


def _without_struck(element: HtmlElement) -> HtmlElement:
    clone = copy.deepcopy(element)
    for struck in list(clone.iter(*_STRUCK)):
        struck.drop_tree()
    return clone


def _cell_names(cell: HtmlElement) -> list[str]:
    clone = _without_struck(cell)
    items = [text_of(item) for item in clone.iter("li")] or lines_of(clone)
    names = []
    for item in items:
        names.extend(split_names(item, min_words=1) or ([item] if is_name(item, 1) else []))
    return names


def _title_lines(cell: HtmlElement) -> tuple[list[str], list[str]]:
    """Title lines (text before the first list or block) and speakers named among them."""
    titles, speakers = [], []
    for line in _leading_lines(_without_struck(cell)):
        if SPEAKER_LINE.match(line):
            speakers.append(line)
            continue
        title = collapse(MODALITY.sub(" ", _BRACKET_LINK.sub(" ", line)))
        if title:
            titles.append(title)
    return titles, speakers


def _leading_lines(cell: HtmlElement) -> list[str]:
    """Lines before the cell's first block child, or the first line of a leading block."""
    lines = lines_of(_leading_copy(cell))
    if not lines:
        first_block = next((child for child in cell if child.tag in ("p", "div")), None)
        lines = lines_of(first_block)[:1] if first_block is not None else []
    return lines


def _cell_remainder(cell: HtmlElement) -> HtmlElement | None:
    """A copy of the cell without its leading title text, or None when nothing is left."""
    rest = copy.deepcopy(cell)
    rest.text = None
    for child in list(rest):
        if child.tag in _BLOCK_CHILDREN:
            break
        child.tail = None
        child.drop_tree()
    return rest if text_of(rest) else None


def _speaker_lines(lines: list[str]) -> list[str]:
    """Names from lines like "Speakers: Jason Wei & Hyung Won Chung, OpenAI"."""
    names: list[str] = []
    for line in lines:
        match = SPEAKER_LINE.match(line)
        if match:
            names.extend(_speaker_names(line[match.end() :], match.group(1).lower().endswith("s")))
    return names


def _speaker_names(value: str, plural: bool) -> list[str]:
    groups = re.split(r"\s*(?:&|\band\b|\bet\b|\bund\b|;)\s*", value)
    if len(groups) > 1:
        return [group.split(",")[0].strip() for group in groups if is_name(group.split(",")[0], 1)]
    pieces = [piece.strip() for piece in value.split(",")]
    if plural and len(pieces) > 1 and all(is_name(piece) for piece in pieces):
        return pieces
    if len(pieces) > 2 and all(is_name(piece) for piece in pieces):
        return pieces
    return [pieces[0]] if pieces and is_name(re.sub(r"\(.*?\)", "", pieces[0]), 1) else []


def _modality(text: str) -> str | None:
    found = MODALITY.search(text or "")
    return collapse(found.group(1)) if found else None


def _links(elements: list[HtmlElement], context: _Context) -> list[Link]:
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


# --- blocks ----------------------------------------------------------------------------------
#
# Blocks are Markdown written here, not by the converter: every piece of page
# text goes through `escape_text` and every block through `resolve_line_starts`,
# as the converter does, so that a title holding `[[x]]`, `%%` or `#tag` shows
# literally instead of turning into a link, a comment or a tag.


def _head(session: Session, markdown: bool = True) -> list[str]:
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


def _speakers_line(speakers: tuple[str, ...] | list[str], markdown: bool = True) -> str:
    say = escape_text if markdown else str
    return f"Speaker{'s' if len(speakers) > 1 else ''}: " + ", ".join(map(say, speakers))


def _links_line(links: tuple[Link, ...] | list[Link]) -> str:
    return " · ".join(link_markdown(link.text, link.url) for link in links)


def _block(session, speakers_apart, speaker_lines, parts, extras, title_cell, context) -> str:
    lines = _head(session) + [escape_text(line) for line in speaker_lines]
    if speakers_apart and session.speakers:
        lines.append(_speakers_line(session.speakers))
    title_links = _links([_leading_copy(title_cell)], context) if title_cell is not None else []
    if title_links:
        lines.append(_links_line(title_links))
    chunks = ["\n".join(line for line in lines if line)]
    for part in parts:
        chunks.append(html_to_markdown(part, context.base_url, heading_offset=4).markdown)
    for header, cell in extras:
        converted = html_to_markdown(cell, context.base_url, heading_offset=4).markdown
        chunks.append(f"{escape_text(header)}: {converted}" if header else converted)
    return resolve_line_starts("\n\n".join(chunk.strip() for chunk in chunks if chunk.strip()))


def _leading_copy(cell: HtmlElement) -> HtmlElement:
    """A copy of the cell cut at its first block child (the title part)."""
    head = copy.deepcopy(cell)
    cut = False
    for child in list(head):
        cut = cut or child.tag in _BLOCK_CHILDREN
        if cut:
            child.tail = None
            child.drop_tree()
    return head


def _text_block(session, speakers_apart, speaker_lines, parts, extras) -> str:
    lines = _head(session, markdown=False) + list(speaker_lines)
    if speakers_apart and session.speakers:
        lines.append(_speakers_line(session.speakers, markdown=False))
    chunks = ["\n".join(lines)] + ["\n".join(lines_of(part)) for part in parts]
    chunks += [f"{header}: {text_of(cell)}" for header, cell in extras]
    return "\n\n".join(chunk for chunk in chunks if chunk.strip())


# --- lists -----------------------------------------------------------------------------------


def _list_schedule(listing: HtmlElement, context: _Context) -> Schedule | None:
    items = [item for item in listing if item.tag == "li"]
    dated = [item for item in items if leading_date(text_of(item))]
    if len(dated) < 2 or len(dated) < MIN_LIST_DATED_SHARE * len(items):
        return None
    order = slash_order(leading_date(text_of(item)) for item in dated) or context.slash_order
    rows = [_item_session(item, context, order) for item in dated]
    sessions, blocks, texts = zip(*rows)
    return Schedule("list", tuple(sessions), tuple(blocks), tuple(texts), (listing,))


def _item_session(item: HtmlElement, context: _Context, order) -> tuple[Session, str, str]:
    lines = lines_of(_without_struck(item))
    first = lines[0]
    found = leading_date(first)
    date_text = first[found.start : found.end].strip()
    rest = first[found.end :].strip(" :–—-|,\t")
    speakers = _speaker_lines(lines)
    title, by = _split_byline(MODALITY.sub(" ", _BRACKET_LINK.sub(" ", rest)))
    speakers = _unique(speakers + by)
    description = "\n".join(line for line in lines[1:] if not SPEAKER_LINE.match(line))
    session = Session(
        date_text,
        to_iso(found, context.years, order),
        (title,) if title else (),
        tuple(speakers),
        _modality(" ".join(lines)),
        description,
        tuple(_links([item], context)),
    )
    if not context.render:
        return session, "", ""
    block = "\n".join(_head(session))
    if speakers and not _speaker_lines(lines):
        block += "\n" + _speakers_line(speakers)
    body = html_to_markdown(item, context.base_url, heading_offset=4).markdown
    body_lines = body.split("\n", 1)
    if len(body_lines) > 1 and body_lines[1].strip():
        block += "\n\n" + body_lines[1].strip()
    links = _links_line(session.links)
    if links and links not in block:
        block += "\n\n" + links
    return session, resolve_line_starts(block), "\n".join(lines)


_INLINE_SPEAKER = re.compile(
    r"\s*[—–-]?\s*(?:guest\s+)?(?:speakers?|presenters?|intervenant(?:e)?s?|vortragende[rn]?|"
    r"referent(?:in)?)\s*[:：]\s*(?P<who>.+)$",
    re.IGNORECASE,
)


def _split_byline(text: str) -> tuple[str, list[str]]:
    """ "Title (Jane Doe)" / "Title — Jane Doe" / "Title, by Jane Doe" -> title, speakers."""
    text = collapse(text)
    inline = _INLINE_SPEAKER.search(text)
    if inline:
        return text[: inline.start()].strip(" ,:—–-"), _speaker_names(inline.group("who"), False)
    match = re.search(r"(?:,?\s+by\s+|\s+[—–-]\s+|\s*\()([^()]+?)\)?$", text)
    if match and split_names(match.group(1)):
        return text[: match.start()].strip(" ,:"), split_names(match.group(1))
    return text, []


# --- cards -----------------------------------------------------------------------------------


def _card_schedule(region: list[HtmlElement], labels: list[Label], context: _Context) -> Schedule | None:
    inside = set(iter_region(region))
    markers = _markers(inside, labels)
    if len(markers) < 2:
        return None
    cards = _cards(markers, inside)
    dates = [_card_date(card, marker) for marker, card in zip(markers, cards)]
    order = slash_order(found for _, found in dates if found) or context.slash_order
    rows = [_card_session(marker, card, date, context, order) for marker, card, date in zip(markers, cards, dates)]
    sessions, blocks, texts = zip(*rows)
    elements = tuple(element for card in cards for element in card)
    return Schedule("cards", tuple(sessions), tuple(blocks), tuple(texts), elements)


def _markers(inside: set[HtmlElement], labels: list[Label]) -> list[HtmlElement]:
    """The largest group of same-looking headings (or date lines), in reading order."""
    labelled = {label.element for label in labels if label.role}
    groups: dict[tuple, list[HtmlElement]] = {}
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
    key = min(groups, key=lambda k: (-len(groups[k]), k[0], k[1]))
    return sorted(groups[key], key=_position)


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


def _card_date(card: list[HtmlElement], marker: HtmlElement) -> tuple[str, object]:
    found = leading_date(text_of(marker))
    if found:
        text = text_of(marker)
        return text[found.start : found.end].strip(), found
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


def _card_session(marker, card, date, context, order) -> tuple[Session, str, str]:
    date_text, found = date
    title = (
        collapse(text_of(marker)[len(date_text) :].strip(" :–—-|,"))
        if date_text and text_of(marker).startswith(date_text)
        else text_of(marker)
    )
    used = {text_of(marker), date_text, *lines_of(marker)}
    speakers, subtitles = [], []
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
        speakers.extend(_hinted_speakers(top))
    lines = [line for top in card for line in lines_of(top)]
    speakers.extend(_speaker_lines(lines))
    if subtitles:
        title = f"{title} ({'; '.join(subtitles)})"
    used.update(subtitles)
    description_lines = [
        line
        for line in lines
        if line not in used
        and not SPEAKER_LINE.match(line)
        and not _is_link_line(line)
        and not any(line.startswith(s) for s in used if s)
    ]
    session = Session(
        date_text=date_text,
        date=to_iso(found, context.years, order) if found else None,
        titles=(collapse(MODALITY.sub(" ", title)),) if title else (),
        speakers=tuple(_unique(speakers)),
        modality=_modality(" ".join(lines)),
        description="\n\n".join(description_lines),
        links=tuple(_links(card, context)),
    )
    if not context.render:
        return session, "", ""
    block_lines = _head(session)
    text_lines = _head(session, markdown=False)
    if session.speakers:
        block_lines.append(_speakers_line(session.speakers))
        text_lines.append(_speakers_line(session.speakers, markdown=False))
    chunks = ["\n".join(block_lines)]
    for img in (img for top in card for img in top.iter("img")):
        url = image_source(img, context.base_url)
        if url:
            chunks.append(image_markdown(ImageRef(url, collapse(img.get("alt")))))
    chunks.extend(escape_text(line) for line in description_lines)
    if session.links:
        chunks.append(_links_line(session.links))
    return session, resolve_line_starts("\n\n".join(chunks)), "\n".join(text_lines + description_lines)


def _hinted_speakers(element: HtmlElement) -> list[str]:
    names = []
    for node in element.iter():
        if not is_element(node) or node.tag in HEADING_TAGS:
            continue
        hints = node.get("class", "").lower()
        if any(hint in hints for hint in SPEAKER_CLASS_HINTS):
            lines = lines_of(node)
            if lines:
                first = SPEAKER_LINE.sub("", lines[0], count=1)  # "Speaker: Min Lee" names Min Lee
                names.extend(name for name in _speaker_names(first, plural=False) if name not in names)
    return names


def _is_link_line(line: str) -> bool:
    return bool(re.fullmatch(r"(\s*\[[^\]]*\]\s*)+", line))


__all__ = ["Schedule", "find_schedules"]
