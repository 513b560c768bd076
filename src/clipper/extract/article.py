"""The generic extractor: any page's main content. STUB until the real one lands."""

from __future__ import annotations

from clipper.extract.parse import ParsedPage
from clipper.markdown import html_to_markdown
from clipper.models import Extraction


def _always(page: ParsedPage) -> bool:
    return True


def extract_article(page: ParsedPage) -> Extraction:
    body = page.root.find("body")
    if body is None:
        body = page.root
    converted = html_to_markdown(body, page.url)
    return Extraction(
        kind="article",
        extractor="article",
        title=page.metadata.title or "",
        url=page.url,
        metadata=page.metadata,
        markdown=converted.markdown,
        text=converted.text,
        images=converted.images,
        strategy="body",
    )


def _extractor():
    from clipper.extract import SiteExtractor

    return SiteExtractor("article", priority=0, claims=None, detect=_always, run=extract_article)


EXTRACTOR = _extractor()
