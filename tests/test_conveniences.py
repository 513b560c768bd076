"""The everyday conveniences, driven from the command line against local pages."""

import json
from pathlib import Path

import frontmatter


def test_batch_from_a_file_goes_on_after_a_failure(run_clip, examples_server, vault, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text(
        "# à lire\n"
        f"{examples_server}/cs25/ | Le séminaire CS25 | Très bon.\n"
        f"{examples_server}/missing/\n"
        "\n"
        f"{examples_server}/article/ |  | Sur le métro.\n",
        encoding="utf-8",
    )
    result = run_clip("--from", str(listing), "--vault", str(vault), "--date", "2024-04-18")
    assert result.code == 6
    assert "3 page(s): 2 created, 0 updated, 1 failed" in result.err
    notes = sorted(p.name for p in (vault / "vault").glob("*.md"))
    assert notes == ["2024-04-18 Le séminaire CS25.md", "2024-04-18 Petite histoire du métro parisien.md"]
    cs25 = (vault / "vault" / notes[0]).read_text(encoding="utf-8")
    assert "## Mon avis :\n\nTrès bon.\n" in cs25


def test_urls_on_standard_input(run_clip, examples_server, vault):
    stdin = f"{examples_server}/article/\n{examples_server}/cs25/\n"
    result = run_clip("--vault", str(vault), "--date", "2024-04-18", stdin=stdin)
    assert result.code == 0, result.err
    assert "2 page(s): 2 created, 0 updated, 0 failed" in result.err


def test_find_and_list(run_clip, examples_server, vault):
    run_clip(f"{examples_server}/cs25/", "--vault", str(vault), "--date", "2024-04-18", "--tag", "cours")
    found = run_clip("find", f"{examples_server}/cs25?utm_campaign=x", "--vault", str(vault))
    assert found.code == 0 and found.out.strip().endswith("2024-04-18 CS25 - Transformers United V4.md")
    assert run_clip("find", f"{examples_server}/other/", "--vault", str(vault)).code == 8
    rows = json.loads(run_clip("list", "--json", "--vault", str(vault), "--tag", "cours").out)
    assert [(row["kind"], row["created"], row["status"]) for row in rows] == [("course", "2024-04-18", "ok")]
    assert json.loads(run_clip("list", "--json", "--vault", str(vault), "--kind", "article").out) == []
    table = run_clip("list", "--vault", str(vault)).out
    assert "CS25" in table and "course" in table


def test_list_shows_a_title_with_brackets_as_it_is(run_clip, site, vault):
    """A title that reads like rich markup ("[/b]", "[bold red]") is shown, not run."""
    title = "Le [/b] et [red]x[/] [draft]"
    page = f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{'Du texte. ' * 20}</p></article></body></html>"
    assert run_clip(site.set("/markup", page), "--vault", str(vault)).code == 0
    listed = run_clip("list", "--vault", str(vault))
    assert listed.code == 0, listed.err
    assert "[draft]" in listed.out and "[/b]" in listed.out


def test_print_uri(run_clip, examples_server, vault):
    result = run_clip(f"{examples_server}/article/", "--vault", str(vault), "--date", "2024-03-03", "--print-uri")
    uri = result.out.strip().splitlines()[-1]
    assert uri == (
        f"obsidian://open?vault={vault.name}&file=vault%2F2024-03-03%20Petite%20histoire"
        "%20du%20m%C3%A9tro%20parisien.md"
    )


def test_english_note(run_clip, examples_server, vault):
    result = run_clip(
        f"{examples_server}/article/",
        "--vault",
        str(vault),
        "--date",
        "2024-03-03",
        "--langue",
        "en",
        "--avis",
        "Nice.",
    )
    text = Path(result.out.strip()).read_text(encoding="utf-8")
    assert "Harvest date: [[2024-03-03-Sunday]]" in text and "## My take:\n\nNice.\n\n## Full text:" in text


def test_the_language_setting_writes_english_notes_and_langue_overrides_it(run_clip, examples_server, vault):
    (vault / ".clipper").mkdir()
    (vault / ".clipper" / "config.toml").write_text('language = "en"\n')
    english = run_clip(f"{examples_server}/article/", "--vault", str(vault), "--date", "2024-03-03", "--avis", "Nice.")
    assert "Harvest date: [[2024-03-03-Sunday]]" in Path(english.out.strip()).read_text(encoding="utf-8")
    french = run_clip(f"{examples_server}/cs25/", "--vault", str(vault), "--date", "2024-03-03", "--langue", "fr")
    assert "Date de récolte : [[2024-03-03-dimanche]]" in Path(french.out.strip()).read_text(encoding="utf-8")


def test_markdown_link_style_from_the_vault_config(run_clip, examples_server, vault):
    (vault / ".clipper").mkdir()
    (vault / ".clipper" / "config.toml").write_text('link_style = "markdown"\ntags = ["web"]\n')
    result = run_clip(f"{examples_server}/article/", "--vault", str(vault), "--date", "2024-03-03")
    text = Path(result.out.strip()).read_text(encoding="utf-8")
    assert "![](attachments/" in text and "![[" not in text
    assert frontmatter.loads(text)["tags"] == ["clippings", "web"]
    shown = run_clip("config", "--vault", str(vault)).out
    assert "link_style" in shown and "vault config" in shown


def test_course_calendar(run_clip, examples_server, vault, tmp_path):
    note = run_clip(f"{examples_server}/cs25/", "--vault", str(vault), "--date", "2024-04-18").out.strip()
    ics = tmp_path / "cours.ics"
    result = run_clip("calendar", note, "-o", str(ics))
    assert result.code == 0, result.err
    text = ics.read_text(encoding="utf-8")
    assert text.count("BEGIN:VEVENT") == 9
    assert "DTSTART;VALUE=DATE:20240418" in text and "Aligning Open Language Models" in text


def test_calendar_refuses_an_article(run_clip, examples_server, vault, tmp_path):
    note = run_clip(f"{examples_server}/article/", "--vault", str(vault), "--date", "2024-03-03").out.strip()
    result = run_clip("calendar", note, "-o", str(tmp_path / "x.ics"))
    assert result.code == 2 and "not a course note" in result.err


def test_doctor_from_the_command_line(run_clip, examples_server, vault):
    run_clip(f"{examples_server}/article/", "--vault", str(vault), "--date", "2024-03-03")
    assert "the vault is healthy" in run_clip("doctor", "--vault", str(vault)).out
    next((vault / "attachments").iterdir()).unlink()
    result = run_clip("doctor", "--vault", str(vault))
    assert result.code == 8 and "missing attachment" in result.out


def test_shell_completion_script(run_clip):
    assert "_CLIP_COMPLETE" in run_clip("completion", "bash").out


def test_doctor_fix_fetches_a_missing_attachment_again_and_resyncs(run_clip, examples_server, vault):
    run_clip(f"{examples_server}/article/", "--vault", str(vault), "--date", "2024-03-03")
    attachment = next((vault / "attachments").iterdir())
    content = attachment.read_bytes()
    attachment.unlink()
    import sqlite3

    with sqlite3.connect(vault / ".clipper" / "state.sqlite3") as db:
        db.execute("DELETE FROM notes")
    result = run_clip("doctor", "--fix", "--vault", str(vault))
    assert result.code == 0, result.out
    assert f"fixed: missing attachment: attachments/{attachment.name}" in result.out
    assert "fixed: state database: no row for vault/" in result.out
    assert attachment.read_bytes() == content
    assert "the vault is healthy" in run_clip("doctor", "--vault", str(vault)).out


def test_list_host_takes_a_host_with_its_port_or_an_address(run_clip, examples_server, vault):
    run_clip(f"{examples_server}/cs25/", "--vault", str(vault), "--date", "2024-04-18")
    for given in (examples_server.split("//", 1)[1], examples_server + "/cs25/", "127.0.0.1"):
        rows = json.loads(run_clip("list", "--json", "--vault", str(vault), "--host", given).out)
        assert [row["kind"] for row in rows] == ["course"], given
    assert json.loads(run_clip("list", "--json", "--vault", str(vault), "--host", "example.org").out) == []
