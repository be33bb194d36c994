"""The filing wizard's draft and its rules (no Qt): what a litigant answers, step by step.

A draft belongs to one session: the flow makes it when the litigant starts and drops it on
reset. Every step stores its answers in the draft before the litigant moves on (or back), so
going back and forth never loses an answer. `problems(draft, step)` says what is missing or
wrong on a step as ``{field: code}``; the UI translates the codes. `checklist(draft)` is the
materials checklist for the filing's kind, worded as guidance. The steps' order and where
"next" and "back" lead are the wizard's (`kiosk.domain.filing_wizard`).

Case kinds (`offline_queue.contract.FILING_KINDS`): 起诉 ``first_instance``, 上诉 ``appeal``
(referencing the first-instance case number), 申请执行 ``enforcement`` (referencing the case of
the effective document), 诉前调解 ``mediation``. The parties' names follow the kind: plaintiff /
appellant / applicant, defendant / appellee / respondent.

跨域立案: the draft's ``court_code`` is the receiving court and ``home_court_code`` the kiosk's own;
when they differ (`FilingDraft.cross_regional`) the filing goes to the other court with the kiosk's
court as the assisting court. Only the kinds in `CROSS_REGIONAL_KINDS` are filed so (a suit, an
enforcement application: an appeal goes through the court of first instance, pre-suit mediation
stays with this court). The enterprise window's evaluation (``enterprise``, optional, when a party is
an organisation) is `kiosk.domain.filing_enterprise`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kiosk.domain import casenumber, fees, idnumber
from kiosk.domain import filing_enterprise as enterprise_rules
from kiosk.domain.filing_enterprise import EnterpriseDraft

FIRST_INSTANCE = "first_instance"
APPEAL = "appeal"
ENFORCEMENT = "enforcement"
MEDIATION = "mediation"
KINDS = (FIRST_INSTANCE, APPEAL, ENFORCEMENT, MEDIATION)
REFERENCING = (APPEAL, ENFORCEMENT)
CROSS_REGIONAL_KINDS = (FIRST_INSTANCE, ENFORCEMENT)

PERSON = "person"
ORGANISATION = "organisation"

ROLES = ("plaintiff", "defendant", "third_party")
AGENT_RELATIONS = ("lawyer", "relative", "employee", "community", "other")
#: The effective documents an enforcement application may rest on.
ENFORCEMENT_DOCUMENTS = ("民事判决书", "民事调解书", "民事裁定书", "仲裁裁决书", "公证债权文书", "支付令")
MAX_PARTIES = 20


@dataclass
class PartyDraft:
    kind: str = PERSON  # person | organisation
    name: str = field(default="", repr=False)
    id_number: str = field(default="", repr=False)  # person: resident ID; organisation: USCC
    address: str = field(default="", repr=False)
    phone: str = field(default="", repr=False)
    legal_representative: str = field(default="", repr=False)  # organisations
    from_card: bool = False  # the identified litigant (name and number from the ID card: not editable)

    def is_empty(self) -> bool:
        return not any(v.strip() for v in (self.name, self.id_number, self.address, self.phone,
                                            self.legal_representative))


@dataclass
class ScanPage:
    """A scanned page kept in memory until the filing is stored (then written encrypted, durably)."""

    data: bytes = field(repr=False)
    media_type: str = "image/jpeg"


@dataclass
class EvidenceDraft:
    name: str = field(default="", repr=False)
    purpose: str = field(default="", repr=False)  # 证明目的
    pages: list[ScanPage] = field(default_factory=list, repr=False)


@dataclass
class ServiceAddressDraft:
    """送达地址确认书: where the court sends documents, and consent to electronic service."""

    address: str = field(default="", repr=False)
    postcode: str = field(default="", repr=False)
    phone: str = field(default="", repr=False)
    recipient: str = field(default="", repr=False)
    electronic: bool = False
    channels: set[str] = field(default_factory=set)  # sms | email | wechat
    email: str = field(default="", repr=False)
    confirmed: bool = False  # the litigant confirmed the address and knows the risk of a wrong one


@dataclass
class ReliefDraft:
    kind: str = ""  # "" (none) | waive | reduce | defer
    ground: str = ""
    share: str = ""  # reduce: "0.5" or "50%"


@dataclass
class FilingDraft:
    court_code: str
    case_type: str
    kind: str = FIRST_INSTANCE
    filed_by: str = "self"  # self | agent
    agent_relation: str = "relative"
    accepts_mediation: bool = False
    filing_notice_read: bool = False
    risk_notice_read: bool = False
    plaintiffs: list[PartyDraft] = field(default_factory=list)
    defendants: list[PartyDraft] = field(default_factory=lambda: [PartyDraft()])
    third_parties: list[PartyDraft] = field(default_factory=list)
    reference_case_number: str = field(default="", repr=False)
    reference_document: str = ""
    claims: str = field(default="", repr=False)
    facts: str = field(default="", repr=False)
    amount_text: str = ""
    evidence: list[EvidenceDraft] = field(default_factory=list)
    materials: dict[str, list[ScanPage]] = field(default_factory=dict, repr=False)  # checklist code -> pages
    relief: ReliefDraft = field(default_factory=ReliefDraft)
    address: ServiceAddressDraft = field(default_factory=ServiceAddressDraft)
    signature_png: bytes | None = field(default=None, repr=False)
    sign_on_paper: bool = False
    home_court_code: str = ""  # the kiosk's court ("": the same as court_code)
    enterprise: EnterpriseDraft = field(default_factory=EnterpriseDraft)

    # --------------------------------------------------------------- helpers
    @property
    def defendant(self) -> PartyDraft:
        """The first defendant (the one a scanned complaint fills)."""
        if not self.defendants:
            self.defendants.append(PartyDraft())
        return self.defendants[0]

    @property
    def cross_regional(self) -> bool:
        """跨域立案: filed with another court than the kiosk's (which assists)."""
        return bool(self.home_court_code) and self.court_code != self.home_court_code

    def parties(self, role: str) -> list[PartyDraft]:
        return {"plaintiff": self.plaintiffs, "defendant": self.defendants, "third_party": self.third_parties}[role]

    def amount(self) -> Decimal | None:
        try:
            return fees.parse_amount(self.amount_text)
        except fees.InvalidAmount:
            return None


# ------------------------------------------------------------------ checks
def _party_problems(prefix: str, party: PartyDraft, *, id_required: bool) -> dict[str, str]:
    problems: dict[str, str] = {}
    if len(party.name.strip()) < 2:
        problems[f"{prefix}name"] = "required"
    number = party.id_number.strip()
    if party.kind == PERSON:
        if number:
            try:
                idnumber.validate(number)
            except idnumber.InvalidIdNumber as exc:
                problems[f"{prefix}id"] = f"id_{exc.reason_code}"
        elif id_required:
            problems[f"{prefix}id"] = "required"
    else:
        from stdnum.cn import uscc

        if number:
            if not uscc.is_valid(number.upper()):
                problems[f"{prefix}id"] = "uscc_invalid"
        elif id_required:
            problems[f"{prefix}id"] = "required"
        if id_required and len(party.legal_representative.strip()) < 2:
            problems[f"{prefix}legal_representative"] = "required"
    phone = party.phone.strip()
    if phone and not (phone.isdigit() and 7 <= len(phone) <= 12):
        problems[f"{prefix}phone"] = "phone_invalid"
    return problems


def party_problems(party: PartyDraft, role: str) -> dict[str, str]:
    """Problems of one party: plaintiffs need their ID number or credit code (and an organisation
    its legal representative); the other side's are optional but checked when given."""
    return _party_problems("", party, id_required=role == "plaintiff")


def problems(draft: FilingDraft, step: str) -> dict[str, str]:
    """{field: problem code} for one step of the wizard (`filing_wizard.STEPS`; empty: the step
    is complete)."""
    found: dict[str, str] = {}
    if step == "start":
        if draft.kind not in KINDS:
            found["kind"] = "required"
        if not draft.filing_notice_read:
            found["filing_notice"] = "notice_unread"
        if draft.filed_by == "agent" and draft.agent_relation not in AGENT_RELATIONS:
            found["agent_relation"] = "required"
        if draft.cross_regional and draft.kind not in CROSS_REGIONAL_KINDS:
            found["court"] = "cross_regional_kind"
    elif step == "parties":
        if not draft.plaintiffs:
            found["plaintiffs"] = "required"
        if not [p for p in draft.defendants if not p.is_empty()]:
            found["defendants"] = "required"
        for role in ROLES:
            for n, party in enumerate(draft.parties(role)):
                if role == "defendant" and party.is_empty() and len(draft.defendants) > 1:
                    continue
                for key, code in party_problems(party, role).items():
                    found[f"{role}.{n}.{key}"] = code
    elif step == "enterprise":
        found.update(enterprise_rules.problems(draft))
    elif step == "claims":
        if draft.kind in REFERENCING:
            text = draft.reference_case_number.strip()
            if not text:
                found["reference_case_number"] = "required"
            else:
                try:
                    casenumber.parse(text)
                except casenumber.InvalidCaseNumber:
                    found["reference_case_number"] = "case_number_invalid"
            if draft.kind == ENFORCEMENT and draft.reference_document not in ENFORCEMENT_DOCUMENTS:
                found["reference_document"] = "required"
        if len(draft.claims.strip()) < 4:
            found["claims"] = "required"
        if draft.kind != MEDIATION and len(draft.facts.strip()) < 4:
            found["facts"] = "required"
        if draft.amount() is None:
            found["amount"] = "amount_invalid"
    elif step == "evidence":
        for n, item in enumerate(draft.evidence):
            if len(item.name.strip()) < 2:
                found[f"evidence.{n}.name"] = "required"
        if draft.filed_by == "agent" and not draft.materials.get("power_of_attorney"):
            found["power_of_attorney"] = "power_of_attorney_missing"
    elif step == "fees":
        if draft.relief.kind:
            try:
                relief_request(draft)
            except (fees.FeeError, ValueError):
                found["relief"] = "relief_invalid"
    elif step == "risk":
        if not draft.risk_notice_read:
            found["risk_notice"] = "notice_unread"
    elif step == "address":
        a = draft.address
        if len(a.address.strip()) < 4:
            found["address"] = "required"
        if a.postcode.strip() and not (a.postcode.strip().isdigit() and len(a.postcode.strip()) == 6):
            found["postcode"] = "postcode_invalid"
        phone = a.phone.strip()
        if not phone:
            found["phone"] = "required"
        elif not (phone.isdigit() and 7 <= len(phone) <= 12):
            found["phone"] = "phone_invalid"
        if len(a.recipient.strip()) < 2:
            found["recipient"] = "required"
        if a.electronic and not a.channels:
            found["channels"] = "required"
        if "email" in a.channels and "@" not in a.email:
            found["email"] = "email_invalid"
        if not a.confirmed:
            found["confirmed"] = "notice_unread"
    elif step == "sign":
        if draft.signature_png is None and not draft.sign_on_paper:
            found["signature"] = "signature_missing"
    return found


def _plaintiff_is_person(draft: FilingDraft) -> bool:
    return not draft.plaintiffs or draft.plaintiffs[0].kind == PERSON


def relief_request(draft: FilingDraft) -> fees.ReliefRequest | None:
    """The draft's fee relief request (None when none is asked); FeeError or ValueError when it is
    not a valid one (a ground of another kind, a share under 30 %, waiving for an organisation)."""
    relief = draft.relief
    if not relief.kind:
        return None
    spec = relief.kind if relief.kind != "reduce" else f"reduce:{relief.share}"
    return fees.ReliefRequest.parse(spec, relief.ground, natural_person=_plaintiff_is_person(draft))


# --------------------------------------------------------------- checklist
@dataclass(frozen=True)
class Material:
    code: str
    needed: bool  # usually needed (True) or only sometimes (False)


def checklist(draft: FilingDraft) -> list[Material]:
    """The materials usually needed for this filing (SPC 法释〔2015〕8号 Art. 6), as guidance."""
    items = [Material("identity", True)]
    if any(p.kind == ORGANISATION for p in draft.plaintiffs):
        items.append(Material("business_licence", True))
    if draft.filed_by == "agent":
        items.append(Material("power_of_attorney", True))
        items.append(Material("agent_identity", True))
    items.append(Material("defendant_identity", True))
    if draft.kind == APPEAL:
        items.append(Material("judgment", True))
    elif draft.kind == ENFORCEMENT:
        items.append(Material("judgment", True))
        items.append(Material("effective_certificate", False))
    else:
        items.append(Material("complaint", False))  # the kiosk writes it from the answers
    items.append(Material("evidence", draft.kind != MEDIATION))
    return items
