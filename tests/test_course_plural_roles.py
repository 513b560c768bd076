"""Role labels in their plural and feminine forms ("Coordinadores", "Organizzatrici", "Dozierende",
"Koordinatoren", "Tutores", "Teaching team"): a people label with its normalised role, as the
singular forms were."""

from __future__ import annotations

import pytest

from clipper.extract.course import extract_course
from clipper.extract.course_names import normalise_role
from clipper.extract.course_sections import label_role
from clipper.extract.parse import parse_page

FORMS = [
    ("Coordinadores", "organiser"),
    ("Coordinadoras", "organiser"),
    ("Organizadoras", "organiser"),
    ("Coordinatori", "organiser"),
    ("Organizzatrici", "organiser"),
    ("Coordenadores", "organiser"),
    ("Coordinateurs", "organiser"),
    ("Koordinatoren", "organiser"),
    ("Coördinatoren", "organiser"),
    ("Coordinators", "organiser"),
    ("Professori", "instructor"),
    ("Profesoras", "instructor"),
    ("Instructores", "instructor"),
    ("Dozierende", "instructor"),
    ("Lehrbeauftragte", "instructor"),
    ("Teaching team", "instructor"),
    ("Tutores", "teaching assistant"),
    ("Tutori", "teaching assistant"),
]


@pytest.mark.parametrize("label, role", FORMS)
def test_a_plural_or_feminine_role_label_is_a_people_label_of_its_role(label: str, role: str) -> None:
    assert label_role(label) == "people"
    assert normalise_role(label) == role


def test_a_plural_organisers_line_names_them() -> None:
    html = """<html><head><title>Seminari di Analisi 2025</title></head><body><main><h1>Seminari di Analisi</h1>
    <p><b>Coordinatori:</b> Luca Rinaldi, Chiara Galli</p><h2>Calendario</h2><table>
    <tr><th>Data</th><th>Relatore</th><th>Titolo</th></tr>
    <tr><td>12/03/2025</td><td>Marco Bellini</td><td>Equazioni ellittiche</td></tr>
    <tr><td>26/03/2025</td><td>Elena Fontana</td><td>Frontiera libera</td></tr></table></main></body></html>"""
    people = extract_course(parse_page(html, "https://example.edu/seminari/")).instructors
    assert [(person.name, person.role) for person in people] == [
        ("Luca Rinaldi", "organiser"),
        ("Chiara Galli", "organiser"),
    ]


def test_a_korean_organiser_word_names_people_only_as_the_whole_label() -> None:
    assert label_role("주관") == "people"  # "organised by"
    assert label_role("주관식 평가") == "excluded"  # essay-question assessment: 주관식, "subjective", holds 주관
