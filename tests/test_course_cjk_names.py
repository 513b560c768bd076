"""Names written the Chinese, Japanese and Korean way: the title comes after the name
("王建国 教授", "김민수 교수"), lists are cut at "、" as well as at commas, and a line under
a people label that holds only Han or Hangul names gives each of them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st


def test_a_title_after_a_cjk_name_is_not_part_of_it():
    from clipper.extract.course_names import strip_honorifics

    assert strip_honorifics("王建国 教授") == "王建国"
    assert strip_honorifics("김민수 교수") == "김민수"
    assert strip_honorifics("山田太郎先生") == "山田太郎"
    assert strip_honorifics("Prof. Jane Doe") == "Jane Doe"


def test_a_line_of_cjk_names_gives_each_name_and_anything_else_gives_none():
    from clipper.extract.course_names import cjk_names

    assert cjk_names("이지은, 박서준") == ["이지은", "박서준"]
    assert cjk_names("李娜、刘洋") == ["李娜", "刘洋"]
    assert cjk_names("王建国 教授 (wang@example.edu)") == ["王建国"]
    assert cjk_names("本课程介绍操作系统的基本概念") == []  # a sentence, not names
    assert cjk_names("李娜、Operating Systems") == []


def test_teaching_assistants_under_a_cjk_label_are_tas_not_instructors():
    from tests.test_course import fixture

    for name in ("ko-gangui-iljeong", "zh-jiaoxue-anpai"):
        roles = [(person.name, person.role) for person in fixture(name).instructors]
        assert roles[0][1] == "instructor"
        assert {role for _, role in roles[1:]} == {"teaching assistant"}


@given(st.text(alphabet=st.sampled_from("王李张刘이김박、,，教授 ()@.ax"), max_size=30))
def test_cjk_names_are_short_pieces_of_the_line(text):
    from clipper.extract.course_names import cjk_names

    for name in cjk_names(text):
        letters = name.replace(" ", "").replace("\u3000", "")
        assert name in " ".join(text.split())  # spaces collapsed, never joined across anything else
        assert 2 <= len(letters) <= 5 and (len(letters) <= 4 or letters != name)


def test_a_japanese_name_may_hold_a_space_between_family_and_given_name():
    from clipper.extract.course_names import cjk_names

    assert cjk_names("山田 太郎 教授、佐藤 花子 准教授") == ["山田 太郎", "佐藤 花子"]
    assert cjk_names("佐々木 一郎") == ["佐々木 一郎"]


def test_a_name_never_runs_on_across_an_e_mail():
    from clipper.extract.course_names import cjk_names, split_names

    assert split_names("Jane Doe jane@example.edu Bob Roe") == ["Jane Doe", "Bob Roe"]
    assert cjk_names("刘 @@@ 刘") == []


def test_a_korean_main_schedule_heading_is_the_schedule_not_an_excluded_section():
    from clipper.extract.course import extract_course
    from clipper.extract.parse import parse_page

    rows = "".join(f"<tr><td>3월 {day}일</td><td>주제 {day}</td></tr>" for day in (4, 11, 18))
    html = (
        "<html lang='ko'><head><title>자료구조 (2025년 1학기)</title></head><body><h1>자료구조</h1>"
        "<h2>강의 개요</h2><p>이 강의는 기본적인 자료구조를 다룬다.</p>"
        f"<h2>주요 일정</h2><table><tr><th>날짜</th><th>주제</th></tr>{rows}</table></body></html>"
    )
    schedule = extract_course(parse_page(html, "https://example.edu/ds/")).schedule
    assert [session.date for session in schedule] == ["2025-03-04", "2025-03-11", "2025-03-18"]
