"""The nightly re-harvest against a local site whose pages change between runs.

Every test clips a page, lets the user write in the note, changes the site,
runs `clip reharvest`, and checks what must change and, byte for byte, what
must not."""

import os
import re
import sqlite3
from pathlib import Path

import frontmatter
import pytest

from clipper.note import read_note, texte_complet_of

PNG = bytes.fromhex(  # 2x2: a 1x1 image is a tracking pixel, which no note keeps
    "89504e470d0a1a0a0000000d494844520000000200000002080600000072b60d24"
    "0000001149444154789c63f8cfc0f01f8419600c0047ca07f967596eb70000000049454e44ae426082"
)

LOREM = (
    "Les bibliothèques municipales ouvrent leurs fonds anciens au public chaque premier "
    "samedi du mois, avec des visites guidées par les conservateurs et des ateliers de reliure."
)


def article(title: str, paragraphs: list[str], image: str | None = None) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    figure = f'<figure><img src="{image}" alt="illustration"></figure>' if image else ""
    return (
        f"<html><head><title>{title}</title></head><body><nav><a href='/'>Accueil</a></nav>"
        f"<article><h1>{title}</h1>{figure}{body}</article><footer>© Site</footer></body></html>"
    )


PARAGRAPHS = [f"{LOREM} Paragraphe numéro {n}." for n in range(1, 7)]


@pytest.fixture
def clipped(site, vault, run_clip):
    """A note clipped from /article on 2024-04-18, with the user's own additions."""
    site.set("/img.png", PNG, content_type="image/png")
    url = site.set("/article", article("Les bibliothèques", PARAGRAPHS, "/img.png"), etag='"v1"')
    result = run_clip(url, "--vault", str(vault), "--date", "2024-04-18", "--avis", "Mon idée.")
    assert result.code == 0, result.err
    path = vault / "vault" / "2024-04-18 Les bibliothèques.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("---\n\n# ", "---\n\n# ", 1)
    text = text.replace("tags:\n", "ma_propriete: à moi\ntags:\n", 1)
    text += "\n## Mes notes\n\nRelire le paragraphe 3.\n"
    path.write_text(text, encoding="utf-8")
    return path


def reharvest(run_clip, vault, *args, day="2024-05-02"):
    return run_clip("reharvest", "--vault", str(vault), "--delay", "0", "--date", day, *args)


def user_parts(text: str) -> dict:
    """Everything in a note that belongs to the user."""
    note = read_note(text)
    body = note.body
    return {
        "head": body[: body.index("## Texte complet :")],
        "mes_notes": body[body.index("## Mes notes") :].split("## Historique :")[0].rstrip("\n"),
        "ma_propriete": [line for line in note.front.splitlines() if line.startswith("ma_propriete")],
        "title": note.properties["title"],
        "created": note.properties["created"],
    }


PIXEL_GIF = bytes.fromhex("47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b")


def test_a_pixel_left_out_is_not_asked_again_and_a_dry_run_agrees(site, vault, run_clip):
    """A 1x1 image left out of the note is remembered as such: a changed page's
    re-harvest does not download it again (nor tell its tracker), and --dry-run
    sees the same note as the run would write."""
    site.set("/img.png", PNG, content_type="image/png")
    site.set("/open.gif", PIXEL_GIF, content_type="image/gif")
    page = article("Les bibliothèques", PARAGRAPHS, "/img.png").replace("</article>", '<img src="/open.gif"></article>')
    url = site.set("/article", page, etag='"v1"')
    assert run_clip(url, "--vault", str(vault), "--date", "2024-04-18").code == 0
    site.set("/article", page, etag='"v2"')  # a new ETag, the same page
    dry = reharvest(run_clip, vault, "--dry-run")
    assert dry.code == 0 and "would-update" not in dry.out + dry.err, dry.out + dry.err
    site.set("/article", page.replace("</article>", "<p>Nouveau paragraphe.</p></article>"), etag='"v3"')
    assert reharvest(run_clip, vault).code == 0
    assert site.count("/open.gif") == 1
    assert "open.gif" not in next((vault / "vault").glob("*.md")).read_text(encoding="utf-8")


def test_unchanged_page_answering_304_leaves_the_note_alone(site, vault, run_clip, clipped):
    before, mtime = clipped.read_bytes(), clipped.stat().st_mtime_ns
    result = reharvest(run_clip, vault)
    assert result.code == 0, result.err
    assert site.requests[-1][1].get("If-None-Match") == '"v1"'
    assert clipped.read_bytes() == before and clipped.stat().st_mtime_ns == mtime


def test_same_content_without_validators_changes_nothing_on_disk(site, vault, run_clip, clipped):
    site.set("/article", article("Les bibliothèques", PARAGRAPHS, "/img.png"))  # no ETag now
    before, mtime = clipped.read_bytes(), clipped.stat().st_mtime_ns
    assert reharvest(run_clip, vault).code == 0
    assert clipped.read_bytes() == before and clipped.stat().st_mtime_ns == mtime


def test_changed_page_rewrites_only_what_clipper_owns(site, vault, run_clip, clipped):
    before = clipped.read_text(encoding="utf-8")
    new_paragraphs = PARAGRAPHS + ["Nouveauté : la bibliothèque ouvre aussi le dimanche matin dès mai."]
    site.set("/article", article("Les bibliothèques", new_paragraphs, "/img.png"), etag='"v2"')
    result = reharvest(run_clip, vault)
    assert result.code == 0, result.err
    after = clipped.read_text(encoding="utf-8")
    assert user_parts(after) == user_parts(before)
    assert "ouvre aussi le dimanche matin" in texte_complet_of(read_note(after).body)
    assert "## Historique :\n\n- [[2024-05-02-jeudi]] : 1 paragraphe ajouté\n" in after
    assert frontmatter.loads(after)["updated"].isoformat() == "2024-05-02"
    assert site.count("/img.png") == 1, "an image still in use is not fetched again"
    history = run_clip("history", str(clipped), "--vault", str(vault))
    assert "1" in history.out and "replaced by a harvest" in history.out
    shown = run_clip("history", str(clipped), "--vault", str(vault), "--show", "1")
    assert "dimanche" not in shown.out and "Paragraphe numéro 6" in shown.out
    diff = run_clip("history", str(clipped), "--vault", str(vault), "--diff", "1")
    assert "+Nouveauté" in diff.out


def test_hand_edited_texte_complet_is_kept_as_a_version(site, vault, run_clip, clipped):
    text = clipped.read_text(encoding="utf-8").replace("Paragraphe numéro 2.", "Paragraphe numéro 2 (annoté).")
    clipped.write_text(text, encoding="utf-8")
    site.set("/article", article("Les bibliothèques", PARAGRAPHS[:5] + ["Un autre texte."], "/img.png"), etag='"v2"')
    result = reharvest(run_clip, vault)
    assert result.code == 0
    assert "hand edit" in result.out + result.err
    versions = run_clip("history", str(clipped), "--vault", str(vault)).out
    assert "your hand-edited text" in versions
    shown = run_clip("history", str(clipped), "--vault", str(vault), "--show", "1").out
    assert "(annoté)" in shown


def test_page_gone_keeps_the_note_and_says_since_when(site, vault, run_clip, clipped):
    texte = texte_complet_of(read_note(clipped.read_text(encoding="utf-8")).body)
    site.set("/article", "<html><body>Gone</body></html>", status=410)
    result = reharvest(run_clip, vault)
    assert result.code == 0 and "gone" in result.out
    after = clipped.read_text(encoding="utf-8")
    assert frontmatter.loads(after)["source_gone"].isoformat() == "2024-05-02"
    assert texte_complet_of(read_note(after).body) == texte
    reharvest(run_clip, vault, day="2024-05-03")
    assert frontmatter.loads(clipped.read_text(encoding="utf-8"))["source_gone"].isoformat() == "2024-05-02"


def test_a_page_back_as_it_was_clears_source_gone_though_its_etag_still_matches(site, vault, run_clip, clipped):
    page = article("Les bibliothèques", PARAGRAPHS, "/img.png")
    site.set("/article", "<html><body>Gone</body></html>", status=404)
    reharvest(run_clip, vault)
    assert frontmatter.loads(clipped.read_text(encoding="utf-8"))["source_gone"]
    site.set("/article", page, etag='"v1"')  # would answer 304 to the validators of the first clip
    result = reharvest(run_clip, vault, day="2024-05-03")
    assert result.code == 0, result.out + result.err
    after = clipped.read_text(encoding="utf-8")
    assert "source_gone" not in frontmatter.loads(after)
    assert "Relire le paragraphe 3." in after and "ma_propriete: à moi" in after
    assert "gone since" not in run_clip("list", "--vault", str(vault), "--stale").out


@pytest.mark.parametrize("status", [500, 503, 429])
def test_server_errors_leave_the_note_untouched_and_exit_non_zero(site, vault, run_clip, clipped, status):
    before, mtime = clipped.read_bytes(), clipped.stat().st_mtime_ns
    site.set("/article", "<html><body>Erreur</body></html>", status=status, headers={"Retry-After": "3600"})
    result = reharvest(run_clip, vault)
    assert result.code == 6
    assert "failed" in result.out
    assert clipped.read_bytes() == before and clipped.stat().st_mtime_ns == mtime


def test_collapsed_extraction_does_not_replace_good_content(site, vault, run_clip, clipped):
    before = clipped.read_bytes()
    site.set("/article", article("Connexion", ["Veuillez vous connecter."]), etag='"login"')
    result = reharvest(run_clip, vault)
    assert result.code == 6 and "collapsed" in result.out
    assert clipped.read_bytes() == before


def test_deleted_state_database_is_rebuilt_from_the_notes(site, vault, run_clip, clipped):
    for name in os.listdir(vault / ".clipper"):
        if name.startswith("state.sqlite3"):
            os.remove(vault / ".clipper" / name)
    before = clipped.read_bytes()
    assert reharvest(run_clip, vault).code == 0
    assert clipped.read_bytes() == before
    with sqlite3.connect(vault / ".clipper/state.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM notes").fetchone()[0] == 1


def test_a_second_reharvest_while_one_runs_exits_at_once(vault, run_clip, clipped):
    from clipper.vault import VaultLayout, vault_lock

    with vault_lock(VaultLayout(vault), "reharvest"):
        result = reharvest(run_clip, vault)
    assert result.code == 7 and "another clipper reharvest is running" in result.err


def test_reclip_updates_the_note_and_adds_a_dated_avis(site, vault, run_clip, clipped):
    before = clipped.read_text(encoding="utf-8")
    site.set("/article", article("Les bibliothèques", PARAGRAPHS + ["Ajout."], "/img.png"), etag='"v3"')
    url = f"{site.base}/article/?utm_source=newsletter&fbclid=abc"
    result = run_clip(
        url, "--vault", str(vault), "--date", "2024-05-05", "--titre", "Autre titre", "--avis", "Deuxième lecture."
    )
    assert result.code == 0, result.err
    assert result.out.strip() == str(clipped)
    assert len(list((vault / "vault").glob("*.md"))) == 1
    after = clipped.read_text(encoding="utf-8")
    assert "Mon idée.\n\n[[2024-05-05-dimanche]] : Deuxième lecture.\n\n## Texte complet :" in after
    before_body, after_body = read_note(before).body, read_note(after).body
    assert after_body.startswith(before_body[: before_body.index("## Texte complet :")].rstrip("\n"))
    assert user_parts(after)["mes_notes"] == user_parts(before)["mes_notes"]


def test_dry_run_writes_nothing(site, vault, run_clip, clipped):
    site.set("/article", article("Les bibliothèques", PARAGRAPHS + ["Ajout."], "/img.png"), etag='"v4"')
    before = clipped.read_bytes()
    database = vault / ".clipper" / "state.sqlite3"
    with sqlite3.connect(database) as db:
        rows_before = db.execute("SELECT * FROM notes").fetchall()
    result = reharvest(run_clip, vault, "--dry-run")
    assert result.code == 0 and "would-update" in result.out
    assert clipped.read_bytes() == before
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT * FROM notes").fetchall() == rows_before


def test_notes_not_made_by_clipper_are_never_touched(site, vault, run_clip, clipped):
    mine = vault / "vault" / "2024-04-18 Ma note.md"
    mine.write_text("---\nsource: https://example.org/\n---\n# Ma note\n", encoding="utf-8")
    result = reharvest(run_clip, vault)
    assert result.code == 0
    assert all(path != "/" for path, _ in site.requests)
    assert re.search(r"1 checked", result.out)


@pytest.mark.slow(3)
def test_a_run_killed_mid_write_leaves_every_note_old_or_new(site, vault, run_clip, tmp_path):
    import signal
    import subprocess
    import sys
    import time

    count = 30
    old = {}
    for n in range(count):
        url = site.set(f"/page{n}", article(f"Page {n}", PARAGRAPHS), etag='"old"')
        assert run_clip(url, "--vault", str(vault), "--date", "2024-04-18").code == 0
    for path in (vault / "vault").glob("*.md"):
        old[path] = texte_complet_of(read_note(path.read_text(encoding="utf-8")).body)
    for n in range(count):
        site.set(
            f"/page{n}", article(f"Page {n}", PARAGRAPHS + [f"Nouveau paragraphe {n} du mois de mai."]), etag='"new"'
        )
    site.delay = 0.05
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "clipper",
            "reharvest",
            "--vault",
            str(vault),
            "--delay",
            "0",
            "--jobs",
            "4",
            "--date",
            "2024-05-02",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        updated = sum("Nouveau paragraphe" in p.read_text(encoding="utf-8") for p in old)
        if updated >= 3:
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    site.delay = 0.0
    states = []
    for path in old:
        texte = texte_complet_of(read_note(path.read_text(encoding="utf-8")).body)
        states.append("new" if "Nouveau paragraphe" in texte else "old")
        if states[-1] == "old":
            assert texte == old[path]
    assert "new" in states and "old" in states, "the kill should land mid-run"
    assert sorted(p.name for p in (vault / "vault").iterdir() if p.suffix == ".md") == sorted(p.name for p in old)
    result = reharvest(run_clip, vault)
    assert result.code == 0, result.out
    for path in old:
        text = path.read_text(encoding="utf-8")
        assert "Nouveau paragraphe" in text
        assert text.count("## Historique :") == 1


def test_course_schedule_filled_in_is_summarised_in_french(site, vault, run_clip):
    from conftest import EXAMPLES

    page = (EXAMPLES / "cs25" / "index.html").read_text(encoding="utf-8")
    url = site.set("/cs25", page, etag='"april"')
    clip = run_clip(url, "--vault", str(vault), "--date", "2024-04-18", "--avis", "Un séminaire.")
    assert clip.code == 0, clip.err
    note = Path(clip.out.strip())
    filled = page.replace(
        "<td><strong>TBD</strong><br>Speaker:&nbsp;TBD</td>",
        "<td><strong>The Future of Transformers</strong><br>Speaker:&nbsp;Ashish Vaswani</td>",
    )
    filled = filled.replace(
        "</tbody>",
        "<tr><td>June 6</td><td><strong>Closing Panel</strong><br>Speaker:&nbsp;Div Garg</td><td></td></tr></tbody>",
    )
    site.set("/cs25", filled, etag='"may"')
    result = reharvest(run_clip, vault, day="2024-05-31")
    assert result.code == 0, result.out
    text = note.read_text(encoding="utf-8")
    history = text.split("## Historique :\n\n", 1)[1]
    assert history.startswith(
        "- [[2024-05-31-vendredi]] : 1 séance ajoutée (June 6) ; "
        "séance du May 30 renommée : « TBD » → « The Future of Transformers » ; "
        "intervenants modifiés (May 30)"
    )
    assert "**May 30** — The Future of Transformers" in text
    assert "## Mon avis :\n\nUn séminaire.\n\n## Texte complet :" in text


def test_a_clip_during_a_reharvest_loses_no_update(site, vault, run_clip, clipped):
    import subprocess
    import sys
    import time

    site.set("/article", article("Les bibliothèques", PARAGRAPHS + ["Le soir aussi."], "/img.png"), etag='"v5"')
    site.delay = 0.4
    process = subprocess.Popen(
        [sys.executable, "-m", "clipper", "reharvest", "--vault", str(vault), "--delay", "0", "--date", "2024-05-02"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.2)
    result = run_clip(
        f"{site.base}/article", "--vault", str(vault), "--date", "2024-05-02", "--avis", "Ajouté pendant la récolte."
    )
    assert process.wait(timeout=30) == 0
    site.delay = 0.0
    assert result.code == 0, result.err
    text = clipped.read_text(encoding="utf-8")
    assert "[[2024-05-02-jeudi]] : Ajouté pendant la récolte." in text
    assert "Le soir aussi." in text
    assert text.count("## Historique :") == 1


def test_a_note_not_written_after_its_pending_hash_is_still_updated_next_night(
    site, vault, run_clip, clipped, monkeypatch
):
    import clipper.refresh

    site.set("/article", article("Les bibliothèques", PARAGRAPHS + ["Enfin le dimanche."], "/img.png"), etag='"v9"')

    def crash(path, expected, data, **_written):
        raise OSError("killed before the note was written")

    with monkeypatch.context() as patch:
        patch.setattr(clipper.refresh, "replace_if_unchanged", crash)
        assert reharvest(run_clip, vault).code == 6
    assert "Enfin le dimanche." not in clipped.read_text(encoding="utf-8")
    listed = run_clip("history", str(clipped), "--vault", str(vault))
    assert "replaced by a harvest" not in listed.out, "nothing was replaced: no version is listed"
    assert reharvest(run_clip, vault, day="2024-05-03").code == 0
    assert "Enfin le dimanche." in clipped.read_text(encoding="utf-8")


def test_a_new_avis_is_kept_even_when_the_page_has_collapsed(site, vault, run_clip, clipped):
    texte = texte_complet_of(read_note(clipped.read_text(encoding="utf-8")).body)
    site.set(
        "/article", article("Travaux", ["Le site est en travaux, revenez bientôt pour lire la suite. " * 3]), etag='"w"'
    )
    result = run_clip(f"{site.base}/article", "--vault", str(vault), "--date", "2024-05-05", "--avis", "Relu ce soir.")
    assert result.code == 0, result.err
    assert "far less text" in result.err
    after = clipped.read_text(encoding="utf-8")
    assert "[[2024-05-05-dimanche]] : Relu ce soir.\n\n## Texte complet :" in after
    assert texte_complet_of(read_note(after).body) == texte


def test_an_english_note_is_updated_in_english(site, vault, run_clip):
    url = site.set("/en", article("Libraries", PARAGRAPHS), etag='"1"')
    note = Path(
        run_clip(url, "--vault", str(vault), "--date", "2024-04-18", "--langue", "en", "--avis", "Mine.").out.strip()
    )
    site.set("/en", article("Libraries", PARAGRAPHS + ["Open on Sundays from May on."]), etag='"2"')
    assert run_clip(url, "--vault", str(vault), "--date", "2024-05-02", "--avis", "Again.").code == 0
    text = note.read_text(encoding="utf-8")
    assert "## My take:\n\nMine.\n\n[[2024-05-02-Thursday]]: Again.\n\n## Full text:" in text
    assert "## History:\n\n- [[2024-05-02-Thursday]]: 1 paragraph added\n" in text
    assert "Mon avis" not in text and "Historique" not in text


def test_a_note_whose_texte_complet_was_removed_is_a_clear_error(site, vault, run_clip, clipped):
    text = clipped.read_text(encoding="utf-8")
    clipped.write_text(text.replace("## Texte complet :", "## Mon texte :"), encoding="utf-8")
    result = run_clip(f"{site.base}/article", "--vault", str(vault), "--avis", "x")
    assert result.code == 5 and "Texte complet" in result.err and "internal" not in result.err


def test_an_only_pattern_matching_no_note_says_so(vault, run_clip, clipped):
    result = run_clip("reharvest", "--vault", str(vault), "--only", "zzz*", "--quiet")
    assert result.code == 0
    assert f"no clipped note matches --only 'zzz*' in {vault}" in result.err
