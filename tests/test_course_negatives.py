"""Small pages of our own on which the course rules must NOT fire: a magazine's byline is
no instructor, a blank date cell is no continuation of a titled row, a placeholder is no
speaker, a bold notice is no speaker, a word ending in "pause" is no break, and an exam
table repeating the class schedule's sessions adds none."""

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


def test_a_sports_season_and_a_fiscal_quarter_are_no_academic_term() -> None:
    from clipper.extract.course_title_block import names_term

    assert not names_term(["2023-2024 season"])
    assert not names_term(["2022年度 第3四半期"])
    assert not names_term(["Winter 2025 issue"])
    assert names_term(["Wintersemester 2025/26"]) and names_term(["2022年度 第3クォータ"])
    sports = page("<h1>Rovers FC</h1><p>2023-2024 season</p><p>Alex Stone and Sam Reed</p>" + PROSE, "Rovers FC")
    results = page("<h1>決算報告</h1><p>2022年度 第3四半期</p><p>山田太郎</p>" + PROSE, "決算報告")
    assert not looks_like_course(parse_page(sports, "https://rovers.example.com/"))
    assert not looks_like_course(parse_page(results, "https://ir.example.co.jp/"))


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


# --- 4. a bold notice opening a paragraph is no speaker --------------------------------------

NOTICE = """<html><head><title>Seminar Programme</title></head><body><h2>Programme</h2>
<h3>12 March 2025</h3><p><strong>Important Notice</strong> the room changes to B12 this week.</p>
<p><strong>Dott. Silverio Zucchi</strong> <em>Acceptance and meaning</em></p>
<h3>19 March 2025</h3><p><strong>Maria Rossi</strong> <em>Compassion at work</em></p>
<h3>26 March 2025</h3><p><strong>Luca Bianchi</strong> <em>Closing talk</em></p>
</body></html>"""


def test_a_bold_notice_opening_a_paragraph_is_no_speaker() -> None:
    sessions = extract_course(parse_page(NOTICE, "https://example.edu/prog/")).schedule
    speakers = [name for session in sessions for name in session.speakers]
    assert "Important Notice" not in speakers and "Silverio Zucchi" in speakers
    colon = NOTICE.replace("</strong> the room", "</strong>: the room")
    speakers = [
        name for s in extract_course(parse_page(colon, "https://example.edu/prog/")).schedule for name in s.speakers
    ]
    assert "Important Notice" not in speakers


# --- 5. a word ending in "pause" is no break --------------------------------------------------


def test_a_topic_ending_in_pause_is_kept_and_a_break_compound_is_not() -> None:
    from clipper.extract.course_vocab import NO_SESSION

    assert not NO_SESSION.search("Menopause and bone density")
    assert all(NO_SESSION.search(word) for word in ("Weihnachtspause", "Osterpause", "Pause", "Sommerpause"))
    html = SCHEDULE.replace("Graphs", "Menopause and bone density")
    titles = [s.titles[0] for s in extract_course(parse_page(html, "https://example.edu/med/")).schedule]
    assert "Menopause and bone density" in titles


# --- 6. an exam table repeating the class schedule's exams adds none -------------------------

EXAMS = """<html><head><title>Course Schedule</title></head><body><h2>Schedule</h2>
<table><tr><th>Date</th><th>Topic</th></tr>
<tr><td>Sep 3</td><td>Introduction</td></tr>
<tr><td>Sep 10</td><td>Sorting</td></tr>
<tr><td>Oct 15</td><td>Midterm exam</td></tr>
<tr><td>Nov 5</td><td>Graphs</td></tr>
<tr><td>Dec 10</td><td>Final exam</td></tr>
</table>
<h2>Exams</h2>
<table><tr><th>Date</th><th>Exam</th></tr>
<tr><td>Oct 15</td><td>Midterm exam</td></tr>
<tr><td>Dec 10</td><td>Final exam</td></tr>
<tr><td>Jan 7</td><td>Retake exam</td></tr>
</table></body></html>"""


def test_an_exam_table_repeating_the_schedules_exams_adds_only_the_new_ones() -> None:
    sessions = extract_course(parse_page(EXAMS, "https://example.edu/cs2/")).schedule
    assert [s.titles[0] for s in sessions] == [
        "Introduction",
        "Sorting",
        "Midterm exam",
        "Graphs",
        "Final exam",
        "Retake exam",
    ]
