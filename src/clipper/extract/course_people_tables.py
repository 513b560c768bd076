"""Staff in a table column: a table without dates whose header names a teaching role over a
column of names ("TA | Day | Time", an office-hours table) names one person per cell."""

from __future__ import annotations

from lxml.html import HtmlElement

from clipper.extract.course_dates import find_date
from clipper.extract.course_names import MAX_ROLE_WORDS, is_name, make_person, normalise_role, strip_honorifics
from clipper.extract.course_people_cards import person_page
from clipper.extract.text import text_of
from clipper.models import Person


def role_column_people(table: HtmlElement, base_url: str | None) -> list[Person]:
    """A table without dates whose header names a teaching role over a column of names ("TA | Day |
    Time", an office-hours table): each name a person of that role. A schedule's "Speaker" or
    "Dozent" column names speakers, not staff."""
    rows = [_cells(row) for row in table.iter("tr")]
    headers = rows[0] if rows else []
    if not headers or any(cell.tag != "th" for cell in headers):
        return []
    roles = [index for index, cell in enumerate(headers) if _names_staff(text_of(cell))]
    if not roles or any(find_date(text_of(cell)) for row in rows[1:] for cell in row):
        return []
    return [person for index in roles for person in _column_people(rows[1:], index, text_of(headers[index]), base_url)]


def _cells(row: HtmlElement) -> list[HtmlElement]:
    return [cell for cell in row if cell.tag in ("td", "th")]


def _column_people(rows: list[list[HtmlElement]], index: int, header: str, base_url: str | None) -> list[Person]:
    """The persons of column `index`, when every one of its filled cells is a name; else none."""
    cells = [row[index] for row in rows if index < len(row) and text_of(row[index])]
    if not cells or not all(is_name(strip_honorifics(text_of(cell)), cjk=True) for cell in cells):
        return []
    return [make_person(text_of(cell), header, _cell_link(cell, base_url)) for cell in cells]


def _names_staff(header: str) -> bool:
    """Whether a column header names teaching staff ("TA", "Instructor"), not speakers."""
    return len(header.split()) <= MAX_ROLE_WORDS and normalise_role(header) in ("instructor", "teaching assistant")


def _cell_link(cell: HtmlElement, base_url: str | None) -> str | None:
    links = [a.get("href") for a in cell.iter("a")]
    return person_page(links[0] if links else None, base_url)
