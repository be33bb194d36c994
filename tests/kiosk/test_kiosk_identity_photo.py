"""The identity a litigant confirms after OCR of their card's front (kiosk.services.identity)."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.services.identity import PhotoIdProblems, identity_from_photo

GOOD = {"name": "赵建文", "sex": "女", "nation": "汉", "birth_date": "1949年12月31日",
        "address": "北京市朝阳区建国路88号", "id_number": "11010519491231002x", "valid_to": "长期"}
TODAY = date(2026, 3, 1)


def test_a_consistent_card_gives_a_photo_identity():
    identity = identity_from_photo(GOOD)
    assert identity.source == "photo" and identity.valid_to is None
    assert identity.id_number == "11010519491231002X" and identity.birth_date == date(1949, 12, 31)
    assert identity_from_photo({**GOOD, "birth_date": "1949-12-31"}).birth_date == date(1949, 12, 31)


@pytest.mark.parametrize("change, problems", [
    ({"id_number": "110105194912310021"}, {"id_number": "id_checksum"}),
    ({"birth_date": "1950-01-01"}, {"birth_date": "mismatch_id_number"}),
    ({"birth_date": "1949-13-31"}, {"birth_date": "date_invalid"}),
    ({"sex": "男"}, {"sex": "mismatch_id_number"}),
    ({"sex": "?"}, {"sex": "required"}),
    ({"name": "赵", "address": ""}, {"name": "required", "address": "required"}),
])
def test_each_problem_is_named_by_field(change, problems):
    with pytest.raises(PhotoIdProblems) as caught:
        identity_from_photo({**GOOD, **change})
    assert caught.value.problems == problems
    assert "赵" not in str(caught.value) and "1101" not in str(caught.value)  # safe to log


@pytest.mark.parametrize("typed, valid_to", [
    ("2016.05.01-2036.05.01", date(2036, 5, 1)),
    ("2016年5月1日 至 2036年5月1日", date(2036, 5, 1)),
    ("2026-03-01", date(2026, 3, 1)),  # valid through today
    ("长期", None),
])
def test_the_validity_from_the_cards_back_is_checked(typed, valid_to):
    assert identity_from_photo({**GOOD, "valid_to": typed}, TODAY).valid_to == valid_to


@pytest.mark.parametrize("typed, code", [
    ("", "required"),
    ("2006.02.28-2026.02.28", "card_expired"),  # a period of 20 years that ended yesterday
    ("2026.02.28", "card_expired"),
    ("2016.05.01-2037.05.01", "validity_invalid"),  # 21 years: no card has that
    ("2027.05.01-2037.05.01", "validity_invalid"),  # starts in the future
    ("2016.02.30-2036.02.30", "validity_invalid"),
    ("soon", "validity_invalid"),
    ("2036.05.01 or so", "validity_invalid"),
])
def test_an_expired_or_unreadable_validity_is_refused(typed, code):
    with pytest.raises(PhotoIdProblems) as caught:
        identity_from_photo({**GOOD, "valid_to": typed}, TODAY)
    assert caught.value.problems == {"valid_to": code}


def test_long_term_only_for_a_holder_of_46_or_more():
    young = {**GOOD, "birth_date": "2000-01-01", "sex": "男", "id_number": "110105200001010016"}
    with pytest.raises(PhotoIdProblems) as caught:
        identity_from_photo({**young, "valid_to": "长期"}, TODAY)
    assert caught.value.problems == {"valid_to": "validity_invalid"}
    assert identity_from_photo({**young, "valid_to": "2020.01.01-2030.01.01"}, TODAY).valid_to == date(2030, 1, 1)
