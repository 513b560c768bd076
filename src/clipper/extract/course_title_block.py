"""A course page's title block: the few short lines printed right under its title heading,
where a course names its term and its teachers ("Analysis", then "Sommersemester 2024",
then "Jane Doe, John Roe"; "計量経済学", then "2022年度 第3クォータ").

An article's title is followed by a byline too, but not by a term: the names count as
teachers only in a block that also names a term, never as evidence that the page is a
course (a news page may print a season under its title), and a "By …" byline never.
"""

from __future__ import annotations

import itertools

from lxml.html import HtmlElement

from clipper.extract.course_dates import infer_year_rule
from clipper.extract.course_names import SEPARATORS, make_person, split_names
from clipper.extract.course_sections import HEADING_TAGS
from clipper.extract.course_vocab_terms import BYLINE, NOT_A_TERM, SEMESTER_WORDS
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
    """The title block as (tag, text) pairs: the tag tells a paragraph of names from a `<div>` of
    page metadata."""
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
    """Whether the lines name an academic term ("Sommersemester 2024", "Fall 2023", "2022年度"); a
    magazine's issue, a sports season or a fiscal quarter ("Winter 2025 issue", "2023-2024 season",
    "2022年度 第3四半期") is none."""
    return infer_year_rule(line for line in lines if not NOT_A_TERM.search(line or "")) is not None


def names_semester(lines: list[str]) -> bool:
    """Whether a line names a term in words only a school's calendar uses ("Sommersemester 2024",
    "Fall term 2023", "2022年度 第3クォータ"), not a bare season and year a magazine prints too."""
    return any(SEMESTER_WORDS.search(line) and names_term([line]) for line in lines)


def title_block_people(body: HtmlElement) -> list[Person]:
    """The teachers a title block names in a heading or paragraph of names only, when the block
    names a term (a `<div>` of page metadata says "Author", not who teaches)."""
    lines = _title_block(body)
    if not names_term([text for _, text in lines]):
        return []
    persons: list[Person] = []
    for tag, line in lines:
        if BYLINE.match(line):
            continue  # "By Jane Doe": an author, not a teacher
        names = split_names(line) if tag in _NAME_TAGS else []
        pieces = [piece for piece in SEPARATORS.split(line) if piece.strip()]
        if names and len(names) == len(pieces):
            persons.extend(make_person(name, None, default="instructor") for name in names)
    return persons
