"""Whether a page is a course or seminar page (`looks_like_course`), on evidence any
language gives: section labels (in the vocabularies of `course_vocab`), a dated
schedule, people with teaching roles, a course word, code or term in the title,
the course speaking of itself in its lead, course-only keys (office hours,
credits), a school's term among its first headings and paragraphs, links to its own
teaching documents (lecture slides, scripts, exercise sheets as files); minus an article's
JSON-LD type and a conference programme's marks (keynotes, coffee breaks, call for papers).
Evidence in a sidebar or in readers' posts does not count. A cheap first
look (`_may_be_course`) lets most articles go in a few milliseconds.
"""

from __future__ import annotations

import itertools
import re

from lxml.html import HtmlElement

from clipper.extract.course_analysis import Analysis, analyse, first_h1, lead_text, speaks_of_itself, title_roles
from clipper.extract.course_dates import find_date, infer_year_rule
from clipper.extract.course_schedule import Schedule
from clipper.extract.course_sections import (
    HEADING_TAGS,
    Label,
    description_strength,
    fold,
    head_text,
    is_inside_any,
    label_words,
    phrase_pattern,
    quick_roles,
)
from clipper.extract.course_vocab import (
    COURSE_CODE,
    COURSE_ONLY_WORDS,
    COURSE_WORDS,
    COURSEWORK_WORDS,
    DATE_COLUMN_WORDS,
    WEEK_COLUMN_WORDS,
)
from clipper.extract.course_vocab_terms import CONFERENCE_WORDS, SCHOOL_TERM_WORDS
from clipper.extract.parse import ParsedPage
from clipper.extract.text import collapse, text_of

MIN_COURSE_SCORE = 3


def looks_like_course(page: ParsedPage) -> bool:
    """Whether the page reads as a course or seminar page."""
    if not _may_be_course(page):
        return False
    analysis = analyse(page)
    score = _course_score(analysis, page)  # a conference's marks are looked for only on a page that would pass
    return score >= MIN_COURSE_SCORE and score - _conference_marks(analysis.body) >= MIN_COURSE_SCORE


def _may_be_course(page: ParsedPage) -> bool:
    """A cheap first look that lets most articles go at once: a course page has
    a section label of a course somewhere, a course word or code in its title, or a term
    under its title heading."""
    title = page.metadata.title or ""
    if COURSE_WORDS.search(title) or COURSE_CODE.search(title) or title_roles(page):
        return True
    body = page.root.find("body")
    if body is None:
        return False
    if quick_roles(body) & {"people", "schedule", "description"}:
        return True
    if _dated_table_header(body) or _course_only_keys(body, []):
        return True
    if _teaching_documents(body) >= MIN_TEACHING_DOCUMENTS:
        return True
    return speaks_of_itself(lead_text(body))


def _course_score(analysis: Analysis, page: ParsedPage) -> int:
    """Evidence that the page is a course's: its section labels, a dated schedule, people
    with teaching roles, a course word, code or term in its title; minus an article's marks."""
    labelled = {label.role for label in analysis.labels if label.role != "description"}
    if any(label.role == "description" and description_strength(label.text) > 1 for label in analysis.labels):
        labelled.add("description")  # "Introduction" or "Overview" heads articles too; "Course description" does not
    if any(schedule.labelled for schedule in analysis.schedules):
        labelled.add("schedule")
    roles = (labelled | title_roles(page)) & {"description", "people", "schedule"}
    score = len(roles)
    score += max((_schedule_evidence(schedule) for schedule in analysis.schedules), default=0)
    teachers = [person for person in analysis.people.persons if person.role in TEACHING_OR_ASSISTING]
    if teachers:  # named in a sentence only ("… taught by Prof. A"), as an article about a course names them: 1
        score += 1 if all(person.name in analysis.people.in_prose_only for person in teachers) else 2
    title = " ".join(filter(None, [page.metadata.title, first_h1(analysis.body)]))
    score += int(bool(COURSE_WORDS.search(title))) + int(bool(COURSE_CODE.search(title)))
    score += int(_names_term(title, analysis.body, analysis.labels))
    score += _self_reference(analysis.body)
    score += int(_has_course_only_keys(analysis))
    score += int(_coursework_menu(page.root))
    score += 2 if _teaching_documents(analysis.body) >= MIN_TEACHING_DOCUMENTS else 0
    return score - _article_marks(page)


MIN_DATED_SESSIONS = 3


_COURSE_ONLY = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(word) for word in sorted(COURSE_ONLY_WORDS, key=len, reverse=True)) + r")(?!\w)"
)
MAX_KEY_CHARS = 40
MAX_KEYED_PARAGRAPHS = 60


def _has_course_only_keys(analysis: Analysis) -> bool:
    """A label or a "Key:" line only courses have: office hours, prerequisites, credits, grading."""
    return _course_only_keys(analysis.body, [label.text for label in analysis.labels])


def _course_only_keys(body: HtmlElement, keys: list[str]) -> bool:
    keys = list(keys)
    for paragraph in itertools.islice(body.iter("p", "li", "dt", "th"), MAX_KEYED_PARAGRAPHS):
        key, colon, _ = head_text(paragraph, MAX_KEY_CHARS + 2).partition(":")
        if colon and len(key) <= MAX_KEY_CHARS:
            keys.append(key)
    return any(_COURSE_ONLY.fullmatch(collapse(key).lower().strip(" :：#📍📆")) for key in keys)


def _dated_table_header(body: HtmlElement) -> bool:
    """A table whose first row names a date or week column (cheap: header cells only)."""
    for table in itertools.islice(body.iter("table"), MAX_TABLES_LOOKED_AT):
        row = next(table.iter("tr"), None)
        if row is not None and any(
            set(head_text(cell, MAX_KEY_CHARS).lower().split()) & _DATE_HEADER_WORDS for cell in row
        ):
            return True
    return False


MAX_TABLES_LOOKED_AT = 20
_DATE_HEADER_WORDS = frozenset(DATE_COLUMN_WORDS + WEEK_COLUMN_WORDS)


def _self_reference(body: HtmlElement) -> int:
    """2 when the lead prose has the course speaking of itself ("Ce cours propose…", "本课程…");
    not enough alone: articles about courses say "This course will…" too."""
    return 2 if speaks_of_itself(lead_text(body)) else 0


ASIDE_HINTS = ("sidebar", "widget", "aside")
TEACHING_OR_ASSISTING = frozenset({"instructor", "teaching assistant", "organiser", "advisor"})
_ARTICLE_TYPES = re.compile(r'"@type"\s*:\s*"(?:Article|NewsArticle|BlogPosting|Report|Recipe|Product|Review)"')


def _schedule_evidence(schedule: Schedule) -> int:
    """2 for a schedule of three or more dated sessions (a labelled one may print week labels
    or numbers instead), 1 for two; repeated dated blocks outside a schedule label (posts,
    news items look the same) weigh 1 at most."""
    if is_inside_any(schedule.elements[0], ASIDE_HINTS):
        return 0  # a sidebar's "upcoming talks" says nothing of the page itself
    if schedule.labelled:
        dated = sum(1 for session in schedule.sessions if session.date_text)
    else:
        dated = sum(1 for session in schedule.sessions if session.date_text and find_date(session.date_text))
    weight = 2 if dated >= MIN_DATED_SESSIONS else int(dated >= 2)
    return min(weight, 1) if schedule.shape == "cards" and not schedule.labelled else weight


_COURSEWORK = frozenset(fold(word) for word in COURSEWORK_WORDS)
MIN_COURSEWORK_LINKS = 2
MAX_MENU_LINKS = 300


def _coursework_menu(root: HtmlElement) -> bool:
    """A site menu linking to two or more of a course's own sections (slides, exercises,
    assignments, lecture notes, exams…): the page belongs to a course's site."""
    found: set[str] = set()
    links = (link for menu in root.xpath("//nav | //*[@role='navigation']") for link in menu.iter("a"))
    for link in itertools.islice(links, MAX_MENU_LINKS):
        words = label_words(text_of(link))
        if words in _COURSEWORK:
            found.add(words)
    return len(found) >= MIN_COURSEWORK_LINKS


def _names_term(title: str, body: HtmlElement, labels: list[Label]) -> bool:
    """A term in the page's title ("CS 101, Fall 2023"), or in a school's own words in one of its
    headings or first paragraphs ("Sommersemester 2024", "2022年度 第3クォータ"; a bare "Winter 2026"
    there may be an enrolment banner or a news item)."""
    if infer_year_rule([title]) is not None:
        return True
    first = (head_text(element, MAX_KEY_CHARS * 4) for element in body.iter("p", *HEADING_TAGS))
    texts = itertools.chain((label.text for label in labels), itertools.islice(first, MAX_TERM_BLOCKS))
    return any(_SCHOOL_TERM.search(fold(text)) and infer_year_rule([text]) for text in texts)


MAX_TERM_BLOCKS = 15
"""The paragraphs and headings, from the top, where a page names its term."""


_SCHOOL_TERM = phrase_pattern(SCHOOL_TERM_WORDS)
_MATERIAL = phrase_pattern(COURSEWORK_WORDS)
_DOCUMENT = re.compile(r"\.(?:pdf|pptx?|key|odp|ipynb|docx?|odt|tex)(?:[?#].*)?$", re.IGNORECASE)
MIN_TEACHING_DOCUMENTS = 2
MAX_MATERIAL_CHARS = 80
MAX_LINKS_LOOKED_AT = 400


def _teaching_documents(body: HtmlElement) -> int:
    """How many documents the page links by a course material's name ("Lecture slides (PDF)",
    "Skriptum zur Vorlesung", "講義スライド"): files (PDF, slides, notebooks), not pages,
    so that a shop's "Fridge Slides" or a company's "Labs" are none."""
    found: set[str] = set()
    for link in itertools.islice(body.iter("a"), MAX_LINKS_LOOKED_AT):
        href = (link.get("href") or "").strip()
        if not _DOCUMENT.search(href):
            continue
        text = text_of(link)
        if len(text) <= MAX_MATERIAL_CHARS and _MATERIAL.search(fold(text)):
            found.add(href)
    return len(found)


_CONFERENCE = phrase_pattern(CONFERENCE_WORDS)
MIN_CONFERENCE_WORDS = 2
MAX_CONFERENCE_CELL_CHARS = 80
MAX_CONFERENCE_BLOCKS = 400


def _conference_marks(body: HtmlElement) -> int:
    """3 when the headings and short table cells name two or more of a conference programme's
    parts (keynote, coffee break, call for papers, programme committee), in any language."""
    found: set[str] = set()
    blocks = itertools.islice(body.iter(*HEADING_TAGS, "td", "th", "dt"), MAX_CONFERENCE_BLOCKS)
    for block in blocks:
        text = head_text(block, MAX_CONFERENCE_CELL_CHARS)
        found.update(match.group() for match in _CONFERENCE.finditer(fold(text)))
        if len(found) >= MIN_CONFERENCE_WORDS:
            return 3
    return 0


def _article_marks(page: ParsedPage) -> int:
    """How strongly the page declares itself an article, a post or a product (its JSON-LD type)."""
    return 2 if any(_ARTICLE_TYPES.search(script.text or "") for script in page.root.iter("script")) else 0
