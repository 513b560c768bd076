"""Parse HTML once into the tree every extractor reads (`ParsedPage`).

Comments are dropped at parse time, so commented-out markup is never content.
Every extractor reads the lxml tree.

The tree is bounded before any extractor sees it, so that a hostile page
costs time and memory in proportion to these bounds, not to its size:

- nesting deeper than `MAX_DEPTH` is flattened: an element at that depth keeps
  its text (block boundaries become spaces) and its images, in order, as
  direct children, so nothing walking the tree can recurse without end;
- a page of more than `MAX_ELEMENTS` elements is cut after the first
  `MAX_ELEMENTS` in document order (`ParsedPage.truncated` says so).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property

import lxml.html
from lxml import etree

from clipper.extract.metadata import read_metadata
from clipper.models import Metadata

MAX_DEPTH = 256
"""Deepest element kept as is (libxml2's own default limit); deeper markup is
flattened into its ancestor."""
MAX_ELEMENTS = 100_000
"""Elements kept, in document order; a long real article has some 30,000."""
_KEPT_WHEN_FLAT = frozenset({"img", "br", "picture", "source"})
_INLINE = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "code",
        "data",
        "dfn",
        "em",
        "font",
        "i",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
        "var",
    }
)


def _parser() -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)


class ParsedPage:
    """A page parsed once: `root` (lxml), `url`, and `metadata`."""

    def __init__(
        self,
        url: str | None,
        root: lxml.html.HtmlElement,
        truncated: bool = False,
        harvest_date: dt.date | None = None,
        source: str | None = None,
    ) -> None:
        self.url = url or None
        self.root = root
        self.truncated = truncated
        """True when the page had more than MAX_ELEMENTS elements and was cut."""
        self.harvest_date = harvest_date
        """The day of the clip: the year of last resort for dates printed without one."""
        self.source = source
        """The HTML the tree was parsed from (None when the tree came otherwise): what a
        stage that needs the page as served, after the tree was changed in place, parses
        again."""

    @cached_property
    def metadata(self) -> Metadata:

        return read_metadata(self.root, self.url)


def parse_page(html: str, url: str | None = None, harvest_date: dt.date | None = None) -> ParsedPage:
    """Parse `html`; an empty or unparsable document gives an empty `<html>`."""
    cleaned = _XML_DECLARATION.sub("", _without_unparsable_chars(html.replace("\x0c", " ")), count=1)
    root = None
    if cleaned.strip():
        root, too_deep = _parse(cleaned)
        if too_deep:  # libxml2 stopped at its depth limit: the rest would be lost
            root, _ = _parse(shallow_markup(cleaned))
    if root is None:
        root = lxml.html.document_fromstring("<html><body></body></html>")
    flatten_deep_markup(root)
    # Each tag makes at most one element, and the parser adds a few implied
    # ones (html, head, body, a <p> per stray text run): a page with few
    # enough "<" cannot hold MAX_ELEMENTS elements, and needs no count.
    truncated = cleaned.count("<") * 2 + 8 >= MAX_ELEMENTS and truncate_elements(root)
    return ParsedPage(url, root, truncated, harvest_date, source=html)


def _parse(html: str) -> tuple[lxml.html.HtmlElement | None, bool]:
    """The parsed document (None if unparsable), and whether libxml2 gave up
    at its nesting limit (2048 levels, even with huge_tree)."""
    parser = _parser()
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return None, False
    too_deep = any(
        entry.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in entry.message for entry in parser.error_log
    )
    return root, too_deep


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
"""An XHTML page's `<?xml … encoding=…?>`: lxml refuses a text string that declares
an encoding, and the text is already decoded."""

_NOT_XML_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters lxml refuses in text it is given (so an extractor that moves text
would fail on them); no page means them as text."""

_CONTROL_BYTES = bytes(byte for byte in range(0x20) if byte not in (0x09, 0x0A, 0x0C, 0x0D))
_NONCHARACTERS_UTF8 = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")
"""`_NOT_XML_CHARS` in UTF-8: the controls are single bytes there, U+FFFE and U+FFFF
these sequences (which can only start at a character), surrogates do not encode."""


def _without_unparsable_chars(html: str) -> str:
    """`html` less `_NOT_XML_CHARS`. Most pages hold none, and two scans of the UTF-8
    bytes say so in a fraction of the time the regex takes to find none (which was
    half as much as the parse itself)."""
    try:
        data = html.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return _NOT_XML_CHARS.sub("", html)
    if len(data.translate(None, _CONTROL_BYTES)) == len(data) and not any(
        sequence in data for sequence in _NONCHARACTERS_UTF8
    ):
        return html
    return _NOT_XML_CHARS.sub("", html)


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)(?:\s[^>]*)?(/?)>")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
SHALLOW_DEPTH = 1000
"""Nesting kept by `shallow_markup`, well under libxml2's 2048."""


def shallow_markup(html: str, max_depth: int = SHALLOW_DEPTH) -> str:
    """`html` with every tag beyond `max_depth` open tags removed (its text kept;
    images, being void, always kept). Counts tags as written, so unclosed tags
    count too: used only when the parser itself gave up on the nesting."""
    pieces: list[str] = []
    depth = 0
    position = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or self_closing:
            continue
        if closing:
            drop = depth > max_depth
            depth = max(depth - 1, 0)
        else:
            depth += 1
            drop = depth > max_depth
        if drop:
            pieces.append(html[position : match.start()])
            pieces.append("" if name in _INLINE else " ")
            position = match.end()
    pieces.append(html[position:])
    return "".join(pieces)


def flatten_deep_markup(root: etree._Element, max_depth: int = MAX_DEPTH) -> int:
    """Flatten every element at depth `max_depth` (see the module docstring);
    returns how many were flattened. Iterative: safe at any depth."""
    if not _deeper_than(root, max_depth):  # the usual case, asked of libxml2 in C
        return 0
    deepest: list[etree._Element] = []
    depth = 0
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        if event == "end":
            depth -= 1
            continue
        depth += 1
        if depth >= max_depth and len(element):
            deepest.append(element)
            walker.skip_subtree()
            depth -= 1  # no "end" event comes for a skipped subtree's root
    for element in deepest:
        _flatten(element)
    return len(deepest)


_DEPTH_PROBES: dict[int, etree.XPath] = {}


def _deeper_than(root: etree._Element, max_depth: int) -> bool:
    """Whether an element at depth `max_depth` has children (`root` is depth 1):
    one XPath step per level, evaluated by libxml2 without a Python loop."""
    probe = _DEPTH_PROBES.get(max_depth)
    if probe is None:
        probe = _DEPTH_PROBES[max_depth] = etree.XPath("boolean(" + "*/" * (max_depth - 1) + "*)")
    return bool(probe(root))


def _flatten(element: etree._Element) -> None:
    """Replace `element`'s descendants by their text and images, in order."""
    pieces: list[str | etree._Element] = [element.text or ""]
    walker = etree.iterwalk(element, events=("start", "end"))
    for event, node in walker:
        if node is element:
            continue
        tag = node.tag if isinstance(node.tag, str) else ""
        if event == "start":
            if tag in _KEPT_WHEN_FLAT:
                kept = etree.Element(tag, dict(node.attrib))
                pieces.append(kept)
                walker.skip_subtree()
                pieces.append(node.tail or "")
                continue
            if tag not in _INLINE:
                pieces.append(" ")
            pieces.append(node.text or "")
        else:
            if tag not in _INLINE:
                pieces.append(" ")
            pieces.append(node.tail or "")
    for child in list(element):
        element.remove(child)  # keeps element.tail; the removed subtree is freed
    element.text = None
    text: list[str] = []
    last: etree._Element | None = None
    for piece in pieces:
        if isinstance(piece, str):
            text.append(piece)
            continue
        _set_text_after(element, last, "".join(text))
        text = []
        element.append(piece)
        last = piece
    _set_text_after(element, last, "".join(text))


def _set_text_after(parent: etree._Element, last: etree._Element | None, text: str) -> None:
    if last is None:
        parent.text = text or None
    else:
        last.tail = text or None


def truncate_elements(root: etree._Element, max_elements: int = MAX_ELEMENTS) -> bool:
    """Drop every element after the first `max_elements` (document order);
    True when something was dropped."""
    last = None
    for count, element in enumerate(root.iter(), start=1):
        if count == max_elements:
            last = element
            break
    if (
        last is None
        or next(last.itersiblings(), None) is None
        and not len(last)
        and all(next(ancestor.itersiblings(), None) is None for ancestor in last.iterancestors())
    ):
        return False
    del last[:]
    node = last
    while node is not None:
        parent = node.getparent()
        if parent is None:
            break
        del parent[parent.index(node) + 1 :]
        node = parent
    return True
