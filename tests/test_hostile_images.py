"""Hostile images, end to end through `clip URL`: each bad image is not saved,
keeps its remote link in the note, is counted in the summary, and the clip
succeeds. Served by the local server (`site`), which can also stream without end."""

from __future__ import annotations

import re
import struct
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator

import pytest
from http_server import Reply, Request

from clipper.attachments import check_image


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int = 1, height: int = 1) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00" * 1)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b"")


GOOD = png(2, 1)
HUGE = 200 * 1024 * 1024
ERROR_PAGE = b"<html><head><title>404</title></head><body><h1>Not found</h1></body></html>"

IMAGES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/good.png": (200, {"Content-Type": "image/png"}, GOOD),
    "/error-page.png": (200, {"Content-Type": "image/png"}, ERROR_PAGE),
    "/missing.png": (404, {"Content-Type": "text/html"}, ERROR_PAGE),
    "/truncated.png": (200, {"Content-Type": "image/png"}, GOOD[: len(GOOD) // 2]),
    "/bomb.png": (200, {"Content-Type": "image/png"}, png(100_000, 100_000)[:33] + GOOD[33:]),
    "/external.svg": (
        200,
        {"Content-Type": "image/svg+xml"},
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<image xlink:href="https://tracker.example/pixel.png" width="1" height="1"/></svg>',
    ),
    "/script.svg": (
        200,
        {"Content-Type": "image/svg+xml"},
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    ),
}
STREAMED = ("/huge-announced.png", "/huge-unannounced.png")
REDIRECTS = ("/loop.png", "/forever.png")
BAD = [
    "error-page.png",
    "missing.png",
    "truncated.png",
    "bomb.png",
    "external.svg",
    "script.svg",
    "huge-announced.png",
    "huge-unannounced.png",
    "loop.png",
    "forever.png",
]


def _forever(request: Request) -> Reply:
    hop = int(request.query) if request.query else 0
    return Reply(302, {"Location": f"/forever.png?{hop + 1}"})


def _always(reply: Reply) -> Callable[[Request], Reply]:
    return lambda request: reply


def _huge(announce: bool) -> Callable[[Request], Reply]:
    def stream() -> Iterator[bytes]:
        yield GOOD[:16] + bytes(64 * 1024 - 16)
        for _ in range(HUGE // (64 * 1024) - 1):
            yield bytes(64 * 1024)

    return lambda request: Reply(200, {"Content-Type": "image/png"}, stream(), length=HUGE if announce else None)


@pytest.fixture
def image_site(site):
    """The local server with a page whose images are all traps but one."""
    images = "".join(f'<p><img src="/{name}" alt="{name}"></p>' for name in ["good.png", *BAD])
    site.set(
        "/page",
        "<html><head><title>Images hostiles</title></head><body><article><h1>Images</h1>"
        "<p>Une page dont les images sont presque toutes piégées, avec assez de texte.</p>"
        f"{images}</article></body></html>",
    )
    site.set("/loop.png", b"", status=302, headers={"Location": "/loop.png"})
    site.route("/forever.png", _forever)
    for path in STREAMED:
        site.route(path, _huge(announce=path == "/huge-announced.png"))
    for path, (status, headers, body) in IMAGES.items():
        site.route(path, _always(Reply(status, headers, body)))
    return site.base


def test_hostile_images_are_not_saved_and_keep_their_remote_link(run_clip, vault, image_site):
    started = time.perf_counter()
    tracemalloc.start()
    try:
        result = run_clip(f"{image_site}/page", "--vault", str(vault), "--date", "2024-04-18")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    seconds = time.perf_counter() - started
    print(f"\nHOSTILE images page: {seconds:.2f} s, peak traced memory {peak / 1e6:.0f} MB")
    assert result.code == 0, result.err
    assert f"1 image(s) saved, {len(BAD)} failed" in result.err
    for name in BAD:
        assert re.search(rf"image failed: .*/{re.escape(name)}", result.err), name
    (note,) = sorted(vault.rglob("*.md"))
    text = note.read_text(encoding="utf-8")
    assert text.count("![[attachments/") == 1
    for name in BAD:
        assert f"{image_site}/{name}" in text, name  # the remote link is kept
    saved = list((vault / "attachments").iterdir())
    assert len(saved) == 1 and saved[0].read_bytes() == GOOD
    assert check_image(saved[0].read_bytes()) == "png"
    assert seconds < 30
    assert peak < 150 * 1024 * 1024  # the 200 MB images were stopped at the 25 MB cap


def test_every_attachment_left_is_a_valid_image(run_clip, vault, image_site):
    run_clip(f"{image_site}/page", "--vault", str(vault))
    for path in (vault / "attachments").iterdir():
        assert not path.name.startswith("."), "temporary file left behind"
        check_image(path.read_bytes())
