"""A table's layout before any session is read: the grid (rowspans and colspans expanded), the
header row (`<th>`, or a first row without dates), the date or week column and the other
columns' roles (title, speakers, description, the rest) from their header words in any
language of `course_vocab` and from what their cells hold. A table of assignments or
deadlines has no layout: it is not a schedule.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from lxml.html import HtmlElement

from clipper.extract.course_dates import is_date_text
from clipper.extract.course_lines import lines_of
from clipper.extract.course_vocab import (
    DATE_COLUMN_WORDS,
    DESCRIPTION_COLUMN_WORDS,
    SEPARATE_COLUMN_WORDS,
    SPEAKER_COLUMN_WORDS,
    TITLE_COLUMN_WORDS,
    WEEK_COLUMN_WORDS,
    WEEK_LABEL,
)
from clipper.extract.text import text_of

MIN_DATED_SHARE = 0.4
MIN_TITLED_DATE_SHARE = 0.8
"""The share of a date column's cells that must print a title under the date for it to be the title column."""


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


def schedule_header(headers: list[str], date_col: int, title_col: int | None) -> bool:
    """A header row naming a date (or week) column and a topic column: the table says it is a schedule."""
    if title_col is None:
        return False
    return _header_has(headers, date_col, DATE_COLUMN_WORDS + WEEK_COLUMN_WORDS) and _header_has(
        headers, title_col, TITLE_COLUMN_WORDS
    )


Layout = tuple[list[str], list[list[HtmlElement]], int, dict[str, Any]]
"""Header texts, body rows, the date column and the other columns' roles."""


def table_layout(table: HtmlElement, under_label: bool) -> Layout | None:
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
    """Whether the header of column `index` holds one of `words`."""
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


def _any_date(row: list[HtmlElement]) -> bool:
    return any(is_date_text(text_of(cell)) for cell in row)


def _date_column(rows: list[list[HtmlElement]]) -> int | None:
    width = max(len(row) for row in rows) if rows else 0
    counts: Counter[int] = Counter()
    for row in rows:
        for index in range(min(width, len(row))):
            if is_date_text(text_of(row[index])) or date_line(row[index]):
                counts[index] += 1
    if not counts:
        return None
    column, dated = counts.most_common(1)[0]
    if dated < 2 or dated < MIN_DATED_SHARE * len(rows):
        return None
    return column


def date_line(cell: HtmlElement) -> str:
    """The date on a cell's first line when more lines follow it ("Sep 2<br>Bayes' rule"), else ""."""
    if cell.find(".//br") is None:
        return ""
    lines = lines_of(cell)
    return lines[0] if len(lines) > 1 and is_date_text(lines[0]) else ""


def _titled_dates(rows: list[list[HtmlElement]], date_col: int) -> bool:
    """Whether the date column's cells print each session's title under its date."""
    cells = [row[date_col] for row in rows if date_col < len(row) and text_of(row[date_col])]
    return bool(cells) and sum(1 for cell in cells if date_line(cell)) >= MIN_TITLED_DATE_SHARE * len(cells)


def _column_roles(headers: list[str], rows: list[list[HtmlElement]], date_col: int) -> dict[str, Any]:
    skip = {date_col}
    titles = [
        index for index in _column_matching(headers, TITLE_COLUMN_WORDS, skip) if not _mostly_numbers(rows, index)
    ]
    if not titles and _titled_dates(rows, date_col):
        titles = [date_col]  # "Sep 2<br>Probability and Bayes' rule": the date cell holds the title
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
    """A column of session numbers ("1", "2.", "#3"; a dash on a break row, "–", is none)."""
    texts = [text_of(row[index]) for row in rows if index < len(row) and text_of(row[index]).strip("-–—")]
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
