"""Numbered sessions, on small pages of our own: headings numbered 1, 2, 3… are the sessions under
a schedule label (a heading of their rank without a number is not one), and outside a label
when each unit links its own lecture documents; numbered topics without them are a course's
contents, and numbers out of sequence are no run."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from clipper.extract.course import extract_course
from clipper.extract.course_numbered import numbered_run, session_number
from clipper.extract.parse import parse_page

LEAD = (
    "<p>Ce cours présente les méthodes de la recherche appliquée, des premières lectures à la publication,"
    " au fil de quatre séances et d’un atelier d’écriture.</p>"
)


def page(body: str, title: str = "Méthodes de recherche – cours") -> str:
    return f"<html><head><title>{title}</title></head><body><main>{body}</main></body></html>"


def rows(html: str) -> list[tuple[str, str]]:
    schedule = extract_course(parse_page(html, "https://example.edu/cours/")).schedule
    return [(session.date_text, session.titles[0]) for session in schedule]


def test_under_a_sessions_label_an_unnumbered_heading_of_their_rank_is_no_session() -> None:
    topics = ("Qu’est-ce que la recherche ?", "Protocoles expérimentaux", "Analyse des données")
    units = "".join(
        f"<h3>{n}. {topic}</h3><ul><li>Lectures</li><li>Exercices</li></ul>" for n, topic in enumerate(topics, 1)
    )
    html = page(LEAD + "<h2>Séances</h2>" + units + "<h3>Atelier d’écriture</h3><p>Un article à rendre.</p>")
    assert rows(html) == [("", f"{n}. {topic}") for n, topic in enumerate(topics, 1)]


def test_a_generators_section_number_before_the_session_number_is_read_past() -> None:
    units = "".join(f"<h3>2.{n} {n}. Topic {n}</h3><p>Notes.</p>" for n in (1, 2, 3))
    html = page(LEAD + "<h2>Sessions</h2>" + units + "<h3>2.4 Project</h3><p>Write a report.</p>", "Research methods")
    assert [title for _, title in rows(html)] == ["2.1 1. Topic 1", "2.2 2. Topic 2", "2.3 3. Topic 3"]


def test_numbered_lectures_each_with_their_slides_are_sessions_without_a_label() -> None:
    units = "".join(
        f'<h3>{n}. Lecture {n}</h3><ul><li><a href="slides/{n}.pdf">Lecture slides (PDF)</a></li></ul>'
        for n in (1, 2, 3, 4)
    )
    html = page(LEAD + "<h2>Econometrics</h2><p>Fall semester 2025</p>" + units, "Econometrics")
    assert rows(html) == [("", f"{n}. Lecture {n}") for n in (1, 2, 3, 4)]


def test_numbered_topics_without_documents_are_contents_not_sessions() -> None:
    units = "".join(f"<h2>{n}. Tema {n}</h2><ul><li>Introducción</li><li>Práctica</li></ul>" for n in (1, 2, 3))
    html = page(LEAD + "<h2>Contenidos del Curso</h2>" + units, "AGP 3141 – Curso")
    assert rows(html) == []


def test_numbers_out_of_sequence_are_no_run() -> None:
    units = "".join(f'<h3>{n}. Lecture</h3><ul><li><a href="s/{n}.pdf">Lecture slides</a></li></ul>' for n in (2, 5, 9))
    assert rows(page(LEAD + "<h2>Econometrics</h2>" + units, "Econometrics")) == []


@given(st.text(max_size=40))
def test_a_session_number_is_read_from_any_text_without_raising(text: str) -> None:
    number = session_number(text)
    assert number is None or text.lstrip()[:1].isdigit()


@given(st.lists(st.integers(min_value=0, max_value=12), max_size=8))
def test_a_numbered_run_is_one_to_n_in_order(numbers: list[int]) -> None:
    headings = [parse_page(f"<h3>{n}. Topic</h3>").root.find(".//h3") for n in numbers]
    run = numbered_run(headings)
    assert run is None or (len(run) >= 3 and numbers == list(range(1, len(numbers) + 1)))
