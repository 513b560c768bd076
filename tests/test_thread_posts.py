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


def _br_post(n: int, css: str, body_css: str = "post-body") -> str:
    lines = "<br>".join(f"Line {n}.{k}: {SENTENCE} on the kitchen tap" for k in range(3))
    return f'<article class="{css}"><div class="poster">member{n}</div><div class="{body_css}">{lines}</div></article>'


def test_posts_written_without_paragraphs_are_taken_together() -> None:
    posts = "".join(_br_post(n, "post-box") for n in range(1, 5))
    last = '<article class="post-box"><div class="post-body"><p>' + f"Last reply: {SENTENCE}.</p></div></article>"
    html = f"<html><head>{OG_ARTICLE}</head><body><h1>Leaking tap</h1><main>{posts}{last}</main></body></html>"
    text = extract_html(html, "https://example.org/topic/leaking-tap").text
    for n in range(1, 5):
        assert f"Line {n}.2:" in text
    assert "Last reply:" in text


def test_a_threads_root_posts_and_nested_replies_are_alike_by_their_first_class_word() -> None:
    first, *later = (_br_post(n, "message nested-level-root", "bbWrapper") for n in range(1, 4))
    nested = '<div class="replies"><article class="message nested-level-children"><div class="bbWrapper"><p>'
    nested += f"Nested reply: {SENTENCE}, twice over and again.</p></div></article></div>"
    generator = '<meta name="generator" content="XenForo">'
    html = f"<html><head>{generator}</head><body><h1>Leaking tap</h1><div>{first}{nested}{''.join(later)}</div></body></html>"
    text = extract_html(html, "https://example.org/threads/leaking-tap.7/").text
    assert "Nested reply:" in text
    for n in range(1, 4):
        assert f"Line {n}.2:" in text


def test_a_body_printed_twice_is_read_once() -> None:
    body = "".join(f"<p>Step {k}: {SENTENCE} in the basement</p>" for k in range(6))
    copy = f'<div itemprop="articleBody">{body}</div>'
    related = "".join(f"<li><a href='/{k}'>Other story number {k}</a></li>" for k in range(8))
    page = f"<div class='screen'>{copy}</div><div class='print'>{copy}</div><ul>{related}</ul>"
    html = f"<html><head>{OG_ARTICLE}</head><body><h1>Valve</h1><div id='page'>{page}</div></body></html>"
    text = extract_html(html, "https://example.org/news/valve").text
    assert text.count("Step 5:") == 1
