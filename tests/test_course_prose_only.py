"""Teachers named only in a sentence ("… taught by Prof. A", "enseigné par A et B") weigh less
as evidence of a course page than teachers in a staff list, a label or a card: a TA's blog post
and a university's news item about a course name them so too. A course page that says nothing
else still passes on its code, term or schedule."""

from __future__ import annotations

from clipper.extract.course import extract_course, looks_like_course
from clipper.extract.parse import parse_page

BLOG = """<html><head><title>What I learned teaching CS 229 this spring</title></head><body><article>
<h1>What I learned teaching CS 229 this spring</h1><p>By Kevin Moore · June 3, 2025</p>
<p>This spring I was one of twelve assistants for CS 229, taught by Prof. Andrew Lee. The course met
twice a week, and I held my own hours on Thursdays.</p>
<h2>Queues are a product</h2><p>Students came with the same three questions every week.</p>
</article></body></html>"""

NEWS = """<html><head><title>Un nouveau cours d'intelligence artificielle ouvre à la rentrée</title></head>
<body><main><p>Publié le 12 juin 2025</p><h1>Un nouveau cours d'intelligence artificielle ouvre à la rentrée</h1>
<p>À partir de septembre, les étudiants de licence pourront suivre un cours d'introduction à
l'intelligence artificielle, enseigné par Sophie Marchand et Karim Benali.</p>
<p>Le cours comptera douze séances et sera ouvert à toutes les filières.</p></main></body></html>"""


def test_a_post_about_a_course_naming_its_teacher_in_a_sentence_is_no_course() -> None:
    assert not looks_like_course(parse_page(BLOG, "https://blog.example.org/cs229-spring/"))
    assert not looks_like_course(parse_page(NEWS, "https://www.example.fr/actualites/nouveau-cours-ia"))


def test_the_same_teachers_in_a_staff_list_still_make_a_course() -> None:
    html = NEWS.replace(
        "<p>Le cours", "<h2>Enseignants</h2><ul><li>Sophie Marchand</li><li>Karim Benali</li></ul><p>Le cours"
    )
    page = parse_page(html, "https://www.example.fr/cours/ia")
    assert looks_like_course(page)
    assert [person.name for person in extract_course(page).instructors] == ["Sophie Marchand", "Karim Benali"]


def test_a_course_page_taught_by_a_sentence_passes_on_its_code_and_term() -> None:
    html = """<html><head><title>CS 101: Introduction to Programming (Fall 2025)</title></head><body><main>
    <h1>CS 101: Introduction to Programming</h1><p>The course is taught by Maria Lopez and Tom Hale.</p>
    </main></body></html>"""
    page = parse_page(html, "https://example.edu/cs101/")
    assert looks_like_course(page)
    assert [person.name for person in extract_course(page).instructors] == ["Maria Lopez", "Tom Hale"]
