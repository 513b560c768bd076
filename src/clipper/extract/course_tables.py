"""Schedules printed as tables: one session per row.

Column roles come from the header words (in any language of `course_vocab`)
and from what the cells hold (dates, week labels, names, titles); a header row
written in `<td>` is recognised by its words. Rowspans and colspans are
expanded; header rows, one-cell separators ("Week 3") and rows of a day
without a session (holiday, break, "no class") are skipped; consecutive rows
of one printed date (two talks on one day, the date cell spanning both) make
one session with several titles. A table of recurring slots or of deadlines
is not a schedule.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import replace
from typing import Any

from lxml.html import HtmlElement

from clipper.extract.course_blocks import (
    BLOCK_CHILDREN,
    BRACKET_LINK,
    Context,
    RowShown,
    Schedule,
    collect_links,
    distinct,
    find_modality,
    leading_copy,
    row_block,
    row_text,
    speakers_from_lines,
    unique,
    without_struck,
)
from clipper.extract.course_dates import (
    is_date_text,
    leading_date,
    slash_order,
    to_iso,
)
from clipper.extract.course_names import is_name, split_names
from clipper.extract.course_sections import (
    lines_of,
)
from clipper.extract.course_vocab import (
    DATE_COLUMN_WORDS,
    DESCRIPTION_COLUMN_WORDS,
    MODALITY,
    NO_SESSION,
    NOT_NAME_WORDS,
    SEPARATE_COLUMN_WORDS,
    SPEAKER_COLUMN_WORDS,
    SPEAKER_LINE,
    TITLE_COLUMN_WORDS,
    WEEK_COLUMN_WORDS,
    WEEK_LABEL,
)
from clipper.extract.text import collapse, is_element, text_of
from clipper.models import Session

MIN_DATED_SHARE = 0.4


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


def table_schedule(table: HtmlElement, context: Context, under_label: bool) -> Schedule | None:
    """The table's sessions, or None when it is not a schedule (no dates, recurring slots, deadlines)."""
    layout = _layout(table, under_label)
    if layout is None:
        return None
    headers, body_rows, date_col, columns = layout
    dates = (leading_date(text_of(row[date_col])) for row in body_rows if date_col < len(row))
    order = slash_order(filter(None, dates)) or context.slash_order
    rows: list[tuple[Session, str, str]] = []
    previous: HtmlElement | None = None
    for row in body_rows:
        if not _is_session_row(row, date_col, columns["title"]):
            continue
        date_cell = row[date_col] if date_col < len(row) else None
        session = _row_session(row, headers, date_col, columns, context, order)
        if rows and date_cell is not None and (date_cell is previous or not (text_of(date_cell) or session[0].titles)):
            # one printed date spanning several rows, or a blank date over no title of its own: one session;
            # a titled row under a blank date ("TBD") is a session of its own, undated
            rows[-1] = _merged(rows[-1], session)
        else:
            rows.append(session)
        previous = date_cell
    if not rows:
        return None
    sessions, blocks, texts = zip(*rows)
    labelled = under_label or _schedule_header(headers, date_col, columns["title"])
    return Schedule("table", tuple(sessions), tuple(blocks), tuple(texts), (table,), labelled=labelled)


def _schedule_header(headers: list[str], date_col: int, title_col: int | None) -> bool:
    """A header row naming a date (or week) column and a topic column: the table says it is a schedule."""
    if title_col is None:
        return False
    return _header_has(headers, date_col, DATE_COLUMN_WORDS + WEEK_COLUMN_WORDS) and _header_has(
        headers, title_col, TITLE_COLUMN_WORDS
    )


_Layout = tuple[list[str], list[list[HtmlElement]], int, dict[str, Any]]


def _layout(table: HtmlElement, under_label: bool) -> _Layout | None:
    """Header texts, body rows, the date column and the other columns' roles."""
    split = _header_and_body(table)
    if split is None:
        return None
    headers, body_rows = split
    date_col = _date_column(body_rows)
    if date_col is None and under_label:
        date_col = _week_column(headers, body_rows)
    if date_col is None or _header_has(headers, date_col, SEPARATE_COLUMN_WORDS):
        return None
    columns = _column_roles(headers, body_rows, date_col)
    title = columns["title"]
    if (title is None and not columns["description"]) or (
        title is not None and _header_has(headers, title, SEPARATE_COLUMN_WORDS)
    ):
        return None  # no titles, or an assignments/deadlines table
    return headers, body_rows, date_col, columns


def _header_and_body(table: HtmlElement) -> tuple[list[str], list[list[HtmlElement]]] | None:
    """The header texts (a first row of `<th>`, or without dates) and the body rows."""
    grid = [row for row in _table_rows(table) if row]
    if len(grid) < 2 or max(len(row) for row in grid) < 2:
        return None
    header = grid[0] if _is_header_row(grid[0]) or not _any_date(grid[0]) else None
    body_rows = [row for row in (grid[1:] if header else grid) if not _is_header_row(row)]
    return ([text_of(cell) for cell in header] if header else []), body_rows


def _header_has(headers: list[str], index: int, words: tuple[str, ...]) -> bool:
    return index < len(headers) and bool(set(re.findall(r"\w+", headers[index].lower())) & set(words))


def _week_column(headers: list[str], rows: list[list[HtmlElement]]) -> int | None:
    """A column of week labels or session numbers (a schedule without dates); a column of
    recurring slots ("Lecture", "Lab") is not one."""
    candidates = _column_matching(headers, DATE_COLUMN_WORDS + WEEK_COLUMN_WORDS, set()) or [0]
    for index in candidates:
        values = [text_of(row[index]) for row in rows if index < len(row) and text_of(row[index])]
        labelled = [value for value in values if WEEK_LABEL.match(value) or re.fullmatch(r"[\d.#]{1,4}", value)]
        if values and len(labelled) >= MIN_WEEK_SHARE * len(values):
            return index
    return None


MIN_WEEK_SHARE = 0.5
MAX_NO_SESSION_WORDS = 10


def _is_session_row(row: list[HtmlElement], date_col: int, title_col: int | None) -> bool:
    """Not a separator ("Week 3" alone), not a day without a session (holiday, break, "no class")."""
    if _is_separator(row, date_col):
        return False
    others = " ".join(text_of(cell) for cell in distinct(row) if cell is not row[date_col])
    title = text_of(row[title_col]) if title_col is not None and title_col < len(row) else others
    if any(len(text.split()) <= MAX_NO_SESSION_WORDS and NO_SESSION.search(text) for text in (title, others)):
        return False
    if title_col is not None and title_col < len(row):
        return any(char.isalnum() for char in title)  # a week whose topic is "-" holds no session
    return True


def _merged(first: tuple[Session, str, str], second: tuple[Session, str, str]) -> tuple[Session, str, str]:
    """Two rows under one date cell as one session: titles and speakers of both."""
    one, two = first[0], second[0]
    session = replace(
        one,
        titles=one.titles + tuple(title for title in two.titles if title not in one.titles),
        speakers=tuple(unique(list(one.speakers) + list(two.speakers))),
        links=one.links + two.links,
    )
    return session, "\n\n".join(filter(None, [first[1], second[1]])), "\n\n".join(filter(None, [first[2], second[2]]))


def _any_date(row: list[HtmlElement]) -> bool:
    return any(is_date_text(text_of(cell)) for cell in row)


def _date_column(rows: list[list[HtmlElement]]) -> int | None:
    width = max(len(row) for row in rows) if rows else 0
    counts: Counter[int] = Counter()
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


def _column_roles(headers: list[str], rows: list[list[HtmlElement]], date_col: int) -> dict[str, Any]:
    skip = {date_col}
    titles = [
        index for index in _column_matching(headers, TITLE_COLUMN_WORDS, skip) if not _mostly_numbers(rows, index)
    ]
    title = titles[0] if titles else _first_text_column(rows, skip)  # "Session #" holds numbers, not titles
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


def _row_session(
    row: list[HtmlElement],
    headers: list[str],
    date_col: int,
    columns: dict[str, Any],
    context: Context,
    order: str | None,
) -> tuple[Session, str, str]:
    """One session from one row: titles, speakers (a speaker column, or `Speakers:` lines), the
    description (bios after the speakers, then the rest of the title cell and description cells)."""

    def cell_at(index: int | None) -> HtmlElement | None:
        return row[index] if index is not None and index < len(row) else None

    date_text = text_of(row[date_col]) if date_col < len(row) else ""
    title_cell = cell_at(columns["title"])
    titles, speaker_lines, after = _title_lines(title_cell)
    column_speakers = [name for index in columns["speakers"] for name in _cell_names(cell_at(index))]
    description_cells = [cell for cell in map(cell_at, columns["description"]) if cell is not None]
    parts = _cell_remainder(title_cell) + description_cells
    text_speakers = speakers_from_lines(speaker_lines + [line for cell in description_cells for line in lines_of(cell)])
    found = leading_date(date_text)
    session = Session(
        date_text=date_text,
        date=to_iso(found, context.years, order) if found else None,
        titles=tuple(titles),
        speakers=tuple(unique(column_speakers + text_speakers)),
        modality=find_modality(" ".join(text_of(cell) for cell in distinct(row))),
        description=_description(after, parts),
        links=tuple(collect_links([cell for cell in distinct(row) if cell is not row[date_col]], context)),
    )
    if not context.render:
        return session, "", ""
    extras = _extras(row, headers, columns["others"])
    shown = RowShown(bool(column_speakers), speaker_lines, after, parts, extras)
    return session, row_block(session, shown, title_cell, context), row_text(session, shown)


def _extras(row: list[HtmlElement], headers: list[str], others: list[int]) -> list[tuple[str, HtmlElement]]:
    """The row's other filled cells, each with its column's header ("Reading: Ch. 1")."""
    found = []
    for index in others:
        if index < len(row) and text_of(row[index]):
            found.append((headers[index] if index < len(headers) else "", row[index]))
    return found


def _description(after: list[str], parts: list[HtmlElement]) -> str:
    texts = list(after) + ["\n".join(line for line in lines_of(part) if not SPEAKER_LINE.match(line)) for part in parts]
    return "\n\n".join(text for text in texts if text).strip()


def _cell_names(cell: HtmlElement | None) -> list[str]:
    if cell is None:
        return []
    clone = without_struck(cell)
    items = [text_of(item) for item in clone.iter("li")] or lines_of(clone)
    names = []
    for item in items:
        found = split_names(item, min_words=1) or ([item] if is_name(item, 1) else [])
        pieces = _column_names(item)
        names.extend(pieces if len(pieces) > len(found) else found)
    return names


_CELL_NAME = re.compile(r"[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,3}")


def _column_names(text: str) -> list[str]:
    """What a speaker column's cell holds, when its pieces do not read as full names: first names,
    initials ("Carsten, BC"), a place standing for its team. The column's header made them speakers."""
    if collapse(text).lower() in NOT_NAME_WORDS:
        return []  # "TBA", "N/A", "Staff", "Zoom", "Online": a placeholder or a place, not who speaks
    pieces = [collapse(piece) for piece in re.split(r"\s*[,;/&+]\s*|\s+(?:and|und|et|y|e)\s+", text)]
    if not pieces or not all(_CELL_NAME.fullmatch(piece) and piece[0].isupper() for piece in pieces):
        return []
    if any(word.strip(".'’-").lower() in NOT_NAME_WORDS for piece in pieces for word in piece.split()):
        return []  # "TBA", "Guest lecture": no one named
    return pieces


def _title_lines(cell: HtmlElement | None) -> tuple[list[str], list[str], list[str]]:
    """Title lines (text before the first list or block), the speaker lines among them, and the
    lines after the speakers (their bios: description, in the page's order, never titles)."""
    titles: list[str] = []
    speakers: list[str] = []
    after: list[str] = []
    if cell is None:
        return titles, speakers, after
    for line in _leading_lines(without_struck(cell)):
        if SPEAKER_LINE.match(line):
            speakers.append(line)
        elif speakers or len(line) > MAX_TITLE_CHARS:
            after.append(line)
        elif title := collapse(MODALITY.sub(" ", BRACKET_LINK.sub(" ", line))):
            titles.append(title)
    return titles, speakers, after


MAX_TITLE_CHARS = 200
"""A longer line in a title cell is prose (a bio, an abstract), not a title."""


def _leading_lines(cell: HtmlElement) -> list[str]:
    """Lines before the cell's first block child, or the first line of a leading block."""
    lines = lines_of(leading_copy(cell))
    if not lines:
        topics = _topic_paragraphs(cell)
        first_block = next((child for child in cell if child.tag in ("p", "div")), None)
        lines = topics or (lines_of(first_block)[:1] if first_block is not None else [])
    return lines


MAX_TOPIC_PARAGRAPHS = 4


def _topic_paragraphs(cell: HtmlElement) -> list[str]:
    """A cell made only of a few one-line paragraphs lists its topics, each a title ("Experiment
    feedback" / "Data management I"); [] when it holds anything else (a list, prose, a bio)."""
    blocks = [child for child in cell if is_element(child)]
    if not 1 < len(blocks) <= MAX_TOPIC_PARAGRAPHS or collapse(cell.text) or any(collapse(b.tail) for b in blocks):
        return []
    lines = []
    for block in blocks:
        found = lines_of(block)
        if block.tag != "p" or len(found) != 1 or len(found[0]) > MAX_TITLE_CHARS:
            return []
        lines.extend(found)
    return lines


def _cell_remainder(cell: HtmlElement | None) -> list[HtmlElement]:
    """A copy of the cell without its leading title text ([] when nothing is left or no cell)."""
    if cell is None or _topic_paragraphs(cell):
        return []  # no cell, or its paragraphs are all titles
    rest = copy.deepcopy(cell)
    rest.text = None
    for child in list(rest):
        if child.tag in BLOCK_CHILDREN:
            break
        child.tail = None
        child.drop_tree()
    return [rest] if text_of(rest) else []
