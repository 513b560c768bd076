"""The last stage of the main-content cascade: what a page says of itself when
its body reads (next to) nothing.

`page_summary(root) -> str` is the longest of the page's own descriptions:
its `description`, Open Graph and Twitter card meta tags, and the
`description`, `articleBody` or `text` of its JSON-LD objects. A page served
as an empty shell for a script to fill (a Discourse thread saved without its
posts, a single-page application) often says what it holds only there.
`page_summary(root, meta=False)` reads the JSON-LD only: the page's profile
says whether its meta descriptions stand for its content (a thread's are its
first post; a shop's or a landing page's are a blurb for search results).

`is_thin(words, summary)` says when an extraction is so short beside the
summary that the summary is the better reading: fewer than `THIN_SHARE` of
its words. The cascade's order (`clipper.extract.article`): the content
found in the body, else this summary, else no readable content.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from clipper.extract.metadata import json_ld_blocks
from clipper.extract.text import word_count
from clipper.markdown import collapse, parse_fragment

__all__ = [
    "MAX_THIN_WORDS",
    "SUMMARY_META_KEYS",
    "SUMMARY_STRATEGY",
    "THIN_SHARE",
    "is_thin",
    "page_summary",
]

SUMMARY_META_KEYS = frozenset({"description", "og:description", "twitter:description", "dc.description"})
"""Meta tags (name= or property=, lower-cased) that summarise the page."""
SUMMARY_JSON_LD_KEYS = ("articleBody", "text", "description")
"""JSON-LD properties that hold the content or its summary."""
MAX_JSON_LD_OBJECTS = 200
"""JSON-LD objects read at most (a hostile page may nest thousands)."""
THIN_SHARE = 0.25
"""An extraction with fewer words than this share of the summary's is thinner
than what the page says of itself."""
SUMMARY_STRATEGY = "meta:summary"
"""`Extraction.strategy` of a page read from its own summary (its body had next to nothing)."""
MAX_THIN_WORDS = 50
"""An extraction with this many words is never replaced (and the summary is not read)."""


def _meta_descriptions(root: etree._Element) -> Iterator[str]:
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").strip().lower()
        if key in SUMMARY_META_KEYS:
            yield meta.get("content") or ""


def _json_ld_texts(root: etree._Element) -> Iterator[str]:
    for data in json_ld_blocks(root):
        stack, seen = [data], 0
        while stack and seen < MAX_JSON_LD_OBJECTS:
            item = stack.pop()
            seen += 1
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield from (value for key in SUMMARY_JSON_LD_KEYS if isinstance(value := item.get(key), str))
                stack.extend(item[key] for key in ("@graph", "mainEntity") if key in item)


def _plain(text: str) -> str:
    """`text` on one line, read as HTML when it holds markup (a JSON-LD articleBody often does)."""
    return collapse(parse_fragment(text).text_content() if "<" in text else text)


def page_summary(root: etree._Element, *, meta: bool = True) -> str:
    """The longest description the page gives of itself ("" when it gives none): its
    JSON-LD text and, with `meta`, its meta descriptions too."""
    sources = (_meta_descriptions(root), _json_ld_texts(root)) if meta else (_json_ld_texts(root),)
    texts = [_plain(text) for source in sources for text in source]
    return max(texts, key=len, default="")


def is_thin(words: int, summary: str) -> bool:
    """Whether an extraction of `words` words says less than the page's `summary`."""
    return words < MAX_THIN_WORDS and words < THIN_SHARE * word_count(summary)
