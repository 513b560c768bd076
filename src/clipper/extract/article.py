"""The generic extractor: any page's main content as Texte complet.

It accepts every page and runs last (priority 0), after the site extractors
have declined. `extract_article` reads the metadata and the title first, then
lets `clipper.extract.content.find_main_content` clean, select and prune the
page's own tree in place (no copy: nothing reads the tree after the last
extractor), and converts the chosen node with `clipper.markdown`.
`Extraction.strategy` records how the content was found.

When what the body gives is thinner than what the page says of itself (a
script-built shell: a Discourse thread saved without its posts), the page's
own summary is the content (`clipper.extract.summary`, strategy
"meta:summary"): its JSON-LD text on any page, its meta descriptions only where
the kind's profile says they are content (a thread's). A page with none of
these has no readable text and raises ExtractionError (`--render auto` then
renders it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import lxml.html

from clipper.errors import ExtractionError
from clipper.extract.content import Profile, find_main_content, profile_for
from clipper.extract.page_kind import guess_page_kind
from clipper.extract.parse import ParsedPage, parse_page
from clipper.extract.site import SiteExtractor
from clipper.extract.summary import MAX_THIN_WORDS, SUMMARY_STRATEGY, is_thin, page_summary
from clipper.extract.text import word_count
from clipper.markdown import Converted, html_to_markdown
from clipper.models import Extraction

if TYPE_CHECKING:
    from clipper.extract.site import SiteExtractor


def _always(page: ParsedPage) -> bool:
    return True


def _summary_instead(page: ParsedPage, converted: Converted, profile: Profile) -> Converted | None:
    """The page's summary as the content, when the body's is thinner (and has no image);
    its meta descriptions count only where the profile says they are content."""
    if converted.images:
        return None
    words = word_count(converted.text, up_to=MAX_THIN_WORDS)  # exact below the threshold, all that is read
    if words >= MAX_THIN_WORDS:
        return None
    summary = page_summary(page.root, meta=profile.descriptions_are_content)
    if not summary or not is_thin(words, summary):
        return None
    paragraph = lxml.html.Element("p")
    paragraph.text = summary
    wrapper = lxml.html.Element("div")
    wrapper.append(paragraph)
    return html_to_markdown(wrapper, page.url, heading_offset=2)


def _parse_again(page: ParsedPage) -> Callable[[], lxml.html.HtmlElement] | None:
    """A new tree of the page as served, for the cascade's fallback (parsed only if it falls back)."""
    source = page.source
    if source is None:
        return None
    return lambda: parse_page(source, page.url).root


def extract_article(
    page: ParsedPage,
    *,
    kind: str | None = None,
    site_chrome: re.Pattern[str] | None = None,
    extractor: str = "article",
) -> Extraction:
    """The page's article as Markdown and text; ExtractionError if it has none. A site
    extractor reading its pages this way may say what kind of page they are (`kind`, else
    it is guessed), its own post furniture (`site_chrome`, dropped where posts are read)
    and its name (`extractor`)."""
    metadata = page.metadata  # read before the tree is cleaned in place
    kind = kind or guess_page_kind(page.root, page.url)
    main = find_main_content(
        page.root,
        description=metadata.description,
        kind=kind,
        parse_again=_parse_again(page),
        site_chrome=site_chrome,
    )
    converted = html_to_markdown(main.element, page.url, heading_offset=2)
    strategy = main.strategy
    summary = _summary_instead(page, converted, profile_for(kind))
    if summary is not None:
        converted, strategy = summary, SUMMARY_STRATEGY
    if not converted.text.strip() and not converted.images:
        raise ExtractionError("no readable content on the page", page.url)
    return Extraction(
        kind="article",
        extractor=extractor,
        title=metadata.title or "",  # metadata falls back to <title>, then the first <h1>
        url=page.url,
        metadata=metadata,
        markdown=converted.markdown,
        text=converted.text,
        images=converted.images,
        strategy=strategy,
    )


def _extractor() -> SiteExtractor:

    return SiteExtractor("article", priority=0, claims=None, detect=_always, run=extract_article)


EXTRACTOR = _extractor()
