"""A stage of the main-content cascade on forum threads: the chrome of each post.

A thread's posts are the content; around each one, forum software prints the
same furniture: the poster's statistics ("Joined Jun 29, 2016", "Messages 11",
"Reaction score 10", "Posts: 4032"), title ("Distinguished Member") and avatar's
initial, the thread's own statistics ("Views", "Created 1 yr", "Last Reply"), action
links ("Reply", "Quote", "Share on other sites", "Link to post"), counters ("3
likes"), "Last edited:" stamps, a reply's subject ("Re: <the thread's title>") and
signatures; a reply quoting an earlier post repeats its words, and some forum
software prints each post twice (one copy per layout). `drop_post_chrome(main)`
removes them (a quote only when the words it quotes are on the page elsewhere, a
block only when an earlier one printed the same words) and keeps the posts,
their author lines and dates.
It runs only on pages read as forums (the `forum` profile of
`clipper.extract.content`).

The rules are data, general to forum software rather than to one site: the
statistic labels (`STAT_LABELS`), the action and counter lines
(`POST_CHROME_LINE`, `REPLY_SUBJECT`), the class words of signatures
(`SIGNATURE_TOKENS`) and of posters' titles (`POSTER_TITLE_TOKENS`). A
statistic is recognised by its shape: a label alone (a `<dt>`, its `<dd>`
going with it), a label and a colon, a label and a number, a date after a
"joined" label, or a `<dl>` whose terms are all labels (or all icons, the
label in a tooltip, beside short values); a poster's profile `<dl>` holding one
statistic loses all its values (rank, location, custom fields), not its name, and the short
label-value pairs printed beside a statistic in its box go with it. Nothing inside code,
tables or quotes is touched, and no block holding more than `MAX_CHROME_TEXT`
characters.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from clipper.extract.text import drop_all, elements, inside_any, text_of
from clipper.extract.vocabulary import DATE_WORDS, class_words

__all__ = ["POST_CHROME_LINE", "SIGNATURE_TOKENS", "STAT_LABELS", "drop_post_chrome"]

STAT_LABELS = (
    "joined|join date|registered|member since|"
    "posts|total posts|messages|threads|topics|replies|"
    "reaction score|reactions|likes|likes received|thanks|thanks received|"
    "points|trophy points|best answers|solutions|reputation|karma|credits|badges|"
    "location|current location|home country|member type|native language|age|gender|founded|"
    "views|created|last reply|last post"
)
"""Words that label a poster's statistics beside each post (lower case, '|'-separated)."""

_LABEL_ONLY = re.compile(rf"^(?:{STAT_LABELS})\s*:?$", re.IGNORECASE)
_LABEL_COLON = re.compile(rf"^(?:{STAT_LABELS})\s*:\s*\S.{{0,40}}$", re.IGNORECASE)
_LABEL_NUMBER = re.compile(rf"^(?:{STAT_LABELS})\s+[\d.,]+\s*[kKmM]?$", re.IGNORECASE)
_JOINED_DATE = re.compile(r"^(?:joined|join date|registered|member since)\s+(?P<date>.{1,40})$", re.IGNORECASE)

POST_CHROME_LINE = re.compile(
    r"^\W*(?:"
    r"reply|quote|multi-?quote|reply with quote|report|permalink|embed|save|parent|share|flag|like|bookmark|"
    r"share on other sites|link to post|link is private|wrote on|posted|said|"
    r"thread starter.{0,40}|start date|last edited:(?:\s.{0,40})?|code: select all|"
    r"top posters in this topic|most popular posts|jump to content|install the app|"
    r"(?:new|junior|senior|established|well-known|active|valued|respected|prominent|registered|verified) member|"
    r"moderator|administrator|offline|online|not open for further replies|"
    r"you are using an out of date browser.{0,120}|you should upgrade or use an alternative browser.{0,20}|"
    r"[\d.,]+\s*[kKmM]?\s*(?:likes?|reactions?|votes?|points?|replies|views|posts)|"
    r"(?:[\d.,]+\s*[kKmM]?\s*)?(?:\d+\s*(?:gold|silver|bronze)\s*badges?\s*)+|"
    r"[\d.,]+\s*[kKmM]?"
    r")\W*$",
    re.IGNORECASE,
)
"""Whole short blocks that are a post's actions, counters or stamps, not its words (a
number alone is a counter: votes, posts, reactions, the poster's statistics unlabelled)."""

REPLY_SUBJECT = re.compile(r"^re:\s.{1,150}$", re.IGNORECASE)
"""A reply's subject printed over it ("Re: <the thread's title>": phpBB, FluxBB, vBulletin, mailing lists)."""
LINE_BLOCKS = ("p", "div", "ul", "ol", "dl", "li", "table", "blockquote", "pre", "h2", "h3", "h4", "h5", "h6")
"""Blocks that an element holding one line of text holds none of (a post's wrapper holds them)."""

SIGNATURE_TOKENS = re.compile(r"(?:^|[\s_-])(?:signature|signatures|sig|signaturecontainer)(?:$|[\s_-])", re.IGNORECASE)
"""Class/id words of a poster's signature, printed under each of their posts."""

POSTER_TITLE_TOKENS = re.compile(
    r"(?:^|\s)(?!(?:no|has|with|without)[-_])(?:[\w-]*[-_])?(?:user-?title|user_title|user-?banner|member-?title|profile-rank|user-?rank|"
    r"member-?group|post-?group)(?:--[\w-]+)?(?=$|\s)",
    re.IGNORECASE,
)
"""Class words of the title or rank forum software prints under each poster's name ("Well-known
member", "Distinguished Member", "Code Monkey": XenForo's userTitle and userBanner, vBulletin's and
FluxBB's usertitle, phpBB's profile-rank, Discourse's user-title, SMF's membergroup); a modifier
saying the post has none or has one ("no-profile-rank", "has-profile-rank": phpBB's name block) names none."""

COPY_TAGS = ("p", "div", "li", "dd", "h2", "h3", "h4", "h5", "h6", "section", "article")
"""Blocks that, printed twice in a thread, are one post's words printed twice."""
COPY_NEVER_TAGS = ("pre", "code", "table")
"""Elements whose insides are never a copy: code and data repeat their lines."""
MIN_COPY_TEXT = 40
"""Characters a block must hold to be recognised as a copy of an earlier one."""
MIN_QUOTE_TEXT = 20
"""Characters a quote must hold to be recognised as repeating another post."""
MAX_CHROME_TEXT = 160
"""Characters a block may hold and still be one piece of a post's chrome."""
MAX_RAW_TEXT = 4000
"""Characters of raw text (markup whitespace included) past which a block is
not measured as a chrome line at all: it cannot collapse to `MAX_CHROME_TEXT`
characters short of absurd indentation."""
MAX_VALUE_TEXT = 40
"""Characters of the value printed after a statistic's label ("Jun 29, 2016", "4,726")."""
MAX_SIGNATURE_TEXT = 1500
"""Characters a signature may hold (a block named so that holds more is a post)."""

LINE_TAGS = frozenset(
    {"p", "div", "span", "dl", "dt", "dd", "li", "a", "strong", "b", "em", "small", "time", "ul"}
    | {"h2", "h3", "h4", "h5", "h6"}
)
"""Elements whose whole text may be one line of chrome."""
VALUE_LABEL_TAGS = frozenset({"div", "span", "strong", "b", "small"})
"""Elements that, holding a label alone, are followed by its value (besides `<dt>`)."""
PROTECTED_TAGS = frozenset({"pre", "code", "table", "blockquote"})
"""Elements whose insides are never chrome (code, data, quoted words)."""


def _is_stat(element: lxml.html.HtmlElement, text: str) -> bool:
    if _LABEL_ONLY.match(text) or _LABEL_COLON.match(text) or _LABEL_NUMBER.match(text):
        return True
    joined = _JOINED_DATE.match(text)
    if joined is not None:
        date = joined.group("date")
        return any(char.isdigit() for char in date) and not any(char.isalpha() for char in DATE_WORDS.sub("", date))
    return element.tag == "dl" and _is_stat_list(element)


def _is_stat_list(element: lxml.html.HtmlElement) -> bool:
    """A `<dl>` of a poster's statistics: labels only, or icons for labels (their names in
    tooltips: "Joined", "Messages") beside short values."""
    terms = [text_of(term) for term in element.iter("dt")]
    if terms and not any(terms):
        values = [text_of(value) for value in element.iter("dd")]
        return bool(values) and all(len(value) <= MAX_VALUE_TEXT for value in values)
    return bool(terms) and all(_LABEL_ONLY.match(term) for term in terms)


def _is_signature(element: lxml.html.HtmlElement) -> bool:
    words = class_words(element)
    return bool(words) and SIGNATURE_TOKENS.search(words) is not None and len(text_of(element)) <= MAX_SIGNATURE_TEXT


def _is_poster_title(element: lxml.html.HtmlElement) -> bool:
    words = element.get("class")
    return bool(words) and POSTER_TITLE_TOKENS.search(words) is not None and len(text_of(element)) <= MAX_CHROME_TEXT


AVATAR_TOKENS = re.compile(r"(?:^|[\s_-])avatar(?:$|[\s_-])", re.IGNORECASE)
"""Class words of a poster's avatar; one without a picture prints the name's initials (NodeBB, XenForo)."""
MAX_INITIALS = 2
"""Characters of the initials an avatar without a picture prints."""


def _is_avatar_initial(element: lxml.html.HtmlElement) -> bool:
    """An avatar without a picture: the letters it prints are no words of the post."""
    words = element.get("class")
    if not words or AVATAR_TOKENS.search(words) is None:
        return False
    text = text_of(element)
    return 0 < len(text) <= MAX_INITIALS and element.find(".//img") is None


def _is_reply_subject(element: lxml.html.HtmlElement, text: str) -> bool:
    """A line "Re: …" holding no block of its own: a reply's subject. A post's wrapper opening so holds
    its paragraphs and is none; a one-paragraph reply short enough to be a line is read as a subject."""
    return REPLY_SUBJECT.match(text) is not None and next(element.iterdescendants(*LINE_BLOCKS), None) is None


def _stat_value(label: lxml.html.HtmlElement, text: str) -> lxml.html.HtmlElement | None:
    """The value printed after a label that stands alone: a `<dt>`'s `<dd>`, or a short next sibling."""
    value = label.getnext()
    if value is None or not _LABEL_ONLY.match(text) or value.tag in PROTECTED_TAGS:
        return None
    if label.tag == "dt":
        return value if value.tag == "dd" else None
    if label.tag not in VALUE_LABEL_TAGS:
        return None
    return value if len(text_of(value)) <= MAX_VALUE_TEXT else None


def _raw_lengths(main: lxml.html.HtmlElement) -> dict[etree._Element, int]:
    """Every element's characters of text, whitespace included, in one walk from
    the leaves up (measuring each element's collapsed text would read the thread
    once per nesting level)."""
    lengths: dict[etree._Element, int] = {}
    for _event, element in etree.iterwalk(main, events=("end",)):
        if not isinstance(element.tag, str):  # a comment or processing instruction
            continue
        lengths[element] = len(element.text or "") + sum(
            lengths.get(child, 0) + len(child.tail or "") for child in element
        )
    return lengths


def _protected(main: lxml.html.HtmlElement) -> set[lxml.html.HtmlElement]:
    return {inner for outer in main.iter(*PROTECTED_TAGS) for inner in elements(outer)}


def _repeated_quotes(main: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Outermost quotes whose words the thread already holds elsewhere: a reply
    quoting an earlier post repeats it (a quote of a post not on the page stays)."""
    quotes = list(main.iter("blockquote"))
    if not quotes:
        return []
    members = set(quotes)
    outermost = [quote for quote in quotes if not inside_any(quote, members)]
    thread = text_of(main)
    repeated = []
    for quote in outermost:
        words = text_of(quote)
        first = thread.find(words) if len(words) >= MIN_QUOTE_TEXT else -1
        if first >= 0 and thread.find(words, first + 1) >= 0:
            repeated.append(quote)
    return repeated


def _repeated_blocks(main: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The outermost blocks (`COPY_TAGS`) whose text, `MIN_COPY_TEXT` characters or more,
    an earlier block of the thread, not their ancestor, already printed: a post printed
    twice (a mobile and a desktop copy, a preview), a quote pasting an earlier post's
    paragraphs. Code and tables are never a copy (a log repeats its lines)."""
    verbatim = {inner for outer in main.iter(*COPY_NEVER_TAGS) for inner in elements(outer)}
    first: dict[str, lxml.html.HtmlElement] = {}
    copies: list[lxml.html.HtmlElement] = []
    for block in main.iter(*COPY_TAGS):
        if block is main or block in verbatim:
            continue
        text = text_of(block)
        if len(text) < MIN_COPY_TEXT:
            continue
        earlier = first.setdefault(text, block)
        if earlier is not block and not any(ancestor is earlier for ancestor in block.iterancestors()):
            copies.append(block)
    members = set(copies)
    return [block for block in copies if not inside_any(block, members)]


def _profile_details(main: lxml.html.HtmlElement, protected: set[lxml.html.HtmlElement]) -> list[lxml.html.HtmlElement]:
    """The values of a poster's profile printed as a `<dl>` beside each post (phpBB's
    `postprofile`, FluxBB's): when one of its `<dd>`s is a statistic ("Posts: 4032",
    "Joined: …"), all of them go, short as they are (the rank, "From: Brisbane", a
    custom field "Primary OS: …"); the `<dt>`, the poster's name, stays."""
    details: list[lxml.html.HtmlElement] = []
    for profile in main.iter("dl"):
        if profile in protected:
            continue
        values = [value for value in profile if value.tag == "dd"]
        texts = [text_of(value) for value in values]
        if not values or any(len(text) > MAX_CHROME_TEXT for text in texts):
            continue
        if any(text and _is_stat(value, text) for value, text in zip(values, texts, strict=True)):
            details.extend(values)
    return details


def _stat_pairs(main: lxml.html.HtmlElement, protected: set[lxml.html.HtmlElement]) -> list[lxml.html.HtmlElement]:
    """The short label-value pairs (`<dl>`s of one term and one value) printed beside a poster's
    statistics in the same box: custom profile fields ("Location (town/city + country): London",
    "Programs: BA Gold") whose labels no vocabulary lists."""
    pairs: list[lxml.html.HtmlElement] = []
    for box in {dl.getparent() for dl in main.iter("dl") if dl.getparent() is not None}:
        lists = [child for child in box if child.tag == "dl" and child not in protected]
        short = [dl for dl in lists if _is_pair(dl)]
        if len(short) >= 2 and any(_is_stat(dl, text_of(dl)) for dl in short):
            pairs.extend(short)
    return pairs


def _is_pair(dl: lxml.html.HtmlElement) -> bool:
    terms = [child for child in dl if child.tag == "dt"]
    values = [child for child in dl if child.tag == "dd"]
    return len(terms) == 1 and len(values) == 1 and len(text_of(dl)) <= MAX_CHROME_TEXT


def _chrome_line(element: lxml.html.HtmlElement, site_lines: re.Pattern[str] | None) -> list[lxml.html.HtmlElement]:
    """A short line that is a post's action, counter or statistic (and the value printed after
    a statistic's label), or nothing."""
    text = text_of(element)
    if not text or len(text) > MAX_CHROME_TEXT:
        return []
    if not (
        POST_CHROME_LINE.match(text)
        or (site_lines is not None and site_lines.match(text))
        or _is_stat(element, text)
        or _is_reply_subject(element, text)
    ):
        return []
    value = _stat_value(element, text)
    return [element] if value is None else [element, value]


def drop_post_chrome(main: lxml.html.HtmlElement, site_lines: re.Pattern[str] | None = None) -> bool:
    """Drop the quotes that repeat another post, the blocks that print a post's words a
    second time, the posters' statistics, the
    action and counter lines (and `site_lines`, a site extractor's own furniture)
    and the signatures inside `main`; never `main` itself. True if anything went."""
    quotes = _repeated_quotes(main)
    drop_all(quotes)
    protected = _protected(main)
    copies = _repeated_blocks(main)
    drop_all(copies)
    raw = _raw_lengths(main)
    doomed: list[lxml.html.HtmlElement] = []
    for element in elements(main):
        if element is main or element in protected:
            continue
        if _is_signature(element) or _is_poster_title(element) or _is_avatar_initial(element):
            doomed.append(element)
        elif element.tag in LINE_TAGS and raw.get(element, 0) <= MAX_RAW_TEXT:
            doomed.extend(_chrome_line(element, site_lines))
    doomed.extend(_profile_details(main, protected))
    doomed.extend(_stat_pairs(main, protected))
    drop_all(doomed)
    return bool(doomed or quotes or copies)
