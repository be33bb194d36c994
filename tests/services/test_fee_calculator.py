"""The fee calculator service (kiosk.services.fee_calculator): Decree 481 fees with the province's
figures and rounding from the configuration, halving only where the Decree allows it, and a problem
code instead of a fee when the amount is missing or unusable."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kiosk.services import fee_calculator
from tests.services import fakes


def _service(tmp_path, **fees):
    config = fakes.make_config(tmp_path, **{f"fees.{k}": v for k, v in fees.items()})
    spec = fee_calculator.SERVICE
    return spec.factory(fakes.make_deps(spec, config))


def test_a_property_case_fee(tmp_path):
    answer = _service(tmp_path).calculate("property", "100,000")
    assert answer.problem is None
    assert answer.quote.total == Decimal("2300.00")  # 50 + 90,000 x 2.5 %


def test_simple_procedure_and_mediation_halve_acceptance_fees_only(tmp_path):
    service = _service(tmp_path)
    assert service.calculate("property", "100000", simple=True).quote.total == Decimal("1150.00")
    assert service.calculate("property", "100000", mediated=True).quote.total == Decimal("1150.00")
    assert service.halvable("property") and not service.halvable("enforcement")
    enforcement = service.calculate("enforcement", "100000", simple=True, mediated=True)
    assert enforcement.quote.total == service.calculate("enforcement", "100000").quote.total


def test_an_appeal_is_not_halved_for_simple_procedure(tmp_path):
    service = _service(tmp_path)
    assert service.calculate("property", "100000", simple=True, appeal=True).quote.total == Decimal("2300.00")
    assert service.calculate("property", "100000", mediated=True, appeal=True).quote.total == Decimal("1150.00")
    appeal = service.calculate("property", "100000", appeal=True, counterclaim=True)
    assert appeal.quote.appeal and appeal.quote.total == Decimal("2300.00")  # no counterclaim halving either
    assert service.calculate("property", "100000", counterclaim=True).quote.total == Decimal("1150.00")
    assert not service.calculate("enforcement", "100000", appeal=True).quote.appeal  # not an acceptance fee


def test_the_provinces_figures_and_rounding_come_from_the_configuration(tmp_path):
    assert _service(tmp_path, divorce=300).calculate("divorce", "").quote.total == Decimal("300")
    assert _service(tmp_path / "b").calculate("divorce", "").quote.total == Decimal("50")
    # 50 + 2,345 x 2.5 % = 50 + 58.625
    assert _service(tmp_path / "c", quantum="1").calculate("property", "12345").quote.total == Decimal("109")
    down = _service(tmp_path / "d", quantum="1", rounding="ROUND_DOWN").calculate("property", "12345")
    assert down.quote.total == Decimal("108")


def test_a_fixed_fee_ignores_an_amount_and_an_optional_one_uses_it(tmp_path):
    service = _service(tmp_path)
    assert service.amount_rule("non_property") == "none"
    assert service.calculate("non_property", "123").quote.total == Decimal("50.00")
    assert service.calculate("labour", "").quote.total == Decimal("10.00")
    assert service.amount_rule("divorce") == "optional"
    assert service.calculate("divorce", "300000").quote.total == Decimal("550.00")  # 50 + 100,000 x 0.5 %


@pytest.mark.parametrize(("kind", "text", "problem"), [
    ("property", "", "amount_required"),
    ("property", "   ", "amount_required"),
    ("payment_order", "", "amount_required"),
    ("property", "abc", "amount_invalid"),
    ("property", "-5", "amount_invalid"),
    ("property", "1.234", "amount_invalid"),
])
def test_a_missing_or_unusable_amount_is_a_problem_not_a_fee(tmp_path, kind, text, problem):
    assert _service(tmp_path).calculate(kind, text) == fee_calculator.FeeAnswer(None, problem)


def test_the_kinds_offered(tmp_path):
    kinds = _service(tmp_path).kinds()
    assert kinds[0] == "property" and len(kinds) == len(set(kinds)) == 14
    assert "no_fee" not in kinds and "jurisdiction_objection" not in kinds


def test_a_zero_amount_where_one_is_required_is_an_amount_problem(tmp_path):
    assert _service(tmp_path).calculate("property", "0").problem in ("amount_invalid", "amount_required")
