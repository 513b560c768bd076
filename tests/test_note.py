"""The note's name, title line, date line and properties, as NOTE_FORMAT.md fixes them."""

import datetime as dt

import frontmatter
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clipper.markdown import image_markdown
from clipper.models import Extraction, ImageRef, Metadata
from clipper.note import NoteRequest, daily_note_link, french_weekday, note_stem, render, safe_title

FORBIDDEN = set('/\\:*?"<>|#^[]')


@pytest.mark.parametrize(
    ("day", "weekday"),
    [
        (dt.date(2024, 4, 15), "lundi"),
        (dt.date(2024, 4, 16), "mardi"),
        (dt.date(2024, 4, 17), "mercredi"),
        (dt.date(2024, 4, 18), "jeudi"),
        (dt.date(2024, 4, 19), "vendredi"),
        (dt.date(2024, 4, 20), "samedi"),
        (dt.date(2024, 4, 21), "dimanche"),
        (dt.date(2000, 2, 29), "mardi"),
    ],
)
def test_french_weekday(day, weekday):
    assert french_weekday(day) == weekday


def test_french_weekday_ignores_the_machine_locale(monkeypatch):
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert daily_note_link(dt.date(2024, 4, 18)) == "[[2024-04-18-jeudi]]"


def test_note_stem_is_date_then_title():
    stem = note_stem(dt.date(2024, 4, 18), "Un séminaire de Stanford sur les Transformers")
    assert stem == "2024-04-18 Un séminaire de Stanford sur les Transformers"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("CS25: Transformers United V4", "CS25 - Transformers United V4"),
        ('a/b\\c*d?e"f<g>h|i#j^k[l]m', "a b c d e f g h i j k l m"),
        ("../../etc/passwd", "etc passwd"),
        ("Title ends with dots...", "Title ends with dots"),
        ("", "Sans titre"),
        ("   ", "Sans titre"),
        (None, "Sans titre"),
        (':*?"<>|', "Sans titre"),
        ("CON", "CON"),
        ("Emoji 🚀 kept", "Emoji 🚀 kept"),
        ("\u202eevil\u202c name\u200f", "evil name"),
        ("tab\tand\nnewline", "tab and newline"),
    ],
)
def test_safe_title(title, expected):
    assert safe_title(title) == expected


def test_safe_title_bounds_a_5000_character_title():
    title = "Très long titre " * 320
    safe = safe_title(title)
    assert len(safe.encode("utf-8")) <= 180
    assert not safe.endswith((" ", "."))


@given(st.text())
def test_safe_title_is_always_a_valid_file_name(title):
    safe = safe_title(title)
    assert safe and not FORBIDDEN & set(safe)
    assert not safe.endswith((" ", ".")) and not safe.startswith(" ")
    assert len(safe.encode("utf-8")) <= 180
    assert all(ord(ch) >= 32 for ch in safe)


def _extraction(markdown="Du texte.", images=(), **meta):
    return Extraction(
        kind="article",
        extractor="article",
        title=meta.get("title", "Page"),
        url="https://example.org/page",
        metadata=Metadata(**meta),
        markdown=markdown,
        text=markdown,
        images=tuple(images),
    )


def test_note_reads_like_the_seed():
    note = render(
        _extraction(title="CS25: Transformers United V4"),
        NoteRequest(
            dt.date(2024, 4, 18),
            "Un séminaire de Stanford sur les Transformers",
            avis=("Premier paragraphe.", "Second paragraphe."),
        ),
    )
    body = frontmatter.loads(note.text).content
    assert body.splitlines()[:13] == [
        "# 2024-04-18 Un séminaire de Stanford sur les Transformers",
        "",
        "Date de récolte : [[2024-04-18-jeudi]]",
        "",
        "[CS25: Transformers United V4](https://example.org/page)",
        "",
        "## Mon avis :",
        "",
        "Premier paragraphe.",
        "",
        "Second paragraphe.",
        "",
        "## Texte complet :",
    ]


def test_avis_is_verbatim_with_its_own_paragraphs():
    avis = "Ligne une\nligne deux *pas d'échappement* [[lien]]\n\nAutre paragraphe."
    note = render(_extraction(), NoteRequest(dt.date(2024, 4, 18), "T", avis=(avis,)))
    assert f"## Mon avis :\n\n{avis}\n\n## Texte complet :" in note.text


def test_properties_follow_obsidian_web_clipper():
    note = render(
        _extraction(
            title="Le titre",
            author="Jean Dupont, Marie Curie",
            published="2024-03-02",
            description="Résumé",
            site="Le Site",
        ),
        NoteRequest(dt.date(2024, 4, 18), None, tags=("#cours", "ia")),
    )
    post = frontmatter.loads(note.text)
    assert post["title"] == "Le titre"
    assert post["source"] == "https://example.org/page"
    assert post["created"] == dt.date(2024, 4, 18)
    assert post["published"] == dt.date(2024, 3, 2)
    assert post["author"] == ["[[Jean Dupont]]", "[[Marie Curie]]"]
    assert post["tags"] == ["clippings", "cours", "ia"]
    assert post["description"] == "Résumé" and post["site"] == "Le Site"
    assert note.text.startswith("---\ntitle: Le titre\nsource: https://example.org/page\n")
    assert "tags:\n  - clippings\n" in note.text


def test_saved_images_become_local_embeds_and_failed_ones_stay_remote():
    saved, failed = ImageRef("https://example.org/a.png", "a"), ImageRef("https://example.org/b.png", "b")
    markdown = f"Avant\n\n{image_markdown(saved)}\n\n{image_markdown(failed)}"
    note = render(
        _extraction(markdown, images=[saved, failed]),
        NoteRequest(dt.date(2024, 4, 18)),
        embeds={saved.url: "attachments/0123_MD5.png"},
    )
    assert "![[attachments/0123_MD5.png]]" in note.text
    assert image_markdown(failed) in note.text


def test_page_title_in_the_source_link_cannot_break_the_link():
    note = render(_extraction(title="[Crochets] et ]] autres"), NoteRequest(dt.date(2024, 4, 18)))
    assert "[\\[Crochets\\] et \\]\\] autres](https://example.org/page)" in note.text


def test_english_labels_and_weekday():
    note = render(_extraction(title="Page"), NoteRequest(dt.date(2024, 4, 18), "Titre", avis=("Mine.",), language="en"))
    body = frontmatter.loads(note.text).content
    assert "Harvest date: [[2024-04-18-Thursday]]" in body
    assert "## My take:\n\nMine.\n\n## Full text:" in body


def test_texte_complet_is_found_in_either_language():
    from clipper.note import labels_in, texte_complet_of

    for language in ("fr", "en"):
        note = render(_extraction("Le texte."), NoteRequest(dt.date(2024, 4, 18), "T", language=language))
        body = frontmatter.loads(note.text).content
        assert texte_complet_of(body) == "Le texte."
        assert labels_in(body).language == language


def test_images_inside_tables_kept_as_html_point_at_the_saved_file():
    from clipper.markdown import image_html

    ref = ImageRef("https://example.org/cell.png", "cell")
    note = render(
        _extraction(f"<table><tr><td>{image_html(ref)}</td></tr></table>", images=[ref]),
        NoteRequest(dt.date(2024, 4, 18)),
        embeds={ref.url: "attachments/ab_MD5.png"},
    )
    assert 'src="attachments/ab_MD5.png"' in note.text and "example.org/cell.png" not in note.text


# --- an image left out (a 1x1 pixel): no trace of it in Texte complet ---------------

PIXEL = ImageRef("https://t.example/open.gif", "")
SHOWN = image_markdown(PIXEL)


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        (f"Avant.\n\n{SHOWN}\n\nAprès.", "Avant.\n\nAprès."),
        (f"a\n\n{SHOWN}\n\n{SHOWN}\n\nb", "a\n\nb"),
        (f"{SHOWN}\n\nTexte.", "Texte."),
        (f"Voir [{SHOWN}](https://ad.example/x) ici.", "Voir ici."),
        (f"a\n\n[{SHOWN}](<https://ad.example/x>)\n\nb", "a\n\nb"),
        (f"- un\n- {SHOWN}\n- deux", "- un\n- deux"),
        (f"Avant {SHOWN} après.", "Avant après."),
        (f'<table><tr><td><img src="{PIXEL.url}" alt=""></td></tr></table>', "<table><tr><td></td></tr></table>"),
    ],
    ids=["paragraph", "two paragraphs", "first", "link text", "link alone", "list item", "mid-sentence", "table"],
)
def test_an_image_left_out_leaves_no_empty_link_item_or_blank_lines(markdown, expected):
    from clipper.models import LEFT_OUT
    from clipper.note import texte_complet

    assert texte_complet(_extraction(markdown, [PIXEL]), {PIXEL.url: LEFT_OUT}) == expected


# --- a new avis goes at the end of Mon avis, once ---------------------------------------

HEAD = "# 2024-06-01 Page\n\nDate de récolte : [[2024-06-01-samedi]]\n\n"
TEXTE = "## Texte complet :\n\nLe texte.\n"


@pytest.mark.parametrize(
    ("mon_avis", "expected"),
    [
        (  # a section of the user's between Mon avis and Texte complet stays below
            "## Mon avis :\n\nA\n\n## Mes questions\n\n- Qui ?\n\n",
            "## Mon avis :\n\nA\n\n[[2024-06-02-dimanche]] : B\n\n## Mes questions\n\n- Qui ?\n\n",
        ),
        (  # a sub-heading of the user's inside Mon avis is part of it
            "## Mon avis :\n\nA\n\n### Points forts\n\n- Clair\n\n",
            "## Mon avis :\n\nA\n\n### Points forts\n\n- Clair\n\n[[2024-06-02-dimanche]] : B\n\n",
        ),
        (  # the heading retyped without its colon is still Mon avis
            "## Mon avis\n\nA\n\n",
            "## Mon avis\n\nA\n\n[[2024-06-02-dimanche]] : B\n\n",
        ),
    ],
    ids=["own section below", "own sub-heading", "heading without colon"],
)
def test_a_new_avis_goes_at_the_end_of_mon_avis(mon_avis, expected):
    from clipper.note_file import with_avis

    assert with_avis(HEAD + mon_avis + TEXTE, ["B"], "[[2024-06-02-dimanche]] :") == HEAD + expected + TEXTE


def test_an_avis_of_several_paragraphs_is_added_once():
    from clipper.note_file import with_avis

    body = HEAD + "## Mon avis :\n\n" + TEXTE
    once = with_avis(body, ["E1\n\nE2"], "[[2024-06-01-samedi]] :")
    assert once == HEAD + "## Mon avis :\n\n[[2024-06-01-samedi]] : E1\n\nE2\n\n" + TEXTE
    assert with_avis(once, ["E1\n\nE2"], "[[2024-06-02-dimanche]] :") == once


def test_the_title_line_and_the_source_line_show_the_title_literally():
    """A title with %% (an Obsidian comment), == (a highlight), #tag or [[link]] shows as it is."""
    extraction = _extraction(title="Growth of 200%% in 2024 ==wow #tag [[x]]")
    note = render(extraction, NoteRequest(dt.date(2024, 6, 1)))
    body = note.text.split("---\n", 2)[2].lstrip("\n")
    title_line, _, _, _, source_line = body.splitlines()[:5]
    assert title_line.startswith("# 2024-06-01 ") and "%%" not in title_line and "==" not in title_line
    assert source_line.startswith(
        "[Growth of 200\\%\\% in 2024 \\=\\=wow \\#tag \\[\\[x\\]\\]](https://example.org/page)"
    )
