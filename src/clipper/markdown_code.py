"""Code and math in the Markdown conversion: fenced code with its language, inline code,
TeX from MathML, KaTeX and MathJax as Obsidian `$…$` math.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import cast

from lxml import etree

from clipper.markdown_text import (
    EMPTY,
    Result,
    code_fence,
    collapse,
    escape_text,
    verbatim_text,
)

_MATHJAX_RENDERED = frozenset(
    "MathJax_Preview MathJax MathJax_Display MathJax_SVG MathJax_SVG_Display "
    "MathJax_CHTML MathJax_PHTML MJX_Assistive_MathML".split()
)
_CODE_LANGUAGE = re.compile(r"(?:^|\s)(?:language|lang|highlight-source|highlight)-([\w+#.-]+)|brush:\s*([\w+#-]+)")


class CodeConversion:
    """The `visit_<tag>` methods of `MarkdownConverter` for code and math."""

    def visit_pre(self, element: etree._Element) -> Result:
        lines = [line.rstrip() for line in verbatim_text(element).split("\n")]
        code = "\n".join(lines).strip("\n")
        if not code.strip():
            return EMPTY
        fence = code_fence(code, 3)
        language = code_language(element)
        return f"\n\n{fence}{language}\n{code}\n{fence}\n\n", f"\n\n{code}\n\n"

    def visit_code(self, element: etree._Element) -> Result:
        raw = "".join(cast("Iterator[str]", element.itertext()))  # str from HTML
        content = collapse(raw)
        if not content:
            return (" ", " ") if raw else EMPTY
        fence = code_fence(content, 1)
        pad = " " if content[0] == "`" or content[-1] == "`" else ""
        lead = " " if raw[0].isspace() else ""
        trail = " " if raw[-1].isspace() else ""
        return f"{lead}{fence}{pad}{content}{pad}{fence}{trail}", f"{lead}{content}{trail}"

    visit_kbd = visit_samp = visit_tt = visit_code

    def visit_script(self, element: etree._Element) -> Result:
        kind = (element.get("type") or "").lower()
        if not kind.startswith("math/tex"):
            return EMPTY
        return math_result(element.text or "", display="mode=display" in kind)

    def visit_math(self, element: etree._Element) -> Result:
        tex = tex_annotation(element)
        if tex is not None:
            return math_result(tex, display=element.get("display") == "block")
        pieces = cast("Iterator[str]", element.itertext())  # str from HTML
        words = " ".join(piece.strip() for piece in pieces if piece.strip())
        return escape_text(words), words

    def _visit_by_class(self, element: etree._Element, classes: list[str]) -> Result | None:
        """Elements known by their class: KaTeX, rendered MathJax, code line numbers."""
        if "katex" in classes:
            tex = tex_annotation(element)
            if tex is None:
                return None
            parent = element.getparent()
            parent_classes = (parent.get("class") or "") if parent is not None else ""
            return math_result(tex, display="katex-display" in parent_classes)
        if "linenos" in classes or "gutter" in classes or any(name in _MATHJAX_RENDERED for name in classes):
            return EMPTY
        return None


def code_language(pre: etree._Element) -> str:
    """The language a code block declares on itself, its `<code>` or its wrappers."""
    code = next((child for child in pre if child.tag == "code"), None)
    parent = pre.getparent()
    grandparent = parent.getparent() if parent is not None else None
    for element in (pre, code, parent, grandparent):
        if element is None:
            continue
        declared = element.get("data-lang") or element.get("data-language")
        if declared and declared.strip().replace("-", "").isalnum():
            return declared.strip().lower()
        match = _CODE_LANGUAGE.search(element.get("class") or "")
        if match:
            return (match.group(1) or match.group(2)).lower()
    return ""


def tex_annotation(element: etree._Element) -> str | None:
    for node in element.iter():
        tag = node.tag
        if isinstance(tag, str) and tag.rpartition("}")[2] == "annotation":
            if (node.get("encoding") or "").lower() == "application/x-tex":
                return node.text or ""
    return None


def math_result(tex: str, *, display: bool) -> Result:
    """TeX as Obsidian math: `$…$` inline, `$$…$$` on its own for display."""
    if display:
        lines = [line.strip() for line in tex.strip().split("\n") if line.strip()]
        if not lines:
            return EMPTY
        source = "\n".join(lines)
        body = f"$$\n{source}\n$$" if len(lines) > 1 else f"$${source}$$"
        return f"\n\n{body}\n\n", f"\n\n{source}\n\n"
    source = collapse(tex)
    if not source:
        return EMPTY
    return f"${source}$", source
