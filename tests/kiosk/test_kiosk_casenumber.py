"""kiosk.domain.casenumber: parsing what people type, canonical formatting."""

from __future__ import annotations

import pytest

from kiosk.domain.casenumber import CaseNumber, InvalidCaseNumber, is_court_code, parse


@pytest.mark.parametrize(
    ("text", "expected", "canonical"),
    [
        ("(2023)辽02民终3815号", CaseNumber(2023, "辽02", "", "民终", 3815), "（2023）辽02民终3815号"),
        ("（2023）辽02民终3815号", CaseNumber(2023, "辽02", "", "民终", 3815), "（2023）辽02民终3815号"),
        ("（2026）京0105民初12号", CaseNumber(2026, "京0105", "", "民初", 12), "（2026）京0105民初12号"),
        ("（２０２６）京０１０５民初１２号", CaseNumber(2026, "京0105", "", "民初", 12), "（2026）京0105民初12号"),
        (" (2026) 京0105 民初 12 号 ", CaseNumber(2026, "京0105", "", "民初", 12), "（2026）京0105民初12号"),
        ("〔2021〕京73民初100号", CaseNumber(2021, "京73", "", "民初", 100), "（2021）京73民初100号"),
        ("(2019)最高法知民终1号", CaseNumber(2019, "最高法", "知", "民终", 1), "（2019）最高法知民终1号"),
        ("(2024)辽72执保5号", CaseNumber(2024, "辽72", "", "执保", 5), "（2024）辽72执保5号"),
        ("(2022)京执复12号", CaseNumber(2022, "京", "", "执复", 12), "（2022）京执复12号"),
        ("(2022)京0105民诉前调300号", CaseNumber(2022, "京0105", "", "民诉前调", 300), "（2022）京0105民诉前调300号"),
        ("(2023)辽02民终03815号", CaseNumber(2023, "辽02", "", "民终", 3815), "（2023）辽02民终3815号"),
    ],
)
def test_parse_current_form(text, expected, canonical):
    number = parse(text)
    assert number == expected
    assert number.format() == canonical
    assert str(number) == canonical
    assert parse(number.format()) == number


def test_parse_pre_2016_form():
    number = parse("(2012)曲中法执字第66号")
    assert number == CaseNumber(2012, "曲中法", "", "执", 66, legacy=True)
    assert number.format() == "（2012）曲中法执字第66号"
    assert parse("（2013）沪一中民四(商)终字第123号").case_type == "民四(商)终"
    assert parse("（2013）沪一中民四(商)终字第123号").court_code == "沪一中"
    assert parse("(2010)朝民初字第12345号").court_code == "朝"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "2023辽02民终3815号",  # no brackets
        "(2023)辽02民终号",  # no serial
        "(2023)辽02民终3815",  # no 号
        "(2023)辽02民终0号",  # serial must be positive
        "(23)辽02民终3815号",
        "(1900)辽02民终3815号",
        "(2023)XX02民终3815号",  # not a court code
        "(2023)辽002民终3815号",  # 3 digits
        "(2023)辽02abc3815号",
        "(2023)辽02民终民终民终3815号",  # case type too long
        "(2023)辽02民终3815号 extra",
        "(2012)曲中法字第66号",  # legacy without a case type
    ],
)
def test_garbage_is_rejected(text):
    with pytest.raises(InvalidCaseNumber):
        parse(text)


def test_court_codes():
    for code in ("最高法", "京", "辽02", "京0105", "辽72", "兵"):
        assert is_court_code(code)
    for code in ("", "最高", "X", "京1", "京012", "京01050"):
        assert not is_court_code(code)
