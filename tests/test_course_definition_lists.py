"""Staff written as a definition list under a people heading (`<dl><dt>name</dt><dd>role — mail</dd>`,
what Hugo, MkDocs and hand-written pages emit): each term is a person, the description's first
words their role; Italian "Prof.ssa" is a title, not part of the name."""

from __future__ import annotations

from clipper.extract.course import extract_course
from clipper.extract.parse import parse_page


def test_a_definition_list_of_staff_names_each_term_with_the_role_its_description_opens_with() -> None:
    html = """<html><head><title>Fisica I (A.A. 2024/25)</title></head><body><main><h2>Docenti</h2><dl>
    <dt>Prof.ssa Anna Conti</dt><dd>Titolare — anna.conti@uni.it</dd>
    <dt>Luca Greco</dt><dd>Esercitatore, martedì 14-16</dd>
    <dt>Sara Villa</dt><dd>sara.villa@uni.it</dd></dl></main></body></html>"""
    people = extract_course(parse_page(html, "https://example.edu/fisica/")).instructors
    assert [(person.name, person.role, person.role_text) for person in people] == [
        ("Anna Conti", "instructor", "Titolare"),
        ("Luca Greco", "teaching assistant", "Esercitatore"),
        ("Sara Villa", "instructor", "Docenti"),
    ]


def test_a_term_that_names_a_role_keeps_its_description_as_the_names() -> None:
    html = """<html><head><title>Fisica I (A.A. 2024/25)</title></head><body><main><h2>Docenti</h2><dl>
    <dt>Titolare</dt><dd>Anna Conti</dd><dt>Esercitatore</dt><dd>Luca Greco</dd></dl></main></body></html>"""
    people = extract_course(parse_page(html, "https://example.edu/fisica/")).instructors
    assert [(person.name, person.role) for person in people] == [
        ("Anna Conti", "instructor"),
        ("Luca Greco", "teaching assistant"),
    ]
