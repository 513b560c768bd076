"""Schedules printed as tables: one session per row.

Which column holds what (dates, week labels, titles, speakers) is the table's layout
(`course_table_layout`). Here: header rows, one-cell separators ("Week 3") and rows of a
day without a session (holiday, break, "no class") are skipped; consecutive rows of one
printed date (two talks on one day, the date cell spanning both) make one session with
several titles, and a titled row under a blank date is a session of its own.
"""

from __future__ import annotations

import copy
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
    is_no_session,
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
from clipper.extract.course_names import cjk_names, is_name, split_names
from clipper.extract.course_sections import (
    lines_of,
)
from clipper.extract.course_table_layout import date_line, schedule_header, table_layout
from clipper.extract.course_vocab import (
    MODALITY,
    SPEAKER_LINE,
)
from clipper.extract.text import collapse, text_of
from clipper.models import Session


def table_schedule(table: HtmlElement, context: Context, under_label: bool) -> Schedule | None:
    """The table's sessions, or None when it is not a schedule (no dates, recurring slots, deadlines)."""
    layout = table_layout(table, under_label)
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
        if rows and date_cell is not None and date_cell is previous:
            rows[-1] = _merged(rows[-1], session)  # one printed date spanning several rows: one session
        else:
            rows.append(session)
        previous = date_cell
    if not rows:
        return None
    sessions, blocks, texts = zip(*rows)
    labelled = under_label or schedule_header(headers, date_col, columns["title"])
    return Schedule("table", tuple(sessions), tuple(blocks), tuple(texts), (table,), labelled=labelled)


def _is_session_row(row: list[HtmlElement], date_col: int, title_col: int | None) -> bool:
    """Not a separator ("Week 3" alone), not a day without a session (holiday, break, "no class")."""
    if _is_separator(row, date_col):
        return False
    others = " ".join(text_of(cell) for cell in distinct(row) if cell is not row[date_col])
    title = text_of(row[title_col]) if title_col is not None and title_col < len(row) else others
    if is_no_session(title) or is_no_session(others):
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

    title_cell = cell_at(columns["title"])
    titles, speaker_lines, after = _title_lines(title_cell)
    date_text, titles = _row_date(row, date_col, columns["title"] == date_col, titles)
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


def _row_date(row: list[HtmlElement], date_col: int, titled: bool, titles: list[str]) -> tuple[str, list[str]]:
    """The row's date as printed, and its titles; when the date cell is also the title cell (`titled`:
    "Sep 2<br>Probability and Bayes' rule") the date is its first line, and no title."""
    date_text = text_of(row[date_col]) if date_col < len(row) else ""
    if not titled or date_col >= len(row):
        return date_text, titles
    date_text = date_line(row[date_col]) or date_text
    return date_text, [title for title in titles if title != date_text]


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
        names.extend(split_names(item, min_words=1) or cjk_names(item) or ([item] if is_name(item, 1) else []))
    return names


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
        first_block = next((child for child in cell if child.tag in ("p", "div")), None)
        lines = lines_of(first_block)[:1] if first_block is not None else []
    return lines


def _cell_remainder(cell: HtmlElement | None) -> list[HtmlElement]:
    """A copy of the cell without its leading title text ([] when nothing is left or no cell)."""
    if cell is None:
        return []
    rest = copy.deepcopy(cell)
    rest.text = None
    for child in list(rest):
        if child.tag in BLOCK_CHILDREN:
            break
        child.tail = None
        child.drop_tree()
    return [rest] if text_of(rest) else []
