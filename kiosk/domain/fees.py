"""Litigation fees under 诉讼费用交纳办法 (State Council Decree 481, in force 2007-04-01).

Everything is :class:`~decimal.Decimal`. The Decree does not say how to round;
the rule and the quantum come from the caller (configuration ``fees.rounding``
and ``fees.quantum``; default: to the fen, half up).

Rounding is applied to cumulative totals, never line by line: each breakdown
line is the difference between the rounded running totals, so the lines always
add up exactly to ``FeeQuote.total`` and the total equals the rounded exact fee
(10,001 yuan claimed -> exact 50.025 -> 50.03 half up).

Where the Decree gives a range (divorce 50-300 yuan, personality rights
100-500, other non-property 50-100, IP without an amount 500-1,000,
jurisdiction objection 50-100, enforcement without an amount 50-500) the
province fixes the figure: that is :class:`FeeSchedule` (configuration
``fees.*``). Its defaults are the lower bounds of the ranges, the figure a
litigant can count on paying at least; set the province's figures in the
configuration.

Fee kinds (:class:`FeeKind`): case acceptance fees (Art. 13) ``property``,
``divorce``, ``personality_rights``, ``non_property``, ``ip``, ``labour``,
``administrative``, ``administrative_special`` (trademark, patent, maritime),
``jurisdiction_objection``; application fees (Art. 14) ``payment_order``,
``preservation``, ``enforcement``, ``public_summons``, ``arbitration``,
``bankruptcy``; and ``no_fee`` (Art. 8). Halving (Arts. 15, 16, 18) applies to
case acceptance fees only. Whether two halving grounds stack (a simple-procedure
case that is then mediated) is not settled by the Decree; the default halves
once, ``FeeSchedule.stack_halving`` halves for each ground.

Appeals (Art. 17): ``appeal=True`` prices a second-instance case acceptance fee
on ``amount`` = the part of the first-instance judgment appealed; a non-property
appeal pays the same fixed fee as at first instance. Mediation or withdrawal
still halves an appeal (Art. 15); simple procedure and counterclaims do not
exist at second instance and are refused.

Fee relief (司法救助, Arts. 44-48): a :class:`ReliefRequest` of kind waive
(免交, Art. 45, natural persons only), reduce (减交, Art. 46, by at least 30 %)
or defer (缓交, Art. 47), with a ground from :data:`RELIEF_GROUNDS`. The court
grants relief; the quote shows the fee before relief
(``FeeQuote.fee_before_relief``), the relief line, and the fee if the request
is granted (``FeeQuote.total``). Waiving and reducing change the fee;
deferring, like Art. 20 (enforcement and bankruptcy fees paid afterwards,
``unpaid_wages`` claims not prepaid), changes only when it is paid:
``FeeQuote.prepay`` is False and ``FeeQuote.payable_now`` is zero.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, NamedTuple

__all__ = [
    "ROUNDING_RULES",
    "SCHEDULE_VERSION",
    "FeeError",
    "FeeKind",
    "FeeLine",
    "FeeQuote",
    "FeeSchedule",
    "InvalidAmount",
    "RELIEF_GROUNDS",
    "ReliefGround",
    "ReliefKind",
    "ReliefRequest",
    "calculate",
    "enforcement_fee",
    "fee_kind",
    "parse_amount",
    "preservation_fee",
    "property_case_fee",
]

ROUNDING_RULES = frozenset({ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_DOWN})
DEFAULT_QUANTUM = Decimal("0.01")
DEFAULT_ROUNDING = ROUND_HALF_UP
SCHEDULE_VERSION = "decree481-2007"  # the national scale; FeeSchedule.version may name a local one
MAX_AMOUNT = Decimal("999999999999.99")  # just under one trillion yuan


class FeeKind(StrEnum):
    PROPERTY = "property"
    DIVORCE = "divorce"
    PERSONALITY_RIGHTS = "personality_rights"
    NON_PROPERTY = "non_property"
    IP = "ip"
    LABOUR = "labour"
    ADMINISTRATIVE = "administrative"
    ADMINISTRATIVE_SPECIAL = "administrative_special"
    JURISDICTION_OBJECTION = "jurisdiction_objection"
    PAYMENT_ORDER = "payment_order"
    PRESERVATION = "preservation"
    ENFORCEMENT = "enforcement"
    PUBLIC_SUMMONS = "public_summons"
    ARBITRATION = "arbitration"
    BANKRUPTCY = "bankruptcy"
    NO_FEE = "no_fee"


#: Whether a kind's fee takes the amount in dispute: "required", "optional" (a fixed fee without
#: one) or "none" (:func:`calculate` refuses an amount then).
AMOUNT_RULE: dict[str, str] = {
    "property": "required",
    "divorce": "optional",
    "personality_rights": "optional",
    "non_property": "none",
    "ip": "optional",
    "labour": "none",
    "administrative": "none",
    "administrative_special": "none",
    "jurisdiction_objection": "none",
    "payment_order": "required",
    "preservation": "optional",
    "enforcement": "optional",
    "public_summons": "none",
    "arbitration": "none",
    "bankruptcy": "required",
    "no_fee": "none",
}

# Case acceptance fees (Art. 13): the ones Arts. 15, 16 and 18 halve.
ACCEPTANCE_KINDS = frozenset(
    {
        FeeKind.PROPERTY,
        FeeKind.DIVORCE,
        FeeKind.PERSONALITY_RIGHTS,
        FeeKind.NON_PROPERTY,
        FeeKind.IP,
        FeeKind.LABOUR,
        FeeKind.ADMINISTRATIVE,
        FeeKind.ADMINISTRATIVE_SPECIAL,
    }
)


class FeeError(ValueError):
    """The calculation was asked for something the Decree does not allow."""


class InvalidAmount(ValueError):
    """An amount that cannot be used. ``reason``: empty, format, negative, decimals, too_large."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"invalid amount: {reason}")
        self.reason = reason


class FeeLine(NamedTuple):
    """One line of a breakdown: ``(label, base, rate, amount)``.

    ``base`` is the part of the amount the line is computed on (None for a
    fixed fee), ``rate`` the rate applied to it (None for a fixed fee),
    ``amount`` the (rounded) money the line adds; adjustments are negative.
    """

    label: str
    base: Decimal | None
    rate: Decimal | None
    amount: Decimal


@dataclass(frozen=True)
class FeeQuote:
    """A fee with its breakdown; the breakdown's amounts add up to ``total``.

    ``total`` is the fee owed after halving and, if the court grants the
    relief asked for, after waiving or reducing it. ``fee_before_relief`` is
    the fee before any relief (equal to ``total`` without one).
    ``payable_now`` is what is paid in advance: ``total``, or zero when the fee
    is not prepaid (enforcement and bankruptcy fees, wage claims: Art. 20;
    deferral: Art. 47).
    """

    kind: str
    amount: Decimal | None
    total: Decimal
    breakdown: tuple[FeeLine, ...]
    prepay: bool = True  # False: not paid in advance (Art. 20, or deferred under Art. 47)
    notes: tuple[str, ...] = ()
    schedule_version: str = ""
    appeal: bool = False
    relief: ReliefRequest | None = None
    fee_before_relief: Decimal | None = None  # None: no relief, the same as total

    def __post_init__(self) -> None:
        if self.fee_before_relief is None:
            object.__setattr__(self, "fee_before_relief", self.total)

    @property
    def payable_now(self) -> Decimal:
        return self.total if self.prepay else self.total - self.total  # keeps the quantum: 0.00

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (Decimals as strings), e.g. for ``kiosk fee``.

        ``fee`` and ``total`` are the same figure (``total`` is the older name).
        """

        def s(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        return {
            "kind": self.kind,
            "amount": s(self.amount),
            "fee": str(self.total),
            "total": str(self.total),
            "fee_before_relief": s(self.fee_before_relief),
            "payable_now": str(self.payable_now),
            "prepay": self.prepay,
            "appeal": self.appeal,
            "relief": None if self.relief is None else self.relief.to_dict(),
            "breakdown": [
                {"label": ln.label, "base": s(ln.base), "rate": s(ln.rate), "amount": str(ln.amount)}
                for ln in self.breakdown
            ],
            "notes": list(self.notes),
            "schedule_version": self.schedule_version,
        }


def _d(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _check_rounding(rounding: str, quantum: Decimal) -> None:
    if rounding not in ROUNDING_RULES:
        raise FeeError(f"rounding must be one of {sorted(ROUNDING_RULES)}, got {rounding!r}")
    if not quantum.is_finite() or quantum <= 0:
        raise FeeError(f"quantum must be a positive number, got {quantum}")


_RANGES: dict[str, tuple[int, int]] = {
    "divorce": (50, 300),
    "personality_rights": (100, 500),
    "non_property": (50, 100),
    "ip_without_amount": (500, 1000),
    "jurisdiction_objection": (50, 100),
    "enforcement_without_amount": (50, 500),
}


@dataclass(frozen=True)
class FeeSchedule:
    """The figures a province fixes inside the Decree's ranges (yuan per case).

    Defaults are the lower bounds. Values outside the Decree's ranges raise
    :class:`FeeError`.
    """

    divorce: Decimal = Decimal(50)  # Art. 13(二)1: 50-300
    personality_rights: Decimal = Decimal(100)  # Art. 13(二)2: 100-500
    non_property: Decimal = Decimal(50)  # Art. 13(二)3: 50-100
    ip_without_amount: Decimal = Decimal(500)  # Art. 13(三): 500-1,000
    jurisdiction_objection: Decimal = Decimal(50)  # Art. 13(六): 50-100
    enforcement_without_amount: Decimal = Decimal(50)  # Art. 14(一): 50-500
    stack_halving: bool = False
    version: str = SCHEDULE_VERSION
    rounding: str = DEFAULT_ROUNDING
    quantum: Decimal = field(default=DEFAULT_QUANTUM)

    def __post_init__(self) -> None:
        for name, (low, high) in _RANGES.items():
            value = _d(getattr(self, name))
            object.__setattr__(self, name, value)
            if not low <= value <= high:
                raise FeeError(f"{name} must be between {low} and {high} yuan, got {value}")
        object.__setattr__(self, "quantum", _d(self.quantum))
        _check_rounding(self.rounding, self.quantum)

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> FeeSchedule:
        """Build from ``Config.section("fees")`` (unknown keys are ignored)."""
        names = set(cls.__dataclass_fields__)
        aliases = {"schedule_version": "version"}
        kwargs = {}
        for key, value in values.items():
            name = aliases.get(key, key)
            if name in names:
                kwargs[name] = value
        return cls(**kwargs)


DEFAULT_SCHEDULE = FeeSchedule()


# ---------------------------------------------------------------------------
# Fee relief (司法救助), Arts. 44-48


class ReliefKind(StrEnum):
    WAIVE = "waive"  # 免交, Art. 45 (natural persons only, Art. 44)
    REDUCE = "reduce"  # 减交, Art. 46 (by at least 30 %)
    DEFER = "defer"  # 缓交, Art. 47


RELIEF_LABELS = {ReliefKind.WAIVE: "免交", ReliefKind.REDUCE: "减交", ReliefKind.DEFER: "缓交"}
MIN_REDUCTION = Decimal("0.3")  # Art. 46: 减交比例不得低于30%


class ReliefGround(NamedTuple):
    code: str
    kind: ReliefKind
    article: str  # e.g. 第四十五条第（一）项
    label: str


def _grounds(kind: ReliefKind, article: str, items: list[tuple[str, str]]) -> list[ReliefGround]:
    numbers = "一二三四五六"
    return [ReliefGround(code, kind, f"{article}第（{numbers[i]}）项", label) for i, (code, label) in enumerate(items)]


#: The grounds of Arts. 45-47, by machine code. Each belongs to one kind of relief.
RELIEF_GROUNDS: Mapping[str, ReliefGround] = {
    g.code: g
    for g in [
        *_grounds(ReliefKind.WAIVE, "第四十五条", [
            ("disabled_no_income", "残疾人无固定生活来源"),
            ("support_claim", "追索赡养费、扶养费、抚育费、抚恤金"),
            ("subsistence_allowance", "最低生活保障对象、农村特困定期救济对象、农村五保供养对象或者领取失业保险金人员，"
                                      "无其他收入"),
            ("brave_act", "因见义勇为或者为保护社会公共利益致使自身合法权益受到损害，本人或者其近亲属请求赔偿或者补偿"),
            ("other_waive", "确实需要免交的其他情形"),
        ]),
        *_grounds(ReliefKind.REDUCE, "第四十六条", [
            ("disaster_hardship", "因自然灾害等不可抗力造成生活困难，正在接受社会救济，或者家庭生产经营难以为继"),
            ("special_care", "属于国家规定的优抚、安置对象"),
            ("welfare_institution", "社会福利机构和救助管理站"),
            ("other_reduce", "确实需要减交的其他情形"),
        ]),
        *_grounds(ReliefKind.DEFER, "第四十七条", [
            ("social_insurance_claim", "追索社会保险金、经济补偿金"),
            ("accident_victim", "海上事故、交通事故、医疗事故、工伤事故、产品质量事故或者其他人身伤害事故的受害人请求赔偿"),
            ("legal_aid", "正在接受有关部门法律援助"),
            ("other_defer", "确实需要缓交的其他情形"),
        ]),
    ]
}  # fmt: skip


@dataclass(frozen=True)
class ReliefRequest:
    """A request for fee relief: what the kiosk records and the court decides.

    ``share`` is the part of the fee to be reduced (``reduce`` only, at least
    0.3 and less than 1: asking for all of it is a waiver). ``natural_person``:
    waiving is for natural persons only (Art. 44); a welfare institution
    (Art. 46(三)) is not one.
    """

    kind: ReliefKind
    ground: str
    share: Decimal | None = None
    natural_person: bool = True

    def __post_init__(self) -> None:
        try:
            kind = ReliefKind(str(self.kind))
        except ValueError:
            raise FeeError(f"relief must be one of {', '.join(k.value for k in ReliefKind)}, got {self.kind!r}") from None
        object.__setattr__(self, "kind", kind)
        ground = RELIEF_GROUNDS.get(str(self.ground))
        if ground is None:
            raise FeeError(f"unknown relief ground {self.ground!r}")
        if ground.kind is not kind:
            codes = ", ".join(g.code for g in RELIEF_GROUNDS.values() if g.kind is kind)
            raise FeeError(f"ground {ground.code!r} is for {ground.kind.value}, not {kind.value} (use one of {codes})")
        if kind is ReliefKind.REDUCE:
            if self.share is None:
                raise FeeError("a reduction needs the share to reduce (at least 0.3)")
            try:
                share = _d(self.share)
            except InvalidOperation:
                raise FeeError(f"the share to reduce must be a number, got {self.share!r}") from None
            if not share.is_finite() or not MIN_REDUCTION <= share < 1:
                raise FeeError(f"the share to reduce must be at least 0.3 and less than 1 (Art. 46), got {share}")
            object.__setattr__(self, "share", share)
        elif self.share is not None:
            raise FeeError(f"only a reduction has a share, not {kind.value}")
        if kind is ReliefKind.WAIVE and not self.natural_person:
            raise FeeError("only natural persons may have fees waived (Art. 44)")
        if ground.code == "welfare_institution" and self.natural_person:
            raise FeeError("ground welfare_institution is for welfare institutions and relief stations, not persons")

    @property
    def ground_info(self) -> ReliefGround:
        return RELIEF_GROUNDS[self.ground]

    @classmethod
    def parse(cls, spec: str, ground: str, *, natural_person: bool = True) -> ReliefRequest:
        """From the command line's form: ``waive``, ``defer``, ``reduce:0.5`` or ``reduce:50%``."""
        kind, _, share_text = str(spec).strip().partition(":")
        share: Decimal | None = None
        if share_text:
            text = share_text.strip()
            try:
                share = Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
            except InvalidOperation:
                raise FeeError(f"the share to reduce must be a number like 0.5 or 50%, got {share_text!r}") from None
        return cls(kind=kind, ground=ground, share=share, natural_person=natural_person)  # type: ignore[arg-type]

    def label(self) -> str:
        g = self.ground_info
        what = RELIEF_LABELS[self.kind]
        if self.kind is ReliefKind.REDUCE:
            assert self.share is not None
            what += f"{_plain(self.share * 100)}%"
        text = f"申请{what}诉讼费用（{g.article}：{g.label}）"
        return text + "，准予后暂不预交" if self.kind is ReliefKind.DEFER else text

    def to_dict(self) -> dict[str, Any]:
        g = self.ground_info
        return {
            "kind": self.kind.value,
            "ground": g.code,
            "ground_label": g.label,
            "article": g.article,
            "share": None if self.share is None else str(self.share),
            "natural_person": self.natural_person,
        }


# ---------------------------------------------------------------------------
# Amount parsing

_AMOUNT_RE = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$")


def parse_amount(text: str | int | Decimal) -> Decimal:
    """Parse an amount of yuan as typed: ``'12,345.6'``, ``'１２３４５'``, ``'¥300'``, ``'300元'``.

    Rejects negatives, garbage, thousands separators in the wrong places and
    more than two decimals with :class:`InvalidAmount`.
    """
    if isinstance(text, bool):
        raise InvalidAmount("format")
    if isinstance(text, int | Decimal):
        text = str(text)
    if not isinstance(text, str):
        raise InvalidAmount("format")
    s = "".join(unicodedata.normalize("NFKC", text).split())
    s = s.removeprefix("¥").removesuffix("元")
    if not s:
        raise InvalidAmount("empty")
    if s.startswith("-"):
        raise InvalidAmount("negative")
    s = s.removeprefix("+")
    m = _AMOUNT_RE.match(s)
    if not m:
        raise InvalidAmount("format")
    if m.group(1) is not None and len(m.group(1)) > 2:
        raise InvalidAmount("decimals")
    try:
        value = Decimal(s.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex already excludes this
        raise InvalidAmount("format") from None
    if value > MAX_AMOUNT:
        raise InvalidAmount("too_large")
    return value


# ---------------------------------------------------------------------------
# Scales


@dataclass(frozen=True)
class _Bracket:
    upper: Decimal | None  # None: no upper bound
    rate: Decimal | None  # None: fixed fee for the first bracket
    fixed: Decimal = Decimal(0)


def _plain(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _wan(value: Decimal) -> str:
    """Format a bracket bound for a label: 10000 -> '1万元', 1000 -> '1000元'."""
    if value >= 10000 and value % 10000 == 0:
        return _plain(value / 10000) + "万元"
    return _plain(value) + "元"


# Art. 13(一): property cases.
PROPERTY_SCALE = (
    _Bracket(Decimal(10_000), None, Decimal(50)),
    _Bracket(Decimal(100_000), Decimal("0.025")),
    _Bracket(Decimal(200_000), Decimal("0.02")),
    _Bracket(Decimal(500_000), Decimal("0.015")),
    _Bracket(Decimal(1_000_000), Decimal("0.01")),
    _Bracket(Decimal(2_000_000), Decimal("0.009")),
    _Bracket(Decimal(5_000_000), Decimal("0.008")),
    _Bracket(Decimal(10_000_000), Decimal("0.007")),
    _Bracket(Decimal(20_000_000), Decimal("0.006")),
    _Bracket(None, Decimal("0.005")),
)

# Art. 14(一): enforcement applications.
ENFORCEMENT_SCALE = (
    _Bracket(Decimal(10_000), None, Decimal(50)),
    _Bracket(Decimal(500_000), Decimal("0.015")),
    _Bracket(Decimal(5_000_000), Decimal("0.01")),
    _Bracket(Decimal(10_000_000), Decimal("0.005")),
    _Bracket(None, Decimal("0.001")),
)

# Art. 14(二): preservation applications (capped at 5,000 separately).
PRESERVATION_SCALE = (
    _Bracket(Decimal(1_000), None, Decimal(30)),
    _Bracket(Decimal(100_000), Decimal("0.01")),
    _Bracket(None, Decimal("0.005")),
)
PRESERVATION_CAP = Decimal(5_000)
BANKRUPTCY_CAP = Decimal(300_000)

# Art. 13(二): add-ons on top of the fixed divorce and personality-rights fees.
DIVORCE_PROPERTY_SCALE = (
    _Bracket(Decimal(200_000), None, Decimal(0)),
    _Bracket(None, Decimal("0.005")),
)
PERSONALITY_DAMAGES_SCALE = (
    _Bracket(Decimal(50_000), None, Decimal(0)),
    _Bracket(Decimal(100_000), Decimal("0.01")),
    _Bracket(None, Decimal("0.005")),
)


class _Builder:
    """Accumulates exact amounts; lines are differences of rounded running totals."""

    def __init__(self, rounding: str, quantum: Decimal) -> None:
        self.rounding = rounding
        self.quantum = quantum
        self.exact = Decimal(0)
        self.lines: list[FeeLine] = []
        self.notes: list[str] = []

    def q(self, value: Decimal) -> Decimal:
        return value.quantize(self.quantum, rounding=self.rounding)

    def set_exact(self, new_exact: Decimal, label: str, base: Decimal | None, rate: Decimal | None) -> None:
        amount = self.q(new_exact) - self.q(self.exact)
        self.exact = new_exact
        self.lines.append(FeeLine(label, base, rate, amount))

    def add(self, label: str, base: Decimal | None, rate: Decimal | None, exact_amount: Decimal) -> None:
        self.set_exact(self.exact + exact_amount, label, base, rate)

    def scale(self, amount: Decimal, brackets: tuple[_Bracket, ...], skip_zero: bool = False) -> None:
        lower = Decimal(0)
        for i, br in enumerate(brackets):
            if i > 0 and amount <= lower:
                break
            if br.rate is None:
                if not (skip_zero and br.fixed == 0):
                    label = f"不超过{_wan(br.upper)}的部分（每件）" if br.upper else "每件"
                    self.add(label, min(amount, br.upper) if br.upper else amount, None, br.fixed)
            else:
                top = amount if br.upper is None else min(amount, br.upper)
                part = top - lower
                if br.upper is None:
                    label = f"超过{_wan(lower)}的部分"
                else:
                    label = f"超过{_wan(lower)}至{_wan(br.upper)}的部分"
                self.add(label, part, br.rate, part * br.rate)
            if br.upper is None:
                break
            lower = br.upper

    def quote(
        self,
        kind: str,
        amount: Decimal | None,
        schedule: FeeSchedule,
        prepay: bool = True,
        *,
        appeal: bool = False,
        relief: ReliefRequest | None = None,
        fee_before_relief: Decimal | None = None,
    ) -> FeeQuote:
        total = self.q(sum((ln.amount for ln in self.lines), Decimal(0)))
        return FeeQuote(
            kind=str(kind),
            amount=amount,
            total=total,
            breakdown=tuple(self.lines),
            prepay=prepay,
            notes=tuple(self.notes),
            schedule_version=schedule.version,
            appeal=appeal,
            relief=relief,
            fee_before_relief=fee_before_relief,
        )


def _amount(amount: Any, *, required: bool, kind: str = "this kind of fee") -> Decimal | None:
    if amount is None:
        if required:
            raise FeeError(f"{kind} needs an amount")
        return None
    if isinstance(amount, str):
        value = parse_amount(amount)
    elif isinstance(amount, bool) or not isinstance(amount, int | float | Decimal):
        raise InvalidAmount("format")
    else:
        try:
            value = _d(amount)
        except InvalidOperation:
            raise InvalidAmount("format") from None
    if not value.is_finite():
        raise InvalidAmount("format")
    if value < 0:
        raise InvalidAmount("negative")
    if value > MAX_AMOUNT:
        raise InvalidAmount("too_large")
    if required and value == 0:
        raise FeeError(f"the amount of {kind} must be greater than zero")
    return value


def _resolve(schedule: FeeSchedule | None, rounding: str | None, quantum: Any) -> tuple[FeeSchedule, str, Decimal]:
    schedule = schedule or DEFAULT_SCHEDULE
    rounding = rounding or schedule.rounding
    quantum = _d(quantum) if quantum is not None else schedule.quantum
    _check_rounding(rounding, quantum)
    return schedule, rounding, quantum


def property_case_fee(
    amount: Any,
    *,
    rounding: str | None = None,
    quantum: Any = None,
    schedule: FeeSchedule | None = None,
) -> FeeQuote:
    """Art. 13(一): the cumulative scale on the amount claimed."""
    return calculate(FeeKind.PROPERTY, amount, rounding=rounding, quantum=quantum, schedule=schedule)


def enforcement_fee(amount: Any = None, **kwargs: Any) -> FeeQuote:
    """Art. 14(一): enforcement application fee (not prepaid, Art. 20)."""
    return calculate(FeeKind.ENFORCEMENT, amount, **kwargs)


def preservation_fee(amount: Any = None, **kwargs: Any) -> FeeQuote:
    """Art. 14(二): preservation application fee, at most 5,000."""
    return calculate(FeeKind.PRESERVATION, amount, **kwargs)


_KIND_ALIASES = {"personality": FeeKind.PERSONALITY_RIGHTS}  # the court contract's name


def fee_kind(name: str | FeeKind) -> FeeKind:
    """The :class:`FeeKind` named (also the court contract's ``personality``); :class:`FeeError` if none."""
    text = str(name).strip().lower()
    try:
        return _KIND_ALIASES.get(text) or FeeKind(text)
    except ValueError:
        raise FeeError(f"unknown fee kind {name!r} (one of {', '.join(k.value for k in FeeKind)})") from None


def calculate(
    case_type_kind: str | FeeKind,
    amount: Any = None,
    *,
    simple_procedure: bool = False,
    mediated_or_withdrawn: bool = False,
    counterclaim: bool = False,
    appeal: bool = False,
    relief: ReliefRequest | None = None,
    unpaid_wages: bool = False,
    schedule: FeeSchedule | None = None,
    rounding: str | None = None,
    quantum: Any = None,
) -> FeeQuote:
    """Compute a fee with its breakdown.

    ``amount`` is the amount in dispute in yuan (Decimal, int or text as
    accepted by :func:`parse_amount`): the amount claimed (property, IP,
    payment order), the property to divide (divorce), damages claimed
    (personality rights), the amount to enforce or preserve, the bankrupt
    estate; on appeal, the part of the first-instance judgment appealed.
    Kinds that have no amount ignore None and reject a value.

    ``simple_procedure`` (Art. 16), ``mediated_or_withdrawn`` (Art. 15) and
    ``counterclaim`` (Art. 18: counterclaim or independent third party's claim)
    halve a case acceptance fee; asking for them on an application fee raises
    :class:`FeeError`.

    ``appeal`` (Art. 17): a second-instance case acceptance fee on the part
    appealed (same scale, same fixed fees); only mediation or withdrawal
    halves it.

    ``relief`` (Arts. 44-48): the fee if the court grants the request; the
    quote keeps the fee before relief. ``unpaid_wages`` (Art. 20): a claim for
    labour remuneration need not prepay the case acceptance fee.
    """
    kind = fee_kind(case_type_kind)
    schedule, rounding, quantum = _resolve(schedule, rounding, quantum)
    if relief is not None and not isinstance(relief, ReliefRequest):
        raise FeeError("relief must be a ReliefRequest")
    b = _Builder(rounding, quantum)
    prepay = True

    halving = [
        (simple_procedure, "适用简易程序减半交纳（第十六条）"),
        (mediated_or_withdrawn, "调解结案或撤诉减半交纳（第十五条）"),
        (counterclaim, "反诉或第三人诉讼请求减半交纳（第十八条）"),
    ]
    if any(flag for flag, _ in halving) and kind not in ACCEPTANCE_KINDS:
        raise FeeError(f"halving applies to case acceptance fees only, not to {kind.value}")
    if appeal:
        if kind not in ACCEPTANCE_KINDS:
            raise FeeError(f"an appeal pays a case acceptance fee, not a {kind.value} fee")
        if simple_procedure or counterclaim:
            raise FeeError("an appeal has no simple procedure and no counterclaim (only mediation or withdrawal halves it)")
    if unpaid_wages and kind not in ACCEPTANCE_KINDS:
        raise FeeError(f"the wage-claim rule (Art. 20) is about case acceptance fees, not {kind.value}")

    def no_amount() -> None:
        if amount is not None:
            raise FeeError(f"{kind.value} has no amount-based fee")

    value: Decimal | None = None
    if kind is FeeKind.PROPERTY:
        value = _amount(amount, required=True, kind=kind.value)
        b.scale(value, PROPERTY_SCALE)
    elif kind is FeeKind.DIVORCE:
        value = _amount(amount, required=False)
        b.add("离婚案件（每件）", None, None, schedule.divorce)
        if value:
            b.scale(value, DIVORCE_PROPERTY_SCALE, skip_zero=True)
    elif kind is FeeKind.PERSONALITY_RIGHTS:
        value = _amount(amount, required=False)
        b.add("侵害人格权案件（每件）", None, None, schedule.personality_rights)
        if value:
            b.scale(value, PERSONALITY_DAMAGES_SCALE, skip_zero=True)
    elif kind is FeeKind.NON_PROPERTY:
        no_amount()
        b.add("其他非财产案件（每件）", None, None, schedule.non_property)
    elif kind is FeeKind.IP:
        value = _amount(amount, required=False)
        if value:
            b.scale(value, PROPERTY_SCALE)
        else:
            value = None
            b.add("知识产权民事案件，无争议金额（每件）", None, None, schedule.ip_without_amount)
    elif kind is FeeKind.LABOUR:
        no_amount()
        b.add("劳动争议案件（每件）", None, None, Decimal(10))
    elif kind is FeeKind.ADMINISTRATIVE:
        no_amount()
        b.add("行政案件（每件）", None, None, Decimal(50))
    elif kind is FeeKind.ADMINISTRATIVE_SPECIAL:
        no_amount()
        b.add("商标、专利、海事行政案件（每件）", None, None, Decimal(100))
    elif kind is FeeKind.JURISDICTION_OBJECTION:
        no_amount()
        b.add("管辖权异议不成立（每件）", None, None, schedule.jurisdiction_objection)
    elif kind is FeeKind.PAYMENT_ORDER:
        value = _amount(amount, required=True, kind=kind.value)
        b.scale(value, PROPERTY_SCALE)
        b.set_exact(b.exact / 3, "申请支付令：按财产案件受理费的1/3交纳", b.q(b.exact), None)
    elif kind is FeeKind.PRESERVATION:
        value = _amount(amount, required=False) or None
        if value is None:
            b.add("不涉及财产数额（每件）", None, None, PRESERVATION_SCALE[0].fixed)
        else:
            b.scale(value, PRESERVATION_SCALE)
        if b.exact > PRESERVATION_CAP:
            b.set_exact(PRESERVATION_CAP, "保全费最高不超过5000元", b.q(b.exact), None)
    elif kind is FeeKind.ENFORCEMENT:
        value = _amount(amount, required=False)
        prepay = False
        if value:
            b.scale(value, ENFORCEMENT_SCALE)
        else:
            value = None
            b.add("执行申请，无执行金额（每件）", None, None, schedule.enforcement_without_amount)
        b.notes.append("申请执行费不由申请人预交，执行后交纳（第二十条）")
    elif kind is FeeKind.PUBLIC_SUMMONS:
        no_amount()
        b.add("申请公示催告（每件）", None, None, Decimal(100))
    elif kind is FeeKind.ARBITRATION:
        no_amount()
        b.add("申请撤销仲裁裁决或认定仲裁协议效力（每件）", None, None, Decimal(400))
    elif kind is FeeKind.BANKRUPTCY:
        value = _amount(amount, required=True, kind=kind.value)
        b.scale(value, PROPERTY_SCALE)
        b.set_exact(b.exact / 2, "破产案件：按财产案件受理费减半交纳", b.q(b.exact), Decimal("-0.5"))
        if b.exact > BANKRUPTCY_CAP:
            b.set_exact(BANKRUPTCY_CAP, "破产案件最高不超过30万元", b.q(b.exact), None)
        prepay = False
        b.notes.append("破产申请费不由申请人预交，清算后交纳（第二十条）")
    elif kind is FeeKind.NO_FEE:
        no_amount()
        b.notes.append("不交纳案件受理费（第八条）")

    applied = [label for flag, label in halving if flag]
    if len(applied) > 1 and not schedule.stack_halving:
        applied = ["；".join(applied)]
        b.notes.append("多项减半事由只减半一次")
    for label in applied:
        b.set_exact(b.exact / 2, label, b.q(b.exact), Decimal("-0.5"))

    if appeal:
        if value is None:
            label = "上诉案件：按一审同类案件标准交纳（第十七条）"
        else:
            label = f"上诉案件：按不服一审判决部分的上诉请求数额{_plain(value)}元计算（第十七条）"
        b.lines.insert(0, FeeLine(label, value, None, b.q(Decimal(0))))
    if unpaid_wages:
        prepay = False
        b.add("追索劳动报酬的案件，可以不预交案件受理费（第二十条）", None, None, Decimal(0))

    before_relief = b.q(b.exact)
    if relief is not None:
        label = relief.label()
        if relief.kind is ReliefKind.WAIVE:
            b.set_exact(Decimal(0), label, before_relief, Decimal(-1))
        elif relief.kind is ReliefKind.REDUCE:
            assert relief.share is not None
            b.set_exact(b.exact * (1 - relief.share), label, before_relief, -relief.share)
        else:
            prepay = False
            b.add(label, before_relief, None, Decimal(0))
        b.notes.append("司法救助由人民法院审查决定；申请时须提交书面申请和经济困难等证明材料（第四十八条）。"
                       "以上金额为准予后的金额")
    return b.quote(kind, value, schedule, prepay=prepay, appeal=appeal, relief=relief,
                   fee_before_relief=before_relief)
