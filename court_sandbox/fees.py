"""Case acceptance fees under 诉讼费用交纳办法 (State Council Decree 481), Art. 13.

The sandbox's own implementation (it imports nothing of the kiosk). Money is
`Decimal`; every breakdown line is rounded to the fen half up (the rule lives
in `FeeSettings`), and the total is the sum of the rounded lines. Only the last,
partial bracket of a cumulative scale can carry fractions of a fen (every full
bracket is a whole number of yuan), so this equals rounding the exact total.

Where the Decree gives a range (divorce 50-300, other non-property 50-100, IP
500-1,000 ...) the province fixes the figure: that is the case type's
``fixed_fee`` in the seed data, not code here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from offline_queue.contract import (
    FEE_KIND_ADMINISTRATIVE,
    FEE_KIND_DIVORCE,
    FEE_KIND_IP,
    FEE_KIND_LABOUR,
    FEE_KIND_NON_PROPERTY,
    FEE_KIND_PERSONALITY,
    FEE_KIND_PROPERTY,
)

SCHEDULE_VERSION = "2007-481"

_D = Decimal

#: Art. 13(一): up to 10,000 yuan a flat 50 per case; above it, cumulative rates by bracket.
PROPERTY_FLAT_LIMIT = _D("10000")
PROPERTY_FLAT_FEE = _D("50")
PROPERTY_BRACKETS: tuple[tuple[Decimal | None, Decimal], ...] = (
    (_D("100000"), _D("0.025")),
    (_D("200000"), _D("0.02")),
    (_D("500000"), _D("0.015")),
    (_D("1000000"), _D("0.01")),
    (_D("2000000"), _D("0.009")),
    (_D("5000000"), _D("0.008")),
    (_D("10000000"), _D("0.007")),
    (_D("20000000"), _D("0.006")),
    (None, _D("0.005")),
)
#: Art. 13(二)1: divorce, 0.5 % of the property to divide above 200,000.
DIVORCE_BRACKETS: tuple[tuple[Decimal | None, Decimal], ...] = ((None, _D("0.005")),)
DIVORCE_FREE_LIMIT = _D("200000")
#: Art. 13(二)2: personality rights, damages 50,000-100,000 at 1 %, above 100,000 at 0.5 %.
PERSONALITY_FREE_LIMIT = _D("50000")
PERSONALITY_BRACKETS: tuple[tuple[Decimal | None, Decimal], ...] = (
    (_D("100000"), _D("0.01")),
    (None, _D("0.005")),
)

FIXED_ONLY_KINDS = (FEE_KIND_NON_PROPERTY, FEE_KIND_LABOUR, FEE_KIND_ADMINISTRATIVE)
KNOWN_KINDS = (FEE_KIND_PROPERTY, FEE_KIND_IP, FEE_KIND_DIVORCE, FEE_KIND_PERSONALITY, *FIXED_ONLY_KINDS)


class FeeError(ValueError):
    """The request cannot be priced (e.g. a property case without an amount)."""


@dataclass(frozen=True)
class FeeSettings:
    quantum: Decimal = _D("0.01")
    rounding: str = ROUND_HALF_UP


DEFAULT_SETTINGS = FeeSettings()


def _yuan(value: Decimal) -> str:
    """10000 -> 1万, 200000 -> 20万 (bracket bounds are whole 万)."""
    if value % 10000 == 0:
        return f"{int(value // 10000)}万"
    return f"{value:f}"


def _percent(rate: Decimal) -> str:
    text = f"{(rate * 100):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _cumulative(
    amount: Decimal, start: Decimal, brackets: tuple[tuple[Decimal | None, Decimal], ...], what: str
) -> list[tuple[str, Decimal]]:
    """Lines for the parts of `amount` above `start`, each bracket at its rate."""
    lines = []
    lower = start
    for upper, rate in brackets:
        if amount <= lower:
            break
        top = amount if upper is None else min(amount, upper)
        if upper is None:
            label = f"{what}超过{_yuan(lower)}元的部分，按{_percent(rate)}%交纳"
        else:
            label = f"{what}超过{_yuan(lower)}元至{_yuan(upper)}元的部分，按{_percent(rate)}%交纳"
        lines.append((label, (top - lower) * rate))
        if upper is None:
            break
        lower = upper
    return lines


def property_scale(amount: Decimal) -> list[tuple[str, Decimal]]:
    """Art. 13(一) lines (unrounded) for a property case claiming `amount` yuan."""
    if amount <= 0:
        raise FeeError("a property case needs an amount claimed above zero")
    lines = [(f"不超过{_yuan(PROPERTY_FLAT_LIMIT)}元的，每件交纳{PROPERTY_FLAT_FEE}元", PROPERTY_FLAT_FEE)]
    lines += _cumulative(amount, PROPERTY_FLAT_LIMIT, PROPERTY_BRACKETS, "")
    return lines


def calculate(
    fee_kind: str,
    amount: Decimal | None,
    *,
    fixed_fee: Decimal | None = None,
    case_type_name: str = "",
    settings: FeeSettings = DEFAULT_SETTINGS,
) -> tuple[Decimal, list[tuple[str, Decimal]]]:
    """(total, [(label, amount)]) for a case type of `fee_kind`; amounts rounded per `settings`."""
    if amount is not None and amount < 0:
        raise FeeError("the amount must not be negative")

    def fixed(label: str) -> tuple[str, Decimal]:
        if fixed_fee is None:
            raise FeeError(f"no fixed fee is configured for fee kind {fee_kind!r}")
        return (label, fixed_fee)

    if fee_kind == FEE_KIND_PROPERTY:
        if amount is None:
            raise FeeError("a property case needs the amount claimed")
        lines = property_scale(amount)
    elif fee_kind == FEE_KIND_IP:
        if amount is None or amount == 0:
            lines = [fixed(f"{case_type_name or '知识产权民事案件'}（无争议金额），每件交纳")]
        else:
            lines = property_scale(amount)
    elif fee_kind == FEE_KIND_DIVORCE:
        lines = [fixed(f"{case_type_name or '离婚案件'}，每件交纳")]
        if amount:
            lines += _cumulative(amount, DIVORCE_FREE_LIMIT, DIVORCE_BRACKETS, "财产分割")
    elif fee_kind == FEE_KIND_PERSONALITY:
        lines = [fixed(f"{case_type_name or '侵害人格权案件'}，每件交纳")]
        if amount:
            lines += _cumulative(amount, PERSONALITY_FREE_LIMIT, PERSONALITY_BRACKETS, "损害赔偿")
    elif fee_kind in FIXED_ONLY_KINDS:
        lines = [fixed(f"{case_type_name or '案件'}，每件交纳")]
    else:
        raise FeeError(f"unknown fee kind {fee_kind!r}")

    rounded = [
        (label, value.quantize(settings.quantum, rounding=settings.rounding)) for label, value in lines
    ]
    total = sum((value for _, value in rounded), Decimal("0")).quantize(settings.quantum)
    return total, rounded
