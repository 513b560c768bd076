"""The author's box that closes an article, found by what it says: a heading "About the
author", "Written by …", "Meet the author" (or a short paragraph opening so) in the second
half of the selection, with the bio under it. Class words name most such boxes
(`vocabulary.AUTHOR_TOKENS`, in the clean stage); these are the boxes built of utility
classes only ("bg-blue-50 px-4 py-4").
"""

from __future__ import annotations

import lxml.html

from clipper.extract.text import text_of
from clipper.extract.vocabulary import AUTHOR_HEADING, HEADING_TAGS, MAX_AUTHOR_BOX, MAX_AUTHOR_LEAD

__all__ = ["author_boxes"]


def author_boxes(main: lxml.html.HtmlElement, texts: dict[lxml.html.HtmlElement, str]) -> list[lxml.html.HtmlElement]:
    """The author boxes in the second half of `main` (`texts`: the elements' text, as
    `text_of` gives it, measured already): each the largest block around its heading that
    holds at most `MAX_AUTHOR_BOX` characters, or the heading and what follows it up to the
    next heading when the heading stands in the article's own flow."""
    length = len(texts.get(main) or text_of(main))
    doomed: list[lxml.html.HtmlElement] = []
    for heading in main.iter(*HEADING_TAGS, "p", "div", "strong", "b"):
        text = texts[heading] if heading in texts else text_of(heading)
        if len(text) > MAX_AUTHOR_LEAD or not AUTHOR_HEADING.match(text) or _offset(heading, main) < length / 2:
            continue
        doomed.extend(_box_of(heading, main))
    return doomed


def _offset(element: lxml.html.HtmlElement, main: lxml.html.HtmlElement) -> int:
    """Characters of `main`'s text before `element`."""
    before = 0
    node = element
    while node is not None and node is not main:
        before += sum(len(text_of(sibling)) for sibling in node.itersiblings(preceding=True))
        node = node.getparent()
    return before


def _box_of(heading: lxml.html.HtmlElement, main: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    box = heading
    parent = box.getparent()
    while parent is not None and parent is not main and len(text_of(parent)) <= MAX_AUTHOR_BOX:
        box, parent = parent, parent.getparent()
    if box is not heading:
        return [box]
    doomed = [heading]
    budget = MAX_AUTHOR_BOX - len(text_of(heading))
    for sibling in heading.itersiblings():
        if sibling.tag in HEADING_TAGS:
            break
        budget -= len(text_of(sibling))
        if budget < 0:
            break
        doomed.append(sibling)
    return doomed
