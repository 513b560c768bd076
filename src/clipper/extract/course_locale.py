"""Month and weekday names and numeric date orders of many locales, read from CLDR.

CLDR, through `babel`, is the source: wide and abbreviated month and weekday
names in both their format and stand-alone forms, lower-cased, with the
trailing dot of abbreviations dropped and accent-less spellings added
("février" -> "fevrier"); and, per language, whether its short date format
writes the day or the month first (`d/M/yy` -> "dm", `M/d/yy` -> "md").
A few spellings pages use that CLDR lacks ("sept", "tues", "thurs") come from
`course_vocab.EXTRA_MONTHS`/`EXTRA_WEEKDAYS`.

Nothing is loaded at import: the tables are built once, on first use (about
50 ms for the babel data of the locales in `DATE_LOCALES`).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Literal

from clipper.extract.course_vocab import DATE_LOCALES, EXTRA_MONTHS, EXTRA_WEEKDAYS

_WIDTHS: tuple[Literal["wide", "abbreviated"], ...] = ("wide", "abbreviated")
_CONTEXTS: tuple[Literal["format", "stand-alone"], ...] = ("format", "stand-alone")
MIN_NAME_CHARS = 2
"""Shorter names ("M", 日) are left out: they would match inside ordinary words."""


def _spellings(name: str) -> set[str]:
    """The name as pages write it: lower case, without the abbreviation dot, with and without accents."""
    bare = name.lower().strip().rstrip(".")
    plain = "".join(char for char in unicodedata.normalize("NFD", bare) if not unicodedata.combining(char))
    return {spelling for spelling in (bare, plain) if len(spelling) >= MIN_NAME_CHARS}


def _has_digit(name: str) -> bool:
    return any(char.isdigit() for char in name)


@lru_cache(maxsize=1)
def month_names() -> dict[str, int]:
    """Every locale's month names (lower case) -> month number 1-12.
    Names written with digits ("9月", "9월") are left to the numeric date forms."""
    # deferred: babel's CLDR tables load only when a course page's dates are read
    from babel import Locale
    from babel.dates import get_month_names

    found: dict[str, int] = {}
    for code in DATE_LOCALES:
        locale = Locale.parse(code)
        for width in _WIDTHS:
            for context in _CONTEXTS:
                for number, name in get_month_names(width, context, locale).items():
                    if not _has_digit(name):
                        for spelling in _spellings(name):
                            found.setdefault(spelling, number)
    for spelling, number in EXTRA_MONTHS.items():
        found.setdefault(spelling, number)
    return found


@lru_cache(maxsize=1)
def weekday_names() -> frozenset[str]:
    """Every locale's weekday names, lower case ("tuesday", "mardi", "dienstag", "星期二")."""
    # deferred: babel's CLDR tables load only when a course page's dates are read
    from babel import Locale
    from babel.dates import get_day_names

    found: set[str] = set(EXTRA_WEEKDAYS)
    for code in DATE_LOCALES:
        locale = Locale.parse(code)
        for width in _WIDTHS:
            for context in _CONTEXTS:
                for name in get_day_names(width, context, locale).values():
                    found.update(_spellings(name))
    return frozenset(found)


@lru_cache(maxsize=64)
def numeric_order(language: str | None) -> str | None:
    """ "dm" or "md": how the language's short date format orders day and month; None when unknown."""
    if not language:
        return None
    # deferred: babel's CLDR tables load only when a course page's dates are read
    from babel import Locale, UnknownLocaleError
    from babel.dates import get_date_format

    try:
        pattern = get_date_format("short", Locale.parse(language.replace("-", "_"))).pattern
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    day, month = pattern.find("d"), pattern.find("M")
    if day < 0 or month < 0 or pattern.find("y") == 0:
        return None  # year-first orders (zh, ja, ko) print no a/b dates of this kind
    return "dm" if day < month else "md"
