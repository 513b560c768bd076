"""Role headings inside a staff section: a page with a "Staff" heading, then "Instructor" and
"Teaching Assistants" headings, then one block per person. Whatever shape the people take
(photo cards, a name heading each, a paragraph, a list item, a table row), the role heading
nearer to a person than the section's own label is their role: the TAs are never listed as
instructors, and every shape reads the same people with the same roles."""

from __future__ import annotations

import pytest

from clipper.extract import extract_html

URL = "https://robots.example.edu/2025/staff.html"
STAFF = (
    ("Ana Costa", "https://ana.example.org/", "ana@example.edu", "Tuesday 10:00–11:00 (Zoom or room 12)"),
    ("Ben Okafor", "https://ben.example.org/", "ben@example.edu", "Wednesday 14:00–15:00 (the lab)"),
    ("Chen Wei", "https://chen.example.org/", "chen@example.edu", "Friday 9:00–10:00 (room 7)"),
)


def _card(name: str, url: str, mail: str, hours: str) -> str:
    slug = name.split()[0].lower()
    linked = hours.replace("(", '(<a href="https://zoom.example.org/">online</a> or ')
    return (
        f'<div class="member"><img src="/2025/img/{slug}.jpg" alt="" width="120px"><div>'
        f'<h3><a href="{url}">{name}</a></h3><p><a href="mailto:{mail}">{mail}</a></p>'
        f"<p>Office hour: {linked}</p></div></div>"
    )


def _heading(name: str, url: str, mail: str, hours: str) -> str:
    return f'<div class="member"><h3><a href="{url}">{name}</a></h3><p>{mail}</p><p>Office hour: {hours}</p></div>'


def _paragraph(name: str, url: str, mail: str, hours: str) -> str:
    return f'<p><a href="{url}">{name}</a><br>{mail}</p>'


def _item(name: str, url: str, mail: str, hours: str) -> str:
    return f'<ul><li><a href="{url}">{name}</a></li></ul>'


def _row(name: str, url: str, mail: str, hours: str) -> str:
    return f'<table><tr><td><a href="{url}">{name}</a></td><td>{mail}</td></tr></table>'


SHAPES = {"photo cards": _card, "name headings": _heading, "paragraphs": _paragraph, "list items": _item}
SHAPES["table rows"] = _row


def staff_page(shape: str) -> str:
    person = SHAPES[shape]
    instructor, *assistants = STAFF
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Staff | CS 4410 Robot Learning, Fall 2025</title></head><body>
<nav><a href="/2025/">About</a> <a href="/2025/schedule.html">Schedule</a> <a href="/2025/staff.html">Staff</a></nav>
<main><h1>Staff</h1>
<h2>Instructor</h2>
{person(*instructor)}
<h2>Teaching Assistants</h2>
{"".join(person(*assistant) for assistant in assistants)}
</main></body></html>"""


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_role_headings_under_a_staff_heading_name_each_persons_role(shape):
    extraction = extract_html(staff_page(shape), URL)
    assert extraction.kind == "course"
    assert [(p.name, p.role) for p in extraction.instructors] == [
        ("Ana Costa", "instructor"),
        ("Ben Okafor", "teaching assistant"),
        ("Chen Wei", "teaching assistant"),
    ]
    assert [p.url for p in extraction.instructors] == [url for _, url, _, _ in STAFF]
    # the role as the page words it, never a piece of the office-hour sentence a link breaks up
    assert [p.role_text for p in extraction.instructors] == ["Instructor", "Teaching Assistant", "Teaching Assistant"]


def test_a_photo_resolved_to_a_file_address_is_still_a_photo():
    """A browser rendering a saved page resolves its images to `file:` addresses: the cards stay cards."""
    saved = staff_page("photo cards").replace('src="/2025/img/', 'src="file:///home/me/saved/2025/img/')
    extraction = extract_html(saved, "file:///home/me/saved/staff.html")
    assert "instructors-cards" in extraction.strategy
    assert [p.photo for p in extraction.instructors] == [
        f"file:///home/me/saved/2025/img/{name.split()[0].lower()}.jpg" for name, *_ in STAFF
    ]
    assert [p.role for p in extraction.instructors] == ["instructor", "teaching assistant", "teaching assistant"]
