"""HTML to Markdown (and to plain text) for Texte complet.

STUB: the real converter is being written; this keeps the interface stable:

    html_to_markdown(element, base_url, heading_offset=2) -> Converted
    image_markdown(ref) -> str      the one spelling of an image in Markdown
    md(html, base_url=None, heading_offset=0) -> str   for one-liner tests
"""

from __future__ import annotations

from dataclasses import dataclass

import lxml.html
from lxml import etree

from clipper.models import ImageRef


@dataclass(frozen=True)
class Converted:
    markdown: str
    text: str
    images: tuple[ImageRef, ...]


def image_markdown(ref: ImageRef) -> str:
    """How an image is written in the Markdown before it is saved locally."""
    alt = ref.alt.replace("[", "(").replace("]", ")").replace("\n", " ")
    return f"![{alt}](<{ref.url}>)"


def html_to_markdown(
    element: lxml.html.HtmlElement, base_url: str | None = None, *, heading_offset: int = 2
) -> Converted:
    from urllib.parse import urljoin

    import markdownify

    images: list[ImageRef] = []
    for img in element.iter("img"):
        src = img.get("src")
        if src:
            images.append(ImageRef(urljoin(base_url or "", src), img.get("alt") or ""))
    html = etree.tostring(element, encoding="unicode", method="html")
    markdown = markdownify.markdownify(html, heading_style="ATX").strip()
    text = element.text_content().strip()
    return Converted(markdown=markdown, text=text, images=tuple(images))


def md(html: str, base_url: str | None = None, heading_offset: int = 0) -> str:
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    return html_to_markdown(fragment, base_url, heading_offset=heading_offset).markdown
