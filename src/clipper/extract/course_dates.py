"""Dates as course pages print them, and the years those pages leave implicit.

    find_date("Sep 4 (Wed)")            -> DateMatch(month=9, day=4, year=None)
    find_date("9月12日")                 -> DateMatch(month=9, day=12, year=None)
    infer_year_rule(["Fall 2024"])      -> YearRule(2024)
    to_iso(match, rule, slash_order)    -> "2024-09-04", or None when not certain

Month and weekday names of every locale in `course_vocab.DATE_LOCALES` come
from CLDR (`course_locale`); the date forms are ISO, month-name-day,
day-month-name, `d.m.` (German), `a/b` and the CJK `M月d日` / `M월 d일`. `a/b` is
read as month/day or day/month only when the page's own dates, or the short
date format of its language, make the order clear (`slash_order`). A date
whose year is not printed takes it from a `YearRule`: the page's term, or
(`clipper.extract.course`) the year of the clip when the page names none;
without a rule the ISO date stays None rather than guessed. A date written
in other digits than ASCII (a Persian or an Arabic-Indic calendar date) keeps
its text and gets no ISO date: its calendar may not be the Gregorian one.
Nothing here raises on odd input.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from clipper.extract.course_locale import month_names, weekday_names
from clipper.extract.course_vocab_terms import ACADEMIC_YEAR_SPLIT_MONTH, TERM_PATTERNS

MIN_YEAR, MAX_YEAR = 1900, 2200
_LETTER_AFTER = r"(?![^\W\d_])"


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _date_pattern() -> re.Pattern[str]:
    """The date regex, built on first use from the CLDR names."""
    month = rf"(?:{_alternation(month_names())}){_LETTER_AFTER}"
    weekday = ""  # read backwards from a match (`_weekday_before`): one alternation compiled, not four
    return re.compile(
        "|".join(
            (
                r"(?P<iso>(?<!\d)(?P<iy>\d{4})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})(?!\d))",
                r"(?P<cjk>(?:(?P<cy>\d{4})\s*[年년]\s*)?(?<!\d)(?P<cm>\d{1,2})\s*[月월]\s*(?P<cd>\d{1,2})\s*[日号일]?)",
                rf"(?P<dm>{weekday}(?<![\d.])(?P<dmd>\d{{1,2}})(?:er|\.|st|nd|rd|th|º)?\s*(?:of\s+|de\s+|di\s+)?"
                rf"(?P<dmm>{month})\.?(?:,?\s+(?:de\s+)?(?P<dmy>\d{{4}})(?!\d))?)",
                rf"(?P<md>{weekday}(?P<mdm>{month})\.?\s*(?P<mdd>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
                rf"(?:,?\s+(?P<mdy>\d{{4}})(?!\d))?)",
                rf"(?P<dot>{weekday}(?<![\d.])(?P<dtd>\d{{1,2}})\.(?P<dtm>\d{{1,2}})\."
                rf"(?:(?P<dty>\d{{4}}|\d{{2}})(?!\d)|(?![\d.])))",
                rf"(?P<sl>{weekday}(?<![\d/.])(?P<sla>\d{{1,2}})/(?P<slb>\d{{1,2}})"
                rf"(?:/(?P<sly>\d{{4}}|\d{{2}}))?(?![\d/]))",
            )
        ),
        re.IGNORECASE,
    )


@dataclass(frozen=True)
class DateMatch:
    """A date found in a text; `slash` holds (a, b) of an `a/b` date of unknown order."""

    start: int
    end: int
    month: int | None = None
    day: int | None = None
    year: int | None = None
    slash: tuple[int, int] | None = None
    native: bool = False
    """Written in non-ASCII digits: the calendar may not be the Gregorian one, no ISO date."""


@dataclass(frozen=True)
class YearRule:
    """The year(s) a page is about: one year, or an academic year split in August."""

    first: int
    second: int | None = None

    def year_for(self, month: int) -> int:
        if self.second is not None and month < ACADEMIC_YEAR_SPLIT_MONTH:
            return self.second
        return self.first


def _full_year(digits: str | None) -> int | None:
    if not digits:
        return None
    year = int(digits)
    return year + 2000 if year < 100 else year


def _match_to_date(match: re.Match[str]) -> DateMatch | None:
    groups = match.groupdict()
    start, end = match.span()
    native = not match.group().isascii() and any(char.isdigit() and not char.isascii() for char in match.group())
    year: int | None
    if groups["iso"]:
        month, day, year = int(groups["im"]), int(groups["id"]), int(groups["iy"])
    elif groups["cjk"]:
        month, day, year = int(groups["cm"]), int(groups["cd"]), _full_year(groups["cy"])
    elif groups["md"]:
        month, day = month_names()[_bare(groups["mdm"])], int(groups["mdd"])
        year = _full_year(groups["mdy"])
    elif groups["dm"]:
        month, day = month_names()[_bare(groups["dmm"])], int(groups["dmd"])
        year = _full_year(groups["dmy"])
    elif groups["dot"]:
        month, day = int(groups["dtm"]), int(groups["dtd"])
        year = _full_year(groups["dty"])
    else:
        first, second = int(groups["sla"]), int(groups["slb"])
        if not (1 <= first <= 31 and 1 <= second <= 31) or (first > 12 and second > 12):
            return None
        return DateMatch(start, end, year=_full_year(groups["sly"]), slash=(first, second), native=native)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return DateMatch(start, end, month=month, day=day, year=year, native=native)


def _bare(name: str) -> str:
    return name.lower().rstrip(".")


@lru_cache(maxsize=8192)
def find_date(text: str) -> DateMatch | None:
    """The first plausible date in `text`, or None."""
    if not text or not any(char.isdigit() for char in text):
        return None
    pattern = _date_pattern()
    for match in pattern.finditer(text):
        if match.group("md"):
            # "mar. 1 févr.": "mar." is Tuesday, not March, when a day-month date starts at its digits
            inner = pattern.match(text, match.start("mdd"))
            match = inner if inner is not None and inner.group("dm") else match
        found = _match_to_date(match)
        if found is not None:
            return _with_weekday(text, found)
    return None


@lru_cache(maxsize=1)
def _weekday_before() -> re.Pattern[str]:
    names = _alternation(weekday_names())
    return re.compile(rf"(?<![^\W\d_])(?:{names})\.?,?\s*(?:[(（][^)）]{{0,12}}[)）])?\s+$", re.IGNORECASE)


WEEKDAY_WINDOW = 30


def _with_weekday(text: str, found: DateMatch) -> DateMatch:
    """The date with the weekday printed just before it ("Tuesday, Jan 9"), as the page writes it."""
    window = text[max(0, found.start - WEEKDAY_WINDOW) : found.start]
    before = _weekday_before().search(window) if window else None
    if before is None:
        return found
    return replace(found, start=found.start - (len(window) - before.start()))


_TIME_AFTER = re.compile(
    r"[,\s]*(?:(?:at|à|um|om|alle|a las)\s+)?(?P<time>\d{1,2}(?:[:.h]\d{2})?(?!\d)(?:\s*(?:am|pm|uhr|h)\b)?"
    r"(?:\s?[-–]\s?\d{1,2}(?:[:.h]\d{2})?(?!\d)(?:\s*(?:am|pm|uhr|h)\b)?)?)",
    re.IGNORECASE,
)
_TIME_MARK = re.compile(r"\d[:h.]\d|am|pm|uhr|h\b", re.IGNORECASE)


def time_end(text: str, end: int) -> int:
    """Where a time printed right after a date that ends at `end` ends ("Mon 3 Mar, 14:00–15:30",
    "2:00-3:30 pm", "14h00", "16–18 Uhr"), else `end`: a bare number ("Jan 28 – 1848") is no time."""
    found = _TIME_AFTER.match(text, end)
    if found is None or not _TIME_MARK.search(found.group("time")):
        return end
    return found.end()


LEADING_WINDOW = 60


def leading_date(text: str) -> DateMatch | None:
    """A date that opens `text` (after punctuation, spaces or a session number: "1; 3 février")."""
    found = find_date((text or "")[:LEADING_WINDOW])
    if found is None:
        return None
    before = _SESSION_NUMBER.sub("", text[: found.start], count=1)
    return None if any(char.isalnum() for char in before) else found


_SESSION_NUMBER = re.compile(r"^\s*[#№]?\w{1,3}\s*[;:)|–—-]\s+")


def is_date_text(text: str, slack: int = 20) -> bool:
    """Whether `text` is essentially a date ("Sep 4 (Wed)", "21.10.", "9/1")."""
    stripped = (text or "").strip()
    found = leading_date(stripped)
    return found is not None and len(stripped[found.end :].strip()) <= slack


def slash_order(matches: Iterable[DateMatch]) -> str | None:
    """ "md" or "dm" when the page's `a/b` dates show their order, else None."""
    month_first = day_first = False
    for match in matches:
        if match.slash is None:
            continue
        first, second = match.slash
        day_first = day_first or first > 12
        month_first = month_first or second > 12
    if month_first == day_first:
        return None
    return "md" if month_first else "dm"


def to_iso(match: DateMatch, rule: YearRule | None, order: str | None = None) -> str | None:
    """ISO `YYYY-MM-DD` when month, day and year are all certain, else None."""
    if match.native:
        return None
    month, day = match.month, match.day
    if match.slash is not None:
        if order is None:
            return None
        month, day = match.slash if order == "md" else match.slash[::-1]
    if month is None or day is None:
        return None
    year = match.year if match.year is not None else (rule.year_for(month) if rule else None)
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


ROC_YEAR_OFFSET = 1911
"""Taiwan's Minguo (ROC) years: 113 is 2024."""


def _term_from_match(match: re.Match[str], kind: str) -> YearRule | None:
    if kind == "roc":  # "113學年度": the academic year from August 2024 to July 2025
        first = int(match.group(1)) + ROC_YEAR_OFFSET
        return YearRule(first, first + 1)
    years = [_full_year(group) for group in match.groups() if group]
    if not years or years[0] is None or not 1900 <= years[0] <= 2200:
        return None
    if kind == "single":
        return YearRule(years[0])
    if len(years) < 2 or years[1] is None:
        return None
    second = years[1] if years[1] >= 1000 else years[0] // 100 * 100 + years[1] % 100
    return YearRule(years[0], second) if second == years[0] + 1 else None


def _first_term(text: str) -> YearRule | None:
    best: tuple[int, YearRule] | None = None
    for pattern, kind in TERM_PATTERNS:
        for match in re.finditer(pattern, text, re.IGNORECASE):
            rule = _term_from_match(match, kind)
            if rule is not None:
                if best is None or match.start() < best[0]:
                    best = (match.start(), rule)
                break
    return best[1] if best else None


def infer_year_rule(texts: Iterable[str]) -> YearRule | None:
    """The term of the first text (in order of authority) that names one."""
    for text in texts:
        rule = _first_term(text or "")
        if rule is not None:
            return rule
    return None


def lone_year(text: str) -> YearRule | None:
    """The year of a title that names exactly one ("Deep Learning 2024")."""
    years = set(re.findall(r"(?<!\d)(19\d{2}|20\d{2})(?!\d)", text or ""))
    return YearRule(int(years.pop())) if len(years) == 1 else None
