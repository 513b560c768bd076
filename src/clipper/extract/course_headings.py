"""Sessions numbered by their headings: a run of headings of one rank numbered 1, 2, 3…

The headings just below one heading (or the page's top headings) mark the sessions when
they carry session numbers in sequence ("1. Introduction", "2. Regression", "3.2 2.
Protocole": a builder's outline number, "3.2", comes first and is not the session's),
at least three of them, and the numbered ones are most of
their rank there: a numbered topic unit among a course's other sections ("Contenidos",
then "1. Introducción", "2. Visualización" beside "Metodología" and "Evaluación") is
part of an outline, not a session. A heading of that rank without a number (a written
assignment running beside the sessions) is no session.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml.html import HtmlElement

from clipper.extract.text import text_of
from clipper.extract.vocabulary import HEADING_TAGS

MIN_NUMBERED_RUN = 3
MIN_NUMBERED_SHARE = 0.75
"""The share of a rank's headings under one heading that must carry the session numbers."""

_SESSION_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)+\.?\s+)?(\d{1,2})\s*[.)）、:](?!\d)\s*\S")


def session_number(text: str) -> int | None:
    """The session number a heading opens with, after any outline number ("3.1 1. Intro" -> 1,
    "10. 多重比較" -> 10, "3.5 Atelier" and "2024 Syllabus" -> None)."""
    found = _SESSION_NUMBER.match(text)
    return int(found.group(1)) if found else None


def numbered_runs(body: HtmlElement, usable: Callable[[HtmlElement], bool]) -> list[list[HtmlElement]]:
    """Every run of session headings on the page (see the module), each in reading order."""
    headings = [node for node in body.iter(*HEADING_TAGS) if text_of(node)]
    runs = []
    for children in _child_groups(headings):
        run = _numbered(children, usable)
        if run:
            runs.append(run)
    return runs


def _child_groups(headings: list[HtmlElement]) -> list[list[HtmlElement]]:
    """For each heading, and for the page itself, the headings of the highest rank in its section:
    its children of the lowest rank number, each heading's parent being the nearest heading of a
    higher rank before it (one pass, so that a page of thousands of headings costs little)."""
    children: dict[HtmlElement | None, list[HtmlElement]] = {}
    open_sections: list[HtmlElement] = []
    for heading in headings:
        while open_sections and _rank(open_sections[-1]) >= _rank(heading):
            open_sections.pop()
        children.setdefault(open_sections[-1] if open_sections else None, []).append(heading)
        open_sections.append(heading)
    groups = [_top_rank(group) for group in children.values()]
    return [group for group in groups if len(group) >= MIN_NUMBERED_RUN]


def _top_rank(headings: list[HtmlElement]) -> list[HtmlElement]:
    top = min(_rank(heading) for heading in headings)
    return [heading for heading in headings if _rank(heading) == top]


def _rank(heading: HtmlElement) -> int:
    return int(heading.tag[1])


def _numbered(children: list[HtmlElement], usable: Callable[[HtmlElement], bool]) -> list[HtmlElement]:
    """The children numbered 1, 2, 3… in order when they are most of them and each usable; else none."""
    numbered = [(heading, session_number(text_of(heading))) for heading in children]
    run = [heading for heading, number in numbered if number is not None]
    if len(run) < MIN_NUMBERED_RUN or len(run) < MIN_NUMBERED_SHARE * len(children):
        return []
    if [number for _, number in numbered if number is not None] != list(range(1, len(run) + 1)):
        return []
    if not all(usable(heading) for heading in run):
        return []
    return run
