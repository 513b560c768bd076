"""An office-hours table whose header names a role over a column of names ("TA | Day | Time") names
the course's TAs; a dated schedule's "Instructor" or "Speaker" column names no staff, and a
column of days or rooms is no one."""

from __future__ import annotations

from clipper.extract.course import extract_course
from clipper.extract.parse import parse_page

PAGE = """<html><head><title>CSE 142 (Winter 2025)</title></head><body><main><h1>CSE 142</h1>
<p><b>Instructor:</b> Naomi Fischer</p>
<h2>Office hours</h2><table><tr><th>TA</th><th>Day</th><th>Room</th></tr>
<tr><td>Lucas Brown</td><td>Monday</td><td>CSE2 150</td></tr>
<tr><td><a href="https://emma.example.org/">Emma Nguyen</a></td><td>Tuesday</td><td>CSE2 150</td></tr></table>
<h2>Calendar</h2><table><tr><th>Date</th><th>Topic</th><th>Instructor</th></tr>
<tr><td>Jan 6</td><td>Java basics</td><td>Guest Lecturer Ana Ruiz</td></tr>
<tr><td>Jan 8</td><td>Methods</td><td>Paul Mendes</td></tr></table></main></body></html>"""


def test_an_office_hours_table_names_the_tas_and_a_schedule_column_no_staff() -> None:
    people = extract_course(parse_page(PAGE, "https://example.edu/cse142/")).instructors
    assert [(person.name, person.role, person.url) for person in people] == [
        ("Naomi Fischer", "instructor", None),
        ("Lucas Brown", "teaching assistant", None),
        ("Emma Nguyen", "teaching assistant", "https://emma.example.org/"),
    ]


def test_a_role_column_holding_other_things_than_names_names_no_one() -> None:
    html = PAGE.replace("<td>Lucas Brown</td>", "<td>Any TA on duty</td>")
    names = [person.name for person in extract_course(parse_page(html, "https://example.edu/cse142/")).instructors]
    assert names == ["Naomi Fischer"]
