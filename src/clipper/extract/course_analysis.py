"""What the course extractor reads off a page before deciding or rendering anything:
its main content, labels and their regions, people, schedules, and the year its
dates without one belong to (`analyse`).

The year of dates printed without one comes from the page's term ("Spring
2024", "WS 2015/16", "2024-2025"), else from a lone year in its title; a page
that names no year takes the year of the clip (`ParsedPage.harvest_date`), and
without that either the year stays unknown.

Its lead prose (`lead_text`) is where a course speaks of itself ("Ce cours
propose…": `speaks_of_itself`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lxml.html import HtmlElement

from clipper.extract.course_dates import YearRule, infer_year_rule, lone_year
from clipper.extract.course_page import main_content
from clipper.extract.course_people import People, find_people
from clipper.extract.course_schedule import Schedule, find_schedules
from clipper.extract.course_sections import (
    HEADING_TAGS,
    Label,
    find_labels,
    head_text,
    label_role,
    lines_of,
    region_of,
)
from clipper.extract.course_vocab import COURSE_SELF_REFERENCE, SELF_REFERENCE_MARKS, SELF_REFERENCE_NOUNS
from clipper.extract.parse import ParsedPage
from clipper.extract.text import text_of, words


@dataclass(frozen=True)
class Analysis:
    """Everything read off one page, before rendering."""

    body: HtmlElement
    labels: list[Label]
    regions: dict[int, list[HtmlElement]]
    people: People
    schedules: list[Schedule]
    years: YearRule | None


MAX_TERM_SCAN_CHARS = 20_000
"""A page names its term near its top: the rest is not scanned for one."""


@lru_cache(maxsize=4)
def analyse(page: ParsedPage, render: bool = True) -> Analysis:
    """Everything read off the page, once: detection and extraction share it (kept per page
    object; nothing downstream changes it — rendering works on a copy)."""
    return _analyse(page, render)


def _analyse(page: ParsedPage, render: bool) -> Analysis:
    body = main_content(page.root)
    labels = find_labels(body)
    ranks = {label.element: label.level for label in labels}
    regions = {index: region_of(label, ranks, body) for index, label in enumerate(labels)}
    years = _year_rule(page) if render else None  # detection needs no ISO dates
    people = find_people(body, labels, regions, page.url)
    page_scheduled = "schedule" in title_roles(page)
    schedules = find_schedules(body, labels, regions, page.url, years, render, page_scheduled)
    return Analysis(body, labels, regions, people, schedules, years)


def _year_rule(page: ParsedPage) -> YearRule | None:
    """The page's term, looked for in its title, its headings, then all its text;
    else a lone year in its title; else the year of the clip, if known."""
    title_element, body = page.root.find(".//title"), page.root.find("body")
    title = text_of(title_element) if title_element is not None else ""
    headings = " | ".join(text_of(h) for h in page.root.iter(*HEADING_TAGS))
    whole = "\n".join(lines_of(body))[:MAX_TERM_SCAN_CHARS] if body is not None else ""
    found = infer_year_rule([title, headings, whole]) or lone_year(title)
    if found is None and page.harvest_date is not None:
        return YearRule(page.harvest_date.year)  # the page names no year: the clip's, as the issue allows
    return found


def title_roles(page: ParsedPage) -> set[str]:
    """The section roles the parts of the page's title name ("Schedule | CS 101" -> schedule)."""
    parts = re.split(r"\s+[|–—-]\s+|\s*[|–—]\s*", page.metadata.title or "")
    return {role for role in map(label_role, parts) if role in ("description", "people", "schedule")}


def first_h1(body: HtmlElement) -> str | None:
    h1 = body.find(".//h1")
    return text_of(h1) if h1 is not None else None


LEAD_CHARS = 3000


def lead_text(body: HtmlElement) -> str:
    """The first prose of the page, where a course speaks of itself."""
    found, size = [], 0
    for paragraph in body.iter("p"):
        text = head_text(paragraph, LEAD_CHARS)
        found.append(text)
        size += len(text)
        if size > LEAD_CHARS:
            break
    return " ".join(found)


def speaks_of_itself(text: str) -> bool:
    """Whether `COURSE_SELF_REFERENCE` is in `text`, refused without running it when the
    text has none of the nouns or marks its phrases all hold: the expression costs 0.3 ms
    on an article's 3,000 characters of lead, looking for the words 0.08 ms
    (`tests/test_course_self_reference.py` spells every phrase and holds the two together)."""
    # IGNORECASE reads İ, ı and ſ as i, i and s; "İ".lower() would add a combining dot, which
    # splits a word (str.replace, not str.translate: translating costs twice the expression)
    folded = text.replace("İ", "i").lower().replace("ı", "i").replace("ſ", "s")
    if SELF_REFERENCE_NOUNS.isdisjoint(words(folded)) and not any(mark in text for mark in SELF_REFERENCE_MARKS):
        return False
    return COURSE_SELF_REFERENCE.search(text) is not None
