"""Self-service filing: draft -> local fee estimate -> confirm -> durable in the
outbox -> receipt printed -> the sync worker delivers it to the court.

The filing id and the idempotency key are made when the litigant confirms and
are stored in the same outbox transaction as the filing itself, so a retry after
any failure (network, power) sends the same key and never files twice.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QObject, Signal

from kiosk.domain import fees, idnumber

log = logging.getLogger("kiosk.filing")


@dataclass
class PartyDraft:
    kind: str = "person"  # person | organisation
    name: str = field(default="", repr=False)
    id_number: str = field(default="", repr=False)  # person: resident ID (optional); organisation: USCC
    address: str = field(default="", repr=False)
    phone: str = field(default="", repr=False)


@dataclass
class FilingDraft:
    court_code: str
    case_type: str
    defendant: PartyDraft = field(default_factory=PartyDraft)
    claims: str = field(default="", repr=False)
    amount_text: str = ""


@dataclass(frozen=True)
class FilingOutcome:
    filing_id: str
    submitted_at: datetime
    fee: Decimal


def validate_draft(draft: FilingDraft) -> dict[str, str]:
    """Field -> problem code. Codes are translated by the UI."""
    problems: dict[str, str] = {}
    d = draft.defendant
    if len(d.name.strip()) < 2:
        problems["defendant_name"] = "required"
    if d.id_number.strip():
        if d.kind == "person":
            try:
                idnumber.validate(d.id_number)
            except idnumber.InvalidIdNumber as exc:
                problems["defendant_id"] = f"id_{exc.reason_code}"
        else:
            from stdnum.cn import uscc

            if not uscc.is_valid(d.id_number.strip().upper()):
                problems["defendant_id"] = "uscc_invalid"
    phone = d.phone.strip()
    if phone and not (phone.isdigit() and 7 <= len(phone) <= 12):
        problems["defendant_phone"] = "phone_invalid"
    if len(draft.claims.strip()) < 4:
        problems["claims"] = "required"
    try:
        fees.parse_amount(draft.amount_text)
    except fees.InvalidAmount:
        problems["amount"] = "amount_invalid"
    return problems


class FilingService(QObject):
    submitted = Signal(object)  # FilingOutcome: durable in the outbox
    submit_failed = Signal(str)  # code: storage
    receipt_printed = Signal(str)  # filing id
    receipt_failed = Signal(str, str)  # filing id, code: offline | paper_out | error

    def __init__(self, core, outbox_worker, receipts, policy, clock=datetime.now) -> None:
        super().__init__()
        self._core = core
        self._policy = policy
        self._outbox_worker = outbox_worker
        self._receipts = receipts
        self._clock = clock
        self._rounding = core.config.get("fees.rounding")
        self._quantum = Decimal(core.config.get("fees.quantum"))

    @property
    def court_code(self) -> str:
        return self._core.config.get("court.court_code")

    @property
    def case_type(self) -> str:
        return self._core.config.get("court.default_case_type")

    def court_display_name(self, code: str) -> str:
        return self._policy.court_name(code)

    def case_type_display_name(self, code: str) -> str:
        return self._policy.case_type_name(code)

    @staticmethod
    def validate(draft: FilingDraft) -> dict[str, str]:
        return validate_draft(draft)

    def new_draft(self) -> FilingDraft:
        return FilingDraft(court_code=self.court_code, case_type=self.case_type)

    def estimate(self, amount_text: str):
        """The local fee estimate (Decree 481 property scale); None when the amount is invalid."""
        try:
            amount = fees.parse_amount(amount_text)
        except fees.InvalidAmount:
            return None
        return fees.property_case_fee(amount, quantum=self._quantum, rounding=self._rounding)

    def build_submission(self, identity, draft: FilingDraft, filing_id: str, confirmed_at: datetime):
        from offline_queue.contract import FilingSubmission, Party

        amount = fees.parse_amount(draft.amount_text)
        quote = fees.property_case_fee(amount, quantum=self._quantum, rounding=self._rounding)
        d = draft.defendant
        ident = d.id_number.strip().upper() or None
        defendant = Party(
            kind=d.kind,
            name=d.name.strip(),
            id_number=ident if d.kind == "person" else None,
            uscc=ident if d.kind == "organisation" else None,
            address=d.address.strip() or None,
            phone=d.phone.strip() or None,
        )
        plaintiff = Party(
            kind="person", name=identity.name, id_number=identity.id_number, address=identity.address
        )
        return FilingSubmission(
            filing_id=filing_id,
            court_code=draft.court_code,
            case_type=draft.case_type,
            plaintiff=plaintiff,
            defendants=[defendant],
            claims=draft.claims.strip(),
            amount=amount,
            fee_estimate=quote.total,
            fee_schedule_version=fees.SCHEDULE_VERSION,
            confirmed_at=confirmed_at,
            plaintiff_identified_by="id_card_photo" if getattr(identity, "source", "chip") == "photo"
            else "id_card_chip",
        )

    def submit(self, identity, draft: FilingDraft) -> None:
        """Confirmed by the litigant: make the ids, store durably, then print the receipt."""
        filing_id = str(uuid.uuid4())
        key = str(uuid.uuid4())
        confirmed_at = self._clock().astimezone()
        submission = self.build_submission(identity, draft, filing_id, confirmed_at)
        payload = submission.model_dump(mode="json")

        def store():
            self._core.outbox.enqueue("filing", payload, idempotency_key=key, item_id=filing_id)
            return FilingOutcome(filing_id, confirmed_at, submission.fee_estimate)

        def stored(outcome: FilingOutcome) -> None:
            log.info("filing %s stored in the outbox", outcome.filing_id)
            if self._core.sync is not None:
                self._core.sync.wake()
            self.submitted.emit(outcome)
            self._receipts.print_filing(payload, self.receipt_printed, self.receipt_failed)

        def failed(exc: BaseException) -> None:
            log.error("storing a filing failed: %s", type(exc).__name__)
            self.submit_failed.emit("storage")

        # Not session-bound: once confirmed, a reset must not lose the filing.
        self._outbox_worker.submit(store, stored, failed, session_bound=False)
