"""A course page's text as a reader sees it: its lines and paragraphs (blocks and
`<br>` break them), reading order, and where an element sits (inside a sidebar,
inside some tag). The course reader walks whole pages with these several times,
so they are kept tight; they read an lxml tree and change nothing in it.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from clipper.extract.text import collapse

BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "ul",
        "ol",
        "li",
        "table",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "main",
        "aside",
        "figure",
        "figcaption",
        "center",
        "hr",
        "form",
    ]
)


def paragraphs(element: HtmlElement) -> list[str]:
    """The element's text as paragraphs: blocks and double line breaks separate them."""
    pieces: list[str] = []
    _collect(element, pieces)
    text = "".join(pieces)
    chunks = re.split(r"\n\s*\n", text)
    return [collapse(chunk) for chunk in chunks if collapse(chunk)]


def lines_of(element: HtmlElement) -> list[str]:
    """The element's text as lines: blocks and `<br>` separate them."""
    pieces: list[str] = []
    _collect(element, pieces)
    return [line for line in map(collapse, "".join(pieces).split("\n")) if line]


def _collect(element: HtmlElement, pieces: list[str]) -> None:
    """The element's text with line breaks for `<br>` and blocks, walked without
    recursion (a page may nest thousands of elements). The course reader walks
    whole pages with it several times: the loop is kept tight."""
    append = pieces.append
    for event, node in etree.iterwalk(element, events=("start", "end")):
        tag = node.tag
        if not isinstance(tag, str):  # a comment or processing instruction: its tail only
            if event == "end" and node is not element:
                append(node.tail or "")
            continue
        if event == "start":
            if tag == "br":
                append("\n")
            elif tag in BLOCK_TAGS:
                append("\n\n")
            append(node.text or "")
        else:
            if tag in BLOCK_TAGS:
                append("\n\n")
            if node is not element:
                append(node.tail or "")


def document_order(body: HtmlElement) -> dict[HtmlElement, int]:
    """Each element's index in reading order, to sort what was found across the page."""
    return {element: index for index, element in enumerate(body.iter())}


def is_inside(element: HtmlElement, tags: tuple[str, ...]) -> bool:
    return any(ancestor.tag in tags for ancestor in element.iterancestors())


def is_inside_any(element: HtmlElement, hints: tuple[str, ...]) -> bool:
    """Whether an ancestor below `<body>` is an `<aside>` or has a class or id word among `hints`
    ("primary-sidebar", "widget_text"; a page-wide `nav-sidebar` layout class on `<body>` does not count)."""
    for ancestor in element.iterancestors():
        if ancestor.tag in ("body", "html"):
            return False
        if ancestor.tag == "aside":
            return True
        words = re.split(r"[\s_-]+", f"{ancestor.get('class', '')} {ancestor.get('id', '')}".lower())
        if any(word.startswith(hints) for word in words):
            return True
    return False


def head_text(element: HtmlElement, limit: int) -> str:
    """The first `limit` characters or so of the element's words, without reading a huge text whole."""
    pieces: list[str] = []
    size = 0
    for piece in element.itertext():
        pieces.append(piece[: limit - size])
        size += len(pieces[-1])
        if size >= limit:
            break
    return collapse("".join(pieces))
