"""`clip` as a user drives it: pages served from 127.0.0.1, notes in a temp vault."""

import datetime as dt

import frontmatter
import pytest
from conftest import EXAMPLES

CS25_TITLE = "Un séminaire de Stanford sur les Transformers"
CS25_NOTE = f"vault/2024-04-18 {CS25_TITLE}.md"


def clip_cs25(run_clip, server, vault, *extra):
    return run_clip(
        f"{server}/cs25/",
        "--vault",
        str(vault),
        "--date",
        "2024-04-18",
        "--titre",
        CS25_TITLE,
        "--avis",
        "Un séminaire avec des praticiens.",
        *extra,
    )


def test_clip_url_writes_the_note_and_its_images(run_clip, examples_server, vault):
    result = clip_cs25(run_clip, examples_server, vault)
    assert result.code == 0, result.err
    note = vault / CS25_NOTE
    assert result.out.strip() == str(note)
    assert "image(s) saved, 0 failed" in result.err
    text = note.read_text(encoding="utf-8")
    embeds = [line for line in text.splitlines() if line.startswith("![[attachments/")]
    assert len(embeds) >= 6
    for line in embeds:
        assert (vault / line[3:-2]).is_file()
    assert "## Mon avis :\n\nUn séminaire avec des praticiens.\n\n## Texte complet :" in text


def test_images_are_named_by_their_signature_and_extension_from_bytes(run_clip, examples_server, vault):
    from clipper.attachments import lip_signature

    assert clip_cs25(run_clip, examples_server, vault).code == 0
    names = {p.name for p in (vault / "attachments").iterdir()}
    banner = (EXAMPLES / "cs25/images/banner.png").read_bytes()
    photo = (EXAMPLES / "cs25/images/stevenfeng.jpg").read_bytes()
    assert f"{lip_signature(banner)}_MD5.png" in names
    assert f"{lip_signature(photo)}_MD5.jpg" in names


def test_a_second_clip_never_overwrites(run_clip, examples_server, vault):
    first = clip_cs25(run_clip, examples_server, vault)
    before = (vault / CS25_NOTE).read_bytes()
    second = run_clip(
        f"{examples_server}/article/", "--vault", str(vault), "--date", "2024-04-18", "--titre", CS25_TITLE
    )
    assert first.code == second.code == 0
    assert second.out.strip().endswith(f"2024-04-18 {CS25_TITLE} (2).md")
    assert (vault / CS25_NOTE).read_bytes() == before


def test_saved_file_with_source_reads_images_beside_it(run_clip, vault):
    result = run_clip(
        str(EXAMPLES / "cs25/index.html"),
        "--source",
        "https://web.stanford.edu/class/cs25/",
        "--vault",
        str(vault),
        "--date",
        "2024-04-18",
    )
    assert result.code == 0, result.err
    note = frontmatter.load(vault / "vault/2024-04-18 CS25 - Transformers United V4.md")
    assert note["source"] == "https://web.stanford.edu/class/cs25/"
    assert note["created"] == dt.date(2024, 4, 18)
    assert "0 failed" in result.err


def test_avis_from_standard_input_keeps_paragraphs(run_clip, examples_server, vault):
    avis = "Premier paragraphe,\nsur deux lignes.\n\nSecond paragraphe."
    result = run_clip(
        f"{examples_server}/article/", "--vault", str(vault), "--avis", "-", "--date", "2024-03-03", stdin=avis
    )
    assert result.code == 0, result.err
    note = next((vault / "vault").glob("2024-03-03 *.md")).read_text(encoding="utf-8")
    assert f"## Mon avis :\n\n{avis}\n\n## Texte complet :" in note


def test_vault_from_the_environment(run_clip, examples_server, vault, monkeypatch):
    monkeypatch.setenv("CLIPPER_VAULT", str(vault))
    assert run_clip(f"{examples_server}/article/", "--date", "2024-03-03").code == 0
    assert list((vault / "vault").glob("2024-03-03 *.md"))


def test_windows_1252_page_is_decoded(run_clip, examples_server, vault):
    result = run_clip("extract", f"{examples_server}/article/", "--format", "text")
    assert result.code == 0, result.err
    assert "métro" in result.out and "\ufffd" not in result.out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("{server}/missing/",), 3, "404"),
        (("{server}/cs25/images/banner.png",), 3, "not a web page"),
        (("http://127.0.0.1:9/",), 3, "127.0.0.1:9"),
        (("/no/such/page.html",), 2, "/no/such/page.html"),
        (("ftp://example.org/",), 2, "ftp://example.org/"),
        (("{server}/cs25/", "--date", "18/04/2024"), 2, "YYYY-MM-DD"),
        (("{server}/cs25/", "--vault", "{vault}/absent"), 5, "absent"),
        (("{server}/cs25/", "--source", "https://example.org/"), 2, "--source is the address a saved file came from"),
        (("--from", "{comments}"), 2, "no address in"),
    ],
)
def test_failures_are_one_line_with_a_distinct_exit_code(
    run_clip, examples_server, vault, tmp_path, args, code, message
):
    comments = tmp_path / "only-comments.txt"
    comments.write_text("# rien à clipper\n\n", encoding="utf-8")
    argv = [arg.format(server=examples_server, vault=vault, comments=comments) for arg in args]
    if "--vault" not in argv:
        argv += ["--vault", str(vault)]
    result = run_clip(*argv)
    assert result.code == code
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err
    assert not (vault / "vault").exists()


def test_a_list_and_the_avis_cannot_both_come_from_standard_input(run_clip, examples_server, vault):
    result = run_clip("--from", "-", "--avis", "-", "--vault", str(vault), stdin=f"{examples_server}/cs25/\n")
    assert result.code == 2 and "both read standard input" in result.err
    assert not (vault / "vault").exists()


def test_help_and_version(run_clip):
    assert "clip URL" in run_clip("--help").out
    assert run_clip("--version").out.startswith("clip, version ")


def test_extract_json_has_the_documented_keys(run_clip, examples_server):
    import json

    result = run_clip("extract", f"{examples_server}/cs25/")
    data = json.loads(result.out)
    assert {
        "kind",
        "extractor",
        "title",
        "url",
        "metadata",
        "description",
        "instructors",
        "schedule",
        "markdown",
        "text",
    } <= set(data)


def test_bare_clip_at_a_terminal_shows_the_help(monkeypatch, capsys):
    import io

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr("sys.stdin", Terminal())
    from clipper.cli import main

    assert main([]) == 0
    assert "Commands:" in capsys.readouterr().out


def test_bare_clip_reads_urls_piped_to_it(run_clip, examples_server, vault, monkeypatch):
    monkeypatch.chdir(vault)
    result = run_clip(stdin=f"{examples_server}/article/\n")
    assert result.code == 0, result.err
    assert list((vault / "vault").glob("*.md"))


def test_saved_page_given_as_a_file_uri_reads_its_images_from_disk(run_clip, vault):
    uri = (EXAMPLES / "cs25/index.html").as_uri()
    result = run_clip(
        uri, "--source", "https://web.stanford.edu/class/cs25/", "--vault", str(vault), "--date", "2024-04-18"
    )
    assert result.code == 0, result.err
    assert "6 image(s) saved, 0 failed" in result.err


@pytest.mark.parametrize("value", ["inf", "1e12", "nan"])
def test_a_timeout_too_long_or_not_a_number_is_a_usage_error(run_clip, vault, monkeypatch, value):
    """One line and exit 2: an 'inf' or 1e12 timeout overflowed the sockets (internal error)."""
    result = run_clip("https://127.0.0.1:9/page", "--vault", str(vault), "--timeout", value)
    assert result.code == 2 and "--timeout" in result.err and len(result.err.strip().splitlines()) == 1
    monkeypatch.setenv("CLIPPER_TIMEOUT", value)
    result = run_clip("reharvest", "--vault", str(vault))
    assert result.code == 2 and "timeout" in result.err and len(result.err.strip().splitlines()) == 1
    result = run_clip("--from", "-", "--vault", str(vault), "--delay", "nan", stdin="https://127.0.0.1:9/page\n")
    assert result.code == 2 and "--delay" in result.err


def test_a_comment_after_a_url_in_a_list_is_not_part_of_it():
    from clipper.batch import parse_batch

    entries = parse_batch(["https://x.example/p  # pour plus tard", "https://x.example/q#partie", "# tout seul"])
    assert [entry.url for entry in entries] == ["https://x.example/p", "https://x.example/q#partie"]
    [entry] = parse_batch(["https://x.example/r # lu | Mon titre | Mon avis, le #1"])
    assert (entry.url, entry.titre, entry.avis) == ("https://x.example/r", "Mon titre", "Mon avis, le #1")


def test_titre_and_tag_on_a_page_already_clipped_say_they_changed_nothing(run_clip, examples_server, vault):
    url = f"{examples_server}/article/"
    assert run_clip(url, "--vault", str(vault), "--date", "2024-03-03").code == 0
    again = run_clip(
        url, "--vault", str(vault), "--date", "2024-03-04", "--tag", "relire-plus-tard", "--titre", "Autre"
    )
    assert again.code == 0
    assert "hint: --titre and --tag name a new note; this one keeps its own" in again.err
    assert "relire-plus-tard" not in next((vault / "vault").glob("*.md")).read_text(encoding="utf-8")
