"""Notes land atomically and never replace an existing file."""

import os
from pathlib import Path

import pytest

from clipper.errors import VaultError
from clipper.vault import VaultLayout, create_note, replace_file


def test_create_note_writes_the_text(tmp_path):
    path = create_note(tmp_path / "vault", "2024-04-18 Titre", "contenu\n")
    assert path == tmp_path / "vault" / "2024-04-18 Titre.md"
    assert path.read_text(encoding="utf-8") == "contenu\n"


def test_same_name_gets_a_distinct_file_and_the_first_is_untouched(tmp_path):
    first = create_note(tmp_path, "2024-04-18 Titre", "premier\n")
    second = create_note(tmp_path, "2024-04-18 Titre", "second\n")
    third = create_note(tmp_path, "2024-04-18 Titre", "troisième\n")
    assert second.name == "2024-04-18 Titre (2).md" and third.name == "2024-04-18 Titre (3).md"
    assert first.read_text(encoding="utf-8") == "premier\n"


def test_no_temp_file_is_left_behind(tmp_path):
    create_note(tmp_path, "a", "x")
    replace_file(tmp_path / "b.md", b"y")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]


def test_note_permissions_follow_the_umask(tmp_path):
    path = create_note(tmp_path, "a", "x")
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_file_where_the_notes_folder_should_be(tmp_path):
    (tmp_path / "vault").write_text("not a folder")
    with pytest.raises(VaultError, match="folder"):
        create_note(tmp_path / "vault", "a", "x")


def test_missing_vault_is_a_clear_error(tmp_path):
    with pytest.raises(VaultError, match="does not exist"):
        VaultLayout(tmp_path / "nope").check()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_vault_is_a_clear_error(tmp_path):
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(VaultError, match="not writable"):
            VaultLayout(Path(tmp_path)).check()
    finally:
        tmp_path.chmod(0o700)


def test_disk_full_leaves_the_previous_file_intact(tmp_path, monkeypatch):
    target = tmp_path / "note.md"
    target.write_bytes(b"ancien")

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(VaultError, match="disk is full"):
        replace_file(target, b"nouveau")
    assert target.read_bytes() == b"ancien"
    assert [p.name for p in tmp_path.iterdir()] == ["note.md"]


def test_notes_are_written_on_a_file_system_without_hard_links(tmp_path, monkeypatch):
    import errno

    def no_links(source, target):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    first = create_note(tmp_path, "a", "premier\n")
    second = create_note(tmp_path, "a", "second\n")
    assert (first.name, second.name) == ("a.md", "a (2).md")
    assert first.read_text(encoding="utf-8") == "premier\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a (2).md", "a.md"]
