"""kiosk.recognition.places: an ID card address's county mended from the ID number."""

from __future__ import annotations

import pytest

from kiosk.recognition.places import county_of, mend_county

MIANCHI = "411221200208284118"  # 河南省三门峡市渑池县
XICHENG = "110102198001010011"  # 北京市西城区 (a municipality: no prefecture)


def test_the_county_an_id_number_names():
    assert county_of(MIANCHI) == ("河南省", "三门峡市", "渑池县")
    assert county_of(XICHENG) == ("北京市", "", "西城区")
    assert county_of("999999199001010000") == ("", "", "")


@pytest.mark.parametrize("read", [
    "河南省三门峡市浥池县德黄东路325号",  # a rare character read as a look-alike
    "河南省三门峡市池县德黄东路325号",  # dropped
    "河南省三门峡市渑池县德黄东路325号",  # read right: unchanged
])
def test_a_misread_county_is_the_numbers_county(read):
    assert mend_county(read, MIANCHI) == "河南省三门峡市渑池县德黄东路325号"


@pytest.mark.parametrize("read", [
    "北京市东城区东四十条1号",  # a real county one character away: the holder moved, left as read
    "河北省石家庄市晋州市兴解街道",  # another province than the number's
    "德黄东路325号",  # no province read
])
def test_an_address_elsewhere_is_left_as_read(read):
    assert mend_county(read, XICHENG if read.startswith("北京") else MIANCHI) == read


def test_a_county_of_a_municipality_is_mended_too():
    assert mend_county("北京市西域区东四十条1号", XICHENG) == "北京市西城区东四十条1号"


def test_a_bad_number_changes_nothing():
    assert mend_county("河南省三门峡市浥池县", "41122") == "河南省三门峡市浥池县"
    assert mend_county("河南省三门峡市浥池县", "ABCDEF200208284118") == "河南省三门峡市浥池县"
