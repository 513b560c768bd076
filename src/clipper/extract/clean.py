"""Stage 1 of the main-content cascade: drop what is never content.

Scripts, forms, navigation, asides, footers, and elements whose role or
class/id words name boilerplate (share bars, cookie banners, related posts);
the vocabulary is in `clipper.extract.vocabulary`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from functools import lru_cache
from typing import cast

import lxml.html

from clipper.extract.text import drop_all, elements, inside_any, link_density, text_of
from clipper.extract.vocabulary import (
    AUTHOR_TOKENS,
    BOILERPLATE_ROLES,
    BOILERPLATE_TOKENS,
    CHROME_TAGS,
    COMMENT_THREAD_SHARE,
    COMMENT_TOKENS,
    CONTENT_TOKENS,
    FORM_WRAPPER_SHARE,
    HEADING_TAGS,
    HIDDEN_STYLE,
    HINT_XPATHS,
    MAX_HIDDEN_SHARE,
    MAX_WIDGET_SHARE,
    MIN_NOSCRIPT_TEXT,
    MIN_PROSE,
    MIN_SLUG_WORDS,
    MISNESTED_WRAPPERS,
    NAMED_CANDIDATES,
    NEVER_CONTENT_TAGS,
    NEVER_NAMED_BOILERPLATE,
    NOSCRIPT_BLOCKS,
    NOT_ALNUM,
    SIDEBAR_LINK_DENSITY,
    VERBATIM_TAGS,
    class_words,
    hint_matches,
)
from clipper.markdown import image_source

# --- Stage 1: clean ----------------------------------------------------------------


def _is_chrome(element: lxml.html.HtmlElement) -> bool:
    if element.tag in CHROME_TAGS:
        return True
    role = element.get("role")
    return bool(role) and role.lower() in BOILERPLATE_ROLES


def _is_modal(element: lxml.html.HtmlElement) -> bool:
    """A modal dialog (`aria-modal="true"`: terms of service, privacy centre, a
    menu drawer): never the page's content, however much text it holds."""
    return (element.get("aria-modal") or "").strip().lower() == "true"


def _is_named_boilerplate(
    element: lxml.html.HtmlElement,
    spare_comments: bool = False,
    chrome_words: re.Pattern[str] | None = None,
    heading_slugs: tuple[str, ...] = (),
    authors: bool = True,
) -> bool:
    if _is_chrome(element):
        return True
    if element.tag in NEVER_NAMED_BOILERPLATE:
        return False
    attrs = class_words(element, with_id=not _spells_a_heading(element.get("id"), heading_slugs))
    if attrs and spare_comments:
        attrs = COMMENT_TOKENS.sub(" ", attrs).strip()
    if not attrs or not (
        _names_boilerplate(attrs)
        or authors
        and _names_author(attrs)
        or chrome_words is not None
        and chrome_words.search(attrs)
    ):
        return False
    return not any(ancestor.tag in VERBATIM_TAGS for ancestor in element.iterancestors())


def heading_slugs(body: lxml.html.HtmlElement) -> tuple[str, ...]:
    """The page's headings of `MIN_SLUG_WORDS` words or more as an anchor id spells them
    (lower case, letters and digits only)."""
    texts = (text_of(heading) for heading in body.iter(*HEADING_TAGS))
    return tuple({_flat(text) for text in texts if len(text.split()) >= MIN_SLUG_WORDS})


def _flat(text: str) -> str:
    return NOT_ALNUM.sub("", text.lower())


def _spells_a_heading(ident: str | None, slugs: tuple[str, ...]) -> bool:
    """Whether an id is a heading's anchor, or names a section for its heading
    ("receive-and-reply-to-an-inbound-sms-message-section"): the author's words, which
    name no chrome ("reply", "sign up" and "trends" there are the heading's)."""
    if not ident or not slugs:
        return False
    flat = _flat(ident)
    return any(slug in flat for slug in slugs)


@lru_cache(maxsize=8192)
def _names_boilerplate(attrs: str) -> bool:
    """Whether class/id words name boilerplate. Remembered: a page repeats the same few
    class strings on thousands of elements (cards, rows), and the search is the costliest
    step of cleaning."""
    return BOILERPLATE_TOKENS.search(attrs) is not None


@lru_cache(maxsize=8192)
def _names_author(attrs: str) -> bool:
    """Whether class/id words name the author's box (`AUTHOR_TOKENS`), remembered like `_names_boilerplate`."""
    return AUTHOR_TOKENS.search(attrs) is not None


def _protected(
    body: lxml.html.HtmlElement, spared: tuple[lxml.html.HtmlElement, ...] = ()
) -> set[lxml.html.HtmlElement]:
    """Explicit article-body containers and the ancestors of them, of the
    title heading and of the `spared` elements: never boilerplate, whatever their class says."""
    hints = [match for _kind, xpath, pattern in HINT_XPATHS[:2] for match in hint_matches(body, xpath, pattern)]
    protected: set[lxml.html.HtmlElement] = set(hints) | set(spared)
    for anchor in [*hints, *body.iter("h1"), *spared]:
        node = anchor.getparent()
        while node is not None and node not in protected:
            protected.add(node)
            node = node.getparent()
    return protected


def is_layout_wrapper(element: lxml.html.HtmlElement, page_length: int, thread: bool = False) -> bool:
    """A boilerplate-named element that is really a page wrapper: it holds most
    of the page, or a large part of it and a content word in its name
    ("content-with-sidebar", "article-overlay-handle"), or (`thread`) a form
    around a large part of it in paragraphs (the moderation form around a thread's posts)."""
    length = len(text_of(element))
    if length > 0.6 * page_length:
        return True
    if thread and element.tag == "form" and length > FORM_WRAPPER_SHARE * page_length and _holds_prose(element):
        return True
    return length > page_length / 3 and CONTENT_TOKENS.search(class_words(element)) is not None


def _holds_prose(element: lxml.html.HtmlElement) -> bool:
    """Paragraphs of `MIN_PROSE` characters or more, together (not a form's field labels)."""
    return sum(len(text_of(paragraph)) for paragraph in element.iter("p", "blockquote", "article")) >= MIN_PROSE


def _holds_page_text(noscript: lxml.html.HtmlElement) -> bool:
    """A <noscript> that is the page for readers without JavaScript (Discourse
    serves its posts so): block markup and real text, not a "please enable
    JavaScript" line or a tracking pixel."""
    if len(text_of(noscript)) < MIN_NOSCRIPT_TEXT:
        return False
    return any(child.tag in NOSCRIPT_BLOCKS for child in noscript.iter() if child is not noscript)


def _show_the_image_it_hides(noscript: lxml.html.HtmlElement) -> None:
    """A <noscript> holding only an image, beside an <img> with no real source (a
    lazy-loader's spacer, whose script would swap the image in): the image takes the
    spacer's place, as Readability does (`unwrapNoscriptImages`)."""
    images = list(noscript.iter("img"))
    if len(images) != 1 or text_of(noscript) or image_source(images[0], None) is None:
        return
    for spacer in (noscript.getprevious(), noscript.getnext()):
        if spacer is not None and spacer.tag == "img" and _shows_nothing(spacer):
            spacer.getparent().replace(spacer, copy.deepcopy(images[0]))
            return


def _shows_nothing(img: lxml.html.HtmlElement) -> bool:
    """An <img> with no source but placeholders (a `data:` one is all `image_source` gives then)."""
    source = image_source(img, None)
    return source is None or source.startswith("data:")


def strip_never_content(body: lxml.html.HtmlElement) -> None:
    """Drop the elements that are never content (scripts, styles, forms'
    fields, embeds); a <noscript> holding the page's text is unwrapped instead,
    and so is a button or label that holds half the page (an unclosed tag the
    parser let swallow what follows)."""
    for noscript in list(body.iter("noscript")):
        if _holds_page_text(noscript) and noscript.getparent() is not None:
            noscript.drop_tag()
        else:
            _show_the_image_it_hides(noscript)
    wrappers = list(body.iter(*MISNESTED_WRAPPERS))
    half = len(text_of(body)) / 2 if wrappers else 0.0  # the page's text measured only when needed
    for wrapper in wrappers:
        if wrapper.getparent() is not None and len(text_of(wrapper)) > half:
            wrapper.drop_tag()
    drop_all(list(body.iter(*NEVER_CONTENT_TAGS)))


def exceeds_widget_share(element: lxml.html.HtmlElement, page_length: int) -> bool:
    """A widget-named element holding more than `MAX_WIDGET_SHARE` of the page: a wrapper, not a widget."""
    return len(text_of(element)) > MAX_WIDGET_SHARE * page_length


def is_prose_or_wrapper(element: lxml.html.HtmlElement, page_length: int) -> bool:
    """A sidebar-named element that is no sidebar of links: a wrapper holding most of the
    page (`exceeds_widget_share`), or a column of prose (links under `SIDEBAR_LINK_DENSITY`
    of its text)."""
    return exceeds_widget_share(element, page_length) or link_density(element) < SIDEBAR_LINK_DENSITY


def drop_chrome_tags(
    body: lxml.html.HtmlElement, *, thread: bool = False, spared: tuple[lxml.html.HtmlElement, ...] = ()
) -> None:
    """Drop page chrome named by tag or ARIA role only (nav, header, footer,
    aside…), sparing the wrappers that hold most of the page and what holds a `spared` element."""
    page_length = len(text_of(body))
    keep = _holding(spared)
    drop_all(
        [
            element
            for element in elements(body)
            if element not in keep
            and (_is_modal(element) or _is_chrome(element) and not is_layout_wrapper(element, page_length, thread))
        ]
    )


def _holding(spared: tuple[lxml.html.HtmlElement, ...]) -> set[lxml.html.HtmlElement]:
    """The `spared` elements and their ancestors."""
    return {node for element in spared for node in (element, *element.iterancestors())}


def drop_hidden(body: lxml.html.HtmlElement) -> None:
    """Drop the blocks the page hides from its reader by an inline style (`display: none`,
    `visibility: hidden`: menus, drawers, templates), each holding less than
    `MAX_HIDDEN_SHARE` of the page's text; a larger one is what a script reveals (a
    deferred product block, a fade-in). The fallback keeps the page's text as seen."""
    most = MAX_HIDDEN_SHARE * len(text_of(body))
    drop_all(
        [
            element
            for element in elements(body)
            if element is not body and HIDDEN_STYLE.search(element.get("style") or "") and len(text_of(element)) < most
        ]
    )


def drop_named(
    body: lxml.html.HtmlElement,
    words: re.Pattern[str],
    wraps_page: Callable[[lxml.html.HtmlElement, int], bool],
    *,
    never: frozenset[str] = NEVER_NAMED_BOILERPLATE,
    spare_protected: bool = False,
    spared: tuple[lxml.html.HtmlElement, ...] = (),
) -> None:
    """Drop the elements whose class/id words match `words`, sparing the tags in `never`,
    the page wrappers (`wraps_page(element, page_length)`) and, with `spare_protected`, the
    protected ones: in the fallback, the widgets (`WIDGET_TOKENS`: menus, cookie banners,
    modals, newsletter forms, footers; wrappers by `exceeds_widget_share`) laid over the
    page's own text, and a profile's chrome (a product page's reviews; wrappers by
    `is_layout_wrapper`)."""
    page_length = len(text_of(body))
    protected = _protected(body, spared) if spare_protected else _holding(spared)
    drop_all(
        [
            element
            for element in cast(list[lxml.html.HtmlElement], NAMED_CANDIDATES(body))  # an element-selecting path
            if element not in protected and element.tag not in never and _named(element, words, page_length, wraps_page)
        ]
    )


def _named(
    element: lxml.html.HtmlElement,
    words: re.Pattern[str],
    page_length: int,
    wraps_page: Callable[[lxml.html.HtmlElement, int], bool],
) -> bool:
    attrs = class_words(element)
    return bool(attrs) and words.search(attrs) is not None and not wraps_page(element, page_length)


def _comment_threads(candidates: list[lxml.html.HtmlElement], page_length: int) -> set[lxml.html.HtmlElement]:
    """Comment-named containers holding a large share of the page: a thread's
    posts ("CommentsWrap", "js-replyContainer"), not the comments under a post."""
    least = COMMENT_THREAD_SHARE * page_length
    return {
        element
        for element in candidates
        if COMMENT_TOKENS.search(class_words(element)) and len(text_of(element)) > least
    }


def clean(
    body: lxml.html.HtmlElement,
    *,
    spare_comments: bool = False,
    chrome_words: re.Pattern[str] | None = None,
    spared: tuple[lxml.html.HtmlElement, ...] = (),
    page_length: int | None = None,
) -> None:
    """Drop chrome from `body` by name (tag, role, class/id tokens), sparing
    the protected and layout wrappers and the spans of highlighted code
    ("hljs-comment"), and reading no chrome in an id that spells a heading
    (`_spells_a_heading`); with `spare_comments` (a forum thread, whose posts are
    "comments" and "replies"), the comment words name no chrome in or on a
    comment container that holds a large share of the page, a form
    around the posts is no chrome either, and the author words (`AUTHOR_TOKENS`: the
    posters' names) name none. `chrome_words` are class/id words that
    name chrome on this kind of page too (a product page's reviews). `page_length`: the
    body's text length, when the caller has measured it."""
    if page_length is None:
        page_length = len(text_of(body))
    protected = _protected(body, spared)
    candidates = cast(list[lxml.html.HtmlElement], NAMED_CANDIDATES(body))  # an element-selecting path
    threads = _comment_threads(candidates, page_length) if spare_comments else set()
    slugs = heading_slugs(body)
    drop_all(
        [
            element
            for element in candidates
            if _is_modal(element)
            or element not in protected
            and _is_named_boilerplate(
                element,
                bool(threads) and (element in threads or inside_any(element, threads)),
                chrome_words,
                slugs,
                authors=not spare_comments,
            )
            and not is_layout_wrapper(element, page_length, spare_comments)
        ]
    )
