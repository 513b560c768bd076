"""Attachments: the Local Images Plus signature, sniffing, checks, naming and writing."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import math
import os
import struct
import threading
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clipper.attachments import (
    decode_data_uri,
    full_md5,
    lip_signature,
    save_image,
    save_images,
    sniff_image_extension,
)
from clipper.errors import FetchError, VaultError
from clipper.models import SavedImage

VECTORS = Path(__file__).resolve().parents[2] / "shared" / "lip_md5sig_vectors.json.gz"


# --------------------------------------------------------------------------- tiny real images


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int = 2, height: int = 2, *, extra: bytes = b"", tail: bytes = b"") -> bytes:
    """A valid greyscale PNG; `extra` and `tail` go in private chunks before/after IDAT."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\x80" * min(width, 4))
    chunks = [_chunk(b"IHDR", ihdr)]
    chunks += [_chunk(b"prVa", extra)] if extra else []
    chunks += [_chunk(b"IDAT", pixels)]
    chunks += [_chunk(b"prVb", tail)] if tail else []
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks) + _chunk(b"IEND", b"")


def jpeg(width: int = 2, height: int = 2) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof0 + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00\x00\xff\xd9"


def gif(width: int = 2, height: int = 2) -> bytes:
    return (
        b"GIF89a"
        + struct.pack("<HH", width, height)
        + b"\x80\x00\x00"
        + b"\x00\x00\x00\xff\xff\xff"
        + b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b"
    )


def webp(width: int = 2, height: int = 2) -> bytes:
    bits = (width - 1) | ((height - 1) << 14)
    vp8l = b"\x2f" + struct.pack("<I", bits) + b"\x00\x00\x00\x00\x00\x00\x00"
    body = b"WEBP" + b"VP8L" + struct.pack("<I", len(vp8l)) + vp8l
    return b"RIFF" + struct.pack("<I", len(body)) + body


AVIF = struct.pack(">I", 28) + b"ftypavif" + b"\x00\x00\x00\x00" + b"avifmif1miaf" + b"\x00" * 8
ICO = b"\x00\x00\x01\x00\x01\x00" + b"\x01\x01\x00\x00\x01\x00\x20\x00" + struct.pack("<II", 48, 22) + b"\x00" * 48
BMP = (
    b"BM"
    + struct.pack("<IHHI", 58, 0, 0, 54)
    + struct.pack("<IiiHHIIiiII", 40, 1, 1, 1, 24, 0, 4, 0, 0, 0, 0)
    + b"\xff\x00\x00\x00"
)
TIFF_LE = b"II*\x00\x08\x00\x00\x00" + b"\x00\x00"
TIFF_BE = b"MM\x00*\x00\x00\x00\x08" + b"\x00\x00"
SVG = (
    b'<?xml version="1.0"?>\n<!-- logo -->\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1">'
    b'<rect width="1" height="1" fill="#000"/></svg>'
)
HTML_ERROR = b"<!DOCTYPE html><html><head><title>404 Not Found</title></head><body>Not found</body></html>"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return tmp_path / "vault"


def save(data: bytes, vault: Path, **options: str) -> str:
    return save_image(data, vault / "attachments", vault_root=vault, **options)


def save_all(urls: list[str], fetch_bytes, vault: Path, **options: int) -> list[SavedImage]:
    folder = vault / "attachments"
    return save_images(urls, fetch_bytes=fetch_bytes, attachments_dir=folder, vault_root=vault, **options)


# --------------------------------------------------------------------------- signature


def _vectors() -> list[dict]:
    if not VECTORS.exists():
        pytest.skip(f"LIP test vectors not found at {VECTORS} (../shared beside the checkout)")
    return json.loads(gzip.decompress(VECTORS.read_bytes()))


def test_all_45_plugin_vectors_give_the_plugins_names() -> None:
    vectors = _vectors()
    names = [lip_signature(bytes.fromhex(v["bytes_hex"])) + "_MD5" for v in vectors]
    mismatches = [v["name"] for v, name in zip(vectors, names) if name != v["name"]]
    assert (len(vectors), mismatches) == (45, [])


def test_hello_world_signature() -> None:
    assert lip_signature(b"hello world") == "6addcb8012b27f629b5ed3321bf55fab"


def test_full_md5_is_the_whole_file_md5() -> None:
    assert full_md5(b"hello world") == "5eb63bbbe01eeed093cb22bb8f5acdc3"


def test_one_bom_is_dropped_per_window_like_textdecoder() -> None:
    data = b"\xef\xbb\xbf" * 2 + b"x"  # middle window starts at byte 4, mid-BOM
    expected = ",".join(["\ufeffx", "\ufffd\ufffdx", "\ufeffx"])
    assert lip_signature(data) == hashlib.md5(expected.encode()).hexdigest()


def test_invalid_utf8_is_replaced_per_maximal_subpart() -> None:
    # WHATWG: F0 9F 98 (truncated 4-byte) is one U+FFFD; ED A0 80 (surrogate) is three.
    # Expected value computed with node's TextDecoder; the middle window is bytes [4, 7).
    assert lip_signature(b"\xf0\x9f\x98A\xed\xa0\x80") == "9427d6e7ddec9ea7c80aa7fcbda893de"


def _reference_lip(data: bytes) -> str:
    """Line for line what the plugin's JavaScript does."""
    chunk = 15000
    middle = math.floor(len(data) / 2 + 0.5)
    windows = [data[0:chunk], data[middle : middle + chunk], data[-chunk:] if data else b""]
    texts = []
    for window in windows:
        text = window.decode("utf-8", errors="replace")
        texts.append(text[1:] if text[:1] == "\ufeff" else text)
    return hashlib.md5(",".join(texts).encode("utf-8")).hexdigest()


EDGES = (0, 14999, 15000, 30000, 30001, 45000, 45001)
EDGE_SIZES = [n + d for n in EDGES for d in (-2, -1, 0, 1, 2) if n + d >= 0]
PIECES = [b"a", b"\xc3\xa9", b"\xe2\x82\xac", b"\xf0\x9f\x98\x80", b"\xef\xbb\xbf"]
PIECES += [b"\xff", b"\x80", b"\xed\xa0\x80"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(EDGE_SIZES), st.lists(st.sampled_from(PIECES), min_size=1, max_size=9))
def test_lip_signature_matches_reference_around_window_edges(size: int, pattern: list) -> None:
    unit = b"".join(pattern)
    data = (unit * (size // len(unit) + 1))[:size]
    assert lip_signature(data) == _reference_lip(data)


# --------------------------------------------------------------------------- sniffing


@pytest.mark.parametrize(
    ("data", "extension"),
    [
        (png(), "png"),
        (jpeg(), "jpg"),
        (gif(), "gif"),
        (webp(), "webp"),
        (AVIF, "avif"),
        (ICO, "ico"),
        (BMP, "bmp"),
        (TIFF_LE, "tiff"),
        (TIFF_BE, "tiff"),
        (SVG, "svg"),
        (b"\xef\xbb\xbf  <!DOCTYPE svg PUBLIC '-//W3C//DTD SVG 1.1//EN' 'x'>\n<svg/>", "svg"),
    ],
)
def test_sniff_recognises_each_format(data: bytes, extension: str) -> None:
    assert sniff_image_extension(data) == extension


@pytest.mark.parametrize("data", [HTML_ERROR, b'{"error": "not found"}', b"", b"BMW is a car maker", b"\x00" * 40])
def test_sniff_rejects_non_images(data: bytes) -> None:
    assert sniff_image_extension(data) is None


@settings(max_examples=500)
@given(st.binary(max_size=200))
def test_sniff_never_raises(data: bytes) -> None:
    formats = {"png", "jpg", "gif", "webp", "svg", "avif", "ico", "bmp", "tiff"}
    assert sniff_image_extension(data) in formats | {None}


@settings(max_examples=300, deadline=None)  # a loaded machine, not a slow check
@given(st.sampled_from([png(), jpeg(), gif(), webp(), SVG]), st.integers(0, 60), st.binary(max_size=40))
def test_check_on_mangled_images_only_raises_valueerror(tmp_path_factory, image, cut, junk) -> None:
    vault = tmp_path_factory.mktemp("vault")
    try:
        assert save(image[:cut] + junk, vault).startswith("attachments/")
    except ValueError:
        pass


# --------------------------------------------------------------------------- checks


def test_saved_png_gets_the_lip_name_and_the_bytes(vault: Path) -> None:
    name = save(png(), vault)
    expected = f"attachments/{lip_signature(png())}_MD5.png"
    assert (name, (vault / name).read_bytes()) == (expected, png())


@pytest.mark.parametrize("data", [jpeg(), gif(), webp(), AVIF, ICO, BMP, TIFF_LE, SVG])
def test_every_format_is_saved_with_its_extension(vault: Path, data: bytes) -> None:
    assert save(data, vault).rsplit(".", 1)[1] == sniff_image_extension(data)


def test_extension_comes_from_bytes_not_url(vault: Path) -> None:
    [saved] = save_all(["https://x.test/photo.jpg"], lambda url: png(), vault)
    assert saved.name.endswith(".png")


def test_html_error_page_is_refused(vault: Path) -> None:
    with pytest.raises(ValueError, match="not an image"):
        save(HTML_ERROR, vault)


def test_truncated_png_is_refused(vault: Path) -> None:
    with pytest.raises(ValueError, match="truncated image"):
        save(png()[:-20], vault)


def test_truncated_jpeg_is_refused(vault: Path) -> None:
    with pytest.raises(ValueError, match="truncated image"):
        save(jpeg()[:-2], vault)


def test_truncated_webp_is_refused(vault: Path) -> None:
    with pytest.raises(ValueError, match="truncated image"):
        save(webp()[:-3], vault)


@pytest.mark.parametrize("bomb", [png(20000, 20000), gif(65535, 65535), jpeg(20000, 20000), webp(16384, 16384)])
def test_decompression_bombs_are_refused(vault: Path, bomb: bytes) -> None:
    with pytest.raises(ValueError, match="too large"):
        save(bomb, vault)


def test_nothing_is_written_for_a_refused_image(vault: Path) -> None:
    with pytest.raises(ValueError):
        save(HTML_ERROR, vault)
    assert not (vault / "attachments").exists() or not any((vault / "attachments").iterdir())


def test_too_many_bytes_are_refused(vault: Path) -> None:
    with pytest.raises(ValueError, match="too large"):
        save_image(png(tail=b"x" * 2000), vault / "attachments", vault_root=vault, max_bytes=1000)


UNSAFE_SVGS = {
    "script": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "event handler": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "foreignObject": b"<svg><foreignObject><p>hi</p></foreignObject></svg>",
    "external reference": b'<svg><image href="https://evil.test/x.png"/></svg>',
    "xlink": b'<svg xmlns:xlink="http://www.w3.org/1999/xlink"><use xlink:href="o.svg#a"/></svg>',
    "css url": b'<svg><rect style="fill:url(https://evil.test/p)"/></svg>',
    "entity": b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>',
}


@pytest.mark.parametrize("svg", UNSAFE_SVGS.values(), ids=UNSAFE_SVGS.keys())
def test_svg_that_could_act_is_refused(vault: Path, svg: bytes) -> None:
    with pytest.raises(ValueError, match="unsafe SVG"):
        save(svg, vault)


def test_svg_with_internal_references_is_accepted(vault: Path) -> None:
    svg = (
        b'<svg><defs><g id="a"/></defs><use href="#a"/><rect style="fill:url(#g)"/>'
        b'<image href="data:image/png;base64,AA=="/></svg>'
    )
    assert save(svg, vault).endswith(".svg")


# --------------------------------------------------------------------------- naming and writing


def test_same_image_twice_is_stored_once(vault: Path) -> None:
    first = save(png(), vault)
    mtime = (vault / first).stat().st_mtime_ns
    again = save(png(), vault)
    files = os.listdir(vault / "attachments")
    assert (again, len(files), (vault / first).stat().st_mtime_ns) == (first, 1, mtime)


def _colliding_pngs() -> tuple[bytes, bytes]:
    """Two 60,000-byte PNGs that differ only between 15,000 and 30,000: the gap
    between the first and middle LIP windows."""

    def make(fill: bytes) -> bytes:
        return png(1, 1, extra=b"\x00" * 15000 + fill * 4000, tail=b"\x00" * (60000 - 19091))

    return make(b"A"), make(b"B")


def test_colliding_signature_gets_full_md5_name_and_keeps_the_other(vault: Path) -> None:
    a, b = _colliding_pngs()
    assert (len(a), lip_signature(a) == lip_signature(b), a != b) == (60000, True, True)
    name_a, name_b = save(a, vault), save(b, vault)
    on_disk = (vault / name_a).read_bytes(), (vault / name_b).read_bytes()
    assert (name_b, on_disk) == (f"attachments/{full_md5(b)}_MD5.png", (a, b))


def test_colliding_file_saved_again_reuses_its_full_md5_name(vault: Path) -> None:
    a, b = _colliding_pngs()
    save(a, vault)
    assert save(b, vault) == save(b, vault) == f"attachments/{full_md5(b)}_MD5.png"


def test_hash_mode_full_names_by_whole_content(vault: Path) -> None:
    assert save(png(), vault, hash_mode="full") == f"attachments/{full_md5(png())}_MD5.png"


def test_no_temporary_files_are_left(vault: Path) -> None:
    save(png(), vault)
    save(gif(), vault)
    assert all(not name.endswith(".tmp") for name in os.listdir(vault / "attachments"))


def test_failed_write_leaves_no_partial_file(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(VaultError):
        save(png(), vault)
    assert os.listdir(vault / "attachments") == []


def test_attachments_folder_is_created_with_parents(tmp_path: Path) -> None:
    name = save_image(png(), tmp_path / "v" / "media" / "img", vault_root=tmp_path / "v")
    assert name.startswith("media/img/") and (tmp_path / "v" / name).is_file()


def test_a_file_where_the_folder_should_be_is_a_vault_error(vault: Path) -> None:
    vault.mkdir()
    (vault / "attachments").write_text("not a folder")
    with pytest.raises(VaultError) as caught:
        save(png(), vault)
    assert caught.value.target == str(vault / "attachments")


def test_save_images_on_an_unwritable_folder_raises_vault_error(vault: Path) -> None:
    vault.mkdir()
    (vault / "attachments").write_text("not a folder")
    with pytest.raises(VaultError):
        save_all([], lambda url: png(), vault)


# --------------------------------------------------------------------------- data URIs


def test_base64_data_uri() -> None:
    assert decode_data_uri("data:image/png;base64,aGVsbG8=") == b"hello"


def test_base64_data_uri_with_spaces_percent_escapes_and_no_padding() -> None:
    assert decode_data_uri("data:image/png;BASE64,aGVs%20bG8") == b"hello"


def test_percent_encoded_data_uri() -> None:
    assert decode_data_uri("data:image/svg+xml,%3Csvg%2F%3E") == b"<svg/>"


def test_percent_encoded_data_uri_with_utf8_text() -> None:
    assert decode_data_uri("data:image/svg+xml,<svg>é</svg>") == "<svg>é</svg>".encode()


@pytest.mark.parametrize(
    "uri",
    [
        "data:image/png;base64",
        "data:image/png;base64,a",
        "data:;base64,@@@@",
        "https://x/y.png",
        "data:image/png;base64,aG=Vs",
    ],
)
def test_malformed_data_uri_is_a_valueerror(uri: str) -> None:
    with pytest.raises(ValueError):
        decode_data_uri(uri)


@given(st.text(max_size=80))
def test_decode_data_uri_only_raises_valueerror(text: str) -> None:
    for uri in (text, "data:" + text, "data:image/png;base64," + text):
        try:
            decode_data_uri(uri)
        except ValueError:
            pass


# --------------------------------------------------------------------------- save_images


class FakeWeb:
    """A fetch_bytes that serves fixed bytes, fails on demand and counts calls."""

    def __init__(self, pages: dict[str, bytes]) -> None:
        self.pages = pages
        self.calls: list[str] = []
        self.lock = threading.Lock()

    def __call__(self, url: str) -> bytes:
        with self.lock:
            self.calls.append(url)
        if url not in self.pages:
            raise FetchError("HTTP 404", url)
        return self.pages[url]


@pytest.fixture
def page_images(vault: Path) -> tuple[FakeWeb, list[SavedImage]]:
    web = FakeWeb({"https://x.test/a.png": png(), "https://x.test/b": gif(), "https://x.test/error": HTML_ERROR})
    urls = [
        "https://x.test/a.png",
        "https://x.test/missing.png",
        "https://x.test/b",
        "https://x.test/error",
        "https://x.test/a.png",
        "data:image/gif;base64," + base64.b64encode(gif()).decode(),
    ]
    return web, save_all(urls, web, vault, max_workers=3)


def test_save_images_reports_one_outcome_per_url_in_order(page_images) -> None:
    _, saved = page_images
    assert [s.url.split(",")[0] for s in saved] == [
        "https://x.test/a.png",
        "https://x.test/missing.png",
        "https://x.test/b",
        "https://x.test/error",
        "https://x.test/a.png",
        "data:image/gif;base64",
    ]


def test_save_images_saves_the_good_ones(page_images, vault: Path) -> None:
    _, saved = page_images
    names = [saved[i].name for i in (0, 2, 4, 5)]
    png_name, gif_name = f"{lip_signature(png())}_MD5.png", f"{lip_signature(gif())}_MD5.gif"
    assert names == [f"attachments/{png_name}", f"attachments/{gif_name}"] * 2
    assert (vault / names[0]).read_bytes() == png()


@pytest.mark.parametrize("pixel", [png(1, 1), gif(1, 1), jpeg(1, 1), webp(1, 1)], ids=["png", "gif", "jpeg", "webp"])
def test_save_images_drops_a_one_pixel_image(vault: Path, pixel: bytes) -> None:
    """1x1 by its bytes (a tracking pixel, a spacer): no file, no name, no error; 1x2 is kept."""
    [dropped, kept] = save_all(
        ["https://x.test/p", "https://x.test/bar"],
        {"https://x.test/p": pixel, "https://x.test/bar": png(1, 2)}.get,
        vault,
    )
    assert (dropped.name, dropped.error, dropped.dropped, dropped.written) == (None, None, True, False)
    assert kept.name is not None and not kept.dropped
    assert len(os.listdir(vault / "attachments")) == 1


def test_save_images_reports_failures_without_raising(page_images) -> None:
    _, saved = page_images
    failures = [(s.name, s.error) for s in (saved[1], saved[3])]
    assert failures == [(None, "download failed: HTTP 404"), (None, "not an image")]


def test_save_images_fetches_duplicate_urls_once(page_images) -> None:
    web, _ = page_images
    expected = ["a.png", "b", "error", "missing.png"]
    assert sorted(web.calls) == [f"https://x.test/{path}" for path in expected]


def test_save_images_refuses_other_schemes_without_fetching(vault: Path) -> None:
    web = FakeWeb({})
    saved = save_all(["file:///etc/passwd", "/relative.png"], web, vault)
    assert ([s.name for s in saved], web.calls) == ([None, None], [])


def test_save_images_refuses_too_big_downloads(vault: Path) -> None:
    web = FakeWeb({"https://x.test/big.png": png(tail=b"x" * 5000)})
    [saved] = save_all(["https://x.test/big.png"], web, vault, max_bytes=4096)
    assert saved.error.startswith("too large")


def test_save_images_fetches_concurrently_within_the_bound(vault: Path) -> None:
    running, peak, lock, gate = [0], [0], threading.Lock(), threading.Barrier(3, timeout=5)

    def fetch(url: str) -> bytes:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        gate.wait()
        with lock:
            running[0] -= 1
        return png()

    urls = [f"https://x.test/{i}.png" for i in range(6)]
    saved = save_all(urls, fetch, vault, max_workers=3)
    assert (peak[0], len({s.name for s in saved})) == (3, 1)
