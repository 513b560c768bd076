"""Hostile images, end to end through `clip URL`: each bad image is not saved,
keeps its remote link in the note, is counted in the summary, and the clip
succeeds. Served from a local HTTP server that can also stream without end."""

from __future__ import annotations

import http.server
import re
import struct
import threading
import time
import tracemalloc
import zlib

import pytest

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


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/page":
            body = self.server.page  # type: ignore[attr-defined]
            return self._send(200, {"Content-Type": "text/html; charset=utf-8"}, body)
        if path == "/loop.png":
            return self._send(302, {"Location": "/loop.png"}, b"")
        if path.startswith("/forever"):
            hop = int(self.path.split("?")[1]) if "?" in self.path else 0
            return self._send(302, {"Location": f"/forever.png?{hop + 1}"}, b"")
        if path in STREAMED:
            return self._stream(announce=path == "/huge-announced.png")
        status, headers, body = IMAGES.get(path, (404, {}, b"no"))
        return self._send(status, headers, body)

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream(self, announce: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        if announce:
            self.send_header("Content-Length", str(HUGE))
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        block = GOOD[:16] + bytes(64 * 1024 - 16)
        try:
            for _ in range(HUGE // len(block)):
                self.wfile.write(block)
                block = bytes(64 * 1024)
        except OSError:
            pass

    def log_message(self, format, *args):
        pass


@pytest.fixture
def image_site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    base = f"http://127.0.0.1:{server.server_address[1]}"
    images = "".join(f'<p><img src="/{name}" alt="{name}"></p>' for name in ["good.png", *BAD])
    server.page = (  # type: ignore[attr-defined]
        "<html><head><title>Images hostiles</title></head><body><article><h1>Images</h1>"
        "<p>Une page dont les images sont presque toutes piégées, avec assez de texte.</p>"
        f"{images}</article></body></html>"
    ).encode()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


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
