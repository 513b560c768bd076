"""The vocabulary of main-content extraction, as data: tags, roles and class/id
words that name boilerplate or content, the lines and headings that are
chrome, and the semantic containers that hint at the article. Also the two
small measures every stage shares: an element's class words, and whether it
sits inside one of a set of elements.
"""

from __future__ import annotations

import re
from typing import cast

import lxml.html
from lxml import etree

# --- Vocabulary (data, not code) -------------------------------------------------

NEVER_CONTENT_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "link",
        "meta",
        "head",
        "title",
        "button",
        "input",
        "select",
        "option",
        "textarea",
        "label",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "canvas",
        "audio",
        "video",
        "map",
        "area",
    }
)
"""Elements dropped with their content wherever they stand (a <noscript>
holding the page's text is unwrapped first)."""

MISNESTED_WRAPPERS = ("button", "label", "select", "textarea", "object", "map", "audio", "video", "canvas")
"""Never-content tags that, left unclosed, swallow the rest of the page."""

NOSCRIPT_BLOCKS = frozenset({"p", "div", "article", "section", "li", "h1", "h2", "h3", "pre", "table"})
MIN_NOSCRIPT_TEXT = 200
"""A <noscript> with block markup and this many characters is the page for
readers without JavaScript, not a notice."""

NAMED_CANDIDATES = etree.XPath(
    "descendant-or-self::*[@class or @id or @role or @aria-modal or self::nav or self::aside or self::footer"
    " or self::header or self::menu or self::dialog or self::form or self::fieldset or contains(local-name(), '-')]"
)
"""The elements that a tag, role or class/id word may name chrome (found in C)."""

NEVER_NAMED_BOILERPLATE = frozenset({"body", "html", "article", "main", "p", "table", "pre", "figure", "img"})
"""Elements whose class words never make them boilerplate."""

CHROME_TAGS = frozenset({"nav", "aside", "footer", "header", "menu", "dialog", "form", "fieldset"})
"""Elements that are page chrome unless they wrap most of the page (ASP.NET
pages put everything in one <form>)."""
HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)", re.I)
"""An inline style that hides the element: what the page's fallback text leaves out."""
MAX_HIDDEN_SHARE = 0.2
"""A hidden block holding this share of the page's text or more is revealed by a script
(the `hidden` attribute, used by render.com for its sections, is not read at all)."""
FORM_WRAPPER_SHARE = 0.2
MIN_PROSE = 500
"""A <form> holding this share of the page's text, this many characters of it in
paragraphs, wraps content (forum software puts a thread's posts in its
moderation form), not fields."""

BOILERPLATE_ROLES = frozenset(
    {
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "search",
        "menu",
        "menubar",
        "dialog",
        "alertdialog",
        "toolbar",
        "tablist",
    }
)

BOILERPLATE_TOKENS = re.compile(
    r"""
    (?:^|[\s_-])(?:
        nav|navbar|navigation|menu|breadcrumbs?|sidebar|side-bar|
        footer|masthead|topbar|toolbar|
        share|sharing|shares|social|sociable|share-?bar|addthis|sharethis|
        comments?|comment-list|disqus|respond|reply|
        related|similar|recommended|recommendations|more-stories|most-popular|popular|
        trending|read-?next|up-?next|outbrain|taboola|
        newsletter|subscribe|subscription|signup|sign-up|promo|promotion|
        advert|advertisement|ad-slot|adslot|ad-container|sponsor|sponsored|dfp|
        cookie|cookies|consent|gdpr|onetrust|
        tags|tag-list|categories|byline|author-bio|author-box|disclosures?|disclaimers?|
        pagination|pager|skip-link|sr-only|visually-hidden|screen-reader-text|
        print-?(?:header|footer|only|logo|url|title)|
        modal|popup|overlay|banner|rollover|tooltip|popover|hovercard|
        jdgm
    )(?:$|[\s_-])
    |(?:^|\s)ads?(?:$|[\s_-])
    """,
    re.IGNORECASE | re.VERBOSE,
)
"""Class/id tokens that name boilerplate (legal notices too: "disclosure", "disclaimers"; Judge.me's review widget,
"jdgm-widget", a Shopify shop's reviews and their carousel). Matched on token boundaries
(`-`, `_`, space), so "post-comments" matches but "commentary" does not; "ad"
and "ads" only as the first word of a class ("ad", "ads-box"), never as a
modifier ("hide-read-more-ad") or a CSS-module fragment ("item__adF2E")."""

SIDEBAR_TOKENS = re.compile(r"(?:^|[\s_-])(?:sidebar|side-bar)(?:$|[\s_-])", re.IGNORECASE)
"""The class/id words of a sidebar: in the fallback, a sidebar of links (trending
threads, latest posts, a shop's category tree) goes like a widget (`SIDEBAR_LINK_DENSITY`)."""
SIDEBAR_LINK_DENSITY = 0.5
"""Share of a sidebar-named block's text its links must hold for it to be a sidebar of
links; a layout column named so ("c-layout-sidebar-left") that holds the page's prose stays."""
WIDGET_TOKENS = re.compile(
    r"""
    (?:^|[\s_-])(?:
        menu|menubar|footer|cookie|cookies|consent|gdpr|onetrust|modal|popup|overlay|popover|tooltip|
        skip-link|newsletter|subscribe|signup|sign-up
    )(?:$|[\s_-])
    """,
    re.IGNORECASE | re.VERBOSE,
)
"""The class/id words of BOILERPLATE_TOKENS that name a widget laid over or around
the page (a menu, a cookie banner, a modal, a newsletter form, the footer), never
a card of a list: when no node holds the content and the page's own text is kept,
the elements they name still go (words like "ad", "promo", "tags" or "categories"
also name parts of each card, and stay; "related" goes there too: `RELATED_TOKENS`)."""
WIDGET_INLINE_TAGS = frozenset({"a", "span", "strong", "em", "b", "i", "small"})
"""Inline elements whose class words never name a widget ("product-card__link-overlay")."""
MAX_WIDGET_SHARE = 0.75
"""Share of the page's text past which a widget-named element is a page wrapper."""

PRODUCT_CHROME_TOKENS = re.compile(
    r"""
    (?:^|[\s_-])(?:
        reviews|ratings|
        recently-viewed|also-viewed|also-bought|upsells?|up-sells?|cross-sells?|crosssells?|related
    )(?:$|[\s_-])
    """,
    re.IGNORECASE | re.VERBOSE,
)
"""Class/id words that name chrome on a product page, beside `BOILERPLATE_TOKENS`: the customers' reviews and
ratings and the other products offered (recently viewed, also bought, upsells, related products: `RELATED_TOKENS`,
which the page fallback reads on every page), which a product's description and specifications are not
(rs-trafilatura's product profile drops the same). Plural only: "-review" ends product slugs and testimonial
cards. Not its FAQ: on web-content the seller's questions and answers are the product page's text (dropping them
cost five pages 0.23 to 0.44)."""

RELATED_TOKENS = re.compile(r"(?:^|[\s_-])related(?:$|[\s_-])", re.IGNORECASE)
"""The class/id word of the related products or posts ("product-related-products", "related-posts"): one of
`BOILERPLATE_TOKENS`, and the one of them the page fallback reads too (the others name parts of each card);
one of `PRODUCT_CHROME_TOKENS`, read with the others there in one pass."""

AUTHOR_TOKENS = re.compile(
    r"(?:^|[\s_-])(?:author|authors|written-by|contributors?|bio|biography)(?=$|[\s_-])", re.IGNORECASE
)
"""Class/id words of the author's box beside an article ("author-info", "about-author",
"card author", "_authorContainer", "written-by", "contributor-bio": a photo, a bio, "View all posts"), beside
`BOILERPLATE_TOKENS`' "byline", "author-bio", "author-box"; trafilatura drops every "author"
class. Not on a forum thread, whose posters' names are part of each post."""

COMMENT_TOKENS = re.compile(
    r"(?:^|(?<=[\s_-]))(?:comments?|comment-list|respond|reply|replies)(?=$|[\s_-])",
    re.IGNORECASE,
)
"""The comment words of BOILERPLATE_TOKENS: on a forum thread the posts are the
comments and replies, so these name content there."""
COMMENT_THREAD_SHARE = 0.3
"""Share of the page's text a comment-named container must hold to be a thread's
posts rather than the comments under one post (StackExchange's)."""

CONTENT_TOKENS = re.compile(
    r"article|body|content|entry|main|page|post|story|text|blog",
    re.IGNORECASE,
)
"""Class/id words that suggest content; raise a readability score."""

NEGATIVE_TOKENS = re.compile(
    r"comment|meta|footer|footnote|foot|masthead|media|promo|related|scroll|"
    r"shoutbox|sidebar|sponsor|shopping|tags|tool|widget|combx|contact|hidden|"
    r"share|social|byline|author|caption|credit",
    re.IGNORECASE,
)
"""Class/id words that suggest chrome; lower a readability score."""

_NAMED_PART = " or ".join(
    f"contains(@{name}, '{part}')" for part in ("ody", "ontent", "ext") for name in ("class", "id")
)
"""Class or id holding "ody", "ontent", "ext" in any case of the first letter (no
translate(), which is slow): the XPath's cheap test, and the regex decides. Each
attribute tested on its own (no concat()), the tags as a union: a third faster."""

CONTENT_HINTS: tuple[tuple[str, str, re.Pattern[str] | None], ...] = (
    ("articlebody", "//*[@itemprop][@itemprop='articleBody' or @itemprop='articlebody']", None),
    (
        "body-class",
        f"(//div | //section | //article | //main)[{_NAMED_PART}]",
        re.compile(
            r"[ _-](?:article|entry|post|story)[-_]?(?:body|content|text)(?:[ _-]|__)"
            r"|^ (?:[^ ]+ )*(?:articleBody|article__body|article__content|post-body|story-body|"
            r"entry-content|post-content|article-content|article-body) (?:[^ ]+ )*\|",
            re.IGNORECASE,
        ),
    ),
    ("article", "//article", None),
    ("main", "//main | //*[@role='main']", None),
)
"""Semantic containers, most specific first: (kind, XPath, regex). The XPath
finds the candidates (in C); the regex, when given, confirms each one on
" <class> | <id> " (an article-body word in either, or a whole class name)."""


BOILERPLATE_LINE = re.compile(
    r"^\W*(?:advertisement\b.{0,60}|advertising|advert|ads?|sponsored|share(?: this)?(?: article| story| post)?|"
    r"read more|related(?: articles| stories| posts)?|recommended|"
    r"(?:sign up|subscribe)(?: to| for| now)?.{0,40}|follow us.{0,40}|"
    r"click here.{0,60}|continue reading.{0,40}|skip to .{0,30}|"
    r"(?:this .{0,30})?requires javascript.{0,40}|(?:please )?enable javascript.{0,40}|"
    r"to read the full story|already a subscriber.{0,40}|subscribe to continue.{0,40}|"
    r"log ?in|log ?out|sign ?in|sign ?out|register|my account|"
    r"add to (?:cart|bag|basket|wish ?list)|quick (?:shop|view|add)|(?:choose|select) options|compare|"
    r"(?:see|view) details|sort(?: by)?(?::.{0,30})?|(?:show |hide |all )?filters?(?: \(\d+\))?|"
    r"read (?:the )?full (?:article|story|post|review)|top rated|new arrivals?|apply now|select (?:your |a )?size|"
    r"add to compare|view full details|"
    r"shop now|(?:view|see|show|load|discover) (?:all|more)|in stock|sold out|best ?sellers?|sale|"
    r"(?:get |enjoy )?free (?:standard |express )?(?:shipping|delivery|returns)\b.{0,60}|"
    r"(?:usually )?ships (?:in|within|the same day|today|free)\b.{0,50}|"
    r"(?:shipping|taxes)(?: and taxes| & taxes)? calculated at checkout.{0,40}|"
    r"(?:pay in \d+ interest-free|or \d+ (?:interest-free )?payments of).{0,60}|"
    r".{0,40}\b(?:klarna|afterpay|affirm|sezzle|shop ?pay)\b.{0,40}|"
    r"choosing a selection results in a full page refresh|(?:link )?opens (?:in )?(?:a )?new (?:window|tab)|"
    r"skip (?:navigation|nav|images)(?: links)?|slide \d+ of \d+|"
    r"edit (?:this page|on github|this (?:doc|article|file))|improve this (?:page|doc)|"
    r"(?:was|is) this (?:page|article|doc(?:ument)?|content) (?:helpful|useful)\W*(?:yes\W*no)?|"
    r"report (?:an issue|a problem)|suggest (?:an edit|changes)|thank you for your feedback|"
    r"copy(?: code)?(?: to clipboard)?|copied|on this page|in this article|previous|next|back to top|"
    r"image|photo|video|caption|loading\W*|"
    r"(?:oops|opps|sorry)?\W*something went wrong\b.{0,60}|thank you\W+your submission has been received|"
    r"download(?: now)?|whitepaper|about us|get a (?:free )?quote|get in touch|"
    r"get started(?: for free| free| today| now)?|learn more|"
    r"(?:contact|talk to) sales|(?:book|request|schedule) a (?:demo|call|quote)|try (?:it )?(?:for )?free|"
    r"start (?:your )?free trial|"
    r"(?:(?:featured |header |hero |cover )?(?:image|photo(?:graph)?|picture|illustration)s?"
    r"(?: credits?| courtesy| source| by)?|credits?)\s*:.{0,70}|"
    r"(?:getty images|shutterstock|istock(?:photo)?|depositphotos|alamy|adobe stock)\b.{0,60})\W*$",
    re.IGNORECASE,
)
"""Whole short blocks that are chrome whatever their markup (a documentation page's own:
Edit this page, Was this page helpful?, Copy code, On this page, Previous, Next), an image's credit
("Photo credit: …", "Getty Images / …"), a form's status messages ("Oops! Something went wrong …")."""

PROMO_LINE = re.compile(
    r"(?:may|can) be reached at|\bhave a (?:news )?tip\b|"
    r"\bfollow (?:\w+(?:'s|’s)? ){0,3}on (?:twitter|facebook|instagram|youtube|linkedin)\b|"
    r"follow .{0,40} full coverage|"
    r"(?:right |straight )?(?:in|to) your inbox|subscribe to (?:our|\w+(?:'s|’s))\b|"
    r"sign up (?:for|to) (?:our|the) .{0,30}newsletters?|delivered (?:to|through) your (?:door|letterbox|inbox)|"
    r"send us your|(?:join|download) (?:our|the) .{0,20}app\b|if you (?:enjoyed|liked) this (?:article|story|post)|"
    r"\btell us what you think\b|subject to copyright|all rights reserved|^(?:copyright|©) ?(?:©|\(c\))? ?\d{4}|"
    r"may not be (?:re)?published|without (?:the )?(?:prior )?written permission|"
    r"\bexclusive to .{0,30}\bsubscribers\b|\bto read the rest of this (?:story|article|post)\b|"
    r"\bunlock this (?:article|story|piece|post)\b|\bbecome a (?:paid )?subscriber\b|"
    r"\bthanks? (?:you )?for subscribing\b",
    re.IGNORECASE,
)
"""Phrases of the promotions and contact lines that close an article
("Have a tip? … may be reached at", "Get the latest updates right in your
inbox"), and copyright notices; a short block holding one is not article text."""

PLACEHOLDER = re.compile(r"^\W*lorem ipsum\b", re.IGNORECASE)
"""A template's placeholder text ("Lorem ipsum dolor sit amet…"), left in a block its page never
filled: no page's own words."""

MAX_PROMO_TEXT = 400
"""Characters a block may hold and still be read as a promotion line."""

STANDFIRST_TOKENS = re.compile(
    r"(?:^|[\s_-])(?:dek|deck|standfirst|sub-?head(?:ing|line)?|sub-?title|excerpt|strapline|summary)(?:$|[\s_-])",
    re.IGNORECASE,
)
"""Class words of the standfirst (dek) printed under an article's title."""

CAPTION_TOKENS = re.compile(r"caption|credit", re.IGNORECASE)
"""Class words of photo captions and credits outside a <figure>'s own
<figcaption> (gallery slides, "Photo: AP" lines): not article text."""

DATE_WORDS = re.compile(
    r"\b(?:updated|published|posted|modified|last|on|at|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|"
    r"january|february|march|april|june|july|august|september|october|november|december|"
    r"mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"am|pm|a\.m|p\.m|gmt|utc|[ecmp][sd]t|bst|cet|cest|ist|jst)\b\.?",
    re.IGNORECASE,
)
"""Words a date stamp is made of; a short block of only these and digits is a dateline."""

DATE_SHAPE = re.compile(r"\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2}|\d{1,2}:\d{2}")
"""Digits shaped like a date or a time (a year, 12/03/24, 10:30): without a date word, a short
block of digits is a dateline only with one of these. A price, a count or a version of three
digits or fewer in a row is none ("$49.99", "(22K)", "1.0.0"); its first branch matches any four digits
in a row, so "$1299", "12345" and "(1024)" are datelines too (a tighter pattern measured neutral)."""

RELATED_HEADING = re.compile(
    r"^\W*(?:related|more (?:from|on|in|stories|news|articles)|read (?:more|next|also)|"
    r"see also|you (?:may|might) (?:also )?like|recommended|popular|trending|similar (?:threads|topics|discussions)|"
    r"similar (?:items|products)|frequently bought together|recently viewed|"
    r"(?:customers|people) (?:who )?(?:also )?(?:bought|viewed)|"
    r"関連記事|関連|à lire aussi|lire aussi|sur le même sujet|weitere artikel|mehr zum thema)",
    re.IGNORECASE,
)
"""A heading that announces a list of other articles (or, on a shop, of other products)."""

AUTHOR_HEADING = re.compile(
    r"^\W*(?:about (?:the |this )?(?:authors?|reviewers?|writers?|contributors?)|meet the (?:authors?|writers?)|"
    r"(?:the )?authors?|written by|(?:written|reviewed|fact[- ]checked) by \w[\w .,'’-]{0,40})\W*$"
    r"|^\W*about the (?:authors?|reviewers?|writers?)\s*:",
    re.IGNORECASE,
)
"""What heads the author's box under an article ("About the Author", "Written by Cassidy Horton",
"Author"), or opens its one paragraph ("About the author: Craig Hull is …")."""
MAX_AUTHOR_LEAD = 600
"""Characters a block opening an author's box may hold (a heading, or the bio's one paragraph)."""
MAX_AUTHOR_BOX = 1200
"""Characters of an author's box: a name, a title, a bio of a few lines, "View all posts"."""

CARD_LIST_SHARE = 0.7
"""Share of a selection that teaser lists (cards with linked titles) must hold to be
the list itself, on every profile: an article's "more stories" hold far less of it."""

HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")

KEEP_TAGS = frozenset({"table", "pre", "code", "figure", "img", "picture", "math", "details"})
"""Content objects that pruning never removes for being short."""

VERBATIM_TAGS = ("pre", "code")
"""Code: pruning never reads inside it (a highlighted `2` is no dateline, a linked type no menu)."""

HEADER_STOP_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6", "table", "pre", "blockquote", "ol", "ul", "figure"})
"""Where the header zone after the title ends at the latest."""

MAX_HEADER_TEXT = 400
"""Characters of text a header zone may hold (kicker, byline, dates)."""

HINT_XPATHS = tuple((kind, etree.XPath(path), pattern) for kind, path, pattern in CONTENT_HINTS)


def hint_matches(
    body: lxml.html.HtmlElement, xpath: etree.XPath, pattern: re.Pattern[str] | None
) -> list[lxml.html.HtmlElement]:
    matches = cast(list[lxml.html.HtmlElement], xpath(body))  # an element-selecting path
    if pattern is None:
        return matches
    return [match for match in matches if pattern.search(f" {match.get('class', '')} | {match.get('id', '')} ")]


# --- Small measures ----------------------------------------------------------------

_CAMEL_BOUNDARY = re.compile(r"([a-z])([A-Z])")


def class_words(element: lxml.html.HtmlElement, *, with_id: bool = True) -> str:
    """Class, id (unless `with_id` is False) and custom tag name as words: "PromoSmall" reads "Promo Small"."""
    custom = element.tag if "-" in element.tag else ""
    ident = element.get("id", "") if with_id else ""
    names = f"{element.get('class', '')} {ident} {custom}".strip()
    if names.islower() or not names:  # no capital, no camel case: the common case, spared a regex
        return names
    return _CAMEL_BOUNDARY.sub(r"\1 \2", names)


MIN_SLUG_WORDS = 3
"""Words a heading needs for an id that holds them ("sign-up-for-twilio-section") to be read as
its anchor, not a class name (an id "comments" over a "Comments" heading still names comments).
On web-content, 3 words: +0.330 summed, 7 pages up, 4 down; 2: +0.323; 4: +0.329."""
NOT_ALNUM = re.compile(r"[\W_]+")
"""What an anchor id leaves out of its heading's words."""

REPEATED_GAIN = 1.5
"""Like containers (same tag and class) are taken together when their text is
this many times the largest one's: the posts of a thread, a list's cards."""
MAX_WRAPPERS = 4
"""Single-child wrappers climbed to find a block's like siblings."""
