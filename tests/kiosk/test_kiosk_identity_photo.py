"""The identity a litigant confirms after OCR of their card's front (kiosk.services.identity)."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.services.identity import PhotoIdProblems, identity_from_photo

GOOD = {"name": "赵建文", "sex": "女", "nation": "汉", "birth_date": "1949年12月31日",
        "address": "北京市朝阳区建国路88号", "id_number": "11010519491231002x"}


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
