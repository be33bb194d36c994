"""The independent generator itself: deterministic, its truth consistent (check digits, sex
and birth date against the number, validity periods), real card proportions, every nation
drawable in every installed font, pages with valid codes and amounts that add up."""

from __future__ import annotations

import datetime
from decimal import Decimal

import numpy as np
import pytest
from stdnum.cn import ric, uscc

from tests.corpora import cards, pages, photo, scoring


@pytest.mark.slow
def test_cards_are_deterministic_per_seed():
    for side in cards.SIDES:
        for difficulty in cards.DIFFICULTIES:
            a, ta = cards.make_card(3, side=side, difficulty=difficulty)
            b, tb = cards.make_card(3, side=side, difficulty=difficulty)
            assert ta == tb and np.array_equal(a, b), (side, difficulty)
    c, _ = cards.make_card(4, difficulty="hard")
    assert not np.array_equal(a, c) if a.shape == c.shape else True


def test_card_truth_is_consistent():
    xs = 0
    for seed in range(400):
        p = cards.person(seed)
        number = ric.validate(p["id_number"])
        xs += number.endswith("X")
        assert ric.get_birth_date(number).isoformat() == p["birth"]
        assert p["sex"] == ("男" if int(number[16]) % 2 else "女")
        assert 2 <= len(p["name"]) <= 4 and p["nation"] in cards.NATIONS
        issued = datetime.date.fromisoformat(p["valid_from"])
        born = datetime.date.fromisoformat(p["birth"])
        age = issued.year - born.year - ((issued.month, issued.day) < (born.month, born.day))
        if p["valid_to"] == "长期":
            assert age >= 46
        else:
            years = datetime.date.fromisoformat(p["valid_to"]).year - issued.year
            assert years == (5 if age < 16 else 10 if age <= 25 else 20)
    assert xs > 0  # some numbers end in X


def test_card_truth_keys_per_side():
    assert set(cards.make_card(1)[1]) == set(cards.FRONT_KEYS)
    back = cards.make_card(1, side="back")[1]
    assert set(back) == set(cards.BACK_KEYS)
    front = cards.person(1)
    assert back["valid_from"] == front["valid_from"]  # the same person on both sides


@pytest.mark.parametrize("side", cards.SIDES)
def test_cards_have_real_proportions_before_distortion(side):
    for ppm in (6.0, 9.5, 13.0):
        card, mask, _ = cards.render_card(7, side=side, ppm=ppm)
        h, w = card.shape[:2]
        assert abs(w / h - 85.6 / 54) < 0.02
        assert abs(w - 85.6 * ppm) <= 1 and mask.shape == (h, w)
        assert mask[0, 0] == 0 and mask[h // 2, w // 2] == 255  # rounded corners


def test_every_nation_renders_in_every_installed_font():
    families = photo.installed_families()
    if not families:
        pytest.skip("no CJK font installed")
    missing = {f: [n for n in cards.NATIONS if not photo.renders(f, n)] for f in families}
    assert all(not m for m in missing.values()), missing


def test_the_glyph_check_can_fail():
    family = photo.installed_families()[0]
    assert photo.has_glyph(family, "汉") and not photo.has_glyph(family, "\U000f0001")


def test_cards_use_several_fonts_and_wrap_addresses():
    assert len(photo.installed_families()) >= 3, photo.installed_families()
    lengths = [len(cards.person(s)["address"]) for s in range(200)]
    assert max(lengths) >= 30 and {len(cards.person(s)["name"]) for s in range(200)} >= {2, 3, 4}


def test_all_nations_occur():
    assert {cards.person(s)["nation"] for s in range(3000)} == set(cards.NATIONS)


def test_capital_numerals():
    assert pages.capital(Decimal(125000)) == "壹拾贰万伍仟元整"
    assert pages.capital(Decimal("100500.50")) == "壹拾万零伍佰元伍角"
    assert pages.capital(Decimal("1005.07")) == "壹仟零伍元零柒分"
    assert pages.capital(Decimal(30000000)) == "叁仟万元整"
    assert pages.written(Decimal(125000), "wan") == "12.5万元"


@pytest.mark.slow
def test_pages_are_deterministic_and_consistent():
    layouts = set()
    for seed in range(3):  # one page of each layout
        a, ta = pages.make_page(seed, difficulty="photo")
        b, tb = pages.make_page(seed, difficulty="photo")
        assert ta == tb and np.array_equal(a, b)
        layouts.add(ta["layout"])
        assert set(pages.FORM_KEYS) <= set(ta)
        if ta["defendant_kind"] == "organisation":
            uscc.validate(ta["defendant_id"])
        else:
            ric.validate(ta["defendant_id"])
        assert Decimal(ta["amount"]) > 0 and ta["claims"][-1] == "本案诉讼费用由被告承担"
        text = "".join(ta["lines"])
        assert ta["defendant_name"] in text and ta["defendant_phone"] in text
    assert layouts == set(pages.LAYOUTS)


def test_scoring_counts_exact_fields():
    truth = {"name": "张三", "birth": "1990-01-02", "claims": ["判令被告还款1万元", "本案诉讼费用由被告承担"],
             "amount": "10000.00"}
    read = {"name": {"value": "张 三"}, "birth_date": {"value": "1990-01-03"},
            "claims": {"value": "1.判令被告还款1万元；\n2.本案诉讼费用由被告承担。"}, "amount": {"value": "10000"}}
    sc = scoring.score([(truth, read)], truth)
    assert sc.exact == {"name": 1, "birth": 0, "claims": 1, "amount": 1}
    assert sc.misses == [(0, "birth", "1990-01-02", "1990-01-03")]
