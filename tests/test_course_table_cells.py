"""Schedule tables whose cells hold more than one thing: a date cell that prints the session's
title under its date ("Sep 2<br>Probability and Bayes' rule") gives the date and the title."""

from __future__ import annotations

import lxml.html
from hypothesis import given
from hypothesis import strategies as st

from clipper.extract.course import extract_course
from clipper.extract.course_table_layout import date_line
from clipper.extract.parse import parse_page

TITLES = st.text(alphabet=st.sampled_from("abcdefghij KLMNOP-'?éü"), min_size=1, max_size=60).filter(str.strip)
DATES = st.sampled_from(["Sep 2", "2 septembre", "Di, 15.10.", "4月10日（水）", "3월 4일 (월)", "2025-03-04"])


@given(date=DATES, title=TITLES)
def test_a_date_above_a_title_in_one_cell_is_read_as_the_date(date: str, title: str) -> None:
    cell = lxml.html.fragment_fromstring(f"<td>{date}<br>{title}</td>")
    assert date_line(cell) == date


@given(title=TITLES)
def test_a_cell_without_a_date_on_its_first_line_has_none(title: str) -> None:
    assert date_line(lxml.html.fragment_fromstring(f"<td>{title}<br>Sep 2</td>")) == ""
    assert date_line(lxml.html.fragment_fromstring("<td>Sep 2</td>")) == ""


def test_a_title_column_of_its_own_keeps_the_date_cell_a_date() -> None:
    html = """<html><head><title>STAT 1 (Fall 2025)</title></head><body><h2>Schedule</h2><table>
    <tr><th>Date</th><th>Topic</th></tr>
    <tr><td>Sep 2<br>Room 101</td><td>Bayes' rule</td></tr><tr><td>Sep 4<br>Room 101</td><td>Priors</td></tr>
    <tr><td>Sep 9<br>Room 101</td><td>Posteriors</td></tr></table></body></html>"""
    schedule = extract_course(parse_page(html, "https://example.edu/stat1/")).schedule
    assert [session.titles[0] for session in schedule] == ["Bayes' rule", "Priors", "Posteriors"]
