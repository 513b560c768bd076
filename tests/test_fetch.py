"""The fetch stage against real servers on 127.0.0.1: limits, redirects, errors, decoding."""

from __future__ import annotations

import gzip
import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator

import brotli
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug import Request, Response

from clipper.errors import FetchError, NotAWebPageError, UsageError
from clipper.fetch import (
    FetchOptions,
    HTTPStatusError,
    decode_html,
    download,
    fetch,
    make_client,
    parse_retry_after,
    read_file,
)

FRENCH = "Données à récolter, été"
PAGE = f"<!doctype html><html><head><title>t</title></head><body><p>{FRENCH}</p></body></html>"
FAST = FetchOptions(timeout=5, connect_timeout=2)


def serve(httpserver, path="/", body: bytes | str = PAGE, status=200, **kwargs) -> str:
    kwargs.setdefault("content_type", "text/html; charset=utf-8")
    httpserver.expect_request(path).respond_with_data(body, status=status, **kwargs)
    return httpserver.url_for(path)


# --- decode_html ------------------------------------------------------------


def test_header_charset_is_used():
    assert decode_html(FRENCH.encode("cp1252"), "text/html; charset=windows-1252")[0] == FRENCH


def test_quoted_header_charset_is_used():
    assert decode_html(FRENCH.encode("cp1252"), 'text/html; charset="ISO-8859-1"')[0] == FRENCH


def test_latin1_label_decodes_as_windows_1252_like_browsers():
    assert decode_html("l’été, 5 €".encode("cp1252"), "text/html; charset=iso-8859-1") == (
        "l’été, 5 €",
        "cp1252",
    )


def test_meta_charset_is_used():
    body = f'<html><head><meta charset="windows-1252"></head><p>{FRENCH}'.encode("cp1252")
    assert FRENCH in decode_html(body, "text/html")[0]


def test_meta_http_equiv_charset_is_used():
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    assert FRENCH in decode_html(f"{meta}<p>{FRENCH}".encode("cp1252"), None)[0]


def test_header_charset_wins_over_meta():
    body = f'<meta charset="utf-8"><p>{FRENCH}'.encode("cp1252")
    assert decode_html(body, "text/html; charset=windows-1252")[1] == "cp1252"


def test_bom_wins_over_a_disagreeing_header():
    body = "\ufeff".encode("utf-8") + FRENCH.encode("utf-8")
    assert decode_html(body, "text/html; charset=windows-1252") == (FRENCH, "utf-8")


def test_utf16_bom_is_honoured():
    assert decode_html("\ufeff<p>été</p>".encode("utf-16-le"), None)[0] == "<p>été</p>"


def test_undeclared_windows_1252_french_is_detected():
    assert decode_html(f"<p>{FRENCH}</p>".encode("cp1252"), None) == (f"<p>{FRENCH}</p>", "cp1252")


def test_undeclared_utf8_is_utf8():
    assert decode_html(FRENCH.encode(), "text/html") == (FRENCH, "utf-8")


def test_wrong_declared_charset_falls_back_to_detection():
    assert decode_html(FRENCH.encode(), "text/html; charset=ascii")[0] == FRENCH


def test_unknown_declared_charset_falls_back():
    assert decode_html(FRENCH.encode(), "text/html; charset=klingon-8") == (FRENCH, "utf-8")


def test_utf8_with_one_broken_byte_stays_utf8():
    body = FRENCH.encode() + b" \x92 " + "élève café".encode()
    assert decode_html(body, None)[0].endswith("élève café")


def test_nul_bytes_are_removed():
    assert decode_html(b"<p>a\x00b</p>", "text/html; charset=utf-8")[0] == "<p>ab</p>"


@settings(max_examples=150, deadline=None)
@given(body=st.binary(max_size=600), content_type=st.one_of(st.none(), st.text(max_size=60)))
def test_decode_html_never_raises(body, content_type):
    text, encoding = decode_html(body, content_type)
    assert "\x00" not in text and encoding


@settings(max_examples=50, deadline=None)
@given(text=st.text(max_size=200))
def test_declared_utf8_round_trips(text):
    assert decode_html(text.encode(), "text/html; charset=utf-8")[0] == text.replace("\x00", "")


@settings(max_examples=50, deadline=None)
@given(label=st.sampled_from(["utf-16", "utf-32", "latin1", "x-bogus", "utf-8", "cp1252"]))
def test_meta_labels_never_raise(label):
    assert "p" in decode_html(f'<meta charset="{label}"><p>été'.encode("cp1252"), None)[0]


def test_retry_after_reads_seconds_and_dates():
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert parse_retry_after("soon") is None


# --- fetching a page --------------------------------------------------------


def test_fetch_returns_decoded_page_with_validators(httpserver):
    url = serve(httpserver, headers={"ETag": '"v1"', "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"})
    page = fetch(url, FAST)
    assert (page.html, page.status, page.content_type, page.encoding, page.etag, page.url) == (
        PAGE,
        200,
        "text/html",
        "utf-8",
        '"v1"',
        url,
    )
    assert page.last_modified == "Mon, 01 Jan 2024 00:00:00 GMT"


def test_windows_1252_page_without_declaration_reads_right(httpserver):
    url = serve(httpserver, body=PAGE.encode("cp1252"), content_type="text/html")
    assert FRENCH in fetch(url, FAST).html


def test_user_agent_and_accept_headers_name_the_tool(httpserver):
    seen: dict[str, str] = {}

    def handler(request: Request) -> Response:
        seen.update(request.headers)
        return Response(PAGE, content_type="text/html")

    httpserver.expect_request("/").respond_with_handler(handler)
    fetch(httpserver.url_for("/"), FAST)
    assert seen["User-Agent"].startswith("clipper/")
    assert seen["Accept"].startswith("text/html")
    assert "br" in seen["Accept-Encoding"] and "gzip" in seen["Accept-Encoding"]


def test_custom_user_agent_is_sent(httpserver):
    httpserver.expect_request("/", headers={"User-Agent": "moi/1"}).respond_with_data(PAGE, content_type="text/html")
    assert fetch(httpserver.url_for("/"), FetchOptions(user_agent="moi/1")).status == 200


def test_brotli_and_gzip_pages_are_decompressed(httpserver):
    br = serve(httpserver, "/br", brotli.compress(PAGE.encode()), headers={"Content-Encoding": "br"})
    gz = serve(httpserver, "/gz", gzip.compress(PAGE.encode()), headers={"Content-Encoding": "gzip"})
    with make_client(FAST) as client:
        assert fetch(br, FAST, client=client).html == fetch(gz, FAST, client=client).html == PAGE


@pytest.mark.parametrize("compress", [zlib.compress, lambda data: zlib.compress(data, wbits=-15)])
def test_deflate_pages_wrapped_or_raw_are_decompressed(httpserver, compress):
    url = serve(httpserver, body=compress(PAGE.encode()), headers={"Content-Encoding": "deflate"})
    assert fetch(url, FAST).html == PAGE


def test_corrupt_gzip_is_a_fetch_error(httpserver):
    url = serve(httpserver, body=b"\x1f\x8bnot gzip at all", headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="corrupt"):
        fetch(url, FAST)


def test_redirect_is_followed_and_final_url_kept(httpserver):
    final = serve(httpserver, "/final")
    serve(httpserver, "/start", "", status=301, headers={"Location": "/middle"})
    serve(httpserver, "/middle", "", status=302, headers={"Location": final})
    page = fetch(httpserver.url_for("/start"), FAST)
    assert (page.url, page.requested_url, page.html) == (final, httpserver.url_for("/start"), PAGE)


def test_redirect_loop_is_too_many_redirects(httpserver):
    serve(httpserver, "/a", "", status=302, headers={"Location": "/b"})
    serve(httpserver, "/b", "", status=302, headers={"Location": "/a"})
    with pytest.raises(FetchError, match="too many redirects"):
        fetch(httpserver.url_for("/a"), FAST)


def test_redirect_limit_is_respected(httpserver):
    serve(httpserver, "/a", "", status=302, headers={"Location": "/b"})
    serve(httpserver, "/b", "", status=302, headers={"Location": "/c"})
    serve(httpserver, "/c")
    assert fetch(httpserver.url_for("/a"), FetchOptions(max_redirects=2)).status == 200
    with pytest.raises(FetchError, match="too many redirects"):
        fetch(httpserver.url_for("/a"), FetchOptions(max_redirects=1))


@pytest.mark.parametrize("location", ["file:///etc/passwd", "javascript:alert(1)", "data:text/html,hi", "ftp://x/y"])
def test_redirect_to_non_web_scheme_is_refused(httpserver, location):
    url = serve(httpserver, "/evil", "", status=302, headers={"Location": location})
    with pytest.raises(FetchError, match="refused a redirect"):
        fetch(url, FAST)


def test_404_is_an_error_with_status(httpserver):
    url = serve(httpserver, "/missing", "nope", status=404)
    with pytest.raises(HTTPStatusError, match="HTTP 404 Not Found") as caught:
        fetch(url, FAST)
    assert (caught.value.status, caught.value.target) == (404, url)


def test_429_keeps_retry_after(httpserver):
    url = serve(httpserver, "/busy", "slow down", status=429, headers={"Retry-After": "30"})
    with pytest.raises(HTTPStatusError) as caught:
        fetch(url, FAST)
    assert (caught.value.status, caught.value.retry_after) == (429, 30.0)


def test_conditional_fetch_returns_304_when_unchanged(httpserver):
    httpserver.expect_request("/", headers={"If-None-Match": '"v1"'}).respond_with_data(
        "", status=304, headers={"ETag": '"v1"'}
    )
    page = fetch(httpserver.url_for("/"), FAST, etag='"v1"')
    assert (page.status, page.html, page.etag) == (304, "", '"v1"')


def test_conditional_fetch_sends_if_modified_since(httpserver):
    date = "Mon, 01 Jan 2024 00:00:00 GMT"
    httpserver.expect_request("/", headers={"If-Modified-Since": date}).respond_with_data("", status=304)
    assert fetch(httpserver.url_for("/"), FAST, last_modified=date).status == 304


# --- size cap ---------------------------------------------------------------

SMALL_CAP = FetchOptions(timeout=5, max_bytes=1024 * 1024)


def test_announced_size_over_cap_fails_early(httpserver):
    url = serve(httpserver, body=b"<html>" + b"x" * (2 * 1024 * 1024))
    with pytest.raises(FetchError, match="over the 1 MB limit"):
        fetch(url, SMALL_CAP)


def test_size_cap_holds_without_content_length(httpserver):
    def endless(request: Request) -> Response:
        chunks = (b"<p>" + b"x" * 65536 for _ in range(64))
        return Response(chunks, content_type="text/html")  # streamed, no Content-Length

    httpserver.expect_request("/").respond_with_handler(endless)
    with pytest.raises(FetchError, match="over the 1 MB limit"):
        fetch(httpserver.url_for("/"), SMALL_CAP)


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    return gzip.compress(bytes(50 * 1024 * 1024), compresslevel=6)


def test_gzip_bomb_stops_at_cap_with_bounded_memory(httpserver, gzip_bomb):
    url = serve(httpserver, body=gzip_bomb, headers={"Content-Encoding": "gzip"})
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="over the 1 MB limit"):
            fetch(url, SMALL_CAP)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024  # the bomb would be 50 MB; pytest itself takes a few


def test_brotli_bomb_stops_at_cap(httpserver):
    bomb = brotli.compress(bytes(30 * 1024 * 1024), quality=1)
    url = serve(httpserver, body=bomb, headers={"Content-Encoding": "br"})
    with pytest.raises(FetchError, match="over the 1 MB limit"):
        fetch(url, SMALL_CAP)


# --- not a web page ---------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "body", "named"),
    [
        ("image/png", b"\x89PNG\r\n\x1a\n....", "an image"),
        ("application/pdf", b"%PDF-1.7 ...", "a PDF document"),
        ("application/json", b'{"a": 1}', "JSON data"),
        ("application/octet-stream", b"\x00\x01", "a binary file"),
    ],
)
def test_non_html_answer_is_not_a_web_page(httpserver, content_type, body, named):
    url = serve(httpserver, "/thing", body, content_type=content_type)
    with pytest.raises(NotAWebPageError, match=f"is {named}.*not a web page"):
        fetch(url, FAST)


@pytest.mark.parametrize(
    ("body", "named"),
    [
        (b"%PDF-1.4\n...", "a PDF document"),
        (b"PK\x03\x04zipzip", "a ZIP archive"),
        (b"\x00\x01\x00\x02" * 200, "binary data"),
    ],
)
def test_binary_served_as_html_is_not_a_web_page(httpserver, body, named):
    url = serve(httpserver, body=body, content_type="text/html")
    with pytest.raises(NotAWebPageError, match=f"is {named} \\(served as text/html\\)"):
        fetch(url, FAST)


def test_missing_content_type_is_sniffed(httpserver):
    def bare(request: Request) -> Response:
        response = Response(PAGE.encode())
        del response.headers["Content-Type"]
        return response

    httpserver.expect_request("/").respond_with_handler(bare)
    assert fetch(httpserver.url_for("/"), FAST).html == PAGE


def test_plain_text_that_is_not_html_is_refused(httpserver):
    url = serve(httpserver, body="just some notes", content_type="text/plain")
    with pytest.raises(NotAWebPageError, match="plain text"):
        fetch(url, FAST)


# --- network failures and bad addresses -------------------------------------


def test_connection_refused_is_a_fetch_error():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError, match="could not connect") as caught:
        fetch(f"http://127.0.0.1:{port}/", FAST)
    assert caught.value.target == f"http://127.0.0.1:{port}/"


def test_tls_failure_is_named(httpserver):
    url = serve(httpserver).replace("http://", "https://")
    with pytest.raises(FetchError, match="TLS error"):
        fetch(url, FAST)


def test_unknown_host_is_host_not_found():
    with pytest.raises(FetchError, match="host not found"):
        fetch("http://no-such-host.invalid/", FAST)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "not a url", "http://"])
def test_bad_address_from_user_is_usage_error(url):
    with pytest.raises(UsageError):
        fetch(url, FAST)


@pytest.fixture
def raw_server() -> Iterator[Callable[[Callable[[socket.socket], None]], str]]:
    """A one-connection TCP server running `talk(conn)` in a thread; yields its URL maker."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def start(talk: Callable[[socket.socket], None]) -> str:
        def run() -> None:
            conn, _ = listener.accept()
            with conn:
                conn.recv(65536)
                try:
                    talk(conn)
                except OSError:
                    pass

        threading.Thread(target=run, daemon=True).start()
        return f"http://127.0.0.1:{listener.getsockname()[1]}/"

    yield start
    listener.close()


def trickle(data: bytes, every: float = 0.3, limit: float = 8.0) -> Callable[[socket.socket], None]:
    def talk(conn: socket.socket) -> None:
        stop = time.monotonic() + limit
        for byte in data:
            if time.monotonic() > stop:
                return
            conn.sendall(bytes([byte]))
            time.sleep(every)

    return talk


def test_trickling_body_is_given_up_at_the_deadline(raw_server):
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n"

    def talk(conn: socket.socket) -> None:
        conn.sendall(head)
        trickle(b"<p>" + b"x" * 997)(conn)

    url = raw_server(talk)
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 1.5 s"):
        fetch(url, FetchOptions(timeout=1.5))
    assert time.monotonic() - started < 4


def test_trickling_headers_are_given_up_at_the_deadline(raw_server):
    url = raw_server(trickle(b"HTTP/1.1 200 OK\r\nX-Slow: " + b"z" * 100))
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 1.5 s"):
        fetch(url, FetchOptions(timeout=1.5))
    assert time.monotonic() - started < 4


def test_silent_server_times_out(raw_server):
    url = raw_server(lambda conn: time.sleep(3))
    with pytest.raises(FetchError, match="timed out after 0.5 s"):
        fetch(url, FetchOptions(timeout=0.5))


def test_server_closing_early_is_a_fetch_error(raw_server):
    url = raw_server(lambda conn: conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nab"))
    with pytest.raises(FetchError, match="closed the connection"):
        fetch(url, FAST)


# --- download (images) ------------------------------------------------------


def test_download_returns_bytes_type_and_final_url(httpserver):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    final = serve(httpserver, "/img.png", png, content_type="image/png")
    serve(httpserver, "/i", "", status=302, headers={"Location": "/img.png"})
    with make_client(FAST) as client:
        got = download(httpserver.url_for("/i"), client=client, max_bytes=1000)
    assert (got.url, got.content, got.content_type) == (final, png, "image/png")


def test_download_sends_referer(httpserver):
    httpserver.expect_request("/i.gif", headers={"Referer": "https://site/page"}).respond_with_data(
        b"GIF89a", content_type="image/gif"
    )
    with make_client(FAST) as client:
        got = download(httpserver.url_for("/i.gif"), client=client, referer="https://site/page", max_bytes=100)
    assert got.content == b"GIF89a"


def test_download_over_cap_and_404_are_fetch_errors(httpserver):
    big = serve(httpserver, "/big.jpg", b"\xff\xd8\xff" + b"x" * 5000, content_type="image/jpeg")
    gone = serve(httpserver, "/gone.jpg", "no", status=404)
    with make_client(FAST) as client:
        with pytest.raises(FetchError, match="limit"):
            download(big, client=client, max_bytes=1000)
        with pytest.raises(HTTPStatusError, match="404"):
            download(gone, client=client, max_bytes=1000)


def test_download_of_non_web_address_is_fetch_error():
    with make_client(FAST) as client, pytest.raises(FetchError):
        download("data:image/png;base64,AAAA", client=client, max_bytes=10)


# --- read_file --------------------------------------------------------------


def test_read_file_decodes_windows_1252(tmp_path):
    saved = tmp_path / "page.html"
    saved.write_bytes(PAGE.encode("cp1252"))
    page = read_file(saved, "https://example.org/p")
    assert (FRENCH in page.html, page.url, page.encoding) == (True, "https://example.org/p", "cp1252")


def test_read_file_without_source_has_empty_url(tmp_path):
    saved = tmp_path / "page.html"
    saved.write_text(PAGE, encoding="utf-8")
    assert read_file(str(saved)).url == ""


def test_read_missing_file_is_usage_error_naming_path(tmp_path):
    missing = tmp_path / "absent.html"
    with pytest.raises(UsageError, match="absent.html"):
        read_file(missing)


def test_read_file_refuses_a_pdf(tmp_path):
    saved = tmp_path / "doc.html"
    saved.write_bytes(b"%PDF-1.5 binary")
    with pytest.raises(UsageError, match="PDF"):
        read_file(saved)
