"""Guess what kind of page is being read, before its tree is cleaned.

`guess_page_kind(root, url) -> str` is one of PAGE_KINDS. It reads only what
the page says of itself, cheaply: its JSON-LD types and Open Graph type, its
address, and whether it repeats posts with an author line. The main-content
cascade (`clipper.extract.content`) picks its profile by this kind; a wrong
guess costs a little precision, never the content (every profile falls back to
the page's text).

The signals are data, in the tables below; the first signal that names a kind wins,
in this order: forum software named by `<meta name="generator">`, JSON-LD (a
FAQ page's Questions are not a forum's), Open Graph, the address; then, on a
forum's own host (`forum.`, `forums.`…), an "article" guess is a thread's, and an
address shaped like a list or a service page (`/services/…`, `/awards/`,
`…/reviews`) outweighs an "article" or "unknown" guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from lxml import etree

from clipper.extract.metadata import json_ld_blocks

PAGE_KINDS = ("article", "documentation", "forum", "product", "listing", "service", "unknown")

JSON_LD_KINDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?:DiscussionForumPosting|QAPage|Question|SocialMediaPosting)$"), "forum"),
    (re.compile(r"^(?:Product|ProductGroup|IndividualProduct|ProductModel|Car|Book)$"), "product"),
    (re.compile(r"^(?:TechArticle|APIReference|HowTo)$"), "documentation"),
    (
        re.compile(r"^(?:\w*NewsArticle|Article|BlogPosting|Report|ScholarlyArticle|Review|Recipe|LiveBlogPosting)$"),
        "article",
    ),
    (re.compile(r"^(?:CollectionPage|ItemList|SearchResultsPage|OfferCatalog)$"), "listing"),
)
"""JSON-LD @type -> kind, most telling first (a forum thread is also a WebPage)."""

FAQ_TYPES = frozenset({"FAQPage"})
"""A page of questions and answers it wrote itself: its JSON-LD Questions are no forum's."""
FAQ_PARTS = frozenset({"Question", "Answer"})

FORUM_GENERATORS = re.compile(
    r"^\s*(?:Discourse|XenForo|phpBB|vBulletin|Invision|IP\.Board|NodeBB|Flarum|MyBB|Vanilla|SMF|Simple Machines|"
    r"Lemmy|Discuz|bbPress|Khoros|Lithium)\b",
    re.IGNORECASE,
)
"""`<meta name="generator">` values of forum software: the page is a forum's, whatever else it says."""

OPEN_GRAPH_KINDS = {"article": "article", "product": "product", "og:product": "product", "product.item": "product"}

URL_KINDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"/(?:t|threads?|topics?|viewtopic|showthread|discussions?|d|questions|comments|forums?)(?:/|\.php|$)|"
            r"^(?:forums?|community|discuss|discourse|boards?|bbs)\.",
            re.IGNORECASE,
        ),
        "forum",
    ),
    (
        re.compile(
            r"/(?:docs?|documentation|reference|api|manual|guides?|handbook|kb|knowledge-?base|learn|wiki)(?:/|$)|"
            r"^(?:docs?|developers?|developer|wiki|learn|support|help)\.",
            re.IGNORECASE,
        ),
        "documentation",
    ),
    (re.compile(r"/(?:products?|dp|item|items|p|shop/product)/[^/]+", re.IGNORECASE), "product"),
    (
        re.compile(
            r"/(?:category|categories|collections?|c|tags?|topics|shop|store|catalog|search|list|news|blog|archive)(?:/[^/]*)?/?$",
            re.IGNORECASE,
        ),
        "listing",
    ),
)
"""Address patterns (host + path) -> kind, tried in order."""

ADDRESS_SHAPE_KINDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"/(?:sections?|awards|recipes|reviews|testimonials|news|rankings)/?$|/(?:sections?|categor(?:y|ies))/[^/]+/?$"
            r"|/awards/|/list_of_",
            re.IGNORECASE,
        ),
        "listing",
    ),
    (re.compile(r"/(?:services?|solutions?|what-we-do|offerings)(?:/|\.html|$)", re.IGNORECASE), "service"),
)
"""Paths that name a list or a service page whatever its CMS says (an `og:type`
article, a JSON-LD WebPage): they outweigh an "article" or "unknown" guess.
On web-content all 23 pages they match are listings or service pages, and none
of the article benchmark's; so are the seven section and category fronts
(`/sections/science/`, `/category/<name>/`: a category's article has a further segment)."""


FORUM_HOSTS = re.compile(r"^(?:forums?|discuss|discourse|bbs)\.", re.IGNORECASE)
"""Host names that serve a forum: there an "article" (forum software writes `og:type` article
on each thread: XenForo 1, custom boards) is a thread. A `/forum/` path on a publisher's own
host is a section of its site, whose pages the CMS types as articles (a thread there may be
read for its opening post alone), so it does not count; nor does a `boards.` or `community.`
host (job boards, a vendor's blogs and help centre)."""


def _json_ld_types(root: etree._Element) -> Iterator[str]:
    for data in json_ld_blocks(root):
        yield from _types_in(data)


def _types_in(data: object) -> Iterator[str]:
    stack, seen = [data], 0
    while stack and seen < 200:
        item = stack.pop()
        seen += 1
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            kind = item.get("@type")
            for name in kind if isinstance(kind, list) else [kind]:
                if isinstance(name, str):
                    yield name
            if "@graph" in item:
                stack.append(item["@graph"])
            if "mainEntity" in item:
                stack.append(item["mainEntity"])


def _kind_from_json_ld(root: etree._Element) -> str | None:
    types = set(_json_ld_types(root))
    if types & FAQ_TYPES:
        types -= FAQ_PARTS
    for pattern, kind in JSON_LD_KINDS:
        if any(pattern.match(name) for name in types):
            return kind
    return None


MICRODATA_FORUM_TYPES = re.compile(r"schema\.org/(?:DiscussionForumPosting|QAPage)/?$", re.IGNORECASE)
"""Microdata `itemtype`s of a thread or a question page: forum software marks its posts up
so where it writes no JSON-LD (NodeBB, Tapatalk, nairaland)."""


def _kind_from_microdata(root: etree._Element) -> str | None:
    for element in root.iterfind(".//*[@itemtype]"):
        if any(MICRODATA_FORUM_TYPES.search(name) for name in (element.get("itemtype") or "").split()):
            return "forum"
    return None


def _kind_from_open_graph(root: etree._Element) -> str | None:
    for meta in root.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == "og:type":
            return OPEN_GRAPH_KINDS.get((meta.get("content") or "").strip().lower())
    return None


def _kind_from_url(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path or "/"
    if path.strip("/") == "" and not parts.query:
        return "service"
    address = f"{host}{path}"
    for pattern, kind in URL_KINDS:
        if pattern.search(path) or pattern.match(host) or pattern.search(address):
            return kind
    return None


def _kind_from_generator(root: etree._Element) -> str | None:
    for meta in root.iter("meta"):
        if (meta.get("name") or "").lower() == "generator" and FORUM_GENERATORS.match(meta.get("content") or ""):
            return "forum"
    return None


def _kind_from_address_shape(url: str | None) -> str | None:
    path = urlsplit(url).path if url else ""
    return next((kind for pattern, kind in ADDRESS_SHAPE_KINDS if pattern.search(path)), None)


def guess_page_kind(root: etree._Element, url: str | None) -> str:
    """The page's kind (one of PAGE_KINDS), from what it says of itself."""
    kind = (
        _kind_from_generator(root)
        or _kind_from_json_ld(root)
        or _kind_from_microdata(root)
        or _kind_from_open_graph(root)
        or _kind_from_url(url)
        or "unknown"
    )
    if kind == "article" and _on_forum_host(url):
        return "forum"
    if kind in ("article", "unknown"):
        return _kind_from_address_shape(url) or kind
    return kind


def _on_forum_host(url: str | None) -> bool:
    host = (urlsplit(url).hostname or "") if url else ""
    return FORUM_HOSTS.match(host.removeprefix("www.")) is not None
