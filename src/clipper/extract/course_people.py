"""Who teaches: the instructors, TAs and organisers of a course page.

Three shapes are read, in reading order, and merged by name:

- photo cards in a people section: repeated blocks each holding one photo and a
  short name-like line (`PersonCard`, rendered photo-then-name in the note);
- key/value staff: a table row, `<dt>`, list item or run-in bold label whose key
  names a role ("Instructors", "LVA Leiter", "Enseignants") and whose value
  holds the names;
- plain lists of names under a people heading.

Names are kept exactly as printed; a role comes from the card itself or from
the nearest label above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.html import HtmlElement

from clipper.extract.course_sections import (
    Label,
    iter_region,
    label_role,
    lines_of,
    run_in_text,
)
from clipper.extract.course_vocab import HONORIFICS, NAME_PARTICLES, NOT_NAME_WORDS, ROLE_WORDS
from clipper.extract.text import collapse, is_element, text_of
from clipper.markdown import absolute_link, image_source, is_placeholder
from clipper.models import Person

MAX_CARD_CHARS = 400
MAX_ROLE_WORDS = 6
_GENERIC_PEOPLE_LABELS = frozenset(
    {"team", "staff", "people", "course staff", "équipe", "the team", "our team", "who we are"}
)
_SEPARATORS = re.compile(r"\s*(?:,|;|/|\band\b|&|\bund\b|\bet\b|\n)\s*")
_PARENTHESIS = re.compile(r"\(([^)]*)\)")
_EMAIL = re.compile(r"\S+@\S+|\S+\s+(?:AT|at)\s+\S+\.(?:edu|com|org|fr|de|at)\S*")


@dataclass(frozen=True)
class PersonCard:
    """A person shown as a photo card, and the element that shows them."""

    person: Person
    element: HtmlElement
    own_role: bool


@dataclass(frozen=True)
class People:
    persons: tuple[Person, ...]
    cards: tuple[PersonCard, ...]


def is_name(text: str, min_words: int = 2) -> bool:
    """Whether `text` reads as a person's name ("Marcus Pålsson", "Benedikt P. Stroebl")."""
    text = collapse(text)
    if not 2 <= len(text) <= 50 or "@" in text or any(char.isdigit() for char in text):
        return False
    words = text.split()
    if len(words) > 5:
        return False
    capitalised = 0
    for word in words:
        bare = word.strip(".,:;()'’\"-")
        if not bare:
            return False
        if bare.lower() in NOT_NAME_WORDS:
            return False
        if bare in NAME_PARTICLES:
            continue
        if not bare[0].isupper() or not any(char.isalpha() for char in bare):
            return False
        if len(bare) > 1 and bare.isupper() and len(words) == 1:
            return False
        capitalised += 1
    return capitalised >= min_words


def _role_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    found = []
    for role, words in ROLE_WORDS:
        alphabetic = [re.escape(word) for word in words if word.isascii() or word.replace(" ", "").isalpha()]
        cjk = [re.escape(word) for word in words if _CJK.search(word)]
        alphabetic = [word for word in alphabetic if not _CJK.search(word)]
        pattern = r"(?<!\w)(?:" + "|".join(sorted(alphabetic, key=len, reverse=True)) + r")(?!\w)"
        found.append((role, re.compile(pattern + ("|" + "|".join(cjk) if cjk else ""), re.IGNORECASE)))
    return tuple(found)


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_ROLES = _role_patterns()


def normalise_role(wording: str | None) -> str | None:
    """ "instructor", "teaching assistant", "organiser", "advisor" or "speaker" for the page's wording."""
    if not wording:
        return None
    for role, pattern in _ROLES:
        if pattern.search(wording):
            return role
    return None


def make_person(
    name: str, wording: str | None, url: str | None = None, photo: str | None = None, default: str | None = None
) -> Person:
    """A person with their role normalised and kept in the page's words."""
    wording = collapse(wording).strip(" :：,;-–—") or None if wording else None
    role = normalise_role(wording) or default
    return Person(name=strip_honorifics(name), role=role, url=url, photo=photo, role_text=wording)


def strip_honorifics(name: str) -> str:
    """ "Prof. Dr. Jane Doe" -> "Jane Doe"."""
    bare = HONORIFICS.sub("", collapse(name))
    return bare if bare else collapse(name)


def role_from_label(text: str) -> str | None:
    """The role a group label names, in the singular ("TAs" -> "TA")."""
    role = collapse(text).rstrip(":： ")
    if not role or role.lower() in _GENERIC_PEOPLE_LABELS:
        return None
    words = role.split()
    if len(words) <= 2 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


def split_names(text: str, min_words: int = 2) -> list[str]:
    """The names in a value like "Danqi Chen (danqic AT cs) and Sanjeev Arora"."""
    cleaned = _EMAIL.sub(" ", _PARENTHESIS.sub(" ", text))
    pieces = (collapse(piece) for piece in _SEPARATORS.split(cleaned))
    return [piece for piece in pieces if is_name(piece, min_words)]


def find_people(
    body: HtmlElement,
    labels: list[Label],
    regions: dict[int, list[HtmlElement]],
    base_url: str | None,
) -> People:
    """Everyone the page names as teaching or organising, in reading order."""
    cards: list[PersonCard] = []
    persons: list[Person] = []
    for index, label in enumerate(labels):
        if label.role != "people" or label.run_in:
            continue
        found = _photo_cards(label, labels, regions[index], base_url)
        cards.extend(found)
        persons.extend(card.person for card in found)
        if not found:
            persons.extend(_listed_people(label, regions[index], base_url))
    persons.extend(_key_value_people(body, labels, base_url))
    return People(tuple(_unique(persons)), tuple(cards))


def _unique(persons: list[Person]) -> list[Person]:
    seen: dict[str, Person] = {}
    for person in persons:
        seen.setdefault(person.name, person)
    return list(seen.values())


# --- photo cards ----------------------------------------------------------------------------


MIN_PHOTO_WIDTH = 40
"""Narrower images (declared `width`) are icons, not photos."""


def _photo_src(img: HtmlElement, base_url: str | None) -> str | None:
    """The photo's absolute address, chosen as the converter chooses any image's
    (lazy attributes, srcset), or None for an icon or a mere placeholder."""
    src = image_source(img, base_url)
    if src is None or is_placeholder(src):
        return None
    width = img.get("width", "")
    if width.isdigit() and int(width) < MIN_PHOTO_WIDTH:
        return None
    return src


def _is_photo(img: HtmlElement) -> bool:
    """A photo whatever the page's address (a saved file's relative images count too)."""
    src = image_source(img, None)
    if src is None or is_placeholder(src):
        return False
    width = img.get("width", "")
    return not (width.isdigit() and int(width) < MIN_PHOTO_WIDTH)


def _photo_cards(
    label: Label, labels: list[Label], region: list[HtmlElement], base_url: str | None
) -> list[PersonCard]:
    photos = [img for img in iter_region(region) if img.tag == "img" and _is_photo(img)]
    if len(photos) == 0:
        return []
    photo_set = set(photos)
    tops = set(region)
    label_of = _sub_labels(label, labels, region)
    cards = []
    for img in photos:
        element = _card_around(img, photo_set, tops)
        card = _read_card(element, img, base_url, label_of.get(img))
        if card is not None:
            cards.append(card)
    return cards


def _card_around(img: HtmlElement, photos: set[HtmlElement], tops: set[HtmlElement]) -> HtmlElement:
    """The largest ancestor of `img` that holds no other photo and stays short."""
    card = img
    while card not in tops:
        parent = card.getparent()
        if parent is None or parent.tag in ("body", "tr", "table", "tbody"):
            break
        if sum(1 for node in parent.iter("img") if node in photos) > 1:
            break
        if len(text_of(parent)) > MAX_CARD_CHARS:
            break
        card = parent
    return card


def _sub_labels(label: Label, labels: list[Label], region: list[HtmlElement]) -> dict:
    """For each photo in the region, the nearest label above it (or the region's own)."""
    inner = {item.element: item for item in labels if item.level > label.level or item.run_in}
    current = role_from_label(label.text)
    result = {}
    for element in iter_region(region):
        if element in inner and not inner[element].run_in and not is_name(inner[element].text):
            current = role_from_label(inner[element].text) or current
        if element.tag == "img":
            result[element] = current
    return result


def _read_card(
    element: HtmlElement, img: HtmlElement, base_url: str | None, group_role: str | None
) -> PersonCard | None:
    name, roles = None, []
    for line in _text_chunks(element):
        bare = collapse(_PARENTHESIS.sub(" ", line))
        if name is None and is_name(bare):
            name = bare
            roles.extend(collapse(inner) for inner in _PARENTHESIS.findall(line))
        elif len(line.split()) <= MAX_ROLE_WORDS and "@" not in line and not is_name(bare):
            roles.append(line.rstrip(":"))
    if name is None and is_name(img.get("alt", "")):
        name = collapse(img.get("alt"))
    if name is None:
        return None
    own_roles = [role for role in roles if role and role.lower() != (group_role or "").lower()]
    role = ", ".join(own_roles) if own_roles else group_role
    photo = _photo_src(img, base_url)
    person = make_person(name, role, _person_link(element, name, base_url), photo, normalise_role(group_role))
    return PersonCard(person, element, bool(own_roles))


def _text_chunks(element: HtmlElement) -> list[str]:
    """Each text node of a card on its own: cards stack name and role in separate elements."""
    chunks = []
    for node in element.iter():
        if is_element(node) and collapse(node.text):
            chunks.append(collapse(node.text))
        if node is not element and collapse(node.tail):
            chunks.append(collapse(node.tail))
    return [chunk.strip("()") if chunk.startswith("(") else chunk for chunk in chunks]


def _person_link(element: HtmlElement, name: str, base_url: str | None) -> str | None:
    """The card's link to the person's page: the one on their name, else the first web link."""
    anchors = [
        a
        for a in element.iter("a")
        if (a.get("href") or "").startswith(("http", "/", ".")) or (a.get("href") and ":" not in a.get("href"))
    ]
    for ancestor in element.iterancestors("a"):
        anchors.insert(0, ancestor)
    named = [a for a in anchors if name in text_of(a)]
    chosen = (named or anchors or [None])[0]
    return _absolute(chosen.get("href") if chosen is not None else None, base_url)


# --- key/value and plain lists ---------------------------------------------------------------


def _key_value_people(body: HtmlElement, labels: list[Label], base_url: str | None) -> list[Person]:
    persons: list[Person] = []
    for row in body.iter("tr"):
        cells = [cell for cell in row if cell.tag in ("td", "th")]
        if len(cells) >= 2 and label_role(text_of(cells[0])) == "people" and len(text_of(cells[0])) <= 40:
            persons.extend(_people_in(cells[1], text_of(cells[1]), text_of(cells[0]), base_url))
    for term in body.iter("dt"):
        value = term.getnext()
        if value is not None and value.tag == "dd" and label_role(text_of(term)) == "people":
            persons.extend(_people_in(value, text_of(value), text_of(term), base_url))
    for label in labels:
        if label.run_in and label.role == "people":
            persons.extend(
                _people_in(label.element.getparent(), run_in_text(label).split("\n")[0], label.text, base_url)
            )
    for item in body.iter("li"):
        persons.extend(_labelled_item(item, base_url))
    return persons


def _labelled_item(item: HtmlElement, base_url: str | None) -> list[Person]:
    """`<li><b>Instructor</b>: <a>Jane Doe</a></li>`."""
    first = item[0] if len(item) else None
    if first is None or first.tag not in ("b", "strong") or collapse(item.text):
        return []
    key = text_of(first)
    if label_role(key) != "people" or len(key) > 40:
        return []
    value = collapse(
        (first.tail or "") + "".join(sibling.text_content() + (sibling.tail or "") for sibling in first.itersiblings())
    ).lstrip(":： ")
    return _people_in(item, value, key, base_url)


def _people_in(element: HtmlElement, value: str, key: str, base_url: str | None) -> list[Person]:
    role = role_from_label(key)
    names = split_names(value)
    links = {text_of(a): a.get("href") for a in element.iter("a") if a.get("href")}
    return [make_person(name, role, _absolute(links.get(name), base_url)) for name in names]


def _absolute(href: str | None, base_url: str | None) -> str | None:
    """A person's page: `href` made absolute and cleaned; None for mail, in-page anchors, scripts."""
    if not href or href.strip().startswith(("mailto:", "#")):
        return None
    return absolute_link(href, base_url)


def _listed_people(label: Label, region: list[HtmlElement], base_url: str | None) -> list[Person]:
    """Names listed under a people label: list items, paragraphs, or table rows."""
    elements = list(iter_region(region))
    items = [el for el in elements if el.tag == "li"] or [el for el in elements if el.tag in ("p", "dd")]
    role = role_from_label(label.text)
    persons = []
    for item in items:
        labelled = _labelled_item(item, base_url)
        persons.extend(labelled or _people_in_line(item, role, base_url))
    for row in (el for el in elements if el.tag == "tr"):
        persons.extend(_person_row(row, base_url))
    return persons


def _people_in_line(item: HtmlElement, role: str | None, base_url: str | None) -> list[Person]:
    first_line = (lines_of(item) or [""])[0]
    names = split_names(first_line)
    inner = [collapse(text) for text in _PARENTHESIS.findall(first_line)]
    own_role = inner[0] if len(names) == 1 and inner and not _EMAIL.search(inner[0]) else role
    links = {text_of(a): a.get("href") for a in item.iter("a")}
    return [
        make_person(name, own_role, _absolute(links.get(name), base_url), default=normalise_role(role))
        for name in names
    ]


def _person_row(row: HtmlElement, base_url: str | None) -> list[Person]:
    """`<tr><td>Jane Doe</td><td>Instructor</td>…` (a key/value row is read elsewhere)."""
    cells = [cell for cell in row if cell.tag in ("td", "th")]
    if not cells or not is_name(text_of(cells[0])):
        return []
    second = text_of(cells[1]) if len(cells) > 1 else ""
    role = (
        second
        if second and len(second.split()) <= MAX_ROLE_WORDS and "@" not in second and not _EMAIL.search(second)
        else None
    )
    links = [a.get("href") for a in cells[0].iter("a")]
    return [make_person(text_of(cells[0]), role, _absolute(links[0] if links else None, base_url))]
