"""Every CourtClient method that reads an answer, with a valid request and a valid answer (issue 17).

`ENDPOINTS` lists them (from `offline_queue/client.py`); `sample_answer(model, **fields)` builds a
minimal valid answer of a response model, the echoed fields set to what the request sent. The
hostile and fuzz tests serve these answers, whole or mutated.
"""

from __future__ import annotations

import hashlib
import types
import typing
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from offline_queue import contract as c
from offline_queue.client import CourtClient

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
ID_NUMBER = "11010519491231002X"
UPLOAD_CONTENT = b"%PDF-1.4 hostile test\n%%EOF\n"
UPLOAD_SHA = hashlib.sha256(UPLOAD_CONTENT).hexdigest()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _value(annotation: Any, name: str) -> Any:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _value(args[0], name)
    if origin in (typing.Union, types.UnionType):
        return _value(next(a for a in args if a is not type(None)), name)
    if origin is typing.Literal:
        return args[0]
    if origin is list:
        return []
    if origin is dict:
        return {}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return sample_answer(annotation)
    return {str: "x", int: 1, float: 1.0, bool: False, Decimal: "1.00", datetime: NOW.isoformat(),
            date: NOW.date().isoformat()}.get(annotation, "x")


def sample_answer(model: type[BaseModel], **fields: Any) -> dict[str, Any]:
    """A minimal valid answer of `model` (required fields only), with `fields` set."""
    data: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in fields:
            data[name] = fields[name]
        elif info.is_required():
            data[name] = _value(info.annotation, name)
    data.update(fields)
    return model.model_validate(data).model_dump(mode="json")


def _uid() -> str:
    return str(uuid.uuid4())


PERSON = {"kind": "person", "name": "张三", "id_number": ID_NUMBER}
ACCESS = c.CaseAccess(case_ref="F-1", id_number=ID_NUMBER)
FILING = c.FilingSubmission.model_validate({
    "filing_id": "F-1", "court_code": "京0105", "case_type": "民初", "plaintiff": PERSON,
    "defendants": [{"kind": "person", "name": "李四"}], "claims": "请求。", "amount": "100", "fee_estimate": "50",
    "fee_schedule_version": "2007-481", "confirmed_at": NOW.isoformat()})
ORDER = c.PaymentOrderCreate(payment_id="P-1", notice_id="FN-1", amount=Decimal("50.00"))
MESSAGE = c.MessageSubmission.model_validate({"message_id": "M-1", "kind": "judge_message", "court_code": "京0105",
                                              "sender": PERSON, "text": "您好", "confirmed_at": NOW.isoformat()})
HEARTBEAT = c.Heartbeat(kiosk_id="kiosk-h", sent_at=NOW, software_version="1", uptime_seconds=1)
APPLICATION = c.ReadingApplication.model_validate({"application_id": "A-1", "access": ACCESS.model_dump(),
                                                   "applicant": PERSON, "confirmed_at": NOW.isoformat()})
READING = c.ReadingRecord(record_id="R-1", application_id="A-1", document_id="D-1", opened_at=NOW, closed_at=NOW,
                          pages_viewed=1)
DOC_REQUEST = c.DocumentRequest(document_id="D-1", access=ACCESS)
PRINT_RECORD = c.PrintRecord(record_id="PR-1", document_id="D-1", access=ACCESS, pages=1, requested_at=NOW)
PRINT_OUTCOME = c.PrintOutcome(record_id="PR-1", status="printed", pages_printed=1, finished_at=NOW)
MATERIAL = c.MaterialSubmission.model_validate({
    "material_id": "MA-1", "court_code": "京0105", "case_ref": "F-1", "kind": "evidence", "name": "证据",
    "submitter": PERSON, "pages": 1, "confirmed_at": NOW.isoformat(),
    "attachments": [{"sha256": UPLOAD_SHA, "media_type": "application/pdf", "length": 10, "name": "a.pdf",
                     "purpose": "evidence"}]})
TICKET = c.TicketRequest(ticket_id="T-1", hall="京0105", service_code="filing", requested_at=NOW)
CANCEL = c.TicketCancel(ticket_id="T-1", reason="abandoned", cancelled_at=NOW)
RANGE = c.TicketRangeRequest(range_id="RG-1", kiosk_id="kiosk-h", hall="京0105", day=NOW.date())
CALL = c.StaffCall(call_id="C-1", kiosk_id="kiosk-h", hall="京0105", called_at=NOW, screen="home")
AUDIT = c.AuditEntry.model_validate({"seq": 3, "kiosk_id": "kiosk-h", "at": "2026-03-02T09:30:00+08:00",
                                     "action": "void", "staff": "pin", "prev": "0" * 64, "hash": "1" * 64})
UPLOAD_SPEC = c.UploadCreate(upload_id="U-1", length=len(UPLOAD_CONTENT), sha256=UPLOAD_SHA,
                             media_type="application/pdf")
CODE = "ABCDEFGHJKMN"


@dataclass
class Endpoint:
    name: str
    call: Callable[[CourtClient], Any]
    model: type[BaseModel] | None  # None: the answer is a document (bytes)
    answer: dict[str, Any] | None = None
    none_on_404: bool = False
    #: fields whose value must be the request's (changing them: a mismatched answer)
    echoed: tuple[str, ...] = field(default_factory=tuple)

    def valid_body(self) -> bytes:
        import json

        if self.model is None:
            return PDF
        return json.dumps(self.answer, ensure_ascii=False).encode()


def _e(name: str, call: Callable[[CourtClient], Any], model: type[BaseModel] | None, echoed: tuple[str, ...] = (),
       none_on_404: bool = False, **fields: Any) -> Endpoint:
    answer = sample_answer(model, **fields) if model is not None else None
    return Endpoint(name, call, model, answer, none_on_404, echoed)


_PAY = {"payment_id": "P-1", "notice_id": "FN-1", "amount": "50.00"}
ENDPOINTS: list[Endpoint] = [
    _e("health", lambda k: k.health(), c.Health),
    _e("get_policy", lambda k: k.get_policy(), c.Policy),
    _e("calculate_fee", lambda k: k.calculate_fee(c.FeeRequest(case_type="民初", amount=Decimal(100))), c.FeeQuote),
    _e("submit_filing", lambda k: k.submit_filing(FILING, "key-f"), c.FilingReceipt, ("filing_id",),
       filing_id="F-1"),
    _e("filing_status", lambda k: k.filing_status("F-1"), c.FilingStatus, ("filing_id",), filing_id="F-1"),
    _e("search_cases", lambda k: k.search_cases(ID_NUMBER), c.CaseList),
    _e("create_payment", lambda k: k.create_payment(ORDER, "key-p"), c.PaymentOrder,
       ("payment_id", "notice_id", "amount"), **_PAY),
    _e("payment_status", lambda k: k.payment_status("P-1"), c.PaymentOrder, ("payment_id",), True, **_PAY),
    _e("submit_message", lambda k: k.submit_message(MESSAGE, "key-m"), c.MessageReceipt, ("message_id",),
       message_id="M-1"),
    _e("heartbeat", lambda k: k.heartbeat(HEARTBEAT), c.HeartbeatAck, ("kiosk_id",), kiosk_id="kiosk-h"),
    _e("case_detail", lambda k: k.case_detail(ACCESS), c.CaseDetail, ("filing_id",), filing_id="F-1",
       access="party"),
    _e("case_file", lambda k: k.case_file(ACCESS), c.CaseFileIndex, case_number=None),
    _e("apply_reading", lambda k: k.apply_reading(APPLICATION, "key-a"), c.ReadingGrant, ("application_id",),
       application_id="A-1"),
    _e("reading_status", lambda k: k.reading_status("A-1"), c.ReadingGrant, ("application_id",), True,
       application_id="A-1"),
    _e("submit_reading_record", lambda k: k.submit_reading_record(READING, "key-r"), c.RecordReceipt,
       ("record_id",), record_id="R-1"),
    _e("served_documents", lambda k: k.served_documents(ID_NUMBER), c.ServedDocumentList),
    _e("fetch_document", lambda k: k.fetch_document(DOC_REQUEST, max_bytes=64 * 1024), None),
    _e("create_print_record", lambda k: k.create_print_record(PRINT_RECORD, "key-pr"), c.PrintTicket,
       ("record_id",), record_id="PR-1", verification_code=CODE, pages_left_today=3),
    _e("report_print_outcome", lambda k: k.report_print_outcome(PRINT_OUTCOME, "key-po"), c.RecordReceipt,
       ("record_id",), record_id="PR-1"),
    _e("verify_print", lambda k: k.verify_print(CODE), c.PrintVerification, ("verification_code",),
       verification_code=CODE),
    _e("submit_material", lambda k: k.submit_material(MATERIAL, "key-ma"), c.MaterialReceipt, ("material_id",),
       material_id="MA-1"),
    _e("lookup", lambda k: k.lookup(CODE), c.LookupResult, ("code",), True, code=CODE),
    _e("hall_queue", lambda k: k.hall_queue("京0105"), c.HallQueue, hall="京0105"),
    _e("issue_ticket", lambda k: k.issue_ticket(TICKET, "key-t"), c.Ticket, ("ticket_id",), ticket_id="T-1"),
    _e("ticket_status", lambda k: k.ticket_status("T-1"), c.Ticket, ("ticket_id",), True, ticket_id="T-1"),
    _e("cancel_ticket", lambda k: k.cancel_ticket(CANCEL, "key-tc"), c.TicketCancellation, ("ticket_id",),
       ticket_id="T-1"),
    _e("reserve_ticket_range", lambda k: k.reserve_ticket_range(RANGE, "key-rg"), c.TicketRange,
       ("range_id", "kiosk_id"), range_id="RG-1", kiosk_id="kiosk-h", first=1, last=50),
    _e("submit_staff_call", lambda k: k.submit_staff_call(CALL, "key-c"), c.StaffCallStatus, ("call_id",),
       call_id="C-1"),
    _e("staff_call_status", lambda k: k.staff_call_status("C-1"), c.StaffCallStatus, ("call_id",), True,
       call_id="C-1"),
    _e("submit_audit_entry", lambda k: k.submit_audit_entry(AUDIT, "key-au"), c.AuditEntryStatus,
       ("seq", "kiosk_id"), seq=3, kiosk_id="kiosk-h"),
    _e("audit_trail", lambda k: k.audit_trail(), c.AuditList),
    _e("settle_payment", lambda k: k.settle_payment("P-1", "paid"), c.PaymentOrder, **_PAY),
    _e("review", lambda k: k.review("F-1", c.ReviewDecision(decision="docket")), c.FilingStatus, filing_id="F-1"),
    _e("decide_reading", lambda k: k.decide_reading("A-1", c.ReadingDecision(decision="grant")), c.ReadingGrant,
       application_id="A-1"),
    _e("add_case_event", lambda k: k.add_case_event(c.CaseEvent(filing_id="F-1", kind="timeline", label="受理",
                                                                 at=NOW)), c.CaseDetail, access="party"),
    _e("list_materials", lambda k: k.list_materials(), c.MaterialList),
    _e("list_filings", lambda k: k.list_filings(), c.FilingList),
    _e("call_next_ticket", lambda k: k.call_next_ticket("京0105", c.CallNext(counter="1", service_codes=["filing"])),
       c.Ticket, none_on_404=True),
    _e("list_tickets", lambda k: k.list_tickets("京0105"), c.TicketList),
    _e("authenticate", lambda k: k.authenticate(), c.AuthToken),
    _e("enrol", lambda k: k.enrol(c.EnrolmentRequest(code="0412-7791-3058", csr_pem="-----BEGIN CERTIFICATE REQUEST-----"
                                                     + "A" * 64)), c.EnrolmentCertificate, ("kiosk_id",),
       kiosk_id="kiosk-h", not_after=NOW.isoformat()),
    _e("staff_card_revocations", lambda k: k.staff_card_revocations(), c.StaffCardRevocations,
       updated_at=NOW.isoformat()),
    _e("upload_status", lambda k: k.upload_status("U-1"), c.UploadStatus, ("upload_id",), True, upload_id="U-1",
       length=len(UPLOAD_CONTENT), sha256=UPLOAD_SHA, offset=0),
    _e("create_upload", lambda k: k.create_upload(UPLOAD_SPEC, "key-u"), c.UploadStatus, ("upload_id",), upload_id="U-1",
       length=len(UPLOAD_CONTENT), sha256=UPLOAD_SHA, offset=0),
    _e("upload", lambda k: k.upload(UPLOAD_CONTENT, UPLOAD_SHA, "application/pdf", "U-1", max_resumes=2),
       c.UploadStatus, ("upload_id",), upload_id="U-1", length=len(UPLOAD_CONTENT), sha256=UPLOAD_SHA,
       offset=len(UPLOAD_CONTENT), complete=True, media_type="application/pdf"),
]
