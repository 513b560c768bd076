"""Commands that agree with each other, and messages that help (issue 15).

Each test drives the real `clip` (in-process through `run_clip`, or as a
process for shell completion) against pages served from 127.0.0.1, the way a
new user meets the edges: read-only commands in a folder that is no vault, a
note named three ways, the exit-code table, the doctor's repairs, the hints
for the usual slips, and reports that say what happened."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, REPO

# The exit codes of `clipper.errors.EXIT_CODES`, spelled out as a user's script would test them.
OK, INTERNAL, USAGE, FETCH, NO_CONTENT, VAULT, PARTIAL, BUSY, NO = range(9)

ARTICLE_TITLE = "Petite histoire du métro parisien"


def clip_article(run_clip, server: str, vault: Path, *extra: str):
    result = run_clip(f"{server}/article/", "--vault", str(vault), "--date", "2024-03-03", *extra)
    assert result.code == 0, result.err
    return Path(result.out.strip().splitlines()[0])


def files_under(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


# --- read-only commands never write ------------------------------------------------


@pytest.mark.parametrize("args", [["list"], ["list", "--json"], ["doctor"], ["find", "https://example.org/"]])
def test_read_only_commands_create_nothing_in_a_plain_folder(run_clip, tmp_path, monkeypatch, args):
    folder = tmp_path / "e"
    folder.mkdir()
    monkeypatch.chdir(folder)
    result = run_clip(*args)
    assert result.code in (0, 8), result.err
    assert files_under(folder) == []


def test_reharvest_in_a_folder_with_no_clipped_note_creates_nothing(run_clip, tmp_path, monkeypatch):
    folder = tmp_path / "e"
    folder.mkdir()
    (folder / "mine.md").write_text("# my own note\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    result = run_clip("reharvest")
    assert result.code == 0, result.err
    assert "no clipped note" in result.err
    assert files_under(folder) == ["mine.md"]


def test_read_only_commands_leave_a_vault_without_state_as_it_is(run_clip, examples_server, vault):
    note = clip_article(run_clip, examples_server, vault)
    shutil.rmtree(vault / ".clipper")
    before = files_under(vault)
    listed = run_clip("list", "--json", "--vault", str(vault))
    assert listed.code == 0 and ARTICLE_TITLE in listed.out
    assert run_clip("find", f"{examples_server}/article", "--vault", str(vault)).out.strip() == str(note)
    assert run_clip("doctor", "--vault", str(vault)).code == 8  # the state database is missing: a finding
    assert files_under(vault) == before


def test_list_of_a_missing_vault_says_the_folder_does_not_exist(run_clip, tmp_path):
    for command in (["list"], ["find", "https://example.org/"], ["doctor"], ["history", "x.md"]):
        result = run_clip(*command, "--vault", str(tmp_path / "missing"))
        assert result.code == VAULT, (command, result.err)
        assert "the vault folder does not exist" in result.err and "state database" not in result.err
        assert not (tmp_path / "missing").exists()


# --- one way to name a note --------------------------------------------------------


def test_history_finds_a_note_by_vault_path_by_path_and_by_url(run_clip, examples_server, vault, tmp_path, monkeypatch):
    note = clip_article(run_clip, examples_server, vault)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    relative = note.relative_to(vault).as_posix()
    for name in (relative, str(note), f"{examples_server}/article?utm_source=x"):
        result = run_clip("history", name, "--vault", str(vault))
        assert result.code == 0, (name, result.err)
        assert "No earlier version" in result.out
    missing = run_clip("history", "vault/nothing.md", "--vault", str(vault))
    assert missing.code == 2 and "no note for vault/nothing.md" in missing.err


def test_calendar_finds_its_note_as_history_does(run_clip, examples_server, vault, tmp_path, monkeypatch):
    url = f"{examples_server}/cs25/"
    note = Path(run_clip(url, "--vault", str(vault), "--date", "2024-04-18").out.strip())
    monkeypatch.chdir(tmp_path)
    for name in (url, note.relative_to(vault).as_posix()):
        result = run_clip("calendar", name, "--vault", str(vault), "-o", "-")
        assert result.code == 0, (name, result.err)
        assert result.out.count("BEGIN:VEVENT") == 9


def test_a_note_of_your_own_is_not_taken_for_a_clipping(run_clip, vault):
    mine = vault / "vault" / "mine.md"
    mine.parent.mkdir()
    mine.write_text("# Mes idées\n", encoding="utf-8")
    assert run_clip("find", "vault/mine.md", "--vault", str(vault)).code == NO
    history = run_clip("history", "vault/mine.md", "--vault", str(vault))
    assert history.code == USAGE and "not a note clipper made" in history.err


def test_config_of_a_missing_vault_warns(run_clip, tmp_path):
    result = run_clip("config", "--vault", str(tmp_path / "missing"))
    assert result.code == 0 and "warning: the vault folder does not exist" in result.err


def test_find_names_the_note_of_a_saved_page_by_its_file(run_clip, vault, tmp_path):
    saved = tmp_path / "saved" / "index.html"
    saved.parent.mkdir()
    shutil.copy(EXAMPLES / "article" / "index.html", saved)
    first = run_clip(str(saved), "--vault", str(vault), "--date", "2024-03-03")
    assert first.code == 0, first.err
    note = first.out.strip()
    found = run_clip("find", str(saved), "--vault", str(vault))
    assert found.code == 0 and found.out.strip() == note
    assert run_clip("find", note, "--vault", str(vault)).out.strip() == note  # a note names itself
    again = run_clip(str(saved), "--vault", str(vault), "--date", "2024-03-03")
    assert again.out.strip() == note and "unchanged" in again.err  # the same saved page: the same note
    assert ARTICLE_TITLE in run_clip("list", "--json", "--vault", str(vault)).out


def test_extract_reads_a_pdf_as_clip_does(run_clip, site):
    from test_pdf import make_pdf

    url = site.set("/rapport.pdf", make_pdf("Les comptes sont publics."), content_type="application/pdf")
    result = run_clip("extract", url, "--format", "text")
    assert result.code == 0, result.err
    assert "Les comptes sont publics." in result.out


def test_every_command_that_has_a_vault_takes_vault(run_clip):
    for command in (
        "save",
        "extract",
        "reharvest",
        "digest",
        "history",
        "find",
        "list",
        "config",
        "calendar",
        "doctor",
    ):
        assert "--vault DIR" in run_clip(command, "--help").out, command


def test_open_and_print_uri_together_are_refused(run_clip, examples_server, vault):
    result = run_clip(f"{examples_server}/article/", "--vault", str(vault), "--open", "--print-uri")
    assert result.code == 2 and "--print-uri" in result.err
    assert not (vault / "vault").exists()


def test_options_about_one_note_are_refused_with_several_urls(run_clip, examples_server, vault):
    result = run_clip(f"{examples_server}/article/", f"{examples_server}/cs25/", "--vault", str(vault), "--open")
    assert result.code == 2 and "single URL" in result.err


# --- one table of exit codes -------------------------------------------------------


def test_the_readme_exit_code_table_is_the_code_table():
    from clipper.errors import EXIT_CODES

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| (\d+) \| (.+?) \|$", readme, re.M))
    assert {int(code): meaning for code, meaning in table.items()} == {code.value: text for code, text in EXIT_CODES}


def test_exit_0_and_2_and_3_and_4(run_clip, site, vault):
    ok = site.set("/ok", "<html><head><title>T</title></head><body><article><p>" + "mot " * 50 + "</p></article>")
    assert run_clip(ok, "--vault", str(vault)).code == OK
    assert run_clip("--nope").code == USAGE
    assert run_clip(site.base + "/missing", "--vault", str(vault)).code == FETCH
    empty = site.set("/empty", "<html><body></body></html>")
    assert run_clip(empty, "--vault", str(vault)).code == NO_CONTENT


def test_exit_1_is_only_an_internal_error(run_clip, examples_server, vault, monkeypatch):
    import clipper.pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(clipper.pipeline, "clip", broken)
    result = run_clip(f"{examples_server}/article/", "--vault", str(vault))
    assert result.code == INTERNAL and result.err == "clip: internal error: RuntimeError: a bug\n"


def test_exit_130_when_interrupted(run_clip, examples_server, vault, monkeypatch):
    import clipper.pipeline

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(clipper.pipeline, "clip", interrupted)
    result = run_clip(f"{examples_server}/article/", "--vault", str(vault))
    assert result.code == 130 and result.err.strip() == "clip: interrupted"


def test_a_file_name_is_not_taken_for_an_address(run_clip, vault):
    for name in ("page.html", "index.php", "notes.md"):
        result = run_clip(name, "--vault", str(vault))
        assert result.code == 2 and f"no such file: {name}" in result.err and "https://" not in result.err.split("(")[1]


def test_exit_5_when_the_vault_cannot_be_written(run_clip, examples_server, tmp_path):
    result = run_clip(f"{examples_server}/article/", "--vault", str(tmp_path / "missing"))
    assert result.code == VAULT and "does not exist" in result.err


def test_exit_6_when_a_batch_page_fails(run_clip, examples_server, vault):
    result = run_clip(f"{examples_server}/article/", f"{examples_server}/missing/", "--vault", str(vault))
    assert result.code == PARTIAL and "1 created" in result.err and "1 failed" in result.err


def test_exit_6_when_open_fails_after_a_successful_clip(run_clip, examples_server, vault, monkeypatch):
    monkeypatch.setenv("PATH", str(vault))  # no xdg-open, open or start to be found
    result = run_clip(f"{examples_server}/article/", "--vault", str(vault), "--date", "2024-03-03", "--open")
    assert result.code == PARTIAL
    note = Path(result.out.strip())
    assert note.is_file()
    lines = [line for line in result.err.splitlines() if line.startswith("clip: error:")]
    assert len(lines) == 1 and "cannot open Obsidian" in lines[0] and str(note) in lines[0]


def test_exit_7_when_another_reharvest_runs(run_clip, examples_server, vault):
    from clipper.vault import VaultLayout, vault_lock

    clip_article(run_clip, examples_server, vault)
    with vault_lock(VaultLayout(vault), "reharvest", wait=False):
        result = run_clip("reharvest", "--vault", str(vault), "--quiet")
    assert result.code == BUSY


def test_exit_8_when_find_finds_nothing_and_doctor_finds_problems(run_clip, examples_server, vault):
    clip_article(run_clip, examples_server, vault)
    missing = run_clip("find", f"{examples_server}/other/", "--vault", str(vault))
    assert missing.code == NO and missing.out == ""
    next((vault / "attachments").iterdir()).unlink()
    doctor = run_clip("doctor", "--vault", str(vault))
    assert doctor.code == NO and "missing attachment" in doctor.out


ARTICLE_HTML = (
    "<html><head><title>Les bibliothèques</title></head><body><article><h1>Les bibliothèques</h1>"
    + "".join(
        f"<p>Les fonds anciens ouvrent au public, visite numéro {n}, avec des ateliers de reliure.</p>"
        for n in range(30)
    )
    + "</article></body></html>"
)


def test_reharvest_gone_alone_exits_0_and_a_collapse_exits_6(run_clip, site, vault):
    gone = site.set("/gone", ARTICLE_HTML)
    collapsing = site.set("/collapsing", ARTICLE_HTML.replace("bibliothèques", "musées"))
    for url in (gone, collapsing):
        assert run_clip(url, "--vault", str(vault), "--date", "2024-04-18").code == 0
    site.set("/gone", "<html><body>Gone</body></html>", status=410)
    only_gone = run_clip("reharvest", "--vault", str(vault), "--delay", "0", "--only", "*gone*", "--quiet")
    assert only_gone.code == OK and "gone" in only_gone.out
    site.set("/collapsing", "<html><body><article><p>Veuillez vous connecter.</p></article></body></html>")
    both = run_clip("reharvest", "--vault", str(vault), "--delay", "0", "--quiet")
    assert both.code == PARTIAL and "1 gone" in both.out and "1 collapsed" in both.out


# --- doctor --fix says only what held ----------------------------------------------


def test_doctor_fix_does_not_claim_to_fix_a_broken_note(run_clip, examples_server, vault):
    note = clip_article(run_clip, examples_server, vault)
    note.write_text(note.read_text(encoding="utf-8").replace("tags:", "tags: [unclosed", 1), encoding="utf-8")
    (vault / ".clipper" / "state.sqlite3").unlink()
    for _ in range(2):
        result = run_clip("doctor", "--fix", "--vault", str(vault))
        assert result.code == PARTIAL, result.out
        assert "fixed:" not in result.out.replace("not fixed:", "")
        assert f"not fixed: broken note: {note.relative_to(vault).as_posix()}" in result.out
        assert "the vault is healthy" not in result.out


def test_doctor_fix_lists_a_failed_download_as_not_fixed(run_clip, site, vault):
    from test_reharvest import PNG, article

    site.set("/img.png", PNG, content_type="image/png")
    url = site.set("/a", article("Images", ["Un paragraphe assez long pour la page. " * 5], "/img.png"))
    assert run_clip(url, "--vault", str(vault)).code == 0
    image = next((vault / "attachments").iterdir())
    image.unlink()
    site.set("/img.png", "gone", status=404)
    result = run_clip("doctor", "--fix", "--vault", str(vault))
    assert result.code == PARTIAL
    assert "could not fix: could not fetch" in result.out
    assert f"not fixed: missing attachment: attachments/{image.name}" in result.out
    assert "fixed: missing" not in result.out.replace("not fixed: missing", "")


# --- hints for the usual slips, every error one line --------------------------------


def test_an_address_without_https_gets_a_hint(run_clip, vault):
    result = run_clip("example.org/page", "--vault", str(vault))
    assert result.code == 2
    assert "https://example.org/page" in result.err and "No such file" not in result.err


def test_a_command_after_options_gets_a_hint(run_clip, vault):
    result = run_clip("--vault", str(vault), "list")
    assert result.code == 2 and "'list' is a command" in result.err and "clip list --vault" in result.err


def test_dates_are_refused_for_the_right_reason(run_clip, vault):
    basic = run_clip("https://example.org/", "--vault", str(vault), "--date", "20240418")
    assert basic.code == 2 and "not of the form YYYY-MM-DD" in basic.err
    impossible = run_clip("https://example.org/", "--vault", str(vault), "--date", "2024-02-30")
    assert impossible.code == 2 and "'2024-02-30' is not a date" in impossible.err
    assert "form" not in impossible.err


def test_every_error_is_one_line(run_clip, examples_server, vault):
    completion = run_clip("completion")
    assert completion.code == 2 and completion.err.count("\n") == 1 and "bash, zsh, fish" in completion.err
    note = clip_article(run_clip, examples_server, vault)
    note.write_text(note.read_text(encoding="utf-8").replace("tags:", "tags: [unclosed", 1), encoding="utf-8")
    doctor = run_clip("doctor", "--vault", str(vault))
    broken = [line for line in doctor.out.splitlines() if line.startswith("broken note:")]
    assert len(broken) == 1 and "unclosed" not in doctor.out.replace(broken[0], "")
    assert all(line.startswith(("broken note:", "run 'clip doctor")) for line in doctor.out.splitlines())


def test_an_unknown_language_is_a_clear_error_from_the_library(vault):
    from clipper.errors import UsageError
    from clipper.pipeline import ClipOptions, clip
    from clipper.vault import VaultLayout

    with pytest.raises(UsageError, match="unknown note language 'de'"):
        clip(str(EXAMPLES / "article" / "index.html"), ClipOptions(vault=VaultLayout(vault), language="de"))


# --- reports say what happened -----------------------------------------------------


def test_an_unchanged_reclip_says_unchanged(run_clip, examples_server, vault):
    first = run_clip(f"{examples_server}/cs25/", "--vault", str(vault), "--date", "2024-04-18", "--avis", "Bien.")
    assert "6 image(s) saved" in first.err
    again = run_clip(f"{examples_server}/cs25/", "--vault", str(vault), "--date", "2024-04-18", "--avis", "Bien.")
    assert again.code == 0 and again.err.startswith("unchanged:") and "image(s) saved" not in again.err
    assert Path(again.out.strip()).read_text(encoding="utf-8").count("Bien.") == 1  # the same avis is not added twice


def test_a_pdf_clip_reports_the_pdf_not_images(run_clip, site, vault):
    from test_pdf import make_pdf

    url = site.set("/rapport.pdf", make_pdf("Les comptes sont publics."), content_type="application/pdf")
    result = run_clip(url, "--vault", str(vault))
    assert result.code == 0, result.err
    assert "image" not in result.err and "the PDF is attached as attachments/" in result.err


# --- completion --------------------------------------------------------------------


def _complete(words: str) -> list[str]:
    env = {
        **os.environ,
        "_CLIP_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    done = subprocess.run(
        [sys.executable, "-m", "clipper"], env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60
    )
    return [line.split(",", 1)[1] for line in done.stdout.splitlines()]


def test_completion_completes_commands_and_version():
    assert _complete("clip li") == ["list"]
    assert "--version" in _complete("clip --ver")
    assert "--titre" in _complete("clip https://example.org/ --ti")


# --- small ones --------------------------------------------------------------------


def test_history_diff_ends_with_a_newline_and_english_history_uses_an_english_colon(run_clip, site, vault):
    url = site.set("/a", ARTICLE_HTML)
    note = Path(run_clip(url, "--vault", str(vault), "--date", "2024-04-18", "--langue", "en").out.strip())
    site.set("/a", ARTICLE_HTML.replace("visite numéro 3,", "visite numéro trois,"))
    assert run_clip("reharvest", "--vault", str(vault), "--delay", "0", "--date", "2024-05-02").code == 0
    text = note.read_text(encoding="utf-8")
    assert "## History:\n\n- [[2024-05-02-Thursday]]: " in text and "]] : " not in text
    diff = run_clip("history", str(note), "--vault", str(vault), "--diff", "1")
    assert diff.code == 0 and diff.out.endswith("\n") and "+" in diff.out


def test_vault_in_the_vaults_own_config_is_warned_about(run_clip, vault, tmp_path):
    (vault / ".clipper").mkdir()
    (vault / ".clipper" / "config.toml").write_text(f'vault = "{tmp_path}"\n', encoding="utf-8")
    result = run_clip("config", "--vault", str(vault))
    assert result.code == 0 and "warning: 'vault' is ignored in the vault's own configuration file" in result.err


def test_list_shows_the_last_harvest_that_went_well(run_clip, site, vault):
    url = site.set("/a", ARTICLE_HTML)
    assert run_clip(url, "--vault", str(vault), "--date", "2024-04-18").code == 0
    site.set("/a", "<html><body>Erreur</body></html>", status=500)
    assert run_clip("reharvest", "--vault", str(vault), "--delay", "0", "--date", "2024-05-02").code == 6
    import json

    row = json.loads(run_clip("list", "--json", "--vault", str(vault)).out)[0]
    assert row["last_harvest"] == "2024-04-18" and row["status"].startswith("error")


def test_help_is_not_cut_and_the_readme_lists_save(run_clip):
    listing = run_clip("--help").out.split("Commands:")[1]
    assert "(e.g." not in listing and "..." not in listing
    assert "  save " in listing
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "clip save" in readme  # errors of `clip URL` point to 'clip save --help'


def test_a_title_word_ending_at_the_byte_limit_is_kept():
    from clipper.note import safe_title

    title = "abcd " * 35 + "abcde suite"  # "abcde" ends at byte 180
    assert safe_title(title).endswith("abcde") and len(safe_title(title).encode("utf-8")) == 180
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "title is cut to at most 180 UTF-8 bytes" in " ".join(readme.split())


# --- the checkout is a vault root --------------------------------------------------


def test_the_checkout_ships_vault_and_attachments_and_the_readme_clips_into_it():
    assert (REPO / "vault" / ".gitkeep").is_file() and (REPO / "attachments" / ".gitkeep").is_file()
    ignore = (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"/vault/*", "!/vault/.gitkeep", "/attachments/*", "!/attachments/.gitkeep"} <= set(ignore)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = next(line.strip() for line in readme.splitlines() if line.startswith("    python3 -m venv .venv"))
    assert "--vault . " in command and "demo-vault" not in readme
    assert command in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_the_readme_example_clips_into_a_copy_of_the_checkout_layout(run_clip, tmp_path, monkeypatch):
    checkout = tmp_path / "checkout"
    for folder in ("vault", "attachments"):
        (checkout / folder).mkdir(parents=True)
    shutil.copytree(EXAMPLES / "cs25", checkout / "examples" / "cs25")
    shutil.copytree(REPO / "tests" / "golden", checkout / "tests" / "golden")  # notes that are no clippings of it
    monkeypatch.chdir(checkout)
    args = [
        "examples/cs25/index.html",
        "--source",
        "https://web.stanford.edu/class/cs25/",
        "--vault",
        ".",
        "--date",
        "2024-04-18",
        "--titre",
        "Un séminaire de Stanford sur les Transformers",
        "--avis",
        "Un séminaire avec des praticiens de premier ordre.",
    ]
    result = run_clip(*args)
    assert result.code == 0, result.err
    assert result.out.strip() == "vault/2024-04-18 Un séminaire de Stanford sur les Transformers.md"
    assert len(list((checkout / "attachments").glob("*_MD5.*"))) == 6
    again = run_clip(*args)
    assert again.out == result.out and again.err.startswith("unchanged:")
    assert sqlite3.connect(checkout / ".clipper" / "state.sqlite3").execute("SELECT count(*) FROM notes").fetchone()
