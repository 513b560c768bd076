"""Find a page's main content: `find_main_content(root, description=…) -> MainContent`.

This module owns the decision of *which part* of a page is the article. It is
one cascade of four stages, each a plain function over the lxml tree:

    clean    drop what is never content: scripts, forms, navigation, asides,
             footers, and elements whose role or class/id tokens name
             boilerplate (share bars, cookie banners, related posts, comments).
             The vocabulary is data, in the tables below.
    select   choose the node that holds the article:
               "hint:<kind>"   a semantic container (itemprop=articleBody, an
                               article-body class, <article>, <main>) that the
                               text-mass check confirms;
               "score"         else the best readability-style container: the
                               parent of most paragraph text, penalised for links;
               "body"          else the whole cleaned body.
    trim     drop the article's header zone: the title <h1> (the note has its
             own), what precedes it, the byline/dateline lines after it, and a
             standfirst that repeats the page's description.
    prune    inside the chosen node, drop link-dense blocks, short
             boilerplate lines ("Advertisement", "Share this article") and
             closing promotion, contact and copyright blocks.

`MainContent.strategy` records which branch won ("hint:article+prune"...), so
the benchmark and the note can say how the content was found ("+header" when
the header zone was trimmed).

The stages mutate the tree they are given: `find_main_content` works on the
page's own tree, which is safe only once no other extractor will read it
(see `clipper.extract.article`). Nothing here recurses per nesting level: every
walk is `iter()` or an explicit parent chain, so deeply nested hostile markup
cannot exhaust the Python stack. Nothing here touches the disk or the network.
"""

from __future__ import annotations

from dataclasses import dataclass

import lxml.html

from clipper.extract.clean import clean
from clipper.extract.pruning import prune, trim_header
from clipper.extract.selection import select

__all__ = ["MainContent", "find_main_content"]


@dataclass(frozen=True)
class MainContent:
    element: lxml.html.HtmlElement
    """The node whose subtree is the article (cleaned and pruned)."""
    strategy: str
    """How it was found: "hint:<kind>", "score" or "body", then "+header" when the
    header zone was trimmed and "+prune" when blocks were pruned."""


# --- The cascade -------------------------------------------------------------------


def find_main_content(root: lxml.html.HtmlElement, *, description: str | None = None) -> MainContent:
    """Clean the page's body, select its main node, prune it. Mutates `root`.
    `description` is the page's own summary (metadata), to recognise the
    standfirst that repeats it under the title."""
    body = root.find("body")
    if body is None:
        body = root
    clean(body)
    element, strategy = select(body)
    if trim_header(element, description or ""):
        strategy += "+header"
    if prune(element):
        strategy += "+prune"
    return MainContent(element, strategy)
