"""The sections of a course page: its labels and their regions (the main content they
are read in comes from `course_page.main_content`).

A *label* is whatever a reader takes for a section title: an `<h1>`–`<h6>`, an
element styled as a header (`class="header"`), a bold line standing alone, or a
bold run-in label opening a paragraph (`<b>Instructors:</b> Jane Doe`). Its
*role* (description, people, schedule, excluded) comes from the vocabulary in
`course_vocab`. A label's *region* is what follows it in reading order up to the
next label of the same or a higher rank, crossing the wrapper `<div>`s that
page templates put around headings.

Everything here reads an lxml tree and changes nothing in it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from lxml.html import HtmlElement

from clipper.extract.course_lines import (  # the page's lines, re-exported for the section readers
    BLOCK_TAGS as BLOCK_TAGS,
)
from clipper.extract.course_lines import (
    document_order as document_order,
)
from clipper.extract.course_lines import (
    head_text as head_text,
)
from clipper.extract.course_lines import (
    is_inside as is_inside,
)
from clipper.extract.course_lines import (
    is_inside_any as is_inside_any,
)
from clipper.extract.course_lines import (
    lines_of as lines_of,
)
from clipper.extract.course_lines import (
    paragraphs as paragraphs,
)
from clipper.extract.course_vocab import (
    DESCRIPTION_WORDS,
    EXACT_ONLY_WORDS,
    EXCLUDED_WORDS,
    OBJECTIVE_WORDS,
    PEOPLE_WORDS,
    SCHEDULE_WORDS,
    STRONG_DESCRIPTION_WORDS,
)
from clipper.extract.text import collapse, elements, is_element, text_of
from clipper.extract.vocabulary import HEADING_TAGS as HEADING_TAGS  # re-exported for the section readers

_ROLE_WORDS = {
    "description": DESCRIPTION_WORDS,
    "people": PEOPLE_WORDS,
    "schedule": SCHEDULE_WORDS,
    "excluded": EXCLUDED_WORDS,
}
MAX_LABEL_CHARS = 70
_HEADER_CLASSES = frozenset({"header", "heading", "section-title", "subheader"})
MAX_LABEL_WORDS = 8
MIN_LABEL_COVERAGE = 0.5
MAX_HEADED_LABEL_WORDS = 3


# --- labels ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    element: HtmlElement
    text: str
    level: int
    """1–6 for headings, 3 for header-styled elements, 7 for a bold line, 8 run-in."""
    role: str | None
    run_in: bool = False


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def fold(text: str) -> str:
    """Lower case without accents ("Séances" -> "seances"); CJK and Hangul unchanged."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFD", text.lower())
    return unicodedata.normalize("NFC", "".join(char for char in decomposed if not unicodedata.combining(char)))


def phrase_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the phrases, in folded text: whole words for alphabetic scripts; anywhere for CJK,
    which writes no spaces."""
    phrases = sorted({fold(word) for word in words}, key=len, reverse=True)
    alphabetic = [re.escape(phrase) for phrase in phrases if not _CJK.search(phrase)]
    cjk = [re.escape(phrase) for phrase in phrases if _CJK.search(phrase)]
    pattern = r"(?<!\w)(?:" + "|".join(alphabetic) + r")(?!\w)"
    return re.compile(pattern + ("|" + "|".join(cjk) if cjk else ""))


_ROLE_PATTERNS = {role: phrase_pattern(words) for role, words in _ROLE_WORDS.items()}
_STRONG_DESCRIPTION = phrase_pattern(STRONG_DESCRIPTION_WORDS)
_OBJECTIVES = phrase_pattern(OBJECTIVE_WORDS)
_EXACT_ONLY = frozenset(fold(word) for word in EXACT_ONLY_WORDS)


_NUMBERING = re.compile(r"^(?:(?:chapitre|chapter|kapitel|cap[íi]tulo|capitolo|part|partie|teil)\s+)?[\d.]+\s*|\b\d+\b")


def label_words(text: str) -> str:
    """A label as compared with the vocabulary: folded, no punctuation, emoji or numbering."""
    words = collapse(re.sub(r"[^\w\s'’/&-]", " ", fold(text)).replace("_", " "))
    return collapse(_NUMBERING.sub(" ", words))


def _coverage(label: str, phrase: str) -> float:
    if _CJK.search(phrase):
        return len(phrase) / max(1, len(label.replace(" ", "")))
    return len(phrase.split()) / max(1, len(label.split()))


def _accepts(label: str, found: re.Match[str], original: str = "", role: str = "") -> bool:
    """A label names a role when the vocabulary phrase is most of it, or heads or ends a short label;
    a word like "about", "team" or "dates" only when it is the whole label."""
    phrase = found.group()
    if phrase == label:
        return True
    if phrase in _EXACT_ONLY:
        return False
    if role == "people" and found.start() == 0 and _capitalised_rest(label, found, original):
        return False  # "Tutor Doctor", "Teacher Training Award": a name follows the role word
    if _coverage(label, phrase) >= MIN_LABEL_COVERAGE:
        return True
    short = len(label.split()) <= MAX_HEADED_LABEL_WORDS
    if not short:
        return False
    if found.end() == len(label):
        return True
    # "Profesores del curso" heads its label; in "Planning And Concept", capitalised words follow
    return found.start() == 0 and not _capitalised_rest(label, found, original)


def _capitalised_rest(label: str, found: re.Match[str], original: str) -> bool:
    """Whether the words after the vocabulary phrase are capitalised in the page's own text."""
    rest = original[len(original) - len(label[found.end() :]) :] if original else ""
    return any(word[:1].isupper() for word in rest.split())


@lru_cache(maxsize=4096)
def label_role(text: str) -> str | None:
    """The role a label names, by the vocabulary word that comes first in it."""
    words = label_words(text)
    if not words or len(words.split()) > MAX_LABEL_WORDS:
        return None
    best: tuple[int, int, str] | None = None
    for role, pattern in _ROLE_PATTERNS.items():
        for found in pattern.finditer(words):
            if _accepts(words, found, collapse(text), role):
                if best is None or (found.start(), -len(found.group())) < best[:2]:
                    best = (found.start(), -len(found.group()), role)
                break
    return best[2] if best else None


def description_strength(text: str) -> int:
    """2 for a description's own label ("Course description"), 0 for learning objectives
    ("Lernziele", "到達目標": the description only when nothing else is), 1 for the rest."""
    words = label_words(text)
    if _STRONG_DESCRIPTION.search(words):
        return 2
    return 0 if _OBJECTIVES.search(words) else 1


def find_labels(body: HtmlElement) -> list[Label]:
    """Every label in reading order."""
    labels = []
    for element in elements(body):
        label = _as_label(element)
        if label is not None:
            labels.append(label)
    return labels


_LABEL_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "span", "div", "p", "b", "strong"})


def quick_roles(body: HtmlElement) -> set[str]:
    """The roles named by the page's headings and bold labels (a cheap look, for detection)."""
    roles = set()
    for element in body.iter(*HEADING_TAGS, "b", "strong"):
        text = text_of(element) if len(element) < MAX_QUICK_CHILDREN else ""
        if text and len(text) <= MAX_LABEL_CHARS:
            role = label_role(text)
            if role and (role != "description" or description_strength(text) > 1):
                roles.add(role)
    return roles


MAX_QUICK_CHILDREN = 8


def _as_label(element: HtmlElement) -> Label | None:
    """`element` as a label of the page's outline (a heading, a heading-styled block,
    a bold line opener), or None when it labels nothing."""
    if element.tag not in _LABEL_TAGS:
        return None
    if element.tag in ("span", "div", "p") and not _header_styled(element):
        return None
    text = text_of(element)
    if not text or len(text) > MAX_LABEL_CHARS:
        return None
    if element.tag in HEADING_TAGS:
        text = _without_permalink(element, text)
        return Label(element, text, int(element.tag[1]), label_role(text))
    if element.tag in ("span", "div", "p"):
        return _styled_block_label(element, text)
    if element.tag in ("b", "strong") and _opens_block(element):
        return _bold_label(element, text)
    return None


_PERMALINK_GLYPHS = frozenset({"¶", "#", "§", "🔗", "⚓"})


def _without_permalink(heading: HtmlElement, text: str) -> str:
    """A heading's text without the permalink anchor site builders end it with (Sphinx's and
    MkDocs' "¶", Jupyter Book's and Hugo's "#": `<a class="headerlink" href="#id">¶</a>`); a
    "#" the heading's own words end with ("C#") stays."""
    last = heading[-1] if len(heading) else None
    if last is None or last.tag != "a" or collapse(last.tail) or not (last.get("href") or "").startswith("#"):
        return text
    glyph = text_of(last).replace("\u200b", "").strip()
    return collapse(text[: len(text) - len(text_of(last))]) if glyph in _PERMALINK_GLYPHS else text


def _styled_block_label(element: HtmlElement, text: str) -> Label | None:
    """A heading-styled block ranks as an `<h3>`, unless it wraps a real top heading."""
    if element.find(".//h1") is not None or element.find(".//h2") is not None:
        return None
    return Label(element, text, 3, label_role(text))


def _bold_label(element: HtmlElement, text: str) -> Label:
    """A bold line opener: a run-in label (rank 8) when text follows on its line, else a line of its own (7)."""
    run_in = bool(collapse(element.tail)) or _next_is_inline(element)
    return Label(element, text.rstrip(":： "), 8 if run_in else 7, label_role(text), run_in)


def _header_styled(element: HtmlElement) -> bool:
    """Whether a `<div>`, `<p>` or `<span>` carries a class naming it a heading (one of
    `_HEADER_CLASSES`): a label of rank 3, as an `<h3>` would be."""
    return bool(_HEADER_CLASSES & set(element.get("class", "").lower().split()))


def _opens_block(element: HtmlElement) -> bool:
    """Whether a bold element starts its line: first in its block, or right after a `<br>`."""
    parent = element.getparent()
    if parent is None or parent.tag in ("a", "li", "dt"):
        return False
    previous = element.getprevious()
    if previous is None:
        return not collapse(parent.text)
    return (previous.tag == "br" or previous.tag in BLOCK_TAGS) and not collapse(previous.tail)


def _next_is_inline(element: HtmlElement) -> bool:
    following = element.getnext()
    return following is not None and following.tag in ("a", "em", "i", "span")


# --- regions ---------------------------------------------------------------------------------


def region_of(label: Label, ranks: dict[HtmlElement, int], body: HtmlElement) -> list[HtmlElement]:
    """The elements that follow `label` up to the next label of the same or higher rank."""
    if label.run_in:
        return [label.element.getparent()]
    region: list[HtmlElement] = []
    node = label.element
    while node is not None and node is not body:
        for sibling in node.itersiblings():
            if not is_element(sibling):
                continue
            if _holds_boundary(sibling, label.level, ranks):
                return region
            region.append(sibling)
        node = node.getparent()
    return region


def _holds_boundary(element: HtmlElement, level: int, ranks: dict[HtmlElement, int]) -> bool:
    return any(ranks.get(node, 99) <= level for node in element.iter())


def run_in_text(label: Label) -> str:
    """The words after a run-in label, up to the next label in the same block."""
    pieces = [collapse(label.element.tail)]
    for sibling in label.element.itersiblings():
        if sibling.tag in ("b", "strong") and _opens_block(sibling):
            break
        pieces.append("\n" if sibling.tag == "br" else collapse(sibling.text_content()))
        pieces.append(collapse(sibling.tail))
    text = " ".join(pieces).lstrip(" :：\n\t")
    chunks = re.split(r"\n\s*\n", text)
    return "\n".join(collapse(chunk) for chunk in chunks if collapse(chunk))


def iter_region(region: list[HtmlElement]) -> Iterator[HtmlElement]:
    """Every element of a region, in reading order."""
    for top in region:
        yield from elements(top)
