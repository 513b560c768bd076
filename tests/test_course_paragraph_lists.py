"""Schedules written one paragraph per session under a schedule heading (Google Sites, WordPress
and editors that make every line a `<p>`): "Week 1 (Jan 13): …" or "Jan 13 – …" paragraphs are
sessions like the items of a list; the heading and the prose around them stay in the text."""

from __future__ import annotations

from clipper.extract.course import extract_course
from clipper.extract.parse import parse_page

FLAT = """<html><head><title>HIST 210: Modern Europe (Spring 2025)</title></head><body><main>
<h1>HIST 210: Modern Europe</h1>
<h2>Schedule</h2>
<p>We meet on Tuesdays in Hall 4; readings are due before class.</p>
<p>Jan 14 – The French Revolution</p>
<p>Jan 21 – Napoleon and Europe</p>
<p>Jan 28 – 1848</p>
<p>Feb 4 – No class (winter break)</p>
<p>Feb 11 – Unification of Italy</p>
<h2>Grading</h2>
<p>Jan 30 – Essay 1 due</p><p>Feb 20 – Essay 2 due</p><p>Mar 30 – Essay 3 due</p>
</main></body></html>"""


def test_dated_paragraphs_under_a_schedule_heading_are_its_sessions() -> None:
    extraction = extract_course(parse_page(FLAT, "https://example.edu/hist210/"))
    assert [(session.date, session.titles) for session in extraction.schedule] == [
        ("2025-01-14", ("The French Revolution",)),
        ("2025-01-21", ("Napoleon and Europe",)),
        ("2025-01-28", ("1848",)),
        ("2025-02-11", ("Unification of Italy",)),
    ]
    assert "We meet on Tuesdays in Hall 4" in extraction.markdown
    headings = [line.lstrip("#").strip() for line in extraction.markdown.splitlines() if line.startswith("#")]
    assert "Schedule" in headings, "the schedule keeps its heading in the note's text"


def test_dated_paragraphs_without_a_schedule_heading_are_no_schedule() -> None:
    html = FLAT.replace("<h2>Schedule</h2>", "<h2>Notes</h2>").replace("<h2>Grading</h2>", "<h2>Other</h2>")
    extraction = extract_course(parse_page(html, "https://example.edu/hist210/"))
    assert all("Revolution" not in " ".join(session.titles) for session in extraction.schedule)
