"""The night's digest: one note saying what the re-harvest changed, against a
local site whose pages change between runs, read back as Obsidian reads it
(obsidiantools resolves every [[link]])."""

import datetime as dt
import json
import re
from pathlib import Path

import frontmatter
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clipper.daily_notes import moment_format, with_line_under_heading

NIGHT = "2024-05-28"
DIGEST = Path("vault") / "Récoltes" / f"{NIGHT} Récolte.md"
TBD_ROW = "<td><strong>TBD</strong><br>Speaker:&nbsp;TBD</td>"
JUNE_ROW = "<tr><td>June 6</td><td><strong>Closing Panel</strong><br>Speaker:&nbsp;Div Garg</td><td></td></tr></tbody>"


def article(title: str, paragraph: str) -> str:
    body = "".join(f"<p>{paragraph} Paragraphe {n} sur les fonds anciens des bibliothèques.</p>" for n in range(6))
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"


@pytest.fixture
def course_page():
    from conftest import EXAMPLES

    return (EXAMPLES / "cs25" / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def clipped_vault(site, vault, run_clip, course_page):
    """Five notes clipped on 2024-04-18: two courses and three articles."""
    pages = {
        "/cours-a": ("Cours A", course_page),
        "/cours-b": ("Cours B", course_page),
        "/disparu": ("Article disparu", article("Disparu", "Une page qui va disparaître.")),
        "/panne": ("Article en panne", article("Panne", "Un serveur bientôt en panne.")),
        "/stable": ("Article stable", article("Stable", "Une page qui ne change pas.")),
    }
    for path, (titre, html) in pages.items():
        url = site.set(path, html, etag='"v1"')
        result = run_clip(url, "--vault", str(vault), "--date", "2024-04-18", "--titre", titre, "--avis", "Mon avis.")
        assert result.code == 0, result.err
    return vault


def change_everything(site, course_page):
    """The night: a session added, a talk renamed, a source gone, a server failing."""
    site.set("/cours-a", course_page.replace("</tbody>", JUNE_ROW), etag='"v2"')
    site.set("/cours-b", course_page.replace("Demystifying Mixtral of Experts", "Mixtral, demystified"), etag='"v2"')
    site.set("/disparu", "<html><body>Not found</body></html>", status=404)
    site.set("/panne", "<html><body>Oops</body></html>", status=500)


def reharvest(run_clip, vault, *args, day=NIGHT):
    return run_clip("reharvest", "--vault", str(vault), "--delay", "0", "--date", day, *args)


def history_summary(note: Path) -> str:
    """The text of the note's last Historique line, after the date."""
    line = note.read_text(encoding="utf-8").split("## Historique :\n\n", 1)[1].strip().splitlines()[-1]
    return line.split(" : ", 1)[1]


def section(text: str, heading: str) -> list[str]:
    """The list lines under the `## heading (n)` of a digest."""
    match = re.search(rf"^## {re.escape(heading)} \(\d+\)\n\n((?:- .*\n)+)", text, re.M)
    return match.group(1).splitlines() if match else []


def unresolved_links(vault: Path, note: Path) -> list[str]:
    """The [[links]] of `note` that no note of the vault answers, as obsidiantools reads the vault."""
    import obsidiantools.api as otools

    reader = otools.Vault(vault).connect().gather()
    links = reader.get_wikilinks(note.stem)
    assert links, "the note has no [[link]]"
    return [link for link in links if link not in reader.md_file_index]


def files_of(vault: Path) -> dict[str, bytes]:
    return {
        path.relative_to(vault).as_posix(): path.read_bytes()
        for path in vault.rglob("*")
        if path.is_file() and ".clipper" not in path.parts
    }


def test_a_night_of_four_kinds_of_change_gives_one_digest_that_links_them_all(
    site, clipped_vault, run_clip, course_page
):
    vault = clipped_vault
    change_everything(site, course_page)
    result = reharvest(run_clip, vault)
    assert result.code == 6  # one note failed
    assert sorted(p.name for p in (vault / "vault" / "Récoltes").iterdir()) == [f"{NIGHT} Récolte.md"]
    digest = vault / DIGEST
    text = digest.read_text(encoding="utf-8")
    notes = vault / "vault"
    assert section(text, "Séances ajoutées ou renommées") == [
        f"- [[2024-04-18 Cours A]] : {history_summary(notes / '2024-04-18 Cours A.md')}",
        f"- [[2024-04-18 Cours B]] : {history_summary(notes / '2024-04-18 Cours B.md')}",
    ]
    assert "1 séance ajoutée (June 6)" in section(text, "Séances ajoutées ou renommées")[0]
    assert "« Demystifying Mixtral of Experts » → « Mixtral, demystified »" in text
    assert section(text, "Sources disparues") == [
        "- [[2024-04-18 Article disparu]] : la source ne répond plus (HTTP 404)"
    ]
    assert section(text, "Échecs") == ["- [[2024-04-18 Article en panne]] : HTTP 500 Internal Server Error"]
    assert "Article stable" not in text
    properties = frontmatter.loads(text).metadata
    assert properties["kind"] == "digest" and str(properties["date"]) == NIGHT
    assert (properties["changed"], properties["sessions"], properties["gone"], properties["failed"]) == (3, 2, 1, 1)
    # the coming week (May 28 to June 3) holds the May 30 session of both courses
    assert section(text, "Séances des 7 prochains jours") == [
        "- **jeudi 30 mai** : [[2024-04-18 Cours A]] — TBD",
        "- **jeudi 30 mai** : [[2024-04-18 Cours B]] — TBD",
    ]
    assert unresolved_links(vault, digest) == []
    assert f"digest: {digest}" in result.out


def test_a_night_that_changed_nothing_writes_nothing(site, clipped_vault, run_clip):
    before = files_of(clipped_vault)
    result = reharvest(run_clip, clipped_vault)
    assert result.code == 0, result.out
    assert files_of(clipped_vault) == before
    assert not (clipped_vault / "vault" / "Récoltes").exists()
    assert "digest:" not in result.out


def test_a_source_still_gone_the_next_night_is_not_news(site, clipped_vault, run_clip):
    site.set("/disparu", "gone", status=404)
    reharvest(run_clip, clipped_vault, day="2024-05-27")
    assert (clipped_vault / "vault" / "Récoltes" / "2024-05-27 Récolte.md").is_file()
    reharvest(run_clip, clipped_vault)
    assert not (clipped_vault / DIGEST).exists()


def test_two_runs_the_same_night_make_one_digest_with_both_runs_entries(site, clipped_vault, run_clip, course_page):
    vault = clipped_vault
    site.set("/cours-a", course_page.replace("</tbody>", JUNE_ROW), etag='"v2"')
    site.set("/panne", "Oops", status=500)
    assert reharvest(run_clip, vault).code == 6
    first = (vault / DIGEST).read_text(encoding="utf-8")
    assert "[[2024-04-18 Article en panne]]" in first
    site.set("/disparu", "gone", status=404)
    site.set("/panne", article("Panne", "Un serveur de nouveau en marche."), etag='"v2"')  # back, and changed
    assert reharvest(run_clip, vault).code == 0
    assert len(list((vault / "vault" / "Récoltes").iterdir())) == 1
    text = (vault / DIGEST).read_text(encoding="utf-8")
    assert section(text, "Séances ajoutées ou renommées") == section(first, "Séances ajoutées ou renommées")
    assert len(section(text, "Séances ajoutées ou renommées")) == 1
    assert section(text, "Sources disparues") == [
        "- [[2024-04-18 Article disparu]] : la source ne répond plus (HTTP 404)"
    ]
    assert section(text, "Contenu mis à jour")[0].startswith("- [[2024-04-18 Article en panne]] : ")
    assert section(text, "Échecs") == []  # the second run got the page
    assert frontmatter.loads(text).metadata["changed"] == 3
    assert unresolved_links(vault, vault / DIGEST) == []


def test_a_failure_a_later_run_of_the_night_got_past_leaves_the_digest_though_nothing_changed(
    site, clipped_vault, run_clip
):
    page = site.pages["/panne"]
    site.set("/panne", "Oops", status=500)
    assert reharvest(run_clip, clipped_vault).code == 6
    assert section((clipped_vault / DIGEST).read_text(encoding="utf-8"), "Échecs")
    site.pages["/panne"] = page  # back as it was: 304, nothing to update
    assert reharvest(run_clip, clipped_vault).code == 0
    assert section((clipped_vault / DIGEST).read_text(encoding="utf-8"), "Échecs") == []


DAILY_TEXT = "# Mardi\r\n\r\nRéunion à 10 h — café ☕\r\n\r\n## Récolte de clipper\r\n\r\n- une ligne à moi\r\n\r\n## Soir\r\nLire."


def test_the_daily_note_gets_one_line_and_keeps_every_byte_the_user_wrote(site, clipped_vault, run_clip):
    vault = clipped_vault
    (vault / ".obsidian").mkdir()
    (vault / ".obsidian" / "daily-notes.json").write_text(
        json.dumps({"folder": "Journal/", "format": "YYYY-MM-DD-dddd"})
    )
    daily = vault / "Journal" / "2024-05-28-mardi.md"
    daily.parent.mkdir()
    daily.write_bytes(DAILY_TEXT.encode("utf-8"))
    site.set("/disparu", "gone", status=404)
    reharvest(run_clip, vault)
    site.set("/panne", "Oops", status=500)
    reharvest(run_clip, vault)  # a second run the same night adds no second line
    after = daily.read_bytes().decode("utf-8")
    line = f"- [[{NIGHT} Récolte]]\r\n"
    assert after.count(line) == 1
    assert after.replace(line, "", 1) == DAILY_TEXT
    assert after.index(line) < after.index("## Soir")  # under clipper's heading
    digest = (vault / DIGEST).read_text(encoding="utf-8")
    assert "Récolte de la nuit du [[2024-05-28-mardi]] : 1 source disparue, 1 échec." in digest
    assert unresolved_links(vault, daily) == []
    assert unresolved_links(vault, vault / DIGEST) == []


def test_a_daily_note_without_obsidian_settings_is_found_by_the_harvest_date_link(site, clipped_vault, run_clip):
    daily = clipped_vault / "2024-05-28-mardi.md"
    daily.write_text("Ma journée.", encoding="utf-8")
    site.set("/disparu", "gone", status=404)
    reharvest(run_clip, clipped_vault)
    assert daily.read_text(encoding="utf-8") == f"Ma journée.\n\n## Récolte de clipper\n\n- [[{NIGHT} Récolte]]\n"


@pytest.mark.parametrize("switch", ["--no-digest", "setting"])
def test_the_digest_can_be_turned_off(site, clipped_vault, run_clip, switch, monkeypatch):
    site.set("/disparu", "gone", status=404)
    if switch == "setting":
        (clipped_vault / ".clipper" / "config.toml").write_text("digest = false\n")
    reharvest(run_clip, clipped_vault, *([switch] if switch.startswith("--") else []))
    assert not (clipped_vault / "vault" / "Récoltes").exists()


def test_english_labels_folder_and_name_come_from_the_settings(site, clipped_vault, run_clip, course_page):
    (clipped_vault / ".clipper" / "config.toml").write_text('digest_folder = "Journal/Nuits"\n')
    site.set("/cours-a", course_page.replace(TBD_ROW, "<td><strong>TBD</strong><br>Speaker:&nbsp;Ashish Vaswani</td>"))
    reharvest(run_clip, clipped_vault, "--langue", "en")
    digest = clipped_vault / "Journal" / "Nuits" / f"{NIGHT} Harvest.md"
    text = digest.read_text(encoding="utf-8")
    assert "Harvest of the night of Tuesday, May 28, 2024: 1 note updated." in text
    assert section(text, "Speakers changed") == ["- [[2024-04-18 Cours A]]: intervenants modifiés (May 30)"]
    assert (
        section(text, "Sessions in the next 7 days")[0]
        == "- **Thursday, May 30**: [[2024-04-18 Cours A]] — TBD (Ashish Vaswani)"
    )


def test_clip_digest_prints_the_summary_from_the_state_and_touches_nothing(site, clipped_vault, run_clip, course_page):
    change_everything(site, course_page)
    reharvest(run_clip, clipped_vault)
    before = files_of(clipped_vault)
    state = (clipped_vault / ".clipper" / "state.sqlite3").read_bytes()
    result = run_clip("digest", "--vault", str(clipped_vault))
    assert result.code == 0, result.err
    assert result.out.startswith(
        "Récolte de la nuit du mardi 28 mai 2024 : 2 notes mises à jour, 1 source disparue, 1 échec"
    )
    assert "Séances ajoutées ou renommées (2)\n  2024-04-18 Cours A : 1 séance ajoutée (June 6)" in result.out
    assert "Sources disparues (1)\n  2024-04-18 Article disparu : la source ne répond plus (HTTP 404)" in result.out
    assert files_of(clipped_vault) == before
    assert (clipped_vault / ".clipper" / "state.sqlite3").read_bytes() == state
    since = run_clip("digest", "--vault", str(clipped_vault), "--since", "2024-05-01", "--langue", "en")
    assert since.out.startswith(
        "Harvest of the night of Tuesday, May 28, 2024: 2 notes updated, 1 source gone, 1 failure"
    )
    assert "Sessions in the next 7 days" in since.out


def test_clip_digest_on_a_vault_never_harvested_says_so_and_writes_nothing(vault, run_clip):
    result = run_clip("digest", "--vault", str(vault))
    assert result.code == 0 and "Aucune récolte" in result.out
    assert list(vault.iterdir()) == []


def test_digests_are_listed_as_digests_and_never_harvested_as_clippings(site, clipped_vault, run_clip):
    site.set("/disparu", "gone", status=404)
    reharvest(run_clip, clipped_vault)
    listed = json.loads(run_clip("list", "--vault", str(clipped_vault), "--kind", "digest", "--json").out)
    assert [(row["path"], row["kind"], row["created"]) for row in listed] == [(DIGEST.as_posix(), "digest", NIGHT)]
    assert listed[0]["status"] == "1 changed, 0 failed"
    clippings = json.loads(run_clip("list", "--vault", str(clipped_vault), "--json").out)
    assert len(clippings) == 5 and all(row["kind"] != "digest" for row in clippings)
    digest_bytes = (clipped_vault / DIGEST).read_bytes()
    again = reharvest(run_clip, clipped_vault, "--quiet", day="2024-05-29")
    assert "5 checked" in again.out
    assert (clipped_vault / DIGEST).read_bytes() == digest_bytes


@pytest.mark.parametrize(
    ("pattern", "language", "expected"),
    [
        ("YYYY-MM-DD-dddd", "fr", "2024-06-01-samedi"),
        ("YYYY/MM/DD", "en", "2024/06/01"),
        ("dddd Do MMMM YYYY [semaine] Q", "fr", "samedi 1er juin 2024 semaine 2"),
        ("ddd D MMM YY", "fr", "sam. 1 juin 24"),
        ("dddd, MMMM Do", "en", "Saturday, June 1st"),
    ],
)
def test_daily_note_names_follow_moment_formats_whatever_the_locale(pattern, language, expected):
    assert moment_format(dt.date(2024, 6, 1), pattern, language) == expected


@settings(deadline=None)
@given(st.text(alphabet=st.sampled_from("ab #\n\r-é"), max_size=80))
def test_adding_the_line_never_changes_a_byte_of_the_note(text):
    heading, line = "## Récolte de clipper", "- [[2024-05-28 Récolte]]"
    updated = with_line_under_heading(text, heading, line)
    if updated is None:
        assert line in text.replace("\r", "").split("\n")
        return
    newline = "\r\n" if "\r\n" in text else "\n"
    # what was there is still there, in order, and only the line (and its heading) was added
    assert _is_subsequence(text, updated)
    assert len(updated) - len(text) <= len(heading) + len(line) + 5 * len(newline)
    assert updated.count(line) == text.count(line) + 1
    assert with_line_under_heading(updated, heading, line) is None


def _is_subsequence(small: str, large: str) -> bool:
    characters = iter(large)
    return all(char in characters for char in small)


def test_a_dry_run_writes_no_digest_and_records_nothing(site, clipped_vault, run_clip):
    site.set("/disparu", "gone", status=404)
    reharvest(run_clip, clipped_vault, "--dry-run")
    assert not (clipped_vault / "vault" / "Récoltes").exists()
    assert "Aucune récolte" in run_clip("digest", "--vault", str(clipped_vault)).out


def test_the_language_setting_gives_an_english_digest(site, clipped_vault, run_clip, monkeypatch):
    monkeypatch.setenv("CLIPPER_LANGUAGE", "en")
    site.set("/disparu", "gone", status=404)
    reharvest(run_clip, clipped_vault)
    text = (clipped_vault / "vault" / "Harvests" / f"{NIGHT} Harvest.md").read_text(encoding="utf-8")
    assert section(text, "Sources gone") == [
        "- [[2024-04-18 Article disparu]]: the source no longer answers (HTTP 404)"
    ]
    assert run_clip("digest", "--vault", str(clipped_vault)).out.startswith("Harvest of the night of Tuesday")


def test_the_doctor_finds_nothing_wrong_with_a_digest(site, clipped_vault, run_clip):
    site.set("/disparu", "gone", status=404)
    reharvest(run_clip, clipped_vault)
    doctor = run_clip("doctor", "--vault", str(clipped_vault))
    assert "Récolte" not in doctor.out + doctor.err


def test_a_daily_note_that_is_not_utf8_is_left_alone_and_the_digest_still_written(site, clipped_vault, run_clip):
    daily = clipped_vault / "2024-05-28-mardi.md"
    daily.write_bytes("Journée à Paris".encode("latin-1"))
    site.set("/disparu", "gone", status=404)
    result = reharvest(run_clip, clipped_vault)
    assert result.code == 0, result.err
    assert daily.read_bytes() == "Journée à Paris".encode("latin-1")
    assert (clipped_vault / DIGEST).is_file()


def test_a_state_database_deleted_between_two_runs_of_the_night_loses_no_entry(site, clipped_vault, run_clip):
    site.set("/disparu", "gone", status=404)
    reharvest(run_clip, clipped_vault)
    for path in (clipped_vault / ".clipper").glob("state.sqlite3*"):
        path.unlink()
    site.set("/panne", "Oops", status=500)
    reharvest(run_clip, clipped_vault)
    text = (clipped_vault / DIGEST).read_text(encoding="utf-8")
    assert section(text, "Sources disparues") == [
        "- [[2024-04-18 Article disparu]] : la source ne répond plus (HTTP 404)"
    ]
    assert section(text, "Échecs") == ["- [[2024-04-18 Article en panne]] : HTTP 500 Internal Server Error"]
    assert "Sources disparues (1)" in run_clip("digest", "--vault", str(clipped_vault)).out


def test_coming_sessions_show_the_page_words_literally_in_the_digest_note():
    """A session titled "Les [[types]] et #Coq %%x" makes no link, tag or comment in the digest note."""
    from clipper.digest_model import Digest, Upcoming
    from clipper.digest_render import render_markdown, render_text

    session = Upcoming(dt.date(2024, 6, 3), "vault/Cours.md", "Les [[types]] et #Coq %%x", ("A ==B==",))
    digest = Digest(dt.date(2024, 6, 2), (), (session,))
    note = render_markdown(digest, "fr", title="2024-06-02 Récolte", link=lambda path: "[[Cours]]")
    line = next(line for line in note.splitlines() if "Cours]]" in line)
    assert line.endswith("— Les \\[\\[types\\]\\] et \\#Coq \\%\\%x (A \\=\\=B\\=\\=)")
    assert "— Les [[types]] et #Coq %%x (A ==B==)" in render_text(digest, "fr", upcoming=[session])
