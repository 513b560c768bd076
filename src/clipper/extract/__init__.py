"""Choose the site extractor for a page and run it: `extract(page) -> Extraction`.

Extractors are chosen the way Zotero picks translators. Each `SiteExtractor`
declares the URLs it claims (a regex, or None for "any"), a cheap check on the
parsed page, and a priority. Candidates whose pattern matches are tried in
descending priority; the first whose `detect` accepts the page extracts it.
The generic article extractor accepts everything and comes last; the Stack
Exchange network's questions have their own (`clipper.extract.stackexchange`). The winner's
name is recorded in `Extraction.extractor`.

Nothing in this package touches the disk or the network.
"""

from __future__ import annotations

import datetime as dt

from clipper.extract.parse import ParsedPage, parse_page
from clipper.extract.site import SiteExtractor
from clipper.models import Extraction, Page

__all__ = ["ParsedPage", "SiteExtractor", "extract", "extract_html", "parse_page", "registry"]


def registry() -> list[SiteExtractor]:
    """Every known extractor, most specific first; the generic one is last."""
    # imported when first asked for, not with the package: a module of it
    # (`text`, `parse`) loads without them, and so does a process that extracts nothing
    from clipper.extract import article, course, stackexchange

    extractors = [stackexchange.EXTRACTOR, course.EXTRACTOR, article.EXTRACTOR]
    return sorted(extractors, key=lambda extractor: -extractor.priority)


def extract(page: Page, harvest_date: dt.date | None = None) -> Extraction:
    """The page's main content and facts, by the first extractor that accepts it.
    `harvest_date` gives course dates printed without a year the year of last resort."""
    parsed = parse_page(page.html, page.url, harvest_date)
    for extractor in registry():
        if extractor.claims_url(page.url) and extractor.detect(parsed):
            return extractor.run(parsed)
    raise AssertionError("the generic extractor accepts every page")  # pragma: no cover


def extract_html(html: str, url: str | None = None, harvest_date: dt.date | None = None) -> Extraction:
    """`extract` for HTML already in hand (no network, no disk)."""
    return extract(Page(url=url or "", html=html), harvest_date)
