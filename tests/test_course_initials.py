"""A name written with initials keeps them: "M. J. Fernández" is no "Monsieur J. Fernández"; a name
then a dash then its e-mail ("dr. Eva Janssen — e.janssen@uni.nl") is the name
(French "M." before a surname is a title, before another initial it is the name's own)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from clipper.extract.course_names import split_names, strip_honorifics

INITIALS = st.lists(st.sampled_from("ABJMRST"), min_size=2, max_size=3).map(lambda letters: ". ".join(letters) + ".")
SURNAMES = st.sampled_from(["Fernández", "Smith", "Dupont", "Okafor", "de la Cruz"])


@given(initials=INITIALS, surname=SURNAMES)
def test_initials_before_a_surname_are_kept(initials: str, surname: str) -> None:
    assert strip_honorifics(f"{initials} {surname}") == f"{initials} {surname}"
    assert strip_honorifics(f"Prof. {initials} {surname}") == f"{initials} {surname}"


def test_monsieur_before_a_surname_is_a_title() -> None:
    assert strip_honorifics("M. Dupont") == "Dupont"
    assert strip_honorifics("M. Jean Dupont") == "Jean Dupont"


NAMES = st.sampled_from(["Eva Janssen", "Henk de Visser", "M. J. Fernández", "Ana Costa"])
DASHES = st.sampled_from([" — ", " – ", " - ", " | ", " —"])


@given(name=NAMES, dash=DASHES, title=st.sampled_from(["", "dr. ", "prof. dr. ", "Prof. "]))
def test_a_name_then_a_dash_then_its_mail_is_the_name(name: str, dash: str, title: str) -> None:
    assert split_names(f"{title}{name}{dash}someone@uni.example") == [name]


@given(letters=st.lists(st.sampled_from("ABNX"), min_size=1, max_size=3), dotted=st.booleans())
def test_initials_alone_are_no_name(letters: list[str], dotted: bool) -> None:
    text = (". " if dotted else ".").join(letters) + "."
    assert split_names(text, min_words=1) == []
