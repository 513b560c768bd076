"""Block finishers of the Markdown conversion: headings shifted below the note's own,
quotes, bulleted and numbered lists, definition lists, summaries and captions.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

from clipper.markdown_text import (
    _LIST_TAGS,
    EMPTY,
    Result,
    block,
    collapse,
    indent,
)

_CLOSING_HASHES = re.compile(r"(?<= )(#+)$")


class BlockConversion:
    """The `convert_<tag>` methods of `MarkdownConverter` for blocks."""

    if TYPE_CHECKING:  # provided by MarkdownConverter
        heading_offset: int

        def _emphasis(self, marker: str, markdown: str) -> str: ...

    def convert_block(self, element: etree._Element, markdown: str, text: str) -> Result:
        return block(markdown), block(text)

    def _heading(self, level: int, markdown: str, text: str) -> Result:
        body = collapse(markdown)
        if not body:
            return EMPTY
        hashes = "#" * max(1, min(6, level + self.heading_offset))
        body = _CLOSING_HASHES.sub(r"\\\1", body)
        return f"\n\n{hashes} {body}\n\n", block(collapse(text))

    def convert_h1(self, element: etree._Element, markdown: str, text: str) -> Result:
        return self._heading(1, markdown, text)

    def convert_h2(self, element: etree._Element, markdown: str, text: str) -> Result:
        return self._heading(2, markdown, text)

    def convert_h3(self, element: etree._Element, markdown: str, text: str) -> Result:
        return self._heading(3, markdown, text)

    def convert_h4(self, element: etree._Element, markdown: str, text: str) -> Result:
        return self._heading(4, markdown, text)

    def convert_h5(self, element: etree._Element, markdown: str, text: str) -> Result:
        return self._heading(5, markdown, text)

    def convert_h6(self, element: etree._Element, markdown: str, text: str) -> Result:
        return self._heading(6, markdown, text)

    def convert_blockquote(self, element: etree._Element, markdown: str, text: str) -> Result:
        body = markdown.strip(" \n")
        if not body:
            return EMPTY
        quoted = "\n".join(f"> {line}" if line else ">" for line in body.split("\n"))
        return f"\n\n{quoted}\n\n", block(text)

    def convert_li(self, element: etree._Element, markdown: str, text: str) -> Result:
        markdown, text = markdown.strip(" \n"), text.strip(" \n")
        parent = element.getparent()
        if parent is not None and parent.tag in _LIST_TAGS:
            return markdown, text
        return block("- " + indent(markdown, 2) if markdown else ""), block(text)

    def _finish_list(self, element: etree._Element, parts: list[tuple[str, str, str]]) -> Result:
        items: list[list[str]] = []
        for kind, markdown, text in parts:
            markdown, text = markdown.strip(" \n"), text.strip(" \n")
            if not markdown and not text:
                continue
            if kind == "li" or not items:
                items.append([markdown, text])
            else:
                glue = "\n" if kind in _LIST_TAGS else "\n\n"
                items[-1] = [items[-1][0] + glue + markdown, items[-1][1] + "\n" + text]
        if not items:
            return EMPTY
        first = _list_start(element)
        lines = []
        for number, (markdown, _) in enumerate(items, first):
            marker = f"{number}. " if element.tag == "ol" else "- "
            lines.append((marker + indent(markdown, len(marker))).rstrip(" "))
        parent = element.getparent()
        separator = "\n" if parent is not None and parent.tag == "li" else "\n\n"
        texts = "\n".join(text for _, text in items)
        return f"{separator}{chr(10).join(lines)}{separator}", f"{separator}{texts}{separator}"

    def convert_dd(self, element: etree._Element, markdown: str, text: str) -> Result:
        body = markdown.strip(" \n")
        return (f"\n: {indent(body, 2)}\n" if body else ""), block(text, "\n")

    def convert_dt(self, element: etree._Element, markdown: str, text: str) -> Result:
        return block(self._emphasis("**", markdown), "\n"), block(text, "\n")

    def convert_summary(self, element: etree._Element, markdown: str, text: str) -> Result:
        return block(self._emphasis("**", markdown)), block(text)

    def convert_figcaption(self, element: etree._Element, markdown: str, text: str) -> Result:
        return block(self._emphasis("*", markdown)), block(text)


def _list_start(element: etree._Element) -> int:
    try:
        return int(element.get("start") or 1)
    except ValueError:
        return 1
