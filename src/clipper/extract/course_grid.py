"""A table as a grid of cells: rowspans and colspans expanded, and a date split over a month
column (printed on a month's first row only) and a day column ("08.") joined into one cell."""

from __future__ import annotations

import copy
import re

from lxml.html import HtmlElement

from clipper.extract.course_locale import month_names
from clipper.extract.text import text_of

Grid = list[list[HtmlElement]]


def table_grid(table: HtmlElement) -> Grid:
    """The table's rows of cells, rowspans and colspans expanded (a spanned cell repeats)."""
    grid: Grid = []
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


_DAY = re.compile(r"\d{1,2}\.?")
MIN_MONTH_ROWS = 2
MIN_MONTH_SHARE = 0.6


def _bare(text: str) -> str:
    return text.lower().strip().rstrip(".")


def with_month_carried(rows: Grid) -> Grid:
    """Rows where a month column (a month name on the first row of each month, empty below) sits
    beside a day column ("08.", "15."): each row's day and month joined in one date cell ("08. Oktober")."""
    pair = _month_and_day_columns(rows)
    if pair is None:
        return rows
    month_col, day_col = pair
    joined: Grid = []
    months = month_names()
    month = ""
    for row in rows:
        printed = text_of(row[month_col])
        month = "" if printed and _bare(printed) not in months else (printed or month)
        day = text_of(row[day_col])
        if not day or not month:  # a row the month column names otherwise ("Prüfungsphase") keeps its cells
            joined.append(row)
            continue
        dated = [_cell_saying(row[month_col], ""), _cell_saying(row[day_col], f"{day} {month}")]
        joined.append(row[:month_col] + dated + row[day_col + 1 :])
    return joined


def _cell_saying(cell: HtmlElement, text: str) -> HtmlElement:
    """A copy of the cell holding only `text`."""
    copied = copy.deepcopy(cell)
    copied.clear()
    copied.text = text
    return copied


def _month_and_day_columns(rows: Grid) -> tuple[int, int] | None:
    """The first column mostly of month names (one on the first row, fewer than the days) followed
    by a column of day numbers only."""
    if not rows:
        return None
    width = min(len(row) for row in rows)
    for index in range(width - 1):
        if _is_month_column(rows, index) and _is_day_column(rows, index + 1):
            return index, index + 1
    return None


def _is_month_column(rows: Grid, index: int) -> bool:
    months = month_names()
    names = [_bare(text_of(row[index])) for row in rows if text_of(row[index])]
    days = [row for row in rows if text_of(row[index + 1])]
    named = sum(1 for name in names if name in months)
    return (
        named >= MIN_MONTH_ROWS
        and _bare(text_of(rows[0][index])) in months
        and named >= MIN_MONTH_SHARE * len(names)
        and len(days) > len(names)
    )


def _is_day_column(rows: Grid, index: int) -> bool:
    days = [text_of(row[index]) for row in rows if text_of(row[index])]
    return bool(days) and all(_DAY.fullmatch(day) for day in days)
