"""People and breaks the way new pages write them: a label after a sentence in the same paragraph
("… in Room 301. Organisateurs : A, B."), a full-width colon ("主讲教师：李华、张伟"), a title's dot
inside "taught by" prose ("gehalten von Prof. Dr. A und Dr. B"), "and" in es/it/pt/nl between two
names ("A y B"), a speaker line with the affiliation in parentheses, break items in week lists, degrees
after a name, name-then-role blocks without a label, and a conference programme (not a course)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from clipper.extract.course import looks_like_course

FIRST = ("Luis", "Ana", "Marta", "Pieter", "Giulia", "João")
LAST = ("Fernández", "Torres", "Jansen", "Rossi", "Silva", "de Vries")


def test_two_names_joined_by_a_conjunction_are_two_people():
    from clipper.extract.course_names import split_names

    assert split_names("Carmen García, Luis Fernández y Ana Torres") == [
        "Carmen García",
        "Luis Fernández",
        "Ana Torres",
    ]
    assert split_names("Pieter de Vries en Sanne Jansen") == ["Pieter de Vries", "Sanne Jansen"]
    assert split_names("José Ortega y Gasset") == ["José Ortega y Gasset"]  # the particle of one name


@given(
    st.sampled_from(FIRST),
    st.sampled_from(LAST),
    st.sampled_from(FIRST),
    st.sampled_from(LAST),
    st.sampled_from((" y ", " e ", " en ")),
)
def test_any_two_full_names_around_a_conjunction_are_split(first1, last1, first2, last2, conjunction):
    from clipper.extract.course_names import split_names

    one, two = f"{first1} {last1}", f"{first2} {last2}"
    assert split_names(one + conjunction + two) == [one, two]


def test_a_label_after_a_sentence_names_people_up_to_its_own_sentence_end():
    from clipper.extract.course_people import labelled_values

    line = "Le séminaire a lieu en salle 15-16.201. Organisateurs : Élise Laurent, Thomas Petit. Bienvenue !"
    assert labelled_values(line) == [("Organisateurs", "Élise Laurent, Thomas Petit")]
    assert labelled_values("主讲教师：李华、张伟") == [("主讲教师", "李华、张伟")]
    assert labelled_values("TA: Jane A. Smith") == [("TA", "Jane A. Smith")]  # an initial's dot ends nothing
    assert labelled_values("We meet weekly. Faculty advisor: Prof. Karen Liu. Organizers: Tom Hart and Mina Cho.") == [
        ("Faculty advisor", "Prof Karen Liu"),
        ("Organizers", "Tom Hart and Mina Cho."),
    ]


@given(st.text(alphabet=st.sampled_from("Ab .:：。,;1/|"), max_size=40))
def test_labelled_values_are_pieces_of_the_line(line):
    from clipper.extract.course_people import labelled_values

    for key, value in labelled_values(line):
        assert key and value and key in line and value in line


def test_titles_with_dots_do_not_end_taught_by_prose():
    from tests.test_course import fixture

    extraction = fixture("de-gehalten-von")
    assert [(p.name, p.role) for p in extraction.instructors][:2] == [
        ("Anna Schmidt", "instructor"),
        ("Markus Weber", "instructor"),
    ]


def test_break_items_of_week_lists_are_not_sessions_in_any_language():
    from tests.test_course import fixture

    for name, weeks in (
        ("docusaurus-week-break", ["Week 1", "Week 2", "Week 3", "Week 5"]),
        ("ko-label-lines-weeks", ["1주차", "2주차", "4주차"]),
    ):
        assert [session.date_text for session in fixture(name).schedule] == weeks


def test_degrees_after_a_name_are_not_part_of_it():
    from clipper.extract.course_names import strip_honorifics

    assert strip_honorifics("Miriam Vogel, M.Sc.") == "Miriam Vogel"
    assert strip_honorifics("Jane Doe, Ph.D.") == "Jane Doe"
    assert strip_honorifics("Jane Doe") == "Jane Doe"


def test_a_speaker_and_affiliation_before_the_title_are_the_speaker():
    from clipper.extract.course_blocks import split_byline

    assert split_byline("Davide Romano (Università di Pisa): Teoria dei modelli") == (
        "Teoria dei modelli",
        ["Davide Romano"],
    )
    assert split_byline("Lecture 3 (slides): Sorting") == ("Lecture 3 (slides): Sorting", [])


def test_one_name_then_role_block_alone_names_no_one_two_siblings_do():
    from clipper.extract.course_people import name_role_blocks
    from clipper.extract.parse import parse_page

    one = "<div><div><b>Jane Doe</b><br>Instructor</div></div>"
    two = "<div><div><b>Jane Doe</b><br>Instructor</div><div><b>John Roe</b><br>Teaching Assistant</div></div>"

    def people(html: str) -> list[tuple[str, str | None]]:
        body = parse_page(f"<html><body>{html}</body></html>", "https://example.edu/").root.find("body")
        return [(person.name, person.role) for person in name_role_blocks(body)]

    assert people(one) == []
    assert people(two) == [("Jane Doe", "instructor"), ("John Roe", "teaching assistant")]


def test_a_programme_with_keynotes_and_coffee_breaks_is_no_course_in_any_language():
    from clipper.extract.parse import parse_page

    rows = {
        "en": ("Keynote: Graph transformers", "Coffee break"),
        "fr": ("Conférence : appel à communications", "Pause café"),
        "ja": ("基調講演", "プログラム委員会"),
    }
    for language, (first, second) in rows.items():
        html = (
            f"<html lang='{language}'><head><title>Workshop on Graphs 2026</title></head><body><main>"
            "<h1>Workshop Programme</h1><h2>Organizing committee</h2><ul><li>Peter Holm</li><li>Sara Quinn</li></ul>"
            f"<table><tr><th>Time</th><th>Session</th></tr><tr><td>09:00</td><td>{first}</td></tr>"
            f"<tr><td>10:30</td><td>{second}</td></tr></table></main></body></html>"
        )
        assert not looks_like_course(parse_page(html, "https://conf.example.org/program")), language


def test_several_labels_on_one_line_each_name_their_people():
    from tests.test_course import fixture

    people = [(person.name, person.role) for person in fixture("ko-two-labels-one-line").instructors]
    assert people == [("이정민", "instructor"), ("윤서연", "teaching assistant")]


@given(
    st.integers(min_value=1, max_value=99),
    st.sampled_from(("第{}回", "第{}讲", "第 {} 周", "{}회차", "{}주차", "Week {}")),
)
def test_session_labels_of_any_number_open_a_line(number, label):
    from clipper.extract.course_vocab import WEEK_LABEL

    assert WEEK_LABEL.match(label.format(number) + "：topic")


def test_two_talks_on_one_printed_date_are_one_session_with_both():
    from tests.test_course import fixture

    first = fixture("es-rowspan-two-talks").schedule[0]
    assert first.titles == ("Modelos mixtos", "Inferencia causal")
    assert first.speakers == ("Jorge Navarro", "Elena Vidal")


def test_break_cards_are_not_sessions_and_a_speaker_is_read_once():
    from tests.test_course import fixture

    schedule = fixture("en-cards-spring-break").schedule
    assert [session.date_text for session in schedule] == ["March 6, 2026", "March 20, 2026", "March 27, 2026"]
    assert [session.speakers for session in schedule][0] == ("Maya Gupta (NYU)",)
    assert len(fixture("fr-cartes-vacances").schedule) == 3


def test_a_speaker_before_the_title_is_read_only_where_the_list_writes_every_talk_so():
    from clipper.extract.course_blocks import speakers_lead_titles

    seminar = ["Davide Romano (Università di Pisa): Teoria", "Sara Colombo (Politecnico di Milano): Insiemi"]
    assert speakers_lead_titles(seminar)
    course = ["Introduction", "Linear Regression (Part I): least squares", "Linear Regression (Part II): ridge"]
    assert not speakers_lead_titles(course)  # a topic's subtitle, not a speaker's affiliation
    assert not speakers_lead_titles(["Introduction", "Deep Learning (Guest Lecture): Transformers", "Review"])


def test_several_labels_on_one_line_cut_at_commas_name_each_role() -> None:
    from clipper.extract.course_people import labelled_values

    for line, expected in (
        ("Instructor: Jane Doe, TAs: Bob Roe, Ann Lee", [("Instructor", "Jane Doe"), ("TAs", "Bob Roe, Ann Lee")]),
        ("担当：鈴木 一郎 准教授、TA：伊藤 翔", [("担当", "鈴木 一郎 准教授"), ("TA", "伊藤 翔")]),
        (
            "Professeur : Anne Petit ; chargé de TD : Luc Roy",
            [("Professeur", "Anne Petit"), ("chargé de TD", "Luc Roy")],
        ),
    ):
        assert labelled_values(line) == expected


def test_a_comma_inside_a_label_is_the_labels_own() -> None:
    from clipper.extract.course import extract_course
    from clipper.extract.course_people import labelled_values
    from clipper.extract.parse import parse_page

    assert labelled_values("Instructor, Fall 2024: Jane Doe") == [("Instructor, Fall 2024", "Jane Doe")]
    html = (
        "<html><head><title>CS 101: Intro to Programming</title></head><body><main><h1>CS 101</h1>"
        "<p>This course introduces programming in Python to beginners, with weekly labs.</p>"
        "<p>Teaching assistants, section 2: Mark Twain, Ada Lovelace</p></main></body></html>"
    )
    people = extract_course(parse_page(html, "https://example.edu/cs101/")).instructors
    assert [(person.name, person.role) for person in people] == [
        ("Mark Twain", "teaching assistant"),
        ("Ada Lovelace", "teaching assistant"),
    ]
