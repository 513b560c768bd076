"""A course page's title block: the few short lines printed right under its title heading,
where a course names its term and its teachers ("Analysis", then "Sommersemester 2024",
then "Jane Doe, John Roe"; "計量経済学", then "2022年度 第3クォータ").

An article's title is followed by a byline too, but not by a term: the names count as
teachers only in a block that also names a term.
"""

from __future__ import annotations

import itertools

from lxml.html import HtmlElement

from clipper.extract.course_dates import infer_year_rule
from clipper.extract.course_names import SEPARATORS, make_person, split_names
from clipper.extract.course_sections import HEADING_TAGS
from clipper.extract.text import is_element, text_of
from clipper.models import Person

MAX_TITLES = 3
"""Title headings (`<h1>`) looked at: a site banner may be the first."""
MAX_BLOCK_LINES = 3
MAX_LINE_CHARS = 120
_LINE_TAGS = frozenset({*HEADING_TAGS, "p", "div", "span"})
_NAME_TAGS = frozenset({*HEADING_TAGS, "p"})


def title_block_lines(body: HtmlElement) -> list[str]:
    """The short text blocks right after each of the page's first title headings, in order,
    up to a long paragraph or a structural block (a list, a table, a section)."""
    return [text for _, text in _title_block(body)]


def _title_block(body: HtmlElement) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    for title in itertools.islice(body.iter("h1"), MAX_TITLES):
        kept = 0
        for sibling in title.itersiblings():
            if not is_element(sibling) or sibling.tag == "br":
                continue
            text = text_of(sibling)
            if sibling.tag not in _LINE_TAGS or len(text) > MAX_LINE_CHARS or kept >= MAX_BLOCK_LINES:
                break
            if text:
                lines.append((sibling.tag, text))
                kept += 1
    return lines


def names_term(lines: list[str]) -> bool:
    """Whether the lines name a term ("Sommersemester 2024", "Fall 2023", "2022年度")."""
    return infer_year_rule(lines) is not None


def title_block_people(body: HtmlElement) -> list[Person]:
    """The teachers a title block names in a heading or paragraph of names only, when the block
    names a term (a `<div>` of page metadata says "Author", not who teaches)."""
    lines = _title_block(body)
    if not names_term([text for _, text in lines]):
        return []
    persons: list[Person] = []
    for tag, line in lines:
        names = split_names(line) if tag in _NAME_TAGS else []
        pieces = [piece for piece in SEPARATORS.split(line) if piece.strip()]
        if names and len(names) == len(pieces):
            persons.extend(make_person(name, None, default="instructor") for name in names)
    return persons
