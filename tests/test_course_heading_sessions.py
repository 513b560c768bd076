"""One heading per session: what marks a session heading (its date or its session number),
whatever its rank, on small pages of our own in three languages; breaks, week headings,
a side assignment and a numbered topic list are no sessions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lxml.html import HtmlElement, fragment_fromstring

from clipper.extract import extract_html
from clipper.extract.course_headings import numbered_run, session_number

WEEKS_AND_DATED_HEADINGS = """<html><head><title>HIS 210: Schedule</title></head><body><main>
<h1>Schedule</h1>
<p>Lectures: Mondays 2:00-2:50 pm. Labs: Wednesdays 1:30-4:20 pm.</p>
<h2>Week 1: Beginnings</h2>
<h3>Sep. 4: Lecture/Discussion</h3><h4>Readings:</h4><ul><li>Chapter 1</li></ul>
<h3>Sep. 6: Archive Lab</h3><h4>Before the lab:</h4><ul><li>Bring a notebook</li></ul>
<h2>Week 2: Scribes</h2>
<h3>Sep. 11: Lecture/Discussion</h3><ul><li>Chapter 2</li></ul>
<h2>Sep. 18 and 20: Fall Break NO CLASS</h2>
<h2>Reading Week (Dec. 1 - Dec. 7)</h2><p>Office hours by appointment.</p>
<h2>Dec. 8: Paper due</h2><p>Submit the final paper.</p>
<h2>Dec. 10 - Dec. 16: Final Exam Week</h2><p>Take-home exam.</p>
</main></body></html>"""


def test_dated_headings_of_any_rank_are_sessions_but_weeks_and_breaks_are_not() -> None:
    schedule = extract_html(WEEKS_AND_DATED_HEADINGS, "https://history.example.edu/schedule/").schedule
    # a range opening a heading is dated by its first day; the rest stays in the title
    assert [session.date_text for session in schedule] == ["Sep. 4", "Sep. 6", "Sep. 11", "Dec. 8", "Dec. 10"]
    titles = " ".join(title for session in schedule for title in session.titles)
    assert "Archive Lab" in titles and "Paper due" in titles and "Final Exam Week" in titles
    assert "Break" not in titles and "Reading Week" not in titles and "Beginnings" not in titles


NUMBERED_SEANCES = """<html><head><title>Séances | Recherche et innovation</title></head><body><main>
<h1><span class="header-section-number">Chapitre 3</span> Séances</h1>
<p>Quatre séances d'enseignement abordent la recherche, la veille et l'état de l'art.</p>
<h2><span class="header-section-number">3.1</span> 1. Qu'est-ce que la recherche ?</h2><ul><li>Définitions</li></ul>
<h2><span class="header-section-number">3.2</span> 2. Le protocole expérimental</h2><ul><li>Hypothèses</li></ul>
<h2><span class="header-section-number">3.3</span> 3. Écrire un article</h2><ul><li>Structure IMRaD</li></ul>
<h2><span class="header-section-number">3.4</span> 4. Types de recherche</h2><ul><li>Études de cas</li></ul>
<h2><span class="header-section-number">3.5</span> Atelier d'écriture</h2><p>Un article d'état de l'art à rendre.</p>
</main></body></html>"""


def test_numbered_session_headings_leave_out_the_unnumbered_assignment() -> None:
    schedule = extract_html(NUMBERED_SEANCES, "https://cours.example.fr/seances.html").schedule
    assert len(schedule) == 4
    assert [session.date_text for session in schedule] == ["", "", "", ""]
    assert "Qu'est-ce que la recherche" in schedule[0].titles[0]
    assert all("Atelier" not in " ".join(session.titles) for session in schedule)


LECTURE_LIST = """<html><head><title>計量経済学</title></head><body>
<h1>計量経済学</h1>
<p>2022年度 第3クォータ 経済・マネジメント学群</p>
<h2>授業の内容</h2>
<h3>1. イントロダクション</h3><ul><li><a href="slides/slides_01.pdf">講義スライド (PDF)</a></li></ul>
<h3>2. 二つの変数の関係</h3><ul><li><a href="slides/slides_02.pdf">講義スライド (PDF)</a></li>
<li><a href="R/bivariate.html">二変数の関係</a></li></ul>
<h3>3. 因果推論</h3><ul><li><a href="slides/slides_03.pdf">講義スライド (PDF)</a></li></ul>
</body></html>"""


def test_numbered_headings_each_linking_their_slides_are_undated_lectures() -> None:
    extraction = extract_html(LECTURE_LIST, "https://www.example.ac.jp/econometrics/contents.html")
    assert extraction.kind == "course"
    assert [(session.date_text, session.titles[0]) for session in extraction.schedule] == [
        ("", "1. イントロダクション"),
        ("", "2. 二つの変数の関係"),
        ("", "3. 因果推論"),
    ]
    assert extraction.schedule[0].links[0].url == "https://www.example.ac.jp/econometrics/slides/slides_01.pdf"
    # each session's slides show once, as its link, not again as a line of text above it
    assert extraction.markdown.count("講義スライド (PDF)") == 3
    assert "[講義スライド (PDF)](https://www.example.ac.jp/econometrics/slides/slides_01.pdf)" in extraction.markdown
    assert "二変数の関係" in extraction.markdown


TOPIC_LIST = """<html><head><title>AGP 101 - Análisis de datos</title></head><body><main>
<h1>AGP 101 - Análisis de datos</h1>
<h2>Equipo docente</h2><p>Profesora: Ana Pérez</p>
<h2>Contenidos del curso</h2>
<h2>1. Introducción a R</h2><ul><li>Control de versiones</li></ul>
<h2>2. Visualización</h2><ul><li>ggplot2</li></ul>
<h2>3. Datos geoespaciales</h2><ul><li>Mapas</li></ul>
</main></body></html>"""


def test_a_numbered_topic_list_without_teaching_documents_is_no_schedule() -> None:
    assert extract_html(TOPIC_LIST, "https://curso.example.cl/").schedule == ()


def _headings(texts: list[str]) -> list[HtmlElement]:
    return [fragment_fromstring(f"<h3>{text}</h3>") for text in texts]


def test_numbers_out_of_sequence_make_no_run() -> None:
    assert numbered_run(_headings(["1. Intro", "3. Methods", "4. Results"])) == []
    assert numbered_run(_headings(["1. Intro", "2. Methods"])) == []  # two are not yet a list


@given(
    outline=st.sampled_from(["", "3.1 ", "12.4.2 ", "Chapter 2 "]),
    number=st.integers(min_value=1, max_value=99),
    title=st.text(alphabet="abcdefghijklmnopqrstuvwxyzé イントロ", min_size=1, max_size=30).filter(str.strip),
)
def test_session_number_is_read_after_any_outline_numbering(outline: str, number: int, title: str) -> None:
    assert session_number(f"{outline}{number}. {title.strip()}") == number
    assert session_number(f"{outline}{title.strip()}") is None


@given(st.lists(st.sampled_from(["1. a", "2. b", "3. c", "4. d", "x", "7. g", "2.1 e"]), max_size=8))
def test_a_run_is_always_one_two_three(texts: list[str]) -> None:
    run = numbered_run(_headings(texts))
    assert [session_number(heading.text_content()) for heading in run] == list(range(1, len(run) + 1))
    assert run == [] or len(run) >= 3


DATED_WEEKS_OVER_DATED_SESSIONS = """<html><head><title>HIS 220: Schedule</title></head><body><main>
<h1>Schedule</h1>
<p>Lectures: Mondays 2:00-2:50 pm. Labs: Wednesdays 1:30-4:20 pm.</p>
<h2>Week 1 (Sep. 2 - Sep. 6)</h2>
<h3>Sep. 4: Lecture/Discussion</h3><ul><li>Chapter 1</li></ul>
<h3>Sep. 6: Archive Lab</h3><ul><li>Bring a notebook</li></ul>
<h3>Note: the archive lab of Sep. 13 moves to the reading room of the old library</h3><p>Same hours.</p>
<h2>Week 2 (Sep. 9 - Sep. 13)</h2>
<h3>Sep. 11: Lecture/Discussion</h3><ul><li>Chapter 2</li></ul>
<h3>Sep. 13: Archive Lab</h3><ul><li>Chapter 3</li></ul>
</main></body></html>"""


def test_a_dated_week_over_dated_sessions_and_a_long_notice_mentioning_a_date_are_no_sessions() -> None:
    schedule = extract_html(DATED_WEEKS_OVER_DATED_SESSIONS, "https://history.example.edu/schedule/").schedule
    assert [session.date_text for session in schedule] == ["Sep. 4", "Sep. 6", "Sep. 11", "Sep. 13"]
    titles = " ".join(title for session in schedule for title in session.titles)
    assert "Week 1" not in titles and "Week 2" not in titles and "reading room" not in titles
