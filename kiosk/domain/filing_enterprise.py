"""The enterprise window (企业"云评估") in the filing wizard (no Qt).

When a party of the filing is an organisation, the wizard offers the production
and operation impact evaluation (on the parties step). It is optional: the litigant who takes the
offer gets the ``enterprise`` step (`kiosk.domain.filing_wizard`) after the parties, and may still
skip it there. The evaluation names one organisation party, its employees, its operating status,
whether a preservation measure would freeze its bank accounts or key assets and what that would do
to its operation, the orders and contracts at risk, whether it would mediate, and the alternatives
to freezing it offers (担保, 保函, 保全责任保险, 置换财产, 活封). `problems` checks the answers;
`applies` says whether the step is shown and the evaluation goes with the filing; `summary_lines`
words a filed evaluation for the receipt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Protocol

ORGANISATION = "organisation"  # (kiosk.domain.filing.ORGANISATION: kiosk.domain.filing imports this module)
OPERATING_STATUSES = ("normal", "reduced", "suspended", "closed", "liquidation", "other")
FREEZE_IMPACTS = ("none", "minor", "serious", "stops_operation")
MEDIATION_ANSWERS = ("willing", "unwilling", "undecided")
ALTERNATIVES = ("guarantee", "bank_guarantee", "insurance", "substitute_property", "live_seal")
#: Paper texts (receipt, complaint) of the answers.
OPERATING_TEXT = {"normal": "正常经营", "reduced": "部分停产", "suspended": "停产", "closed": "歇业",
                  "liquidation": "清算", "other": "其他"}
FREEZE_TEXT = {"none": "无影响", "minor": "影响较小", "serious": "影响严重", "stops_operation": "将导致停产"}
MEDIATION_TEXT = {"willing": "愿意调解", "unwilling": "不愿调解", "undecided": "尚未决定"}
ALTERNATIVE_TEXT = {"guarantee": "担保", "bank_guarantee": "保函", "insurance": "保全责任保险",
                    "substitute_property": "置换财产", "live_seal": "活封"}
MAX_EMPLOYEES = 10_000_000
MAX_ORDERS = 1_000_000


@dataclass
class EnterpriseDraft:
    """The litigant's answers to the evaluation, as typed (checked by `problems`)."""

    wanted: bool = False  # the litigant took the offer (on the parties step)
    role: str = ""  # the organisation evaluated: its side ...
    index: int = 0  # ... and its place there (the draft's lists)
    employees: str = ""
    operating_status: str = ""
    accounts_at_risk: bool | None = None
    key_assets_at_risk: bool | None = None
    freeze_impact: str = ""
    orders_at_risk: str = ""
    orders_amount: str = ""
    mediation: str = ""
    alternatives: set[str] = field(default_factory=set)
    note: str = field(default="", repr=False)

    def skip(self) -> None:
        """The litigant skips the evaluation: nothing of it goes with the filing."""
        self.wanted = False


class PartyDraft(Protocol):
    """What this module uses of a party (`kiosk.domain.filing.PartyDraft`)."""

    kind: str
    name: str

    def is_empty(self) -> bool: ...


class FilingDraft(Protocol):
    """What this module uses of a draft (`kiosk.domain.filing.FilingDraft`)."""

    enterprise: EnterpriseDraft

    def parties(self, role: str) -> list[PartyDraft]: ...


# ------------------------------------------------------------ organisations
def organisations(draft: FilingDraft) -> list[tuple[str, int, PartyDraft]]:
    """(role, index, party) of every organisation among the draft's parties, in the wizard's order."""
    return [(role, n, party) for role in ("plaintiff", "defendant", "third_party")
            for n, party in enumerate(draft.parties(role)) if party.kind == ORGANISATION and not party.is_empty()]


def involves_organisation(draft: FilingDraft) -> bool:
    """A party of the filing is an organisation (the 涉企 mark; the evaluation is offered)."""
    return bool(organisations(draft))


def applies(draft: FilingDraft) -> bool:
    """The enterprise step is shown, and its evaluation goes with the filing: an organisation is a party
    and the litigant took the offer."""
    return draft.enterprise.wanted and involves_organisation(draft)


def subject(draft: FilingDraft) -> PartyDraft | None:
    """The organisation the evaluation is about (None: the chosen one is no organisation party now)."""
    e = draft.enterprise
    for role, n, party in organisations(draft):
        if (role, n) == (e.role, e.index):
            return party
    return None


def choose_default_subject(draft: FilingDraft) -> None:
    """Point the evaluation at the first organisation when it names none of them (any more)."""
    found = organisations(draft)
    if found and subject(draft) is None:
        draft.enterprise.role, draft.enterprise.index = found[0][0], found[0][1]


# ----------------------------------------------------------------- answers
def _count(text: str, limit: int) -> int | None:
    text = text.strip().replace(",", "").replace("，", "")
    if not text.isdigit():
        return None
    value = int(text)
    return value if value <= limit else None


def parse_employees(text: str) -> int | None:
    return _count(text, MAX_EMPLOYEES)


def parse_orders(text: str) -> int | None:
    """The number of orders at risk: 0 when not given."""
    return 0 if not text.strip() else _count(text, MAX_ORDERS)


def parse_orders_amount(text: str) -> Decimal | None:
    """Their amount in yuan (None: not given); ValueError when it is not an amount."""
    text = text.strip().replace(",", "").replace("，", "").removesuffix("元")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError("not an amount") from exc
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")) or value >= Decimal(10) ** 14:
        raise ValueError("not an amount")
    return value.quantize(Decimal("0.01"))


def problems(draft: FilingDraft) -> dict[str, str]:
    """{field: problem code} of the enterprise step (none when the evaluation is skipped or not offered)."""
    if not applies(draft):
        return {}
    e = draft.enterprise
    found: dict[str, str] = {}
    if subject(draft) is None:
        found["subject"] = "required"
    if not e.employees.strip():
        found["employees"] = "required"
    elif parse_employees(e.employees) is None:
        found["employees"] = "count_invalid"
    if e.operating_status not in OPERATING_STATUSES:
        found["operating_status"] = "required"
    if e.accounts_at_risk is None:
        found["accounts_at_risk"] = "required"
    if e.key_assets_at_risk is None:
        found["key_assets_at_risk"] = "required"
    if e.freeze_impact not in FREEZE_IMPACTS:
        found["freeze_impact"] = "required"
    if parse_orders(e.orders_at_risk) is None:
        found["orders_at_risk"] = "count_invalid"
    try:
        amount = parse_orders_amount(e.orders_amount)
    except ValueError:
        found["orders_amount"] = "amount_invalid"
    else:
        if amount is not None and amount > 0 and parse_orders(e.orders_at_risk) == 0:
            found["orders_at_risk"] = "orders_missing"  # an amount at risk, but no order named
    if e.mediation not in MEDIATION_ANSWERS:
        found["mediation"] = "required"
    if not e.alternatives <= set(ALTERNATIVES):
        found["alternatives"] = "required"
    if len(e.note) > 1000:
        found["note"] = "too_long"
    return found


def summary_lines(impact: dict) -> list[str]:
    """A few lines on paper (Chinese) of an evaluation as filed (EnterpriseImpact JSON)."""
    freeze = [what for what, on in (("银行账户", impact.get("accounts_at_risk")),
                                    ("关键资产", impact.get("key_assets_at_risk"))) if on]
    lines = [
        f"职工人数：{impact['employees']}人；经营状态：{OPERATING_TEXT.get(impact['operating_status'], '其他')}",
        ("保全涉及：" + "、".join(freeze) if freeze else "保全涉及：无账户或关键资产")
        + f"；{FREEZE_TEXT.get(impact['freeze_impact'], '')}",
    ]
    orders = impact.get("orders_at_risk") or 0
    if orders:
        amount = impact.get("orders_amount")
        lines.append(f"受影响订单合同：{orders}份" + (f"，{Decimal(amount):,.2f}元" if amount else ""))
    lines.append(f"调解意愿：{MEDIATION_TEXT.get(impact.get('mediation', 'undecided'), '尚未决定')}")
    alternatives = [ALTERNATIVE_TEXT[a] for a in ALTERNATIVES if a in (impact.get("alternatives") or [])]
    if alternatives:
        lines.append("保全替代方式：" + "、".join(alternatives))
    return lines
