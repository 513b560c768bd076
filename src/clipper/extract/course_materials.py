"""A course's own teaching documents: the files a page links by a course material's name
("Lecture slides (PDF)", "Skriptum zur Vorlesung", "講義スライド"; `COURSEWORK_WORDS` in the
ten languages). Files only — PDF, slides, notebooks, documents — not pages, so that a shop's
"Fridge Slides" or a company's "Labs" are none.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from lxml.html import HtmlElement

from clipper.extract.course_sections import fold, phrase_pattern
from clipper.extract.course_vocab import COURSEWORK_WORDS
from clipper.extract.text import text_of

_MATERIAL = phrase_pattern(COURSEWORK_WORDS)
_DOCUMENT = re.compile(r"\.(?:pdf|pptx?|key|odp|ipynb|docx?|odt|tex)(?:[?#].*)?$", re.IGNORECASE)
MAX_MATERIAL_CHARS = 80
MAX_LINKS_LOOKED_AT = 400


def teaching_documents(elements: Iterable[HtmlElement]) -> set[str]:
    """The addresses of the teaching documents the elements link (the first links looked at only)."""
    found: set[str] = set()
    links = (link for element in elements for link in element.iter("a"))
    for link in itertools.islice(links, MAX_LINKS_LOOKED_AT):
        href = (link.get("href") or "").strip()
        if not _DOCUMENT.search(href):
            continue
        text = text_of(link)
        if len(text) <= MAX_MATERIAL_CHARS and _MATERIAL.search(fold(text)):
            found.add(href)
    return found
