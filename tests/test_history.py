"""The versions a note's Texte complet had: kept by a hard link to the note as it was
(no byte copied, no file or folder created per note), in 256 folders shared by every
note; an older vault's versions, one folder per note, still read and numbered on from."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from clipper import history

SOURCE = "https://example.edu/cours/"
OTHER = "https://example.edu/cours-renomme/"


def note_text(texte: str) -> str:
    return f"---\nsource: {SOURCE}\nextractor: article\n---\n# Cours\n\n## Mon avis :\n\nÀ garder.\n\n## Texte complet :\n\n{texte}\n"


def write_note(path: Path, texte: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(note_text(texte).encode(encoding))
    return path


def refuse_links(monkeypatch: pytest.MonkeyPatch, error: int, message: str) -> None:
    """`os.link` fails with `error`: EPERM as on a FAT key, ENOSPC as on a full disk."""

    def refused(*args: object) -> None:
        raise OSError(error, message)

    monkeypatch.setattr(os, "link", refused)


def test_a_version_is_the_replaced_note_itself_and_keeps_its_text(tmp_path: Path) -> None:
    note = write_note(tmp_path / "cours.md", "Première version du cours.")
    version = history.keep_version(tmp_path, SOURCE, "Première version du cours.", "harvest", note=note)
    assert version.whole_note and version.path.samefile(note)  # a name given, nothing copied
    replacement = write_note(tmp_path / "new.tmp", "Deuxième version.")
    os.replace(replacement, note)  # the note is rewritten, as `vault.replace_if_unchanged` does
    assert version.text() == "Première version du cours."
    assert history.versions(tmp_path, SOURCE) == [version]
    assert os.stat(version.path).st_nlink == 1


def test_no_folder_is_made_per_note(tmp_path: Path) -> None:
    for number in range(40):
        source = f"https://example.edu/{number}/"
        note = write_note(tmp_path / f"{number}.md", f"Texte {number}.")
        history.keep_version(tmp_path, source, f"Texte {number}.", "harvest", note=note)
    folders = [path.name for path in (tmp_path / ".clipper" / "history").iterdir()]
    assert folders and all(len(name) == 2 for name in folders)
    assert [v.text() for v in history.versions(tmp_path, "https://example.edu/7/")] == ["Texte 7."]


def test_a_note_in_another_encoding_is_read_back_as_it_was(tmp_path: Path) -> None:
    note = write_note(tmp_path / "cours.md", "Données accentuées, été.", encoding="utf-16")
    version = history.keep_version(tmp_path, SOURCE, "Données accentuées, été.", "user", note=note)
    os.replace(write_note(tmp_path / "x.tmp", "Autre."), note)
    assert version.text() == "Données accentuées, été."


def test_the_same_text_twice_is_kept_once(tmp_path: Path) -> None:
    note = write_note(tmp_path / "cours.md", "Le même texte.")
    first = history.keep_version(tmp_path, SOURCE, "Le même texte.", "harvest", note=note)
    again = history.keep_version(tmp_path, SOURCE, "Le même texte.", "harvest", note=note)
    assert again == first and len(history.versions(tmp_path, SOURCE)) == 1


def test_without_hard_links_the_texte_complet_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    refuse_links(monkeypatch, errno.EPERM, "Operation not permitted")
    note = write_note(tmp_path / "cours.md", "Sur une clé FAT.")
    version = history.keep_version(tmp_path, SOURCE, "Sur une clé FAT.", "harvest", note=note)
    assert not version.whole_note and version.path.read_text(encoding="utf-8") == "Sur une clé FAT."
    assert version.text() == "Sur une clé FAT."


def test_a_version_of_a_note_that_was_not_replaced_is_taken_back(tmp_path: Path) -> None:
    note = write_note(tmp_path / "cours.md", "Texte.")
    version = history.keep_version(tmp_path, SOURCE, "Texte.", "harvest", note=note)
    history.forget_if_current(version, note)  # the note could not be replaced: nothing was
    assert history.versions(tmp_path, SOURCE) == [] and note.is_file()


def test_an_older_vault_s_versions_are_read_numbered_on_and_follow_the_source(tmp_path: Path) -> None:
    older = tmp_path / ".clipper" / "history" / history.history_key(SOURCE)
    older.mkdir(parents=True)
    (older / "0001 2026-04-18T02-00-00 harvest.md").write_text("Texte d'avril.", encoding="utf-8")
    note = write_note(tmp_path / "cours.md", "Texte de mai.")
    kept = history.keep_version(tmp_path, SOURCE, "Texte de mai.", "harvest", note=note)
    assert kept.number == 2
    assert [(v.number, v.text()) for v in history.versions(tmp_path, SOURCE)] == [
        (1, "Texte d'avril."),
        (2, "Texte de mai."),
    ]
    history.follow_source(tmp_path, SOURCE, OTHER)
    assert history.versions(tmp_path, SOURCE) == [] and not older.exists()
    assert [(v.number, v.text()) for v in history.versions(tmp_path, OTHER)] == [
        (1, "Texte d'avril."),
        (2, "Texte de mai."),
    ]


def test_a_version_holding_a_whole_note_is_never_taken_for_a_note_of_the_vault(tmp_path: Path) -> None:
    from clipper.scan import clipped_notes
    from clipper.vault import VaultLayout

    note = write_note(tmp_path / "cours.md", "Texte.")
    history.keep_version(tmp_path, SOURCE, "Texte.", "harvest", note=note)
    os.replace(write_note(tmp_path / "x.tmp", "Nouveau."), note)
    assert list(clipped_notes(VaultLayout(tmp_path))) == [("cours.md", SOURCE)]


def test_a_version_left_linked_by_a_killed_run_is_taken_back_before_the_next(tmp_path: Path) -> None:
    note = write_note(tmp_path / "cours.md", "Texte récolté.")
    history.keep_version(tmp_path, SOURCE, "Texte récolté.", "harvest", note=note)  # killed before the replace
    with note.open("r+b") as stream:  # the user's editor saves in place, into the same file
        stream.truncate(0)
        stream.write(note_text("Texte récolté, annoté.").encode("utf-8"))
    history.keep_version(tmp_path, SOURCE, "Texte récolté, annoté.", "user", note=note)
    kept = history.versions(tmp_path, SOURCE)
    assert [(v.number, v.reason, v.text()) for v in kept] == [(1, "user", "Texte récolté, annoté.")]


def test_a_version_that_cannot_be_kept_is_a_vault_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clipper.errors import VaultError

    refuse_links(monkeypatch, errno.ENOSPC, "No space left on device")
    note = write_note(tmp_path / "cours.md", "Texte.")
    with pytest.raises(VaultError, match="the disk is full"):
        history.keep_version(tmp_path, SOURCE, "Texte.", "harvest", note=note)
    assert note.read_text(encoding="utf-8") == note_text("Texte.")


def test_without_hard_links_a_version_of_a_note_not_replaced_is_taken_back_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse_links(monkeypatch, errno.EPERM, "Operation not permitted")
    note = write_note(tmp_path / "cours.md", "Texte.")
    earlier = history.keep_version(tmp_path, SOURCE, "Texte.", "user", note=note)
    history.forget_if_current(earlier, note)  # the note could not be replaced: nothing was
    assert history.versions(tmp_path, SOURCE) == []
    kept = history.keep_version(tmp_path, SOURCE, "Texte.", "user", note=note)
    found_again = history.keep_version(tmp_path, SOURCE, "Texte.", "user", note=note)  # the same text, kept once
    history.forget_if_current(found_again, note)  # an earlier version found again is never taken back
    assert history.versions(tmp_path, SOURCE) == [kept]
