"""Numbered sessions: a run of same-rank headings that carry a session number in sequence
("1. Introduction", "2. …", "3. …"; after a generator's section number, "3.1 1. …").

Among the headings marking a schedule's sessions, the numbered run is the sessions: a heading of
the same rank without its number (a written assignment running beside them, an annex) is not one
(`numbered_run`). Outside a schedule label, a numbered run is a schedule when its units are
lectures, each linking its own teaching documents (slides, a script): numbered topics without
them are a course's contents, not its sessions (`course_repeated.numbered_schedules`).
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from clipper.extract.text import text_of

SESSION_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)+\s+)?(\d{1,3})\s*[.)]\s+\S")
"""A heading's session number: "1. Intro", "2) Sorting", "3.1 1. Intro" (the generator's "3.1" first)."""
MIN_NUMBERED = 3


def session_number(text: str) -> int | None:
    found = SESSION_NUMBER.match(text)
    return int(found.group(1)) if found else None


def numbered_run(headings: list[HtmlElement]) -> list[HtmlElement] | None:
    """The headings numbered 1, 2, 3… in reading order, when there are three or more of them."""
    numbered = [(heading, session_number(text_of(heading))) for heading in headings]
    run = [heading for heading, number in numbered if number is not None]
    numbers = [number for _, number in numbered if number is not None]
    if len(run) < MIN_NUMBERED or numbers != list(range(1, len(numbers) + 1)):
        return None
    return run
