"""Getting a page, the same way for `clip`, the batch, the re-harvest, the
calendar and the doctor (`clipper.acquire`), driven through the command line
against the local server on 127.0.0.1: `strict`, answering only the exact
path it serves, and raw answers for bodies that are cut, stalled or trickled."""

from __future__ import annotations

import gzip
import re
import socket
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import brotli
import pytest
from http_server import LocalServer

from tests.test_pdf import make_pdf

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ARTICLE = (
    "<!doctype html><html><head><title>Un article</title></head><body><article><h1>Un article</h1>"
    "<p>Un paragraphe assez long pour faire un vrai contenu, avec des mots et encore des mots.</p>"
    '<p>Voir <a href="/autre?id=3">la suite</a>.</p></article></body></html>'
)
TRACKED_LINK = '<p>Lire <a href="/dossier?utm_source=rss&amp;page=2&amp;fbclid=abc#haut">le dossier</a>.</p>'


def notes(vault: Path) -> list[Path]:
    return sorted((vault / "vault").glob("*.md")) if (vault / "vault").is_dir() else []


def attachments(vault: Path) -> list[Path]:
    folder = vault / "attachments"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def serve_cs25(site: LocalServer, folder: str, html: str | None = None) -> str:
    """The example course page at `folder` (ending in /), its images under it."""
    for image in (EXAMPLES / "cs25" / "images").iterdir():
        if image.suffix in (".png", ".jpg"):
            site.set(f"{folder}images/{image.name}", image.read_bytes(), content_type="image/png")
    return site.set(folder, html or (EXAMPLES / "cs25" / "index.html").read_text(encoding="utf-8"))


# --- the address fetched is the one clipped -----------------------------------


def test_reclip_reharvest_and_calendar_ask_the_address_clipped(clip, run_clip, vault, strict):
    url = serve_cs25(strict, "/x/")
    assert clip(url).code == 0
    note = notes(vault)[0]
    assert "source: " + url in note.read_text(encoding="utf-8")
    strict.requests.clear()
    assert clip(url, "--avis", "Encore.").code == 0  # re-clip: an update of the same note
    assert run_clip("reharvest", "--vault", str(vault), "--delay", "0", "--quiet").code == 0
    (vault / ".clipper" / "state.sqlite3").unlink()  # the calendar must then read the page again
    result = run_clip("calendar", str(note), "--vault", str(vault), "-o", "-")
    assert result.code == 0, result.err
    assert "BEGIN:VEVENT" in result.out
    asked = [path for path in strict.paths() if not path.startswith("/x/images/")]
    assert asked and set(asked) == {"/x/"}, asked
    assert notes(vault) == [note]
    assert "source_gone" not in note.read_text(encoding="utf-8")


def test_a_permanent_redirect_is_followed_and_recorded(clip, run_clip, vault, strict):
    url = strict.set("/new/", ARTICLE)
    strict.pages["/old/"] = (301, b"", {"Location": "/new/"})
    assert clip(strict.base + "/old/").code == 0
    strict.requests.clear()
    assert run_clip("reharvest", "--vault", str(vault), "--delay", "0", "--quiet").code == 0
    assert strict.paths() == ["/new/"]
    assert url in notes(vault)[0].read_text(encoding="utf-8")


def test_a_page_moved_by_a_permanent_redirect_keeps_one_note(clip, run_clip, vault, strict):
    """Moved after its clip (a 301 seen by the re-harvest), the page is found and re-clipped
    at its new address; clipped through a temporary redirect, it is found at the address clipped."""
    strict.set("/avant/", ARTICLE)
    assert clip(strict.base + "/avant/").code == 0
    strict.pages["/avant/"] = (301, b"", {"Location": "/apres/"})
    strict.set("/apres/", ARTICLE)
    assert run_clip("reharvest", "--vault", str(vault), "--delay", "0", "--quiet").code == 0
    found = run_clip("find", strict.base + "/apres/", "--vault", str(vault))
    assert found.code == 0 and found.out.strip() == str(notes(vault)[0])
    assert clip(strict.base + "/apres/").code == 0
    assert len(notes(vault)) == 1
    strict.pages["/lien/"] = (302, b"", {"Location": "/cible/"})
    strict.set("/cible/", ARTICLE.replace("Un article", "Un autre article"))
    assert clip(strict.base + "/lien/").code == 0
    found = run_clip("find", strict.base + "/lien", "--vault", str(vault))  # the trailing slash aside
    assert found.code == 0 and "Un autre article" in found.out


# --- bodies cut, stalled or trickled: exit 3, nothing written -------------------

HEAD_NO_LENGTH = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n"


def _trickle(conn: socket.socket) -> None:
    conn.sendall(HEAD_NO_LENGTH)
    for byte in b"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx":
        conn.sendall(bytes([byte]))
        time.sleep(0.1)


def _stall(conn: socket.socket) -> None:
    conn.sendall(HEAD_NO_LENGTH + b"<html><body><p>")
    time.sleep(3)


def _cut(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 90000\r\n\r\n")
    conn.sendall(ARTICLE.encode())


def _good(conn: socket.socket) -> None:
    body = ARTICLE.encode()
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body) + body)


def _compressed_cut(compress: Callable[[bytes], bytes], coding: str) -> Callable[[socket.socket], None]:
    """The page compressed, its stream cut at 60 % and sent whole by its Content-Length:
    a cut answer the length does not show (a gzip member without its trailer)."""

    def talk(conn: socket.socket) -> None:
        stream = compress(ARTICLE.encode())
        body = stream[: len(stream) * 6 // 10]
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: %s\r\nContent-Length: %d\r\n\r\n"
            % (coding.encode(), len(body))
            + body
        )

    return talk


BROKEN = {
    "trickle": _trickle,
    "stall": _stall,
    "cut": _cut,
    "gzip cut": _compressed_cut(gzip.compress, "gzip"),
    "brotli cut": _compressed_cut(brotli.compress, "br"),
}


@pytest.fixture
def raw(raw_server) -> Callable[[Callable[[socket.socket], None]], tuple[str, list[Callable[[socket.socket], None]]]]:
    """`start(talk)` -> (URL, [talk]): a raw answer; replace `[0]` to change what it says."""

    def start(talk: Callable[[socket.socket], None]) -> tuple[str, list[Callable[[socket.socket], None]]]:
        talks = [talk]
        return raw_server(lambda conn: talks[0](conn)), talks

    return start


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_a_broken_body_at_clip_writes_nothing(run_clip, vault, raw, kind):
    url, _ = raw(BROKEN[kind])
    started = time.monotonic()
    result = run_clip(url, "--vault", str(vault), "--timeout", "0.5")
    assert time.monotonic() - started < 2
    assert result.code == 3, result.err
    assert url in result.err and "Traceback" not in result.err
    assert notes(vault) == [] and attachments(vault) == []


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_a_broken_body_at_reharvest_changes_no_note(run_clip, vault, raw, kind):
    url, talks = raw(_good)
    assert run_clip(url, "--vault", str(vault)).code == 0
    before = notes(vault)[0].read_bytes()
    talks[0] = BROKEN[kind]
    result = run_clip("reharvest", "--vault", str(vault), "--timeout", "0.5", "--delay", "0", "--quiet")
    assert result.code == 6, result.out + result.err
    assert "failed" in result.out
    assert notes(vault)[0].read_bytes() == before


# --- PDFs: one GET to clip, a conditional GET at night ---------------------------


def test_a_pdf_is_fetched_once_then_asked_conditionally(clip, run_clip, vault, strict):
    url = strict.set("/rapport.pdf", make_pdf("Le rapport annuel."), content_type="application/pdf", ETag='"v1"')
    assert clip(url).code == 0
    assert strict.paths() == ["/rapport.pdf"]
    assert len(attachments(vault)) == 1
    result = run_clip("reharvest", "--vault", str(vault), "--delay", "0", "--quiet")
    assert result.code == 0, result.err
    assert strict.paths() == ["/rapport.pdf", "/rapport.pdf"]
    assert strict.requests[1][1].get("If-None-Match") == '"v1"'
    assert "1 unchanged" in result.out


# --- --timeout bounds every request, images included ----------------------------


def test_timeout_bounds_a_slow_image(clip, vault, strict):
    strict.set("/slow.png", (EXAMPLES / "cs25" / "images" / "divgarg.png").read_bytes(), content_type="image/png")
    strict.slow["/slow.png"] = 4
    page = ARTICLE.replace("</article>", '<img src="/slow.png" alt="lent"></article>')
    url = strict.set("/page", page)
    started = time.monotonic()
    result = clip(url, "--timeout", "0.5")
    assert time.monotonic() - started < 3
    assert result.code == 0, result.err
    assert "1 failed" in result.err


# --- calendar: from what the note and the state hold --------------------------------


@pytest.fixture
def offline(monkeypatch):
    """No connection can be opened (a calendar must not need one)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("offline")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def readme_example(run_clip, vault: Path, *extra: str) -> Path:
    result = run_clip(
        str(EXAMPLES / "cs25" / "index.html"),
        "--source",
        "https://web.stanford.edu/class/cs25/",
        "--vault",
        str(vault),
        "--date",
        "2024-04-18",
        "--titre",
        "Un séminaire de Stanford sur les Transformers",
        "--avis",
        "Un séminaire avec des praticiens de premier ordre.",
        *extra,
    )
    assert result.code == 0, result.err
    return notes(vault)[0]


def test_calendar_of_the_readme_example_works_offline(run_clip, vault, offline, tmp_path):
    note = readme_example(run_clip, vault)
    output = tmp_path / "cours.ics"
    result = run_clip("calendar", str(note), "--vault", str(vault), "-o", str(output))
    assert result.code == 0, result.err
    text = output.read_text(encoding="utf-8")
    assert "DTSTART;VALUE=DATE:20240404" in text
    assert "Intervenants : " in text and "Source : https://web.stanford.edu/class/cs25/" in text


def test_calendar_writes_to_standard_output(run_clip, vault, offline):
    note = readme_example(run_clip, vault)
    result = run_clip("calendar", str(note), "-o", "-")
    assert result.code == 0, result.err
    assert result.out.startswith("BEGIN:VCALENDAR")


def test_calendar_into_a_missing_folder_is_an_error(run_clip, vault, offline, tmp_path):
    note = readme_example(run_clip, vault)
    result = run_clip("calendar", str(note), "-o", str(tmp_path / "nowhere" / "cours.ics"))
    assert result.code == 2, result.err
    assert "nowhere" in result.err
    assert not (tmp_path / "nowhere").exists()


def test_calendar_into_an_empty_file_name_is_a_usage_error(run_clip, vault, offline):
    note = readme_example(run_clip, vault)
    result = run_clip("calendar", str(note), "-o", "")
    assert result.code == 2, result.err
    assert "'-o'" in result.err and len(result.err.strip().splitlines()) == 1


def test_calendar_of_an_english_note_speaks_english(run_clip, vault, offline):
    note = readme_example(run_clip, vault, "--langue", "en")
    result = run_clip("calendar", str(note), "-o", "-")
    assert result.code == 0, result.err
    assert "Speakers: " in result.out and "Source: https://web.stanford.edu/class/cs25/" in result.out
    assert "Intervenants" not in result.out and "Source :" not in result.out


def test_calendar_dates_a_yearless_day_from_the_harvest_year(run_clip, vault, strict):
    html = re.sub(r"20\d\d", "", (EXAMPLES / "cs25" / "index.html").read_text(encoding="utf-8"))
    url = serve_cs25(strict, "/cours/", html.replace("April 4", "Sep 4"))
    assert run_clip(url, "--vault", str(vault), "--date", "2024-08-20").code == 0
    result = run_clip("calendar", str(notes(vault)[0]), "-o", "-")
    assert result.code == 0, result.err
    assert "DTSTART;VALUE=DATE:20240904" in result.out


# --- tracking parameters, and a re-clip of an unchanged page ------------------------------


def test_tracking_parameters_never_reach_the_note_and_a_reclip_changes_no_byte(clip, vault, strict):
    strict.set("/article", ARTICLE.replace("</article>", TRACKED_LINK + "</article>"))
    url = strict.base + "/article?utm_source=newsletter&utm_medium=mail&fbclid=abc"
    assert clip(url).code == 0
    note = notes(vault)[0]
    before = note.read_bytes()
    assert b"utm_" not in before and b"fbclid" not in before
    assert f"source: {strict.base}/article\n".encode() in before
    assert f"[le dossier]({strict.base}/dossier?page=2#haut)".encode() in before
    assert clip(url).code == 0
    assert notes(vault) == [note]
    assert note.read_bytes() == before
    assert not list((vault / ".clipper").glob("history/**/*.md"))
    assert strict.paths()[-1] == "/article?utm_source=newsletter&utm_medium=mail&fbclid=abc"


# --- a saved page and its images on disk -------------------------------------------

PLACEHOLDER = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def test_a_saved_page_with_its_files_folder_keeps_its_images(run_clip, vault, tmp_path):
    saved = tmp_path / "saved"
    (saved / "Page_files").mkdir(parents=True)
    images = EXAMPLES / "cs25" / "images"
    (saved / "Page_files" / "a.png").write_bytes((images / "divgarg.png").read_bytes())
    (saved / "Page_files" / "b.jpg").write_bytes((images / "chrismanning.jpg").read_bytes())
    (saved / "beside.png").write_bytes((images / "stevenfeng.jpg").read_bytes())
    page = ARTICLE.replace(
        "</article>",
        f'<img src="{PLACEHOLDER}" data-src="Page_files/a.png" alt="a">'
        f'<img src="{PLACEHOLDER}" data-srcset="Page_files/b.jpg 2x" alt="b">'
        '<img src="beside.png" alt="c"></article>',
    )
    (saved / "Page.html").write_text(page, encoding="utf-8")
    result = run_clip(str(saved / "Page.html"), "--vault", str(vault))
    assert result.code == 0, result.err
    assert "3 image(s) saved, 0 failed" in result.err
    saved_files = attachments(vault)
    assert len(saved_files) == 3
    assert not [path for path in saved_files if path.suffix == ".gif"]
    text = notes(vault)[0].read_text(encoding="utf-8")
    assert text.count("![[attachments/") == 3
    (saved / "Page.html").write_text(page.replace("encore des mots", "encore des mots, et un ajout"), encoding="utf-8")
    again = run_clip(str(saved / "Page.html"), "--vault", str(vault))
    assert again.code == 0, again.err
    assert "updated the existing note: 0 new image(s) saved" in again.err  # the three were in the vault already


def test_a_lazy_placeholder_is_never_saved_when_the_real_source_is_there(clip, vault, strict):
    strict.set("/img/real.png", (EXAMPLES / "cs25" / "images" / "divgarg.png").read_bytes(), content_type="image/png")
    page = ARTICLE.replace("</article>", f'<img src="{PLACEHOLDER}" data-src="/img/real.png" alt="vrai"></article>')
    assert clip(strict.set("/lazy", page)).code == 0
    assert [path.suffix for path in attachments(vault)] == [".png"]


@pytest.mark.parametrize("order", ["noscript first", "spacer first"])
def test_an_image_a_lazy_loader_keeps_in_noscript_replaces_its_spacer(clip, vault, strict, order):
    strict.set(
        "/img/real.jpg", (EXAMPLES / "cs25" / "images" / "stevenfeng.jpg").read_bytes(), content_type="image/jpeg"
    )
    strict.set(
        "/spacer.gif",
        bytes.fromhex("47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b"),
    )
    noscript = '<noscript><img src="/img/real.jpg" alt="le vrai"></noscript>'
    spacer = '<img src="/spacer.gif" class="lazyload" alt="">'
    pair = noscript + spacer if order == "noscript first" else spacer + noscript
    assert clip(strict.set("/lazy", ARTICLE.replace("</article>", pair + "</article>"))).code == 0
    assert [path.suffix for path in attachments(vault)] == [".jpg"]
    assert "/spacer.gif" not in strict.paths()
    assert notes(vault)[0].read_text(encoding="utf-8").count("![[attachments/") == 1


PIXEL_GIF = bytes.fromhex("47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b")
PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082"
)


@pytest.mark.parametrize("pixel", [PIXEL_GIF, PIXEL_PNG], ids=["gif", "png"])
def test_a_one_pixel_image_is_neither_saved_nor_embedded(clip, vault, strict, pixel):
    """A tracking pixel or spacer with no width or height in the page (the bytes say
    1x1) is left out: no attachment, no embed, no remote link, no failure."""
    strict.set(
        "/img/real.jpg", (EXAMPLES / "cs25" / "images" / "stevenfeng.jpg").read_bytes(), content_type="image/jpeg"
    )
    strict.set("/track/open", pixel)
    images = '<p><img src="/track/open" alt="">Suite du texte.</p><img src="/img/real.jpg" alt="le vrai">'
    result = clip(strict.set("/pixel", ARTICLE.replace("</article>", images + "</article>")))
    assert result.code == 0, result.err
    assert "/track/open" in strict.paths()  # looked at: its bytes decide
    assert [path.suffix for path in attachments(vault)] == [".jpg"]
    note = notes(vault)[0].read_text(encoding="utf-8")
    assert note.count("![[attachments/") == 1
    assert "/track/open" not in note and "Suite du texte." in note
    assert "1 image(s) saved, 0 failed" in result.err


def test_the_state_remembers_the_address_clipped(clip, vault, strict):
    url = strict.set("/y/", ARTICLE)
    assert clip(url + "?utm_campaign=x").code == 0
    with sqlite3.connect(vault / ".clipper" / "state.sqlite3") as db:
        assert db.execute("SELECT source, address FROM notes").fetchall() == [(strict.base + "/y", url)]


# --- the batch: the re-harvest's engine -------------------------------------------------


def test_a_batch_clips_pages_at_once_within_the_per_host_limit(run_clip, vault, strict, tmp_path):
    for number in range(6):
        strict.set(f"/p{number}", ARTICLE.replace("Un article", f"Article {number}"))
        strict.slow[f"/p{number}"] = 0.3
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join([f"{strict.base}/p{n}" for n in range(6)] + [f"{strict.base}/gone"]) + "\n")
    result = run_clip("--from", str(listing), "--vault", str(vault), "--delay", "0", "--per-host", "3")
    assert result.code == 6, result.err
    assert "7 page(s): 6 created, 0 updated, 1 failed" in result.err
    assert len(notes(vault)) == 6
    assert strict.most == 3  # pages at once, never more than --per-host


def test_a_batch_keeps_the_delay_between_two_requests_to_a_host(run_clip, vault, strict, tmp_path):
    urls = [strict.set(f"/q{number}", ARTICLE.replace("Un article", f"Article {number}")) for number in range(3)]
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(urls) + "\n")
    result = run_clip("--from", str(listing), "--vault", str(vault), "--delay", "0.4")
    assert result.code == 0, result.err
    starts = sorted(strict.started)  # stamped by the server: a loaded machine may stamp one late
    assert all(later - earlier >= 0.3 for earlier, later in zip(starts, starts[1:])), starts
