"""Tables in the Markdown conversion: GFM pipe tables, or cleaned one-line HTML when a
cell spans or holds blocks Markdown cannot put in a cell.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape as html_escape
from typing import TYPE_CHECKING

from lxml import etree

from clipper.markdown_links import image_html
from clipper.markdown_text import (
    _BLOCK_TAGS,
    _DROPPED,
    _WHITESPACE,
    EMPTY,
    Result,
    block,
    collapse,
)
from clipper.models import ImageRef

_CELL_BLOCKERS = ("table", "ul", "ol", "pre", "dl", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6")
_HTML_TABLE_TAGS = frozenset(
    "table thead tbody tfoot tr td th caption p br ul ol li dl dt dd b strong i em code "
    "pre a sub sup del s mark small blockquote hr h1 h2 h3 h4 h5 h6 kbd".split()
)
_HTML_VOID = frozenset(("br", "hr", "img"))


class TableConversion:
    """The table methods of `MarkdownConverter`."""

    if TYPE_CHECKING:  # provided by MarkdownConverter
        images: list[ImageRef]

        def walk(self, root: etree._Element) -> Result: ...

        @staticmethod
        def _tag_of(element: etree._Element) -> str | None: ...

        def link_url(self, href: str | None) -> str | None: ...

        def image_ref(self, img: etree._Element, picture: etree._Element | None = None) -> ImageRef | None: ...

    def visit_table(self, element: etree._Element) -> Result | None:
        rows = list(table_rows(element))
        cells = [[cell for cell in row if _is_content_cell(cell)] for row in rows]
        if sum(len(row) for row in cells) <= 1:
            return None
        if any(_is_complex_cell(cell) for row in cells for cell in row):
            return self.html_table(element)
        return self.pipe_table(element, rows, cells)

    # -- tables

    def pipe_table(
        self, table: etree._Element, rows: list[etree._Element], cells: list[list[etree._Element]]
    ) -> Result:
        converted = [[self._cell(cell) for cell in row] for row in cells]
        header = _header_index(rows, cells)
        if header:
            converted.insert(0, converted.pop(header))
        converted = [row for row in converted if row] or [[("", "")]]
        width = max(len(row) for row in converted)
        lines = [_pipe_row([md for md, _ in row], width) for row in converted]
        lines.insert(1, _pipe_row(["---"] * width, width))
        texts = ["\t".join(text for _, text in row) for row in converted]
        caption = self._caption(table)
        return (
            f"{caption[0]}\n\n" + "\n".join(lines) + "\n\n",
            f"{caption[1]}\n\n" + "\n".join(texts) + "\n\n",
        )

    def _caption(self, table: etree._Element) -> Result:
        caption = next((child for child in table if child.tag == "caption"), None)
        if caption is None:
            return EMPTY
        markdown, text = self.walk(caption)
        return block(markdown), block(text)

    def _cell(self, cell: etree._Element) -> Result:
        markdown, text = self.walk(cell)
        lines = [line.strip() for line in markdown.split("\n") if line.strip()]
        return "<br>".join(lines).replace("|", "\\|"), collapse(text)

    def html_table(self, table: etree._Element) -> Result:
        """A table Markdown cannot express, as cleaned HTML on one line."""
        html: list[str] = []
        text: list[str] = []
        in_pre = 0
        walker = etree.iterwalk(table, events=("start", "end", "comment"))
        for event, node in walker:
            tag = self._tag_of(node) if event != "comment" else None
            if event == "start":
                if tag in _DROPPED or tag in ("picture", "img"):
                    walker.skip_subtree()
                    if tag in ("picture", "img"):
                        self._html_image(node, tag, html)
                    continue
                in_pre += tag == "pre"
                self._html_open(node, tag, html, text)
                if node.text:
                    self._html_text(node.text, in_pre, html, text)
            else:
                if event == "end" and tag not in _DROPPED and tag not in ("picture", "img"):
                    in_pre -= tag == "pre"
                    self._html_close(tag, html, text)
                if node is not table and node.tail:
                    self._html_text(node.tail, in_pre, html, text)
        return f"\n\n{''.join(html)}\n\n", f"\n\n{_table_text(text)}\n\n"

    def _html_close(self, tag: str | None, html: list[str], text: list[str]) -> None:
        if tag in _HTML_TABLE_TAGS and tag not in _HTML_VOID:
            html.append(f"</{tag}>")
        if tag in _BLOCK_TAGS or tag in ("pre", "br"):
            text.append("\n")

    def _html_open(self, node: etree._Element, tag: str | None, html: list[str], text: list[str]) -> None:
        if tag in ("td", "th"):
            text.append("\t")
        elif tag in _BLOCK_TAGS or tag == "br":
            text.append("\n")
        if tag not in _HTML_TABLE_TAGS:
            return
        attributes = ""
        for name in ("colspan", "rowspan"):
            value = (node.get(name) or "").strip()
            if value.isdigit() and value != "1":
                attributes += f' {name}="{value}"'
        if tag == "a":
            url = self.link_url(node.get("href"))
            if url:
                attributes += f' href="{html_escape(url)}"'
        html.append(f"<{tag}{attributes}>")

    def _html_text(self, raw: str, in_pre: int, html: list[str], text: list[str]) -> None:
        if in_pre:
            html.append(html_escape(raw, quote=False).replace("\n", "&#10;"))
        else:
            html.append(html_escape(_WHITESPACE.sub(" ", raw), quote=False))
        text.append(raw)

    def _html_image(self, node: etree._Element, tag: str, html: list[str]) -> None:
        img = node if tag == "img" else next(node.iter("img"), None)
        if img is None:
            return
        ref = self.image_ref(img, picture=node if tag == "picture" else None)
        if ref is not None:
            self.images.append(ref)
            html.append(image_html(ref))


def _table_text(pieces: list[str]) -> str:
    """The plain text of a table kept as HTML: a line per row, cells apart by tabs."""
    lines = ("\t".join(collapse(cell) for cell in line.split("\t")) for line in "".join(pieces).split("\n"))
    return "\n".join(line.strip("\t") for line in lines if line.strip())


def table_rows(table: etree._Element) -> Iterable[etree._Element]:
    for child in table:
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (row for row in child if row.tag == "tr")


def _is_content_cell(cell: etree._Element) -> bool:
    """A td or th that is not a code block's line-number gutter."""
    if cell.tag not in ("td", "th"):
        return False
    classes = (cell.get("class") or "").split()
    return "linenos" not in classes and "gutter" not in classes


def _is_complex_cell(cell: etree._Element) -> bool:
    for name in ("colspan", "rowspan"):
        value = (cell.get(name) or "1").strip()
        if value not in ("1", "", "0"):
            return True
    return next(cell.iter(*_CELL_BLOCKERS), None) is not None


def _header_index(rows: list[etree._Element], cells: list[list[etree._Element]]) -> int:
    for index, row in enumerate(rows):
        parent = row.getparent()
        if (parent is not None and parent.tag == "thead") or any(c.tag == "th" for c in cells[index]):
            return index
    return 0


def _pipe_row(cells: list[str], width: int) -> str:
    padded = cells + [""] * (width - len(cells))
    return "|" + "|".join(f" {cell} " if cell else " " for cell in padded) + "|"
