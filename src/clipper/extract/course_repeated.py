"""Schedules printed as repeated blocks anywhere on the page: a group of three or more
sibling blocks of the same tag and class that each hold one date (a post list, a Quarto
listing, `<article>` cards) is a schedule, one session per block, read as a card
(`course_cards.card_session`). Blocks inside readers' posts are none.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml.html import HtmlElement

from clipper.extract.course_blocks import Context, Schedule, is_break
from clipper.extract.course_cards import card_session
from clipper.extract.course_dates import is_date_text, leading_date, slash_order
from clipper.extract.course_sections import HEADING_TAGS, is_inside_any
from clipper.extract.text import is_element, text_of

MIN_BLOCKS = 3
USER_POST_HINTS = ("comment", "review", "reply", "forum", "thread")
"""Containers of readers' posts: dated blocks there are not sessions."""
MIN_BLOCK_DATED_SHARE = 0.6
MAX_DATE_CHARS = 40
_BLOCK_TAGS = frozenset({"div", "li", "article", "section", "details", "dl", "a", "tr"})


def repeated_blocks(body: HtmlElement, free: Callable[[HtmlElement], bool]) -> list[list[HtmlElement]]:
    """Groups of three or more sibling blocks of one tag and class that each hold one date."""
    groups: list[list[HtmlElement]] = []
    claimed: set[HtmlElement] = set()
    for parent in body.iter():
        if not is_element(parent) or len(parent) < MIN_BLOCKS:
            continue
        for members in _same_shape_children(parent):
            if members[0] in claimed or not free(members[0]) or any(a in claimed for a in parent.iterancestors()):
                continue
            if is_inside_any(members[0], USER_POST_HINTS):
                continue
            dated = sum(1 for member in members if len(_date_elements(member)) == 1)
            if dated >= MIN_BLOCKS and dated >= MIN_BLOCK_DATED_SHARE * len(members):
                groups.append(members)
                claimed.update(members)
    return groups


def _same_shape_children(parent: HtmlElement) -> list[list[HtmlElement]]:
    shapes: dict[tuple[str, str], list[HtmlElement]] = {}
    for child in parent:
        if is_element(child) and child.tag in _BLOCK_TAGS:
            shapes.setdefault((child.tag, child.get("class", "")), []).append(child)
    return [members for members in shapes.values() if len(members) >= MIN_BLOCKS]


def _date_elements(block: HtmlElement) -> list[HtmlElement]:
    """The innermost short elements of the block that are essentially a date."""
    found = []
    for element in block.iter():
        if not is_element(element) or element.tag in ("script", "style"):
            continue
        text = text_of(element)
        if len(text) <= MAX_DATE_CHARS and is_date_text(text, 12):
            if not any(is_element(child) and is_date_text(text_of(child), 12) for child in element):
                found.append(element)
    return found


def block_schedule(blocks: list[HtmlElement], context: Context, labelled: bool = False) -> Schedule | None:
    """One session per block: its date element, its title (heading, title-classed element or first link)."""
    rows = []
    dates = []
    for block in blocks:
        found = _date_elements(block)
        text = text_of(found[0]) if found else ""
        dates.append((text, leading_date(text) if text else None))
    order = slash_order(match for _, match in dates if match) or context.slash_order
    for block, date in zip(blocks, dates):
        row = card_session(_title_element(block, date[0]), [block], date, context, order)
        if not is_break(row[0]):
            rows.append(row)
    if not rows:
        return None
    sessions, rendered, texts = zip(*rows)
    return Schedule("cards", tuple(sessions), tuple(rendered), tuple(texts), tuple(blocks), labelled=labelled)


def _title_element(block: HtmlElement, date_text: str) -> HtmlElement:
    heading = next((element for element in block.iter(*HEADING_TAGS) if text_of(element)), None)
    if heading is not None:
        return heading
    for element in block.iter():
        hints = f"{element.get('class', '')}".lower() if is_element(element) else ""
        if "title" in hints and text_of(element):
            return element
    for anchor in block.iter("a"):
        if text_of(anchor) and text_of(anchor) != date_text:
            return anchor
    return block
