"""Parse HTML once into the tree every extractor reads (`ParsedPage`).

Comments are dropped at parse time, so commented-out markup is never content.
The lxml tree is the fast path; `soup` gives BeautifulSoup over the same
markup for extractors that read better with it, built only when asked for.
"""

from __future__ import annotations

from functools import cached_property

import lxml.html
from lxml import etree

from clipper.models import Metadata


def _parser() -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)


class ParsedPage:
    """A page parsed once: `root` (lxml), `url`, `metadata`, and `soup` on demand."""

    def __init__(self, html: str, url: str | None, root: lxml.html.HtmlElement) -> None:
        self.html = html
        self.url = url or None
        self.root = root

    @cached_property
    def metadata(self) -> Metadata:
        from clipper.extract.metadata import read_metadata

        return read_metadata(self.root, self.url)

    @cached_property
    def soup(self):
        from bs4 import BeautifulSoup

        return BeautifulSoup(etree.tostring(self.root, encoding="unicode", method="html"), "lxml")


def parse_page(html: str, url: str | None = None) -> ParsedPage:
    """Parse `html`; an empty or unparsable document gives an empty `<html>`."""
    cleaned = html.replace("\x00", "")
    root = None
    if cleaned.strip():
        try:
            root = lxml.html.document_fromstring(cleaned, parser=_parser())
        except (etree.ParserError, ValueError):
            root = None
    if root is None:
        root = lxml.html.document_fromstring("<html><body></body></html>")
    return ParsedPage(html, url, root)
