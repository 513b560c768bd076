"""A Taiwanese course page names its academic year in Minguo (ROC) years ("113學年度第1學期" is
2024-2025): its month-day dates ("9月2日") get their Gregorian year from it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from clipper.extract.course_dates import YearRule, infer_year_rule


@given(year=st.integers(min_value=100, max_value=199), space=st.sampled_from(["", " "]))
def test_an_roc_academic_year_is_the_gregorian_academic_year(year: int, space: str) -> None:
    assert infer_year_rule([f"資料結構 {year}{space}學年度第1學期"]) == YearRule(year + 1911, year + 1912)


def test_a_gregorian_year_is_not_read_as_an_roc_one() -> None:
    assert infer_year_rule(["2113學年度"]) is None  # not 2024-2025: 2113 is no Minguo year
