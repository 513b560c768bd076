"""The course's own description: the paragraphs under a description label outside the
schedules (an "Objectives" heading inside a session is the session's), prose, not
key/value metadata or a credit line; else the first prose paragraphs of the page's
lead (before its first section heading); empty when the page has none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.html import HtmlElement

from clipper.extract.course_analysis import Analysis, speaks_of_itself
from clipper.extract.course_sections import (
    HEADING_TAGS,
    Label,
    description_strength,
    is_inside,
    label_role,
    paragraphs,
    run_in_text,
)
from clipper.extract.text import collapse, is_element, text_of

MIN_FALLBACK_PARAGRAPH = 150
_SENTENCE_ENDS = (".", "!", "?", "。", "！", "？", ":", "…", ")")


def course_description(analysis: Analysis) -> tuple[str, str]:
    """The course description's paragraphs, and how they were found: under a description label
    outside the schedules (an "Objectives" heading inside a session is the session's), prose,
    not key/value metadata or a credit line; else the first prose paragraphs of the page; else the
    prose under a learning-objectives label ("Lernziele", `OBJECTIVE_WORDS`)."""
    in_schedules = _schedule_elements(analysis)
    candidates = [
        (index, label)
        for index, label in enumerate(analysis.labels)
        if label.role == "description" and label.element not in in_schedules
    ]
    candidates.sort(key=lambda item: -description_strength(item[1].text))
    objectives = [item for item in candidates if description_strength(item[1].text) == 0]
    found = _labelled_description(analysis, [item for item in candidates if item not in objectives])
    if found:
        return found, "description"
    fallback = _first_long_paragraphs(analysis, in_schedules)
    if fallback:
        return "\n\n".join(fallback), "description-guessed"
    found = _labelled_description(analysis, objectives)
    return found, ("description" if found else "")


def _labelled_description(analysis: Analysis, candidates: list[tuple[int, Label]]) -> str:
    """The prose under the first of these labels that has some."""
    for index, label in candidates:
        if label.run_in:
            found = [collapse(line) for line in run_in_text(label).split("\n") if collapse(line)]
        else:
            found = _region_paragraphs(analysis.regions[index], analysis.labels)
        found = [paragraph for paragraph in found if not _is_metadata(paragraph)]
        if any(_is_sentence(paragraph) for paragraph in found):
            return "\n\n".join(found)
    return ""


MIN_SENTENCE_CHARS = 60
_KEY_VALUE = re.compile(r"^[^:：\n]{1,40}[:：]\s*\S")


def _schedule_elements(analysis: Analysis) -> set[HtmlElement]:
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


def _text_blocks(elements: list[HtmlElement], stops: set[HtmlElement]) -> Iterator[HtmlElement]:
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


def _first_long_paragraphs(analysis: Analysis, in_schedules: set[HtmlElement]) -> list[str]:
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
    if length < MIN_FALLBACK_PARAGRAPH and not (length >= MIN_SENTENCE_CHARS and speaks_of_itself(text)):
        return False  # shorter prose is the course's introduction only when it speaks of the course
    bold = sum(len(text_of(node)) for node in paragraph.iter("b", "strong"))
    starts_with_label = len(paragraph) and paragraph[0].tag in ("b", "strong") and not collapse(paragraph.text)
    return bold < len(text) / 2 and not starts_with_label
