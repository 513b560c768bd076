"""The course calendar file and the Obsidian URI."""

import datetime as dt

from clipper.calendar import to_ics
from clipper.models import Link, Session
from clipper.obsidian import obsidian_uri

SESSIONS = [
    Session(
        "April 4",
        "2024-04-04",
        ("Overview of Transformers",),
        ("Steven Feng", "Div Garg"),
        "[In-Person]",
        "Brief intro, history; and more.",
        (Link("Slides", "https://example.org/s.pdf"),),
    ),
    Session("May 9", None, ("TBD",), ("Ming Ding",)),
    Session("April 18", "2024-04-18", ("Aligning Open Language Models " * 4,), ("Nathan Lambert",)),
]


def test_one_event_per_certainly_dated_session():
    calendar = to_ics(
        SESSIONS,
        course="CS25",
        source="https://web.stanford.edu/class/cs25/",
        now=dt.datetime(2024, 4, 1, tzinfo=dt.UTC),
    )
    assert (calendar.events, calendar.undated) == (2, 1)
    text = calendar.text
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;VALUE=DATE:20240404\r\nDTEND;VALUE=DATE:20240405" in text
    assert "SUMMARY:CS25 — Overview of Transformers" in text
    assert "Intervenants : Steven Feng\\, Div Garg" in text
    assert "TBD" not in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_obsidian_uri_names_the_vault_and_the_note(tmp_path):
    vault = tmp_path / "Mes Notes"
    note = vault / "vault" / "2024-04-18 Un séminaire.md"
    note.parent.mkdir(parents=True)
    note.write_text("x")
    assert obsidian_uri(vault, note) == (
        "obsidian://open?vault=Mes%20Notes&file=vault%2F2024-04-18%20Un%20s%C3%A9minaire.md"
    )


def test_a_session_of_one_of_several_schedules_is_filed_under_its_label():
    sessions = [
        Session("9/5", "2023-09-05", ("Sample spaces",), schedule_label="Lectures"),
        Session("9/8", "2023-09-08", ("Counting problems",), schedule_label="Sections"),
        Session("9/12", "2023-09-12", ("Random variables",)),
    ]
    text = to_ics(sessions, course="STAT 210", source="https://example.edu/", now=dt.datetime(2023, 9, 1)).text
    assert text.count("CATEGORIES:") == 2
    assert "CATEGORIES:Lectures\r\n" in text and "CATEGORIES:Sections\r\n" in text
