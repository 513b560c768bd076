"""Photo cards in a people section: repeated blocks each holding one photo and a short
name-like line (`PersonCard`, rendered photo-then-name in the note), and the role each
person of a people section stands under (`nearest_roles`, shared by every reading of
`course_people`).

A photo is any `<img>` with a real source, whatever its address: a relative one in a
saved file, an http(s) one, or the `file:` one a browser resolves a saved page's image
to (a rendered saved page reads as the same page served).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml.html import HtmlElement

from clipper.extract.course_names import (
    MAX_ROLE_WORDS,
    PARENTHESIS,
    is_name,
    make_person,
    normalise_role,
    role_from_label,
)
from clipper.extract.course_sections import Label, iter_region, lines_of
from clipper.extract.text import collapse, is_element, text_of
from clipper.markdown import absolute_link, image_source, is_placeholder
from clipper.models import Person

MAX_CARD_CHARS = 400


@dataclass(frozen=True)
class PersonCard:
    """A person shown as a photo card, and the element that shows them."""

    person: Person
    element: HtmlElement
    own_role: bool


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


ANY_PAGE = "file:///"
"""The address `is_photo` reads a source against: relative, http(s) and `file:` sources are all usable under it."""


def is_photo(img: HtmlElement) -> bool:
    """A photo whatever the page's address: a saved file's relative images count, and so do the
    `file:` sources a browser resolves them to when it renders the saved page."""
    src = image_source(img, ANY_PAGE)
    if src is None or is_placeholder(src):
        return False
    width = img.get("width", "")
    return not (width.isdigit() and int(width) < MIN_PHOTO_WIDTH)


def photo_cards(label: Label, labels: list[Label], region: list[HtmlElement], base_url: str | None) -> list[PersonCard]:
    """The photo cards of a people label's region, each under the role it stands nearest to."""
    photos = [img for img in iter_region(region) if img.tag == "img" and is_photo(img)]
    if len(photos) == 0:
        return []
    photo_set = set(photos)
    tops = set(region)
    label_of = nearest_roles(label, labels, region)
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


def nearest_roles(label: Label, labels: list[Label], region: list[HtmlElement]) -> dict[HtmlElement, str | None]:
    """For each element of a people label's region, the role wording it stands under: that of the
    nearest role heading above it inside the region ("Staff" > "Teaching Assistants" > a name),
    else the region's own label's (None for a generic one like "Staff")."""
    inner = {item.element: item for item in labels if item.level > label.level and not item.run_in}
    current = role_from_label(label.text)
    result: dict[HtmlElement, str | None] = {}
    for element in iter_region(region):
        sub = inner.get(element)
        if sub is not None and _names_a_role(sub):
            current = role_from_label(sub.text) or current
        result[element] = current
    return result


def _names_a_role(label: Label) -> bool:
    """A role heading ("Teaching Assistants", "TAs and Staff"), not a person's name nor another topic."""
    return not is_name(label.text) and (label.role == "people" or normalise_role(label.text) is not None)


def _read_card(
    element: HtmlElement, img: HtmlElement, base_url: str | None, group_role: str | None
) -> PersonCard | None:
    """The person a photo card shows: the first name-like line (else the photo's alt), and the
    card's other short lines as their own role."""
    name, roles = _card_name_and_roles(element)
    if name is None and is_name(img.get("alt", "")):
        name = collapse(img.get("alt"))
    if name is None:
        return None
    own_roles = [role for role in roles if role and role.lower() != (group_role or "").lower()]
    role = ", ".join(own_roles) if own_roles else group_role
    photo = _photo_src(img, base_url)
    person = make_person(name, role, _person_link(element, name, base_url), photo, normalise_role(group_role))
    return PersonCard(person, element, bool(own_roles))


def _card_name_and_roles(element: HtmlElement) -> tuple[str | None, list[str]]:
    """The card's name, and its short lines that may be the person's own role: not a piece of
    a sentence a link breaks up ("Office hour: Thursday 1pm (<a>Zoom</a> or room 5)")."""
    name: str | None = None
    roles: list[str] = []
    sentences = [line for line in lines_of(element) if len(line.split()) > MAX_ROLE_WORDS]
    for line in _text_chunks(element):
        bare = collapse(PARENTHESIS.sub(" ", line))
        if name is None and is_name(bare):
            name = bare
            roles.extend(collapse(inner) for inner in PARENTHESIS.findall(line))
        elif len(line.split()) <= MAX_ROLE_WORDS and "@" not in line and (not is_name(bare) or normalise_role(bare)):
            if not any(line in sentence and (name is None or name not in sentence) for sentence in sentences):
                roles.append(line.rstrip(":"))
    return name, roles


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
    return person_page(chosen.get("href") if chosen is not None else None, base_url)


def person_page(href: str | None, base_url: str | None) -> str | None:
    """A person's page: `href` made absolute and cleaned; None for mail, in-page anchors, scripts."""
    if not href or href.strip().startswith(("mailto:", "#")):
        return None
    return absolute_link(href, base_url)
