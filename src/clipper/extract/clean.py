"""Stage 1 of the main-content cascade: drop what is never content.

Scripts, forms, navigation, asides, footers, and elements whose role or
class/id words name boilerplate (share bars, cookie banners, related posts);
the vocabulary is in `clipper.extract.vocabulary`.
"""

from __future__ import annotations

import lxml.html

from clipper.extract.text import drop_all, elements, text_of
from clipper.extract.vocabulary import (
    BOILERPLATE_ROLES,
    BOILERPLATE_TOKENS,
    CHROME_TAGS,
    CONTENT_TOKENS,
    HINT_XPATHS,
    NEVER_CONTENT_TAGS,
    class_words,
    hint_matches,
)

# --- Stage 1: clean ----------------------------------------------------------------


def _is_named_boilerplate(element: lxml.html.HtmlElement) -> bool:
    if element.tag in CHROME_TAGS:
        return True
    role = element.get("role")
    if role and role.lower() in BOILERPLATE_ROLES:
        return True
    if element.tag in ("body", "html", "article", "main", "p", "table", "pre", "figure", "img"):
        return False
    attrs = class_words(element)
    return bool(attrs) and BOILERPLATE_TOKENS.search(attrs) is not None


def _protected(body: lxml.html.HtmlElement) -> set:
    """Explicit article-body containers and the ancestors of them and of the
    title heading: never boilerplate, whatever their class says."""
    hints = [match for _kind, xpath, pattern in HINT_XPATHS[:2] for match in hint_matches(body, xpath, pattern)]
    protected: set = set(hints)
    for anchor in [*hints, *body.iter("h1")]:
        node = anchor.getparent()
        while node is not None and node not in protected:
            protected.add(node)
            node = node.getparent()
    return protected


def _is_layout_wrapper(element: lxml.html.HtmlElement, page_length: int) -> bool:
    """A boilerplate-named element that is really a page wrapper: it holds most
    of the page, or a large part of it and a content word in its name
    ("content-with-sidebar", "article-overlay-handle")."""
    length = len(text_of(element))
    if length > 0.6 * page_length:
        return True
    return length > page_length / 3 and CONTENT_TOKENS.search(class_words(element)) is not None


def clean(body: lxml.html.HtmlElement) -> None:
    """Drop never-content elements from `body`: by tag first, then by name
    (tag, role, class/id tokens), sparing the protected and layout wrappers."""
    drop_all(list(body.iter(*NEVER_CONTENT_TAGS)))
    page_length = len(text_of(body))
    protected = _protected(body)
    drop_all(
        [
            element
            for element in elements(body)
            if element not in protected
            and _is_named_boilerplate(element)
            and not _is_layout_wrapper(element, page_length)
        ]
    )
