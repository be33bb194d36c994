"""The kiosk's local estimate and the court's authoritative calculation are two
independent implementations of Decree 481; they must agree to the fen."""

from __future__ import annotations

import random
from decimal import Decimal

from court_sandbox import fees as court_fees
from kiosk.domain import fees as local_fees

EDGES = ["0.01", "1", "9999.99", "10000", "10000.01", "10001", "99999.99", "100000", "100000.01", "200000",
         "500000", "1000000", "2000000", "5000000", "10000000", "20000000", "20000000.01", "123456789.99"]


def amounts():
    rng = random.Random(481)
    yield from (Decimal(a) for a in EDGES)
    for _ in range(300):
        yield Decimal(rng.randint(1, 3_000_000_000)) / 100


def test_local_estimate_equals_the_court_calculation():
    for amount in amounts():
        local = local_fees.property_case_fee(amount)
        court_total, _ = court_fees.calculate(court_fees.FEE_KIND_PROPERTY, amount)
        assert local.total == court_total, amount
