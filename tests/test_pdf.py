"""A URL (or file) that is a PDF becomes a note: the PDF saved and embedded,
its metadata as properties, its text as Texte complet."""

import subprocess
import sys
from pathlib import Path

import frontmatter


def make_pdf(text: str, title: str = "Rapport annuel", author: str = "Marie Curie") -> bytes:
    """A small valid PDF with one page of text and an Info dictionary."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title ({title}) /Author ({author}) /CreationDate (D:20240302090000) >>".encode("latin-1"),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_url_becomes_a_note_with_the_pdf_embedded(run_clip, site, vault):
    data = make_pdf("Les comptes de la bibliotheque sont publics.")
    url = site.set("/rapport.pdf", data, content_type="application/pdf")
    result = run_clip(url, "--vault", str(vault), "--date", "2024-04-18", "--avis", "À lire.")
    assert result.code == 0, result.err
    note = Path(result.out.strip())
    assert note.name == "2024-04-18 Rapport annuel.md"
    post = frontmatter.load(note)
    assert post["author"] == ["[[Marie Curie]]"] and post["kind"] == "pdf"
    assert post["published"].isoformat() == "2024-03-02"
    embeds = [line for line in post.content.splitlines() if line.startswith("![[attachments/")]
    assert len(embeds) == 1 and embeds[0].endswith(".pdf]]")
    assert (vault / embeds[0][3:-2]).read_bytes() == data
    assert "Les comptes de la bibliotheque sont publics." in post.content


def test_saved_pdf_file(run_clip, vault, tmp_path):
    path = tmp_path / "notes de cours.pdf"
    path.write_bytes(make_pdf("Chapitre un.", title=""))
    result = run_clip(str(path), "--vault", str(vault), "--date", "2024-04-18")
    assert result.code == 0, result.err
    assert Path(result.out.strip()).name == "2024-04-18 notes de cours.md"


def test_pdf_text_is_shown_literally_not_as_obsidian_syntax(run_clip, vault, tmp_path):
    path = tmp_path / "syntaxe.pdf"
    path.write_bytes(make_pdf("#tag ==x== $x$ [[lien]] %%note%% 1. point"))
    result = run_clip(str(path), "--vault", str(vault), "--date", "2024-04-18")
    assert result.code == 0, result.err
    body = frontmatter.load(Path(result.out.strip())).content
    assert r"\#tag \=\=x\=\= \$x\$ \[\[lien\]\] \%\%note\%\% 1. point" in body


def test_pdf_lines_that_would_start_a_block_are_escaped(run_clip, vault, tmp_path):
    path = tmp_path / "blocs.pdf"
    path.write_bytes(make_pdf("# Titre) Tj 0 -14 Td (- item) Tj 0 -14 Td (> cite) Tj 0 -14 Td (1. un"))
    result = run_clip(str(path), "--vault", str(vault), "--date", "2024-04-18")
    assert result.code == 0, result.err
    lines = frontmatter.load(Path(result.out.strip())).content.splitlines()
    for escaped in (r"\# Titre", r"\- item", r"\> cite", r"1\. un"):
        assert escaped in lines


def test_broken_pdf_is_an_extraction_error(run_clip, site, vault):
    url = site.set("/broken.pdf", b"%PDF-1.4\ngarbage", content_type="application/pdf")
    result = run_clip(url, "--vault", str(vault))
    assert result.code == 4 and "PDF" in result.err
    assert not (vault / "vault").exists()


def test_a_truncated_pdf_fails_in_one_line(site, vault):
    whole = make_pdf("Premier exercice.")
    url = site.set("/coupe.pdf", whole[: len(whole) * 6 // 10], content_type="application/pdf")
    # a process of its own: pytest's log capture would hide what pypdf logs to stderr
    result = subprocess.run(
        [sys.executable, "-m", "clipper", url, "--vault", str(vault)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 4, result.stderr
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]  # no "EOF marker not found" line
    assert result.stderr.startswith("clip: error: the PDF cannot be read")


def test_reharvest_refreshes_a_pdf_note(run_clip, site, vault):
    url = site.set("/rapport.pdf", make_pdf("Premier exercice."), content_type="application/pdf")
    note = Path(run_clip(url, "--vault", str(vault), "--date", "2024-04-18").out.strip())
    site.set("/rapport.pdf", make_pdf("Second exercice."), content_type="application/pdf")
    result = run_clip("reharvest", "--vault", str(vault), "--delay", "0", "--date", "2024-05-02")
    assert result.code == 0, result.out
    text = note.read_text(encoding="utf-8")
    assert "Second exercice." in text and "Premier exercice." not in text
    assert "- [[2024-05-02-jeudi]] :" in text
