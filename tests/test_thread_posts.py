"""A thread's posts are taken together however long its opening post is, and forum software
that names itself on its root element (`<html id="XenForo">`) makes the page a thread."""

from __future__ import annotations

from clipper.extract import extract_html
from clipper.extract.page_kind import guess_page_kind
from clipper.extract.parse import parse_page

SENTENCE = "The valve kept leaking after the second repair, so we replaced the whole assembly at last"
OG_ARTICLE = '<meta property="og:type" content="article">'


def _thread(root_attributes: str) -> str:
    opening = "".join(f"<p>Part {n}: {SENTENCE}, then tested it for a week.</p>" for n in range(6))
    replies = "".join(
        f'<li class="message"><div class="userinfo">member{n}</div>'
        f"<article><blockquote>Reply {n}: did the seal hold after that, or did it start to drip again by the end of the month?</blockquote></article></li>"
        for n in range(1, 4)
    )
    return f"""<html {root_attributes}><head>{OG_ARTICLE}<title>Leaking valve</title></head><body>
    <nav><a href="/">Forums</a> <a href="/new">New posts</a></nav><h1>Leaking valve</h1>
    <ol class="messageList"><li class="message"><div class="userinfo">opener</div>
    <article>{opening}</article></li>{replies}</ol><footer>Forum software by XenForo</footer></body></html>"""


def test_forum_software_named_by_the_root_element_id_makes_the_page_a_thread() -> None:
    page = parse_page(_thread('id="XenForo" class="Public NoJs"'))
    assert guess_page_kind(page.root, "https://example.org/threads/leaking-valve.42/") == "forum"
    page = parse_page(_thread('id="top"'))
    assert guess_page_kind(page.root, "https://example.org/threads/leaking-valve.42/") == "article"


def test_the_short_replies_under_a_long_opening_post_are_kept_on_a_thread() -> None:
    text = extract_html(_thread('id="XenForo"'), "https://example.org/threads/leaking-valve.42/").text
    assert "Part 5:" in text
    for n in range(1, 4):
        assert f"Reply {n}: did the seal hold" in text
