"""Litigation fees under 诉讼费用交纳办法 (State Council Decree 481): case acceptance
fees (Art. 13), application fees (Art. 14), halving (Arts. 15, 16, 18), appeals
(Art. 17) and fee relief (Arts. 44-47).

The sandbox's own implementation (it imports nothing of the kiosk). Money is
`Decimal`; every breakdown line is rounded to the fen half up (the rule lives
in `FeeSettings`), and the total is the sum of the rounded lines. Only the last,
partial bracket of a cumulative scale can carry fractions of a fen (every full
bracket is a whole number of yuan), so this equals rounding the exact total
(except half-even rounding to whole yuan next to an odd fixed fee: 51 + 0.5
rounds to 52 as a total but to 51 line by line).

Where the Decree gives a range (divorce 50-300, other non-property 50-100, IP
500-1,000 ...) the province fixes the figure: that is the case type's
``fixed_fee`` in the seed data, not code here.

Adjustments (a third for a payment order, half for bankruptcy, the caps,
halving, relief) work on the exact, unrounded fee: each adjustment line is the
rounded adjusted fee less the rounded lines before it, so the lines still add
up to the total and the total is the exact fee rounded once.

The HTTP contract names only the acceptance-fee kinds; the application-fee
kinds below are the sandbox's own names (the same words the kiosk uses).
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
#: Art. 13 kinds: the ones halving (Arts. 15, 16, 18) and appeals (Art. 17) apply to.
ACCEPTANCE_KINDS = (FEE_KIND_PROPERTY, FEE_KIND_IP, FEE_KIND_DIVORCE, FEE_KIND_PERSONALITY, *FIXED_ONLY_KINDS)

#: Art. 14 application fees (not in the HTTP contract's FEE_KINDS).
FEE_KIND_ENFORCEMENT = "enforcement"
FEE_KIND_PRESERVATION = "preservation"
FEE_KIND_PAYMENT_ORDER = "payment_order"
FEE_KIND_PUBLIC_SUMMONS = "public_summons"
FEE_KIND_ARBITRATION = "arbitration"
FEE_KIND_BANKRUPTCY = "bankruptcy"
APPLICATION_KINDS = (
    FEE_KIND_ENFORCEMENT,
    FEE_KIND_PRESERVATION,
    FEE_KIND_PAYMENT_ORDER,
    FEE_KIND_PUBLIC_SUMMONS,
    FEE_KIND_ARBITRATION,
    FEE_KIND_BANKRUPTCY,
)
KNOWN_KINDS = (*ACCEPTANCE_KINDS, *APPLICATION_KINDS)

#: Art. 14(一): enforcement, up to 10,000 a flat 50; above, cumulative.
ENFORCEMENT_FLAT_LIMIT = _D("10000")
ENFORCEMENT_FLAT_FEE = _D("50")
ENFORCEMENT_BRACKETS: tuple[tuple[Decimal | None, Decimal], ...] = (
    (_D("500000"), _D("0.015")),
    (_D("5000000"), _D("0.01")),
    (_D("10000000"), _D("0.005")),
    (None, _D("0.001")),
)
#: Art. 14(二): preservation, up to 1,000 (or no amount) 30; above, cumulative; at most 5,000.
PRESERVATION_FLAT_LIMIT = _D("1000")
PRESERVATION_FLAT_FEE = _D("30")
PRESERVATION_BRACKETS: tuple[tuple[Decimal | None, Decimal], ...] = ((_D("100000"), _D("0.01")), (None, _D("0.005")))
PRESERVATION_MAX = _D("5000")
#: Art. 14(三)-(五), (八): fixed application fees; bankruptcy at most 300,000.
PUBLIC_SUMMONS_FEE = _D("100")
ARBITRATION_FEE = _D("400")
BANKRUPTCY_MAX = _D("300000")

#: Arts. 45-47: relief the court may grant; a reduction is at least 30 %.
RELIEF_WAIVE, RELIEF_REDUCE, RELIEF_DEFER = "waive", "reduce", "defer"
RELIEF_MIN_SHARE = _D("0.3")


class FeeError(ValueError):
    """The request cannot be priced (e.g. a property case without an amount)."""


@dataclass(frozen=True)
class FeeSettings:
    quantum: Decimal = _D("0.01")
    rounding: str = ROUND_HALF_UP
    stack_halving: bool = False  # several halving grounds: halve once (default) or once per ground


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


def _scale(
    amount: Decimal | None,
    flat_limit: Decimal,
    flat_fee: Decimal,
    brackets: tuple[tuple[Decimal | None, Decimal], ...],
    flat_label: str,
) -> list[tuple[str, Decimal]]:
    lines = [(flat_label, flat_fee)]
    if amount:
        lines += _cumulative(amount, flat_limit, brackets, "")
    return lines


def calculate(
    fee_kind: str,
    amount: Decimal | None,
    *,
    fixed_fee: Decimal | None = None,
    case_type_name: str = "",
    settings: FeeSettings = DEFAULT_SETTINGS,
    appeal: bool = False,
    simple_procedure: bool = False,
    mediated_or_withdrawn: bool = False,
    counterclaim: bool = False,
    relief: str | None = None,
    relief_share: Decimal | None = None,
) -> tuple[Decimal, list[tuple[str, Decimal]]]:
    """(total, [(label, amount)]) for a case type of `fee_kind`; amounts rounded per `settings`.

    `appeal`: the amount is the part of the first-instance judgment appealed
    (Art. 17). `relief` (waive / reduce with `relief_share` / defer): the fee if
    the court grants it; deferral changes when, not how much.
    """
    if amount is not None and amount < 0:
        raise FeeError("the amount must not be negative")
    halvings = [
        (simple_procedure, "适用简易程序，减半交纳"),
        (mediated_or_withdrawn, "以调解方式结案或者撤诉，减半交纳"),
        (counterclaim, "反诉或有独立请求权的第三人提出诉讼请求，减半交纳"),
    ]
    halving = [label for flag, label in halvings if flag]
    if (halving or appeal) and fee_kind not in ACCEPTANCE_KINDS:
        raise FeeError(f"fee kind {fee_kind!r} is an application fee: no halving, no appeal")
    if appeal and (simple_procedure or counterclaim):
        raise FeeError("a second-instance case has no simple procedure and no counterclaim")

    def fixed(label: str) -> tuple[str, Decimal]:
        if fixed_fee is None:
            raise FeeError(f"no fixed fee is configured for fee kind {fee_kind!r}")
        return (label, fixed_fee)

    derived: list[tuple[str, object]] = []  # (label, exact -> adjusted exact), applied in order
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
    elif fee_kind == FEE_KIND_ENFORCEMENT:
        if not amount:
            lines = [fixed("申请执行，没有执行金额或者价额的，每件交纳")]
        else:
            lines = _scale(amount, ENFORCEMENT_FLAT_LIMIT, ENFORCEMENT_FLAT_FEE, ENFORCEMENT_BRACKETS,
                           f"申请执行，不超过{_yuan(ENFORCEMENT_FLAT_LIMIT)}元的，每件交纳")
    elif fee_kind == FEE_KIND_PRESERVATION:
        lines = _scale(amount, PRESERVATION_FLAT_LIMIT, PRESERVATION_FLAT_FEE, PRESERVATION_BRACKETS,
                       "申请保全，财产数额不超过1000元或者不涉及财产数额的，每件交纳")
        derived.append(("保全申请费最多不超过5000元", lambda x: min(x, PRESERVATION_MAX)))
    elif fee_kind == FEE_KIND_PAYMENT_ORDER:
        if not amount:
            raise FeeError("a payment order needs the amount claimed")
        lines = property_scale(amount)
        derived.append(("申请支付令，比照财产案件受理费标准的1/3交纳", lambda x: x / 3))
    elif fee_kind == FEE_KIND_BANKRUPTCY:
        if not amount:
            raise FeeError("a bankruptcy application needs the value of the estate")
        lines = property_scale(amount)
        derived.append(("破产案件，依据破产财产总额按财产案件受理费标准减半交纳", lambda x: x / 2))
        derived.append(("破产案件申请费最高不超过30万元", lambda x: min(x, BANKRUPTCY_MAX)))
    elif fee_kind == FEE_KIND_PUBLIC_SUMMONS:
        lines = [("申请公示催告，每件交纳", PUBLIC_SUMMONS_FEE)]
    elif fee_kind == FEE_KIND_ARBITRATION:
        lines = [("申请撤销仲裁裁决或者认定仲裁协议效力，每件交纳", ARBITRATION_FEE)]
    else:
        raise FeeError(f"unknown fee kind {fee_kind!r}")

    if halving and not settings.stack_halving:
        halving = ["；".join(halving)]
    derived += [(label, lambda x: x / 2) for label in halving]
    if relief is not None:
        if relief == RELIEF_WAIVE:
            derived.append(("司法救助：免交诉讼费用", lambda x: _D(0)))
        elif relief == RELIEF_REDUCE:
            if relief_share is None or not RELIEF_MIN_SHARE <= relief_share < 1:
                raise FeeError("a reduction is at least 30 % and less than all of the fee")
            share = relief_share
            derived.append((f"司法救助：减交诉讼费用{_percent(share)}%", lambda x: x * (1 - share)))
        elif relief == RELIEF_DEFER:
            derived.append(("司法救助：缓交诉讼费用", lambda x: x))
        else:
            raise FeeError(f"unknown relief {relief!r}")
    elif relief_share is not None:
        raise FeeError("a relief share without a relief")

    def rnd(value: Decimal) -> Decimal:
        return value.quantize(settings.quantum, rounding=settings.rounding)

    rounded = [(label, rnd(value)) for label, value in lines]
    if appeal:
        rounded.insert(0, ("第二审案件，按照不服一审判决部分的上诉请求交纳", rnd(_D(0))))
    exact = sum((value for _, value in lines), _D(0))
    for label, adjust in derived:
        exact = adjust(exact)  # type: ignore[operator]
        so_far = sum((value for _, value in rounded), _D(0))
        rounded.append((label, rnd(exact) - so_far))
    total = sum((value for _, value in rounded), Decimal("0")).quantize(settings.quantum)
    return total, rounded
