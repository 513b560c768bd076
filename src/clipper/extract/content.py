"""Find a page's main content: `find_main_content(root, description=…, kind=…) -> MainContent`.

This module owns the decision of *which part* of a page is the content. It is
one explicit cascade; each stage is a plain function over the lxml tree, in
its own module, and the vocabulary is data (`clipper.extract.vocabulary`):

    strip    drop what is never content (scripts, styles, embeds); a
             <noscript> that holds the page's text (Discourse) is unwrapped
             (`clipper.extract.clean`)
    clean    drop chrome by tag, ARIA role and class/id words: navigation,
             asides, footers, share bars, cookie banners (`clean`); on a
             product page, never what holds the description its JSON-LD
             gives (a drawer or a sheet its theme names like a modal)
    select   choose the node that holds the content (`clipper.extract.selection`):
               "hint:<kind>"   a semantic container (itemprop=articleBody, an
                               article-body class, <article>, <main>) that the
                               text-mass check confirms; "hint:<kind>s" when
                               it is one of several like ones (posts, cards,
                               blocks of a split article): their common ancestor;
               "score"         else the best readability-style container;
               "body"          else the whole cleaned body.
    trim     drop the header zone: the title <h1> (the note has its own), what
             precedes it, the byline lines after it, a standfirst that repeats
             the description (`clipper.extract.pruning`)
    prune    link clusters, teaser lists, boilerplate and promotion lines (`pruning`)
    fallback when what is left is thin for the page's kind (its `Profile`:
             one card, one post, one section of a page whose text is spread
             out), the page's own text less the chrome named by tag or role,
             the widgets named by class (menus, cookie banners, modals:
             `vocabulary.WIDGET_TOKENS`) and the link clusters: "page" / "page+prune". An extraction is
             never empty when the page has text outside that chrome; a page whose every
             word is a menu, a cart or a link cluster (a shell its scripts fill) has none:
             ExtractionError, "no readable content" (`clipper.extract.article`).

The page's kind comes from `clipper.extract.page_kind`; `PROFILES` below says
how thin is too thin for each. `MainContent.strategy` records which branch won
("hint:article+header+prune", "page+prune"…).

The stages mutate the tree they are given: `find_main_content` works on the
page's own tree, which is safe only once no other extractor will read it
(see `clipper.extract.article`); the fallback reads the page as the strip
stage left it, from a new parse of the page when the caller can give one (only
the few pages that fall back pay for it), else from a copy taken after the strip
stage. Nothing here recurses per nesting level: every walk is `iter()`
or an explicit parent chain, so deeply nested hostile markup cannot exhaust
the Python stack. Nothing here touches the disk or the network.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import lxml.html
from lxml import etree

from clipper.extract.clean import (
    clean,
    drop_chrome_tags,
    drop_hidden,
    drop_named,
    exceeds_widget_share,
    is_layout_wrapper,
    is_prose_or_wrapper,
    strip_never_content,
)
from clipper.extract.post_chrome import drop_post_chrome
from clipper.extract.pruning import prune, trim_header
from clipper.extract.selection import select, take_opening_post
from clipper.extract.summary import page_summary
from clipper.extract.text import text_of
from clipper.extract.vocabulary import (
    NEVER_CONTENT_TAGS,
    NEVER_NAMED_BOILERPLATE,
    PRODUCT_CHROME_TOKENS,
    RELATED_TOKENS,
    SIDEBAR_TOKENS,
    WIDGET_INLINE_TAGS,
    WIDGET_TOKENS,
)

__all__ = ["MainContent", "Profile", "find_main_content", "profile_for"]


@dataclass(frozen=True)
class MainContent:
    element: lxml.html.HtmlElement
    """The node whose subtree is the article (cleaned and pruned)."""
    strategy: str
    """How it was found: "hint:<kind>", "score" or "body", then "+header" when the
    header zone was trimmed and "+prune" when blocks were pruned."""


@dataclass(frozen=True)
class Profile:
    """How the cascade reads one kind of page (`clipper.extract.page_kind`)."""

    thin: float
    """Below this share of the page's text, the selected node is too thin to be
    the content (one card, one post, one section): the page's text is kept."""
    thin_hinted: float
    """The same share when an explicit article-body container was selected."""
    link_budget: float = 0.5
    """Share of the selection's text that link clusters and teaser lists may
    hold and still be pruned; past it, the links are the content."""
    bylines: bool = True
    """Whether the byline lines under the title go (a thread's first author stays)."""
    comments_are_content: bool = False
    """Whether "comment"/"reply" class words name the content (a thread's posts), not chrome."""
    lone_links: bool = True
    """Whether a block holding one link alone may be pruned as a link cluster (an
    article's "Read next: …" line); where not, it is a card's title (a shop's grid)."""
    datelines: bool = True
    """Whether a line that is only a date is pruned as boilerplate (an article's dateline
    under its title, a card's date); on a thread each post's date is part of the post."""
    opening_post: bool = False
    """Whether a thread's opening post, printed above the selected replies outside them, joins
    the selection (`clipper.extract.selection.take_opening_post`)."""
    repeated_lines: bool = False
    """Whether a short line printed twice in a row is read once (a product's name over its
    gallery and as its title, a price in its sale and its regular layout)."""
    post_chrome: bool = False
    """Whether each post's chrome goes: posters' statistics, action lines, signatures
    (`clipper.extract.post_chrome`)."""
    chrome_words: re.Pattern[str] | None = None
    """Class/id words that name chrome on this kind of page, beside the vocabulary's
    (`clipper.extract.vocabulary.PRODUCT_CHROME_TOKENS`: a product page's reviews)."""
    spares_description: bool = False
    """Whether the element holding the page's JSON-LD description is spared by cleaning
    (a product's description in a drawer or a sheet named like a modal)."""
    descriptions_are_content: bool = False
    """Whether, when the body is an empty shell, the page's meta descriptions (written for
    search results and link previews) stand for its content, as its JSON-LD text does on
    every page: a thread's are its first post (Discourse), a shop's or a landing page's a
    blurb ("Shop the … Free shipping!") that is none of the page's text."""


PROFILES = {
    "article": Profile(thin=0.10, thin_hinted=0.05, link_budget=1.0),
    "forum": Profile(
        thin=0.25,
        thin_hinted=0.05,
        bylines=False,
        comments_are_content=True,
        datelines=False,
        opening_post=True,
        post_chrome=True,
        descriptions_are_content=True,
    ),
    "service": Profile(thin=0.50, thin_hinted=0.05),
    "product": Profile(
        thin=0.40,
        thin_hinted=0.05,
        chrome_words=PRODUCT_CHROME_TOKENS,
        spares_description=True,
        repeated_lines=True,
    ),
}
"""Page kind -> profile; an article's body is often a small part of a big page, a
service or landing page's content is spread over its sections (one section
holding less than half of the page's text is not the content), a product page's
over its description, specifications and features (less than 40% of the page's text
is one of them: 0.40 measured +0.77 summed on web-content, 0.50 +0.70, 0.25 the
default). A product page
prunes a block of one link alone like an article (lone_links, the default): on it the
lone links are other products, not the cards of its list (lone_links=False cost
web-content 0.50 summed, 21 pages down and 8 up)."""
DEFAULT_PROFILE = Profile(thin=0.25, thin_hinted=0.05, lone_links=False)
"""Listings, documentation and unknown pages: content spread over the page."""
WIDGET_NEVER_NAMED = NEVER_NAMED_BOILERPLATE | WIDGET_INLINE_TAGS
"""Tags never dropped as a named widget: the page's frame and inline words ("menu-link" spans)."""
EXPLICIT_BODY_HINTS = ("hint:articlebody", "hint:body-class")


def profile_for(kind: str) -> Profile:
    """The profile the cascade reads a page of `kind` with."""
    return PROFILES.get(kind, DEFAULT_PROFILE)


# --- The cascade -------------------------------------------------------------------


def find_main_content(
    root: lxml.html.HtmlElement,
    *,
    description: str | None = None,
    kind: str = "unknown",
    parse_again: Callable[[], lxml.html.HtmlElement] | None = None,
    site_chrome: re.Pattern[str] | None = None,
) -> MainContent:
    """Clean the page's body, select its main node, prune it. Mutates `root`.
    `description` is the page's own summary (metadata), to recognise the
    standfirst that repeats it under the title. `parse_again` gives a new tree
    of the page for the fallback (without it, the body is copied before cleaning,
    whether the fallback needs it or not). `site_chrome`: a site extractor's own post
    furniture around the posts, whole on its line, dropped beside `post_chrome`'s lines
    (`clipper.extract.stackexchange.QA_FURNITURE`)."""
    body = _body(root)
    profile = profile_for(kind)
    probe = _description_probe(root) if profile.spares_description else ""
    strip_never_content(body)
    described = _described(body, probe)
    page_length = len(text_of(body))
    spare = copy.deepcopy(body) if page_length and parse_again is None else None
    clean(
        body,
        spare_comments=profile.comments_are_content,
        chrome_words=profile.chrome_words,
        spared=described,
        page_length=page_length,
    )
    element, strategy = select(body)
    strategy += _refine(body, element, profile, description or "", site_chrome)
    enough = _thin_share(profile, strategy) * page_length
    if not page_length or len(text_of(element)) >= enough:
        return MainContent(element, strategy)
    wider = _widen(element, body, enough)
    if wider is not None:
        _prune(wider, profile)
        if profile.post_chrome:
            drop_post_chrome(wider, site_chrome)
        return MainContent(wider, f"{strategy.split('+')[0]}+wide")
    if spare is None:
        assert parse_again is not None  # no copy was taken only because the page can be parsed again
        spare = _stripped_copy(parse_again)
    return _fallback(spare, profile, site_chrome, probe)


def _refine(
    body: lxml.html.HtmlElement,
    element: lxml.html.HtmlElement,
    profile: Profile,
    description: str,
    site_chrome: re.Pattern[str] | None,
) -> str:
    """What the selected `element` loses and gains after the selection (the opening post of a
    thread, the header, pruning, the posts' chrome), as the strategy's suffixes."""
    steps = ""
    if profile.opening_post and take_opening_post(body, element):
        steps += "+op"
    if trim_header(element, description, bylines=profile.bylines):
        steps += "+header"
    if _prune(element, profile):
        steps += "+prune"
    if profile.post_chrome and drop_post_chrome(element, site_chrome):
        steps += "+posts"
    return steps


DESCRIPTION_PROBE = etree.XPath(".//text()[contains(normalize-space(.), $probe)]")
"""Text nodes holding a phrase of the page's own description."""
MIN_PROBE = 24
"""Characters of the description's longest sentence looked for in the page's text."""


def _description_probe(root: lxml.html.HtmlElement) -> str:
    """A phrase of the description the page gives of itself in its JSON-LD (the start of its
    longest sentence), to find where its body holds it; "" when it gives none."""
    summary = page_summary(root, meta=False)
    sentence = max(re.split(r"(?<=[.!?])\s+", summary), key=len, default="")
    probe = sentence[:60].strip()
    return probe if len(probe) >= MIN_PROBE else ""


def _described(body: lxml.html.HtmlElement, probe: str) -> tuple[lxml.html.HtmlElement, ...]:
    """The element of `body` holding the page's JSON-LD description (`probe`: a phrase of it):
    a product's description, often in a drawer, a tab or a sheet its theme names "modal" or
    marks up as an aside. None when the body does not hold it."""
    if not probe:
        return ()
    for node in cast(list[Any], DESCRIPTION_PROBE(body, probe=probe)):
        holder = node.getparent()
        if holder is not None and node.is_tail:
            holder = holder.getparent()
        if holder is not None and holder.tag not in NEVER_CONTENT_TAGS:
            return (holder,)
    return ()


def _prune(element: lxml.html.HtmlElement, profile: Profile) -> bool:
    return prune(
        element,
        profile.link_budget,
        lone_links=profile.lone_links,
        datelines=profile.datelines,
        repeated_lines=profile.repeated_lines,
    )


def _body(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    body = root.find("body")
    return root if body is None else body


def _stripped_copy(parse_again: Callable[[], lxml.html.HtmlElement]) -> lxml.html.HtmlElement:
    """The page's body as the strip stage left it, for the fallback, from a new parse:
    cheaper, on the few pages that fall back, than a copy of every page's body taken
    in case."""
    spare = _body(parse_again())
    strip_never_content(spare)
    return spare


def _widen(element: lxml.html.HtmlElement, body: lxml.html.HtmlElement, enough: float) -> lxml.html.HtmlElement | None:
    """The nearest ancestor of a thin selection, below the body, that holds
    `enough` text: the thread around one post, the page around one section."""
    for ancestor in element.iterancestors():
        if ancestor is body or ancestor.tag in ("body", "html"):
            return None
        if len(text_of(ancestor)) >= enough:
            return ancestor
    return None


def _thin_share(profile: Profile, strategy: str) -> float:
    hinted = strategy.startswith(EXPLICIT_BODY_HINTS)
    return min(profile.thin, profile.thin_hinted) if hinted else profile.thin


def _fallback(
    spare: lxml.html.HtmlElement, profile: Profile, site_chrome: re.Pattern[str] | None, probe: str = ""
) -> MainContent:
    """The page's own text as its reader sees it, less what it hides by inline style,
    the chrome named by tag or role, the widgets named by class (menus, banners,
    modals), the sidebars of links, the related products or posts (`RELATED_TOKENS`) and
    the link clusters: what is left when no node holds the content."""
    described = _described(spare, probe)
    drop_hidden(spare)
    drop_chrome_tags(spare, thread=profile.comments_are_content, spared=described)
    drop_named(
        spare, WIDGET_TOKENS, exceeds_widget_share, never=WIDGET_NEVER_NAMED, spare_protected=True, spared=described
    )
    drop_named(
        spare, SIDEBAR_TOKENS, is_prose_or_wrapper, never=WIDGET_NEVER_NAMED, spare_protected=True, spared=described
    )
    drop_named(spare, profile.chrome_words or RELATED_TOKENS, is_layout_wrapper)  # a product's words hold related
    strategy = "page+prune" if _prune(spare, profile) else "page"
    if profile.post_chrome and drop_post_chrome(spare, site_chrome):
        strategy += "+posts"
    return MainContent(spare, strategy)
