"""The fetch stage: pure logic (redirects, statuses, validators, decompression, sniffing)
through `httpx.MockTransport`, and what crosses a socket (deadlines, trickling, size
caps, TLS, refused connections) against the local server on 127.0.0.1."""

from __future__ import annotations

import gzip
import socket
import time
import tracemalloc
import zlib
from collections.abc import Callable

import brotli
import httpx
import pytest
from http_server import Reply, Request
from hypothesis import given, settings
from hypothesis import strategies as st

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
from clipper.fetch_tls import trusting_context
from clipper.models import Page

FRENCH = "Données à récolter, été"
PAGE = f"<!doctype html><html><head><title>t</title></head><body><p>{FRENCH}</p></body></html>"
FAST = FetchOptions(timeout=5, connect_timeout=2)


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


# --- fetching a page: pure logic through httpx.MockTransport ---------------

SITE = "http://site.test"


Route = Callable[[httpx.Request], httpx.Response]


def answer(
    body: bytes | str = PAGE, status: int = 200, content_type: str | None = "text/html; charset=utf-8", **headers: str
) -> Route:
    """An answer of the mock site, made afresh for each request; header names spelt
    with underscores (Content_Encoding)."""
    all_headers = {name.replace("_", "-"): value for name, value in headers.items()}
    if content_type is not None:
        all_headers["Content-Type"] = content_type
    data = body.encode() if isinstance(body, str) else body
    return lambda request: httpx.Response(status, stream=httpx.ByteStream(data), headers=all_headers)


def mock_client(routes: dict[str, Route], options: FetchOptions = FAST) -> httpx.Client:
    """A `make_client` whose requests `routes` answer by path (404 for others)."""

    def handle(request: httpx.Request) -> httpx.Response:
        return routes.get(request.url.path, answer("not found", status=404))(request)

    return make_client(options, transport=httpx.MockTransport(handle))


def mock_fetch(routes: dict[str, Route], path: str = "/", options: FetchOptions = FAST, **kwargs: object) -> Page:
    with mock_client(routes, options) as client:
        return fetch(SITE + path, options, client=client, **kwargs)  # type: ignore[arg-type]


def test_fetch_returns_decoded_page_with_validators():
    page = mock_fetch({"/": answer(ETag='"v1"', Last_Modified="Mon, 01 Jan 2024 00:00:00 GMT")})
    assert (page.html, page.status, page.content_type, page.encoding, page.etag, page.url) == (
        PAGE,
        200,
        "text/html",
        "utf-8",
        '"v1"',
        SITE + "/",
    )
    assert page.last_modified == "Mon, 01 Jan 2024 00:00:00 GMT"


def test_windows_1252_page_without_declaration_reads_right():
    assert FRENCH in mock_fetch({"/": answer(PAGE.encode("cp1252"), content_type="text/html")}).html


def test_user_agent_and_accept_headers_name_the_tool():
    seen: dict[str, str] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.update(request.headers)
        return answer()(request)

    mock_fetch({"/": handler})
    assert seen["user-agent"].startswith("clipper/")
    assert seen["accept"].startswith("text/html")
    assert "br" in seen["accept-encoding"] and "gzip" in seen["accept-encoding"]


def test_user_agent_and_accept_headers_reach_a_real_server(site):
    url = site.set("/", PAGE)
    fetch(url, FAST)
    headers = site.requests[-1][1]
    assert headers["User-Agent"].startswith("clipper/") and headers["Accept"].startswith("text/html")


def test_custom_user_agent_is_sent():
    def handler(request: httpx.Request) -> httpx.Response:
        return (answer() if request.headers["user-agent"] == "moi/1" else answer("wrong agent", status=500))(request)

    assert mock_fetch({"/": handler}, options=FetchOptions(user_agent="moi/1")).status == 200


def test_brotli_and_gzip_pages_are_decompressed():
    routes: dict[str, Route] = {
        "/br": answer(brotli.compress(PAGE.encode()), Content_Encoding="br"),
        "/gz": answer(gzip.compress(PAGE.encode()), Content_Encoding="gzip"),
    }
    assert mock_fetch(routes, "/br").html == mock_fetch(routes, "/gz").html == PAGE


def test_compressed_pages_are_decompressed_from_a_real_server(site):
    br = site.set("/br", brotli.compress(PAGE.encode()), headers={"Content-Encoding": "br"})
    gz = site.set("/gz", gzip.compress(PAGE.encode()), headers={"Content-Encoding": "gzip"})
    with make_client(FAST) as client:
        assert fetch(br, FAST, client=client).html == fetch(gz, FAST, client=client).html == PAGE


@pytest.mark.parametrize("compress", [zlib.compress, lambda data: zlib.compress(data, wbits=-15)])
def test_deflate_pages_wrapped_or_raw_are_decompressed(compress):
    assert mock_fetch({"/": answer(compress(PAGE.encode()), Content_Encoding="deflate")}).html == PAGE


@pytest.mark.parametrize("coding", ["gzip", "br", "deflate"])
def test_a_compressed_stream_that_stops_early_is_a_cut_answer(coding):
    compress = {"gzip": gzip.compress, "br": brotli.compress, "deflate": zlib.compress}[coding]
    stream = compress((PAGE * 20).encode())
    with pytest.raises(FetchError, match="cut short"):
        mock_fetch({"/": answer(stream[: len(stream) // 2], Content_Encoding=coding)})


def test_an_empty_compressed_body_is_an_empty_page_not_a_cut_one():
    assert mock_fetch({"/": answer(b"", Content_Encoding="gzip")}).html == ""


def test_corrupt_gzip_is_a_fetch_error():
    with pytest.raises(FetchError, match="corrupt"):
        mock_fetch({"/": answer(b"\x1f\x8bnot gzip at all", Content_Encoding="gzip")})


def test_redirect_is_followed_and_final_url_kept():
    routes: dict[str, Route] = {
        "/final": answer(),
        "/start": answer("", status=301, Location="/middle"),
        "/middle": answer("", status=302, Location=SITE + "/final"),
    }
    page = mock_fetch(routes, "/start")
    assert (page.url, page.requested_url, page.html) == (SITE + "/final", SITE + "/start", PAGE)


def test_redirect_is_followed_on_a_real_server(site):
    final = site.set("/final", PAGE)
    site.set("/start", "", status=301, headers={"Location": "/final"})
    page = fetch(site.base + "/start", FAST)
    assert (page.url, page.requested_url, page.html) == (final, site.base + "/start", PAGE)


def test_redirect_loop_is_too_many_redirects():
    routes: dict[str, Route] = {
        "/a": answer("", status=302, Location="/b"),
        "/b": answer("", status=302, Location="/a"),
    }
    with pytest.raises(FetchError, match="too many redirects"):
        mock_fetch(routes, "/a")


def test_redirect_limit_is_respected():
    routes: dict[str, Route] = {
        "/a": answer("", status=302, Location="/b"),
        "/b": answer("", status=302, Location="/c"),
        "/c": answer(),
    }
    assert mock_fetch(routes, "/a", FetchOptions(max_redirects=2)).status == 200
    with pytest.raises(FetchError, match="too many redirects"):
        mock_fetch(routes, "/a", FetchOptions(max_redirects=1))


@pytest.mark.parametrize("location", ["file:///etc/passwd", "javascript:alert(1)", "data:text/html,hi", "ftp://x/y"])
def test_redirect_to_non_web_scheme_is_refused(location):
    with pytest.raises(FetchError, match="refused a redirect"):
        mock_fetch({"/evil": answer("", status=302, Location=location)}, "/evil")


def test_404_is_an_error_with_status():
    with pytest.raises(HTTPStatusError, match="HTTP 404 Not Found") as caught:
        mock_fetch({"/missing": answer("nope", status=404)}, "/missing")
    assert (caught.value.status, caught.value.target) == (404, SITE + "/missing")


def test_429_keeps_retry_after():
    with pytest.raises(HTTPStatusError) as caught:
        mock_fetch({"/busy": answer("slow down", status=429, Retry_After="30")}, "/busy")
    assert (caught.value.status, caught.value.retry_after) == (429, 30.0)


def test_conditional_fetch_returns_304_when_unchanged():
    def handler(request: httpx.Request) -> httpx.Response:
        if request.headers.get("if-none-match") == '"v1"':
            return answer("", status=304, ETag='"v1"')(request)
        return answer(ETag='"v1"')(request)

    page = mock_fetch({"/": handler}, etag='"v1"')
    assert (page.status, page.html, page.etag) == (304, "", '"v1"')


def test_conditional_fetch_returns_304_from_a_real_server(site):
    url = site.set("/", PAGE, etag='"v1"')
    page = fetch(url, FAST, etag='"v1"')
    assert (page.status, page.html, page.etag) == (304, "", '"v1"')
    assert fetch(url, FAST, etag='"v0"').html == PAGE


def test_conditional_fetch_sends_if_modified_since():
    date = "Mon, 01 Jan 2024 00:00:00 GMT"

    def handler(request: httpx.Request) -> httpx.Response:
        return (answer("", status=304) if request.headers.get("if-modified-since") == date else answer())(request)

    assert mock_fetch({"/": handler}, last_modified=date).status == 304


# --- size cap ---------------------------------------------------------------

SMALL_CAP = FetchOptions(timeout=5, max_bytes=1024 * 1024)


def test_announced_size_over_cap_fails_early(site):
    url = site.set("/", b"<html>" + b"x" * (2 * 1024 * 1024))
    with pytest.raises(FetchError, match="over the 1 MB limit"):
        fetch(url, SMALL_CAP)


def test_size_cap_holds_without_content_length(site):
    def endless(request: Request) -> Reply:
        chunks = (b"<p>" + b"x" * 65536 for _ in range(64))
        return Reply(headers={"Content-Type": "text/html"}, body=chunks)  # streamed, no Content-Length

    url = site.route("/", endless)
    with pytest.raises(FetchError, match="over the 1 MB limit"):
        fetch(url, SMALL_CAP)


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    return gzip.compress(bytes(50 * 1024 * 1024), compresslevel=6)


def test_gzip_bomb_stops_at_cap_with_bounded_memory(site, gzip_bomb):
    url = site.set("/", gzip_bomb, headers={"Content-Encoding": "gzip"})
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="over the 1 MB limit"):
            fetch(url, SMALL_CAP)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024  # the bomb would be 50 MB; pytest itself takes a few


def test_brotli_bomb_stops_at_cap():
    bomb = brotli.compress(bytes(30 * 1024 * 1024), quality=1)
    with pytest.raises(FetchError, match="over the 1 MB limit"):
        mock_fetch({"/": answer(bomb, Content_Encoding="br")}, options=SMALL_CAP)


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
def test_non_html_answer_is_not_a_web_page(content_type, body, named):
    with pytest.raises(NotAWebPageError, match=f"is {named}.*not a web page"):
        mock_fetch({"/thing": answer(body, content_type=content_type)}, "/thing")


@pytest.mark.parametrize(
    ("body", "named"),
    [
        (b"%PDF-1.4\n...", "a PDF document"),
        (b"PK\x03\x04zipzip", "a ZIP archive"),
        (b"\x00\x01\x00\x02" * 200, "binary data"),
    ],
)
def test_binary_served_as_html_is_not_a_web_page(body, named):
    with pytest.raises(NotAWebPageError, match=f"is {named} \\(served as text/html\\)"):
        mock_fetch({"/": answer(body, content_type="text/html")})


def test_missing_content_type_is_sniffed():
    assert mock_fetch({"/": answer(PAGE, content_type=None)}).html == PAGE


def test_plain_text_that_is_not_html_is_refused():
    with pytest.raises(NotAWebPageError, match="plain text"):
        mock_fetch({"/": answer("just some notes", content_type="text/plain")})


# --- network failures and bad addresses -------------------------------------


def test_connection_refused_is_a_fetch_error():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError, match="could not connect") as caught:
        fetch(f"http://127.0.0.1:{port}/", FAST)
    assert caught.value.target == f"http://127.0.0.1:{port}/"


def test_tls_failure_is_named(site):
    url = site.set("/", PAGE).replace("http://", "https://")
    with pytest.raises(FetchError, match="TLS error"):
        fetch(url, FAST)


def test_trusted_certificates_are_read_at_the_first_https_request_not_before(
    site, https_site, tls_authority, monkeypatch, tmp_path
):
    trusted = tmp_path / "trusted.pem"  # a file of this test's own: a context no other test loaded
    trusted.write_bytes(tls_authority[1].read_bytes())
    monkeypatch.setenv("SSL_CERT_FILE", str(trusted))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    url = https_site.set("/", PAGE)
    with make_client(FAST) as client:
        context = trusting_context(str(trusted), None)  # the one the client was given
        assert FRENCH in fetch(site.set("/plain", PAGE), FAST, client=client).html
        assert context.cert_store_stats()["x509_ca"] == 0  # a run of http pages never reads them
        assert FRENCH in fetch(url, FAST, client=client).html
        assert FRENCH in fetch(url, FAST, client=client).html
    assert context.cert_store_stats()["x509_ca"] == 1


def test_the_tls_context_checks_what_httpx_own_would_check():
    ours, httpx_own = trusting_context(None, None), httpx.create_ssl_context()
    settings = [name for name in dir(httpx_own) if not name.startswith("_")]
    settings = [name for name in settings if not callable(getattr(httpx_own, name))]
    assert {"verify_mode", "check_hostname", "options", "verify_flags", "minimum_version"} <= set(settings)
    for setting in settings:
        assert getattr(ours, setting) == getattr(httpx_own, setting), setting
    assert ours.get_ciphers() == httpx_own.get_ciphers()


def test_unknown_host_is_host_not_found():
    with pytest.raises(FetchError, match="host not found"):
        fetch("http://no-such-host.invalid/", FAST)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "not a url", "http://"])
def test_bad_address_from_user_is_usage_error(url):
    with pytest.raises(UsageError):
        fetch(url, FAST)


def trickle(server, data: bytes, every: float = 0.15, limit: float = 8.0) -> Callable[[socket.socket], None]:
    """A raw talk sending `data` a byte every `every` s, for `limit` s at most (or until the test ends)."""

    def talk(conn: socket.socket) -> None:
        stop = time.monotonic() + limit
        for byte in data:
            if time.monotonic() > stop:
                return
            conn.sendall(bytes([byte]))
            if server.wait(every):
                return

    return talk


def test_trickling_body_is_given_up_at_the_deadline(http_server, raw_server):
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n"

    def talk(conn: socket.socket) -> None:
        conn.sendall(head)
        trickle(http_server, b"<p>" + b"x" * 997)(conn)

    url = raw_server(talk)
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 0.6 s"):
        fetch(url, FetchOptions(timeout=0.6))
    assert time.monotonic() - started < 4


def test_trickling_headers_are_given_up_at_the_deadline(http_server, raw_server):
    url = raw_server(trickle(http_server, b"HTTP/1.1 200 OK\r\nX-Slow: " + b"z" * 100))
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 0.6 s"):
        fetch(url, FetchOptions(timeout=0.6))
    assert time.monotonic() - started < 4


def test_silent_server_times_out(http_server, raw_server):
    url = raw_server(lambda conn: http_server.wait(3))
    with pytest.raises(FetchError, match="timed out after 0.5 s"):
        fetch(url, FetchOptions(timeout=0.5))


def test_server_closing_early_is_a_fetch_error(raw_server):
    url = raw_server(lambda conn: conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nab"))
    with pytest.raises(FetchError, match="closed the connection"):
        fetch(url, FAST)


# --- download (images) ------------------------------------------------------


def test_download_returns_bytes_type_and_final_url(site):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    final = site.set("/img.png", png, content_type="image/png")
    site.set("/i", "", status=302, headers={"Location": "/img.png"})
    with make_client(FAST) as client:
        got = download(site.base + "/i", client=client, max_bytes=1000)
    assert (got.url, got.content, got.content_type) == (final, png, "image/png")


def test_download_sends_referer():
    def handler(request: httpx.Request) -> httpx.Response:
        if request.headers.get("referer") != "https://site/page":
            return answer("no referer", status=403)(request)
        return answer(b"GIF89a", content_type="image/gif")(request)

    with mock_client({"/i.gif": handler}) as client:
        got = download(SITE + "/i.gif", client=client, referer="https://site/page", max_bytes=100)
    assert got.content == b"GIF89a"


def test_download_over_cap_and_404_are_fetch_errors():
    routes: dict[str, Route] = {
        "/big.jpg": answer(b"\xff\xd8\xff" + b"x" * 5000, content_type="image/jpeg"),
        "/gone.jpg": answer("no", status=404),
    }
    with mock_client(routes) as client:
        with pytest.raises(FetchError, match="limit"):
            download(SITE + "/big.jpg", client=client, max_bytes=1000)
        with pytest.raises(HTTPStatusError, match="404"):
            download(SITE + "/gone.jpg", client=client, max_bytes=1000)


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
