"""Decree 481 fee vectors at every bracket edge, worked out by hand from the law.

Every expected figure below is a literal computed on paper from the Decree's
scales (the working is in the comments), never by calling the code under test.
For each edge: the edge itself, one fen above it (usually invisible once
rounded to the fen), one yuan above it (the next rate shows) and one yuan
below it.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import pytest

from kiosk.domain.fees import FeeError, FeeSchedule, ReliefRequest, calculate

D = Decimal


def check(quote, fee: str) -> None:
    assert quote.total == D(fee), (quote.kind, quote.amount, quote.total)
    assert str(quote.total) == fee  # the quantum shows: "50.00", not "50"
    assert sum(line.amount for line in quote.breakdown) == quote.total


# Art. 13(一) property cases. Running totals at the edges:
#   1万 50 | 10万 50 + 90,000 * 2.5% = 2,300 | 20万 + 100,000 * 2% = 4,300 | 50万 + 300,000 * 1.5% = 8,800
#   100万 + 500,000 * 1% = 13,800 | 200万 + 1,000,000 * 0.9% = 22,800 | 500万 + 3,000,000 * 0.8% = 46,800
#   1000万 + 5,000,000 * 0.7% = 81,800 | 2000万 + 10,000,000 * 0.6% = 141,800 | above: 0.5%
PROPERTY = [
    ("0.01", "50.00"),
    ("9999", "50.00"),
    ("10000", "50.00"),
    ("10000.01", "50.00"),  # 50.00025
    ("10001", "50.03"),  # 50.025 half up
    ("99999", "2299.98"),  # 2,300 - 0.025 = 2,299.975
    ("100000", "2300.00"),
    ("100000.01", "2300.00"),  # 2,300.0002
    ("100001", "2300.02"),  # + 2%
    ("199999", "4299.98"),
    ("200000", "4300.00"),
    ("200000.01", "4300.00"),  # 4,300.00015
    ("200001", "4300.02"),  # 4,300.015 half up
    ("499999", "8799.99"),  # 8,799.985 half up
    ("500000", "8800.00"),
    ("500000.01", "8800.00"),
    ("500001", "8800.01"),  # + 1%
    ("999999", "13799.99"),
    ("1000000", "13800.00"),
    ("1000000.01", "13800.00"),
    ("1000001", "13800.01"),  # 13,800.009
    ("1999999", "22799.99"),  # 22,799.991
    ("2000000", "22800.00"),
    ("2000000.01", "22800.00"),
    ("2000001", "22800.01"),  # 22,800.008
    ("4999999", "46799.99"),  # 46,799.992
    ("5000000", "46800.00"),
    ("5000000.01", "46800.00"),
    ("5000001", "46800.01"),  # 46,800.007
    ("9999999", "81799.99"),  # 81,799.993
    ("10000000", "81800.00"),
    ("10000000.01", "81800.00"),
    ("10000001", "81800.01"),  # 81,800.006
    ("19999999", "141799.99"),  # 141,799.994
    ("20000000", "141800.00"),
    ("20000000.01", "141800.00"),  # 141,800.00005
    ("20000001", "141800.01"),  # 141,800.005 half up
    ("100000000", "541800.00"),  # + 80,000,000 * 0.5%
]


@pytest.mark.parametrize(("amount", "fee"), PROPERTY)
def test_property_edges(amount, fee):
    check(calculate("property", amount), fee)


# Art. 14(一) enforcement: 1万 50 | 50万 50 + 490,000 * 1.5% = 7,400 | 500万 + 4,500,000 * 1% = 52,400
#   1000万 + 5,000,000 * 0.5% = 77,400 | above: 0.1%
ENFORCEMENT = [
    (None, "50.00"),  # no amount: the schedule's figure (lower bound by default)
    ("10000", "50.00"),
    ("10000.01", "50.00"),  # 50.00015
    ("10001", "50.02"),  # 50.015 half up
    ("499999", "7399.99"),  # 7,399.985
    ("500000", "7400.00"),
    ("500000.01", "7400.00"),
    ("500001", "7400.01"),
    ("4999999", "52399.99"),
    ("5000000", "52400.00"),
    ("5000000.01", "52400.00"),
    ("5000001", "52400.01"),  # 52,400.005 half up
    ("9999999", "77400.00"),  # 77,399.995 half up
    ("10000000", "77400.00"),
    ("10000000.01", "77400.00"),
    ("10000001", "77400.00"),  # 77,400.001
    ("10000100", "77400.10"),
    ("20000000", "87400.00"),  # + 10,000,000 * 0.1%
]


@pytest.mark.parametrize(("amount", "fee"), ENFORCEMENT)
def test_enforcement_edges(amount, fee):
    quote = calculate("enforcement", amount)
    check(quote, fee)
    assert quote.prepay is False and quote.payable_now == D("0.00")  # paid after enforcement (Art. 20)


def test_enforcement_without_amount_uses_the_province_figure():
    check(calculate("enforcement", schedule=FeeSchedule(enforcement_without_amount=500)), "500.00")


# Art. 14(二) preservation: 1,000 or none 30 | 10万 30 + 99,000 * 1% = 1,020 | above 0.5% | at most 5,000.
# The cap is reached where 1,020 + (X - 100,000) * 0.5% = 5,000: X = 896,000.
PRESERVATION = [
    (None, "30.00"),
    ("1", "30.00"),
    ("1000", "30.00"),
    ("1000.01", "30.00"),  # 30.0001
    ("1001", "30.01"),
    ("99999", "1019.99"),
    ("100000", "1020.00"),
    ("100000.01", "1020.00"),
    ("100001", "1020.01"),  # 1,020.005 half up
    ("895999", "5000.00"),  # 4,999.995 half up
    ("896000", "5000.00"),  # exactly the cap
    ("896000.01", "5000.00"),  # 5,000.00005 -> capped
    ("896001", "5000.00"),  # 5,000.005 -> capped
    ("2000000", "5000.00"),  # 10,520 -> capped
]


@pytest.mark.parametrize(("amount", "fee"), PRESERVATION)
def test_preservation_edges(amount, fee):
    check(calculate("preservation", amount), fee)


def test_preservation_cap_line():
    below = calculate("preservation", "896000")
    assert not any("5000" in line.label for line in below.breakdown)
    above = calculate("preservation", "896001")
    assert "5000" in above.breakdown[-1].label
    assert above.breakdown[-1].amount == D("-0.01")  # 5,000.01 rounded, less 0.01
    assert calculate("preservation", "2000000").breakdown[-1].amount == D("-5520.00")


# Art. 14 bankruptcy: half the property fee, at most 300,000. Cap: property fee 600,000, i.e.
# 141,800 + (X - 20,000,000) * 0.5% = 600,000: X = 111,640,000.
BANKRUPTCY = [
    ("10000", "25.00"),
    ("10001", "25.01"),  # 50.025 / 2 = 25.0125
    ("1000000", "6900.00"),
    ("20000000", "70900.00"),
    ("111639000", "299997.50"),  # (600,000 - 5) / 2
    ("111639999", "300000.00"),  # 599,999.995 / 2 = 299,999.9975 half up
    ("111640000", "300000.00"),  # exactly the cap
    ("111640000.01", "300000.00"),
    ("111640001", "300000.00"),  # 300,000.0025 -> capped
    ("1000000000", "300000.00"),
]


@pytest.mark.parametrize(("amount", "fee"), BANKRUPTCY)
def test_bankruptcy_edges(amount, fee):
    quote = calculate("bankruptcy", amount)
    check(quote, fee)
    assert quote.prepay is False  # paid after liquidation (Art. 20)


# Art. 14(三) payment order: one third of the property fee.
PAYMENT_ORDER = [
    ("10000", "16.67"),  # 50 / 3 = 16.666...
    ("10001", "16.68"),  # 50.025 / 3 = 16.675 half up
    ("100000", "766.67"),  # 2,300 / 3
    ("200000", "1433.33"),  # 4,300 / 3
    ("300000", "1933.33"),  # 5,800 / 3
    ("1000000", "4600.00"),  # 13,800 / 3
]


@pytest.mark.parametrize(("amount", "fee"), PAYMENT_ORDER)
def test_payment_order_edges(amount, fee):
    check(calculate("payment_order", amount), fee)


# Art. 13(二) divorce: the per-case figure (default 50) plus 0.5% of property to divide above 200,000.
DIVORCE = [
    (None, "50.00"),
    ("199999", "50.00"),
    ("200000", "50.00"),
    ("200000.01", "50.00"),  # 50.00005
    ("200001", "50.01"),  # 50.005 half up
    ("300000", "550.00"),
    ("1000000", "4050.00"),  # 50 + 800,000 * 0.5%
]


@pytest.mark.parametrize(("amount", "fee"), DIVORCE)
def test_divorce_edges(amount, fee):
    check(calculate("divorce", amount), fee)


def test_divorce_with_the_province_figure():
    check(calculate("divorce", "300000", schedule=FeeSchedule(divorce=300)), "800.00")


# Art. 13(二) personality rights: per case (default 100) plus damages 5万-10万 at 1%, above 10万 at 0.5%.
PERSONALITY = [
    (None, "100.00"),
    ("50000", "100.00"),
    ("50000.01", "100.00"),  # 100.0001
    ("50001", "100.01"),
    ("99999", "599.99"),
    ("100000", "600.00"),  # 100 + 50,000 * 1%
    ("100000.01", "600.00"),
    ("100001", "600.01"),  # 600.005 half up
    ("150000", "850.00"),  # + 50,000 * 0.5%
]


@pytest.mark.parametrize(("amount", "fee"), PERSONALITY)
def test_personality_rights_edges(amount, fee):
    check(calculate("personality_rights", amount), fee)


# Halving (Arts. 15, 16, 18): each ground on its own, and two or three grounds at once.
HALVING = [
    ("property", "100000", {"simple_procedure": True}, "1150.00"),
    ("property", "100000", {"mediated_or_withdrawn": True}, "1150.00"),
    ("property", "100000", {"counterclaim": True}, "1150.00"),
    ("property", "10001", {"simple_procedure": True}, "25.01"),  # 50.025 / 2 = 25.0125
    ("property", "10001", {"counterclaim": True}, "25.01"),
    ("property", "200001", {"mediated_or_withdrawn": True}, "2150.01"),  # 4,300.015 / 2 = 2,150.0075
    ("divorce", "300000", {"mediated_or_withdrawn": True}, "275.00"),
    ("labour", None, {"simple_procedure": True}, "5.00"),
    ("administrative", None, {"mediated_or_withdrawn": True}, "25.00"),
    ("ip", None, {"counterclaim": True}, "250.00"),
]


@pytest.mark.parametrize(("kind", "amount", "flags", "fee"), HALVING)
def test_halving_each_ground(kind, amount, flags, fee):
    quote = calculate(kind, amount, **flags)
    check(quote, fee)
    assert quote.breakdown[-1].rate == D("-0.5")


@pytest.mark.parametrize(
    ("flags", "stack", "fee"),
    [
        ({"simple_procedure": True, "mediated_or_withdrawn": True}, False, "25.01"),  # halved once
        ({"simple_procedure": True, "mediated_or_withdrawn": True}, True, "12.51"),  # 50.025 / 4 = 12.50625
        ({"simple_procedure": True, "mediated_or_withdrawn": True, "counterclaim": True}, False, "25.01"),
        ({"simple_procedure": True, "mediated_or_withdrawn": True, "counterclaim": True}, True, "6.25"),  # / 8
    ],
)
def test_halving_stacks_per_config(flags, stack, fee):
    quote = calculate("property", "10001", schedule=FeeSchedule(stack_halving=stack), **flags)
    check(quote, fee)
    halvings = [line for line in quote.breakdown if line.rate == D("-0.5")]
    assert len(halvings) == (len(flags) if stack else 1)


# Appeals (Art. 17): the same scale on the part of the judgment appealed; fixed fees unchanged.
APPEALS = [
    ("property", "100000", {}, "2300.00"),
    ("property", "10001", {}, "50.03"),
    ("property", "100000", {"mediated_or_withdrawn": True}, "1150.00"),
    ("divorce", None, {}, "50.00"),
    ("divorce", "300000", {}, "550.00"),
    ("personality_rights", "100000", {}, "600.00"),
    ("labour", None, {}, "10.00"),
    ("administrative_special", None, {}, "100.00"),
]


@pytest.mark.parametrize(("kind", "amount", "flags", "fee"), APPEALS)
def test_appeal_on_the_part_appealed(kind, amount, flags, fee):
    quote = calculate(kind, amount, appeal=True, **flags)
    check(quote, fee)
    assert quote.appeal is True
    first = quote.breakdown[0]
    assert "第十七条" in first.label and first.amount == D("0.00")
    assert first.base == (None if amount is None else D(amount))


@pytest.mark.parametrize(
    ("kind", "amount", "flags"),
    [
        ("property", "100000", {"simple_procedure": True}),
        ("property", "100000", {"counterclaim": True}),
        ("preservation", "100000", {}),
        ("enforcement", "100000", {}),
        ("payment_order", "100000", {}),
    ],
)
def test_appeal_refusals(kind, amount, flags):
    with pytest.raises(FeeError):
        calculate(kind, amount, appeal=True, **flags)


# Relief (Arts. 44-48): the fee if granted; the fee before relief is kept.
RELIEF = [
    ("property", "100000", {}, ("waive", "disabled_no_income", None), "2300.00", "0.00", "0.00"),
    ("property", "100000", {}, ("waive", "support_claim", None), "2300.00", "0.00", "0.00"),
    ("property", "100000", {}, ("reduce", "disaster_hardship", "0.3"), "2300.00", "1610.00", "1610.00"),
    ("property", "100000", {}, ("reduce", "special_care", "0.5"), "2300.00", "1150.00", "1150.00"),
    ("property", "100000", {}, ("reduce", "other_reduce", "0.99"), "2300.00", "23.00", "23.00"),
    ("property", "10001", {}, ("reduce", "other_reduce", "0.3"), "50.03", "35.02", "35.02"),  # 50.025 * 0.7
    ("property", "100000", {}, ("defer", "legal_aid", None), "2300.00", "2300.00", "0.00"),
    ("property", "100000", {}, ("defer", "accident_victim", None), "2300.00", "2300.00", "0.00"),
    ("property", "100000", {"simple_procedure": True}, ("reduce", "other_reduce", "0.5"), "1150.00", "575.00",
     "575.00"),
    ("divorce", "300000", {}, ("waive", "other_waive", None), "550.00", "0.00", "0.00"),
    ("labour", None, {}, ("defer", "social_insurance_claim", None), "10.00", "10.00", "0.00"),
    ("preservation", "2000000", {}, ("reduce", "other_reduce", "0.5"), "5000.00", "2500.00", "2500.00"),
]


@pytest.mark.parametrize(("kind", "amount", "flags", "asked", "before", "fee", "now"), RELIEF)
def test_relief(kind, amount, flags, asked, before, fee, now):
    relief_kind, ground, share = asked
    relief = ReliefRequest(relief_kind, ground, None if share is None else D(share))
    quote = calculate(kind, amount, relief=relief, **flags)
    check(quote, fee)
    assert quote.fee_before_relief == D(before)
    assert quote.payable_now == D(now)
    assert quote.relief == relief
    line = quote.breakdown[-1]
    assert line.base == D(before) and line.amount == D(fee) - D(before)
    assert relief.ground_info.label in line.label and relief.ground_info.article in line.label
    assert quote.notes and "人民法院" in quote.notes[-1]


@pytest.mark.parametrize(
    ("spec", "ground", "share"),
    [("reduce:0.5", "other_reduce", "0.5"), ("reduce:30%", "other_reduce", "0.3"), ("waive", "other_waive", None),
     ("defer", "legal_aid", None)],
)
def test_relief_parse(spec, ground, share):
    relief = ReliefRequest.parse(spec, ground)
    assert relief.share == (None if share is None else D(share))


@pytest.mark.parametrize(
    ("spec", "ground", "natural_person"),
    [
        ("reduce:0.29", "other_reduce", True),  # below 30% (Art. 46)
        ("reduce:1", "other_reduce", True),  # all of it is a waiver
        ("reduce", "other_reduce", True),  # no share
        ("reduce:half", "other_reduce", True),
        ("waive:0.5", "other_waive", True),  # a share only for a reduction
        ("waive", "other_waive", False),  # waiving is for natural persons (Art. 44)
        ("waive", "legal_aid", True),  # a deferral ground
        ("defer", "support_claim", True),  # a waiver ground
        ("waive", "no_such_ground", True),
        ("forgive", "other_waive", True),
        ("reduce:0.5", "welfare_institution", True),  # an institution's ground
    ],
)
def test_relief_refusals(spec, ground, natural_person):
    with pytest.raises(FeeError):
        ReliefRequest.parse(spec, ground, natural_person=natural_person)


def test_welfare_institution_may_ask_for_a_reduction():
    relief = ReliefRequest.parse("reduce:0.4", "welfare_institution", natural_person=False)
    check(calculate("property", "100000", relief=relief), "1380.00")  # 2,300 * 0.6


def test_unpaid_wages_are_not_prepaid():
    quote = calculate("labour", unpaid_wages=True)
    check(quote, "10.00")
    assert quote.prepay is False and quote.payable_now == D("0.00")
    assert "第二十条" in quote.breakdown[-1].label
    quote = calculate("property", "50000", unpaid_wages=True)  # 50 + 40,000 * 2.5%
    check(quote, "1050.00")
    assert quote.payable_now == D("0.00")
    with pytest.raises(FeeError):
        calculate("preservation", "50000", unpaid_wages=True)


# Rounding rules and quanta.
ROUNDING = [
    ("10001", ROUND_HALF_UP, "0.01", "50.03"),  # 50.025
    ("10001", ROUND_HALF_EVEN, "0.01", "50.02"),
    ("10001", ROUND_DOWN, "0.01", "50.02"),
    ("10003", ROUND_HALF_UP, "0.01", "50.08"),  # 50.075
    ("10003", ROUND_HALF_EVEN, "0.01", "50.08"),
    ("10003", ROUND_DOWN, "0.01", "50.07"),
    ("20000001", ROUND_HALF_UP, "0.01", "141800.01"),  # 141,800.005
    ("20000001", ROUND_HALF_EVEN, "0.01", "141800.00"),
    ("20000001", ROUND_DOWN, "0.01", "141800.00"),
    ("10020", ROUND_HALF_UP, "1", "51"),  # 50.5
    ("10020", ROUND_HALF_EVEN, "1", "50"),
    ("10020", ROUND_DOWN, "1", "50"),
    ("10060", ROUND_HALF_UP, "1", "52"),  # 51.5
    ("10060", ROUND_HALF_EVEN, "1", "52"),
    ("10060", ROUND_DOWN, "1", "51"),
    ("10079.99", ROUND_HALF_UP, "1", "52"),  # 51.99975
    ("10079.99", ROUND_DOWN, "1", "51"),
]


@pytest.mark.parametrize(("amount", "rule", "quantum", "fee"), ROUNDING)
def test_rounding_variants(amount, rule, quantum, fee):
    check(calculate("property", amount, rounding=rule, quantum=quantum), fee)
    check(calculate("property", amount, schedule=FeeSchedule(rounding=rule, quantum=quantum)), fee)


@pytest.mark.parametrize(
    ("kind", "amount", "flags", "rule", "quantum", "fee"),
    [
        ("property", "100001", {"simple_procedure": True}, ROUND_HALF_UP, "1", "1150"),  # 1,150.01
        ("property", "100060", {"simple_procedure": True}, ROUND_HALF_UP, "1", "1151"),  # 2,301.2 / 2 = 1,150.6
        ("enforcement", "9999999", {}, ROUND_HALF_EVEN, "0.01", "77400.00"),  # 77,399.995: 9 is odd, up
        ("enforcement", "9999999", {}, ROUND_DOWN, "0.01", "77399.99"),
        ("preservation", "895999", {}, ROUND_DOWN, "0.01", "4999.99"),  # 4,999.995
        ("payment_order", "10001", {}, ROUND_HALF_EVEN, "0.01", "16.68"),  # 16.675: 7 is odd, up
        ("payment_order", "10001", {}, ROUND_DOWN, "0.01", "16.67"),
        ("bankruptcy", "111639999", {}, ROUND_DOWN, "0.01", "299999.99"),  # 299,999.9975
        ("payment_order", "100000", {}, ROUND_HALF_UP, "1", "767"),  # 766.67
    ],
)
def test_rounding_variants_other_kinds(kind, amount, flags, rule, quantum, fee):
    check(calculate(kind, amount, rounding=rule, quantum=quantum, **flags), fee)
