"""The kiosk's local estimate and the court's authoritative calculation are two
independent implementations of Decree 481; they must agree to the fen, on every
kind both know, with halving, appeals, caps and relief."""

from __future__ import annotations

import itertools
import random
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import pytest

from court_sandbox import fees as court_fees
from kiosk.domain import fees as local_fees

EDGES = ["0.01", "1", "999.99", "1000", "1000.01", "1001", "9999.99", "10000", "10000.01", "10001", "50000",
         "50001", "99999.99", "100000", "100000.01", "200000", "200000.01", "200001", "500000", "500001",
         "895999", "896000", "896001", "1000000", "2000000", "5000000", "5000001", "9999999", "10000000",
         "20000000", "20000000.01", "111639999", "111640000", "111640001", "123456789.99"]

# kiosk kind -> (court kind, the fixed fee the court's seed data would hold = the kiosk's default schedule)
KINDS = {
    "property": (court_fees.FEE_KIND_PROPERTY, None),
    "ip": (court_fees.FEE_KIND_IP, Decimal(500)),
    "divorce": (court_fees.FEE_KIND_DIVORCE, Decimal(50)),
    "personality_rights": (court_fees.FEE_KIND_PERSONALITY, Decimal(100)),
    "non_property": (court_fees.FEE_KIND_NON_PROPERTY, Decimal(50)),
    "labour": (court_fees.FEE_KIND_LABOUR, Decimal(10)),
    "administrative": (court_fees.FEE_KIND_ADMINISTRATIVE, Decimal(50)),
    "enforcement": (court_fees.FEE_KIND_ENFORCEMENT, Decimal(50)),
    "preservation": (court_fees.FEE_KIND_PRESERVATION, None),
    "payment_order": (court_fees.FEE_KIND_PAYMENT_ORDER, None),
    "bankruptcy": (court_fees.FEE_KIND_BANKRUPTCY, None),
    "public_summons": (court_fees.FEE_KIND_PUBLIC_SUMMONS, None),
    "arbitration": (court_fees.FEE_KIND_ARBITRATION, None),
}
AMOUNT_KINDS = ["property", "ip", "divorce", "personality_rights", "enforcement", "preservation", "payment_order",
                "bankruptcy"]
ACCEPTANCE_AMOUNT_KINDS = ["property", "ip", "divorce", "personality_rights"]
FIXED_KINDS = ["non_property", "labour", "administrative", "public_summons", "arbitration", "divorce",
               "personality_rights", "ip", "enforcement", "preservation"]


def amounts(n=150, seed=481):
    rng = random.Random(seed)
    yield from (Decimal(a) for a in EDGES)
    for _ in range(n):
        # spread over the orders of magnitude, not only the top one
        yield Decimal(rng.randint(1, 10 ** rng.randint(3, 11))) / 100


def both(kind, amount, *, rounding=ROUND_HALF_UP, quantum="0.01", stack=False, relief=None, **flags):
    court_kind, fixed = KINDS[kind]
    schedule = local_fees.FeeSchedule(rounding=rounding, quantum=quantum, stack_halving=stack)
    local_relief = None if relief is None else local_fees.ReliefRequest(*relief)
    local = local_fees.calculate(kind, amount, schedule=schedule, relief=local_relief, **flags)
    settings = court_fees.FeeSettings(quantum=Decimal(quantum), rounding=rounding, stack_halving=stack)
    court_total, court_lines = court_fees.calculate(
        court_kind, amount, fixed_fee=fixed, settings=settings,
        relief=None if relief is None else relief[0], relief_share=None if relief is None else relief[2],
        **flags,
    )
    assert local.total == court_total, (kind, amount, flags, relief, local.total, court_total)
    # line by line too (labels differ: they are written independently)
    assert [ln.amount for ln in local.breakdown if ln.amount] == [v for _, v in court_lines if v], (kind, amount)
    return local


def test_local_estimate_equals_the_court_calculation():
    for amount in amounts(300):
        local = local_fees.property_case_fee(amount)
        court_total, _ = court_fees.calculate(court_fees.FEE_KIND_PROPERTY, amount)
        assert local.total == court_total, amount


@pytest.mark.parametrize("kind", AMOUNT_KINDS)
def test_every_amount_kind_agrees(kind):
    for amount in amounts():
        both(kind, amount)


@pytest.mark.parametrize("kind", FIXED_KINDS)
def test_kinds_without_an_amount_agree(kind):
    both(kind, None)


HALVINGS = [dict(zip(("simple_procedure", "mediated_or_withdrawn", "counterclaim"), bits, strict=True))
            for bits in itertools.product((False, True), repeat=3) if any(bits)]


@pytest.mark.parametrize("stack", [False, True])
@pytest.mark.parametrize("flags", HALVINGS, ids=lambda f: "+".join(k for k, v in f.items() if v))
def test_halving_agrees(flags, stack):
    for kind in ACCEPTANCE_AMOUNT_KINDS:
        for amount in amounts(40, seed=len(kind)):
            both(kind, amount, stack=stack, **flags)
    both("labour", None, stack=stack, **flags)


@pytest.mark.parametrize("mediated", [False, True])
def test_appeals_agree(mediated):
    for kind in ACCEPTANCE_AMOUNT_KINDS:
        for amount in amounts(40, seed=17):
            quote = both(kind, amount, appeal=True, mediated_or_withdrawn=mediated)
            assert quote.appeal
    both("labour", None, appeal=True, mediated_or_withdrawn=mediated)


RELIEFS = [("waive", "other_waive", None), ("defer", "legal_aid", None)] + [
    ("reduce", "other_reduce", Decimal(s)) for s in ("0.3", "0.33", "0.5", "0.75", "0.999")
]


@pytest.mark.parametrize("relief", RELIEFS, ids=lambda r: f"{r[0]}-{r[2]}")
def test_relief_agrees(relief):
    for kind in AMOUNT_KINDS:
        for amount in amounts(25, seed=45):
            both(kind, amount, relief=relief)
    for amount in amounts(25, seed=46):
        both("property", amount, relief=relief, simple_procedure=True)
        both("property", amount, relief=relief, appeal=True, mediated_or_withdrawn=True)


@pytest.mark.parametrize("rounding", [ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_DOWN])
def test_rounding_rules_agree(rounding):
    # to the fen; whole-yuan half-even rounding only where the fixed parts are even: the court rounds each
    # line, the kiosk the running total, and those part ways next to an odd fixed fee (court_sandbox/fees.py)
    for kind in AMOUNT_KINDS:
        for amount in amounts(30, seed=7):
            both(kind, amount, rounding=rounding)
            if kind in ACCEPTANCE_AMOUNT_KINDS:
                both(kind, amount, rounding=rounding, mediated_or_withdrawn=True)
    for amount in amounts(30, seed=8):
        both("property", amount, rounding=rounding, quantum="1")  # every full bracket is an even whole figure
