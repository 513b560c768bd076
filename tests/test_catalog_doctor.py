"""Listing and finding clippings; examining and repairing a vault."""

import datetime as dt

import pytest

from clipper.catalog import ClippingFilter, clippings, find_note
from clipper.doctor import examine, repair
from clipper.vault import VaultLayout


@pytest.fixture
def filled(run_clip, examples_server, vault):
    for path, day, tag in (("/cs25/", "2024-04-18", "cours"), ("/article/", "2024-03-03", "paris")):
        result = run_clip(examples_server + path, "--vault", str(vault), "--date", day, "--tag", tag)
        assert result.code == 0, result.err
    return VaultLayout(vault)


def test_list_and_filter(filled, examples_server):
    rows = clippings(filled)
    assert [row.kind for row in rows] == ["article", "course"]
    assert rows[1].created == "2024-04-18" and rows[1].host == "127.0.0.1"
    assert [row.kind for row in clippings(filled, ClippingFilter(tag="cours"))] == ["course"]
    assert [row.kind for row in clippings(filled, ClippingFilter(kind="article"))] == ["article"]
    assert clippings(filled, ClippingFilter(since=dt.date(2024, 4, 1)))[0].kind == "course"
    assert clippings(filled, ClippingFilter(stale=True)) == []


def test_find_by_address_ignores_tracking_and_trailing_slash(filled, examples_server):
    found = find_note(filled, f"{examples_server}/cs25?utm_source=mail#schedule")
    assert found is not None and found.name.startswith("2024-04-18 CS25")
    assert find_note(filled, f"{examples_server}/nothing/") is None


def test_healthy_vault(filled):
    assert examine(filled).healthy


def test_doctor_finds_and_repairs_what_is_safe(filled, vault):
    attachments = sorted((vault / "attachments").iterdir())
    attachments[0].unlink()
    stray = vault / "attachments" / ("0" * 32 + "_MD5.png")
    stray.write_bytes(b"\x89PNG")
    mine = vault / "attachments" / "my-photo.png"
    mine.write_bytes(b"mine")
    report = examine(filled)
    assert [name for _, name in report.missing_attachments] == [f"attachments/{attachments[0].name}"]
    assert report.unused_attachments == [f"attachments/{stray.name}"]

    done = repair(filled, report, prune=False, download=lambda url: (_ for _ in ()).throw(OSError("offline")))
    assert stray.exists() and any("could not fetch" in line for line in done)
    repair(filled, report, prune=True)
    assert not stray.exists() and mine.exists()


@pytest.mark.parametrize(
    "mention",
    [
        "![[{name}]]",  # Obsidian's default: the shortest path
        "![mon image](../attachments/{name})",
        '<img src="attachments/{name}" width="200">',
        "[[{name}|la photo]]",
    ],
    ids=["shortest path", "relative link", "html", "plain link"],
)
def test_prune_never_deletes_an_attachment_a_note_of_the_user_names(filled, vault, mention):
    image = vault / "attachments" / ("1" * 32 + "_MD5.png")
    image.write_bytes(b"\x89PNG")
    (vault / "Perso").mkdir()
    (vault / "Perso" / "mine.md").write_text(mention.format(name=image.name) + "\n", encoding="utf-8")
    canvas_image = vault / "attachments" / ("2" * 32 + "_MD5.png")
    canvas_image.write_bytes(b"\x89PNG")
    (vault / "tableau.canvas").write_text(
        '{"nodes": [{"type": "file", "file": "attachments/' + canvas_image.name + '"}]}', encoding="utf-8"
    )
    report = examine(filled)
    assert report.unused_attachments == []
    repair(filled, report, prune=True)
    assert image.exists() and canvas_image.exists()


def test_doctor_reports_a_broken_note(filled, vault):
    note = next((vault / "vault").glob("2024-03-03 *.md"))
    note.write_text(note.read_text(encoding="utf-8").replace("tags:", "tags: [unclosed", 1), encoding="utf-8")
    report = examine(filled)
    assert [path for path, _ in report.broken_notes] == [note.relative_to(vault).as_posix()]


@pytest.mark.parametrize("source", ["htp//example.org/page", "http://[::1/page", ""])
def test_doctor_names_a_clipped_note_whose_source_cannot_be_asked(filled, vault, source):
    note = next((vault / "vault").glob("2024-03-03 *.md"))
    text = note.read_text(encoding="utf-8")
    start = text.index("source: ")
    note.write_text(text[:start] + f"source: {source}" + text[text.index("\n", start) :], encoding="utf-8")
    report = examine(filled)
    assert [path for path, _ in report.broken_notes] == [note.relative_to(vault).as_posix()]
    assert "source" in report.broken_notes[0][1] and source in report.broken_notes[0][1]
    assert not report.healthy


@pytest.mark.parametrize("damage", ["garbage", "half"])
def test_a_damaged_state_database_is_set_aside_and_rebuilt_by_doctor_fix(filled, vault, run_clip, damage):
    database = vault / ".clipper" / "state.sqlite3"
    data = database.read_bytes()
    database.write_bytes(b"garbage, no database\n" if damage == "garbage" else data[: len(data) // 2])
    for path in database.parent.glob("state.sqlite3-*"):  # its WAL goes with the damage
        path.unlink()
    listed = run_clip("list", "--vault", str(vault))
    assert listed.code == 5 and "clip doctor --fix" in listed.err and len(listed.err.strip().splitlines()) == 1
    examined = run_clip("doctor", "--vault", str(vault))
    assert examined.code == 8 and "state database: damaged" in examined.out
    fixed = run_clip("doctor", "--vault", str(vault), "--fix")
    assert fixed.code == 0, fixed.out + fixed.err
    assert "fixed: state database: damaged" in fixed.out and "the vault is healthy" in fixed.out
    kept = list(database.parent.glob("state.sqlite3.damaged-*"))
    assert kept and kept[0].read_bytes()[:20] == (b"garbage, no database" if damage == "garbage" else data[:20])
    assert len(clippings(filled)) == 2
