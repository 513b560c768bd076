"""The Stack Exchange network's questions (Stack Overflow, Server Fault, Super User,
Ask Ubuntu, MathOverflow, *.stackexchange.com): a site extractor claimed by URL.

A question page is a thread, read by the generic extractor with the forum profile
whatever its address looks like (`/questions/…`, `/q/…`, `/a/…`);
what this extractor adds is the network's own furniture around the posts, whole on
its line ("Ask question", "Explore related questions", "See similar questions with
these tags", "Start asking to get answers", "Find the answer to your question by
asking", "You must log in to answer this question": `QA_FURNITURE`), which only these
sites print. It accepts a page of the network that shows a question
(`#question-header`, or a post body `js-post-body`) and declines every other page of
it, which the generic extractor then reads.
"""

from __future__ import annotations

import re

from clipper.extract.article import extract_article
from clipper.extract.parse import ParsedPage
from clipper.extract.site import SiteExtractor
from clipper.models import Extraction

__all__ = ["EXTRACTOR", "QA_FURNITURE", "STACK_EXCHANGE_URL"]

STACK_EXCHANGE_URL = re.compile(
    r"^https?://(?:[^/?#]*\.)?(?:stackoverflow\.com|serverfault\.com|superuser\.com|askubuntu\.com|"
    r"mathoverflow\.net|stackexchange\.com)(?::\d+)?(?:[/?#]|$)",
    re.IGNORECASE,
)
"""The network's sites, with their subdomains (meta., ru., cooking.stackexchange.com …)."""

QA_FURNITURE = re.compile(
    r"^\W*(?:ask question|explore related questions|see similar questions with these tags|start asking to get answers|"
    r"find the answer to your question by asking|you must (?:log in |sign in )?to answer this question)\W*$",
    re.IGNORECASE,
)
"""Whole short blocks of the network's furniture around a question's posts."""

QUESTION_MARKERS = (
    ".//*[@id='question-header'] | .//*[contains(concat(' ', normalize-space(@class), ' '), ' js-post-body ')]"
)
"""Where the network's page shows a question: its header, or a post's body."""


def _shows_a_question(page: ParsedPage) -> bool:
    return bool(page.root.xpath(QUESTION_MARKERS))


def extract_question(page: ParsedPage) -> Extraction:
    """The question and its answers, as the generic extractor reads them, less the network's furniture."""
    return extract_article(page, kind="forum", site_chrome=QA_FURNITURE, extractor="stackexchange")


EXTRACTOR = SiteExtractor(
    "stackexchange", priority=60, claims=STACK_EXCHANGE_URL, detect=_shows_a_question, run=extract_question
)
