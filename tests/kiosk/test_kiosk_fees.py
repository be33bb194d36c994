"""kiosk.domain.fees: Decree 481 values computed by hand, breakdowns, adjustments, rounding."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal

import pytest

from kiosk.domain.fees import (
    FeeError,
    FeeKind,
    FeeSchedule,
    InvalidAmount,
    calculate,
    enforcement_fee,
    parse_amount,
    preservation_fee,
    property_case_fee,
)

D = Decimal


# Hand computation, cumulative brackets (Art. 13(一)):
#   <=1万 50 | 1-10万 2.5% (90,000 -> 2,250) | 10-20万 2% (2,000) | 20-50万 1.5% (4,500)
#   50-100万 1% (5,000) | 100-200万 0.9% (9,000) | 200-500万 0.8% (24,000)
#   500-1000万 0.7% (35,000) | 1000-2000万 0.6% (60,000) | >2000万 0.5%
# Running totals: 1万 50; 10万 2,300; 20万 4,300; 50万 8,800; 100万 13,800; 200万 22,800;
#   500万 46,800; 1000万 81,800; 2000万 141,800; 3000万 141,800 + 50,000 = 191,800.
@pytest.mark.parametrize(
    ("amount", "fee"),
    [
        ("1", "50.00"),
        ("10000", "50.00"),
        ("10001", "50.03"),  # 50 + 0.025 -> half up
        ("100000", "2300.00"),
        ("200000", "4300.00"),
        ("500000", "8800.00"),
        ("1000000", "13800.00"),
        ("2000000", "22800.00"),
        ("5000000", "46800.00"),
        ("10000000", "81800.00"),
        ("20000000", "141800.00"),
        ("30000000", "191800.00"),
        ("123456.78", "2769.14"),  # 2,300 + 23,456.78 * 2% = 2,769.1356
    ],
)
def test_property_case_fee(amount, fee):
    quote = property_case_fee(amount)
    assert quote.total == D(fee)
    assert sum(line.amount for line in quote.breakdown) == quote.total
    assert quote.kind == "property"
    assert quote.amount == D(amount)


def test_breakdown_lines_show_base_rate_and_amount():
    quote = property_case_fee(D("250000"))
    lines = [tuple(line) for line in quote.breakdown]
    assert lines == [
        ("不超过1万元的部分（每件）", D(10000), None, D("50.00")),
        ("超过1万元至10万元的部分", D(90000), D("0.025"), D("2250.00")),
        ("超过10万元至20万元的部分", D(100000), D("0.02"), D("2000.00")),
        ("超过20万元至50万元的部分", D(50000), D("0.015"), D("750.00")),
    ]
    assert quote.total == D("5050.00")
    assert sum(line.base for line in quote.breakdown) == D(250000)


def test_rounding_rule_and_quantum_are_configurable():
    assert property_case_fee("10001").total == D("50.03")
    assert property_case_fee("10001", rounding=ROUND_DOWN).total == D("50.02")
    assert property_case_fee("10001", rounding=ROUND_HALF_EVEN).total == D("50.02")  # 50.025 -> even
    assert property_case_fee("10003", rounding=ROUND_HALF_EVEN).total == D("50.08")  # 50.075 -> even
    assert property_case_fee("10001", quantum="1").total == D("50")
    schedule = FeeSchedule(rounding=ROUND_DOWN)
    assert calculate("property", "10001", schedule=schedule).total == D("50.02")
    with pytest.raises(FeeError):
        property_case_fee("10001", rounding="ROUND_CEILING")


def test_halving_adjustments():
    # Art. 16 simple procedure
    q = calculate("property", "100000", simple_procedure=True)
    assert q.total == D("1150.00")
    assert q.breakdown[-1].amount == D("-1150.00")
    assert "第十六条" in q.breakdown[-1].label
    # Art. 15 mediation or withdrawal
    assert calculate("property", "10001", mediated_or_withdrawn=True).total == D("25.01")  # 25.0125
    # Art. 18 counterclaim
    assert calculate("property", "200000", counterclaim=True).total == D("2150.00")
    # two grounds halve once by default, or per ground when the schedule says so
    both = calculate("property", "100000", simple_procedure=True, mediated_or_withdrawn=True)
    assert both.total == D("1150.00")
    assert both.notes
    stacked = calculate(
        "property", "100000", simple_procedure=True, mediated_or_withdrawn=True,
        schedule=FeeSchedule(stack_halving=True),
    )
    assert stacked.total == D("575.00")
    for quote in (both, stacked):
        assert sum(line.amount for line in quote.breakdown) == quote.total
    assert calculate("labour", simple_procedure=True).total == D("5.00")


def test_halving_is_refused_for_application_fees():
    with pytest.raises(FeeError):
        calculate("preservation", "1000", simple_procedure=True)


def test_non_property_cases_use_the_schedule():
    assert calculate("divorce").total == D("50.00")
    assert calculate("divorce", "200000").total == D("50.00")  # no extra up to 20万
    assert calculate("divorce", "300000").total == D("550.00")  # + 100,000 * 0.5%
    custom = FeeSchedule(divorce=200, personality_rights=300, non_property=80)
    assert calculate("divorce", schedule=custom).total == D("200.00")
    assert calculate("personality_rights", schedule=custom).total == D("300.00")
    # damages: <=5万 nothing; 5-10万 1%; >10万 0.5%: 500 + 250
    assert calculate("personality_rights", "150000", schedule=custom).total == D("1050.00")
    assert calculate("non_property", schedule=custom).total == D("80.00")
    assert calculate("ip").total == D("500.00")
    assert calculate("ip", "100000").total == D("2300.00")
    assert calculate("jurisdiction_objection").total == D("50.00")
    with pytest.raises(FeeError):
        FeeSchedule(divorce=400)
    with pytest.raises(FeeError):
        FeeSchedule(non_property=40)


def test_fixed_fees():
    assert calculate(FeeKind.LABOUR).total == D("10.00")
    assert calculate("administrative").total == D("50.00")
    assert calculate("administrative_special").total == D("100.00")
    assert calculate("public_summons").total == D("100.00")
    assert calculate("arbitration").total == D("400.00")
    assert calculate("no_fee").total == D("0.00")
    with pytest.raises(FeeError):
        calculate("labour", "1000")


def test_payment_order_is_a_third():
    q = calculate("payment_order", "100000")
    assert q.total == D("766.67")  # 2,300 / 3
    assert sum(line.amount for line in q.breakdown) == q.total


def test_preservation():
    assert preservation_fee().total == D("30.00")
    assert preservation_fee("1000").total == D("30.00")
    assert preservation_fee("100000").total == D("1020.00")  # 30 + 99,000 * 1%
    assert preservation_fee("200000").total == D("1520.00")  # + 100,000 * 0.5%
    capped = preservation_fee("2000000")  # 30 + 990 + 9,500 = 10,520 -> 5,000
    assert capped.total == D("5000.00")
    assert sum(line.amount for line in capped.breakdown) == D("5000.00")


def test_enforcement():
    assert enforcement_fee().total == D("50.00")
    assert enforcement_fee("10000").total == D("50.00")
    assert enforcement_fee("500000").total == D("7400.00")  # 50 + 490,000 * 1.5%
    assert enforcement_fee("5000000").total == D("52400.00")  # + 4,500,000 * 1%
    assert enforcement_fee("10000000").total == D("77400.00")  # + 5,000,000 * 0.5%
    assert enforcement_fee("20000000").total == D("87400.00")  # + 10,000,000 * 0.1%
    assert enforcement_fee("600000").prepay is False  # Art. 20
    assert calculate("enforcement", schedule=FeeSchedule(enforcement_without_amount=300)).total == D("300.00")


def test_bankruptcy_is_half_capped():
    assert calculate("bankruptcy", "1000000").total == D("6900.00")
    assert calculate("bankruptcy", "1000000000").total == D("300000.00")


def test_amount_rules_of_calculate():
    with pytest.raises(FeeError):
        calculate("property")
    with pytest.raises(FeeError):
        calculate("property", 0)
    with pytest.raises(InvalidAmount):
        calculate("property", -5)
    with pytest.raises(InvalidAmount):
        calculate("property", "abc")
    with pytest.raises(FeeError):
        calculate("tax", "100")
    assert calculate("property", 10001).total == D("50.03")


def test_schedule_from_config_section():
    schedule = FeeSchedule.from_mapping(
        {"rounding": "ROUND_DOWN", "quantum": "1", "divorce": 300, "stack_halving": True,
         "schedule_version": "bj-2024"}
    )
    assert schedule.divorce == D(300)
    assert schedule.version == "bj-2024"
    q = calculate("divorce", schedule=schedule)
    assert q.total == D("300") and q.schedule_version == "bj-2024"


def test_to_dict_is_json_ready():
    data = property_case_fee("10001").to_dict()
    assert data["total"] == "50.03"
    assert data["breakdown"][1] == {"label": "超过1万元至10万元的部分", "base": "1", "rate": "0.025",
                                    "amount": "0.03"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12,345.6", "12345.6"),
        ("１２３４５", "12345"),
        ("1,000,000", "1000000"),
        ("0.5", "0.5"),
        ("  300 ", "300"),
        ("¥300", "300"),
        ("300元", "300"),
        ("１２，３４５．６７", "12345.67"),
        ("007", "7"),
    ],
)
def test_parse_amount_accepts(text, value):
    assert parse_amount(text) == D(value)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("-5", "negative"),
        ("－5", "negative"),
        ("abc", "format"),
        ("1.234", "decimals"),
        ("12,34", "format"),
        ("1e5", "format"),
        ("NaN", "format"),
        ("1.", "format"),
        ("1 2 3 4 5 6 7 8 9 0 1 2 3 4", "too_large"),
    ],
)
def test_parse_amount_rejects(text, reason):
    with pytest.raises(InvalidAmount) as info:
        parse_amount(text)
    assert info.value.reason == reason


def test_the_amount_rule_of_each_kind_is_what_calculate_does():
    from decimal import Decimal

    from kiosk.domain import fees

    assert set(fees.AMOUNT_RULE) == {k.value for k in fees.FeeKind}
    for kind, rule in fees.AMOUNT_RULE.items():
        outcomes = []
        for amount in (Decimal("1000"), None):
            try:
                fees.calculate(kind, amount)
                outcomes.append(True)
            except fees.FeeError:
                outcomes.append(False)
        assert tuple(outcomes) == {"required": (True, False), "optional": (True, True), "none": (False, True)}[rule]
