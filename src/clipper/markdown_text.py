"""The text side of the Markdown conversion: the `(markdown, text)` result of a piece,
the tag families, page text escaped so that it stays literal in Obsidian, and chunks
joined with the blank lines Markdown needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

Result = tuple[str, str]
"""(markdown, text) of one piece of content."""

EMPTY: Result = ("", "")

_DROPPED = frozenset(
    "script style noscript template iframe object embed input select textarea button "
    "svg canvas head title meta link base audio video map area datalist option optgroup "
    "frame frameset applet param source track dialog-polyfill".split()
)
_BLOCK_TAGS = frozenset(
    "p div section article main header footer nav aside address center fieldset legend "
    "hgroup form figure search body html details table thead tbody tfoot tr td th caption "
    "dl dd ul ol menu li blockquote".split()
)
_LIST_TAGS = frozenset(("ul", "ol", "menu"))

_SPECIAL = re.compile(r"[\\`*_\[\]<&$%{=~#^]")
_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~]|$)")
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
_HTML_START = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_TAG = re.compile(r"(?<!\S)#(?=[\w/-])")
_BLOCK_ID = re.compile(r"\^(?=[\w-]+$)")
_LINE_START = re.compile(r" ?(?:\d{1,9}(?=[.)](?: |$))|(?=[-+](?: |$)|>|#(?: |#|$)|-+ ?$|=+ ?$))")
_SENTINEL = "\x00"
"""Marks, in escaped text, where a backslash is due if the spot starts a line.
lxml text can never contain NUL, so the mark cannot come from the page."""
_SENTINEL_AT_LINE_START = re.compile(r"(?m)^( *(?:(?:>|[-+*]|\d{1,9}[.)]) +)*\d{0,9})\x00")
_BACKTICKS = re.compile(r"`+")
_INDENTABLE = re.compile(r"\n(?=[^\n])")
_WHITESPACE = re.compile(r"\s+")


def escape_text(text: str) -> str:
    """Escape collapsed page text so Markdown and Obsidian show it literally.

    Where the text would start a block construct if it opened a line ("1. ",
    "# ", "- "), a mark is left: `resolve_line_starts` on the finished Markdown
    turns it into a backslash at a line start and drops it elsewhere."""
    if _SPECIAL.search(text):
        text = _escape_inline(text)
    match = _LINE_START.match(text)
    if match:
        cut = match.end()
        text = text[:cut] + _SENTINEL + text[cut:]
    return text


def _escape_inline(text: str) -> str:
    if "\\" in text:
        text = _BACKSLASH.sub(r"\\\\", text)
    for char in "*`[]$":
        if char in text:
            text = text.replace(char, "\\" + char)
    for pair in ("%%", "==", "~~", "{{"):
        if pair in text:
            text = text.replace(pair, f"\\{pair[0]}\\{pair[1]}")
    if "_" in text:
        text = _UNDERSCORE.sub(r"\\_", text)
    if "<" in text:
        text = _HTML_START.sub(r"\\<", text)
    if "&" in text:
        text = _ENTITY.sub(r"\\&", text)
    if "#" in text:
        text = _TAG.sub(r"\\#", text)
    if "^" in text:
        text = _BLOCK_ID.sub(r"\\^", text)
    return text


def resolve_line_starts(markdown: str) -> str:
    """Turn sentinels that start a line into backslashes; drop the others."""
    if _SENTINEL not in markdown:
        return markdown
    return _SENTINEL_AT_LINE_START.sub(r"\1\\", markdown).replace(_SENTINEL, "")


def join_chunks(chunks: Iterable[str]) -> str:
    """Concatenate converted pieces like a browser lays them out.

    Whitespace at the seams collapses: spaces into one space, block breaks
    into at most one blank line, spaces next to a break vanish. A chunk that is
    exactly "\\n" (a `<br>`) adds a line break. The result keeps one normalised
    leading and trailing separator so parents can move it outside markers.
    """
    out: list[str] = []
    newlines = 0
    space = False
    for chunk in chunks:
        if not chunk:
            continue
        if chunk[0] not in " \n" and chunk[-1] not in " \n":
            out.append(_separator(newlines, space))
            newlines, space = 0, False
            out.append(chunk)
            continue
        body = chunk.strip(" \n")
        if not body:
            if chunk == "\n":
                newlines += 1
            elif "\n" in chunk:
                newlines = max(newlines, chunk.count("\n"))
            else:
                space = True
            continue
        start = len(chunk) - len(chunk.lstrip(" \n"))
        if start:
            leading = chunk.count("\n", 0, start)
            if leading:
                newlines = max(newlines, leading)
            else:
                space = True
        out.append(_separator(newlines, space))
        out.append(body)
        trailing = chunk.count("\n", start + len(body))
        newlines = trailing
        space = not trailing and len(chunk) > start + len(body)
    out.append(_separator(newlines, space))
    return "".join(out)


def _separator(newlines: int, space: bool) -> str:
    """What separates two pieces: a line break or a blank line at most, else one space or nothing."""
    if newlines:
        return "\n" * min(newlines, 2)
    return " " if space else ""


def split_whitespace(content: str) -> tuple[str, str, str]:
    """(leading separator, body, trailing separator) of joined content."""
    body = content.strip(" \n")
    if len(body) == len(content):
        return "", content, ""
    start = len(content) - len(content.lstrip(" \n"))
    return content[:start], body, content[start + len(body) :]


def block(content: str, separator: str = "\n\n") -> str:
    """Content as a block of its own: `separator` on both sides, or nothing."""
    body = content.strip(" \n")
    return f"{separator}{body}{separator}" if body else ""


def indent(content: str, width: int) -> str:
    """Indent every non-empty line after the first by `width` spaces."""
    if "\n" not in content:
        return content
    return _INDENTABLE.sub("\n" + " " * width, content)


def collapse(text: str | None) -> str:
    """Whitespace collapsed to single spaces and trimmed; None gives ""."""
    return " ".join(text.split()) if text else ""


def verbatim_text(element: etree._Element) -> str:
    """The text of `element` as written (for `<pre>`), `<br>` as a newline."""
    parts: list[str] = []
    walker = etree.iterwalk(element, events=("start", "end", "comment"))
    for event, node in walker:
        if event == "start":
            if node.tag == "br":
                parts.append("\n")
            elif node.tag in ("script", "style") and node is not element:
                walker.skip_subtree()
            elif node.text:
                parts.append(node.text)
        elif node is not element and node.tail:
            parts.append(node.tail)
    return "".join(parts).replace("\xa0", " ")


def code_fence(code: str, minimum: int) -> str:
    """A backtick fence longer than any backtick run inside `code`."""
    longest = max((len(run) for run in _BACKTICKS.findall(code)), default=0)
    return "`" * max(minimum, longest + 1)
