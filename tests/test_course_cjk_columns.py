"""Chinese, Japanese and Korean schedule tables whose speaker column comes before the title
column ("日期 | 讲者 | 题目", "날짜 | 발표자 | 제목"): the title column is named by its own header
word, so speakers are not read as titles; a speaker "to be announced" ("待定", "미정", "未定") is
no speaker."""

from __future__ import annotations

import pytest

from clipper.extract.course import extract_course
from clipper.extract.parse import parse_page

TABLE = """<html><head><title>{title}</title></head><body><h2>{label}</h2><table>
<tr><th>{date}</th><th>{speaker}</th><th>{topic}</th></tr>
<tr><td>2025-09-04</td><td>{name1}</td><td>T1</td></tr>
<tr><td>2025-09-11</td><td>{name2}</td><td>T2</td></tr>
<tr><td>2025-09-18</td><td>{tba}</td><td>T3</td></tr></table></body></html>"""

CASES = [
    dict(
        title="数据科学讨论班 2025秋",
        label="日程安排",
        date="日期",
        speaker="讲者",
        topic="题目",
        name1="李明",
        name2="周婷",
        tba="待定",
    ),
    dict(
        title="인공지능 세미나 2025",
        label="일정",
        date="날짜",
        speaker="발표자",
        topic="제목",
        name1="최민지",
        name2="정우성",
        tba="미정",
    ),
    dict(
        title="情報理論ゼミ 2025年度",
        label="日程",
        date="日付",
        speaker="講師",
        topic="タイトル",
        name1="山田 太郎",
        name2="佐藤 花子",
        tba="未定",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["topic"])
def test_the_title_column_is_named_by_its_header_and_a_speaker_to_be_announced_is_none(case: dict[str, str]) -> None:
    schedule = extract_course(parse_page(TABLE.format(**case), "https://example.edu/seminar/")).schedule
    assert [(session.titles, session.speakers) for session in schedule] == [
        (("T1",), (case["name1"],)),
        (("T2",), (case["name2"],)),
        (("T3",), ()),
    ]
