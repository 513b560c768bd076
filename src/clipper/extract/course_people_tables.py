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
    first = next(table.iter("tr"), None)
    headers = [cell for cell in first if cell.tag in ("td", "th")] if first is not None else []
    roles = [index for index, cell in enumerate(headers) if cell.tag == "th" and _names_staff(text_of(cell))]
    if not roles or any(cell.tag != "th" for cell in headers):
        return []
    rows = [[cell for cell in row if cell.tag in ("td", "th")] for row in table.iter("tr")][1:]
    if any(find_date(text_of(cell)) for row in rows for cell in row):
        return []
    persons: list[Person] = []
    for index in roles:
        header = text_of(headers[index])
        cells = [row[index] for row in rows if index < len(row) and text_of(row[index])]
        if cells and all(is_name(strip_honorifics(text_of(cell)), cjk=True) for cell in cells):
            persons.extend(make_person(text_of(cell), header, _cell_link(cell, base_url)) for cell in cells)
    return persons


def _names_staff(header: str) -> bool:
    return len(header.split()) <= MAX_ROLE_WORDS and normalise_role(header) in ("instructor", "teaching assistant")


def _cell_link(cell: HtmlElement, base_url: str | None) -> str | None:
    links = [a.get("href") for a in cell.iter("a")]
    return person_page(links[0] if links else None, base_url)
