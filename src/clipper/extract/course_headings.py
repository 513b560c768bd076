"""Sessions marked by their headings: one heading per session, led by what marks a session.

A heading marks a session when it carries the session's date ("Feb. 1: Lecture", "Prima
lezione: 6-8 Marzo 2026") or its number in a run 1, 2, 3… ("3.1 1. Introduction",
"10. 多重比較"; an outline's own numbering, "3.1", is not a session number). Dated markers
count whatever their rank: a deadline or an exam week printed one rank above the weekly
sessions is a session too, while a heading over other dated headings (a week over its
sessions) and a break ("Spring Break NO CLASS", "Reading Week") are none. Where headings
carry session numbers, one without (a written assignment running beside the sessions) is
no session.

Outside any schedule label, a run of numbered headings is a lecture list when each of its
sessions links its own teaching document (slides, a PDF): a numbered list of topics
without them is a course's contents, not its sessions.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml.html import HtmlElement

from clipper.extract.course_dates import find_date, leading_date
from clipper.extract.course_sections import fold, phrase_pattern
from clipper.extract.course_vocab import COURSEWORK_WORDS, NO_SESSION
from clipper.extract.text import is_element, text_of
from clipper.extract.vocabulary import HEADING_TAGS

MAX_DATE_HEADING_CHARS = 60
"""A date inside a heading marks it only in a short heading ("Prima lezione: 6-8 Marzo 2026");
a long one that mentions a date is a title or a notice."""
MIN_NUMBERED_RUN = 3
MIN_DATED_HEADINGS = 2

_OUTLINE_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)+\.?|(?:chapter|chapitre|kapitel|cap[íi]tulo)\s+\d+)\s+", re.I)
_SESSION_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)）、]\s*\S")
_DOCUMENT = re.compile(r"\.(?:pdf|pptx?|key|odp|ipynb|docx?|odt|tex)(?:[?#].*)?$", re.IGNORECASE)
_MATERIAL = phrase_pattern(COURSEWORK_WORDS)
MAX_MATERIAL_CHARS = 80


def session_number(text: str) -> int | None:
    """The session number a heading opens with, after any outline numbering ("3.1 1. Intro" -> 1)."""
    found = _SESSION_NUMBER.match(_OUTLINE_NUMBER.sub("", text, count=1))
    return int(found.group(1)) if found else None


def is_dated_heading(text: str) -> bool:
    """Whether a heading carries its session's date: opening with it, or inside a short heading."""
    if leading_date(text) is not None:
        return True
    return len(text) <= MAX_DATE_HEADING_CHARS and find_date(text) is not None


def numbered_run(headings: list[HtmlElement]) -> list[HtmlElement]:
    """The headings (in reading order) whose session numbers run 1, 2, 3…, at least three of them;
    none when the numbers do not run so."""
    run: list[HtmlElement] = []
    for heading in headings:
        number = session_number(text_of(heading))
        if number is not None and number == len(run) + 1:
            run.append(heading)
        elif number is not None:
            return []
    return run if len(run) >= MIN_NUMBERED_RUN else []


def marked_headings(inside: list[HtmlElement], left_out: set[HtmlElement]) -> list[HtmlElement]:
    """The session headings among `inside` (in reading order): the dated ones of any rank that
    head no other dated heading and mark no break, else a run of numbered ones; none when
    neither marks enough of them."""
    headings = [node for node in inside if node.tag in HEADING_TAGS[1:] and node not in left_out and text_of(node)]
    dated = {heading for heading in headings if is_dated_heading(text_of(heading))}
    sessions = [
        heading
        for index, heading in enumerate(headings)
        if heading in dated and not NO_SESSION.search(text_of(heading)) and not _heads(index, headings, dated)
    ]
    if len(sessions) >= MIN_DATED_HEADINGS:
        return sessions
    return numbered_run(headings)


def _heads(index: int, headings: list[HtmlElement], dated: set[HtmlElement]) -> bool:
    """Whether a dated heading of a lower rank follows headings[index] within its section."""
    rank = int(headings[index].tag[1])
    for other in headings[index + 1 :]:
        if int(other.tag[1]) <= rank:
            return False
        if other in dated:
            return True
    return False


def lecture_lists(body: HtmlElement, usable: Callable[[HtmlElement], bool]) -> list[list[HtmlElement]]:
    """Runs of numbered headings of one rank, each session linking its own teaching document."""
    found = []
    for tag in HEADING_TAGS[1:]:
        run = numbered_run([heading for heading in body.iter(tag) if usable(heading)])
        if run and all(_links_material(heading) for heading in run):
            found.append(run)
    return found


def _links_material(heading: HtmlElement) -> bool:
    """Whether the heading's section (its siblings up to the next heading) links a teaching document."""
    for sibling in heading.itersiblings():
        if not is_element(sibling):
            continue
        if any(node.tag in HEADING_TAGS for node in sibling.iter()):
            return False
        if any(is_teaching_document(link) for link in sibling.iter("a")):
            return True
    return False


def is_teaching_document(link: HtmlElement) -> bool:
    """A document file linked by a course material's name ("Lecture slides (PDF)", "Skriptum zur
    Vorlesung", "講義スライド"): files (PDF, slides, notebooks), not pages, so that a shop's
    "Fridge Slides" or a company's "Labs" are none."""
    if not _DOCUMENT.search((link.get("href") or "").strip()):
        return False
    text = text_of(link)
    return len(text) <= MAX_MATERIAL_CHARS and bool(_MATERIAL.search(fold(text)))
