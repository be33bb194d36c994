"""The fee calculator service (诉讼费计算): the Decree 481 fee of a case or an application, for
anyone at the kiosk, with the province's figures and the rounding rule from the configuration.
Pure arithmetic (no device, no network): quick enough for the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain import fees
from kiosk.services.registry import QT_TRANSLATE_NOOP, ServiceSpec

# The kinds offered, in the order shown.
KINDS: tuple[str, ...] = tuple(k.value for k in (
    fees.FeeKind.PROPERTY, fees.FeeKind.DIVORCE, fees.FeeKind.PERSONALITY_RIGHTS, fees.FeeKind.NON_PROPERTY,
    fees.FeeKind.IP, fees.FeeKind.LABOUR, fees.FeeKind.ADMINISTRATIVE, fees.FeeKind.ADMINISTRATIVE_SPECIAL,
    fees.FeeKind.ENFORCEMENT, fees.FeeKind.PRESERVATION, fees.FeeKind.PAYMENT_ORDER, fees.FeeKind.PUBLIC_SUMMONS,
    fees.FeeKind.ARBITRATION, fees.FeeKind.BANKRUPTCY,
))
# Case acceptance fees: the ones simple procedure, mediation or withdrawal and counterclaims halve.
HALVABLE = frozenset(k.value for k in fees.ACCEPTANCE_KINDS)


@dataclass(frozen=True)
class FeeAnswer:
    quote: fees.FeeQuote | None
    problem: str | None = None  # amount_required | amount_invalid | not_applicable


class FeeCalculatorService:
    def __init__(self, schedule: fees.FeeSchedule) -> None:
        self._schedule = schedule  # the province's figures, rounding and quantum (config fees.*)

    @staticmethod
    def kinds() -> tuple[str, ...]:
        return KINDS

    @staticmethod
    def amount_rule(kind: str) -> str:
        """required | optional | none (see `kiosk.domain.fees.AMOUNT_RULE`)."""
        return fees.AMOUNT_RULE[kind]

    @staticmethod
    def halvable(kind: str) -> bool:
        return kind in HALVABLE

    def calculate(self, kind: str, amount_text: str, *, simple: bool = False, mediated: bool = False,
                  counterclaim: bool = False, appeal: bool = False) -> FeeAnswer:
        needs = fees.AMOUNT_RULE[kind]
        amount = None
        text = amount_text.strip()
        if needs != "none" and text:
            try:
                amount = fees.parse_amount(text)
            except fees.InvalidAmount:
                return FeeAnswer(None, "amount_invalid")
        if needs == "required" and not amount:  # none, or 0: the fee of this kind depends on the amount
            return FeeAnswer(None, "amount_required")
        halving = kind in HALVABLE
        try:
            quote = fees.calculate(
                kind, amount,
                simple_procedure=simple and halving and not appeal,
                mediated_or_withdrawn=mediated and halving,
                counterclaim=counterclaim and halving and not appeal,
                appeal=appeal and halving,
                schedule=self._schedule,
            )
        except fees.FeeError:
            return FeeAnswer(None, "not_applicable")
        return FeeAnswer(quote)


def create(deps) -> FeeCalculatorService:
    return FeeCalculatorService(fees.FeeSchedule.from_mapping(deps.config.section("fees")))


SERVICE = ServiceSpec(
    "fee_calculator",
    create,
    title=QT_TRANSLATE_NOOP("services", "Fee calculator"),
    pictogram="calculator",
    voice=QT_TRANSLATE_NOOP("voice", "fee calculator|calculate fees"),
    menu=50,
    config=("fees",),
)
