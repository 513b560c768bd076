"""Listings and shop categories: the list stays, the menus above it go; small
pages of our own."""

from __future__ import annotations

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clipper.errors import ExtractionError
from clipper.extract import extract_html
from clipper.extract.pruning import prune
from clipper.extract.text import text_of

MENU_WORDS = ["Bakeware", "Cutlery", "Glassware", "Aprons", "Skillets", "Teapots", "Kettles", "Trivets"]


def _shop_page(products: int, menu_links: int, *, with_title: bool = True) -> str:
    menu = "".join(f'<li><a href="/c/{word.lower()}">{word}</a></li>' for word in MENU_WORDS[:menu_links])
    cards = "".join(
        f'<div class="card"><a href="/p/{n}">Cast iron skillet number {n}, pre-seasoned, 10 inch</a> $2{n}.00</div>'
        for n in range(1, products + 1)
    )
    title = "<h1>Cast iron</h1>" if with_title else ""
    return f'<div class="mega"><ul>{menu}</ul></div>{title}<div class="grid">{cards}</div>'


def _pruned(html: str) -> str:
    main = lxml.html.fragment_fromstring(html, create_parent="div")
    prune(main, link_budget=0.5)
    return text_of(main)


def test_a_shop_menu_above_the_title_goes_and_the_product_list_stays() -> None:
    text = _pruned(_shop_page(6, 8))
    assert all(f"skillet number {n}," in text for n in range(1, 7))
    assert not any(word in text for word in MENU_WORDS)


def test_a_page_without_a_title_keeps_its_links() -> None:
    text = _pruned(_shop_page(6, 8, with_title=False))
    assert "skillet number 6," in text
    assert "Bakeware" in text


def test_a_few_links_above_the_title_are_no_menu() -> None:
    assert "Bakeware" in _pruned(_shop_page(6, 3))


def test_a_whole_shop_page_keeps_its_products_without_the_menu() -> None:
    text = extract_html(f"<html><body>{_shop_page(6, 8)}</body></html>", "https://shop.example.org/c/cast-iron").text
    assert "skillet number 6," in text
    assert "Bakeware" not in text


@settings(max_examples=30, deadline=None)
@given(products=st.integers(min_value=3, max_value=12), menu_links=st.integers(min_value=0, max_value=8))
def test_the_product_list_is_never_pruned_with_the_menu(products: int, menu_links: int) -> None:
    text = _pruned(_shop_page(products, menu_links))
    assert all(f"skillet number {n}," in text for n in range(1, products + 1))


def test_a_modal_dialog_is_never_the_content_however_long() -> None:
    terms = "".join(
        f"<p>Clause {n}: the arbitration demand shall be filed within thirty days of notice.</p>" for n in range(40)
    )
    cards = "".join(
        f'<div class="card"><p>Wool runner number {n}, soft merino wool, machine washable.</p></div>' for n in range(6)
    )
    html = f"""<html><body><div class="grid">{cards}</div>
    <div id="modal-terms" aria-modal="true" class="takeover"><h1>Terms of service</h1>{terms}</div></body></html>"""
    text = extract_html(html, "https://shop.example.org/collections/runners").text
    assert "Wool runner number 5," in text
    assert "arbitration" not in text


def _spread_page(widgets: str) -> str:
    cards = "".join(
        f'<div class="promo-card"><h3>Walnut side table {n}</h3><div>Solid walnut, oiled, 45 cm high. 1{n}0 EUR</div></div>'
        for n in range(1, 9)
    )
    intro = "<div><p>Side tables from our own workshop, made to order.</p></div>"
    return f"<html><body>{widgets}{intro}{cards}</body></html>"


COOKIE_BANNER = (
    '<div class="cookie-banner"><div>We use cookies to measure our audience and to remember your basket,'
    " with your consent, for thirteen months at most; you may withdraw it at any time.</div></div>"
)
SELECT_MENU = '<details class="select-menu"><div>' + " ".join(f"Wood {n}" for n in range(40)) + "</div></details>"


def test_when_the_page_text_is_kept_its_widgets_go_and_its_cards_stay() -> None:
    extraction = extract_html(_spread_page(COOKIE_BANNER + SELECT_MENU), "https://shop.example.org/tables")
    assert extraction.strategy.startswith("page")
    assert all(f"Walnut side table {n}" in extraction.text for n in range(1, 9))
    assert "cookies" not in extraction.text
    assert "Wood 12" not in extraction.text


def test_a_widget_word_inside_a_card_link_is_no_widget() -> None:
    link = '<a class="card__link-overlay" href="/t/9">Walnut side table 9, the tall one</a>'
    extraction = extract_html(_spread_page(link), "https://shop.example.org/tables")
    assert "side table 9, the tall one" in extraction.text


def _cleaned(blocks: str) -> str:
    from clipper.extract.clean import clean

    body = lxml.html.fromstring(f"<html><body>{blocks}</body></html>").find("body")
    clean(body)
    return text_of(body)


def test_ad_names_a_block_only_as_a_class_of_its_own_not_as_a_modifier() -> None:
    text = _cleaned(
        '<div class="grid-item hide-read-more-ad">The battery boom of last year, told by its engineers</div>'
        '<div class="Accordion_item__adF2E">How do I learn graphic design on my own?</div>'
        '<div class="ad">Buy one skillet, get one free</div><div class="ads-box">Cheap flights to Lisbon</div>'
    )
    assert "battery boom" in text
    assert "graphic design" in text
    assert "skillet" not in text
    assert "Lisbon" not in text


def _recipe_index(cards: int) -> str:
    card = (
        '<article class="card"><a href="/r/{n}"><div>{n}4 reviews / 4.9 average</div>'
        "<h3>Crispy air fryer dish number {n}</h3></a></article>"
    )
    rows = [range(start, min(start + 3, cards + 1)) for start in range(1, cards + 1, 3)]
    grid = "".join("<section>" + "".join(card.format(n=n) for n in row) + "</section>" for row in rows)
    intro = "<p>Our air fryer recipes, quick and crispy, from breakfast to dinner.</p>"
    return f"<html><body><main><h1>Air fryer recipes</h1>{intro}{grid}</main></body></html>"


def test_cards_with_linked_titles_that_make_most_of_the_page_are_its_content_even_read_as_an_article() -> None:
    head = '<head><meta property="og:type" content="article"></head>'
    html = _recipe_index(9).replace("<html>", f"<html>{head}")
    text = extract_html(html, "https://recipes.example.org/air-fryer-recipes").text
    assert all(f"dish number {n}" in text for n in range(1, 10))


def test_a_few_teaser_cards_under_an_article_still_go() -> None:
    article = "".join(
        f"<p>{n}: the pump was rebuilt after the flood, valve by valve, over a week.</p>" for n in range(12)
    )
    cards = "".join(f'<div class="card"><a href="/s/{n}"><h3>Another story {n}</h3></a></div>' for n in range(3))
    html = f'<html><body><article><h1>Pump</h1>{article}<div class="more">{cards}</div></article></body></html>'
    text = extract_html(html, "https://news.example.org/2024/pump").text
    assert "rebuilt after the flood" in text
    assert "Another story" not in text


def test_a_product_card_caption_with_its_title_is_the_card_not_a_photo_caption() -> None:
    card = (
        '<li class="product"><a href="/p/{n}"><img src="/i/{n}.jpg" alt=""></a><div class="product-caption">'
        '<h3><a href="/p/{n}">Cutlery roll number {n}</a></h3><div>Waxed canvas, holds eight pieces.</div>'
        "<span>$4{n}.00</span></div></li>"
    )
    html = "<div><h1>Outdoor gear</h1><ul>" + "".join(card.format(n=n) for n in range(1, 7)) + "</ul></div>"
    text = _pruned(html)
    assert all(f"Cutlery roll number {n}" in text for n in range(1, 7))


def test_a_loose_photo_caption_still_goes() -> None:
    article = "".join(f"<p>{n}: the pump was rebuilt after the flood, valve by valve.</p>" for n in range(6))
    caption = '<div class="photo-caption">Photo: the pump house in May, <a href="/credits">A. Photographer</a></div>'
    text = _pruned(f"<div>{article}{caption}</div>")
    assert "rebuilt after the flood" in text
    assert "pump house in May" not in text


def _card_grid(cards: int) -> str:
    card = (
        '<li class="item"><div class="details"><h3><a href="/p/{n}">The walnut pack number {n}</a></h3></div>'
        "<p>All three oils</p><div>Sale price £8{n} Regular price £9{n}</div></li>"
    )
    return "<ul>" + "".join(card.format(n=n) for n in range(1, cards + 1)) + "</ul>"


def test_a_card_title_alone_in_its_block_is_no_link_cluster_on_a_list() -> None:
    main = lxml.html.fragment_fromstring(f"<h1>Oils</h1>{_card_grid(4)}", create_parent="div")
    prune(main, link_budget=0.5, lone_links=False)
    assert all(f"walnut pack number {n}" in text_of(main) for n in range(1, 5))


def test_a_lone_link_block_still_goes_from_an_article() -> None:
    article = "".join(f"<p>{n}: the pump was rebuilt after the flood, valve by valve.</p>" for n in range(6))
    main = lxml.html.fragment_fromstring(
        f'{article}<div class="next"><a href="/s/2">Read the next story about pumps</a></div>', create_parent="div"
    )
    prune(main)
    assert "next story" not in text_of(main)
    assert "rebuilt after the flood" in text_of(main)


CARD_ACTIONS = (
    '<li class="item"><h3>Wild flowers candle number {n}</h3><p>Beeswax, forty hours.</p>'
    '<div><a href="/cart/{n}">Add to cart</a></div><div><span>Quick shop</span></div><div>Compare</div></li>'
)
CARD_BADGES = (
    "<li><div>Top rated</div><div>New arrival</div><h3>Bike helmet number {n}</h3>"
    "<p>MIPS liner, 290 g.</p><div>Select a size</div><div>Read full article</div></li>"
)

CARD_STOCK = (
    "<li><div>Best seller</div><div>Sale</div><h3>Trail runner number {n}</h3><p>Vibram sole, 280 g.</p>"
    '<div>Sold out</div><div>In stock</div><div><a href="/p/{n}">Shop now</a></div><div>View more</div></li>'
)

SHOP_PROMISES = (
    "<li><h3>Wool runner number {n}</h3><p>Merino upper, size 8 to 14.</p><div>Free shipping on orders over $75</div>"
    "<div>Ships within 2 business days</div><div>or 4 interest-free payments of $24.50 with Klarna</div>"
    "<div>Shipping calculated at checkout.</div></li>"
)


@pytest.mark.parametrize(
    ("card", "kept", "chrome"),
    [
        pytest.param(
            CARD_ACTIONS, ("candle number 3", "Beeswax"), ("Add to cart", "Quick shop", "Compare"), id="shop-actions"
        ),
        pytest.param(
            CARD_BADGES,
            ("Bike helmet number 3", "MIPS liner"),
            ("Top rated", "New arrival", "Select a size", "Read full article"),
            id="badges-and-calls-to-action",
        ),
        pytest.param(
            CARD_STOCK,
            ("Trail runner number 3", "Vibram sole"),
            ("Best seller", "Sale", "Sold out", "In stock", "Shop now", "View more"),
            id="stock-badges-and-shop-links",
        ),
        pytest.param(
            SHOP_PROMISES,
            ("Wool runner number 3", "Merino upper"),
            ("Free shipping", "Ships within", "interest-free", "calculated at checkout"),
            id="shipping-and-payment-lines",
        ),
    ],
)
def test_a_cards_chrome_lines_go_and_its_words_stay(card: str, kept: tuple[str, ...], chrome: tuple[str, ...]) -> None:
    text = _pruned("<ul>" + "".join(card.format(n=n) for n in range(4)) + "</ul>")
    assert all(words in text for words in kept)
    assert not any(words in text for words in chrome)


def test_a_lists_sort_and_filter_controls_go() -> None:
    cards = "".join(f"<li><h3>Headlamp number {n}</h3><p>300 lumens, 6 hours.</p></li>" for n in range(4))
    text = _pruned(f"<div><span>Sort: Best Match</span></div><div>Filters</div><ul>{cards}</ul>")
    assert "Headlamp number 3" in text
    assert "Best Match" not in text
    assert "Filters" not in text


SCREEN_READER_LINES = (
    "Choosing a selection results in a full page refresh.",
    "Opens in a new window.",
    "Skip navigation links",
    "Slide 2 of 4",
    "View full details",
)


def test_a_shop_themes_screen_reader_lines_go_and_the_cards_stay() -> None:
    cards = "".join(f"<li><h3>Down jacket number {n}</h3><p>Recycled, 800 fill.</p></li>" for n in range(4))
    chrome = "".join(f"<div><span>{line}</span></div>" for line in SCREEN_READER_LINES)
    text = _pruned(f"{chrome}<ul>{cards}</ul>")
    assert "Down jacket number 3" in text
    assert not any(line.rstrip(".") in text for line in SCREEN_READER_LINES)


def test_a_shell_whose_only_text_is_a_skip_link_has_no_content() -> None:
    html = (
        "<html><body><div class='top'><a href='#main'>Skip navigation links</a></div>"
        "<div id='app'><div class='grid'></div></div></body></html>"
    )
    with pytest.raises(ExtractionError):
        extract_html(html, "https://shop.example/c/trackers/")


LINK_SIDEBAR = (
    '<div class="shop-sidebar"><h3>Trending</h3><ul>'
    + "".join(
        f'<li><a href="/t/{n}">A much discussed walnut finish, thread {n} by member{n}</a></li>' for n in range(20)
    )
    + "</ul></div>"
)
PROSE_COLUMN = (
    '<div class="layout-sidebar-left"><p>Every table is cut from one walnut board, oiled by hand and signed'
    " under its top; we keep the board's number so a second piece can match it.</p></div>"
)


def test_when_the_page_text_is_kept_its_sidebar_of_links_goes_and_a_column_of_prose_named_sidebar_stays() -> None:
    extraction = extract_html(_spread_page(LINK_SIDEBAR + PROSE_COLUMN), "https://shop.example.org/tables")
    assert extraction.strategy.startswith("page")
    assert all(f"Walnut side table {n}" in extraction.text for n in range(1, 9))
    assert "thread 3" not in extraction.text
    assert "oiled by hand" in extraction.text
