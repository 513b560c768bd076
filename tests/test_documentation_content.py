"""Main content of documentation pages: code blocks whole, the page's own chrome
(tables of contents, edit links, previous/next footers) left out; small pages of
our own, one per rule."""

from __future__ import annotations

from clipper.extract import extract_html

PROSE = "The scheduler runs each task in turn, and a task that awaits gives the loop back to the others"


def _doc(body: str, url: str = "https://docs.example.org/guide/tasks.html") -> str:
    html = f"""<html><head><title>Tasks</title></head><body><main><h1>Tasks</h1>
    <p>{PROSE}.</p>{body}<p>{PROSE}, once more.</p></main></body></html>"""
    return extract_html(html, url).text


def test_numbers_and_linked_names_inside_highlighted_code_stay_in_the_code() -> None:
    code = """<div class="highlight"><pre><span class="n">squares</span> <span class="o">=</span> \
<span class="p">[</span><span class="n">x</span><span class="o">**</span><span class="mi">2</span> <span class="k">for</span> <span class="n">x</span> <span class="ow">in</span> <span class="nb">range</span><span class="p">(</span><span class="mi">10</span><span class="p">)]</span>
<span class="go">[0, 1, 4, 9, 16, 25, 36, 49, 64, 81]</span>
<a href="/std/result">Result</a>&lt;<a href="/std/u32">u32</a>&gt;</pre></div>"""
    text = _doc(code)
    assert "x**2 for x in range(10)" in text
    assert "[0, 1, 4, 9, 16, 25, 36, 49, 64, 81]" in text
    assert "Result<u32>" in text


def test_a_version_or_section_number_alone_is_not_a_dateline_but_a_date_is() -> None:
    body = """<h2><span class="section-number">5.1.2. </span>Using Lists as Queues</h2>
    <p>Stable since <span class="since">1.4.0</span> and priced <span class="price">$49.99</span> here.</p>
    <div class="entry"><span class="version">1.0.0</span></div>
    <div class="stamp">12/03/24</div><div class="stamp">March 3, 2024</div>"""
    text = _doc(body)
    assert "5.1.2." in text
    assert "1.0.0" in text
    assert "$49.99" in text
    assert "12/03/24" not in text
    assert "March 3, 2024" not in text


def test_a_section_whose_anchor_id_spells_its_heading_is_not_chrome_for_the_words_in_it() -> None:
    body = """<section id="receive-and-reply-to-an-inbound-message-section">
    <h2 id="receive-and-reply-to-an-inbound-message">Receive and reply to an inbound message</h2>
    <p>Point the number's webhook at your server, and answer each message with a short reply.</p></section>
    <section id="sign-up-for-an-account-section"><h2>Sign up for an account</h2>
    <p>Create the account first, then copy its key into a local file for later steps.</p></section>
    <div id="reply-form"><p>Leave a reply below, and we will get back to you soon after.</p></div>"""
    text = _doc(body)
    assert "answer each message with a short reply" in text
    assert "Receive and reply to an inbound message" in text
    assert "copy its key into a local file" in text
    assert "Leave a reply below" not in text


def test_a_documentation_page_s_own_chrome_lines_go() -> None:
    body = """<div class="feedback"><span>Is this page useful?</span> <a href="/edit">Edit this page</a></div>
    <div class="pager"><span>Previous</span> <span>Next</span></div><button>Copy code</button>"""
    text = _doc(body)
    assert "Is this page useful?" not in text
    assert "Edit this page" not in text
    assert "Previous" not in text
    assert "Copy code" not in text
    assert "a task that awaits gives the loop back" in text


def test_section_headings_named_like_a_list_s_controls_stay_with_their_sections() -> None:
    names = ("Filters", "Sort", "Compare", "Top rated", "New arrivals")
    sections = "".join(f"<h2>{name}</h2><p>{PROSE}, section {n} of the guide.</p>" for n, name in enumerate(names))
    text = _doc(sections + '<div class="toolbar"><span>Sort</span><span>Filters</span></div>')
    lines = text.splitlines()
    for name in names:
        assert name in lines  # every section keeps its heading
    assert "section 4 of the guide" in text
    assert text.count("Sort") == 1 and text.count("Filters") == 1  # the toolbar's controls still go
