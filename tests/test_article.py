"""The generic article extractor: only the article survives, its content objects too."""

from __future__ import annotations

import gzip
import importlib.util
import json
from pathlib import Path

import pytest

from clipper.extract import extract_html
from clipper.extract.article import extract_article
from clipper.extract.content import find_main_content
from clipper.extract.parse import parse_page

SHARED_BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
F1_FLOOR = 0.975
"""Measured F1 on the 91 development pages minus a small margin (bench/README.md)."""

LOREM = (
    "The committee met on Tuesday to weigh the proposal, which would widen the river path, "
    "plant four hundred trees, and close the old car park to traffic on weekends."
)

BLOG_POST = f"""<!doctype html><html lang="en"><head><title>River path plan</title></head>
<body class="has-sidebar">
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience. Accept all</div>
<header class="site-header"><a href="/">Town Blog</a>
  <nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="layout">
  <article class="post">
    <h1>River path plan</h1>
    <p class="byline">By Ann Author</p>
    <p>{LOREM}</p>
    <div class="share-bar"><a href="https://twitter.com/share">Tweet this story</a>
      <a href="https://facebook.com/share">Share on Facebook</a></div>
    <p>Residents said the plan was long overdue, and several asked for benches along the bank.</p>
    <h2>What happens next</h2>
    <p>A public consultation opens in March, with drawings on display at the library.</p>
    <section class="related-posts"><h3>Related posts</h3><ul>
      <li><a href="/a">Bridge repairs finished early this spring</a></li>
      <li><a href="/b">New bus timetable for the northern villages</a></li></ul></section>
    <div id="comments" class="comments-area"><h3>3 comments</h3>
      <p>Great news, I cycle there every day and it floods every winter!</p></div>
  </article>
  <aside class="sidebar"><h3>Popular</h3><p>Ten things to do this weekend in the old town centre.</p></aside>
</div>
<footer><p>© 2026 Town Blog. All rights reserved. Contact us at the address below.</p></footer>
<script>var tracking = "should never show";</script>
</body></html>"""

RICH_ARTICLE = f"""<html><head><title>Sorting in practice</title></head><body>
<nav><a href="/">Home</a> <a href="/docs">Docs</a></nav>
<main><article>
<h1>Sorting in practice</h1>
<p>{LOREM}</p>
<table><tr><th>Algorithm</th><th>Average</th></tr>
<tr><td>Quicksort</td><td>n log n</td></tr><tr><td>Bubble sort</td><td>n squared</td></tr></table>
<pre><code class="language-python">def key(item):
    return item.rank</code></pre>
<figure><img src="/img/chart.png" alt="Timing chart"><figcaption>Timings on one million integers.</figcaption></figure>
<details><summary>Proof sketch</summary><p>Each partition step halves the expected range of candidates.</p></details>
<div class="collapse" id="more"><p>Hidden behind a toggle but still part of the article text.</p></div>
<p>That is all there is to it, at least for arrays that fit in memory.</p>
</article></main>
<footer>Site footer with links</footer>
</body></html>"""

PLAIN_BODY = f"""<html><head><title>Old page</title></head><body>
<table width="100%"><tr><td class="menu"><a href="/1">One</a><br><a href="/2">Two</a><br>
<a href="/3">Three</a><br><a href="/4">Four</a></td>
<td><div><font size="4">Notes from the field</font></div>
<div><p>{LOREM}</p><p>{LOREM.replace("Tuesday", "Friday")}</p>
<p>The second visit, in April, confirmed the first survey, with eleven nests counted.</p></div></td></tr></table>
<div class="links"><a href="/x">Archive</a> | <a href="/y">Contact</a> | <a href="/z">Imprint</a></div>
</body></html>"""


def _article(html: str, url: str = "https://example.org/post"):
    return extract_article(parse_page(html, url))


def test_blog_post_keeps_only_the_article():
    extraction = _article(BLOG_POST)
    text = extraction.text
    for kept in ("committee met on Tuesday", "long overdue", "What happens next", "public consultation"):
        assert kept in text
    for dropped in (
        "cookies",
        "Sport",
        "Tweet this story",
        "Bridge repairs",
        "cycle there",
        "Ten things",
        "All rights reserved",
        "tracking",
        "Ann Author",
    ):
        assert dropped not in text
    assert extraction.extractor == "article"
    assert extraction.strategy.startswith("hint:article")
    assert extraction.title == "River path plan"


def test_table_code_and_figure_survive():
    extraction = _article(RICH_ARTICLE)
    for kept in ("Quicksort", "n log n", "return item.rank", "Timings on one million integers"):
        assert kept in extraction.text
    assert "Quicksort" in extraction.markdown
    assert [image.url for image in extraction.images] == ["https://example.org/img/chart.png"]
    assert "Site footer" not in extraction.text


def test_content_behind_a_toggle_is_content():
    text = _article(RICH_ARTICLE).text
    assert "halves the expected range" in text
    assert "Hidden behind a toggle" in text


def test_page_without_semantic_markup_is_scored():
    extraction = _article(PLAIN_BODY)
    assert extraction.strategy.startswith("score")
    assert "eleven nests" in extraction.text
    assert "committee met on Friday" in extraction.text
    assert "Imprint" not in extraction.text
    assert "Three" not in extraction.text


NEWS_PAGE = f"""<html><head><title>Bridge reopens</title>
<meta name="description" content="The old bridge carries traffic again after two years of repairs."></head>
<body><div class="print-header"><img src="/print-logo.png" alt="logo"><span>https://example.org/news/bridge</span></div>
<article><header><h1>Bridge reopens</h1>
<h2 class="sub-head">The old bridge carries traffic again after two years of repairs.</h2></header>
<p>{LOREM}</p>
<h2>Two years of work</h2>
<p>Engineers replaced every cable and most of the deck, working mostly at night to spare the ferry.</p>
<p>Have a tip? Ann Author may be reached at ann@example.org. Follow her on Twitter @ann.</p>
<p>Get the latest updates right in your inbox. Subscribe to Town News's newsletters.</p>
<p>Copyright 2026 Town News. All rights reserved.</p>
</article></body></html>"""


def test_standfirst_repeating_the_description_goes_headings_stay():
    extraction = _article(NEWS_PAGE)
    assert "two years of repairs" not in extraction.text  # the note's description holds it
    assert "Two years of work" in extraction.text
    assert "committee met on Tuesday" in extraction.text


def test_a_first_paragraph_equal_to_the_description_stays():
    html = NEWS_PAGE.replace(
        '<h2 class="sub-head">The old bridge carries traffic again after two years of repairs.</h2></header>',
        "</header><p>The old bridge carries traffic again after two years of repairs.</p>",
    )
    assert "two years of repairs" in _article(html).text


def test_print_only_header_and_closing_promotions_go():
    text = _article(NEWS_PAGE).text
    for dropped in ("https://example.org/news/bridge", "may be reached", "in your inbox", "All rights reserved"):
        assert dropped not in text
    assert "spare the ferry" in text


def test_title_falls_back_to_first_heading():
    html = f"<html><body><article><h1>Only a heading</h1><p>{LOREM}</p></article></body></html>"
    assert _article(html).title == "Only a heading"


def test_extract_html_routes_articles_to_the_article_extractor():
    assert extract_html(BLOG_POST, "https://example.org/post").extractor == "article"


def test_deeply_nested_markup_does_not_crash():
    depth = 100_000
    html = "<html><body>" + "<div>" * depth + f"<p>{LOREM}</p>" + "</div>" * depth + "</body></html>"
    main = find_main_content(parse_page(html).root)
    assert main.element is not None


@pytest.mark.skipif(not SHARED_BENCH.is_dir(), reason="shared benchmark not present")
@pytest.mark.slow(3)
def test_f1_on_development_pages_stays_above_floor():
    bench = SHARED_BENCH / "article-extraction"
    spec = importlib.util.spec_from_file_location("score_f1", SHARED_BENCH / "score_f1.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    predictions = {}
    for page_id, expected in truth.items():
        html = gzip.decompress((bench / "html" / f"{page_id}.html.gz").read_bytes()).decode("utf-8")
        predictions[page_id] = {"articleBody": extract_html(html, expected.get("url")).text}
    f1, _precision, _recall = scorer.score(truth, predictions)
    assert f1 >= F1_FLOOR


def test_a_short_notice_under_its_title_is_the_article_not_a_byline():
    page = (
        "<html><head><title>Travaux</title></head><body><nav><a href='/'>Accueil</a></nav>"
        "<article><h1>Travaux</h1><p>Le site est en travaux, revenez lundi.</p></article></body></html>"
    )
    assert extract_html(page, "https://example.org/travaux").text == "Le site est en travaux, revenez lundi."
