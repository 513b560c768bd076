"""Sessions numbered by their headings (`course_headings`): headings of one rank numbered 1, 2, 3…
below one heading are one session each, in French (a builder's outline number before the
session's), Japanese and English, under a schedule label or not; an unnumbered heading beside
them, a numbered topic unit among a course's other sections and numbers out of sequence are none."""

from __future__ import annotations

import time

from hypothesis import given
from hypothesis import strategies as st
from lxml.html import HtmlElement, document_fromstring

from clipper.extract import extract_html
from clipper.extract.course_headings import numbered_runs, session_number

NUMBERED_SEANCES = """<html><head><title>Séances | Recherche et innovation</title></head><body><main>
<h1><span class="header-section-number">Chapitre 3</span> Séances</h1>
<p>Quatre séances d'enseignement abordent la recherche, la veille et l'état de l'art.</p>
<div><h2><span class="header-section-number">3.1</span> 1. Qu'est-ce que la recherche ?</h2>
<ul><li>Définitions</li></ul></div>
<div><h2><span class="header-section-number">3.2</span> 2. Le protocole expérimental</h2>
<ul><li>Hypothèses</li></ul></div>
<div><h2><span class="header-section-number">3.3</span> 3. Écrire un article</h2><ul><li>Structure IMRaD</li></ul></div>
<div><h2><span class="header-section-number">3.4</span> 4. Types de recherche</h2><ul><li>Études de cas</li></ul></div>
<div><h2><span class="header-section-number">3.5</span> Atelier d'écriture</h2><p>Un article à rendre.</p></div>
</main></body></html>"""


def test_numbered_session_headings_leave_out_the_unnumbered_assignment() -> None:
    schedule = extract_html(NUMBERED_SEANCES, "https://cours.example.fr/seances.html").schedule
    assert [session.date_text for session in schedule] == ["", "", "", ""]
    assert "Qu'est-ce que la recherche" in schedule[0].titles[0]
    assert schedule[1].description == "Hypothèses"
    assert all("Atelier" not in " ".join(session.titles) for session in schedule)


LECTURE_LIST = """<html><head><title>計量経済学</title></head><body><div class="content">
<h1>計量経済学</h1>
<p>2022年度 第3クォータ 経済・マネジメント学群</p>
<h2>授業の内容</h2>
<h3>1. イントロダクション</h3><ul><li><a href="slides/slides_01.pdf">講義スライド (PDF)</a></li></ul>
<h3>2. 二つの変数の関係</h3><ul><li><a href="slides/slides_02.pdf">講義スライド (PDF)</a></li>
<li><a href="R/bivariate.html">二変数の関係</a></li></ul>
<h3>3. 因果推論</h3><ul><li><a href="slides/slides_03.pdf">講義スライド (PDF)</a></li></ul>
</div></body></html>"""


def test_numbered_headings_outside_any_schedule_label_are_undated_lectures() -> None:
    extraction = extract_html(LECTURE_LIST, "https://www.example.ac.jp/econometrics/contents.html")
    assert extraction.kind == "course"
    assert [(session.date_text, session.titles[0]) for session in extraction.schedule] == [
        ("", "1. イントロダクション"),
        ("", "2. 二つの変数の関係"),
        ("", "3. 因果推論"),
    ]
    assert extraction.schedule[0].links[0].url == "https://www.example.ac.jp/econometrics/slides/slides_01.pdf"


WORKSHOP_PARTS = """<html><head><title>CS 240: Systems Workshop</title></head><body><main>
<h1>CS 240: Systems Workshop</h1>
<p>This course teaches how operating systems are built, one part a week.</p>
<h2>Syllabus</h2>
<h3>1) Processes and threads</h3><p>Fork, exec and the scheduler.</p>
<h3>2) Virtual memory</h3><p>Page tables and the TLB.</p>
<h3>3) File systems</h3><p>Inodes, journaling.</p>
<h3>4) Networking</h3><p>Sockets.</p>
<h2>Grading</h2><p>Four labs, one exam.</p>
</main></body></html>"""


def test_numbered_parts_under_an_english_syllabus_are_sessions_and_the_next_section_is_not() -> None:
    schedule = extract_html(WORKSHOP_PARTS, "https://cs.example.edu/240/").schedule
    assert [session.titles[0] for session in schedule] == [
        "1) Processes and threads",
        "2) Virtual memory",
        "3) File systems",
        "4) Networking",
    ]
    assert schedule[-1].description == "Sockets."


TOPIC_UNITS = """<html><head><title>AGP 101 - Análisis de datos</title></head><body><main>
<h1>AGP 101 - Análisis de datos</h1>
<h2>Descripción del curso</h2><p>El curso enseña a analizar datos ambientales con R.</p>
<h2>Equipo docente</h2><p>Profesora: Ana Pérez</p>
<h2>Contenidos del curso</h2>
<h2>1. Introducción a R</h2><ul><li>Control de versiones</li></ul>
<h2>2. Visualización</h2><ul><li>ggplot2</li></ul>
<h2>3. Datos geoespaciales</h2><ul><li>Mapas</li></ul>
<h2>Metodología</h2><p>Clases prácticas.</p>
<h2>Evaluación</h2><p>Dos proyectos.</p>
</main></body></html>"""


def test_numbered_topic_units_among_the_course_sections_are_no_schedule() -> None:
    assert extract_html(TOPIC_UNITS, "https://curso.example.cl/").schedule == ()


def _page(texts: list[str]) -> HtmlElement:
    items = "".join(f"<h3>{text}</h3><p>Contenu {index}</p>" for index, text in enumerate(texts))
    return document_fromstring(f"<html><body><h2>Plan</h2>{items}</body></html>")


def _run_texts(texts: list[str]) -> list[list[str]]:
    return [[heading.text_content() for heading in run] for run in numbered_runs(_page(texts), lambda _: True)]


def test_numbers_out_of_sequence_or_too_few_make_no_run() -> None:
    assert _run_texts(["1. Intro", "3. Méthodes", "4. Résultats"]) == []
    assert _run_texts(["1. Intro", "2. Méthodes"]) == []
    assert _run_texts(["1.1 Intro", "1.2 Méthodes", "1.3 Résultats"]) == []  # an outline's numbers only
    assert _run_texts(["1. Intro", "2. Méthodes", "3. Résultats"]) == [["1. Intro", "2. Méthodes", "3. Résultats"]]


@given(
    outline=st.sampled_from(["", "3.1 ", "12.4.2 ", "2.10. "]),
    number=st.integers(min_value=1, max_value=99),
    mark=st.sampled_from([".", ")", "）", "、", ":"]),
    title=st.text(alphabet="abcdefghijklmnopqrstuvwxyzé イントロ", min_size=1, max_size=30).filter(str.strip),
)
def test_session_number_is_read_after_any_outline_number(outline: str, number: int, mark: str, title: str) -> None:
    assert session_number(f"{outline}{number}{mark} {title.strip()}") == number
    assert session_number(f"{outline}{title.strip()}") is None


@given(st.lists(st.sampled_from(["1. a", "2. b", "3. c", "4. d", "x", "7. g", "2.1 e", "5) f"]), max_size=10))
def test_a_run_is_always_numbered_one_two_three_and_most_of_its_rank(texts: list[str]) -> None:
    for run in _run_texts(texts):
        assert [session_number(text) for text in run] == list(range(1, len(run) + 1))
        assert len(run) >= 3 and len(run) >= 0.75 * len(texts)


def test_thousands_of_numbered_headings_cost_little() -> None:
    parts = "".join(
        f"<h2>Part {part}</h2>"
        + "".join(f"<h3>{number}. Lecture {number} of part {part}</h3><p>Slides</p>" for number in range(1, 100))
        for part in range(1, 31)
    )
    html = f"<html><head><title>CS 101 course</title></head><body><h1>CS 101</h1><p>This course teaches systems.</p>{parts}</body></html>"
    started = time.process_time()
    schedule = extract_html(html, "https://cs.example.edu/101/").schedule
    assert len(schedule) == 30 * 99
    assert time.process_time() - started < 10  # about a second; work quadratic in the headings would take minutes
