"""A hostile vault: missing, read-only, a file where a folder should be, a note
held open elsewhere, a full disk, and a clip killed (SIGKILL) at random points.
Each gives a clear one-line error (exit 5) or succeeds, and leaves the previous
note intact and no partial file under a final name."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clipper.attachments import check_image

PAGE = (
    "<html><head><title>Coffre</title></head><body><article><h1>Coffre</h1>"
    "<p>Un paragraphe de texte assez long pour compter comme contenu, avec des mots.</p>"
    "{images}</article></body></html>"
)


def png(seed: int) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = zlib.compress(b"\x00" + seed.to_bytes(3, "big") + os.urandom(4000))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))  # 1x1 would be a tracking pixel
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def page_with_images(site, count: int = 0) -> str:
    images = ""
    for index in range(count):
        site.set(f"/img{index}.png", png(index), content_type="image/png")
        images += f'<p><img src="/img{index}.png"></p>'
    return site.set("/page", PAGE.format(images=images))


def assert_vault_error(result, *words: str) -> None:
    assert result.code == 5, result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("clip: error: "), result.err
    for word in words:
        assert word in lines[0], lines[0]


def test_missing_vault_folder(run_clip, tmp_path, site):
    url = page_with_images(site)
    missing = tmp_path / "nowhere"
    assert_vault_error(run_clip(url, "--vault", str(missing)), "does not exist", str(missing))
    assert not missing.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes everywhere")
def test_read_only_vault(run_clip, vault, site):
    url = page_with_images(site)
    vault.chmod(0o555)
    try:
        assert_vault_error(run_clip(url, "--vault", str(vault)), "not writable")
    finally:
        vault.chmod(0o755)


def test_read_only_vault_injected(run_clip, vault, site, monkeypatch):
    url = page_with_images(site)
    real_access = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda path, mode, **kw: False if Path(path) == vault and mode & os.W_OK else real_access(path, mode, **kw),
    )
    assert_vault_error(run_clip(url, "--vault", str(vault)), "not writable")


@pytest.mark.parametrize("where", ["vault", "vault/vault", "vault/attachments"])
def test_a_file_where_a_folder_should_be(run_clip, tmp_path, site, where):
    url = page_with_images(site, 1)
    root = tmp_path / "vault"
    if where != "vault":
        root.mkdir()
    (tmp_path / where).write_text("not a folder")
    result = run_clip(url, "--vault", str(root))
    assert_vault_error(result)
    assert (tmp_path / where).read_text() == "not a folder"
    assert not list(root.rglob("*.md")) if root.is_dir() else True


def test_a_note_open_in_another_process_is_replaced_atomically(run_clip, vault, site):
    url = page_with_images(site)
    assert run_clip(url, "--vault", str(vault), "--date", "2024-04-18").code == 0
    (note,) = vault.rglob("*.md")
    before = note.read_text(encoding="utf-8")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys,time,fcntl; f=open(sys.argv[1]); fcntl.flock(f, fcntl.LOCK_SH); "
            "print('held', flush=True); time.sleep(30); print(f.read() == sys.argv[2] and 'same')",
            str(note),
            before,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        site.set("/page", PAGE.format(images="<p>Un second paragraphe, tout neuf, avec du texte.</p>"))
        result = run_clip(url, "--vault", str(vault), "--date", "2024-04-19")
        assert result.code == 0, result.err
        assert "tout neuf" in note.read_text(encoding="utf-8")
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def test_disk_full_leaves_the_previous_note_intact(run_clip, vault, site, monkeypatch):
    url = page_with_images(site)
    assert run_clip(url, "--vault", str(vault), "--date", "2024-04-18").code == 0
    (note,) = vault.rglob("*.md")
    before = note.read_bytes()
    site.set("/page", PAGE.format(images="<p>Un second paragraphe, tout neuf, avec du texte.</p>"))

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = run_clip(url, "--vault", str(vault), "--date", "2024-04-19")
    assert result.code == 5, result.err
    assert len(result.err.strip().splitlines()) == 1
    assert note.read_bytes() == before
    assert [p.name for p in vault.rglob("*.md")] == [note.name]
    assert not [p for p in vault.rglob("*.tmp") if p.parent.name != ".clipper"]


def test_disk_full_on_a_new_clip_writes_no_note(run_clip, vault, site, monkeypatch):
    url = page_with_images(site, 2)
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")))
    result = run_clip(url, "--vault", str(vault))
    assert result.code == 5, result.err
    assert "full" in result.err
    assert not list(vault.rglob("*.md"))
    assert (
        not [p for p in (vault / "attachments").glob("*") if not p.name.startswith(".")]
        if (vault / "attachments").is_dir()
        else True
    )


def test_disk_full_in_a_batch_writes_no_note_and_leaves_no_temp_file(run_clip, vault, site, monkeypatch, tmp_path):
    """A batch's notes are rendered and written by its extraction workers (forked
    from this process, so they share the full disk): each page fails alone, cleanly."""
    urls = [page_with_images(site)] + [
        site.set(f"/other{n}", PAGE.format(images=f"<p>Page {n}.</p>")) for n in range(3)
    ]
    listed = tmp_path / "urls.txt"
    listed.write_text("\n".join(urls) + "\n", encoding="utf-8")
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")))
    result = run_clip("--from", str(listed), "--vault", str(vault), "--delay", "0")
    assert result.code == 6, result.out + result.err
    assert (result.out + result.err).count("full") >= len(urls)
    assert not list(vault.rglob("*.md"))
    assert not list(vault.rglob(".clipper-*.tmp"))


# --- SIGKILL at random points ----------------------------------------------------


def check_invariants(root: Path) -> None:
    """Every note is complete; every attachment under its final name is a valid image."""
    for note in root.rglob("*.md"):
        text = note.read_text(encoding="utf-8")
        assert text.startswith("---\n") and "## Texte complet :" in text, note
        assert "Un paragraphe de texte" in text, note
    attachments = root / "attachments"
    if attachments.is_dir():
        for path in attachments.glob("*_MD5.*"):
            check_image(path.read_bytes())


@pytest.mark.slow(6)
def test_sigkill_at_random_points_leaves_no_partial_file(tmp_path, site):
    url = page_with_images(site, 6)
    # every answer waits, and each kill is timed by what the server has seen: the
    # page asked for, some or all of the six images, then up to two answers' wait
    # (so a kill lands while images arrive, while they are written, or after)
    site.delay = 0.15
    rng = random.Random(20240418)
    root = tmp_path / "vault"
    root.mkdir()
    env = {**os.environ, "CLIPPER_VAULT": str(root)}
    env.pop("CLIPPER_DEBUG", None)
    kills = 0
    for _attempt in range(16):  # bounded; stops once enough kills have landed
        if kills >= 6:
            break
        site.requests.clear()
        seen, after = rng.randint(1, 7), rng.uniform(0.0, 0.3)
        child = subprocess.Popen(
            [sys.executable, "-m", "clipper", url, "--date", "2024-04-18"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while len(site.requests) < seen and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(after)
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            kills += 1
        child.wait(timeout=30)
        check_invariants(root)
        for left in [*root.rglob("*.md"), *root.glob("attachments/*")]:  # each try starts afresh
            left.unlink()
    assert kills >= 3
    site.delay = 0
    done = subprocess.run(
        [sys.executable, "-m", "clipper", url, "--date", "2024-04-18"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    check_invariants(root)
    (note,) = root.rglob("*.md")
    assert note.read_text(encoding="utf-8").count("![[attachments/") == 6
