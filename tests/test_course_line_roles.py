"""One name per line under a people heading, each with its role in parentheses ("Camille Bertrand
(cours magistral)<br>Hugo Lambert (travaux dirigés)"): each person takes the role on their own line."""

from __future__ import annotations

from clipper.extract.course import extract_course
from clipper.extract.parse import parse_page


def test_each_line_gives_its_own_person_their_role() -> None:
    html = """<html><head><title>Analysis I (WiSe 2025/26)</title></head><body><main><h1>Analysis I</h1>
    <h2>Lehrende</h2><p>Prof. Dr. Eva Brandt (Dozentin)<br>Lukas Wolf (Tutor)<br>Mia Hahn</p></main></body></html>"""
    people = extract_course(parse_page(html, "https://example.edu/analysis/")).instructors
    assert [(person.name, person.role, person.role_text) for person in people] == [
        ("Eva Brandt", "instructor", "Dozentin"),
        ("Lukas Wolf", "teaching assistant", "Tutor"),
        ("Mia Hahn", "instructor", "Lehrende"),
    ]
