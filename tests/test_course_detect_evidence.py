"""Two pieces of course evidence a page without section labels still gives, on small pages of
our own: the teaching documents it links by a course material's name (lecture slides, a
script, exercise sheets as files), and its term in a school's own words among its first
headings and paragraphs. Each alone is not enough: a talk post links its slides, a news page
prints an academic year; a shop's "Slides" are pages, and a bare "Winter 2026" is no term."""

from __future__ import annotations

from clipper.extract.course import looks_like_course
from clipper.extract.parse import parse_page

PROSE = (
    "<p>The afternoon brought a long discussion of the results, which several listeners found surprising given"
    " the size of the sample and the short time the measurements had taken.</p>"
)


def page(body: str, title: str = "Notes") -> str:
    return f"<html><head><title>{title}</title></head><body><main>{body}</main></body></html>"


def slides(*names: str) -> str:
    return (
        "<ul>" + "".join(f'<li><a href="files/{name}.pdf">Lecture slides ({name})</a></li>' for name in names) + "</ul>"
    )


def is_course(html: str) -> bool:
    return looks_like_course(parse_page(html, "https://example.org/page/"))


def test_a_semester_and_two_lecture_documents_make_a_course_page_in_english() -> None:
    html = page("<h1>Numerical Analysis</h1><h3>Spring Semester 2025</h3>" + PROSE + slides("week-1", "week-2"))
    assert is_course(html)


def test_lecture_documents_alone_are_not_a_course() -> None:
    """A talk post links the slides of its two talks."""
    assert not is_course(page("<h1>Two talks at the meetup</h1>" + PROSE + slides("talk-1", "talk-2")))


def test_a_school_term_alone_is_not_a_course() -> None:
    """A news page about tuition prints the academic year."""
    assert not is_course(page("<h1>What college costs</h1><p>Academic Year 2024-25</p>" + PROSE))


def test_a_bare_season_is_no_term_but_a_semester_is() -> None:
    documents = PROSE + slides("part-1", "part-2")
    assert not is_course(page("<h1>Algebra notes</h1><p>Winter 2026 issue</p>" + documents))
    assert is_course(page("<h1>Algebra notes</h1><p>Wintersemester 2025/26</p>" + documents))


def test_material_names_on_links_to_pages_are_no_teaching_documents() -> None:
    """A shop's "Fridge Slides" and a company's "Labs" link pages, not files."""
    products = "".join(
        f'<li><a href="/product/{name}">{name.title()} Slides</a></li>' for name in ("fridge", "drop", "power")
    )
    html = page(f"<h1>Outdoor gear</h1><p>Spring semester 2025 sale</p><ul>{products}</ul>" + PROSE)
    assert not is_course(html)


def test_a_japanese_quarter_and_slides_make_a_course_page() -> None:
    body = "<h2>統計学</h2><p>2025年度 第2クォータ</p>" + "".join(
        f'<h3>{n}. 第{n}回</h3><a href="slides/{n}.pdf">講義スライド (PDF)</a>' for n in (1, 2, 3)
    )
    assert is_course(page(body, "統計学 - 山田 花子"))
    assert not is_course(page(body.replace("2025年度 第2クォータ", "経済学部"), "統計学 - 山田 花子"))
