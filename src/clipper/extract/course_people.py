"""Who teaches: the instructors, TAs and organisers of a course page.

These shapes are read, in reading order, and merged by name:

- photo cards in a people section: repeated blocks each holding one photo and a
  short name-like line (`course_people_cards.PersonCard`, rendered photo-then-name
  in the note);
- key/value staff: a table row, `<dt>`, list item or run-in bold label whose key
  names a role ("Instructors", "LVA Leiter", "Enseignants") and whose value
  holds the names;
- plain lists of names under a people heading.

Names are kept exactly as printed; a role comes from the card or line itself, else
from the nearest role label above it, whichever reading found the person: under
"Staff", the "Teaching Assistants" heading names the TAs' role for cards, name
headings, lines and rows alike (`course_people_cards.nearest_roles`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.html import HtmlElement

from clipper.extract.course_names import (
    MAX_ROLE_WORDS,
    PARENTHESIS,
    cjk_names,
    is_name,
    make_person,
    normalise_role,
    role_from_label,
    split_names,
    strip_honorifics,
    undotted_honorifics,
)
from clipper.extract.course_page import TAB_LABEL_ATTRIBUTE
from clipper.extract.course_people_cards import MAX_CARD_CHARS, PersonCard, nearest_roles, person_page, photo_cards
from clipper.extract.course_people_tables import role_column_people
from clipper.extract.course_sections import (
    HEADING_TAGS,
    Label,
    is_inside,
    iter_region,
    label_role,
    lines_of,
    run_in_text,
)
from clipper.extract.course_vocab import TAUGHT_BY
from clipper.extract.text import collapse, is_element, text_of
from clipper.models import Person

BOLD_LINE_LEVEL = 7
"""`course_sections.Label.level` of a bold line standing alone."""


@dataclass(frozen=True)
class People:
    persons: tuple[Person, ...]
    cards: tuple[PersonCard, ...]
    in_prose_only: frozenset[str] = frozenset()
    """The names only a sentence gives ("… taught by Prof. A"): an article about a course writes them too."""


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
        found = photo_cards(label, labels, regions[index], base_url)
        cards.extend(found)
        persons.extend(card.person for card in found)
        if not found:
            persons.extend(
                _listed_people(label, regions[index], nearest_roles(label, labels, regions[index]), base_url)
            )
    persons.extend(_key_value_people(body, labels, base_url))
    prose = _prose_people(body)
    blocks = name_role_blocks(body)
    labelled = {person.name for person, in_a_sentence in prose if not in_a_sentence}
    elsewhere = {person.name for person in persons + blocks} | labelled
    in_prose_only = frozenset(person.name for person, in_a_sentence in prose if in_a_sentence) - elsewhere
    persons.extend([person for person, _ in prose] + blocks)
    return People(tuple(_unique(persons)), tuple(cards), in_prose_only)


def _unique(persons: list[Person]) -> list[Person]:
    seen: dict[str, Person] = {}
    for person in persons:
        seen.setdefault(person.name, person)
    return list(seen.values())


# --- key/value and plain lists ---------------------------------------------------------------


def _key_value_people(body: HtmlElement, labels: list[Label], base_url: str | None) -> list[Person]:
    """People a key names: a table's "Instructor | A" row, a `<dt>` term, a run-in label, a labelled
    item ("TA: B"), a table column headed by a role."""
    persons = [person for row in body.iter("tr") for person in _key_row_people(row, base_url)]
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
    for table in body.iter("table"):
        persons.extend(role_column_people(table, base_url))
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
    return [make_person(name, role, person_page(links.get(name), base_url)) for name in names]


def _listed_people(
    label: Label, region: list[HtmlElement], roles: dict[HtmlElement, str | None], base_url: str | None
) -> list[Person]:
    """Names listed under a people label: list items, paragraphs, table rows, name headings, or
    the lines right after a bold label in its own block (`<p><b>Professeur</b><br>Jane Doe<br>Bureau…`);
    each under the role it stands nearest to (`roles`, from `nearest_roles`)."""
    elements = list(iter_region(region))
    items = [el for el in elements if el.tag in ("li", "p", "dd") and not is_inside(el, ("li",))]
    persons = _names_after_bold_label(label, base_url) + _name_headings(label, region, roles, base_url)
    for item in items:
        labelled = _labelled_item(item, base_url)
        persons.extend(labelled or _people_in_line(item, _term_role(item) or roles.get(item), base_url))
    for row in (el for el in elements if el.tag == "tr"):
        persons.extend(_person_row(row, base_url, _group_wording(label, roles, row)))
    for term in (el for el in elements if el.tag == "dt"):
        persons.extend(_term_person(term, base_url, _group_wording(label, roles, term)))
    return persons


def _key_row_people(row: HtmlElement, base_url: str | None) -> list[Person]:
    """A table row whose first cell names a role ("Instructor | Jane Doe"): the people of its second."""
    cells = [cell for cell in row if cell.tag in ("td", "th")]
    if len(cells) >= 2 and label_role(text_of(cells[0])) == "people" and len(text_of(cells[0])) <= 40:
        return _people_in(cells[1], text_of(cells[1]), text_of(cells[0]), base_url)
    return []


def _term_role(item: HtmlElement) -> str | None:
    """The role a `<dd>`'s term names (`<dt>Esercitatore</dt><dd>Luca Greco</dd>`), if any."""
    term = item.getprevious() if item.tag == "dd" else None
    text = text_of(term) if term is not None and term.tag == "dt" else ""
    return text if text and len(text.split()) <= MAX_ROLE_WORDS and normalise_role(text) else None


_ROLE_END = re.compile(r"\s+[—–-]\s+|[,;(]|\s+[|·]\s+")
"""Where a role at the head of a line ends: "Titolare del corso — giulia@…", "Tutor, Room 3"."""


def _term_person(term: HtmlElement, base_url: str | None, group: str | None) -> list[Person]:
    """`<dt>Prof.ssa Giulia Bianchi</dt><dd>Titolare del corso — giulia@…</dd>`: a definition list
    of staff, the term naming the person and its description's first words their role (else the
    group label's); a term naming a role ("Instructor" / "Jane Doe") is read as a key elsewhere."""
    name = text_of(term)
    if not is_name(strip_honorifics(name), cjk=True):
        return []
    value = term.getnext()
    head = _ROLE_END.split(text_of(value), maxsplit=1)[0].strip() if value is not None and value.tag == "dd" else ""
    wording = head if head and len(head.split()) <= MAX_ROLE_WORDS and normalise_role(head) else group
    links = [a.get("href") for a in term.iter("a")]
    return [make_person(name, wording, person_page(links[0] if links else None, base_url))]


def _group_wording(label: Label, roles: dict[HtmlElement, str | None], element: HtmlElement) -> str:
    """The wording of the role `element` stands under: a nearer role heading's, else its label's as printed."""
    nearer = roles.get(element)
    return nearer if nearer and nearer != role_from_label(label.text) else label.text


MAX_LINES_AFTER_LABEL = 3


def _names_after_bold_label(label: Label, base_url: str | None) -> list[Person]:
    block = label.element.getparent()
    if label.level != BOLD_LINE_LEVEL or block is None:
        return []
    lines = lines_of(block)
    if not lines or collapse(lines[0]).rstrip(":： ") != label.text:
        return []
    names = [line for line in lines[1 : 1 + MAX_LINES_AFTER_LABEL] if is_name(strip_honorifics(line))]
    return [make_person(name, label.text, None) for name in names]


def _people_in_line(item: HtmlElement, role: str | None, base_url: str | None) -> list[Person]:
    """Names on the item's first line (or one per line, `Name (affiliation)<br>…`); a role in
    parentheses or on the line after a lone name is that person's own."""
    lines = lines_of(item) or [""]
    names = _names_in_lines(item, lines)
    own_role = _tab_label(item) or (_own_role(lines) if len(names) == 1 else None) or role
    links = {text_of(a): a.get("href") for a in item.iter("a")}
    return [
        make_person(
            name,
            _line_role(lines, name) or own_role,
            person_page(links.get(name), base_url),
            default=normalise_role(role),
        )
        for name in names
    ]


def _line_role(lines: list[str], name: str) -> str | None:
    """The role in parentheses on a name's own line among several ("A (Dozentin)<br>B (Tutor)")."""
    own = [line for line in lines if line.startswith(name) or name in line.split("(")[0]]
    if len(lines) < 2 or len(own) != 1:
        return None
    inner = [collapse(text) for text in PARENTHESIS.findall(own[0])]
    return inner[0] if inner and normalise_role(inner[0]) else None


def _names_in_lines(item: HtmlElement, lines: list[str]) -> list[str]:
    per_line = [split_names(line) for line in lines]
    if sum(1 for names in per_line if len(names) == 1) >= 2 and all(len(names) <= 1 for names in per_line):
        return [found[0] for found in per_line if found]  # one name per line
    whole = [lines[0]] if is_name(lines[0], cjk=True) else []
    return per_line[0] or cjk_names(lines[0]) or whole or _bold_name(item)


def _own_role(lines: list[str]) -> str | None:
    """A lone name's role: in parentheses after it, or on the next line ("Jane Doe<br>Profesora")."""
    inner = [collapse(text) for text in PARENTHESIS.findall(lines[0])]
    if inner and normalise_role(inner[0]):
        return inner[0]
    if len(lines) > 1 and len(lines[1].split()) <= MAX_ROLE_WORDS and normalise_role(lines[1]):
        return None if labelled_values(lines[1]) else lines[1]  # "TA：高橋 美咲" names another person
    return None


def _bold_name(item: HtmlElement) -> list[str]:
    """`<p><strong>Jane Doe</strong> Student, Faculty of…</p>`: the bold name that opens the item."""
    first = item[0] if len(item) and not collapse(item.text) else None
    if first is not None and first.tag in ("b", "strong") and is_name(strip_honorifics(text_of(first))):
        return [strip_honorifics(text_of(first))]
    return []


def _tab_label(element: HtmlElement) -> str | None:
    """The tab a person stands in (`role="tabpanel"`, its tab's text kept by `main_content`)."""
    for ancestor in element.iterancestors():
        label: str | None = ancestor.get(TAB_LABEL_ATTRIBUTE)
        if label:
            return label
    return None


def _name_headings(
    label: Label, region: list[HtmlElement], roles: dict[HtmlElement, str | None], base_url: str | None
) -> list[Person]:
    """One heading per person under a people label (a card or a biography follows each);
    the role is a short line of the heading's block that names one, else the nearest role
    heading's above it, else the label's."""
    persons = []
    for heading in (el for el in iter_region(region) if el.tag in HEADING_TAGS):
        name = strip_honorifics(text_of(heading))
        if not is_name(name):
            continue
        block = heading.getparent()
        lines = lines_of(block) if block is not None and len(text_of(block)) <= MAX_CARD_CHARS else []
        wording = next((line for line in lines if len(line.split()) <= MAX_ROLE_WORDS and normalise_role(line)), None)
        links = [a.get("href") for a in heading.iter("a")]
        url = person_page(links[0] if links else None, base_url)
        persons.append(make_person(name, wording or _group_wording(label, roles, heading), url))
    return persons


def _prose_people(body: HtmlElement) -> list[tuple[Person, bool]]:
    """Teachers named in the lead prose: "taught by A, B, and C", "Profesor: Irvin Rojas", a label
    after a sentence ("… in Room 301. Organisateurs : A, B."), "主讲教师：李华、张伟"; each with whether
    a sentence ("taught by …") named them, not a label."""
    persons: list[tuple[Person, bool]] = []
    for paragraph in body.iter("p", "li", "dd"):
        persons.extend((person, True) for person in _taught_by(undotted_honorifics(text_of(paragraph))))
        for line in lines_of(paragraph)[:MAX_KEY_LINES]:
            for key, value in labelled_values(line):
                if len(key) <= MAX_KEY_CHARS and label_role(key) == "people":
                    names = split_names(value) or cjk_names(value)
                    persons.extend((make_person(name, key), False) for name in names)
    return persons


def _taught_by(text: str) -> list[Person]:
    """ "taught by A and B" gives instructors, "organisé par A et B" / "organizzato da A e B" organisers."""
    found = TAUGHT_BY.search(text)
    if found is None:
        return []
    group = next(name for name, value in found.groupdict().items() if value)
    verb = text[found.start() : found.start(group)].lower()
    role = "organiser" if "organi" in verb else "instructor"
    return [make_person(name, role) for name in split_names(found.group(group))]


def labelled_values(line: str) -> list[tuple[str, str]]:
    """ "… sentence. Label: A, B. Other label: C" -> [("Label", "A, B"), ("Other label", "C")]: each
    sentence (or part cut at " / ", " | ") holding a colon, ASCII or full-width, gives its key and value."""
    found = []
    for part in _LABELLED_PARTS.split(undotted_honorifics(line)):
        for sentence in _SENTENCE_END.split(part):
            found.extend(_sentence_values(sentence))
    return found


def _sentence_values(sentence: str) -> list[tuple[str, str]]:
    """A sentence's key and value, and those of the labels its value goes on to ("Instructor: A, TAs: B");
    a comma before the first colon is the key's own ("Instructor, Fall 2024: A")."""
    colon = _COLON.search(sentence)
    if colon is None:
        return []
    value, *others = _NEXT_LABEL.split(sentence[colon.end() :])  # each of the others holds its label's colon
    found = [(sentence[: colon.start()], value)] + [tuple(_COLON.split(other, maxsplit=1)) for other in others]
    return [(key.strip(), value.strip()) for key, value in found if key.strip() and value.strip()]


_LABELLED_PARTS = re.compile(r"\s+[/|·•]\s+(?=[^/|·•:：]{1,40}[:：])")
"""Where a line holding several labels parts: "교수: 이정민 / 조교: 윤서연", "Instructor: A | TAs: B, C"."""
_NEXT_LABEL = re.compile(r"\s*[,;、，；]\s*(?=[^/|·•:：,;、，；]{1,25}[:：])")
"""Where a label's value ends at the next label: "担当：鈴木 一郎、TA：伊藤 翔", "Instructor: A, TAs: B"."""
_COLON = re.compile(r"\s*[:：]\s*")
_SENTENCE_END = re.compile(r"(?<=\w\w)[.!?]\s+|[。！？]")
"""A sentence's end: not the dot of an initial ("Jane A. Smith"), nor one inside a number ("15-16.201")."""


def name_role_blocks(body: HtmlElement) -> list[Person]:
    """Sibling blocks that each hold a name, then its role, and little else, outside any people label
    (`<div><b>Jane Doe</b><br>Instructor<br>jane@…</div>` twice or more): one person each."""
    persons: list[Person] = []
    for parent in body.iter("div", "section", "ul"):
        found = [person for child in parent if is_element(child) for person in [_name_then_role(child)] if person]
        if len(found) >= MIN_NAME_ROLE_BLOCKS:
            persons.extend(found)
    return persons


MIN_NAME_ROLE_BLOCKS = 2
MAX_NAME_ROLE_LINES = 4


def _name_then_role(block: HtmlElement) -> Person | None:
    if block.tag not in ("div", "p", "li") or any(child.tag in ("div", "p", "li", "table") for child in block):
        return None
    lines = lines_of(block)
    if not 2 <= len(lines) <= MAX_NAME_ROLE_LINES or len(lines[1].split()) > MAX_ROLE_WORDS:
        return None
    name = strip_honorifics(lines[0])
    if not is_name(name) or normalise_role(lines[1]) not in ("instructor", "teaching assistant", "organiser"):
        return None
    return make_person(name, lines[1])


MAX_KEY_LINES = 12
MAX_KEY_CHARS = 40


def _person_row(row: HtmlElement, base_url: str | None, group: str | None = None) -> list[Person]:
    """`<tr><td>Jane Doe</td><td>Instructor</td>…` (a key/value row is read elsewhere);
    the row's role is its second cell when that names one, else the group label's."""
    cells = [cell for cell in row if cell.tag in ("td", "th")]
    if not cells or all(cell.tag == "th" for cell in cells):
        return []  # a header row ("姓名 | 邮箱") names no one
    if not is_name(strip_honorifics(text_of(cells[0])), cjk=True):
        return []
    second = text_of(cells[1]) if len(cells) > 1 else ""
    wording = second if second and len(second.split()) <= MAX_ROLE_WORDS and normalise_role(second) else group
    links = [a.get("href") for a in cells[0].iter("a")]
    return [make_person(text_of(cells[0]), wording, person_page(links[0] if links else None, base_url))]
