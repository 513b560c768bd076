"""Names and roles: whether a line reads as a person's name, the names in a value,
a role normalised from the page's wording ("Profesora" -> "instructor", "Head CA"
-> "teaching assistant"), and titles stripped ("Prof. Dr. Jane Doe" -> "Jane Doe").

Roles and their words in ten languages are data (`course_vocab.ROLE_WORDS`).
"""

from __future__ import annotations

import itertools
import re

from clipper.extract.course_vocab import (
    HONORIFICS,
    NAME_PARTICLES,
    NOT_NAME_WORDS,
    POST_NOMINALS,
    ROLE_WORDS,
    TRAILING_TITLES,
)
from clipper.extract.text import collapse
from clipper.models import Person

MAX_ROLE_WORDS = 6
GENERIC_PEOPLE_LABELS = frozenset(
    {"team", "staff", "people", "course staff", "équipe", "the team", "our team", "who we are"}
)
SEPARATORS = re.compile(r"\s*(?:,|;|/|\band\b|&|\bund\b|\bet\b|\n|、|，|；)\s*")
PARENTHESIS = re.compile(r"[(（]([^()（）]*)[)）]")
EMAIL = re.compile(r"\S+@\S+|\S+\s+(?:AT|at)\s+\S+\.(?:edu|com|org|fr|de|at)\S*")


def is_name(text: str, min_words: int = 2, cjk: bool = False) -> bool:
    """Whether `text` reads as a person's name ("Marcus Pålsson", "Benedikt P. Stroebl");
    with `cjk`, a name of two to four Han or Hangul characters too ("蔡秉達")."""
    text = collapse(text)
    if cjk and _CJK_NAME.fullmatch(text):
        return text not in NOT_NAME_WORDS  # "미정", "待定": a speaker to be announced
    if not 2 <= len(text) <= 50 or "@" in text or any(char.isdigit() for char in text):
        return False
    words = text.split()
    if len(words) > 5:
        return False
    capitalised = 0
    for word in words:
        weight = _name_word(word, len(words))
        if weight is None:
            return False
        capitalised += weight
    return capitalised >= min_words and not _initials_only(text)


def _initials_only(text: str) -> bool:
    """ "N. N.", "N.N.": initials and nothing else, a speaker still to be named (no one's name)."""
    return all(len(word.strip("-")) <= 1 for word in text.replace(".", " ").split())


_CJK_NAME = re.compile(
    r"[\u4e00-\u9fff·]{2,4}|(?=.{3,6}$)[\u4e00-\u9fff々]{1,3}[ \u3000][\u4e00-\u9fff々]{1,3}|[\uac00-\ud7af]{2,4}"
)
"""A Han or Hangul name; a Japanese one may hold a space between family and given name ("山田 太郎")."""


def _name_word(word: str, count: int) -> int | None:
    """1 for a capitalised name word, 0 for a particle ("van"), None for a word no name holds."""
    bare = word.strip(".,:;()'’\"-")
    if not bare or bare.lower() in NOT_NAME_WORDS:
        return None
    if bare in NAME_PARTICLES:
        return 0
    if not bare[0].isupper() or not any(char.isalpha() for char in bare):
        return None
    if len(bare) > 1 and bare.isupper() and count == 1:
        return None
    return 1


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
    for candidate in (wording, wording + "s"):  # "Profesore", singularised from "Profesores"
        for role, pattern in _ROLES:
            if pattern.search(candidate):
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
    """ "Prof. Dr. Jane Doe" -> "Jane Doe", "王建国 教授" -> "王建国", "Miriam Vogel, M.Sc." -> "Miriam Vogel"."""
    bare = POST_NOMINALS.sub("", TRAILING_TITLES.sub("", HONORIFICS.sub("", collapse(name))))
    return bare if bare else collapse(name)


_HONORIFIC_DOT = re.compile(r"\b(dr|dra|prof|profa|dott|ing|mag|dipl|mr|mrs|ms|mme|sr|sra|pr)\.(?=\s)", re.IGNORECASE)


def undotted_honorifics(text: str) -> str:
    """ "gehalten von Prof. Dr. Anna Schmidt" -> "… Prof Dr Anna Schmidt": a title's dot does not end
    the sentence that names the teachers (the titles are stripped from the names afterwards)."""
    return _HONORIFIC_DOT.sub(r"\1", text)


def role_from_label(text: str) -> str | None:
    """The role a group label names, in the singular ("TAs" -> "TA")."""
    role = collapse(text).rstrip(":： ")
    if not role or role.lower() in GENERIC_PEOPLE_LABELS:
        return None
    words = role.split()
    if len(words) <= 2 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


def split_names(text: str, min_words: int = 2) -> list[str]:
    """The names in a value like "Danqi Chen (danqic AT cs) and Sanjeev Arora"."""
    return [piece for piece in _name_pieces(text) if is_name(piece, min_words)]


def cjk_names(text: str) -> list[str]:
    """The names of a line that holds nothing but Han or Hangul names ("이지은, 박서준",
    "王建国 教授 (wang@…)"); none when any piece is something else."""
    pieces = [piece for piece in _name_pieces(text, parenthesis_ends_a_name=True) if piece]
    return (
        pieces if pieces and all(_CJK_NAME.fullmatch(piece) and piece not in NOT_NAME_WORDS for piece in pieces) else []
    )


def _name_pieces(text: str, *, parenthesis_ends_a_name: bool = False) -> list[str]:
    """`text` without e-mails and parentheses, cut at the separators of a list of names, titles
    stripped. A name never runs on across an e-mail, nor across a parenthesis when asked (a Han
    or Hangul name holds none; "William (Bill) Gates" does)."""
    gap = "\n" if parenthesis_ends_a_name else " "
    cleaned = EMAIL.sub("\n", PARENTHESIS.sub(gap, text))
    pieces = [strip_honorifics(piece.strip(" .;:—–|-")) for piece in SEPARATORS.split(cleaned)]
    return [name for piece in pieces for name in _two_names(piece)]


CONJUNCTIONS = re.compile(r"\s+(?:y|e|en|i|og|och)\s+")
"""The "and" of es, it, pt, nl, ca and the Nordic languages: also a name particle ("Ortega y Gasset")."""


def _two_names(piece: str) -> list[str]:
    """ "Luis Fernández y Ana Torres" -> both names, "A e B e si tiene…" -> A and B; "José Ortega y Gasset"
    stays one (a side of one word)."""
    sides = CONJUNCTIONS.split(piece)
    if len(sides) < 2 or not all(len(side.split()) >= 2 and is_name(side) for side in sides[:2]):
        return [piece]
    return list(itertools.takewhile(is_name, sides))  # the first two are names: checked above
