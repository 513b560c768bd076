"""Forum threads keep every post with its author line, and lose each post's
chrome: posters' statistics, action and counter lines, signatures
(`clipper.extract.post_chrome`)."""

from __future__ import annotations

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clipper.extract import extract_html
from clipper.extract.post_chrome import drop_post_chrome

URL = "https://forum.example.org/threads/leaking-valve.4242/"
SENTENCE = "The valve kept leaking after the second repair, so we replaced the whole assembly at last"


def _post(n: int) -> str:
    return f"""<article class="message">
      <div class="message-user"><h4 class="message-name"><a href="/members/member{n}">member{n}</a></h4>
        <h5 class="userTitle">Senior Member</h5>
        <div class="message-userExtras">
          <dl class="pairs"><dt>Joined</dt><dd>Jun 29, 2016</dd></dl>
          <dl class="pairs"><dt>Messages</dt><dd>1,{n}11</dd></dl>
          <dl class="pairs"><dt>Reaction score</dt><dd>{n}0</dd></dl>
        </div></div>
      <div class="message-main"><time>Mar {n}, 2024</time>
        <div class="message-body"><p>Reply {n}: {SENTENCE}, and it held for {n} weeks.</p></div>
        <p class="stats"><strong>Posts:</strong> 40{n}</p>
        <div class="message-signature">My rig: a 1998 boiler and hope, signature number {n}.</div>
        <div class="message-actions"><span>Reply</span> <span>Report</span> <span>{n} likes</span></div>
      </div></article>"""


def _thread(posts: int = 4) -> str:
    body = "".join(_post(n) for n in range(1, posts + 1))
    return f"<html><head><title>Leaking valve</title></head><body><h1>Leaking valve</h1><div class='thread'>{body}</div></body></html>"


def _thread_page(posts: str) -> str:
    """A page holding `posts` as a thread under its title."""
    return f"<html><body><h1>Leaking valve</h1><div class='thread'>{posts}</div></body></html>"


def _thread_text(posts: str, url: str = URL) -> str:
    """The text clipper reads on `_thread_page(posts)` at `url`."""
    return extract_html(_thread_page(posts), url).text


def _keeps_every_reply(text: str) -> bool:
    """Whether `text` holds the three replies "Reply n:" and their authors "membern" of a test thread."""
    return all(f"Reply {n}:" in text and f"member{n}" in text for n in range(1, 4))


def test_a_thread_keeps_every_post_and_author_and_drops_the_posters_statistics() -> None:
    extraction = extract_html(_thread(), URL)
    text = extraction.text
    for n in range(1, 5):
        assert f"Reply {n}: {SENTENCE}" in text
        assert f"member{n}" in text
        assert f"signature number {n}" not in text
    for chrome in ("Joined", "Jun 29, 2016", "Messages", "Reaction score", "Posts:", "Report", "likes"):
        assert chrome not in text
    assert "+posts" in extraction.strategy


def test_the_posts_stay_separate_paragraphs_in_the_markdown() -> None:
    markdown = extract_html(_thread(), URL).markdown
    for n in range(1, 4):
        assert "weeks.\n\n" in markdown.split(f"Reply {n}:")[1]


def test_an_article_keeps_lines_that_look_like_statistics() -> None:
    html = f"""<html><body><article><h1>Our office</h1><p>{SENTENCE}.</p><dl><dt>Location</dt><dd>Lyon</dd></dl>
    <p>Posts: 12 letters a week, {SENTENCE}.</p></article></body></html>"""
    text = extract_html(html, "https://example.org/about-our-office").text
    assert "Location" in text and "Lyon" in text


def test_quoted_and_code_text_in_a_post_is_never_chrome() -> None:
    html = f"""<div><div class="post"><p>{SENTENCE}.</p><blockquote><p>Reply</p></blockquote>
    <pre><code>Posts: 12</code></pre></div></div>"""
    root = lxml.html.fromstring(html)
    drop_post_chrome(root)
    assert "Reply" in root.text_content() and "Posts: 12" in root.text_content()


@given(st.lists(st.sampled_from(["Joined", "Posts: 3", "Reply", "Likes", "12 likes", "hello", "<pre>Joined</pre>"])))
def test_any_mix_of_lines_keeps_the_words_that_are_not_chrome(lines: list[str]) -> None:
    root = lxml.html.fromstring("<div>" + "".join(f"<p>{line}</p>" for line in lines) + "<p>hello</p></div>")
    drop_post_chrome(root)
    text = root.text_content()
    assert text.count("hello") == lines.count("hello") + 1
    assert text.count("Joined") == lines.count("<pre>Joined</pre>")


def test_a_thread_whose_replies_are_named_comments_keeps_them_but_not_the_comments_under_a_post() -> None:
    replies = "".join(
        f'<li class="Item ItemComment"><div class="Comment"><span class="Author">member{n}</span>'
        f"<div class='Message'><p>Reply {n}: {SENTENCE}, and it held for {n} weeks.</p></div></div></li>"
        for n in range(1, 6)
    )
    small = '<div class="comments"><ul><li class="comment">Nice, thanks for the tip here.</li></ul></div>'
    html = f"""<html><body><main><h1>Leaking valve</h1><div class="Discussion"><p>{SENTENCE}, the question.</p>{small}</div>
    <div class="CommentsWrap"><ul class="MessageList Comments">{replies}</ul></div></main></body></html>"""
    text = extract_html(html, "https://forum.example.org/discussion/42/leaking-valve").text
    assert all(f"Reply {n}: {SENTENCE}" in text and f"member{n}" in text for n in range(1, 6))
    assert "Nice, thanks" not in text


def test_on_an_article_comments_are_still_chrome() -> None:
    replies = "".join(f"<li class='comment'><p>Comment {n}: {SENTENCE}.</p></li>" for n in range(1, 4))
    paragraphs = "".join(f"<p>{SENTENCE}, paragraph {n} of the article.</p>" for n in range(1, 9))
    html = f"""<html><head><meta property="og:type" content="article"></head><body><article><h1>Valves</h1>{paragraphs}</article>
    <div class="comments"><ol>{replies}</ol></div></body></html>"""
    assert "Comment 1" not in extract_html(html, "https://example.org/2024/05/valves").text


def test_a_thread_whose_posts_sit_in_a_moderation_form_keeps_them() -> None:
    posts = "".join(
        f'<article class="cPost ipsComment"><div class="cAuthorPane"><h3>member{n}</h3></div>'
        f'<div class="ipsComment_content"><p>Reply {n}: {SENTENCE}, and it held for {n} weeks.</p></div></article>'
        for n in range(1, 4)
    )
    menu = "".join(f"<li><a href='/f/{n}'>Forum section number {n}</a></li>" for n in range(1, 30))
    html = f"""<html><head><meta name="generator" content="Invision Community"></head><body><nav><ul>{menu}</ul></nav>
    <main><h1>Leaking valve</h1><div class="cTopic comments"><form action="/moderate" method="post">{posts}</form></div></main>
    <footer><ul>{menu}</ul></footer></body></html>"""
    text = extract_html(html, "https://forum.example.org/topic/42-leaking-valve/").text
    assert all(f"Reply {n}: {SENTENCE}" in text and f"member{n}" in text for n in range(1, 4))


def test_a_reply_quoting_an_earlier_post_does_not_repeat_it_but_a_quote_from_elsewhere_stays() -> None:
    first = f"<article><p>member1 wrote</p><div><p>{SENTENCE}, the first post.</p></div></article>"
    reply = f"<article><p>member2 wrote</p><blockquote><p>{SENTENCE}, the first post.</p></blockquote><p>Agreed, twice.</p></article>"
    outside = "<article><p>member3 wrote</p><blockquote><p>A quote from a manual that is nowhere else here.</p></blockquote></article>"
    html = f"<html><head><meta name='generator' content='phpBB'></head><body><div>{first}{reply}{outside}</div></body></html>"
    text = extract_html(html, "https://forum.example.org/viewtopic.php?t=42").text
    assert text.count(f"{SENTENCE}, the first post.") == 1
    assert "Agreed, twice." in text and "nowhere else here" in text


QA_FURNITURE_HTML = (
    "<div><p>Start asking to get answers</p><p>Find the answer to your question by asking.</p>"
    "<p>Ask question</p></div><div><h2>Explore related questions</h2>"
    "<p>See similar questions with these tags.</p></div>"
)


def _question_page() -> str:
    posts = "".join(
        f'<div class="answer"><div class="s-prose js-post-body"><p>Answer {n}: {SENTENCE}, {n} times.</p></div>'
        '<div class="post-menu"><span>Share</span> <span>Follow</span></div></div>'
        for n in range(1, 5)
    )
    return f"""<html><head><title>Why is RAID not a backup?</title></head><body>
    <div id="question-header"><h1>Why is RAID not a backup?</h1></div>
    <div id="mainbar"><div class="question"><div class="s-prose js-post-body"><p>Question: {SENTENCE}.</p></div></div>
    <div id="answers">{posts}</div>{QA_FURNITURE_HTML}</div></body></html>"""


@pytest.mark.parametrize(
    "url",
    [
        "https://serverfault.com/questions/2888/why-is-raid-not-a-backup",
        "https://serverfault.com/q/2888",  # short links: the address says nothing of a thread
        "https://stackoverflow.com/a/2889",
    ],
)
def test_a_stack_exchange_question_loses_the_networks_furniture_and_keeps_its_answers(url: str) -> None:
    extraction = extract_html(_question_page(), url)
    assert extraction.extractor == "stackexchange"
    assert "Answer 4:" in extraction.text and "Question:" in extraction.text
    assert "Ask question" not in extraction.text
    assert "similar questions" not in extraction.text and "Start asking" not in extraction.text


def test_the_networks_furniture_is_a_rule_of_its_sites_only() -> None:
    elsewhere = extract_html(_question_page(), "https://forum.example.org/questions/2888/why-is-raid-not-a-backup")
    assert elsewhere.extractor == "article"
    assert "Ask question" in elsewhere.text and "Answer 4:" in elsewhere.text
    profile = extract_html(
        f"<html><body><h1>Jeff Atwood</h1><p>{SENTENCE}.</p></body></html>", "https://cooking.stackexchange.com/users/1"
    )
    assert profile.extractor == "article"  # a page of the network that shows no question


def test_a_posters_rank_and_the_similar_threads_list_go_the_posts_stay() -> None:
    posts = "".join(
        f'<div class="post"><h4><a href="/m/{n}">member{n}</a></h4><div>Well-known member</div>'
        f"<div>Offline</div><p>Reply {n}: {SENTENCE}.</p></div>"
        for n in range(1, 4)
    )
    similar = (
        '<h3>Similar threads</h3><ul><li><a href="/t/1">Dripping tap</a></li><li><a href="/t/2">Boiler</a></li></ul>'
    )
    text = _thread_text(posts + similar)
    assert _keeps_every_reply(text)
    assert "Well-known member" not in text
    assert "Offline" not in text
    assert "Dripping tap" not in text


def test_a_post_printed_twice_is_read_once_and_a_short_repeated_line_stays() -> None:
    posts = "".join(
        f"<li class='post'><p>member{n}</p><p>Thanks!</p><div class='content'><p>Post {n}: {SENTENCE}.</p></div>"
        f"<div class='preview'><p>Post {n}: {SENTENCE}.</p></div></li>"
        for n in range(1, 4)
    )
    html = f"<html><head><meta name='generator' content='NodeBB'></head><body><ul>{posts}</ul></body></html>"
    text = extract_html(html, "https://forum.example.org/topic/42/valves").text
    for n in range(1, 4):
        assert text.count(f"Post {n}: {SENTENCE}.") == 1
        assert f"member{n}" in text
    assert text.count("Thanks!") == 3


def test_a_threads_post_dates_stay_and_its_bare_counters_go() -> None:
    posts = "".join(
        f"<article class='post'><div class='author'><p>member{n}</p><p>Mar {n}, 2024</p></div>"
        f"<div class='votes'><span>{n}7</span></div><div class='body'><p>Post {n}: {SENTENCE}.</p></div></article>"
        for n in range(1, 4)
    )
    html = f"<html><head><meta name='generator' content='XenForo'></head><body><div>{posts}</div></body></html>"
    text = extract_html(html, URL).text
    for n in range(1, 4):
        assert f"Mar {n}, 2024" in text and f"Post {n}: {SENTENCE}." in text
        assert f"{n}7" not in text.split()
    article = html.replace("XenForo", "WordPress")
    assert "Mar 1, 2024" not in extract_html(article, "https://blog.example.org/2024/valves").text


def test_a_quote_pasting_an_earlier_paragraph_and_a_post_copied_with_its_markup_are_read_once() -> None:
    def post(author: str, body: str) -> str:
        return f"<article class='message'><h4>{author}</h4><div class='message-body'>{body}</div></article>"

    earlier = post("member0", f"<p>Post zero: {SENTENCE}, and the plumber came back twice.</p>")
    first_body = (
        f"<p>From member1, who wrote this one a while ago: {SENTENCE}.</p>"
        f"Post one: {SENTENCE}.<br><div class='image'><img src='valve.jpg' alt=''></div>"
        "And a second line of the first post, about the new gasket."
    )
    first, copy = post("member1", first_body), post("member1", first_body)
    quote = f"<blockquote><div class='title'>member0 said:</div><p>Post zero: {SENTENCE}, and the plumber came back twice.</p></blockquote>"
    reply = post("member2", f"{quote}<p>Agreed: replace the assembly, {SENTENCE}.</p>")
    body = earlier + first + copy + reply
    html = f"<html><head><meta name='generator' content='XenForo'></head><body><h1>Leaking valve</h1><div class='thread'>{body}</div></body></html>"
    text = extract_html(html, URL).text
    assert text.count(f"Post one: {SENTENCE}.") == 1
    assert text.count(f"Post zero: {SENTENCE}") == 1
    assert f"Agreed: replace the assembly, {SENTENCE}." in text and "member2" in text


def test_a_posters_statistics_labelled_by_icons_go_and_a_definition_list_in_a_post_stays() -> None:
    stats = (
        "<dl class='pairs'><dt><span title='Joined'><i class='icon-calendar'></i></span></dt><dd>Feb 8, 2017</dd></dl>"
        "<dl class='pairs'><dt><i class='icon-comments'></i></dt><dd>5,421</dd></dl>"
    )
    glossary = (
        "<dl><dt></dt><dd>A gasket is the ring of rubber that seals the joint between the valve and the pipe.</dd></dl>"
    )
    posts = "".join(
        f"<article class='message'><div class='user'><h4>member{n}</h4>{stats}</div>"
        f"<div class='body'><p>Post {n}: {SENTENCE}, on Mar {n}, 2024.</p>{glossary if n == 1 else ''}</div></article>"
        for n in range(1, 4)
    )
    html = f"<html><head><meta name='generator' content='XenForo'></head><body><div>{posts}</div></body></html>"
    text = extract_html(html, URL).text
    assert "Feb 8, 2017" not in text and "5,421" not in text
    assert "A gasket is the ring of rubber" in text and "member2" in text


def test_a_threads_opening_post_printed_above_its_replies_joins_them_and_a_summary_box_does_not() -> None:
    replies = "".join(
        f"<article class='reply'><h4>member{n}</h4><div class='reply-body'><p>Reply {n}: {SENTENCE}.</p></div></article>"
        for n in range(2, 6)
    )
    html = f"""<html><head><meta name='generator' content='XenForo'></head><body>
    <h1>Leaking valve</h1>
    <div class='summary'><h3>Discussion overview</h3><p>The members discuss a leaking valve and how it was finally fixed for good.</p></div>
    <div class='original-post'><h4>member1</h4><div class='op-body'><p>Opening post: {SENTENCE}, and I need advice.</p></div></div>
    <div class='replies'>{replies}</div></body></html>"""
    text = extract_html(html, URL).text
    assert f"Opening post: {SENTENCE}, and I need advice." in text
    assert text.index("Opening post") < text.index("Reply 2:")
    assert all(f"Reply {n}: {SENTENCE}." in text for n in range(2, 6))
    assert "Discussion overview" not in text and "finally fixed for good" not in text


def test_a_posters_profile_list_loses_its_rank_and_fields_and_keeps_the_name() -> None:
    profile = (
        "<dl class='postprofile'><dt><a href='/memberlist.php?u=7'>member{n}</a></dt><dd>Volunteer</dd>"
        "<dd><strong>Posts:</strong> 4032</dd><dd>Primary OS: Mac OS X other</dd></dl>"
    )
    glossary = "<dl><dt>Gasket</dt><dd>Primary seal: the ring of rubber between the valve and the pipe.</dd></dl>"
    posts = "".join(
        f"<div class='post'>{profile.format(n=n)}<div class='content'><p>Post {n}: {SENTENCE}.</p>"
        f"{glossary if n == 1 else ''}</div></div>"
        for n in range(1, 4)
    )
    html = f"<html><head><meta name='generator' content='phpBB'></head><body><div>{posts}</div></body></html>"
    text = extract_html(html, "https://forum.example.org/viewtopic.php?t=42").text
    assert "Volunteer" not in text and "Primary OS" not in text and "4032" not in text
    assert "member2" in text and "Primary seal: the ring of rubber" in text


def test_a_posters_title_under_the_name_goes_whatever_it_says_and_the_name_stays() -> None:
    titles = ("Code Monkey", "Always learning, often laughing", "Distinguished Member")
    posts = "".join(
        f'<article class="message"><h4 class="message-name"><a href="/members/m{n}">member{n}</a></h4>'
        f'<h5 class="userTitle message-userTitle">{title}</h5><div class="userBanner message-userBanner">Staff</div>'
        f"<p>Reply {n}: {SENTENCE}.</p></article>"
        for n, title in enumerate(titles, start=1)
    )
    text = _thread_text(posts)
    assert _keeps_every_reply(text)
    assert not any(title in text for title in titles) and "Staff" not in text


def test_a_no_rank_modifier_names_no_title_and_a_post_about_ranks_stays() -> None:
    posts = "".join(
        f'<div class="post"><div class="no-profile-rank has-avatar"><strong>member{n}</strong></div>'
        f"<p>Reply {n}: my user title is Senior Member now, {SENTENCE}.</p></div>"
        for n in range(1, 4)
    )
    text = _thread_text(posts)
    assert all(f"member{n}" in text and f"Reply {n}: my user title" in text for n in range(1, 4))


def test_a_replys_subject_line_goes_and_a_sentence_opening_with_re_stays() -> None:
    posts = "".join(
        f"<div class='post'><h3><a href='#p{n}'>Re: Leaking valve</a></h3><p>by member{n} » Mar {n}, 2024</p>"
        f"<div class='content'><p>Reply {n}: {SENTENCE}.</p></div></div>"
        for n in range(1, 4)
    )
    long_line = f"<div class='post'><p>Re: your question about the valve, {SENTENCE}, {SENTENCE}.</p></div>"
    text = _thread_text(posts + long_line, "https://forum.example.org/viewtopic.php?t=42")
    assert "Re: Leaking valve" not in text
    assert _keeps_every_reply(text)
    assert "Re: your question about the valve" in text


def test_a_replys_subject_printed_as_a_heading_of_its_own_goes() -> None:
    posts = "".join(
        f"<div class='post'><h2>Re: Leaking valve</h2><p>by member{n} » Mar {n}, 2024</p>"
        f"<div class='content'><p>Reply {n}: {SENTENCE}.</p></div></div>"
        for n in range(1, 4)
    )
    text = _thread_text(posts, "https://forum.example.org/viewtopic.php?t=42")
    assert "Re: Leaking valve" not in text
    assert _keeps_every_reply(text)


def test_an_advertisement_label_whole_on_its_line_goes_and_a_sentence_about_adverts_stays() -> None:
    html = f"""<html><body><article><h1>Valves</h1><p>{SENTENCE}.</p>
    <div>Advertisement - Members don't see this ad</div><p>{SENTENCE} again.</p><div>Advertisement: New Book!</div>
    <p>Advertisement of the fitting trade in 1920 was mostly done in print, {SENTENCE}.</p></article></body></html>"""
    text = extract_html(html, "https://example.org/valves").text
    assert "Members don't see this ad" not in text and "New Book" not in text
    assert "Advertisement of the fitting trade" in text


def test_an_avatars_initial_and_the_threads_statistics_go_the_names_stay() -> None:
    posts = [
        f'<article class="post"><a href="/u/m{n}"><span class="avatar avatar-sm">M</span> member{n}</a>'
        f"<p>Reply {n}: {SENTENCE}.</p></article>"
        for n in range(1, 4)
    ]
    stats = "<div><div><span>Views</span></div><div><span>Created</span> <span>1 yr</span></div>"
    stats += "<div><span>Last Reply</span> <span>Sep 26</span></div></div>"
    thread = posts[0] + stats + "".join(posts[1:])
    text = _thread_text(thread)
    assert _keeps_every_reply(text)
    assert "M member1" not in text and "\nM\n" not in f"\n{text}\n"
    assert not any(word in text for word in ("Views", "Created", "Last Reply", "1 yr"))


def test_a_custom_profile_field_beside_the_posters_statistics_goes_and_a_glossary_in_a_post_stays() -> None:
    extras = (
        '<div class="message-userExtras"><dl class="pairs"><dt>Joined</dt><dd>Jun 4, 2024</dd></dl>'
        '<dl class="pairs"><dt>Location (town/city + country)</dt><dd>Kent (South East, UK)</dd></dl></div>'
    )
    glossary = "<dl><dt>Seat</dt><dd>the ring the washer sits on</dd></dl><dl><dt>Stem</dt><dd>the rod</dd></dl>"
    posts = "".join(
        f'<article class="message"><h4 class="message-name">member{n}</h4>{extras}'
        f"<div class='message-body'><p>Reply {n}: {SENTENCE}.</p>{glossary}</div></article>"
        for n in range(1, 4)
    )
    text = _thread_text(posts)
    assert _keeps_every_reply(text)
    assert "Location (town/city" not in text and "South East" not in text
    assert "the ring the washer sits on" in text
