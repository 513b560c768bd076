"""Small pages of our own on which the course rules must NOT fire: a magazine's byline is
no instructor, a blank date cell is no continuation of a titled row, a placeholder is no
speaker, a later table repeating the class schedule's sessions adds none, and an exam
section's table is no schedule."""

from __future__ import annotations

from clipper.extract.course import extract_course, looks_like_course
from clipper.extract.parse import parse_page

PROSE = (
    "<p>The city council met on Tuesday to discuss the new tram line, which residents have awaited for a decade."
    " Several speakers raised concerns about noise, cost and the long construction period ahead of them.</p>"
    "<p>The mayor promised a public consultation before any work begins, and a report by the end of the year.</p>"
)


def page(body: str, title: str = "Tram line plans") -> str:
    return f"<html><head><title>{title}</title></head><body><article>{body}</article></body></html>"


# --- 1. a term and a byline under the title are no course ------------------------------------


def test_a_news_page_with_a_term_and_a_byline_under_its_title_is_not_a_course() -> None:
    html = page("<h1>Tram line plans</h1><p>Spring 2024</p><p>Jane Doe and John Roe</p>" + PROSE)
    assert not looks_like_course(parse_page(html, "https://news.example.com/tram"))


def test_a_magazine_issue_line_and_a_by_line_name_no_instructor() -> None:
    html = page("<h1>Tram line plans</h1><p>Winter 2025 issue</p><p>By Jane Doe</p>" + PROSE)
    parsed = parse_page(html, "https://news.example.com/tram")
    assert not looks_like_course(parsed)
    assert "By Jane Doe" not in [person.name for person in extract_course(parsed).instructors]


# --- 2. a blank date cell does not merge a titled row into the one above ----------------------

SCHEDULE = """<html><head><title>Course Schedule</title></head><body><h2>Schedule</h2>
<table><tr><th>Date</th><th>Topic</th><th>Reading</th></tr>
<tr><td>Sep 3</td><td>Introduction</td><td>Ch. 1</td></tr>
<tr><td>Sep 10</td><td>Sorting</td><td>Ch. 2</td></tr>
<tr><td></td><td>Graphs</td><td>Ch. 3</td></tr>
<tr><td></td><td>Hashing</td><td>Ch. 4</td></tr>
<tr><td></td><td>Review</td><td>Notes</td></tr>
</table></body></html>"""


def test_rows_with_their_own_title_and_a_blank_date_stay_sessions_of_their_own() -> None:
    sessions = extract_course(parse_page(SCHEDULE, "https://example.edu/cs1/")).schedule
    assert [s.titles for s in sessions] == [("Introduction",), ("Sorting",), ("Graphs",), ("Hashing",), ("Review",)]
    assert [s.date_text for s in sessions][2:] == ["", "", ""]


# --- 3. a placeholder in a speaker column is no speaker --------------------------------------

SPEAKERS = """<html><head><title>Seminar Schedule</title></head><body><h2>Schedule</h2>
<table><tr><th>Date</th><th>Topic</th><th>Speaker</th></tr>
<tr><td>Sep 3</td><td>Opening</td><td>Carsten</td></tr>
<tr><td>Sep 10</td><td>Graphs</td><td>TBA</td></tr>
<tr><td>Sep 17</td><td>Hashing</td><td>Staff</td></tr>
<tr><td>Sep 24</td><td>Trees</td><td>Zoom</td></tr>
<tr><td>Oct 1</td><td>Heaps</td><td>TBD</td></tr>
<tr><td>Oct 8</td><td>Tries</td><td>N/A</td></tr>
<tr><td>Oct 15</td><td>Review</td><td>Online</td></tr>
</table></body></html>"""


def test_placeholders_in_a_speaker_column_are_no_speakers() -> None:
    sessions = extract_course(parse_page(SPEAKERS, "https://example.edu/sem/")).schedule
    assert [s.speakers for s in sessions] == [("Carsten",)] + [()] * 6


# --- 6. a later table repeating the class schedule's sessions adds none ----------------------

EXAMS = """<html><head><title>Course Schedule</title></head><body><h2>Schedule</h2>
<table><tr><th>Date</th><th>Topic</th></tr>
<tr><td>Sep 3</td><td>Introduction</td></tr>
<tr><td>Sep 10</td><td>Sorting</td></tr>
<tr><td>Oct 15</td><td>Midterm exam</td></tr>
<tr><td>Nov 5</td><td>Graphs</td></tr>
<tr><td>Dec 10</td><td>Final exam</td></tr>
</table>
<h2>Term dates</h2>
<table><tr><th>Date</th><th>Topic</th></tr>
<tr><td>Oct 15</td><td>Midterm exam</td></tr>
<tr><td>Dec 10</td><td>Final exam</td></tr>
<tr><td>Jan 7</td><td>Retake exam</td></tr>
</table></body></html>"""


def test_a_later_table_repeating_the_schedules_sessions_adds_only_the_new_ones() -> None:
    sessions = extract_course(parse_page(EXAMS, "https://example.edu/cs2/")).schedule
    assert [s.titles[0] for s in sessions] == [
        "Introduction",
        "Sorting",
        "Midterm exam",
        "Graphs",
        "Final exam",
        "Retake exam",
    ]
    in_exam_section = EXAMS.replace("<h2>Term dates</h2>", "<h2>Exams</h2>")
    sessions = extract_course(parse_page(in_exam_section, "https://example.edu/cs2/")).schedule
    assert "Retake exam" not in [s.titles[0] for s in sessions]  # an exam section's dates are not sessions
