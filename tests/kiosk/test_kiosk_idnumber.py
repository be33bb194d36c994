"""kiosk.domain.idnumber and kiosk.domain.masking."""

from __future__ import annotations

import datetime

import pytest

from kiosk.domain import idnumber
from kiosk.domain.idnumber import InvalidIdNumber, InvalidUscc, mask, validate, validate_uscc
from kiosk.domain.masking import mask_id, mask_name, mask_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("11010519491231002X", "11010519491231002X"),
        ("11010519491231002x", "11010519491231002X"),
        ("  210202198001010016\n", "210202198001010016"),
        ("２１０２０２１９８００１０１００１６", "210202198001010016"),  # full-width digits
        ("110105 19491231 002X", "11010519491231002X"),
    ],
)
def test_valid_numbers_are_normalised(raw, expected):
    assert validate(raw) == expected


def test_legacy_15_digit_number_is_converted():
    assert validate("210202800101001") == "210202198001010016"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("110105194912310021", "checksum"),  # last digit wrong
        ("11010519491231002Y", "chars"),
        ("1101051949X231002X", "chars"),
        ("11010519491231002", "length"),
        ("1101051949123100211", "length"),
        ("", "length"),
        ("   ", "length"),
        ("110105194913310021", "birth_date"),  # month 13, correct check digit
        ("110105194902290029", "birth_date"),  # 1949 was not a leap year
        ("110105209901010020", "birth_date"),  # in the future
        ("110105491331002", "birth_date"),  # legacy form, month 13
    ],
)
def test_invalid_numbers_give_a_reason_code(raw, reason):
    with pytest.raises(InvalidIdNumber) as info:
        validate(raw)
    assert info.value.reason_code == reason
    assert info.value.reason_code in idnumber.REASONS
    if raw.strip():
        assert raw.strip() not in str(info.value)  # the message never carries the number


def test_future_date_is_relative_to_today():
    assert validate("110105209901010020", today=datetime.date(2100, 1, 1)) == "110105209901010020"


def test_birth_date_and_sex():
    assert idnumber.birth_date("11010519491231002X") == datetime.date(1949, 12, 31)
    assert idnumber.sex("11010519491231002X") == "F"  # sequence 002: even
    assert idnumber.sex("210202198001010016") == "M"  # sequence 001: odd


def test_mask_keeps_length_and_shows_3_and_4():
    assert mask("210202198001010016") == "210***********0016"
    assert len(mask("11010519491231002X")) == 18
    assert mask("11010519491231002X") == "110***********002X"
    assert mask_id("210202198001010016") == "210***********0016"
    assert mask("12345") == "*****"


def test_uscc():
    assert validate_uscc(" 91110000600037341l ") == "91110000600037341L"
    for raw, reason in [("91110000600037341M", "checksum"), ("9111000060003734", "length"), ("", "length")]:
        with pytest.raises(InvalidUscc) as info:
            validate_uscc(raw)
        assert info.value.reason_code == reason


@pytest.mark.parametrize(
    ("name", "masked"),
    [("张三", "张*"), ("欧阳娜娜", "欧***"), ("李", "*"), ("", ""), (" 王小明 ", "王**")],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138-1234-5678", "138-****-5678"),
        ("+86 13812345678", "+86 138****5678"),
        ("010-62345678", "***-****5678"),
        ("1234", "****"),
    ],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked
