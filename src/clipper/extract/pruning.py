"""Stages 3 and 4 of the main-content cascade, inside the chosen node.

trim_header  the title <h1> (the note has its own), what precedes it, the
             byline/dateline lines after it, and a standfirst that repeats
             the page's description;
prune        link-dense blocks, teaser lists, loose captions, short
             boilerplate lines and closing promotion/copyright blocks.
"""

from __future__ import annotations

import re
from functools import lru_cache

import lxml.html
from lxml import etree

from clipper.extract.author_box import author_boxes
from clipper.extract.text import drop_all, elements, inside_any, is_element, link_density, link_text_length, text_of
from clipper.extract.vocabulary import (
    BOILERPLATE_LINE,
    CAPTION_TOKENS,
    CARD_LIST_SHARE,
    DATE_SHAPE,
    DATE_WORDS,
    HEADER_STOP_TAGS,
    HEADING_TAGS,
    KEEP_TAGS,
    MAX_HEADER_TEXT,
    MAX_PROMO_TEXT,
    PLACEHOLDER,
    PROMO_LINE,
    RELATED_HEADING,
    STANDFIRST_TOKENS,
    VERBATIM_TAGS,
    class_words,
)

# --- Stage 3: prune ----------------------------------------------------------------


def _holds_content_object(element: lxml.html.HtmlElement) -> bool:
    return element.tag in KEEP_TAGS or any(True for _ in element.iter(*KEEP_TAGS))


def _is_link_cluster(element: lxml.html.HtmlElement, text: str, lone_links: bool = True) -> bool:
    """A list or block that is mostly links: a menu, tag cloud or 'more stories'
    (`text`: the element's, as `text_of` gives it)."""
    if element.tag not in ("div", "section", "ul", "ol", "dl", "table", "p"):
        return False
    length = len(text)
    if length == 0:
        return False
    density = link_density(element, length)
    if not lone_links and density > 0.5 and _link_count(element) < MIN_CLUSTER_LINKS:
        return False
    if element.tag in ("ul", "ol", "dl", "div", "section"):
        return density > 0.5 and (length < 800 or density > 0.8)
    return density > 0.8 and length < 200


def _items_have_prose(element: lxml.html.HtmlElement) -> bool:
    """Whether most of a list's items hold words of their own beside their links (a label,
    a sentence around a link: "Official website: Park Hyatt"), as a menu's items do not."""
    if element.tag not in ("ul", "ol"):
        return False
    items = [item for item in element if item.tag == "li"]
    if len(items) < 2:
        return False
    worded = sum(1 for item in items if len(text_of(item)) - link_text_length(item) >= MIN_ITEM_WORDS)
    return worded * 2 > len(items)


MIN_ITEM_WORDS = 15
"""Characters of non-link text that make a list item's words its own."""


MIN_CLUSTER_LINKS = 2
"""Links a block needs to be a cluster of them when lone links are no clusters (`prune`'s
`lone_links=False`): one link alone is then a card's title, not a menu."""


def _is_loose_caption(element: lxml.html.HtmlElement) -> bool:
    """A photo caption or credit outside a <figcaption>; one that is or holds a heading
    is a card's text (a product's "caption": its title, blurb and price), not a caption."""
    named = element.tag != "figcaption" and CAPTION_TOKENS.search(class_words(element)) is not None
    return named and element.find(".//img") is None and not any(True for _ in element.iter(*HEADING_TAGS))


def _is_teaser_list(element: lxml.html.HtmlElement) -> bool:
    """A block of linked headlines ("more stories" cards): two or more headings
    whose words are all link text, in a block that is largely links."""
    if element.tag not in ("div", "section", "ul", "ol"):
        return False
    linked_headings = 0
    for heading in element.iter(*SECTION_HEADINGS):
        length = len(text_of(heading))
        inside_link = any(ancestor.tag == "a" for ancestor in heading.iterancestors())
        if length and (inside_link or link_text_length(heading) >= length):
            linked_headings += 1
    return linked_headings >= 2 and link_density(element) > 0.4


def _is_dateline(text: str) -> bool:
    """Date words and digits only, shaped like a date: a date word, or `DATE_SHAPE` (four
    digits in a row, a numeric date, a time). Digits without these are the page's own
    text ("$49.99", "4.5 (22K)", "1.0.0", "5.1.2."); any run of four digits counts as a
    year, so "$1299", "12345" or "(1024)" alone is taken for a dateline too."""
    rest = DATE_WORDS.sub("", text)
    if not any(char.isdigit() for char in text) or any(char.isalpha() for char in rest):
        return False
    return rest != text or DATE_SHAPE.search(text) is not None


def _is_boilerplate_line(element: lxml.html.HtmlElement, text: str, datelines: bool = True) -> bool:
    if element.tag not in ("p", "div", "span", *SECTION_HEADINGS, "li", "strong", "em", "a", "time", "figcaption"):
        return False
    if PLACEHOLDER.match(text):  # a template's "Lorem ipsum…", whatever its length, not real cards beside it
        blocks = [text_of(child) for child in element.iterchildren("p", "div", "li")]
        return all(PLACEHOLDER.match(block) for block in blocks if block)
    if len(text) < 80 and _says_boilerplate(text, datelines):
        return not _heads_content(element)
    return element.tag in ("p", "div") and len(text) < MAX_PROMO_TEXT and _says_promotion(text)


SECTION_HEADINGS = HEADING_TAGS[1:]
"""The headings of a page's sections (h2 to h6; the <h1> is the title)."""


def _heads_content(element: lxml.html.HtmlElement) -> bool:
    """A section heading followed by its own text, not by links or another heading: a
    documentation page's "Filters", "Sort", "Compare" sections, not a list's controls."""
    following = element.getnext() if element.tag in SECTION_HEADINGS else None
    if following is None or following.tag in HEADING_TAGS or not text_of(following):
        return False
    return link_density(following) < 0.5


@lru_cache(maxsize=8192)
def _says_boilerplate(text: str, datelines: bool = True) -> bool:
    """A short line that is chrome whatever its markup, or (`datelines`) a dateline.
    Remembered, like `_says_promotion`: nested wrappers repeat the text of the line
    they hold, and every element of the selection is asked."""
    return BOILERPLATE_LINE.match(text) is not None or datelines and _is_dateline(text)


@lru_cache(maxsize=8192)
def _says_promotion(text: str) -> bool:
    """A promotion or contact line closing an article (see `PROMO_LINE`)."""
    return PROMO_LINE.search(text) is not None


def _related_sections(
    main: lxml.html.HtmlElement, texts: dict[lxml.html.HtmlElement, str]
) -> list[lxml.html.HtmlElement]:
    """Headings announcing other articles, with the link list that follows them
    (`texts`: what `text_of` gives of the elements of `main`, measured already)."""
    doomed: list[lxml.html.HtmlElement] = []
    for heading in main.iter(*SECTION_HEADINGS, "p", "div"):
        if heading.tag in ("p", "div") and len(heading) > 2:
            continue
        text = texts[heading] if heading in texts else text_of(heading)
        if len(text) >= 60 or not RELATED_HEADING.match(text):
            continue
        doomed.append(heading)
        following = heading.getnext()
        if following is not None and following.tag in ("ul", "ol", "div") and link_density(following) > 0.5:
            doomed.append(following)
    return doomed


def _preceding_in_document(element: lxml.html.HtmlElement, stop: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Every subtree before `element` in document order, within `stop` (not ancestors)."""
    before: list[lxml.html.HtmlElement] = []
    node = element
    while node is not None and node is not stop:
        before.extend(node.itersiblings(preceding=True))
        node = node.getparent()
    return before


def _title_heading(main: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    for heading in main.iter("h1"):
        return heading
    return None


def _words(text: str | None) -> str:
    return " ".join(re.findall(r"\w+", (text or "").lower()))


def _is_standfirst(element: lxml.html.HtmlElement, description: str) -> bool:
    """The standfirst under the title: a heading, or a block named for it, that
    says what the page's description says (the note keeps it as `description`).
    A plain paragraph equal to the description is the article's first one."""
    if not description or element.tag in KEEP_TAGS:
        return False
    if element.tag not in SECTION_HEADINGS and not STANDFIRST_TOKENS.search(class_words(element)):
        return False
    text = _words(element.text_content())
    return len(text) >= 20 and (text in description or description in text)


def _header_lines_after(
    heading: lxml.html.HtmlElement, main: lxml.html.HtmlElement, description: str = ""
) -> list[lxml.html.HtmlElement]:
    """Short text blocks between the title and the first real paragraph:
    kicker, byline, dateline, "Updated" stamps, and the standfirst when it
    repeats the page's description."""
    doomed: list[lxml.html.HtmlElement] = []
    budget = MAX_HEADER_TEXT
    started = False
    for element in main.iter(etree.Element):
        if element is heading:
            started = True
            continue
        if not started or inside_any(element, {heading}) or inside_any(element, set(doomed)):
            continue
        if _is_standfirst(element, description):
            doomed.append(element)
            continue
        if element.tag in HEADER_STOP_TAGS or (element.tag == "p" and len(text_of(element)) >= 60):
            break
        if element.tag in KEEP_TAGS or not _has_own_text(element):
            continue
        length = len(text_of(element))
        if length >= 100 or length > budget:
            break
        budget -= length
        doomed.append(element)
    return doomed


MIN_TEXT_LEFT = 20
"""Characters the article must keep after its header zone goes; a page of a few
short lines (a notice, a one-line post) has no byline to trim."""


def _has_own_text(element: lxml.html.HtmlElement) -> bool:
    if element.text and element.text.strip():
        return True
    return any(child.tail and child.tail.strip() for child in element)


def trim_header(main: lxml.html.HtmlElement, description: str = "", *, bylines: bool = True) -> bool:
    """Drop the article's header zone: what precedes the title heading, the
    title itself (the note has it already), and (`bylines`) the byline lines
    after it: a thread keeps its first post's author line.

    Only when the title sits near the top of `main`, so a page whose <h1> comes
    late (a section name above a feed) keeps its text. Images stay."""
    heading = _title_heading(main)
    if heading is None:
        return False
    before = [node for node in _preceding_in_document(heading, main) if is_element(node)]
    if sum(len(text_of(node)) for node in before) > MAX_HEADER_TEXT:
        return False
    doomed = [node for node in before if not _holds_content_object(node)]
    after = _header_lines_after(heading, main, _words(description)) if bylines else []
    dropped = sum(len(text_of(node)) for node in (heading, *before, *after))
    if len(text_of(main)) - dropped >= MIN_TEXT_LEFT:  # else the "header" lines are the article
        doomed += after
    doomed.append(heading)
    drop_all(doomed)
    return True


def _is_link_block(element: lxml.html.HtmlElement, text: str, lone_links: bool = True) -> bool:
    """A block pruned for its links: teaser list or link cluster."""
    if _is_teaser_list(element):
        return True
    return _is_link_cluster(element, text, lone_links) and not _holds_content_object(element)


def _is_line_chrome(element: lxml.html.HtmlElement, text: str, datelines: bool = True) -> bool:
    """A block pruned for what it says: loose caption or boilerplate line (a dateline
    among them only with `datelines`)."""
    if _is_loose_caption(element):
        return True
    return _is_boilerplate_line(element, text, datelines) and not _holds_content_object(element)


def _is_chrome_alone(element: lxml.html.HtmlElement, text: str) -> bool:
    """A boilerplate line that is most of `main` ("Skip navigation links"): a shell's only text."""
    return len(text) < MAX_ALONE_TEXT and _is_boilerplate_line(element, text) and not _holds_content_object(element)


MAX_ALONE_TEXT = 80
"""Characters of a boilerplate line that goes even when it is most of the selection."""


def _text_lengths(nodes: list[lxml.html.HtmlElement]) -> int:
    members = set(nodes)
    return sum(len(text_of(node)) for node in nodes if not inside_any(node, members))


MIN_MENU_LINKS = 4
"""Links a block above the title needs to be read as a menu past the link budget."""


def _link_count(element: lxml.html.HtmlElement) -> int:
    return sum(1 for link in element.iter("a") if text_of(link))


def _before_title(main: lxml.html.HtmlElement, blocks: list[lxml.html.HtmlElement]) -> list[lxml.html.HtmlElement]:
    """The blocks of four links or more that come before the title heading in
    document order (and do not hold it): a shop's menus and filters above the list. A list that is the
    content comes after its title; a page without an <h1> keeps every block."""
    heading = _title_heading(main)
    if heading is None or not blocks:
        return []
    ancestors = set(heading.iterancestors())
    before: list[lxml.html.HtmlElement] = []
    members = set(blocks)
    for element in main.iter(etree.Element):
        if element is heading:
            break
        if element in members and element not in ancestors and _link_count(element) >= MIN_MENU_LINKS:
            before.append(element)
    return before


def _is_card_list(links: list[lxml.html.HtmlElement], length: int) -> bool:
    """Whether the teaser lists among the link blocks hold `CARD_LIST_SHARE` of the
    selection: cards with linked titles are then the list the page is (a recipe
    index, a shop's category read as an article), not teasers beside an article."""
    teasers = [element for element in links if _is_teaser_list(element)]
    return bool(teasers) and _text_lengths(teasers) > CARD_LIST_SHARE * length


def _inside_verbatim(main: lxml.html.HtmlElement) -> set[lxml.html.HtmlElement]:
    """The elements inside code (`VERBATIM_TAGS`): a highlighter's token spans (a number
    alone, a linked type name) are the author's text, never a dateline or a link cluster."""
    return {node for block in main.iter(*VERBATIM_TAGS) for node in block.iterdescendants(etree.Element)}


def _repeated_lines(main: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The short lines that say again, word for word, the line printed just before them (a
    product's name over its gallery and again as its title, a price printed for the sale and
    the regular layout): the elements holding text of their own, in document order, less the
    cells of tables and code, which repeat on purpose."""
    repeated: list[lxml.html.HtmlElement] = []
    previous = ""
    skip = {node for block in main.iter("table", *VERBATIM_TAGS) for node in block.iter(etree.Element)}
    for element in main.iter(etree.Element):
        if element is main or element in skip or not _has_own_text(element):
            continue
        line = " ".join(text_of(element).split()).casefold()
        if line == previous and len(line) < MAX_REPEATED_LINE:
            repeated.append(element)
        previous = line
    return repeated


MAX_REPEATED_LINE = 80
"""Characters of a line that, printed twice in a row, is read once (a name or a price, not a paragraph)."""


def prune(
    main: lxml.html.HtmlElement,
    link_budget: float = 1.0,
    *,
    lone_links: bool = True,
    datelines: bool = True,
    repeated_lines: bool = False,
) -> bool:
    """Drop link clusters, teaser lists, loose captions and boilerplate lines inside `main`;
    never a block holding half of it. The link blocks go only while together they hold at
    most `link_budget` of its text: past that, the links are the content (a headline list, a
    resource list, a category index), except those above the title heading: menus and
    filters. A link list whose items have words of their own (`_items_have_prose`) is spared,
    and counts towards the budget all the same. Whatever the budget, teaser lists (cards with
    linked titles) holding most of `main` are the content too (`_is_card_list`). Without
    `datelines`, a line that is only a date stays (a thread's post dates). True if anything went."""
    texts = {main: text_of(main)}  # each element measured once: nothing is dropped before the end
    length = len(texts[main])
    ceiling = length / 2
    lines: list[lxml.html.HtmlElement] = []
    links: list[lxml.html.HtmlElement] = []
    worded: list[lxml.html.HtmlElement] = []  # link lists whose items have words of their own: spared
    verbatim = _inside_verbatim(main)
    for element in elements(main):
        if element is main or element in verbatim:
            continue
        text = texts[element] = text_of(element)
        if len(text) > ceiling:
            if _is_chrome_alone(element, text):
                lines.append(element)
            continue
        if _is_link_block(element, text, lone_links):
            (worded if _items_have_prose(element) else links).append(element)
        elif _is_line_chrome(element, text, datelines):
            lines.append(element)
    related = _related_sections(main, texts)
    over_budget = link_budget < 1.0 and _text_lengths(links + worded + related) > link_budget * length
    if over_budget or _is_card_list(links, length):
        links, related = _before_title(main, links), []
    doomed = lines + links + related + author_boxes(main, texts) + (_repeated_lines(main) if repeated_lines else [])
    drop_all(doomed)
    return bool(doomed)
