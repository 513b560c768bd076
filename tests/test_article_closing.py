"""An article keeps its body and loses what closes it: the author's box, named by its
class words or headed "About the author"; an article split over a page builder's
modules is read whole. Small pages of our own, one per rule."""

from __future__ import annotations

import pytest

from clipper.extract import extract_html

SENTENCE = "The valve kept leaking after the second repair, so we replaced the whole assembly at last"
BIO = "Jane Doe is a plumber and writer who has covered home repairs for ten years in three magazines."


def _text(html: str, url: str = "https://example.org/blog/valve-repair") -> str:
    return extract_html(html, url).text


def _paragraphs(count: int) -> str:
    return "".join(f"<p>Step {n}: {SENTENCE}, and it held for {n} weeks afterwards.</p>" for n in range(1, count + 1))


@pytest.mark.parametrize(
    "name",
    ["author-info", "about-author", "card author", "_authorContainer_15srf_1", "written-by", "contributor", "bio"],
)
def test_an_author_box_named_by_its_class_goes_and_the_article_stays(name: str) -> None:
    html = f"""<html><body><article><h1>Fixing a leaking valve</h1>{_paragraphs(6)}
    <div class="{name}"><p>{BIO}</p><a href="/authors/jane">View all posts</a></div></article></body></html>"""
    text = _text(html)
    assert all(f"Step {n}:" in text for n in range(1, 7))
    assert "Jane Doe is a plumber" not in text


def test_a_thread_keeps_its_posters_named_author() -> None:
    posts = "".join(
        f'<div class="post"><span class="author">member{n}</span><p>Reply {n}: {SENTENCE}.</p></div>'
        for n in range(1, 5)
    )
    html = (
        f"<html><head><meta name='generator' content='Discourse 3.2'></head><body><h1>Valve</h1>{posts}</body></html>"
    )
    text = _text(html, "https://forum.example.org/t/valve/42")
    assert all(f"member{n}" in text for n in range(1, 5))


@pytest.mark.parametrize("heading", ["About the Author", "Written by Jane Doe", "Author", "About the reviewer"])
def test_an_author_box_headed_so_goes_at_the_end_of_an_article(heading: str) -> None:
    html = f"""<html><body><article><h1>Fixing a leaking valve</h1>{_paragraphs(6)}
    <div class="bg-blue-50 px-4 py-4"><h2>{heading}</h2><p>Jane Doe, Executive Editor</p><p>{BIO}</p></div>
    </article></body></html>"""
    text = _text(html)
    assert all(f"Step {n}:" in text for n in range(1, 7))
    assert "Jane Doe is a plumber" not in text and heading not in text


def test_a_one_paragraph_bio_opening_about_the_author_goes() -> None:
    html = f"""<html><body><article><h1>Fixing a leaking valve</h1>{_paragraphs(6)}
    <p>About the author: {BIO}</p></article></body></html>"""
    assert "Jane Doe is a plumber" not in _text(html)


def test_an_about_the_author_section_early_in_the_page_is_its_text() -> None:
    html = f"""<html><body><article><h1>Our team</h1><h2>About the author</h2><p>{BIO}</p>
    {_paragraphs(6)}</article></body></html>"""
    assert "Jane Doe is a plumber" in _text(html)


def _shop_links(n: int) -> str:
    return "".join(
        f'<li><a href="/shop/{n}/{k}">Buy the replacement valve model {n}{k} here</a></li>' for k in range(8)
    )


def test_an_article_split_over_page_builder_modules_is_read_whole() -> None:
    modules = "".join(
        f'<div class="fl-module fl-module-rich-text fl-node-{n}x{n}q"><div class="fl-rich-text">'
        f"<p>Part {n}: {SENTENCE}, then we tested it for {n} days.</p>{_paragraphs(3)}</div></div>"
        f'<div class="fl-module fl-module-html fl-node-{n}h{n}"><ul>{_shop_links(n)}</ul></div>'
        for n in range(1, 6)
    )
    html = f"""<html><head><meta property="og:type" content="article"></head><body><header><a href="/">Home</a>
    </header><h1>Fixing a leaking valve</h1><div class="fl-col-content">{modules}</div><footer>© Plumbing blog</footer></body></html>"""
    text = _text(html)
    assert all(f"Part {n}:" in text for n in range(1, 6))


def test_two_columns_sharing_a_first_class_word_are_not_one_article() -> None:
    html = f"""<html><body><div class="row"><div class="w-full lg:w-[60%]"><h1>Fixing a leaking valve</h1>
    <div class="article-body">{_paragraphs(8)}</div></div><div class="w-full lg:w-[40%]">
    <p>Sidebar: {SENTENCE}, in another story.</p>{_paragraphs(5)}</div></div></body></html>"""
    assert "Sidebar:" not in _text(html)


def test_a_list_whose_items_have_words_beside_their_links_stays_and_a_menu_goes() -> None:
    facts = "".join(
        f'<li><strong>Official website</strong>: <a href="https://hotel{n}.example.com">Grand Hotel Number {n}</a></li>'
        for n in range(1, 5)
    )
    menu = "".join(f'<li><a href="/section/{n}">Section number {n} of the site</a></li>' for n in range(1, 5))
    html = f"""<html><body><article><h1>The best hotel brands</h1>{_paragraphs(6)}<ul>{facts}</ul>
    {_paragraphs(2)}<ul>{menu}</ul></article></body></html>"""
    text = _text(html)
    assert all(f"Grand Hotel Number {n}" in text for n in range(1, 5))
    assert "Section number 1" not in text


@pytest.mark.parametrize("name", ["dcom-c-disclosure", "legal-disclaimer", "disclosures"])
def test_a_legal_notice_named_so_is_not_the_article(name: str) -> None:
    legal = "".join(
        f"<p>Securities, insurance and annuity products are not deposits, are not insured, and may lose value {n}.</p>"
        for n in range(4)
    )
    html = f"""<html><body><main><h1>Saving money when you are young</h1><div class="intro">{_paragraphs(6)}</div>
    <section class="{name}">{legal}</section></main></body></html>"""
    text = _text(html)
    assert "Step 1:" in text and "annuity products" not in text


@pytest.mark.parametrize(
    "credit",
    [
        "<p>Photo credit: Jane Doe for Example Magazine</p>",
        "<p>Image Credit: Getty Images</p>",
        "<span>Getty Images / Holger Leue</span>",
        "<figure><img src='/valve.jpg' alt='the valve'><figcaption>Image source: Shutterstock</figcaption></figure>",
    ],
)
def test_an_image_credit_line_goes_and_a_real_caption_stays(credit: str) -> None:
    html = f"""<html><body><article><h1>Fixing a leaking valve</h1>{_paragraphs(3)}{credit}
    <figure><img src='/seal.jpg' alt='the seal'><figcaption>The worn seal after two repairs</figcaption></figure>
    {_paragraphs(3)}<p>Graphics: the drawings show the valve from above.</p></article></body></html>"""
    text = _text(html)
    assert "Step 3:" in text and "The worn seal after two repairs" in text
    assert "Graphics: the drawings" in text
    assert "Jane Doe for Example" not in text and "Getty" not in text and "Shutterstock" not in text


def test_a_form_s_status_messages_go() -> None:
    form = """<div class="w-form"><div class="w-form-done"><div>Thank you! Your submission has been received!</div></div>
    <div class="w-form-fail"><div>Oops! Something went wrong while submitting the form.</div></div></div>"""
    html = f"""<html><body><article><h1>Fixing a leaking valve</h1>{_paragraphs(4)}{form}
    <p>Nothing went wrong with the second seal, which still holds today.</p></article></body></html>"""
    text = _text(html)
    assert "Step 4:" in text and "Nothing went wrong with the second seal" in text
    assert "Your submission has been received" not in text and "Something went wrong" not in text


@pytest.mark.parametrize(
    "wall",
    [
        "This article is exclusive to Valve+ subscribers",
        "To read the rest of this story subscribe to Valve+.",
        "Become a paid subscriber to Valve Weekly to unlock this piece and learn about:",
        "Thanks for subscribing and reading this far. See you next week.",
    ],
)
def test_a_paywall_or_subscriber_line_goes(wall: str) -> None:
    html = f"""<html><body><article><h1>Fixing a leaking valve</h1>{_paragraphs(4)}<p>{wall}</p>
    <p>Subscribers to the water board were told of the repair in May.</p></article></body></html>"""
    text = _text(html)
    assert "Step 4:" in text and "Subscribers to the water board" in text
    assert wall[:20] not in text


@pytest.mark.parametrize(
    "button", ["Get a Quote", "Book a demo", "Get started for free", "Download now", "Contact sales"]
)
def test_a_call_to_action_alone_on_its_line_goes(button: str) -> None:
    html = f"""<html><body><article><h1>Fixing a leaking valve</h1>{_paragraphs(4)}
    <div class="wp-block-buttons"><a class="button" href="/go">{button}</a></div>
    <p>Get a quote from two plumbers before you book a demo of any smart valve.</p></article></body></html>"""
    text = _text(html)
    assert "Step 4:" in text and "Get a quote from two plumbers" in text
    assert button not in text


def test_a_template_s_placeholder_text_goes() -> None:
    lorem = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore."
    html = f"""<html><body><article><h1>Fixing a leaking valve</h1>{_paragraphs(4)}
    <div class="teaser"><h3>Heading line</h3><p>{lorem}</p></div>
    <p>The plumber quoted lorem ipsum to us once, and we laughed.</p></article></body></html>"""
    text = _text(html)
    assert "Step 4:" in text and "quoted lorem ipsum" in text
    assert "dolor sit amet" not in text


def test_real_cards_beside_a_placeholder_card_stay() -> None:
    lorem = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore."
    cards = f"<div class='card'>{lorem}</div>" + "".join(
        f"<div class='card'>Case {n}: {SENTENCE}, and the client renewed.</div>" for n in (1, 2)
    )
    html = f"""<html><body><article><h1>Fixing a leaking valve</h1>{_paragraphs(4)}
    <div class="cards">{cards}</div></article></body></html>"""
    text = _text(html)
    assert "Case 1:" in text and "Case 2:" in text
    assert "dolor sit amet" not in text
