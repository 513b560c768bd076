"""What site builders add to a course page's outline, read past: the permalink anchor Sphinx,
MkDocs and Jupyter Book end every heading with ("Lehrende¶", "Docenten#") is no part of a
section's label or a person's role; a heading's own "#" ("C#") is."""

from __future__ import annotations

from clipper.extract.course import extract_course
from clipper.extract.course_sections import find_labels
from clipper.extract.parse import parse_page

STAFF = """<html><head><title>Programmeren 2 (2025)</title></head><body><main>
<h1>Programmeren 2</h1>
<h2 id="docenten">Docenten<a class="headerlink" href="#docenten" title="Permalink">{glyph}</a></h2>
<ul><li>Anouk Visser</li><li>Pieter Smit</li></ul>
<h2 id="rooster">Rooster<a class="headerlink" href="#rooster">{glyph}</a></h2>
<table><tr><th>Datum</th><th>Onderwerp</th></tr>
<tr><td>3 maart 2025</td><td>Klassen</td></tr><tr><td>10 maart 2025</td><td>Overerving</td></tr>
<tr><td>17 maart 2025</td><td>Interfaces</td></tr></table>
</main></body></html>"""


def test_a_heading_permalink_glyph_is_no_part_of_a_role() -> None:
    for glyph in ("¶", "#", "§", "🔗"):
        page = parse_page(STAFF.format(glyph=glyph), "https://example.edu/prog2/")
        people = extract_course(page).instructors
        assert [(person.name, person.role_text) for person in people] == [
            ("Anouk Visser", "Docenten"),
            ("Pieter Smit", "Docenten"),
        ]


def test_a_heading_that_ends_with_its_own_hash_keeps_it() -> None:
    html = '<html><body><h2 id="c">Programming in C#</h2><h2 id="d">Lectures<a href="#d">¶</a></h2></body></html>'
    labels = [label.text for label in find_labels(parse_page(html, "https://example.edu/").root)]
    assert labels[:2] == ["Programming in C#", "Lectures"]
