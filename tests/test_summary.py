"""The cascade's last resort: a page whose body reads (next to) nothing is read
from what it says of itself (`clipper.extract.summary`): its JSON-LD text, and on a
thread its meta descriptions (Discourse's first post); a shop's search blurb is not
its content."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clipper.errors import ExtractionError
from clipper.extract import extract_html, parse_page
from clipper.extract.summary import SUMMARY_STRATEGY, page_summary
from clipper.models import Page
from clipper.render_policy import render_reason

FIRST_POST = (
    "Howdy everyone, I am new to astronomy and would love some advice on choosing my first telescope: "
    "something beginner-friendly but powerful enough to see planets and deep-sky objects, for 300 to 500 dollars."
)


def _shell(head: str, body: str = "<section id='main'></section><script src='/start.js'></script>") -> str:
    return f"<html><head><title>First telescope - Forum</title>{head}</head><body>{body}</body></html>"


def test_a_thread_saved_without_its_posts_is_read_from_its_description_not_left_empty() -> None:
    html = _shell(f'<meta name="description" content="Howdy"><meta property="og:description" content="{FIRST_POST}">')
    extraction = extract_html(html, "https://forum.example.org/t/first-telescope/1555")
    assert extraction.text == FIRST_POST  # the longest of the page's descriptions
    assert extraction.strategy == SUMMARY_STRATEGY


def test_a_body_with_only_a_menu_gives_way_to_the_summary() -> None:
    html = _shell(f'<meta name="description" content="{FIRST_POST}">', "<div><a href='/'>news</a> calc</div>")
    assert extract_html(html, "https://forum.example.org/t/x/1").text == FIRST_POST


def test_a_json_ld_article_body_with_markup_is_read_as_text() -> None:
    data = json.dumps({"@graph": [{"@type": "WebPage"}, {"@type": "Article", "articleBody": f"<p>{FIRST_POST}</p>"}]})
    html = _shell(f'<script type="application/ld+json">{data}</script>')
    assert extract_html(html, "https://example.org/a").text == FIRST_POST


BLURB = "Shop the Beatrice Tan Rug from Ruggable. Our washable rugs are made to order, stain-resistant. Free shipping!"


@pytest.mark.parametrize("url", ["https://shop.example.org/products/tan-rug", "https://example.org/"])
def test_a_shop_or_landing_shell_is_not_read_from_its_search_blurb(url: str) -> None:
    """A meta description written for search results is none of a product or landing page's text:
    the shell has no readable content (and `--render auto` renders it), rather than a note of one blurb."""
    with pytest.raises(ExtractionError, match="no readable content"):
        extract_html(_shell(f'<meta name="description" content="{BLURB}">'), url)


def test_a_product_shell_is_read_from_its_json_ld_description() -> None:
    data = json.dumps({"@type": "Product", "name": "Tan rug", "description": FIRST_POST})
    html = _shell(f'<meta name="description" content="{BLURB}"><script type="application/ld+json">{data}</script>')
    extraction = extract_html(html, "https://shop.example.org/products/tan-rug")
    assert extraction.text == FIRST_POST
    assert extraction.strategy == SUMMARY_STRATEGY


def test_a_page_with_its_own_text_keeps_it() -> None:
    article = (
        "<article><p>" + " ".join(["The mount matters more than the tube, said everyone."] * 12) + "</p></article>"
    )
    extraction = extract_html(_shell(f'<meta name="description" content="{FIRST_POST}">', article))
    assert "mount matters" in extraction.text
    assert extraction.strategy != SUMMARY_STRATEGY


def test_a_page_with_neither_text_nor_summary_has_no_readable_content() -> None:
    with pytest.raises(ExtractionError, match="no readable content"):
        extract_html(_shell(""), "https://example.org/empty")


def test_a_shell_read_from_its_summary_is_still_rendered_in_auto() -> None:
    page = Page(url="https://forum.example.org/t/x/1", html=_shell(f'<meta name="description" content="{FIRST_POST}">'))
    assert render_reason(page, extract_html(page.html, page.url)) == "the static page has (nearly) no content"


@given(st.text(max_size=200), st.text(max_size=200))
def test_any_description_or_json_ld_gives_a_one_line_summary(meta: str, ld: str) -> None:
    head = f'<meta name="description" content="{meta}"><script type="application/ld+json">{ld}</script>'
    summary = page_summary(parse_page(_shell(head)).root)
    assert "\n" not in summary
    assert summary == summary.strip()
