"""Course and seminar pages: description, instructors and schedule, separated.

The course extractor claims no URL: it recognises a course page by its
structure (`looks_like_course`) — section labels in English, French or German
(Description, Instructors, Schedule, Enseignants, Séances, Termine…), a table
or list of dated rows, photo-and-name cards, a course code or word in the
title. `extract_course` reads the page in four steps:

    main_content -> labels and their regions      (course_sections)
                 -> people                         (course_people)
                 -> schedules                      (course_schedule)
                 -> Texte complet, in reading order, where the people read
                    photo-then-name and each session is one block.

The year of dates printed without one comes from the page's term ("Spring
2024", "WS 2015/16", "2024-2025"), else from a lone year in its title; a page
that names no year takes the year of the clip (`ParsedPage.harvest_date`), and
without that either the year stays unknown.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

from clipper.extract.course_dates import YearRule, find_date, infer_year_rule, lone_year
from clipper.extract.course_people import People, PersonCard, find_people
from clipper.extract.course_schedule import Schedule, find_schedules
from clipper.extract.course_sections import (
    HEADING_TAGS,
    Label,
    description_strength,
    find_labels,
    is_inside,
    is_inside_any,
    label_role,
    lines_of,
    main_content,
    paragraphs,
    region_of,
    run_in_text,
)
from clipper.extract.course_vocab import COURSE_CODE, COURSE_ONLY_WORDS, COURSE_SELF_REFERENCE, COURSE_WORDS
from clipper.extract.parse import ParsedPage
from clipper.extract.text import collapse, is_element, text_of
from clipper.markdown import (
    escape_text,
    html_to_markdown,
    image_markdown,
    link_markdown,
    resolve_line_starts,
)
from clipper.models import Extraction, ImageRef, Person

MIN_COURSE_SCORE = 3
MIN_FALLBACK_PARAGRAPH = 150
_SENTENCE_ENDS = (".", "!", "?", "。", "！", "？", ":", "…", ")")
_SLOT = "CLIPPERSLOT{}X"
_IMAGE = re.compile(r"!\[")


@dataclass(frozen=True)
class _Analysis:
    """Everything read off one page, before rendering."""

    body: HtmlElement
    labels: list[Label]
    regions: dict[int, list[HtmlElement]]
    people: People
    schedules: list[Schedule]
    years: YearRule | None


def _analyse(page: ParsedPage, render: bool = True) -> _Analysis:
    body = main_content(page.root)
    labels = find_labels(body)
    ranks = {label.element: label.level for label in labels}
    regions = {index: region_of(label, ranks, body) for index, label in enumerate(labels)}
    years = _year_rule(page) if render else None  # detection needs no ISO dates
    people = find_people(body, labels, regions, page.url)
    page_scheduled = "schedule" in _title_roles(page)
    schedules = find_schedules(body, labels, regions, page.url, years, render, page_scheduled)
    return _Analysis(body, labels, regions, people, schedules, years)


def _year_rule(page: ParsedPage) -> YearRule | None:
    """The page's term, looked for in its title, its headings, then all its text;
    else a lone year in its title; else the year of the clip, if known."""
    title_element, body = page.root.find(".//title"), page.root.find("body")
    title = text_of(title_element) if title_element is not None else ""
    headings = " | ".join(text_of(h) for h in page.root.iter(*HEADING_TAGS))
    whole = "\n".join(lines_of(body)) if body is not None else ""
    found = infer_year_rule([title, headings, whole]) or lone_year(title)
    if found is None and page.harvest_date is not None:
        return YearRule(page.harvest_date.year)  # the page names no year: the clip's, as the issue allows
    return found


# --- detection -------------------------------------------------------------------------------


def looks_like_course(page: ParsedPage) -> bool:
    """Whether the page reads as a course or seminar page."""
    if not _may_be_course(page):
        return False
    return _course_score(_analyse(page, render=False), page) >= MIN_COURSE_SCORE


def _may_be_course(page: ParsedPage) -> bool:
    """A cheap first look that lets most articles go at once: a course page has
    a section label of a course somewhere, or a course word or code in its title."""
    title = page.metadata.title or ""
    if COURSE_WORDS.search(title) or COURSE_CODE.search(title) or _title_roles(page):
        return True
    body = page.root.find("body")
    if body is None:
        return False
    if any(label.role in ("people", "schedule", "description") for label in find_labels(body)):
        return True
    return bool(COURSE_SELF_REFERENCE.search(_lead_text(body)))


def _title_roles(page: ParsedPage) -> set[str]:
    """The section roles the parts of the page's title name ("Schedule | CS 101" -> schedule)."""
    parts = re.split(r"\s+[|–—-]\s+|\s*[|–—]\s*", page.metadata.title or "")
    return {role for role in map(label_role, parts) if role in ("description", "people", "schedule")}


def _course_score(analysis: _Analysis, page: ParsedPage) -> int:
    """Evidence that the page is a course's: its section labels, a dated schedule, people
    with teaching roles, a course word, code or term in its title; minus an article's marks."""
    labelled = {label.role for label in analysis.labels if label.role != "description"}
    if any(label.role == "description" and description_strength(label.text) > 1 for label in analysis.labels):
        labelled.add("description")  # "Introduction" or "Overview" heads articles too; "Course description" does not
    if any(schedule.labelled for schedule in analysis.schedules):
        labelled.add("schedule")
    roles = (labelled | _title_roles(page)) & {"description", "people", "schedule"}
    score = len(roles)
    score += max((_schedule_evidence(schedule) for schedule in analysis.schedules), default=0)
    if any(person.role in TEACHING_OR_ASSISTING for person in analysis.people.persons):
        score += 2
    title = " ".join(filter(None, [page.metadata.title, _first_h1(analysis.body)]))
    score += int(bool(COURSE_WORDS.search(title))) + int(bool(COURSE_CODE.search(title)))
    score += int(infer_year_rule([title]) is not None)
    score += _self_reference(analysis.body)
    score += int(_has_course_only_keys(analysis))
    return score - _article_marks(page)


LEAD_CHARS = 3000


def _lead_text(body: HtmlElement) -> str:
    """The first prose of the page, where a course speaks of itself."""
    found, size = [], 0
    for paragraph in body.iter("p"):
        text = text_of(paragraph)
        found.append(text)
        size += len(text)
        if size > LEAD_CHARS:
            break
    return " ".join(found)


MIN_DATED_SESSIONS = 3


_COURSE_ONLY = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(word) for word in sorted(COURSE_ONLY_WORDS, key=len, reverse=True)) + r")(?!\w)"
)
MAX_KEY_CHARS = 40
MAX_KEYED_PARAGRAPHS = 60


def _has_course_only_keys(analysis: _Analysis) -> bool:
    """A label or a "Key:" line only courses have: office hours, prerequisites, credits, grading."""
    keys = [label.text for label in analysis.labels]
    for paragraph in itertools.islice(analysis.body.iter("p", "li", "dt", "th"), MAX_KEYED_PARAGRAPHS):
        key, colon, _ = text_of(paragraph).partition(":")
        if colon and len(key) <= MAX_KEY_CHARS:
            keys.append(key)
    return any(_COURSE_ONLY.fullmatch(collapse(key).lower().strip(" :：#📍📆")) for key in keys)


def _self_reference(body: HtmlElement) -> int:
    """2 when the lead prose has the course speaking of itself ("Ce cours propose…", "本课程…");
    not enough alone: articles about courses say "This course will…" too."""
    return 2 if COURSE_SELF_REFERENCE.search(_lead_text(body)) else 0


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


def _article_marks(page: ParsedPage) -> int:
    """How strongly the page declares itself an article, a post or a product (its JSON-LD type)."""
    return 2 if any(_ARTICLE_TYPES.search(script.text or "") for script in page.root.iter("script")) else 0


def _first_h1(body: HtmlElement) -> str | None:
    h1 = body.find(".//h1")
    return text_of(h1) if h1 is not None else None


# --- extraction ------------------------------------------------------------------------------


def extract_course(page: ParsedPage) -> Extraction:
    """Description, instructors, schedule and Texte complet of a course page."""
    analysis = _analyse(page)
    description, description_how = _description(analysis)
    markdown, text, images = _render(analysis, page.url)
    sessions = tuple(session for schedule in analysis.schedules for session in schedule.sessions)
    return Extraction(
        kind="course",
        extractor="course",
        title=page.metadata.title or _first_h1(analysis.body) or "",
        url=page.url,
        metadata=page.metadata,
        markdown=markdown,
        text=text,
        images=images,
        strategy=_strategy(analysis, description_how),
        description=description,
        instructors=analysis.people.persons,
        schedule=sessions,
    )


def _strategy(analysis: _Analysis, description_how: str) -> str:
    parts = [description_how] if description_how else []
    if analysis.people.cards:
        parts.append("instructors-cards")
    elif analysis.people.persons:
        parts.append("instructors")
    parts.extend(f"schedule-{schedule.shape}" for schedule in analysis.schedules)
    return "sections:" + ",".join(parts)


# --- description -----------------------------------------------------------------------------


def _description(analysis: _Analysis) -> tuple[str, str]:
    """The course description's paragraphs, and how they were found: under a description label
    outside the schedules (an "Objectives" heading inside a session is the session's), prose,
    not key/value metadata or a credit line; else the first prose paragraphs of the page."""
    in_schedules = _schedule_elements(analysis)
    candidates = [
        (index, label)
        for index, label in enumerate(analysis.labels)
        if label.role == "description" and label.element not in in_schedules
    ]
    candidates.sort(key=lambda item: -description_strength(item[1].text))
    for index, label in candidates:
        if label.run_in:
            found = [collapse(line) for line in run_in_text(label).split("\n") if collapse(line)]
        else:
            found = _region_paragraphs(analysis.regions[index], analysis.labels)
        found = [paragraph for paragraph in found if not _is_metadata(paragraph)]
        if any(_is_sentence(paragraph) for paragraph in found):
            return "\n\n".join(found), "description"
    fallback = _first_long_paragraphs(analysis, in_schedules)
    return "\n\n".join(fallback), ("description-guessed" if fallback else "")


MIN_SENTENCE_CHARS = 60
_KEY_VALUE = re.compile(r"^[^:：\n]{1,40}[:：]\s*\S")


def _schedule_elements(analysis: _Analysis) -> set[HtmlElement]:
    return {node for schedule in analysis.schedules for top in schedule.elements for node in top.iter()}


def _is_metadata(paragraph: str) -> bool:
    """ "Código: AGP3141" lines, "© 2024 …" credits: not the course's description."""
    lines = [line for line in paragraph.split("\n") if line.strip()]
    keyed = sum(1 for line in lines if _KEY_VALUE.match(line) and len(line) < MIN_SENTENCE_CHARS * 2)
    stripped = paragraph.strip().lower()
    return (bool(lines) and keyed == len(lines)) or stripped.startswith(("©", "(c)", "copyright"))


def _is_sentence(paragraph: str) -> bool:
    return _reading_length(paragraph) >= MIN_SENTENCE_CHARS and not _is_metadata(paragraph)


_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _reading_length(text: str) -> int:
    """Characters, a CJK one counting three (a word of Chinese is a character or two, not five letters)."""
    return len(text) + 2 * len(_CJK_CHAR.findall(text))


def _region_paragraphs(region: list[HtmlElement], labels: list[Label]) -> list[str]:
    """Paragraphs of a region up to its first sub-heading (a heading before any text is skipped)."""
    label_elements = {label.element for label in labels if not label.run_in}
    found: list[str] = []
    for element in _text_blocks(region, label_elements):
        if element in label_elements or element.tag in HEADING_TAGS:
            if found:
                break
            continue
        found.extend(paragraphs(element))
    return found


def _text_blocks(elements: list[HtmlElement], stops: set[HtmlElement]):
    """Headings and leaf text blocks, in reading order; tables and lists are left out."""
    for element in elements:
        if not is_element(element) or element.tag in ("table", "ul", "ol", "img", "br"):
            continue
        if element in stops or element.tag in HEADING_TAGS:
            yield element
        elif element.tag == "p" or not any(
            is_element(child) and (child.tag in HEADING_TAGS or child in stops or child.tag in ("div", "p", "section"))
            for child in element.iter()
            if child is not element
        ):
            if text_of(element):
                yield element
        else:
            yield from _text_blocks(list(element), stops)


def _first_long_paragraphs(analysis: _Analysis, in_schedules: set[HtmlElement]) -> list[str]:
    """The first run of substantial prose paragraphs of the page's lead (before its first section
    heading) on a page without a description label: outside people and excluded sections and
    outside the schedules (a talk's teaser is not it)."""
    taken = {
        element
        for index, label in enumerate(analysis.labels)
        if label.role in ("people", "excluded")
        for top in analysis.regions[index]
        for element in top.iter()
    } | in_schedules
    seen_text = False
    for paragraph in analysis.body.iter("p", *HEADING_TAGS[1:]):
        if paragraph.tag != "p":
            if seen_text or label_role(text_of(paragraph)):
                break  # the lead ends at the first section heading: later prose is a section's, not the course's
            continue  # a title heading before any text
        seen_text = seen_text or len(text_of(paragraph)) >= MIN_SENTENCE_CHARS
        if paragraph in taken or is_inside(paragraph, ("table", "li", "header")):
            continue
        if _is_prose(paragraph):
            found = [text_of(paragraph)]
            for sibling in paragraph.itersiblings("p"):
                if not _is_prose(sibling):
                    break
                found.append(text_of(sibling))
            return found
    return []


def _is_prose(paragraph: HtmlElement) -> bool:
    text = text_of(paragraph)
    if not text.rstrip().endswith(_SENTENCE_ENDS):
        return False
    length = _reading_length(text)
    if length < MIN_FALLBACK_PARAGRAPH and not (length >= MIN_SENTENCE_CHARS and COURSE_SELF_REFERENCE.search(text)):
        return False  # shorter prose is the course's introduction only when it speaks of the course
    bold = sum(len(text_of(node)) for node in paragraph.iter("b", "strong"))
    starts_with_label = len(paragraph) and paragraph[0].tag in ("b", "strong") and not collapse(paragraph.text)
    return bold < len(text) / 2 and not starts_with_label


# --- rendering -------------------------------------------------------------------------------


def _render(analysis: _Analysis, base_url: str | None) -> tuple[str, str, tuple[ImageRef, ...]]:
    """Texte complet: the page in reading order, people and sessions as readable blocks."""
    slots: list[tuple[str, str]] = []
    extra_images: list[ImageRef] = []
    for schedule in analysis.schedules:
        _fill_slot(schedule.elements, "\n\n".join(schedule.blocks), "\n\n".join(schedule.texts), slots)
    for cards, container in _card_groups(analysis.people.cards):
        extra_images.extend(ImageRef(card.person.photo, card.person.name) for card in cards if card.person.photo)
        blocks = [_person_block(card) for card in cards]
        texts = [_person_text(card) for card in cards]
        elements = (container,) if container is not None else tuple(card.element for card in cards)
        _fill_slot(elements, "\n\n".join(blocks), "\n\n".join(texts), slots)
    converted = html_to_markdown(analysis.body, base_url, heading_offset=2)
    markdown, text = converted.markdown, converted.text
    for index, (block, plain) in enumerate(slots):
        token = _SLOT.format(index)
        markdown = markdown.replace(token, block, 1)
        text = text.replace(token, plain, 1)
    known = list(converted.images) + extra_images
    for schedule in analysis.schedules:
        known.extend(_images_in_blocks(schedule.blocks))
    return markdown, text, _images_in(markdown, known)


def _fill_slot(elements, block: str, plain: str, slots: list[tuple[str, str]]) -> None:
    """Put a placeholder where the first element stood and remove the others."""
    live = [element for element in elements if element.getparent() is not None]
    if not live:
        return
    token = _SLOT.format(len(slots))
    slots.append((block, plain))
    placeholder = etree.Element("p")
    placeholder.text = token
    first = live[0]
    placeholder.tail = first.tail
    first.tail = None
    first.getparent().replace(first, placeholder)
    for element in live[1:]:
        if element.getparent() is not None:
            element.drop_tree()


def _card_groups(cards: tuple[PersonCard, ...]):
    """Cards grouped by the layout table that holds them (None when not in a table)."""
    groups: list[tuple[list[PersonCard], HtmlElement | None]] = []
    for card in cards:
        table = next(card.element.iterancestors("table"), None)
        if table is not None and table.find(".//th") is None and groups and groups[-1][1] is table:
            groups[-1][0].append(card)
        elif table is not None and table.find(".//th") is None:
            groups.append(([card], table))
        else:
            groups.append(([card], None))
    return groups


def _person_block(card: PersonCard) -> str:
    """Photo, then name (linked to the person's page), then the card's own role."""
    person: Person = card.person
    lines = []
    if person.photo:
        lines.append(image_markdown(ImageRef(person.photo, person.name)))
    lines.append(link_markdown(person.name, person.url) if person.url else escape_text(person.name))
    if card.own_role and person.role_text:
        lines.append(escape_text(person.role_text))
    return resolve_line_starts("\n".join(lines))


def _person_text(card: PersonCard) -> str:
    role = card.person.role_text if card.own_role and card.person.role_text else ""
    return "\n".join(filter(None, [card.person.name, role]))


def _images_in_blocks(blocks: tuple[str, ...]) -> list[ImageRef]:
    """The images the schedule blocks spell (with `image_markdown`), as refs."""
    found = []
    for block in blocks:
        for alt, url in re.findall(r"!\[([^\]]*)\]\(<([^>]*)>\)", block):
            found.append(ImageRef(url, alt))
    return found


def _images_in(markdown: str, known: list[ImageRef]) -> tuple[ImageRef, ...]:
    """The images written in `markdown`, in order, as the refs that wrote them."""
    spelled = {image_markdown(ref): ref for ref in known}
    found = []
    for match in _IMAGE.finditer(markdown):
        for spelling, ref in spelled.items():
            if markdown.startswith(spelling, match.start()):
                found.append(ref)
                break
    return tuple(found)


def _extractor():
    from clipper.extract.site import SiteExtractor

    return SiteExtractor("course", priority=50, claims=None, detect=looks_like_course, run=extract_course)


EXTRACTOR = _extractor()
