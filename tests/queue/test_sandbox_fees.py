"""Decree 481 Art. 13 acceptance fees, in the sandbox's calculator and over HTTP."""

from __future__ import annotations

from decimal import Decimal

import pytest

from court_sandbox import fees
from offline_queue import contract as c


@pytest.mark.parametrize(
    ("amount", "total"),
    [
        ("1", "50.00"),
        ("10000", "50.00"),
        ("10000.01", "50.00"),  # 50 + 0.00025, rounded to the fen
        ("10000.20", "50.01"),  # 50 + 0.005 -> half up
        ("50000", "1050.00"),
        ("100000", "2300.00"),
        ("200000", "4300.00"),
        ("500000", "8800.00"),
        ("1000000", "13800.00"),
        ("2000000", "22800.00"),
        ("5000000", "46800.00"),
        ("10000000", "81800.00"),
        ("20000000", "141800.00"),
        ("30000000", "191800.00"),
        ("123456.78", "2769.14"),
    ],
)
def test_property_scale(amount, total):
    got, lines = fees.calculate(c.FEE_KIND_PROPERTY, Decimal(amount))
    assert got == Decimal(total)
    assert sum(value for _, value in lines) == got
    assert all(value == value.quantize(Decimal("0.01")) for _, value in lines)


def test_property_breakdown_names_each_bracket():
    _, lines = fees.calculate(c.FEE_KIND_PROPERTY, Decimal("1000000"))
    assert [value for _, value in lines] == [Decimal(v) for v in ("50", "2250", "2000", "4500", "5000")]
    assert lines[1][0] == "超过1万元至10万元的部分，按2.5%交纳"
    assert lines[-1][0] == "超过50万元至100万元的部分，按1%交纳"


def test_other_kinds():
    assert fees.calculate(c.FEE_KIND_LABOUR, None, fixed_fee=Decimal(10))[0] == Decimal("10.00")
    assert fees.calculate(c.FEE_KIND_DIVORCE, Decimal("300000"), fixed_fee=Decimal(200))[0] == Decimal(
        "700.00"
    )
    assert fees.calculate(c.FEE_KIND_DIVORCE, None, fixed_fee=Decimal(200))[0] == Decimal("200.00")
    # 300 + 1 % of 50,000 + 0.5 % of 50,000
    assert fees.calculate(c.FEE_KIND_PERSONALITY, Decimal("150000"), fixed_fee=Decimal(300))[0] == Decimal(
        "1050.00"
    )
    assert fees.calculate(c.FEE_KIND_IP, None, fixed_fee=Decimal(800))[0] == Decimal("800.00")
    assert fees.calculate(c.FEE_KIND_IP, Decimal("100000"), fixed_fee=Decimal(800))[0] == Decimal("2300.00")


def test_refusals():
    with pytest.raises(fees.FeeError):
        fees.calculate(c.FEE_KIND_PROPERTY, None)
    with pytest.raises(fees.FeeError):
        fees.calculate(c.FEE_KIND_PROPERTY, Decimal("0"))
    with pytest.raises(fees.FeeError):
        fees.calculate("astrology", Decimal("1"))


@pytest.mark.parametrize(
    ("case_type", "amount", "total"),
    [
        ("民初", "10000", "50.00"),
        ("民初", "100000", "2300.00"),
        ("民初", "1000000", "13800.00"),
        ("民初-劳动争议", None, "10.00"),
        ("行初", None, "50.00"),
    ],
)
def test_fee_endpoint(client, case_type, amount, total):
    quote = client.calculate_fee(c.FeeRequest(case_type=case_type, amount=amount))
    assert quote.total == Decimal(total)
    assert quote.schedule_version == "2007-481"
    assert sum(line.amount for line in quote.breakdown) == quote.total


def test_fee_endpoint_sends_money_as_strings(http, sandbox):
    response = http.post(
        sandbox.base_url + c.FEES_CALCULATE_PATH, json={"case_type": "民初", "amount": "100000"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == "2300.00" and body["amount"] == "100000.00"
    assert all(isinstance(line["amount"], str) for line in body["breakdown"])


@pytest.mark.parametrize("body", [{"case_type": "民初"}, {"case_type": "无此类型", "amount": "1"}])
def test_fee_endpoint_refuses_what_it_cannot_price(http, sandbox, body):
    response = http.post(sandbox.base_url + c.FEES_CALCULATE_PATH, json=body)
    assert response.status_code == 422
