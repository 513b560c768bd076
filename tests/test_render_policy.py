"""When `--render auto` renders a page: the rules of `render_policy`, on small
pages and on the course corpus beside the checkout. Nothing here starts a browser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clipper.acquire import extract_page
from clipper.errors import ExtractionError
from clipper.models import Page
from clipper.render_policy import render_reason

SHARED = Path(__file__).resolve().parents[2] / "shared"

PROSE = " ".join(["Les archives municipales ouvrent leurs fonds au public chaque samedi."] * 30)


def reason(html: str) -> str | None:
    page = Page(url="https://example.org/page", html=html)
    try:
        extraction = extract_page(page)
    except ExtractionError:
        extraction = None
    return render_reason(page, extraction)


def test_a_page_without_scripts_is_never_rendered():
    assert reason("<html><body><div id='root'></div></body></html>") is None


def test_an_empty_application_root_with_scripts_is_rendered():
    assert reason("<html><body><div id='__next'></div><script src='/app.js'></script></body></html>")


def test_a_noscript_asking_for_javascript_on_a_thin_page_is_rendered():
    html = "<html><body><noscript>Please enable JavaScript to use this site.</noscript><h1>Bienvenue</h1>"
    html += "<p>" + " ".join(["Un mot"] * 30) + "</p><script>init()</script></body></html>"
    assert reason(html) == "it asks for JavaScript"


def test_a_page_that_says_plenty_as_served_is_not_rendered_for_its_noscript_or_widget_root():
    html = f"<html><body><article><h1>Archives</h1><p>{PROSE}</p></article><div id='app'></div>"
    html += (
        "<noscript>Please enable JavaScript to view the comments.</noscript><script>comments()</script></body></html>"
    )
    assert reason(html) is None


@given(st.text(max_size=300))
def test_any_markup_gets_an_answer(text):
    for html in (text, f"<html><body><div id='root'>{text}</div><script>x()</script></body></html>"):
        assert reason(html) in (None, *REASONS)


REASONS = (
    "the static page has (nearly) no content",
    "its application root is empty",
    "it asks for JavaScript",
    "its schedule container is empty",
)


@pytest.mark.skipif(not (SHARED / "course-pages" / "gold.json").exists(), reason="needs ../shared/course-pages")
def test_auto_renders_exactly_the_course_pages_whose_schedule_is_built_by_javascript():
    gold = json.loads((SHARED / "course-pages" / "gold.json").read_text(encoding="utf-8"))
    built_by_script = {entry["file"] for entry in gold if "filled by JavaScript" in _builder_row(entry["file"])}
    flagged = set()
    for entry in gold:
        html = (SHARED / "course-pages" / entry["file"]).read_text(encoding="utf-8", errors="replace")
        if reason(html) == "its schedule container is empty":
            flagged.add(entry["file"])
    assert built_by_script == {"stanford-cs221-aut2019.html", "en-shiv-nadar-math-seminar.html"}
    assert flagged == built_by_script


def _builder_row(name: str) -> str:
    readme = (SHARED / "course-pages" / "README.md").read_text(encoding="utf-8")
    return next((line for line in readme.splitlines() if line.startswith(f"| {name} ")), "")
