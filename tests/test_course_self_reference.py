"""The course speaking of itself in its lead ("This course aims…", "Ce cours propose…",
"本课程…"), one of the course detector's signals. Its pattern opens with a hand-written
lookahead naming the first letter of every alternative, so that most positions of a long
article fail at once: a phrase added with another first letter would silently never match,
and the first test catches that. `speaks_of_itself` refuses a text without running the
expression when none of the nouns (or CJK marks) all its phrases hold is there: every
phrase the expression spells holds the two together."""

from __future__ import annotations

import re
import re._constants as sre_constants
import re._parser as sre_parser

import pytest

from clipper.extract.course_analysis import speaks_of_itself
from clipper.extract.course_vocab import COURSE_SELF_REFERENCE

LOOKAHEAD = re.compile(r"^\(\?=\[([^\]]+)\]\)")


def first_letters(parsed: sre_parser.SubPattern | list[tuple[object, object]]) -> set[str]:
    """Every letter an alternative of `parsed` can begin with (word boundaries skipped)."""
    for op, argument in parsed:
        if op is sre_constants.AT:
            continue
        if op is sre_constants.SUBPATTERN:
            return first_letters(argument[3])  # type: ignore[index]
        if op is sre_constants.BRANCH:
            return set().union(*(first_letters(branch) for branch in argument[1]))  # type: ignore[index]
        if op is sre_constants.LITERAL:
            return {chr(argument)}  # type: ignore[arg-type]
        if op is sre_constants.IN:
            return {chr(code) for kind, code in argument if kind is sre_constants.LITERAL}  # type: ignore[union-attr]
        raise AssertionError(f"an alternative begins with {op}: give the test its first letters")
    return set()


def test_the_lookahead_names_the_first_letter_of_every_alternative() -> None:
    lookahead = LOOKAHEAD.match(COURSE_SELF_REFERENCE.pattern)
    assert lookahead is not None
    alternatives = sre_parser.parse(COURSE_SELF_REFERENCE.pattern[lookahead.end() :], re.IGNORECASE)
    letters = first_letters(alternatives)
    assert len(letters) > 10
    assert {letter for letter in letters if letter.lower() not in lookahead.group(1)} == set()


@pytest.mark.parametrize(
    "lead",
    [
        "In short, this course introduces the theory of compilers.",
        "Ce cours propose une introduction aux enquêtes quantitatives.",
        "Diese Vorlesung vermittelt die Grundlagen der Analysis.",
        "Este curso ofrece una visión general de la ecología.",
        "Questo corso intende fornire le basi della programmazione.",
        "Deze module behandelt de statistiek.",
        "本课程介绍机器学习的基本方法。",
        "この授業では計量経済学を学ぶ。",
        "이 강의는 알고리즘을 다룬다.",
        "This seminar presents recent work in algebraic geometry.",
        "Ce cours introduit les espaces vectoriels.",
        "Die Vorlesung führt in die numerische Mathematik ein.",
        "El seminario reúne cada quince días a investigadores.",
        "Este curso aborda a modelagem estatística.",
        "Il corso presenta il modello relazionale.",
        "A disciplina aborda estruturas de dados.",
    ],
)
def test_a_course_speaking_of_itself_is_heard_in_each_language(lead: str) -> None:
    assert COURSE_SELF_REFERENCE.search(lead)


@pytest.mark.parametrize(
    "lead",
    [
        "The minister said the course of the negotiations would change this week.",
        "Notre équipe a suivi le cours de la Bourse toute la journée.",
    ],
)
def test_an_article_using_the_same_words_is_not_a_course_speaking_of_itself(lead: str) -> None:
    assert not COURSE_SELF_REFERENCE.search(lead)


def spellings(parsed: sre_parser.SubPattern | list[tuple[object, object]]) -> set[str]:
    """Every text `parsed` matches, one space for a run of whitespace, the shortest repeat
    (and none, when optional); boundaries and lookaheads match nothing."""
    texts = {""}
    for op, argument in parsed:
        if op in (sre_constants.AT, sre_constants.ASSERT):
            continue
        if op is sre_constants.LITERAL:
            options = {chr(argument)}  # type: ignore[arg-type]
        elif op is sre_constants.IN:
            options = {_spelt_item(kind, code) for kind, code in argument}  # type: ignore[union-attr]
        elif op is sre_constants.SUBPATTERN:
            options = spellings(argument[3])  # type: ignore[index]
        elif op is sre_constants.BRANCH:
            options = set().union(*(spellings(branch) for branch in argument[1]))  # type: ignore[index]
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            least, _, item = argument  # type: ignore[misc]
            once = spellings(item)
            options = once if least else once | {""}
        else:
            raise AssertionError(f"{op} in the expression: teach the test to spell it")
        texts = {text + option for text in texts for option in options}
    return texts


def _spelt_item(kind: object, code: object) -> str:
    """A letter of a character class, or a space for its whitespace category (`\\s`)."""
    if kind is sre_constants.LITERAL:
        return chr(code)  # type: ignore[arg-type]
    if kind is sre_constants.CATEGORY and code in (sre_constants.CATEGORY_SPACE, sre_constants.CATEGORY_UNI_SPACE):
        return " "
    raise AssertionError(f"{kind} {code} in a character class: teach the test to spell it")


PHRASES = sorted(spellings(sre_parser.parse(COURSE_SELF_REFERENCE.pattern, re.IGNORECASE)))


def test_every_phrase_of_the_expression_is_spelt() -> None:
    assert len(PHRASES) > 1000
    assert all(COURSE_SELF_REFERENCE.search(f" {phrase} ") for phrase in PHRASES)


CASES = [
    str.lower,
    str.upper,
    lambda text: text.replace("i", "ı").replace("s", "ſ"),  # letters IGNORECASE reads as i and s
    lambda text: text.upper().replace("I", "İ"),  # Turkish capitals: "İ".lower() adds a combining dot
    lambda text: text + "\u0307s",  # a combining mark after the last word, still a word's end for \b
]


@pytest.mark.parametrize("case", CASES)
def test_the_quick_refusal_never_refuses_a_phrase_the_expression_finds(case) -> None:
    refused = [phrase for phrase in PHRASES if COURSE_SELF_REFERENCE.search(f"« {case(phrase)} »")]
    assert len(refused) > 1000
    assert [phrase for phrase in refused if not speaks_of_itself(f"« {case(phrase)} »")] == []


@pytest.mark.parametrize(
    "lead",
    [
        "In short, THIS COURSE INTRODUCES the theory of compilers.",
        "The minister said the course of the negotiations would change this week.",
        "A long article about the weather, the markets and the elections, without the nouns.",
        "本课程介绍机器学习的基本方法。",
    ],
)
def test_the_quick_refusal_answers_as_the_expression(lead: str) -> None:
    assert speaks_of_itself(lead) is (COURSE_SELF_REFERENCE.search(lead) is not None)
