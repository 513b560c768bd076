"""Nothing the user writes is ever lost, and one page stays one note.

Each case drives the real `clip` against pages served from 127.0.0.1, with
the user's edit made the way an editor, a sync tool or a file manager makes
it — from another process where the case needs it — and a SIGKILL or a full
disk (a small tmpfs) where the case is a crash."""

from __future__ import annotations

import codecs
import errno
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import test_reharvest
from test_reharvest import PARAGRAPHS, article, reharvest

from clipper.note import read_note, texte_complet_of
from clipper.vault import clipped_source_in, decode_note

clipped = test_reharvest.clipped  # the fixture: a clipped note with the user's own additions
NEW = "Nouveauté : la bibliothèque ouvre aussi le dimanche matin dès mai."


def change_the_page(site, extra: str = NEW, etag: str = '"v2"') -> None:
    site.set("/article", article("Les bibliothèques", PARAGRAPHS + [extra], "/img.png"), etag=etag)


def notes(vault: Path) -> list[Path]:
    """The clipped notes of the vault (not the night's digest, not clipper's own files)."""
    found = (path for path in vault.rglob("*.md") if ".clipper" not in path.parts)
    return sorted(path for path in found if clipped_source_in(path.read_bytes()))


def texte_of(path: Path) -> str:
    return texte_complet_of(read_note(decode_note(path.read_bytes())[0]).body) or ""


def clip_again(run_clip, site, vault, *args: str, day: str = "2024-05-02"):
    return run_clip(f"{site.base}/article", "--vault", str(vault), "--date", day, *args)


# --- a line typed while a re-harvest runs -------------------------------------------

APPENDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    paths, stop, log = [Path(p) for p in sys.argv[3:]], Path(sys.argv[1]), open(sys.argv[2], "w")
    number = 0
    while not stop.exists():
        for path in paths:
            number += 1
            line = f"Ligne {number} tapée pendant la récolte."
            with open(path, "a", encoding="utf-8") as note:
                note.write(line + "\\n")
            log.write(f"{path}\\t{line}\\n")
            log.flush()
            time.sleep(0.0005)
    """
)


def test_lines_appended_by_another_process_during_a_reharvest_are_all_kept(site, vault, run_clip, tmp_path):
    count = 16
    for n in range(count):
        url = site.set(f"/page{n}", article(f"Page {n}", PARAGRAPHS), etag='"old"')
        assert run_clip(url, "--vault", str(vault), "--date", "2024-04-18").code == 0
    paths = notes(vault)
    for path in paths:
        with open(path, "a", encoding="utf-8") as note:
            note.write("\n## Mes notes\n\n")
    for n in range(count):
        site.set(f"/page{n}", article(f"Page {n}", PARAGRAPHS + [f"Nouveau paragraphe {n}."]), etag='"new"')
    site.delay = 0.01
    stop, log = tmp_path / "stop", tmp_path / "lines.log"
    appender = subprocess.Popen([sys.executable, "-c", APPENDER, str(stop), str(log), *map(str, paths)])
    try:
        time.sleep(0.2)
        harvest = subprocess.run(
            [sys.executable, "-m", "clipper", "reharvest", "--vault", str(vault), "--delay", "0"]
            + ["--jobs", "4", "--date", "2024-05-02"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        time.sleep(0.1)
    finally:
        stop.touch()
        appender.wait(timeout=30)
    site.delay = 0.0
    assert harvest.returncode == 0, harvest.stdout + harvest.stderr
    written = [line.split("\t") for line in log.read_text(encoding="utf-8").splitlines()]
    assert len(written) > 10 * count, "the appender should write throughout the run"
    for path in paths:
        text = path.read_text(encoding="utf-8")
        mine = [line for where, line in written if where == str(path)]
        missing = [(line, text.count(line)) for line in mine if text.count(line + "\n") != 1]
        assert not missing, f"{len(missing)} of {len(mine)} lines lost in {path.name}: {missing[:3]}"
    updated = sum("Nouveau paragraphe" in texte_of(path) for path in paths)
    skipped = harvest.stdout.count(" skipped ") + harvest.stderr.count(" skipped ")
    assert updated + skipped == count and updated >= count // 2, harvest.stdout + harvest.stderr


def test_an_editor_saving_the_whole_note_mid_update_loses_nothing(site, vault, run_clip, clipped, monkeypatch):
    """The note is replaced (a new file renamed over it, as editors save) between the
    moment clipper reads it and the moment it writes: the update is made again."""
    import clipper.vault

    change_the_page(site)
    real = clipper.vault.write_temp
    saved = clipped.parent.parent / "editor-saved"  # a file: the write may be made in an extraction worker

    def editor_saves_meanwhile(folder, data, like=None):
        if not saved.exists() and like is not None:
            text = clipped.read_text(encoding="utf-8") + "Écrit à l'instant dans l'éditeur.\n"
            other = clipped.with_name("editor.tmp")
            other.write_text(text, encoding="utf-8")
            os.replace(other, clipped)
            saved.touch()
        return real(folder, data, like)

    monkeypatch.setattr(clipper.vault, "write_temp", editor_saves_meanwhile)
    assert reharvest(run_clip, vault).code == 0
    text = clipped.read_text(encoding="utf-8")
    assert saved.exists() and text.count("Écrit à l'instant dans l'éditeur.\n") == 1
    assert NEW in texte_of(clipped) and text.count("## Historique :") == 1


# --- notes recognised by what they say ----------------------------------------------


def crlf(data: bytes) -> bytes:
    return data.replace(b"\n", b"\r\n")


def bom(data: bytes) -> bytes:
    return codecs.BOM_UTF8 + data


def cp1252(data: bytes) -> bytes:
    return data.decode("utf-8").encode("cp1252")


def trailing_spaces(data: bytes) -> bytes:
    lines = data.split(b"\n")
    return b"\n".join(line + b"  " if line.startswith((b"---", b"## ", b"source:")) else line for line in lines)


@pytest.mark.parametrize(
    "save",
    [crlf, bom, cp1252, trailing_spaces, lambda data: bom(crlf(data))],
    ids=["crlf", "bom", "cp1252", "spaces", "bom+crlf"],
)
def test_a_note_saved_by_another_editor_is_still_recognised(site, vault, run_clip, clipped, save):
    saved = save(clipped.read_bytes())
    clipped.write_bytes(saved)
    (vault / ".clipper" / "state.sqlite3").unlink()  # the state is rebuilt from the notes
    for leftover in ("state.sqlite3-wal", "state.sqlite3-shm"):
        (vault / ".clipper" / leftover).unlink(missing_ok=True)
    listed = run_clip("list", "--vault", str(vault), "--json")
    assert listed.code == 0 and "Les bibliothèques" in listed.out
    found = run_clip("find", f"{site.base}/article", "--vault", str(vault))
    assert found.out.strip() == str(clipped)
    change_the_page(site)
    result = reharvest(run_clip, vault)
    assert result.code == 0, result.err
    assert "1 checked, 1 updated" in result.out
    again = clip_again(run_clip, site, vault, "--avis", "Relu.", day="2024-05-03")
    assert again.code == 0, again.err
    assert notes(vault) == [clipped], "no second note beside it"
    after = clipped.read_bytes()
    original_style, style = decode_note(saved)[1], decode_note(after)[1]
    assert style == original_style, "the note keeps its encoding, BOM and line ends"
    text = decode_note(after)[0]
    assert NEW in texte_of(clipped) and "[[2024-05-03-vendredi]] : Relu." in text
    assert "Relire le paragraphe 3." in text and "ma_propriete: à moi" in text
    if style.newline == "\r\n":
        assert after.count(b"\n") == after.count(b"\r\n")


# --- the state follows the note -----------------------------------------------------


@pytest.mark.parametrize("where", ["Classés/Bibliothèques/", "", "../"], ids=["subfolder", "renamed", "vault root"])
def test_a_moved_or_renamed_note_is_the_one_updated(site, vault, run_clip, clipped, where):
    target = (clipped.parent / where / "Ma fiche sur les bibliothèques.md").resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    clipped.rename(target)
    result = clip_again(run_clip, site, vault, "--avis", "Toujours la même note.")
    assert result.code == 0, result.err
    assert result.out.strip() == str(target)
    assert notes(vault) == [target]
    assert "Toujours la même note." in target.read_text(encoding="utf-8")
    change_the_page(site)
    harvested = reharvest(run_clip, vault, day="2024-05-03")
    assert harvested.code == 0 and "1 checked, 1 updated" in harvested.out
    assert NEW in texte_of(target)
    rows = sqlite3.connect(vault / ".clipper" / "state.sqlite3").execute("SELECT path, etag FROM notes").fetchall()
    assert rows == [(target.relative_to(vault).as_posix(), '"v2"')]


def test_a_moved_note_keeps_its_validators_and_is_not_fetched_whole_again(site, vault, run_clip, clipped):
    moved = vault / "Archives" / clipped.name
    moved.parent.mkdir()
    clipped.rename(moved)
    result = reharvest(run_clip, vault)
    assert result.code == 0 and "1 checked, 1 unchanged" in result.out
    assert site.requests[-1][1].get("If-None-Match") == '"v1"', "the moved row kept its ETag"


def test_an_edited_source_is_followed_and_its_history_stays_reachable(site, vault, run_clip, clipped):
    change_the_page(site)
    assert reharvest(run_clip, vault).code == 0  # version 1 kept under the old source
    new_url = site.set("/nouvelle-adresse", article("Les bibliothèques", PARAGRAPHS + [NEW, "Et le lundi."]))
    text = clipped.read_text(encoding="utf-8").replace(f"source: {site.base}/article", f"source: {new_url}")
    clipped.write_text(text, encoding="utf-8")
    listed = run_clip("history", str(clipped), "--vault", str(vault))
    assert "No earlier version" not in listed.out and "replaced by a harvest" in listed.out
    result = reharvest(run_clip, vault, day="2024-05-03")
    assert result.code == 0, result.err
    assert site.count("/nouvelle-adresse") == 1
    assert "Et le lundi." in texte_of(clipped)
    versions = run_clip("history", str(clipped), "--vault", str(vault)).out
    assert versions.count("replaced by a harvest") == 2


# --- idempotent retries after a kill or a full disk ---------------------------------

KILLED_AT_STATE_WRITE = textwrap.dedent(
    """
    import os, signal, sys
    import clipper.state
    calls = []
    real = clipper.state.StateDatabase.put
    def put(self, row):
        calls.append(row)
        if len(calls) == int(sys.argv[1]):
            os.kill(os.getpid(), signal.SIGKILL)  # the note is written; its row is not
        return real(self, row)
    clipper.state.StateDatabase.put = put
    from clipper.cli import main
    sys.exit(main(sys.argv[2:]))
    """
)


def clip_killed_at_state_write(call: int, *args: str) -> int:
    process = subprocess.run([sys.executable, "-c", KILLED_AT_STATE_WRITE, str(call), *args], timeout=60)
    return process.returncode


def test_a_clip_killed_before_its_state_row_is_found_again_and_its_avis_added_once(site, vault, run_clip):
    other = site.set("/autre", article("Une autre page", PARAGRAPHS))
    assert run_clip(other, "--vault", str(vault), "--date", "2024-04-17").code == 0  # the index is not empty
    url = site.set("/article", article("Les bibliothèques", PARAGRAPHS), etag='"v1"')
    args = (url, "--vault", str(vault), "--date", "2024-04-18", "--avis", "Mon idée.")
    assert clip_killed_at_state_write(1, *args) == -signal.SIGKILL
    (note,) = [path for path in notes(vault) if "bibliothèques" in path.name]
    retried = run_clip(*args)
    assert retried.code == 0, retried.err
    assert retried.out.strip() == str(note) and len(notes(vault)) == 2, "no `(2)` beside it"
    assert note.read_text(encoding="utf-8").count("Mon idée.") == 1


def test_an_update_killed_before_its_state_row_is_finished_once_next_time(site, vault, run_clip, clipped):
    change_the_page(site)
    args = (f"{site.base}/article", "--vault", str(vault), "--date", "2024-05-02", "--avis", "Une seconde idée.")
    # put 1 records the pending hash, the note is written, put 2 would record it: killed
    assert clip_killed_at_state_write(2, *args) == -signal.SIGKILL
    assert NEW in texte_of(clipped)
    assert run_clip(*args).code == 0
    assert reharvest(run_clip, vault, day="2024-05-03").code == 0
    text = clipped.read_text(encoding="utf-8")
    assert text.count("Une seconde idée.") == 1 and text.count(NEW) == 1
    assert text.count("## Historique :") == 1 and text.count("- [[") == 1
    assert notes(vault) == [clipped]


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB tmpfs (needs root and a kernel that lets us mount), and a way to fill it."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")

    class Disk:
        root = mount
        filler = mount / "filler.bin"

        def fill(self) -> None:
            handle = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
            try:
                while True:
                    os.write(handle, b"\0" * 4096)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
            finally:
                os.close(handle)

        def free(self) -> None:
            self.filler.unlink(missing_ok=True)

    try:
        yield Disk()
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_after_the_note_says_it_was_saved_and_the_retry_finds_it(site, run_clip, small_disk, monkeypatch):
    import clipper.state

    vault = small_disk.root / "Notes"
    vault.mkdir()
    url = site.set("/article", article("Les bibliothèques", PARAGRAPHS), etag='"v1"')
    args = (url, "--vault", str(vault), "--date", "2024-04-18", "--avis", "Mon idée.")
    real = clipper.state.StateDatabase.put

    def disk_fills_up(self, row):
        small_disk.fill()  # the note is on disk; now nothing more fits
        return real(self, row)

    with monkeypatch.context() as patch:
        patch.setattr(clipper.state.StateDatabase, "put", disk_fills_up)
        result = run_clip(*args)
    assert result.code == 5
    assert "the note was saved; the index could not be (the disk is full): run `clip doctor --fix`" in result.err
    assert "disk I/O error" not in result.err and len(result.err.strip().splitlines()) == 1
    (note,) = notes(vault)
    assert str(note) in result.err
    small_disk.free()
    fixed = run_clip("doctor", "--fix", "--vault", str(vault))
    assert fixed.code == 0, fixed.out + fixed.err
    rows = sqlite3.connect(vault / ".clipper" / "state.sqlite3").execute("SELECT path FROM notes").fetchall()
    assert rows == [(note.relative_to(vault).as_posix(),)], "the doctor made the index whole again"
    retried = run_clip(*args)
    assert retried.code == 0, retried.err
    assert notes(vault) == [note] and note.read_text(encoding="utf-8").count("Mon idée.") == 1


def test_a_reharvest_on_a_full_disk_names_it_and_leaves_the_notes(site, run_clip, small_disk):
    vault = small_disk.root / "Notes"
    vault.mkdir()
    url = site.set("/article", article("Les bibliothèques", PARAGRAPHS), etag='"v1"')
    assert run_clip(url, "--vault", str(vault), "--date", "2024-04-18").code == 0
    (note,) = notes(vault)
    before = note.read_bytes()
    change_the_page(site)
    small_disk.fill()
    result = reharvest(run_clip, vault)
    assert result.code in (5, 6), result.err
    assert "disk is full" in result.err and "disk I/O error" not in result.err
    assert note.read_bytes() == before
    small_disk.free()
    assert reharvest(run_clip, vault, day="2024-05-03").code == 0
    assert NEW in texte_of(note)


def test_a_reharvest_that_cannot_write_a_note_leaves_no_version_and_no_temp_file(
    site, vault, run_clip, clipped, monkeypatch
):
    """The note's new text is written by an extraction worker, which had kept the
    replaced one as a version first: a write that fails takes both back."""
    change_the_page(site)
    before = clipped.read_bytes()

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", full)  # the workers are forked from this process: theirs too
        result = reharvest(run_clip, vault, "--no-digest")
    assert result.code == 6, result.out + result.err
    assert "disk is full" in result.out + result.err
    assert clipped.read_bytes() == before
    assert not [path for path in (vault / ".clipper").rglob("*") if path.is_file() and "history" in path.parts]
    assert not [path for path in vault.rglob(".clipper-*.tmp")]
    assert reharvest(run_clip, vault, day="2024-05-03").code == 0
    assert NEW in texte_of(clipped)


# --- the sections clipper owns ------------------------------------------------------


def test_a_deleted_historique_heading_keeps_the_history_lines(site, vault, run_clip, clipped):
    # Historique right after Texte complet, as in a note the user added no section to
    clipped.write_text(
        clipped.read_text(encoding="utf-8").replace("\n## Mes notes\n\nRelire le paragraphe 3.\n", ""), encoding="utf-8"
    )
    change_the_page(site)
    assert reharvest(run_clip, vault).code == 0
    text = clipped.read_text(encoding="utf-8")
    entry = "- [[2024-05-02-jeudi]] : 1 paragraphe ajouté\n"
    assert entry in text
    clipped.write_text(text.replace("## Historique :\n\n", ""), encoding="utf-8")
    change_the_page(site, "Et le lundi après-midi aussi.", etag='"v3"')
    assert reharvest(run_clip, vault, day="2024-05-03").code == 0
    after = clipped.read_text(encoding="utf-8")
    assert after.count(entry) == 1, "the earlier history line is not taken for page text"
    assert "Et le lundi après-midi aussi." in texte_of(clipped)
    assert "1 paragraphe ajouté" not in texte_of(clipped)
    assert "\n\n## Historique :\n\n- [[2024-05-03-vendredi]] : 1 paragraphe ajouté" in after
    assert after.count("## Historique :") == 1


# --- permissions, messages, leftovers -----------------------------------------------


def test_a_rewritten_note_keeps_its_permissions(site, vault, run_clip, clipped):
    clipped.chmod(0o640)
    change_the_page(site)
    assert reharvest(run_clip, vault).code == 0
    assert NEW in texte_of(clipped)
    assert clipped.stat().st_mode & 0o777 == 0o640


def test_a_read_only_note_is_left_alone_with_a_message(site, vault, run_clip, clipped):
    clipped.chmod(0o444)
    before = clipped.read_bytes()
    change_the_page(site)
    result = reharvest(run_clip, vault)
    assert result.code == 0, "a note the user froze is not a failure"
    assert "skipped" in result.err and "read-only" in result.err and clipped.name in result.err
    assert clipped.read_bytes() == before and clipped.stat().st_mode & 0o777 == 0o444
    again = clip_again(run_clip, site, vault, "--avis", "x")
    assert again.code == 5 and "read-only" in again.err and len(again.err.strip().splitlines()) == 1
    assert clipped.read_bytes() == before


def test_per_note_failures_of_a_reharvest_go_to_standard_error(site, vault, run_clip, clipped):
    site.set("/article", "<html><body>Erreur</body></html>", status=500)
    result = reharvest(run_clip, vault)
    assert result.code == 6
    assert "failed" in result.err and clipped.name in result.err
    assert "failed" not in result.out.replace("1 failed", "")


def test_stale_temp_files_left_by_a_kill_are_removed(site, vault, run_clip, clipped):
    old = time.time() - 3600
    left = [clipped.parent / ".clipper-0123456789abcdef.tmp", vault / "attachments" / ".clipper-fedcba9876543210.tmp"]
    for path in left:
        path.write_bytes(b"half a note")
        os.utime(path, (old, old))
    fresh = clipped.parent / ".clipper-00000000000000ff.tmp"  # another clipper's, being written now
    fresh.write_bytes(b"in progress")
    mine = clipped.parent / ".clipper-notes.txt"
    mine.write_text("à moi", encoding="utf-8")
    os.utime(mine, (old, old))
    assert reharvest(run_clip, vault).code == 0
    assert not any(path.exists() for path in left)
    assert fresh.exists() and mine.exists()


# --- any combination of user edits, then a re-harvest of a changed page -------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

THIRD = "Troisième version : la médiathèque prête aussi des instruments de musique."
EDITS = st.fixed_dictionaries(
    {
        "properties": st.integers(0, 2),
        "properties_at": st.sampled_from(["before tags", "end"]),
        "avis": st.booleans(),
        "section": st.sampled_from([None, "end", "before texte", "after title"]),
        "title_line": st.booleans(),
        "heading_spaces": st.booleans(),
        "historique": st.sampled_from(["kept", "heading deleted", "user line"]),
        "texte_by_hand": st.booleans(),
        "newline": st.sampled_from(["\n", "\r\n"]),
        "bom": st.booleans(),
        "encoding": st.sampled_from(["utf-8", "cp1252"]),
        "where": st.sampled_from(["same", "moved", "renamed", "moved and renamed"]),
        "state_deleted": st.booleans(),
    }
)
COMBINATIONS: list[tuple] = []
TIMES: list[float] = []


def insert_line_after(text: str, anchor: str, addition: str) -> str:
    at = text.index(anchor) + len(anchor)
    return text[:at] + addition + text[at:]


def apply_edits(text: str, edits: dict) -> tuple[str, list[str]]:
    """The note as the user left it, and every piece they wrote (each must survive once)."""
    mine = ["ma_propriete: à moi\n", "Mon idée.", "## Mes notes\n\nRelire le paragraphe 3.\n"]
    for n in range(edits["properties"]):
        line = f"perso_{n}: valeur à moi {n}\n"
        anchor = "tags:\n" if edits["properties_at"] == "before tags" else "\n---\n"
        text = text.replace(anchor, ("" if anchor == "tags:\n" else "\n") + line + anchor.lstrip("\n"), 1)
        mine.append(line)
    if edits["avis"]:
        text = text.replace("Mon idée.\n", "Mon idée.\n\nEt j'ajoute ceci à mon avis.\n", 1)
        mine.append("Et j'ajoute ceci à mon avis.")
    section = "## Ma section\n\nUn texte à moi seul.\n"
    if edits["section"] == "end":
        text = text.rstrip("\n") + "\n\n" + section
    elif edits["section"] == "before texte":
        text = text.replace("## Texte complet :", section + "\n## Texte complet :", 1)
    elif edits["section"] == "after title":
        text = insert_line_after(text, "Date de récolte : [[2024-04-18-jeudi]]\n", "\n" + section)
    if edits["section"]:
        mine.append(section)
    if edits["title_line"]:
        text = text.replace("# 2024-04-18 Les bibliothèques\n", "# 2024-04-18 Les bibliothèques (relu)\n", 1)
        mine.append("# 2024-04-18 Les bibliothèques (relu)\n")
    if edits["heading_spaces"]:
        for heading in ("## Mon avis :", "## Texte complet :"):
            text = text.replace(heading + "\n", heading + "  \n", 1)
            mine.append(heading + "  \n")
    if edits["historique"] == "heading deleted":
        text = text.replace("## Historique :\n\n", "", 1)
    elif edits["historique"] == "user line":
        text = text.replace("## Historique :\n\n", "## Historique :\n\nMa remarque sur l'historique.\n", 1)
        mine.append("Ma remarque sur l'historique.\n")
    mine.append("- [[2024-05-02-jeudi]] : 1 paragraphe ajouté\n")
    if edits["texte_by_hand"]:
        text = text.replace("Paragraphe numéro 2.", "Paragraphe numéro 2 (annoté).", 1)
    return text, mine


def save_as(text: str, edits: dict) -> bytes:
    data = text.replace("\n", edits["newline"]).encode(edits["encoding"])
    return (codecs.BOM_UTF8 if edits["bom"] and edits["encoding"] == "utf-8" else b"") + data


def put_where(note: Path, edits: dict) -> Path:
    name = "Ma fiche.md" if "renamed" in edits["where"] else note.name
    folder = note.parent / "Classées" if "moved" in edits["where"] else note.parent
    folder.mkdir(exist_ok=True)
    target = folder / name
    note.rename(target)
    return target


def test_any_user_edits_survive_a_reharvest_of_a_changed_page(site, vault, run_clip, clipped, tmp_path, monkeypatch):
    import shutil

    import clipper.engine

    # extraction in the test's own process: forking the workers for every example
    # would cost more than the example (the worker pool has its own tests); the
    # command starts them (`clip reharvest` calls the engine's extraction_pool first)
    monkeypatch.setattr(clipper.engine, "extraction_pool", clipper.engine.InlineExecutor)

    change_the_page(site)
    assert reharvest(run_clip, vault).code == 0
    template = tmp_path / "template"
    shutil.copytree(vault, template)
    site.set("/article", article("Les bibliothèques", PARAGRAPHS + [NEW, THIRD], "/img.png"), etag='"v3"')

    @settings(
        max_examples=24,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(edits=EDITS)
    def check(edits: dict) -> None:
        root = tmp_path / "example"
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(template, root)
        note = root / clipped.relative_to(vault)
        text, mine = apply_edits(note.read_text(encoding="utf-8"), edits)
        note.write_bytes(save_as(text, edits))
        note = put_where(note, edits)
        if edits["state_deleted"]:
            for name in ("state.sqlite3", "state.sqlite3-wal", "state.sqlite3-shm"):
                (root / ".clipper" / name).unlink(missing_ok=True)
        started = time.monotonic()
        result = reharvest(run_clip, root, day="2024-05-03")
        TIMES.append(time.monotonic() - started)
        assert result.code == 0, result.err
        assert "1 checked, 1 updated" in result.out, result.out + result.err
        assert notes(root) == [note], "the same note, where the user put it; no other"
        data = note.read_bytes()
        after, style = decode_note(data)
        with_bom = edits["bom"] and edits["encoding"] == "utf-8"
        assert (style.newline, style.bom, style.encoding) == (edits["newline"], with_bom, edits["encoding"])
        for piece in mine:
            assert after.count(piece) == 1, piece
        texte = texte_of(note)
        assert THIRD in texte and NEW in texte, "the new content is in"
        for paragraph in PARAGRAPHS:
            assert after.count(paragraph) == 1, "nothing duplicated"
        for once in ("## Texte complet :", "## Mon avis :", "## Historique :", "[[2024-05-03-vendredi]] : "):
            assert after.count(once) == 1, once
        if edits["texte_by_hand"]:
            # a version is the note as it was (its own encoding) or its Texte complet alone
            kept = [decode_note(p.read_bytes())[0] for p in (root / ".clipper" / "history").rglob("*.md")]
            assert any("(annoté)" in version for version in kept), "the hand edit is kept as a version"
        COMBINATIONS.append(tuple(sorted(edits.items(), key=lambda item: item[0])))

    check()
    print(f"\nreharvest median {sorted(TIMES)[len(TIMES) // 2]:.3f}s")
    print(f"\n{len(COMBINATIONS)} combinations of user edits ran, {len(set(COMBINATIONS))} distinct")
    assert len(set(COMBINATIONS)) >= min(20, len(COMBINATIONS))
