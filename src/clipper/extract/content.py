"""Find a page's main content: `find_main_content(root, description=…) -> MainContent`.

This module owns the decision of *which part* of a page is the article. It is
one cascade of four stages, each a plain function over the lxml tree:

    clean    drop what is never content: scripts, forms, navigation, asides,
             footers, and elements whose role or class/id tokens name
             boilerplate (share bars, cookie banners, related posts, comments).
             The vocabulary is data, in the tables below.
    select   choose the node that holds the article:
               "hint:<kind>"   a semantic container (itemprop=articleBody, an
                               article-body class, <article>, <main>) that the
                               text-mass check confirms;
               "score"         else the best readability-style container: the
                               parent of most paragraph text, penalised for links;
               "body"          else the whole cleaned body.
    trim     drop the article's header zone: the title <h1> (the note has its
             own), what precedes it, the byline/dateline lines after it, and a
             standfirst that repeats the page's description.
    prune    inside the chosen node, drop link-dense blocks, short
             boilerplate lines ("Advertisement", "Share this article") and
             closing promotion, contact and copyright blocks.

`MainContent.strategy` records which branch won ("hint:article+prune"...), so
the benchmark and the note can say how the content was found ("+header" when
the header zone was trimmed).

The stages mutate the tree they are given: `find_main_content` works on the
page's own tree, which is safe only once no other extractor will read it
(see `clipper.extract.article`). Nothing here recurses per nesting level: every
walk is `iter()` or an explicit parent chain, so deeply nested hostile markup
cannot exhaust the Python stack. Nothing here touches the disk or the network.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import lxml.html
from lxml import etree

from clipper.extract.text import drop, elements, is_element, link_density, link_text_length, text_of

__all__ = ["MainContent", "find_main_content"]


@dataclass(frozen=True)
class MainContent:
    element: lxml.html.HtmlElement
    """The node whose subtree is the article (cleaned and pruned)."""
    strategy: str
    """How it was found: "hint:<kind>", "score" or "body", then "+header" when the
    header zone was trimmed and "+prune" when blocks were pruned."""


# --- Vocabulary (data, not code) -------------------------------------------------

NEVER_CONTENT_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "link",
        "meta",
        "head",
        "title",
        "button",
        "input",
        "select",
        "option",
        "textarea",
        "label",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "canvas",
        "audio",
        "video",
        "map",
        "area",
    }
)
"""Elements dropped with their content wherever they stand."""

CHROME_TAGS = frozenset({"nav", "aside", "footer", "header", "menu", "dialog", "form", "fieldset"})
"""Elements that are page chrome unless they wrap most of the page (ASP.NET
pages put everything in one <form>)."""

BOILERPLATE_ROLES = frozenset(
    {
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "search",
        "menu",
        "menubar",
        "dialog",
        "alertdialog",
        "toolbar",
        "tablist",
    }
)

BOILERPLATE_TOKENS = re.compile(
    r"""
    (?:^|[\s_-])(?:
        nav|navbar|navigation|menu|breadcrumbs?|sidebar|side-bar|widget|
        footer|masthead|topbar|toolbar|
        share|sharing|shares|social|sociable|share-?bar|addthis|sharethis|
        comments?|comment-list|disqus|respond|reply|
        related|similar|recommended|recommendations|more-stories|most-popular|popular|
        trending|read-?next|up-?next|outbrain|taboola|
        newsletter|subscribe|subscription|signup|sign-up|promo|promotion|
        advert|advertisement|ads?|ad-slot|adslot|ad-container|sponsor|sponsored|dfp|
        cookie|cookies|consent|gdpr|cmp|onetrust|
        tags|tag-list|categories|byline|author-bio|author-box|
        pagination|pager|skip-link|sr-only|visually-hidden|screen-reader-text|
        print-?(?:header|footer|only|logo|url|title)|
        modal|popup|overlay|banner|rollover|tooltip|popover|hovercard
    )(?:$|[\s_-])
    """,
    re.IGNORECASE | re.VERBOSE,
)
"""Class/id tokens that name boilerplate. Matched on token boundaries
(`-`, `_`, space), so "post-comments" matches but "commentary" does not."""

CONTENT_TOKENS = re.compile(
    r"article|body|content|entry|main|page|post|story|text|blog",
    re.IGNORECASE,
)
"""Class/id words that suggest content; raise a readability score."""

NEGATIVE_TOKENS = re.compile(
    r"comment|meta|footer|footnote|foot|masthead|media|promo|related|scroll|"
    r"shoutbox|sidebar|sponsor|shopping|tags|tool|widget|combx|contact|hidden|"
    r"share|social|byline|author|caption|credit",
    re.IGNORECASE,
)
"""Class/id words that suggest chrome; lower a readability score."""

_LOWER = "translate(concat(@class, ' ', @id), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"

CONTENT_HINTS: tuple[tuple[str, str, re.Pattern[str] | None], ...] = (
    ("articlebody", "//*[@itemprop='articleBody' or @itemprop='articlebody']", None),
    (
        "body-class",
        "//*[self::div or self::section or self::article or self::main]"
        f"[contains({_LOWER}, 'body') or contains({_LOWER}, 'content') or contains({_LOWER}, 'text')]",
        re.compile(
            r"[ _-](?:article|entry|post|story)[-_]?(?:body|content|text)(?:[ _-]|__)"
            r"|^ (?:[^ ]+ )*(?:articleBody|article__body|article__content|post-body|story-body|"
            r"entry-content|post-content|article-content|article-body) (?:[^ ]+ )*\|",
            re.IGNORECASE,
        ),
    ),
    ("article", "//article", None),
    ("main", "//main | //*[@role='main']", None),
)
"""Semantic containers, most specific first: (kind, XPath, regex). The XPath
finds the candidates (in C); the regex, when given, confirms each one on
" <class> | <id> " (an article-body word in either, or a whole class name)."""


BOILERPLATE_LINE = re.compile(
    r"^\W*(?:advertisement|advertising|advert|ads?|sponsored|share(?: this)?(?: article| story| post)?|"
    r"read more|related(?: articles| stories| posts)?|recommended|"
    r"(?:sign up|subscribe)(?: to| for| now)?.{0,40}|follow us.{0,40}|"
    r"click here.{0,60}|continue reading.{0,40}|skip to .{0,30}|"
    r"(?:this .{0,30})?requires javascript.{0,40}|(?:please )?enable javascript.{0,40}|"
    r"to read the full story|already a subscriber.{0,40}|subscribe to continue.{0,40}|"
    r"log ?in|log ?out|sign ?in|sign ?out|register|my account|"
    r"image|photo|video|caption|loading\W*)\W*$",
    re.IGNORECASE,
)
"""Whole short blocks that are chrome whatever their markup."""

PROMO_LINE = re.compile(
    r"(?:may|can) be reached at|\bhave a (?:news )?tip\b|"
    r"\bfollow (?:\w+(?:'s|’s)? ){0,3}on (?:twitter|facebook|instagram|youtube|linkedin)\b|"
    r"follow .{0,40} full coverage|"
    r"(?:right |straight )?(?:in|to) your inbox|subscribe to (?:our|\w+(?:'s|’s))\b|"
    r"sign up (?:for|to) (?:our|the) .{0,30}newsletters?|delivered (?:to|through) your (?:door|letterbox|inbox)|"
    r"send us your|(?:join|download) (?:our|the) .{0,20}app\b|if you (?:enjoyed|liked) this (?:article|story|post)|"
    r"\btell us what you think\b|subject to copyright|all rights reserved|^(?:copyright|©) ?(?:©|\(c\))? ?\d{4}|"
    r"may not be (?:re)?published|without (?:the )?(?:prior )?written permission",
    re.IGNORECASE,
)
"""Phrases of the promotions and contact lines that close an article
("Have a tip? … may be reached at", "Get the latest updates right in your
inbox"), and copyright notices; a short block holding one is not article text."""

MAX_PROMO_TEXT = 400
"""Characters a block may hold and still be read as a promotion line."""

STANDFIRST_TOKENS = re.compile(
    r"(?:^|[\s_-])(?:dek|deck|standfirst|sub-?head(?:ing|line)?|sub-?title|excerpt|strapline|summary)(?:$|[\s_-])",
    re.IGNORECASE,
)
"""Class words of the standfirst (dek) printed under an article's title."""

CAPTION_TOKENS = re.compile(r"caption|credit", re.IGNORECASE)
"""Class words of photo captions and credits outside a <figure>'s own
<figcaption> (gallery slides, "Photo: AP" lines): not article text."""

DATE_WORDS = re.compile(
    r"\b(?:updated|published|posted|modified|last|on|at|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|"
    r"january|february|march|april|june|july|august|september|october|november|december|"
    r"mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"am|pm|a\.m|p\.m|gmt|utc|[ecmp][sd]t|bst|cet|cest|ist|jst)\b\.?",
    re.IGNORECASE,
)
"""Words a date stamp is made of; a short block of only these and digits is a dateline."""

RELATED_HEADING = re.compile(
    r"^\W*(?:related|more (?:from|on|in|stories|news|articles)|read (?:more|next|also)|"
    r"see also|you (?:may|might) (?:also )?like|recommended|popular|trending|"
    r"関連記事|関連|à lire aussi|lire aussi|sur le même sujet|weitere artikel|mehr zum thema)",
    re.IGNORECASE,
)
"""A heading that announces a list of other articles."""

KEEP_TAGS = frozenset({"table", "pre", "code", "figure", "img", "picture", "math", "details"})
"""Content objects that pruning never removes for being short."""

HEADER_STOP_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6", "table", "pre", "blockquote", "ol", "ul", "figure"})
"""Where the header zone after the title ends at the latest."""

MAX_HEADER_TEXT = 400
"""Characters of text a header zone may hold (kicker, byline, dates)."""

_HINT_XPATHS = tuple((kind, etree.XPath(path), pattern) for kind, path, pattern in CONTENT_HINTS)


def _hint_matches(body: lxml.html.HtmlElement, xpath: etree.XPath, pattern: re.Pattern[str] | None) -> list:
    matches = xpath(body)
    if pattern is None:
        return matches
    return [match for match in matches if pattern.search(f" {match.get('class', '')} | {match.get('id', '')} ")]


# --- Small measures ----------------------------------------------------------------

_CAMEL_BOUNDARY = re.compile(r"([a-z])([A-Z])")


def _attrs(element: lxml.html.HtmlElement) -> str:
    """Class, id and custom tag name as words: "PromoSmall" reads "Promo Small"."""
    custom = element.tag if "-" in element.tag else ""
    names = f"{element.get('class', '')} {element.get('id', '')} {custom}".strip()
    if names.islower() or not names:  # no capital, no camel case: the common case, spared a regex
        return names
    return _CAMEL_BOUNDARY.sub(r"\1 \2", names)


def _inside_any(element: lxml.html.HtmlElement, ancestors: set) -> bool:
    node = element.getparent()
    while node is not None:
        if node in ancestors:
            return True
        node = node.getparent()
    return False


# --- Stage 1: clean ----------------------------------------------------------------


def _is_named_boilerplate(element: lxml.html.HtmlElement) -> bool:
    if element.tag in CHROME_TAGS:
        return True
    role = element.get("role")
    if role and role.lower() in BOILERPLATE_ROLES:
        return True
    if element.tag in ("body", "html", "article", "main", "p", "table", "pre", "figure", "img"):
        return False
    attrs = _attrs(element)
    return bool(attrs) and BOILERPLATE_TOKENS.search(attrs) is not None


def _drop_all(elements: Iterable[lxml.html.HtmlElement]) -> None:
    dropped: set = set()
    for element in elements:
        if not _inside_any(element, dropped):
            dropped.add(element)
    for element in dropped:
        drop(element)


def _protected(body: lxml.html.HtmlElement) -> set:
    """Explicit article-body containers and the ancestors of them and of the
    title heading: never boilerplate, whatever their class says."""
    hints = [match for _kind, xpath, pattern in _HINT_XPATHS[:2] for match in _hint_matches(body, xpath, pattern)]
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
    return length > page_length / 3 and CONTENT_TOKENS.search(_attrs(element)) is not None


def clean(body: lxml.html.HtmlElement) -> None:
    """Drop never-content elements from `body`: by tag first, then by name
    (tag, role, class/id tokens), sparing the protected and layout wrappers."""
    _drop_all(list(body.iter(*NEVER_CONTENT_TAGS)))
    page_length = len(text_of(body))
    protected = _protected(body)
    _drop_all(
        [
            element
            for element in elements(body)
            if element not in protected
            and _is_named_boilerplate(element)
            and not _is_layout_wrapper(element, page_length)
        ]
    )


# --- Stage 2: select ---------------------------------------------------------------


def _paragraph_mass(element: lxml.html.HtmlElement) -> int:
    """Characters of non-link text in the paragraphs under `element`."""
    mass = 0
    for paragraph in element.iter("p", "pre", "blockquote"):
        length = len(text_of(paragraph))
        if length >= 25:
            mass += max(length - link_text_length(paragraph), 0)
    return mass


def _class_weight(element: lxml.html.HtmlElement) -> int:
    attrs = _attrs(element)
    if not attrs:
        return 0
    weight = 0
    if NEGATIVE_TOKENS.search(attrs):
        weight -= 25
    if CONTENT_TOKENS.search(attrs):
        weight += 25
    return weight


_TAG_BONUS = {
    "div": 5,
    "article": 10,
    "section": 3,
    "main": 5,
    "pre": 3,
    "td": 3,
    "blockquote": 3,
    "ol": -3,
    "ul": -3,
    "dl": -3,
    "li": -3,
    "dd": -3,
    "dt": -3,
    "h1": -5,
    "h2": -5,
    "h3": -5,
    "h4": -5,
    "h5": -5,
    "h6": -5,
    "th": -5,
}


def _scored_candidates(body: lxml.html.HtmlElement) -> dict:
    """Readability's scoring: each paragraph feeds its parent and, halved, its grandparent."""
    scores: dict = {}
    for paragraph in body.iter("p", "pre", "td", "blockquote"):
        text = text_of(paragraph)
        if len(text) < 25:
            continue
        points = 1 + text.count(",") + min(len(text) // 100, 3)
        parent = paragraph.getparent()
        for share, node in ((1.0, parent), (0.5, parent.getparent() if parent is not None else None)):
            if node is None or not is_element(node):
                continue
            if node not in scores:
                scores[node] = _TAG_BONUS.get(node.tag, 0) + _class_weight(node)
            scores[node] += points * share
    return {node: score * (1 - link_density(node)) for node, score in scores.items()}


def _best_scored(body: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    scores = _scored_candidates(body)
    if not scores:
        return None
    best = max(scores, key=scores.get)
    # A lone paragraph's parent is rarely the whole article: climb while the
    # parent holds clearly more paragraph text (the article split in blocks).
    mass = _paragraph_mass(best)
    node = best
    while node.getparent() is not None and node.getparent().tag not in ("body", "html"):
        parent_mass = _paragraph_mass(node.getparent())
        if parent_mass > mass * 1.25 and link_density(node.getparent()) < 0.35:
            node, mass = node.getparent(), parent_mass
        else:
            break
    return node


def _hint_candidates(body: lxml.html.HtmlElement) -> Iterator[tuple[str, lxml.html.HtmlElement]]:
    for kind, xpath, pattern in _HINT_XPATHS:
        matches = _hint_matches(body, xpath, pattern)
        if matches:
            best = max(matches, key=_paragraph_mass)
            yield kind, best


def select(body: lxml.html.HtmlElement) -> tuple[lxml.html.HtmlElement, str]:
    """The node holding the article, and the name of the rule that chose it."""
    scored = _best_scored(body)
    reference = max(_paragraph_mass(scored) if scored is not None else 0, 1)
    for kind, candidate in _hint_candidates(body):
        if _paragraph_mass(candidate) >= 0.6 * reference:
            return candidate, f"hint:{kind}"
    if scored is not None:
        return scored, "score"
    return body, "body"


# --- Stage 3: prune ----------------------------------------------------------------


def _holds_content_object(element: lxml.html.HtmlElement) -> bool:
    return element.tag in KEEP_TAGS or any(True for _ in element.iter(*KEEP_TAGS))


def _is_link_cluster(element: lxml.html.HtmlElement) -> bool:
    """A list or block that is mostly links: a menu, tag cloud or 'more stories'."""
    if element.tag not in ("div", "section", "ul", "ol", "dl", "table", "p"):
        return False
    length = len(text_of(element))
    if length == 0:
        return False
    density = link_density(element, length)
    if element.tag in ("ul", "ol", "dl", "div", "section"):
        return density > 0.5 and (length < 800 or density > 0.8)
    return density > 0.8 and length < 200


def _is_loose_caption(element: lxml.html.HtmlElement) -> bool:
    return (
        element.tag != "figcaption"
        and CAPTION_TOKENS.search(_attrs(element)) is not None
        and element.find(".//img") is None
    )


def _is_teaser_list(element: lxml.html.HtmlElement) -> bool:
    """A block of linked headlines ("more stories" cards): two or more headings
    whose words are all link text, in a block that is largely links."""
    if element.tag not in ("div", "section", "ul", "ol"):
        return False
    linked_headings = 0
    for heading in element.iter("h2", "h3", "h4", "h5", "h6"):
        length = len(text_of(heading))
        inside_link = any(ancestor.tag == "a" for ancestor in heading.iterancestors())
        if length and (inside_link or link_text_length(heading) >= length):
            linked_headings += 1
    return linked_headings >= 2 and link_density(element) > 0.4


def _is_dateline(text: str) -> bool:
    rest = DATE_WORDS.sub("", text)
    return any(char.isdigit() for char in text) and not any(char.isalpha() for char in rest)


def _is_boilerplate_line(element: lxml.html.HtmlElement) -> bool:
    if element.tag not in ("p", "div", "span", "h2", "h3", "h4", "h5", "h6", "li", "strong", "em", "a", "time"):
        return False
    text = text_of(element)
    if len(text) < 80 and (BOILERPLATE_LINE.match(text) is not None or _is_dateline(text)):
        return True
    return element.tag in ("p", "div") and len(text) < MAX_PROMO_TEXT and PROMO_LINE.search(text) is not None


def _related_sections(main: lxml.html.HtmlElement) -> list:
    """Headings announcing other articles, with the link list that follows them."""
    doomed: list = []
    for heading in main.iter("h2", "h3", "h4", "h5", "h6", "p", "div"):
        if heading.tag in ("p", "div") and len(heading) > 2:
            continue
        text = text_of(heading)
        if len(text) >= 60 or not RELATED_HEADING.match(text):
            continue
        doomed.append(heading)
        following = heading.getnext()
        if following is not None and following.tag in ("ul", "ol", "div") and link_density(following) > 0.5:
            doomed.append(following)
    return doomed


def _preceding_in_document(element: lxml.html.HtmlElement, stop: lxml.html.HtmlElement) -> list:
    """Every subtree before `element` in document order, within `stop` (not ancestors)."""
    before: list = []
    node = element
    while node is not None and node is not stop:
        before.extend(node.itersiblings(preceding=True))
        node = node.getparent()
    return before


def _title_heading(main: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    for heading in main.iter("h1"):
        return heading
    return None


def _words(text: str | None) -> str:
    return " ".join(re.findall(r"\w+", (text or "").lower()))


def _is_standfirst(element: lxml.html.HtmlElement, description: str) -> bool:
    """The standfirst under the title: a heading, or a block named for it, that
    says what the page's description says (the note keeps it as `description`).
    A plain paragraph equal to the description is the article's first one."""
    if not description or element.tag in KEEP_TAGS:
        return False
    if element.tag not in ("h2", "h3", "h4", "h5", "h6") and not STANDFIRST_TOKENS.search(_attrs(element)):
        return False
    text = _words(element.text_content())
    return len(text) >= 20 and (text in description or description in text)


def _header_lines_after(heading: lxml.html.HtmlElement, main: lxml.html.HtmlElement, description: str = "") -> list:
    """Short text blocks between the title and the first real paragraph:
    kicker, byline, dateline, "Updated" stamps, and the standfirst when it
    repeats the page's description."""
    doomed: list = []
    budget = MAX_HEADER_TEXT
    started = False
    for element in main.iter(etree.Element):
        if element is heading:
            started = True
            continue
        if not started or _inside_any(element, {heading}) or _inside_any(element, set(doomed)):
            continue
        if _is_standfirst(element, description):
            doomed.append(element)
            continue
        if element.tag in HEADER_STOP_TAGS or (element.tag == "p" and len(text_of(element)) >= 60):
            break
        if element.tag in KEEP_TAGS or not _has_own_text(element):
            continue
        length = len(text_of(element))
        if length >= 100 or length > budget:
            break
        budget -= length
        doomed.append(element)
    return doomed


MIN_TEXT_LEFT = 20
"""Characters the article must keep after its header zone goes; a page of a few
short lines (a notice, a one-line post) has no byline to trim."""


def _has_own_text(element: lxml.html.HtmlElement) -> bool:
    if element.text and element.text.strip():
        return True
    return any(child.tail and child.tail.strip() for child in element)


def trim_header(main: lxml.html.HtmlElement, description: str = "") -> bool:
    """Drop the article's header zone: what precedes the title heading, the
    title itself (the note has it already), and the byline lines after it.

    Only when the title sits near the top of `main`, so a page whose <h1> comes
    late (a section name above a feed) keeps its text. Images stay."""
    heading = _title_heading(main)
    if heading is None:
        return False
    before = [node for node in _preceding_in_document(heading, main) if is_element(node)]
    if sum(len(text_of(node)) for node in before) > MAX_HEADER_TEXT:
        return False
    doomed = [node for node in before if not _holds_content_object(node)]
    after = _header_lines_after(heading, main, _words(description))
    dropped = sum(len(text_of(node)) for node in (heading, *before, *after))
    if len(text_of(main)) - dropped >= MIN_TEXT_LEFT:  # else the "header" lines are the article
        doomed += after
    doomed.append(heading)
    _drop_all(doomed)
    return True


def _is_prunable(element: lxml.html.HtmlElement) -> bool:
    if _is_loose_caption(element) or _is_teaser_list(element):
        return True
    return (_is_link_cluster(element) or _is_boilerplate_line(element)) and not _holds_content_object(element)


def prune(main: lxml.html.HtmlElement) -> bool:
    """Drop link clusters, teaser lists, loose captions and boilerplate lines
    inside `main`; never a block holding half of it. True if anything went."""
    ceiling = len(text_of(main)) / 2
    doomed = [
        element
        for element in elements(main)
        if element is not main and _is_prunable(element) and len(text_of(element)) <= ceiling
    ]
    doomed += _related_sections(main)
    _drop_all(doomed)
    return bool(doomed)


# --- The cascade -------------------------------------------------------------------


def find_main_content(root: lxml.html.HtmlElement, *, description: str | None = None) -> MainContent:
    """Clean the page's body, select its main node, prune it. Mutates `root`.
    `description` is the page's own summary (metadata), to recognise the
    standfirst that repeats it under the title."""
    body = root.find("body")
    if body is None:
        body = root
    clean(body)
    element, strategy = select(body)
    if trim_header(element, description or ""):
        strategy += "+header"
    if prune(element):
        strategy += "+prune"
    return MainContent(element, strategy)
