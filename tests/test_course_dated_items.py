"""Dated list items as reading groups write them: a speaker in brackets after the title ("Potential
outcomes (presenter: Rahul Mehta)"), a time after the date ("Mon 3 Mar, 14:00–15:30 — …")."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from clipper.extract.course import extract_course
from clipper.extract.course_blocks import split_byline
from clipper.extract.course_dates import leading_date, time_end
from clipper.extract.parse import parse_page


def test_a_speaker_in_brackets_after_the_title_is_the_speaker() -> None:
    assert split_byline("Potential outcomes (presenter: Rahul Mehta)") == ("Potential outcomes", ["Rahul Mehta"])
    assert split_byline("Automates [Intervenante : Amélie Caron]") == ("Automates", ["Amélie Caron"])
    assert split_byline("Propensity scores — Speaker: Julia Santos") == ("Propensity scores", ["Julia Santos"])


def test_a_speakers_affiliation_in_brackets_keeps_its_closing_bracket() -> None:
    assert split_byline("Causal forests — Speaker: Julia Santos (MIT)") == ("Causal forests", ["Julia Santos (MIT)"])


PAGE = """<html><head><title>Causal Inference Reading Group (Spring 2025)</title></head><body><main>
<h1>Causal Inference Reading Group</h1><h2>Schedule</h2><ul>
<li>Mon 3 Mar, 14:00–15:30 — Potential outcomes (presenter: Rahul Mehta)</li>
<li>Mon 10 Mar, 2:00-3:30 pm — Propensity scores (presenter: Julia Santos)</li>
<li>Mon 17 Mar 14h00 : Instrumental variables (presenter: Sarah Klein)</li></ul></main></body></html>"""


def test_a_time_after_the_date_is_the_dates_not_the_titles() -> None:
    schedule = extract_course(parse_page(PAGE, "https://example.edu/causal/")).schedule
    assert [(session.date_text, session.titles, session.speakers) for session in schedule] == [
        ("Mon 3 Mar, 14:00–15:30", ("Potential outcomes",), ("Rahul Mehta",)),
        ("Mon 10 Mar, 2:00-3:30 pm", ("Propensity scores",), ("Julia Santos",)),
        ("Mon 17 Mar 14h00", ("Instrumental variables",), ("Sarah Klein",)),
    ]


TIMES = st.sampled_from(["14:00", "14:00–15:30", "2:00-3:30 pm", "10 am", "14h00", "16–18 Uhr", "9.30"])
DATES = st.sampled_from(["Mon 3 Mar", "3 mars", "Di, 15.10.", "March 3", "2025-03-04"])
TOPICS = st.sampled_from(["Intro", "1848", "Graphs", "Week 3 review"])


@given(date=DATES, time=TIMES, topic=TOPICS, comma=st.sampled_from([", ", " "]))
def test_a_time_after_a_date_ends_where_the_topic_begins(date: str, time: str, topic: str, comma: str) -> None:
    text = f"{date}{comma}{time} — {topic}"
    found = leading_date(text)
    assert found is not None
    assert text[: time_end(text, found.end)] == f"{date}{comma}{time}"


def test_a_number_after_a_date_is_no_time() -> None:
    text = "Jan 28 – 1848"
    found = leading_date(text)
    assert found is not None and time_end(text, found.end) == found.end
