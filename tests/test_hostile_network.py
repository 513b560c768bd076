"""Hostile and broken network answers, end to end through `clip URL`.

Every case is served by the local server on 127.0.0.1 (raw answers where
HTTP itself must be broken). A page that cannot be had gives exit code 3, one
line on standard error naming the address, and no note; a page that is merely
badly encoded is decoded sensibly and clipped. `tests/test_fetch.py` covers the
same limits at the `fetch()` level; here the whole command is under test.
"""

from __future__ import annotations

import gzip
import socket
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import brotli
import pytest

CAP = 20 * 1024 * 1024
"""The default body cap (FetchOptions.max_bytes)."""
PAGE = (
    "<!doctype html><html><head><title>Page de test</title></head><body><article>"
    "<h1>Page de test</h1><p>Données à récolter pendant l'été, avec assez de mots pour "
    "faire un vrai paragraphe de contenu.</p></article></body></html>"
)


def notes(vault: Path) -> list[Path]:
    return sorted(vault.rglob("*.md"))


def assert_fetch_failure(result, vault: Path, url: str, *words: str) -> None:
    """Exit 3, one line on stderr naming the address (and the words), no note."""
    assert result.code == 3, result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("clip: error: ")
    assert url.rstrip("/") in lines[0] or url in lines[0], lines[0]
    for word in words:
        assert word.lower() in lines[0].lower(), lines[0]
    assert "Traceback" not in result.err
    assert notes(vault) == []
    assert result.out == ""


# --- raw answers for broken HTTP: the `raw_server` fixture of conftest.py ------


def head(status: str = "200 OK", **headers: str) -> bytes:
    lines = [f"HTTP/1.1 {status}"] + [f"{k.replace('_', '-')}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


# --- connection failures ----------------------------------------------------


def test_connection_refused(clip, vault):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/page"
    assert_fetch_failure(clip(url), vault, url, "could not connect")


def test_dns_failure(clip, vault, monkeypatch):
    # Injected: no query may leave the machine, whatever /etc/resolv.conf says.
    def no_such_host(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    url = "http://no-such-host.invalid/page"
    assert_fetch_failure(clip(url), vault, url, "host not found")


def test_tls_error_on_a_plain_http_port(clip, vault, site):
    site.set("/page", PAGE)
    url = site.base.replace("http://", "https://") + "/page"
    assert_fetch_failure(clip(url), vault, url, "TLS")


def test_https_page_signed_by_an_authority_the_user_trusts_is_clipped(
    clip, vault, https_site, tls_authority, monkeypatch
):
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_authority[1]))  # as httpx reads it: the trusted certificates
    url = https_site.set("/page", PAGE)
    result = clip(url)
    assert result.code == 0, result.err
    assert "Données à récolter" in notes(vault)[0].read_text(encoding="utf-8")


def test_https_page_signed_by_an_unknown_authority_is_refused(clip, vault, https_site, monkeypatch):
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    url = https_site.set("/page", PAGE)
    assert_fetch_failure(clip(url), vault, url, "certificate")
    assert https_site.paths() == []  # the handshake failed: no request was sent


def test_https_with_trusted_certificates_that_cannot_be_read_says_so(clip, vault, https_site, tmp_path, monkeypatch):
    missing = tmp_path / "no-such-file.pem"
    monkeypatch.setenv("SSL_CERT_FILE", str(missing))
    url = https_site.set("/page", PAGE)
    assert_fetch_failure(clip(url), vault, url, "TLS error", "trusted certificates", "SSL_CERT_FILE", str(missing))


# --- slow servers: an overall deadline, not a per-read one -------------------


def test_server_that_accepts_and_never_answers(clip, vault, raw_server, http_server):
    url = raw_server(lambda conn: http_server.wait(2))
    started = time.monotonic()
    result = clip(url, "--timeout", "0.5")
    assert time.monotonic() - started < 3
    assert_fetch_failure(result, vault, url, "timed out")


def test_server_trickling_a_byte_every_quarter_second(clip, vault, raw_server, http_server):
    def talk(conn: socket.socket) -> None:
        conn.sendall(head(Content_Type="text/html", Content_Length="500"))
        for byte in PAGE.encode()[:40]:
            conn.sendall(bytes([byte]))
            if http_server.wait(0.25):  # the test is over
                return

    url = raw_server(talk)
    started = time.monotonic()
    result = clip(url, "--timeout", "0.6")
    assert time.monotonic() - started < 4  # each read succeeds within the timeout
    assert_fetch_failure(result, vault, url, "timed out")


# --- malformed addresses: a usage error, never an internal one ---------------


@pytest.mark.parametrize("address", ["http://[::1/", "http://[zz]/x", "http://127.0.0.1:99999/"])
def test_a_malformed_address_is_a_usage_error(clip, vault, address):
    result = clip(address)
    assert result.code == 2, result.err
    assert result.err.strip().splitlines() == [f"clip: error: not a valid web address: {address!r}"]
    assert notes(vault) == []


def test_a_malformed_address_in_a_list_fails_alone(clip, vault, site, tmp_path):
    good = site.set("/page", PAGE)
    listing = tmp_path / "urls.txt"
    listing.write_text(f"{good}\nhttp://[::1/\n", encoding="utf-8")
    result = clip("--from", str(listing), "--delay", "0")
    assert result.code == 6, result.err
    assert "internal error" not in result.err and "1 failed" in result.err
    assert "failed  http://[::1/: not a valid web address" in result.out
    assert len(notes(vault)) == 1


def test_a_page_whose_og_image_is_malformed_is_clipped_without_it(clip, vault, site):
    page = PAGE.replace("<title>", '<meta property="og:image" content="http://[::1/x.png"><title>')
    result = clip(site.set("/page", page))
    assert result.code == 0, result.err
    assert "[::1" not in notes(vault)[0].read_text(encoding="utf-8")


# --- redirects --------------------------------------------------------------


def test_redirect_loop(clip, vault, site):
    site.set("/a", "", status=302, headers={"Location": "/b"})
    url = site.set("/b", "", status=302, headers={"Location": "/a"})
    assert_fetch_failure(clip(url), vault, url, "too many redirects")


def test_too_many_redirects(clip, vault, site):
    for hop in range(15):
        site.set(f"/hop{hop}", "", status=301, headers={"Location": f"/hop{hop + 1}"})
    site.set("/hop15", PAGE)
    url = site.base + "/hop0"
    assert_fetch_failure(clip(url), vault, url, "too many redirects")


@pytest.mark.parametrize(
    "location",
    ["file:///etc/passwd", "javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://127.0.0.1/x"],
)
def test_redirect_to_a_non_http_scheme(clip, vault, site, location):
    url = site.set("/page", "", status=302, headers={"Location": location})
    assert_fetch_failure(clip(url), vault, url, "redirect")


# --- error statuses ---------------------------------------------------------

ERROR_PAGE = (
    "<html><head><title>Page introuvable</title></head><body><main><h1>Page introuvable</h1>"
    "<p>La page que vous cherchez n'existe pas ou a été déplacée vers une autre adresse.</p>"
    "</main></body></html>"
)


@pytest.mark.parametrize("status", [403, 404, 410, 500, 503])
def test_error_status_with_an_html_page_writes_no_note(clip, vault, site, status):
    url = site.set("/page", ERROR_PAGE, status=status)
    assert_fetch_failure(clip(url), vault, url, f"HTTP {status}")


@pytest.mark.parametrize("status", [404, 500])
def test_force_writes_the_error_page_as_a_note(clip, vault, site, status):
    url = site.set("/page", ERROR_PAGE, status=status)
    result = clip(url, "--force")
    assert result.code == 0, result.err
    (note,) = notes(vault)
    assert "La page que vous cherchez" in note.read_text(encoding="utf-8")
    assert f"HTTP {status}" in result.err


def test_force_still_refuses_what_is_not_a_web_page(clip, vault, site):
    url = site.set("/page", b"%PDF-1.7 binary", status=404, content_type="application/pdf")
    assert_fetch_failure(clip(url, "--force"), vault, url, "not a web page")


# --- bodies over the cap, bombs ---------------------------------------------


def _peak_memory(action: Callable[[], object]) -> tuple[object, int]:
    tracemalloc.start()
    try:
        value = action()
        return value, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_body_over_the_cap_without_content_length(clip, vault, raw_server):
    def talk(conn: socket.socket) -> None:
        conn.sendall(head(Content_Type="text/html", Connection="close") + b"<html><body><p>")
        chunk = b"x" * 65536
        for _ in range((CAP // len(chunk)) * 2):
            conn.sendall(chunk)

    url = raw_server(talk)
    result, peak = _peak_memory(lambda: clip(url))
    assert_fetch_failure(result, vault, url, "limit")
    assert peak < 3 * CAP


def test_body_with_a_false_small_content_length_is_read_to_that_length(clip, vault, raw_server):
    body = PAGE.encode()

    def talk(conn: socket.socket) -> None:
        conn.sendall(head(Content_Type="text/html; charset=utf-8", Content_Length=str(len(body))))
        conn.sendall(body)
        for _ in range(200):  # 12 MB more than announced: never read
            conn.sendall(b"<p>junk</p>" * 6000)

    url = raw_server(talk)
    result = clip(url)
    assert result.code == 0, result.err
    assert "junk" not in notes(vault)[0].read_text(encoding="utf-8")


def test_body_with_a_false_large_content_length(clip, vault, raw_server):
    def talk(conn: socket.socket) -> None:
        conn.sendall(head(Content_Type="text/html", Content_Length=str(10 * CAP)))

    url = raw_server(talk)
    assert_fetch_failure(clip(url), vault, url, "limit")


def test_body_shorter_than_its_content_length(clip, vault, raw_server):
    def talk(conn: socket.socket) -> None:
        conn.sendall(head(Content_Type="text/html", Content_Length="100000") + PAGE.encode())

    url = raw_server(talk)
    assert_fetch_failure(clip(url), vault, url, "closed the connection")


GIGABYTE = 1024 * 1024 * 1024


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """1 GB of zeros (after a page start) in about 1 MB: 1,024 concatenated gzip
    members of 1 MB each, as a gzip stream may legally be."""
    member = gzip.compress(bytes(1024 * 1024), compresslevel=9)
    return gzip.compress(b"<html><body><p>") + member * (GIGABYTE // (1024 * 1024))


@pytest.fixture(scope="module")
def brotli_bomb() -> bytes:
    """1 GB of spaces brotli-compressed into about 200 KB."""
    compressor = brotli.Compressor(quality=1)
    parts = [compressor.process(b"<html><body><p>")]
    block = b" " * (16 * 1024 * 1024)
    for _ in range(GIGABYTE // len(block)):
        parts.append(compressor.process(block))
    parts.append(compressor.finish())
    return b"".join(parts)


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_compression_bomb_stops_at_the_cap(clip, vault, site, request, encoding):
    bomb = request.getfixturevalue("gzip_bomb" if encoding == "gzip" else "brotli_bomb")
    assert len(bomb) < 2 * 1024 * 1024
    url = site.set("/page", bomb, headers={"Content-Encoding": encoding})
    started = time.perf_counter()
    result, peak = _peak_memory(lambda: clip(url))
    assert time.perf_counter() - started < 15
    assert_fetch_failure(result, vault, url, "limit")
    assert peak < 3 * CAP, f"peak {peak / 1e6:.0f} MB"


def test_gzip_body_claiming_to_be_small(clip, vault, site):
    body = gzip.compress(PAGE.encode())
    url = site.set("/page", body, headers={"Content-Encoding": "gzip"})
    assert clip(url).code == 0


# --- encodings --------------------------------------------------------------

FRENCH = "Données à récolter pendant l'été : élève, façade, œuvre, naïve."


def page_with(text: str, meta: str = "") -> str:
    return (
        f"<html><head>{meta}<title>Encodage</title></head><body><article><h1>Encodage</h1>"
        f"<p>{text} Un paragraphe assez long pour être du contenu.</p></article></body></html>"
    )


def clipped_text(clip, vault, url) -> str:
    result = clip(url)
    assert result.code == 0, result.err
    (note,) = notes(vault)
    return note.read_text(encoding="utf-8")


def test_header_says_utf8_but_bytes_are_windows_1252(clip, vault, site):
    url = site.set("/page", page_with(FRENCH).encode("cp1252"), content_type="text/html; charset=utf-8")
    assert FRENCH in clipped_text(clip, vault, url)


def test_no_charset_anywhere_windows_1252(clip, vault, site):
    url = site.set("/page", page_with(FRENCH).encode("cp1252"), content_type="text/html")
    assert FRENCH in clipped_text(clip, vault, url)


def test_a_short_undeclared_french_page_reads_as_windows_1252_by_its_lang(clip, vault, site):
    page = (
        '<html lang="fr"><head><title>Café à la crème</title></head><body><article><h1>Café à la crème</h1><p>'
        + "Élève déjà noté, très bien. " * 30
        + "</p></article></body></html>"
    )  # alone, the detector read it as Baltic (cp1257): "Café ą la crčme"
    url = site.set("/page", page.encode("latin-1"), content_type="text/html")
    assert "Élève déjà noté, très bien." in clipped_text(clip, vault, url)
    assert [note.name for note in notes(vault)] == ["2024-04-18 Café à la crème.md"]


def test_an_undeclared_japanese_page_is_not_read_as_windows_1252(clip, vault, site):
    text = "東京の図書館は毎月第一土曜日に古い資料を公開し、司書による案内と製本の講座を開いています。" * 4
    page = f'<html lang="ja"><head><title>図書館</title></head><body><article><h1>図書館</h1><p>{text}</p></article></body></html>'
    url = site.set("/page", page.encode("shift_jis"), content_type="text/html")
    assert text[:20] in clipped_text(clip, vault, url)


def test_bom_disagreeing_with_the_header_wins(clip, vault, site):
    body = b"\xef\xbb\xbf" + page_with(FRENCH).encode("utf-8")
    url = site.set("/page", body, content_type="text/html; charset=iso-8859-1")
    text = clipped_text(clip, vault, url)
    assert FRENCH in text and "\ufeff" not in text


def test_utf16_bom_with_a_utf8_header(clip, vault, site):
    body = page_with(FRENCH).encode("utf-16")  # BOM included
    url = site.set("/page", body, content_type="text/html; charset=utf-8")
    assert FRENCH in clipped_text(clip, vault, url)


def test_mixed_encodings_never_crash(clip, vault, site):
    body = page_with(FRENCH).encode("utf-8").replace(b"</p>", " Ã©té ".encode("cp1252") + b"\xe9t\xe9</p>")
    url = site.set("/page", body, content_type="text/html; charset=utf-8")
    text = clipped_text(clip, vault, url)
    assert "Données à récolter" in text


def test_unknown_charset_label(clip, vault, site):
    url = site.set("/page", page_with(FRENCH).encode("utf-8"), content_type="text/html; charset=x-no-such-charset")
    assert FRENCH in clipped_text(clip, vault, url)


def test_nul_bytes_in_the_page(clip, vault, site):
    body = page_with("Don\x00nées\x00 à récolter").encode("utf-8").replace(b"<title>", b"<title>\x00")
    url = site.set("/page", body)
    text = clipped_text(clip, vault, url)
    assert "\x00" not in text and "Données à récolter" in text


# --- not a web page ---------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(200),
        b"%PDF-1.4\n" + bytes(200),
        b"\x7fELF\x02\x01\x01" + bytes(300),
        bytes(range(256)) * 8,
        b"PK\x03\x04" + bytes(100),
    ],
    ids=["png", "pdf", "elf", "random-binary", "zip"],
)
def test_binary_served_as_text_html_is_refused(clip, vault, site, body):
    url = site.set("/page", body, content_type="text/html; charset=utf-8")
    assert_fetch_failure(clip(url), vault, url, "not a web page")
