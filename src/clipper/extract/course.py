"""Course and seminar pages: description, instructors and schedule, separated.

The course extractor claims no URL: it recognises a course page by evidence
any language gives (`course_detect.looks_like_course`): section labels in ten
languages, a dated schedule, people with teaching roles, a course word, code
or term in the title, the course speaking of itself. `extract_course` reads
the page once (`course_analysis.analyse`, shared with detection):

    main_content (course_page) -> labels and their regions (course_sections)
                               -> people                    (course_people, course_names)
                               -> schedules                 (course_schedule, course_tables, course_cards)
                               -> description               (course_description)
                               -> Texte complet, in reading order, where the people read
                                  photo-then-name and each session is one block.

Dates and their years: `course_dates` (CLDR names from `course_locale`).
"""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from lxml import etree
from lxml.html import HtmlElement

from clipper.extract.course_analysis import Analysis, analyse, first_h1
from clipper.extract.course_description import course_description
from clipper.extract.course_detect import looks_like_course
from clipper.extract.course_people_cards import PersonCard
from clipper.extract.parse import ParsedPage
from clipper.extract.site import SiteExtractor
from clipper.markdown import (
    escape_text,
    html_to_markdown,
    image_markdown,
    link_markdown,
    resolve_line_starts,
)
from clipper.models import Extraction, ImageRef, Person, Session

if TYPE_CHECKING:
    from clipper.extract.site import SiteExtractor

_SLOT = "CLIPPERSLOT{}X"
_IMAGE = re.compile(r"!\[")


# --- extraction ------------------------------------------------------------------------------


def extract_course(page: ParsedPage) -> Extraction:
    """Description, instructors, schedule and Texte complet of a course page."""
    analysis = analyse(page)
    description, description_how = course_description(analysis)
    markdown, text, images = _render(analysis, page.url)
    sessions = _labelled_sessions(analysis)
    return Extraction(
        kind="course",
        extractor="course",
        title=page.metadata.title or first_h1(analysis.body) or "",
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


def _labelled_sessions(analysis: Analysis) -> tuple[Session, ...]:
    """Every session in page order; on a page with several schedules, each says which one it is in."""
    several = len(analysis.schedules) > 1
    return tuple(
        replace(session, schedule_label=schedule.label) if several else session
        for schedule in analysis.schedules
        for session in schedule.sessions
    )


def _strategy(analysis: Analysis, description_how: str) -> str:
    parts = [description_how] if description_how else []
    if analysis.people.cards:
        parts.append("instructors-cards")
    elif analysis.people.persons:
        parts.append("instructors")
    parts.extend(f"schedule-{schedule.shape}" for schedule in analysis.schedules)
    return "sections:" + ",".join(parts)


# --- rendering -------------------------------------------------------------------------------


def _render(analysis: Analysis, base_url: str | None) -> tuple[str, str, tuple[ImageRef, ...]]:
    """Texte complet: the page in reading order, people and sessions as readable blocks."""
    slots: list[tuple[str, str]] = []
    extra_images: list[ImageRef] = []
    body = copy.deepcopy(analysis.body)  # the analysis stays as read (detection and extraction share it)
    twin = dict(zip(analysis.body.iter(), body.iter()))
    for schedule in analysis.schedules:
        elements = [twin[element] for element in schedule.elements if element in twin]
        _fill_slot(elements, "\n\n".join(schedule.blocks), "\n\n".join(schedule.texts), slots)
    for cards, container in _card_groups(analysis.people.cards):
        extra_images.extend(ImageRef(card.person.photo, card.person.name) for card in cards if card.person.photo)
        blocks = [_person_block(card) for card in cards]
        texts = [_person_text(card) for card in cards]
        originals = (container,) if container is not None else tuple(card.element for card in cards)
        _fill_slot([twin[element] for element in originals], "\n\n".join(blocks), "\n\n".join(texts), slots)
    converted = html_to_markdown(body, base_url, heading_offset=2)
    markdown, text = converted.markdown, converted.text
    for index, (block, plain) in enumerate(slots):
        token = _SLOT.format(index)
        markdown = markdown.replace(token, block, 1)
        text = text.replace(token, plain, 1)
    known = list(converted.images) + extra_images
    for schedule in analysis.schedules:
        known.extend(_images_in_blocks(schedule.blocks))
    return markdown, text, _images_in(markdown, known)


def _fill_slot(elements: list[HtmlElement], block: str, plain: str, slots: list[tuple[str, str]]) -> None:
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


def _card_groups(cards: tuple[PersonCard, ...]) -> list[tuple[list[PersonCard], HtmlElement | None]]:
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


def _extractor() -> SiteExtractor:

    return SiteExtractor("course", priority=50, claims=None, detect=looks_like_course, run=extract_course)


EXTRACTOR = _extractor()
