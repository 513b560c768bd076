"""Stage 2 of the main-content cascade: choose the node that holds the content.

"hint:<kind>"   a semantic container (itemprop=articleBody, an article-body
                class, <article>, <main>) that the text-mass check confirms;
"score"         else the best readability-style container: the parent of
                most paragraph text, penalised for links;
"body"          else the whole cleaned body.

On a thread, `take_opening_post` brings the first post, printed above the selected
replies, into the selection.
"""

from __future__ import annotations

from collections.abc import Iterator

import lxml.html
from lxml import etree

from clipper.extract.text import common_ancestor, inside_any, is_element, link_density, link_text_length, text_of
from clipper.extract.vocabulary import (
    CONTENT_TOKENS,
    HINT_XPATHS,
    MAX_WRAPPERS,
    NEGATIVE_TOKENS,
    REPEATED_GAIN,
    class_words,
    hint_matches,
)

# --- Stage 2: select ---------------------------------------------------------------


def paragraph_mass(element: lxml.html.HtmlElement) -> int:
    """Characters of non-link text in the paragraphs under `element`."""
    return ParagraphMass()(element)


class ParagraphMass:
    """`paragraph_mass` remembering each paragraph's share, for one selection on a
    tree that does not change meanwhile (the candidates nest: the same paragraphs
    were measured four times a page)."""

    def __init__(self) -> None:
        self._shares: dict[lxml.html.HtmlElement, int] = {}

    def __call__(self, element: lxml.html.HtmlElement) -> int:
        mass = 0
        for paragraph in element.iter("p", "pre", "blockquote"):
            share = self._shares.get(paragraph)
            if share is None:
                length = len(text_of(paragraph))
                share = max(length - link_text_length(paragraph), 0) if length >= 25 else 0
                self._shares[paragraph] = share
            mass += share
        return mass


def _class_weight(element: lxml.html.HtmlElement) -> int:
    attrs = class_words(element)
    if not attrs:
        return 0
    weight = 0
    if NEGATIVE_TOKENS.search(attrs):
        weight -= 25
    if CONTENT_TOKENS.search(attrs):
        weight += 25
    return weight


_TAG_BONUS = {
    "div": 5,
    "article": 10,
    "section": 3,
    "main": 5,
    "pre": 3,
    "td": 3,
    "blockquote": 3,
    "ol": -3,
    "ul": -3,
    "dl": -3,
    "li": -3,
    "dd": -3,
    "dt": -3,
    "h1": -5,
    "h2": -5,
    "h3": -5,
    "h4": -5,
    "h5": -5,
    "h6": -5,
    "th": -5,
}


def _scored_candidates(body: lxml.html.HtmlElement) -> dict[lxml.html.HtmlElement, float]:
    """Readability's scoring: each paragraph feeds its parent and, halved, its grandparent."""
    scores: dict[lxml.html.HtmlElement, float] = {}
    for paragraph in body.iter("p", "pre", "td", "blockquote"):
        text = text_of(paragraph)
        if len(text) < 25:
            continue
        points = 1 + text.count(",") + min(len(text) // 100, 3)
        parent = paragraph.getparent()
        for share, node in ((1.0, parent), (0.5, parent.getparent() if parent is not None else None)):
            if node is None or not is_element(node):
                continue
            if node not in scores:
                scores[node] = _TAG_BONUS.get(node.tag, 0) + _class_weight(node)
            scores[node] += points * share
    return {node: score * (1 - link_density(node)) for node, score in scores.items()}


def _best_scored(body: lxml.html.HtmlElement, mass_of: ParagraphMass) -> lxml.html.HtmlElement | None:
    scores = _scored_candidates(body)
    if not scores:
        return None
    best = max(scores, key=lambda node: scores[node])
    # A lone paragraph's parent is rarely the whole article: climb while the
    # parent holds clearly more paragraph text (the article split in blocks).
    mass = mass_of(best)
    node = best
    while node.getparent() is not None and node.getparent().tag not in ("body", "html"):
        parent_mass = mass_of(node.getparent())
        if parent_mass > mass * 1.25 and link_density(node.getparent()) < 0.35:
            node, mass = node.getparent(), parent_mass
        else:
            break
    return node


def _repeated_group(
    best: lxml.html.HtmlElement, matches: list[lxml.html.HtmlElement], mass_of: ParagraphMass
) -> lxml.html.HtmlElement | None:
    """When `best` is one of several like containers (posts of a thread, cards of
    a list, blocks of a split article: same tag and class), the element holding
    them all, if together they hold clearly more text than `best` alone."""
    key = (best.tag, best.get("class", ""))
    group = [match for match in matches if (match.tag, match.get("class", "")) == key]
    members = set(group)
    outermost = [match for match in group if not inside_any(match, members)]
    if len(outermost) < 2:
        return None
    masses = [mass_of(match) for match in outermost]
    if not max(masses) or sum(masses) < REPEATED_GAIN * max(masses):
        return None
    return common_ancestor(outermost)


def _hint_candidates(
    body: lxml.html.HtmlElement, mass_of: ParagraphMass
) -> Iterator[tuple[str, lxml.html.HtmlElement]]:
    for kind, xpath, pattern in HINT_XPATHS:
        matches = hint_matches(body, xpath, pattern)
        if matches:
            best = max(matches, key=mass_of)
            group = _repeated_group(best, matches, mass_of)
            yield (f"{kind}-group", group) if group is not None else (kind, best)


def _spread_over_blocks(node: lxml.html.HtmlElement, mass_of: ParagraphMass) -> lxml.html.HtmlElement | None:
    """When `node` (or the wrapper that holds only it) is one of several like
    sibling blocks that together hold clearly more text, their parent: an article
    split in blocks, a page of sections. Like: the same tag and first class word when
    `MIN_KIN_BLOCKS` of them hold paragraphs (a page builder's modules, each with its
    own node class), else the same tag and class."""
    mass = mass_of(node)
    unit, parent = _outer_wrapper(node, mass, mass_of)
    if parent is None or parent.tag == "html":
        return None
    masses = [mass_of(sibling) for sibling in _alike_blocks(unit, parent, mass_of)]
    if len(masses) < 2 or not mass or sum(masses) < REPEATED_GAIN * max(masses):
        return None
    return parent


def _outer_wrapper(
    node: lxml.html.HtmlElement, mass: int, mass_of: ParagraphMass
) -> tuple[lxml.html.HtmlElement, lxml.html.HtmlElement | None]:
    """The outermost wrapper holding only `node`'s paragraphs, and its parent."""
    unit, parent = node, node.getparent()
    for _ in range(MAX_WRAPPERS):  # bounded: each step measures a subtree
        if parent is None or parent.tag in ("body", "html") or mass_of(parent) != mass:
            break
        unit, parent = parent, parent.getparent()
    return unit, parent


def _alike_blocks(
    unit: lxml.html.HtmlElement, parent: lxml.html.HtmlElement, mass_of: ParagraphMass
) -> list[lxml.html.HtmlElement]:
    """`unit`'s like siblings: the same tag and first class word when `MIN_KIN_BLOCKS` of them
    hold paragraphs, else the same tag and class."""
    kind = _block_kind(unit)
    alike = [sibling for sibling in parent if is_element(sibling) and _block_kind(sibling) == kind]
    if sum(1 for sibling in alike if mass_of(sibling)) >= MIN_KIN_BLOCKS:
        return alike
    key = (unit.tag, unit.get("class", ""))
    return [sibling for sibling in parent if (sibling.tag, sibling.get("class", "")) == key]


MIN_KIN_BLOCKS = 3
"""Blocks holding paragraphs that siblings sharing only a first class word need to be read as
one article split in a page builder's modules (two such are a layout's columns)."""


def _block_kind(element: lxml.html.HtmlElement) -> tuple[str, str]:
    """A block's tag and first class word: the blocks of a page builder's rows share it
    ("fl-row", "elementor-section", "wp-block-group") and differ by a node's own class."""
    words = element.get("class", "").split()
    return element.tag, words[0] if words else ""


def select(body: lxml.html.HtmlElement) -> tuple[lxml.html.HtmlElement, str]:
    """The node holding the article, and the name of the rule that chose it."""
    mass_of = ParagraphMass()
    node, kind = _select_node(body, mass_of)
    spread = _spread_over_blocks(node, mass_of) if node is not body else None
    return (spread, f"{kind}+blocks") if spread is not None else (node, kind)


def _select_node(body: lxml.html.HtmlElement, mass_of: ParagraphMass) -> tuple[lxml.html.HtmlElement, str]:
    scored = _best_scored(body, mass_of)
    reference = max(mass_of(scored) if scored is not None else 0, 1)
    for kind, candidate in _hint_candidates(body, mass_of):
        if mass_of(candidate) >= 0.6 * reference:
            return candidate, f"hint:{kind}"
    if scored is not None:
        return scored, "score"
    return body, "body"


MIN_OPENING_TEXT = 100
"""Characters a block between a thread's title and its selected replies must hold to be
read as the opening post (a thread's status line, its tags, a "Sort by" bar hold fewer)."""
MAX_OPENING_LINK_DENSITY = 0.3
"""Share of such a block's text its links may hold (a list of related threads holds more)."""
SECTION_HEADING_TAGS = ("h2", "h3")
"""Headings of a summary box or a sidebar block; a poster's name is often an <h4>."""


def take_opening_post(body: lxml.html.HtmlElement, selection: lxml.html.HtmlElement) -> bool:
    """Move the opening post of a thread into `selection` when the selection is its replies
    only: the blocks of prose (`MIN_OPENING_TEXT`, `MAX_OPENING_LINK_DENSITY`, no section
    heading: a summary box has them) that come after the title `<h1>` and before the
    selection, outside both. Forum software often prints the first post in a block of its
    own above the replies' list. True if any was moved."""
    heading = next(body.iter("h1"), None)
    if heading is None or selection is body:
        return False
    above_title, above_selection = set(heading.iterancestors()), set(selection.iterancestors())
    if selection in above_title or heading in above_selection:
        return False
    beside = {selection, heading, *above_title, *above_selection}
    opening: list[lxml.html.HtmlElement] = []
    read: set[lxml.html.HtmlElement] = set()
    after_title = False
    for node in body.iter(etree.Element):
        if node is heading:
            after_title = True
            read.update(heading.iterdescendants())
        elif node is selection:
            break
        elif after_title and node not in read and node not in beside:
            read.update(node.iterdescendants())
            if _is_opening_post(node):
                opening.append(node)
    for position, node in enumerate(opening):
        selection.insert(position, node)
    return bool(opening)


def _is_opening_post(node: lxml.html.HtmlElement) -> bool:
    length = len(text_of(node))
    if length < MIN_OPENING_TEXT or link_density(node, length) >= MAX_OPENING_LINK_DENSITY:
        return False
    return next(node.iter(*SECTION_HEADING_TAGS), None) is None
