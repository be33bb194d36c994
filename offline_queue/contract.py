"""The kiosk <-> court backend HTTP contract: paths, headers, status strings and models.

This module is the single source of truth for the contract. The court client
(`offline_queue.client`) speaks it and the reference backend (`court_sandbox`)
implements it; the sandbox's OpenAPI document is generated from these models.

Conventions
- Money is a `Decimal` with at most two decimal places, carried as a JSON
  string (``"10000.00"``), never as a float.
- Times are timezone-aware ISO 8601 strings.
- Request models forbid unknown fields (a field the backend does not know must
  not be dropped silently); response models ignore them (a newer backend may
  add fields).
- Every model hides input values in its validation errors
  (``hide_input_in_errors``) so an error message never carries an ID number.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from stdnum.cn import ric, uscc

CONTRACT_VERSION = "1.8.0"  # 1.8: 判后答疑 bookings (a litigant's cases with a judgment, their judge at the console or not, booking a time); 1.7: remote video (calls, their signalling WebSocket, call logs); 1.6: kiosk identity (mutual TLS, enrolment, tokens bound to the certificate),
# the admin API on its own port with an admin token, staff card revocations; 1.5: the staff audit trail

# --------------------------------------------------------------------------- paths
API_PREFIX = "/api/v1"
ADMIN_PREFIX = "/admin/v1"

HEALTH_PATH = "/healthz"
POLICY_PATH = f"{API_PREFIX}/policy"
FEES_CALCULATE_PATH = f"{API_PREFIX}/fees/calculate"
FILING_PATH = f"{API_PREFIX}/filings/{{filing_id}}"
CASES_SEARCH_PATH = f"{API_PREFIX}/cases/search"
ADMIN_FILINGS_PATH = f"{ADMIN_PREFIX}/filings"
REVIEW_PATH = f"{ADMIN_PREFIX}/filings/{{filing_id}}/review"
FAULTS_PATH = f"{ADMIN_PREFIX}/faults"
#: Resumable uploads (tus 1.0-like): POST creates, HEAD/GET tell the offset, PATCH appends a chunk.
UPLOADS_PATH = f"{API_PREFIX}/uploads"
UPLOAD_PATH = f"{API_PREFIX}/uploads/{{upload_id}}"
#: A bearer token for the kiosk (uploads check it when one is sent, or always with require_auth).
TOKEN_PATH = f"{API_PREFIX}/auth/token"
ADMIN_TOKENS_PATH = f"{ADMIN_PREFIX}/tokens"
#: Payment orders for fee notices (client-chosen id: PUT creates, GET tells the status).
PAYMENT_PATH = f"{API_PREFIX}/payments/{{payment_id}}"
SETTLE_PAYMENT_PATH = f"{ADMIN_PREFIX}/payments/{{payment_id}}/settle"
#: Messages to the court: a message for the judge, a request for mediation.
MESSAGE_PATH = f"{API_PREFIX}/messages/{{message_id}}"
ADMIN_MESSAGES_PATH = f"{ADMIN_PREFIX}/messages"
#: A kiosk's heartbeat (device health, queue depth): PUT replaces the last one.
HEARTBEAT_PATH = f"{API_PREFIX}/kiosks/{{kiosk_id}}/heartbeat"
ADMIN_KIOSKS_PATH = f"{ADMIN_PREFIX}/kiosks"

# Contract 1.2: court records (shaped like ECF GetCase / GetDocument). Who asks and how they may
# (`CaseAccess`: an ID number, or a case number and its query code) always travels in a POST body,
# never in a URL.
CASE_DETAIL_PATH = f"{API_PREFIX}/cases/detail"
CASE_FILE_PATH = f"{API_PREFIX}/cases/file"
READING_APPLICATION_PATH = f"{API_PREFIX}/reading-applications/{{application_id}}"
READING_RECORD_PATH = f"{API_PREFIX}/reading-records/{{record_id}}"
SERVED_DOCUMENTS_PATH = f"{API_PREFIX}/documents/served"
DOCUMENT_FETCH_PATH = f"{API_PREFIX}/documents/fetch"
PRINT_RECORD_PATH = f"{API_PREFIX}/print-records/{{record_id}}"
PRINT_OUTCOME_PATH = f"{API_PREFIX}/print-records/{{record_id}}/outcome"
VERIFY_PATH = f"{API_PREFIX}/verify/{{code}}"
MATERIAL_PATH = f"{API_PREFIX}/materials/{{material_id}}"
LOOKUP_PATH = f"{API_PREFIX}/lookup/{{code}}"
LOOKUP_PAGE_PATH = "/m/{code}"  # the small mobile page a receipt's QR opens (HTML)
ADMIN_READING_DECISION_PATH = f"{ADMIN_PREFIX}/reading-applications/{{application_id}}/decide"
ADMIN_CASE_EVENTS_PATH = f"{ADMIN_PREFIX}/cases/events"
ADMIN_MATERIALS_PATH = f"{ADMIN_PREFIX}/materials"
#: Admin (sandbox): a case's codes (query code, lookup code) and document ids, for tests and staff.
ADMIN_CASE_CODES_PATH = f"{ADMIN_PREFIX}/cases/{{filing_id}}/codes"
PDF_MEDIA_TYPE = "application/pdf"

# Queue tickets (取号, 1.3): one number sequence per hall (the court code) and day, shared by its kiosks.
#: GET: the hall's counter services with the people waiting, and the numbers being called now.
HALL_QUEUE_PATH = f"{API_PREFIX}/halls/{{hall}}/queue"
#: PUT (client-chosen id, Idempotency-Key) issues a ticket, or reports one a kiosk issued offline; GET tells it.
TICKET_PATH = f"{API_PREFIX}/tickets/{{ticket_id}}"
#: PUT cancels a ticket (a print that failed, a litigant who gave up); also one the backend has not seen yet.
TICKET_CANCEL_PATH = f"{API_PREFIX}/tickets/{{ticket_id}}/cancel"
#: PUT reserves a block of offline numbers for a kiosk and day (client-chosen range id, Idempotency-Key).
TICKET_RANGE_PATH = f"{API_PREFIX}/kiosks/{{kiosk_id}}/ticket-ranges/{{range_id}}"
#: Admin (the hall's staff side): a counter calls its next ticket; the tickets of a day.
ADMIN_CALL_NEXT_PATH = f"{ADMIN_PREFIX}/halls/{{hall}}/call-next"
ADMIN_TICKETS_PATH = f"{ADMIN_PREFIX}/tickets"

# Call staff (呼叫工作人员, 1.4): a litigant at a kiosk asks for a person of the hall. No personal data:
# the kiosk, the time, the screen and service the litigant was on, whether the green channel is on.
#: PUT (client-chosen id, Idempotency-Key) raises a staff call; GET tells whether the hall acknowledged it.
STAFF_CALL_PATH = f"{API_PREFIX}/staff-calls/{{call_id}}"
#: Admin (the hall's staff side): the staff calls (newest first); acknowledge one (someone is on the way).
ADMIN_STAFF_CALLS_PATH = f"{ADMIN_PREFIX}/staff-calls"
ADMIN_STAFF_CALL_ACK_PATH = f"{ADMIN_PREFIX}/staff-calls/{{call_id}}/acknowledge"

# The staff audit trail (1.5): every staff action at a kiosk (logins, lockouts, reprints, voids, quitting)
# as a hash-chained entry (`AuditEntry`), delivered one by one through the outbox.
#: PUT (Idempotency-Key ``audit-<kiosk_id>-<seq>``) delivers one entry of a kiosk's audit trail.
AUDIT_PATH = f"{API_PREFIX}/kiosks/{{kiosk_id}}/audit/{{seq}}"
#: Admin: the audit entries received (per kiosk, in order), each chain's state and the alerts.
ADMIN_AUDIT_PATH = f"{ADMIN_PREFIX}/audit"

# Kiosk identity (1.6). Each kiosk holds its own client certificate (subject CN = its kiosk id), issued by
# the court's kiosk CA when the kiosk enrols: staff in maintenance mode type a one-time code the court
# issued for that kiosk id; the kiosk makes its key pair (the private key never leaves it), sends a CSR
# with the code, and gets the certificate back. Every other /api/v1 request goes over mutual TLS with
# that certificate. The bearer token (TOKEN_PATH) is bound to the certificate it was issued over (its
# SHA-256, as RFC 8705's ``x5t#S256``): the court refuses it (401) over any other certificate, and
# refuses a request whose X-Kiosk-Id is not the certificate's CN (403). A revoked kiosk certificate
# gets 403 everywhere.
#: POST (no client certificate needed; server-authenticated TLS): a one-time code and a CSR -> certificate.
ENROL_PATH = f"{API_PREFIX}/kiosks/{{kiosk_id}}/enrol"
#: Admin: issue a one-time enrolment code for a kiosk id; list kiosk certificates; revoke one.
ADMIN_ENROLMENT_CODES_PATH = f"{ADMIN_PREFIX}/enrolment-codes"
ADMIN_KIOSK_CERTIFICATES_PATH = f"{ADMIN_PREFIX}/kiosk-certificates"
ADMIN_KIOSK_CERTIFICATE_REVOKE_PATH = f"{ADMIN_PREFIX}/kiosk-certificates/{{serial}}/revoke"

# Staff card revocations (1.6): the serial numbers of staff cards that no longer open maintenance mode
# (lost, stolen, the holder left). Kiosks fetch the list and keep the last one they got.
STAFF_CARD_REVOCATIONS_PATH = f"{API_PREFIX}/staff-cards/revocations"
#: Admin: revoke a staff card (by serial) or list the revocations.
ADMIN_STAFF_CARD_REVOCATIONS_PATH = f"{ADMIN_PREFIX}/staff-cards/revocations"

# Remote video (远程视频, issue 20; docs/VIDEO.md): a litigant at a kiosk talks face to face with hall staff
# (呼叫工作人员), the judge of one of their cases (判后答疑) or the court's reception (远程接访). The media is
# WebRTC between the kiosk and the court's video console (a web page on the admin application); the
# signalling (JSON text frames, VIDEO_MSG_*) runs over the court. No personal data in any URL: a call id is a
# random UUID (VIDEO_CALL_ID_PATTERN), a case number travels in a body or a frame only.
#: PUT (client-chosen id, Idempotency-Key) places a call (`VideoCallRequest`); GET tells how it stands.
VIDEO_CALL_PATH = f"{API_PREFIX}/video/calls/{{call_id}}"
#: POST (Idempotency-Key): the kiosk hangs up without its WebSocket (the answer: the call, ended).
VIDEO_CALL_END_PATH = f"{API_PREFIX}/video/calls/{{call_id}}/end"
#: GET upgraded to a WebSocket with the kiosk's usual headers: the signalling of one call.
VIDEO_SIGNAL_PATH = f"{API_PREFIX}/video/calls/{{call_id}}/signal"
#: PUT (Idempotency-Key): the kiosk's log of a finished call (`VideoCallLog`, a ``video_call_log`` outbox item).
VIDEO_CALL_LOG_PATH = f"{API_PREFIX}/video/calls/{{call_id}}/log"
#: Admin: the call logs received (newest first).
ADMIN_VIDEO_CALL_LOGS_PATH = f"{ADMIN_PREFIX}/video/call-logs"
#: POST (a `JudgmentCaseQuery`: the ID number in the body, never in a URL): 判后答疑, the litigant's cases
#: with a judgment, each with its judge, whether the judge is at the video console now and the times free
#: to book (`JudgmentCaseList`).
VIDEO_JUDGMENT_CASES_PATH = f"{API_PREFIX}/video/judgment-cases"
#: PUT (a client-chosen UUID, Idempotency-Key): book a 判后答疑 session with the judge when none is online
#: (`VideoBookingRequest`, a ``video_booking`` outbox item); the answer is the `VideoBooking`.
VIDEO_BOOKING_PATH = f"{API_PREFIX}/video/bookings/{{booking_id}}"
#: Admin: the bookings (by time; a judge's own with ``?judge=``).
ADMIN_VIDEO_BOOKINGS_PATH = f"{ADMIN_PREFIX}/video/bookings"
#: The video console, on the admin application. A browser cannot send the admin token's header: the console
#: signs in once with the token (a form) and then carries a session cookie (VIDEO_CONSOLE_COOKIE) that opens
#: these paths only. The page (a sign-in form without a session), its script, its sign-in and sign-out, its
#: ICE servers, its WebSocket and the upload of a recording (with the litigant's consent only).
VIDEO_CONSOLE_PATH = "/console/video"
VIDEO_CONSOLE_SCRIPT_PATH = "/console/video/console.js"
VIDEO_CONSOLE_LOGIN_PATH = "/console/video/login"
VIDEO_CONSOLE_LOGOUT_PATH = "/console/video/logout"
VIDEO_CONSOLE_CONFIG_PATH = "/console/video/config"
VIDEO_CONSOLE_WS_PATH = "/console/video/ws"
VIDEO_CONSOLE_RECORDING_PATH = "/console/video/recordings/{call_id}"
#: The console's 判后答疑 bookings: those with the judge it signed in as (the name, or the name and 法官).
VIDEO_CONSOLE_BOOKINGS_PATH = "/console/video/bookings"
VIDEO_CONSOLE_COOKIE = "video_console"

# ------------------------------------------------------------------------- headers
REQUEST_ID_HEADER = "X-Request-Id"
CORRELATION_ID_HEADER = "X-Correlation-Id"
KIOSK_ID_HEADER = "X-Kiosk-Id"
IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"
IDEMPOTENT_REPLAYED_HEADER = "Idempotent-Replayed"
RETRY_AFTER_HEADER = "Retry-After"
IDEMPOTENCY_KEY_MAX_LENGTH = 255
AUTHORIZATION_HEADER = "Authorization"
#: The admin API (its own port) wants this header with the admin token; the kiosk never sends it.
ADMIN_TOKEN_HEADER = "X-Admin-Token"
#: tus-style upload headers: the byte offset a PATCH starts at (request) / the server has (answer).
UPLOAD_OFFSET_HEADER = "Upload-Offset"
UPLOAD_LENGTH_HEADER = "Upload-Length"
#: Optional per-chunk checksum of a PATCH body: ``sha256 <base64 digest>`` (tus checksum extension).
UPLOAD_CHECKSUM_HEADER = "Upload-Checksum"
UPLOAD_CONTENT_TYPE = "application/offset+octet-stream"
#: The answer to a PATCH whose Upload-Checksum does not match its body (tus: 460 Checksum Mismatch).
CHECKSUM_MISMATCH_STATUS = 460

# -------------------------------------------------------------- filing status set
STATUS_DRAFT = "待提交"
STATUS_SUBMITTING = "提交中"
STATUS_PENDING_REVIEW = "待审核"
STATUS_APPROVED = "审核通过"
STATUS_REJECTED = "审核不通过"
STATUS_DOCKETED = "已立案"
STATUS_REFUSED = "不予立案"

FILING_STATUSES: tuple[str, ...] = (
    STATUS_DRAFT,
    STATUS_SUBMITTING,
    STATUS_PENDING_REVIEW,
    STATUS_APPROVED,
    STATUS_REJECTED,
    STATUS_DOCKETED,
    STATUS_REFUSED,
)
#: The statuses only the kiosk uses (before the backend has the filing).
LOCAL_STATUSES: tuple[str, ...] = (STATUS_DRAFT, STATUS_SUBMITTING)
#: The statuses the backend reports.
BACKEND_STATUSES: tuple[str, ...] = (
    STATUS_PENDING_REVIEW,
    STATUS_APPROVED,
    STATUS_REJECTED,
    STATUS_DOCKETED,
    STATUS_REFUSED,
)
#: Outcomes after which a filing does not change any more.
FINAL_STATUSES: tuple[str, ...] = (STATUS_REJECTED, STATUS_DOCKETED, STATUS_REFUSED)

DECISION_DOCKET = "docket"
DECISION_REJECT = "reject"
DECISION_REFUSE = "refuse"
DECISIONS: tuple[str, ...] = (DECISION_DOCKET, DECISION_REJECT, DECISION_REFUSE)
DECISION_STATUS: dict[str, str] = {
    DECISION_DOCKET: STATUS_DOCKETED,
    DECISION_REJECT: STATUS_REJECTED,
    DECISION_REFUSE: STATUS_REFUSED,
}

#: Payment order states: waiting for the litigant to pay, paid, or failed/expired (a new order may then be made).
PAYMENT_AWAITING = "awaiting_payment"
PAYMENT_PAID = "paid"
PAYMENT_FAILED = "failed"
PAYMENT_EXPIRED = "expired"
PAYMENT_STATES: tuple[str, ...] = (PAYMENT_AWAITING, PAYMENT_PAID, PAYMENT_FAILED, PAYMENT_EXPIRED)
#: States after which an order does not change any more.
PAYMENT_FINAL_STATES: tuple[str, ...] = (PAYMENT_PAID, PAYMENT_FAILED, PAYMENT_EXPIRED)

#: Court records (contract 1.2).
#: How a case is reached: as a party identified by the ID card, or by case number and query code.
ACCESS_PARTY = "party"
ACCESS_QUERY_CODE = "query_code"
#: After this many wrong query codes for a case the lookup is locked (429 with Retry-After).
QUERY_CODE_ATTEMPTS = 3
#: Milestones of a case's procedure, in the order they usually come.
TIMELINE_KINDS: tuple[str, ...] = ("立案", "分案", "送达", "举证", "开庭", "调解", "宣判", "上诉", "执行", "结案")
#: Documents served on a party (送达文书).
SERVED_KINDS: tuple[str, ...] = ("判决书", "裁定书", "调解书", "决定书", "通知书", "传票", "其他")
#: A reading application's states; only "granted" within its window opens the file.
READING_PENDING = "pending"
READING_GRANTED = "granted"
READING_REFUSED = "refused"
READING_STATES: tuple[str, ...] = (READING_PENDING, READING_GRANTED, READING_REFUSED)
#: Materials a party hands in for an existing case (材料收转).
MATERIAL_KINDS: tuple[str, ...] = ("evidence", "defence", "agent_opinion", "identity", "other")
#: The alphabet of lookup codes and query codes: no 0/O, 1/I/L (read aloud and typed on phones).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LOOKUP_CODE_PATTERN = r"^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}$"
QUERY_CODE_PATTERN = r"^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6,12}$"
VERIFICATION_CODE_PATTERN = r"^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{12}$"

MESSAGE_TO_JUDGE = "judge_message"
MESSAGE_MEDIATION = "mediation_request"
MESSAGE_KINDS: tuple[str, ...] = (MESSAGE_TO_JUDGE, MESSAGE_MEDIATION)

PARTY_PERSON = "person"
PARTY_ORGANISATION = "organisation"
PARTY_KINDS: tuple[str, ...] = (PARTY_PERSON, PARTY_ORGANISATION)

#: How a case type's acceptance fee is worked out (Decree 481 Art. 13).
FEE_KIND_PROPERTY = "property"  # (一) cumulative property scale on the amount claimed
FEE_KIND_NON_PROPERTY = "non_property"  # (二) other non-property cases: a fixed fee
FEE_KIND_DIVORCE = "divorce"  # (二) fixed fee + 0.5 % of property to divide above 200,000
FEE_KIND_PERSONALITY = "personality"  # (二) fixed fee + damages 50,000-100,000 at 1 %, above at 0.5 %
FEE_KIND_IP = "ip"  # (三) fixed fee without an amount, else the property scale
FEE_KIND_LABOUR = "labour"  # (四) fixed fee (10)
FEE_KIND_ADMINISTRATIVE = "administrative"  # (五) fixed fee
FEE_KINDS: tuple[str, ...] = (
    FEE_KIND_PROPERTY,
    FEE_KIND_NON_PROPERTY,
    FEE_KIND_DIVORCE,
    FEE_KIND_PERSONALITY,
    FEE_KIND_IP,
    FEE_KIND_LABOUR,
    FEE_KIND_ADMINISTRATIVE,
)

#: Answers after which the same request (same Idempotency-Key) may succeed later.
RETRYABLE_STATUS_CODES: frozenset[int] = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
#: Answers that need a person (dead letter).
PERMANENT_STATUS_CODES: frozenset[int] = frozenset({400, 403, 404, 410, 415, 422})

FILING_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
UPLOAD_ID_PATTERN = FILING_ID_PATTERN
SHA256_PATTERN = r"^[0-9a-f]{64}$"
MEDIA_TYPE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}$"
#: The largest attachment the contract allows (the sandbox may set a lower limit: 413).
MAX_UPLOAD_LENGTH = 64 * 1024 * 1024

# --------------------------------------------------------------------------- money


def _money_to_fen(value: Decimal) -> Decimal:
    # Called after the decimal_places=2 check, so quantizing is exact.
    return value.quantize(Decimal("0.01"))


Money = Annotated[
    Decimal,
    Field(ge=0, max_digits=16, decimal_places=2),
    AfterValidator(_money_to_fen),
    PlainSerializer(lambda v: format(v, "f"), return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{1,14}(\.\d{1,2})?$",
            "description": "Amount in yuan as a decimal string, at most two decimal places",
            "examples": ["10000.00"],
        }
    ),
]


def _normalise_id_number(value: str) -> str:
    return ric.compact(value).upper()


def _valid_resident_id(value: str) -> str:
    value = _normalise_id_number(value)
    if not ric.is_valid(value):
        raise ValueError("id_number is not a valid resident ID number")
    return value


#: A resident ID number (GB 11643), normalised (upper-case X, no spaces) and check-digit verified.
ResidentIdNumber = Annotated[str, AfterValidator(_valid_resident_id)]


def _normalise_uscc(value: str) -> str:
    return uscc.compact(value).upper()


def validation_summary(exc: ValidationError, limit: int = 5) -> str:
    """A short description of a validation error without the input values (no personal data)."""
    parts = []
    for err in exc.errors(include_input=False, include_url=False, include_context=False)[:limit]:
        loc = ".".join(str(p) for p in err.get("loc", ())) or "(body)"
        parts.append(f"{loc}: {err.get('msg', 'invalid')}")
    more = exc.error_count() - limit
    if more > 0:
        parts.append(f"... and {more} more")
    return "; ".join(parts)


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, hide_input_in_errors=True)


class _Response(BaseModel):
    model_config = ConfigDict(extra="ignore", hide_input_in_errors=True)


# ------------------------------------------------------------------------ policy


class Court(_Response):
    code: str = Field(examples=["京0105"])
    name: str = Field(examples=["北京市朝阳区人民法院"])
    case_number_prefix: str = Field(
        description="The court's part of a case number, e.g. 京0105 in （2026）京0105民初12号",
        examples=["京0105"],
    )
    cross_regional: bool = Field(
        False, description="Contract 1.2: accepts cross-regional filings (跨域立案) through this backend's kiosks: "
                           "a filing with this court_code and the kiosk's court as assisting_court_code")


class CaseType(_Response):
    code: str = Field(examples=["民初"])
    name: str = Field(examples=["民事一审（财产案件）"])
    fee_kind: str = Field(description=f"One of {', '.join(FEE_KINDS)}", examples=[FEE_KIND_PROPERTY])


class PrintLimits(_Response):
    max_pages_per_document: int = Field(50, ge=1)
    max_pages_per_day: int = Field(200, ge=1, description="Per person, across the court's kiosks")


class Policy(_Response):
    version: str
    fee_schedule_version: str = Field(examples=["2007-481"])
    courts: list[Court]
    case_types: list[CaseType]
    print_limits: PrintLimits = Field(default_factory=PrintLimits, description="Contract 1.2: 文书打印 limits")
    lookup_url: str | None = Field(
        default=None, description="Contract 1.2: the page a receipt's QR opens, with {code} for the lookup code",
        examples=["https://court.example/m/{code}"])


class Health(_Response):
    status: str = Field(examples=["ok"])


# -------------------------------------------------------------------------- fees


class FeeRequest(_Request):
    case_type: str = Field(min_length=1, max_length=32)
    amount: Money | None = Field(default=None, description="Amount claimed (property cases)")
    filing_kind: Literal["first_instance", "appeal", "enforcement", "mediation"] = Field(
        "first_instance",
        description="appeal: the fee on the amount appealed; enforcement: the application fee (paid later); "
                    "mediation: none",
    )


class FeeLine(_Response):
    label: str
    amount: Money


class FeeQuote(_Response):
    case_type: str
    amount: Money | None = None
    total: Money
    breakdown: list[FeeLine]
    schedule_version: str


# ----------------------------------------------------------------------- filings


class Party(_Request):
    kind: Literal["person", "organisation"]
    name: str = Field(min_length=1, max_length=200)
    id_number: str | None = Field(default=None, description="Resident ID number (GB 11643), persons only")
    uscc: str | None = Field(default=None, description="Unified social credit code, organisations only")
    address: str | None = Field(default=None, max_length=500)
    phone: str | None = Field(default=None, max_length=32, pattern=r"^[0-9+\-() ]{3,32}$")
    legal_representative: str | None = Field(
        default=None, max_length=200, description="An organisation's legal representative (法定代表人)"
    )

    @model_validator(mode="after")
    def _check_identifiers(self) -> Party:
        if self.kind == PARTY_PERSON:
            if self.uscc is not None:
                raise ValueError("uscc is only for organisations")
            if self.legal_representative is not None:
                raise ValueError("legal_representative is only for organisations")
            if self.id_number is not None:
                self.id_number = _normalise_id_number(self.id_number)
                if not ric.is_valid(self.id_number):
                    raise ValueError("id_number is not a valid resident ID number")
        else:
            if self.id_number is not None:
                raise ValueError("id_number is only for persons; organisations use uscc")
            if self.uscc is not None:
                self.uscc = _normalise_uscc(self.uscc)
                if not uscc.is_valid(self.uscc):
                    raise ValueError("uscc is not a valid unified social credit code")
        return self


class AttachmentRef(_Request):
    """An attachment of a filing, named by the SHA-256 of its content (a completed upload)."""

    sha256: str = Field(pattern=SHA256_PATTERN, description="Lower-case hex SHA-256 of the content")
    media_type: str = Field(pattern=MEDIA_TYPE_PATTERN, examples=["image/png", "application/pdf"])
    length: int = Field(ge=1, le=MAX_UPLOAD_LENGTH, description="Size in bytes")
    name: str = Field(min_length=1, max_length=200, description="A display name, e.g. page-1.png")
    purpose: Literal[
        "evidence", "complaint", "identity", "power_of_attorney", "business_licence", "judgment", "signature",
        "other", "defence", "agent_opinion",
    ] = Field("other", description="What the document is (the evidence list says which evidence)")


FILING_FIRST_INSTANCE = "first_instance"  # 起诉
FILING_APPEAL = "appeal"  # 上诉
FILING_ENFORCEMENT = "enforcement"  # 申请执行
FILING_MEDIATION = "mediation"  # 诉前调解申请
FILING_KINDS: tuple[str, ...] = (FILING_FIRST_INSTANCE, FILING_APPEAL, FILING_ENFORCEMENT, FILING_MEDIATION)
#: Kinds that refer to an earlier case (the first-instance case, or the case of the effective document).
REFERENCING_KINDS: tuple[str, ...] = (FILING_APPEAL, FILING_ENFORCEMENT)
#: The case number type of a docketed filing of each kind, by the case type's own code (民初 -> 民终 ...).
CASE_NUMBER_CODES: dict[str, dict[str, str]] = {
    FILING_APPEAL: {"民初": "民终", "行初": "行终"},
    FILING_ENFORCEMENT: {"民初": "执", "行初": "执"},
    FILING_MEDIATION: {"民初": "民诉前调", "行初": "行诉前调"},
}


class Agent(_Request):
    """The person filing for a party (诉讼代理人): identified at the kiosk; a power of attorney attached."""

    name: str = Field(min_length=1, max_length=200)
    id_number: ResidentIdNumber = Field(description="The agent's resident ID number")
    phone: str | None = Field(default=None, max_length=32, pattern=r"^[0-9+\-() ]{3,32}$")
    relation: Literal["lawyer", "relative", "employee", "community", "other"] = Field(
        description="Lawyer, close relative, employee of the party, recommended by the community, other"
    )
    identified_by: Literal["id_card_chip", "id_card_photo"] = "id_card_chip"


class EvidenceItem(_Request):
    """One line of the evidence list (证据清单): what it is, what it proves, its scanned pages."""

    name: str = Field(min_length=1, max_length=200)
    purpose: str = Field(default="", max_length=1000, description="What the evidence is to prove (证明目的)")
    pages: list[Annotated[str, Field(pattern=SHA256_PATTERN)]] = Field(
        default_factory=list, max_length=100, description="Digests of its pages among the attachments"
    )


class ServiceAddress(_Request):
    """The address-for-service confirmation (送达地址确认书)."""

    address: str = Field(min_length=1, max_length=500)
    postcode: str | None = Field(default=None, pattern=r"^[0-9]{6}$")
    phone: str = Field(max_length=32, pattern=r"^[0-9+\-() ]{3,32}$")
    recipient: str = Field(min_length=1, max_length=200, description="Who receives documents there")
    electronic_service: bool = Field(description="Consents to electronic service")
    channels: list[Literal["sms", "email", "wechat"]] = Field(default_factory=list, max_length=3)
    email: str | None = Field(default=None, max_length=200, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

    @model_validator(mode="after")
    def _channels_need_consent(self) -> ServiceAddress:
        if self.electronic_service and not self.channels:
            raise ValueError("electronic service needs at least one channel")
        if not self.electronic_service and self.channels:
            raise ValueError("channels are only for electronic service")
        if "email" in self.channels and not self.email:
            raise ValueError("the email channel needs an email address")
        return self


class FeeRelief(_Request):
    """A request for fee relief (Decree 481 Arts. 44-48): the court decides it."""

    kind: Literal["waive", "reduce", "defer"]
    ground: str = Field(min_length=1, max_length=64, description="A ground code, e.g. subsistence_allowance")
    share: Decimal | None = Field(default=None, ge=Decimal("0.3"), lt=1, description="reduce: the share off")

    @model_validator(mode="after")
    def _share_for_reduce(self) -> FeeRelief:
        if (self.kind == "reduce") != (self.share is not None):
            raise ValueError("a share is given for (and only for) a reduction")
        return self


class EnterpriseImpact(_Request):
    """Contract 1.2, the enterprise window (企业"云评估"): how the case, and a preservation measure in it,
    would affect one organisation party's production and operation, as the filer assesses it. Optional:
    the kiosk offers it when a party is an organisation. The court reads it before it decides on
    preservation; the filing's 涉企 mark is `FilingStatus.enterprise_related` (the court sets it)."""

    role: Literal["plaintiff", "defendant", "third_party"] = Field(description="The organisation's side")
    index: int = Field(0, ge=0, le=50, description="Which party of that side, in the filing's order "
                                                   "(plaintiffs: plaintiff first, then other_plaintiffs)")
    employees: int = Field(ge=0, le=10_000_000, description="People it employs")
    operating_status: Literal["normal", "reduced", "suspended", "closed", "liquidation", "other"] = Field(
        description="正常经营, 部分停产 (reduced), 停产 (suspended), 歇业 (closed), 清算 (liquidation), other")
    accounts_at_risk: bool = Field(description="A preservation measure would freeze its bank accounts")
    key_assets_at_risk: bool = Field(description="A preservation measure would seize or freeze key assets "
                                                 "(plant, equipment, stock, equity)")
    freeze_impact: Literal["none", "minor", "serious", "stops_operation"] = Field(
        description="What such a freeze would do to its operation: none, minor, serious (wages or suppliers "
                    "unpaid), would stop it")
    orders_at_risk: int = Field(0, ge=0, le=1_000_000, description="Orders and contracts the case puts at risk")
    orders_amount: Money | None = Field(default=None, description="Their total amount in yuan")
    mediation: Literal["willing", "unwilling", "undecided"] = Field(
        "undecided", description="Whether it is willing to settle by mediation")
    alternatives: list[Literal["guarantee", "bank_guarantee", "insurance", "substitute_property", "live_seal"]] = (
        Field(default_factory=list, max_length=5,
              description="Alternatives to freezing it offers or asks for: 担保 (a guarantor), 保函 (a bank's "
                          "letter of guarantee), 诉讼保全责任保险 (insurance), 置换财产 (other property instead), "
                          "活封 (seized but kept in use)"))
    note: str = Field(default="", max_length=1000, description="Anything else the court should know")


def is_enterprise_related(filing: dict) -> bool:
    """涉企 (contract 1.2): a filing (FilingSubmission JSON) with a party that is an organisation or an
    enterprise impact evaluation. The court routes such filings to its enterprise window."""
    parties = [filing.get("plaintiff") or {}]
    for side in ("other_plaintiffs", "defendants", "third_parties"):
        parties += filing.get(side) or []
    return bool(filing.get("enterprise_impact")) or any(p.get("kind") == PARTY_ORGANISATION for p in parties)


class FilingSubmission(_Request):
    filing_id: str = Field(pattern=FILING_ID_PATTERN, description="Client-chosen id (a UUID)")
    court_code: str = Field(min_length=1, max_length=32)
    case_type: str = Field(min_length=1, max_length=32)
    plaintiff: Party
    defendants: list[Party] = Field(min_length=1, max_length=50)
    claims: str = Field(min_length=1, max_length=20000)
    amount: Money = Field(description="Amount claimed; 0.00 for non-property cases")
    fee_estimate: Money = Field(description="The fee the kiosk showed the litigant")
    fee_schedule_version: str = Field(min_length=1, max_length=32)
    confirmed_at: AwareDatetime = Field(description="When the litigant confirmed the filing")
    plaintiff_identified_by: Literal["id_card_chip", "id_card_photo"] = Field(
        "id_card_chip",
        description="How the kiosk identified the plaintiff: the ID card's chip (read and checked by the "
                    "reader's SAM) or, when the reader could not read the card, OCR of a photo of its front "
                    "that the litigant confirmed (the court should check the identity in person)")
    attachments: list[AttachmentRef] = Field(
        default_factory=list,
        max_length=200,
        description="Scans and documents, each a completed upload (POST /api/v1/uploads) named by its digest; "
                    "a filing whose attachments are not all completed uploads is refused (422)",
    )
    filing_kind: Literal["first_instance", "appeal", "enforcement", "mediation"] = Field(
        FILING_FIRST_INSTANCE,
        description="起诉 (first instance), 上诉 (appeal), 申请执行 (enforcement), 诉前调解 (pre-suit mediation). "
                    "The parties are plaintiffs/appellants/applicants and defendants/appellees/respondents",
    )
    reference_case_number: str | None = Field(
        default=None, max_length=64,
        description="Appeal: the first-instance case number; enforcement: the case of the effective document",
    )
    reference_document: str | None = Field(
        default=None, max_length=100, description="Enforcement: the effective document, e.g. 民事判决书"
    )
    other_plaintiffs: list[Party] = Field(default_factory=list, max_length=50)
    third_parties: list[Party] = Field(default_factory=list, max_length=50)
    filed_by: Literal["self", "agent"] = "self"
    agent: Agent | None = None
    principal_identified_by: Literal["typed"] | None = Field(
        None,
        description="Issue 17 (additive): how the kiosk identified the principal (the plaintiff) of an agent's "
                    "filing: `typed` = typed in by the agent, not read from an ID card's chip (the court "
                    "checks it against the power of attorney); None for a filing by the plaintiff")
    facts_and_reasons: str = Field(default="", max_length=20000)
    evidence: list[EvidenceItem] = Field(default_factory=list, max_length=100)
    accepts_mediation: bool = Field(False, description="Accepts the offer of pre-suit mediation")
    service_address: ServiceAddress | None = None
    notices_acknowledged: list[Literal["filing_notice", "risk_notice"]] = Field(default_factory=list)
    signature: Literal["touch", "paper"] | None = Field(
        None, description="Signed on the screen (a signature attachment) or on the printed complaint"
    )
    fee_relief: FeeRelief | None = None
    lookup_code: str | None = Field(
        default=None, pattern=LOOKUP_CODE_PATTERN,
        description="Contract 1.2: a short code the kiosk made (random, no personal data) that the QR on the "
                    "receipt carries; GET /api/v1/lookup/{code} and the page /m/{code} show the filing's (later "
                    "the case's) state by it",
    )
    enterprise_impact: EnterpriseImpact | None = Field(
        default=None, description="Contract 1.2: the enterprise window's evaluation (企业\"云评估\") of one "
                                  "organisation party, when the filer gave it")
    assisting_court_code: str | None = Field(
        default=None, min_length=1, max_length=32,
        description="Contract 1.2, 跨域立案: the court whose kiosk took the filing (协助法院) when it is filed "
                    "with another court (court_code: the receiving court, 受理法院, one of Policy.courts with "
                    "cross_regional); absent when the kiosk's own court receives it")

    @model_validator(mode="after")
    def _plaintiff_identified(self) -> FilingSubmission:
        if self.plaintiff.kind == PARTY_PERSON and not self.plaintiff.id_number:
            raise ValueError("a plaintiff who is a person needs an id_number")
        if self.plaintiff.kind == PARTY_ORGANISATION and not self.plaintiff.uscc:
            raise ValueError("a plaintiff that is an organisation needs a uscc")
        if self.filing_kind in REFERENCING_KINDS and not self.reference_case_number:
            raise ValueError(f"a filing of kind {self.filing_kind} needs the reference_case_number")
        if (self.filed_by == "agent") != (self.agent is not None):
            raise ValueError("an agent is given for (and only for) a filing by an agent")
        digests = {a.sha256 for a in self.attachments}
        for item in self.evidence:
            if not set(item.pages) <= digests:
                raise ValueError("evidence pages must be among the attachments")
        if self.signature == "touch" and not any(a.purpose == "signature" for a in self.attachments):
            raise ValueError("a touch signature needs a signature attachment")
        if self.assisting_court_code is not None and self.assisting_court_code == self.court_code:
            raise ValueError("assisting_court_code is only for a filing with another court")
        impact = self.enterprise_impact
        if impact is not None:
            side = {"plaintiff": [self.plaintiff, *self.other_plaintiffs], "defendant": self.defendants,
                    "third_party": self.third_parties}[impact.role]
            if impact.index >= len(side) or side[impact.index].kind != PARTY_ORGANISATION:
                raise ValueError("enterprise_impact must name a party that is an organisation")
        return self


class FeeNotice(_Response):
    """The court's notice of the fee to pay for a filing (交费通知); one payment order pays it."""

    notice_id: str = Field(examples=["FN-2026-000012"])
    filing_id: str
    amount: Money = Field(description="The fee to pay (the court's calculation is authoritative)")
    breakdown: list[FeeLine] = Field(default_factory=list)
    schedule_version: str
    issued_at: datetime
    pay_by: datetime = Field(description="Pay within 7 days of the notice (Decree 481 Art. 22)")
    paid: bool = False


#: Fields added in contract 1.1 (issue 6) and 1.2 (issue 13). A request that leaves them at their
#: defaults is the same request as in 1.0 (the backend's idempotency fingerprint leaves them out then).
FILING_FIELDS_1_1: tuple[str, ...] = (
    "filing_kind", "reference_case_number", "reference_document", "other_plaintiffs", "third_parties",
    "filed_by", "agent", "facts_and_reasons", "evidence", "accepts_mediation", "service_address",
    "notices_acknowledged", "signature", "fee_relief", "lookup_code", "enterprise_impact", "assisting_court_code",
)


class FilingReceipt(_Response):
    filing_id: str
    received_at: datetime
    status: str = Field(default=STATUS_PENDING_REVIEW, examples=[STATUS_PENDING_REVIEW])
    fee_notice: FeeNotice | None = Field(default=None, description="The fee to pay; none when there is no fee")


class FilingStatus(_Response):
    filing_id: str
    status: str = Field(description=f"One of {' '.join(BACKEND_STATUSES)}")
    case_number: str | None = Field(default=None, examples=["（2026）京0105民初12号"])
    reasons: list[str] = Field(default_factory=list)
    updated_at: datetime
    fee_notice: FeeNotice | None = None
    enterprise_related: bool = Field(
        False, description="Contract 1.2: 涉企, set by the court (`is_enterprise_related`): a party is an "
                           "organisation or the filing carries enterprise_impact; routed to the enterprise window")
    assisting_court_code: str | None = Field(
        default=None, description="Contract 1.2: 跨域立案, the court that took the filing for the receiving court")


# ---------------------------------------------------------------------- payments


#: Namespace of the payment ids derived from fee notices (uuid5).
_PAYMENT_NAMESPACE = uuid.UUID("6f1c3c2e-6d0b-5b8e-9a57-2c7f0e4d1a90")


def payment_id_for(notice_id: str, attempt: int = 1) -> str:
    """The payment order id for a fee notice: the same on every kiosk and after every restart.

    `attempt` counts orders for the notice: 2 and later only after the previous order failed or expired.
    """
    if attempt < 1:
        raise ValueError("attempt counts from 1")
    name = notice_id if attempt == 1 else f"{notice_id}#{attempt}"
    return str(uuid.uuid5(_PAYMENT_NAMESPACE, name))


class PaymentOrderCreate(_Request):
    """Ask for a payment order (a QR to pay by phone) for a fee notice.

    The kiosk derives `payment_id` from the notice (`payment_id_for`), so every retry, a kiosk
    restart or another kiosk names the same order: a notice never gets two open orders. A new
    order for a notice is only made after the previous one failed or expired (with a new id).
    """

    payment_id: str = Field(pattern=FILING_ID_PATTERN, description="Client-chosen id")
    notice_id: str = Field(min_length=1, max_length=64)
    amount: Money = Field(description="The notice's amount (422 when it differs)")
    channel: Literal["qr"] = "qr"


class PaymentOrder(_Response):
    payment_id: str
    notice_id: str
    filing_id: str
    amount: Money
    status: str = Field(description=f"One of {' '.join(PAYMENT_STATES)}")
    qr_content: str = Field(description="What the QR code encodes (the payment page for a phone)")
    created_at: datetime
    expires_at: datetime
    paid_at: datetime | None = None
    receipt_number: str | None = Field(
        default=None, description="Contract 1.2: the court's electronic receipt number (电子票据号), once paid"
    )


class PaymentSettlement(_Request):
    """Admin: what the payment provider reported for an order (sandbox: decided by a test or staff)."""

    outcome: Literal["paid", "failed", "expired"]


# ---------------------------------------------------------------------- messages


class MessageSubmission(_Request):
    """A litigant's message to the court: for the judge of a case, or a request for (pre-suit) mediation."""

    message_id: str = Field(pattern=FILING_ID_PATTERN, description="Client-chosen id (a UUID)")
    kind: Literal["judge_message", "mediation_request"]
    court_code: str = Field(min_length=1, max_length=32)
    case_number: str | None = Field(default=None, max_length=64, description="The case it is about, if any")
    filing_id: str | None = Field(default=None, pattern=FILING_ID_PATTERN, description="Or the filing")
    sender: Party
    text: str = Field(min_length=1, max_length=5000)
    confirmed_at: AwareDatetime


class MessageReceipt(_Response):
    message_id: str
    received_at: datetime


class MessageSummary(_Response):
    """A message as the admin list shows it: ids only, no personal data."""

    message_id: str
    kind: str
    court_code: str
    case_number: str | None = None
    kiosk_id: str | None = None
    received_at: datetime


class MessageList(_Response):
    items: list[MessageSummary]


# ---------------------------------------------------------------------- heartbeat


class Heartbeat(_Request):
    """A kiosk's state for the court's fleet view. No personal data."""

    kiosk_id: str = Field(min_length=1, max_length=64)
    sent_at: AwareDatetime
    software_version: str = Field(min_length=1, max_length=64)
    uptime_seconds: float = Field(ge=0)
    devices: dict[str, str] = Field(
        default_factory=dict, max_length=50, description="Device name -> ok, or why it is not usable"
    )
    queue: dict[str, int] = Field(default_factory=dict, max_length=20, description="Outbox counts by state")
    queue_set_aside: bool = Field(False, description="A damaged queue file was set aside: staff must look")
    staff_calls_open: int = Field(0, ge=0, description="Staff calls from this kiosk neither acknowledged by the "
                                                       "hall nor marked handled at the kiosk")
    staff_calls_undelivered: int = Field(0, ge=0, description="Of those, the calls that have not reached the court")
    oldest_staff_call_at: AwareDatetime | None = Field(default=None, description="When the oldest open call was made")


class HeartbeatAck(_Response):
    kiosk_id: str
    received_at: datetime


class KioskList(_Response):
    items: list[Heartbeat]


# ------------------------------------------------------------------------- cases


class CaseSearch(_Request):
    id_number: ResidentIdNumber = Field(min_length=1, max_length=32)


class CaseSummary(_Response):
    filing_id: str
    court_code: str
    court_name: str
    case_type: str
    case_type_name: str
    status: str
    case_number: str | None = None
    reasons: list[str] = Field(default_factory=list)
    submitted_at: datetime
    updated_at: datetime
    plaintiff_name: str
    defendant_name: str = Field(description="The defendants' names joined with 、")
    amount: Money
    fee_notice: FeeNotice | None = Field(default=None, description="The fee to pay, and whether it is paid")


class CaseList(_Response):
    items: list[CaseSummary]


# ---------------------------------------------------------------- court records (1.2)


class CaseAccess(_Request):
    """Who asks for a case and how they may: a party identified by the ID card (``id_number``), or
    anyone holding the case number and the query code printed on the court's notices (查询码:
    agents, lawyers). Exactly one of the two. A wrong query code is 403; after
    `QUERY_CODE_ATTEMPTS` wrong ones for a case the lookup is locked for a while (429, Retry-After)."""

    case_ref: str = Field(min_length=1, max_length=64, description="The filing id, or the case number")
    id_number: ResidentIdNumber | None = Field(default=None, max_length=32)
    query_code: str | None = Field(default=None, pattern=QUERY_CODE_PATTERN)

    @model_validator(mode="after")
    def _one_way(self) -> CaseAccess:
        if (self.id_number is None) == (self.query_code is None):
            raise ValueError("give either id_number (a party) or query_code (case number and query code)")
        return self


class CaseParty(_Response):
    role: str = Field(examples=["原告", "被告", "第三人", "上诉人", "申请执行人"])
    kind: Literal["person", "organisation"] = PARTY_PERSON
    name: str


class CourtOfficer(_Response):
    role: Literal["judge", "clerk"]
    name: str
    title: str = Field(default="", examples=["审判员", "书记员"])


class TimelineEvent(_Response):
    kind: str = Field(description=f"One of {' '.join(TIMELINE_KINDS)}")
    at: datetime
    note: str = ""


class Hearing(_Response):
    at: datetime
    kind: str = Field(default="开庭", examples=["开庭", "调解", "听证", "宣判"])
    courtroom: str = Field(examples=["第三法庭"])
    online: bool = Field(False, description="Held online (the party joins by video)")
    note: str = ""


class Deadline(_Response):
    kind: str = Field(examples=["举证期限", "答辩期限", "上诉期限", "缴费期限"])
    due: datetime
    note: str = ""


class CaseDetail(_Response):
    """A case as a party (or a query code's holder) sees it."""

    filing_id: str
    case_number: str | None = None
    court_code: str
    court_name: str
    case_type: str
    case_type_name: str
    status: str
    access: Literal["party", "query_code"]
    parties: list[CaseParty] = Field(default_factory=list)
    judge: CourtOfficer | None = None
    clerk: CourtOfficer | None = None
    contact_phone: str | None = Field(default=None, description="The court's line for this case")
    timeline: list[TimelineEvent] = Field(default_factory=list)
    hearings: list[Hearing] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    lookup_code: str | None = Field(default=None, description="The code the filing's QR carries")


class ReadingGrant(_Response):
    """A reading application and the court's answer: the file opens only while granted."""

    application_id: str
    status: str = Field(description=f"One of {' '.join(READING_STATES)}")
    granted_from: datetime | None = None
    granted_until: datetime | None = None
    reasons: list[str] = Field(default_factory=list)


class CaseFileDocument(_Response):
    """A document of the case file (卷宗目录) the party may see."""

    document_id: str
    kind: str = Field(examples=["起诉状", "证据", "答辩状", "庭审笔录", "判决书"])
    title: str
    date: datetime
    pages: int = Field(ge=1)


class CaseFileIndex(_Response):
    case_number: str | None
    documents: list[CaseFileDocument]
    grant: ReadingGrant | None = Field(default=None, description="The newest reading application, if any")


class ReadingApplication(_Request):
    """A party's application to read the case file (阅卷申请). The court decides (granting a window, e.g. 72 h)."""

    application_id: str = Field(pattern=FILING_ID_PATTERN, description="Client-chosen id (a UUID)")
    access: CaseAccess
    applicant: Party
    confirmed_at: AwareDatetime


class ReadingRecord(_Request):
    """Who read which document of a case file at a kiosk, and when (sent through the outbox)."""

    record_id: str = Field(pattern=FILING_ID_PATTERN)
    application_id: str = Field(pattern=FILING_ID_PATTERN)
    document_id: str = Field(min_length=1, max_length=64)
    opened_at: AwareDatetime
    closed_at: AwareDatetime
    pages_viewed: int = Field(ge=0, le=10000)


class RecordReceipt(_Response):
    record_id: str
    received_at: datetime


class ServedDocument(_Response):
    """A document the court served on the party (送达文书)."""

    document_id: str
    filing_id: str
    case_number: str | None = None
    court_name: str
    kind: str = Field(description=f"One of {' '.join(SERVED_KINDS)}")
    title: str
    served_at: datetime
    pages: int = Field(ge=1)


class ServedDocumentList(_Response):
    items: list[ServedDocument]


class DocumentRequest(_Request):
    """Ask for a document's PDF: one served on the party, or one of a case file within a reading grant."""

    document_id: str = Field(min_length=1, max_length=64)
    access: CaseAccess
    purpose: Literal["read", "print"] = "read"


class PrintRecord(_Request):
    """The kiosk is about to print a document: the court records it and gives the verification code
    printed on every page (the court's verify endpoint confirms it). 403 past the daily page limit."""

    record_id: str = Field(pattern=FILING_ID_PATTERN, description="Client-chosen id (a UUID)")
    document_id: str = Field(min_length=1, max_length=64)
    access: CaseAccess
    pages: int = Field(ge=1, le=10000)
    requested_at: AwareDatetime


class PrintTicket(_Response):
    record_id: str
    verification_code: str = Field(pattern=VERIFICATION_CODE_PATTERN)
    verify_url: str = Field(description="What the page's QR carries: the court's check of this print")
    pages_left_today: int = Field(ge=0)


class PrintOutcome(_Request):
    """How the print went (sent through the outbox once the printer has finished)."""

    record_id: str = Field(pattern=FILING_ID_PATTERN)
    status: Literal["printed", "failed", "canceled"]
    pages_printed: int = Field(ge=0, le=10000)
    finished_at: AwareDatetime


class PrintVerification(_Response):
    """What the court's check of a printed page says (public: no personal data)."""

    verification_code: str
    valid: bool
    document_title: str = ""
    case_number: str | None = None
    court_name: str = ""
    pages: int = 0
    printed_at: datetime | None = None
    kiosk_id: str | None = None


class MaterialSubmission(_Request):
    """Materials a party hands in for an existing case (材料收转): one PDF per material, stored as
    attachments (completed uploads) first; sent through the outbox, delivered exactly once."""

    material_id: str = Field(pattern=FILING_ID_PATTERN, description="Client-chosen id (a UUID)")
    court_code: str = Field(min_length=1, max_length=32)
    case_ref: str = Field(min_length=1, max_length=64, description="The filing id, or the case number")
    kind: Literal["evidence", "defence", "agent_opinion", "identity", "other"]
    name: str = Field(min_length=1, max_length=200)
    submitter: Party
    attachments: list[AttachmentRef] = Field(min_length=1, max_length=50)
    pages: int = Field(ge=1, le=10000)
    confirmed_at: AwareDatetime


class MaterialReceipt(_Response):
    material_id: str
    received_at: datetime


class MaterialSummary(_Response):
    """A material as the admin list shows it: ids, kind and digests, no personal data."""

    material_id: str
    case_ref: str
    kind: str
    pages: int
    attachments: list[str] = Field(description="The attachments' SHA-256")
    received_at: datetime


class MaterialList(_Response):
    items: list[MaterialSummary]


class LookupResult(_Response):
    """What a receipt's QR shows on a phone (GET /api/v1/lookup/{code}): the state, no names or numbers
    of persons."""

    code: str
    court_name: str
    case_type_name: str
    status: str
    case_number: str | None = None
    submitted_at: datetime
    updated_at: datetime
    fee_due: Money | None = None
    next_hearing: datetime | None = None


class ReadingDecision(_Request):
    """Admin: the court's decision on a reading application."""

    decision: Literal["grant", "refuse"]
    hours: int = Field(72, ge=1, le=24 * 30, description="The reading window from now, when granted")
    reasons: list[Annotated[str, Field(min_length=1, max_length=500)]] = Field(default_factory=list, max_length=20)


class CaseEvent(_Request):
    """Admin: a step in a case's procedure (the sandbox's court clerk): a timeline event, a hearing,
    a deadline or a served document."""

    filing_id: str = Field(pattern=FILING_ID_PATTERN)
    kind: Literal["timeline", "hearing", "deadline", "served"]
    label: str = Field(min_length=1, max_length=100, description="Timeline/deadline/served kind or hearing kind")
    at: AwareDatetime
    title: str = Field(default="", max_length=200, description="A served document's title, or a note")
    courtroom: str = Field(default="", max_length=100)
    online: bool = False
    pages: int = Field(default=3, ge=1, le=500, description="A served document's pages")


# ----------------------------------------------------------- queue tickets (1.3)
#
# 取号: a litigant takes a number for a counter service at a kiosk. The numbers come from the backend:
# one sequence per hall (the court code), day (China time) and prefix, shared by every kiosk of the hall,
# so a number is never given twice on a day (it starts again at 1 the next day). Each counter service
# has its letter (A023); green-channel tickets are priority tickets with their own sequence
# (`TICKET_PRIORITY_PREFIX`) and are called before the others of their service. A kiosk that cannot
# reach the backend issues numbers from a block it reserved before (`TicketRange`, prefix
# `TICKET_OFFLINE_PREFIX`): the blocks of a day never overlap, and the kiosk reports every number it
# issued from one (a `TicketRequest` with `offline`) through its outbox, so the backend counts it among
# the waiting. A ticket that was not printed is cancelled (`TicketCancel`), also before its report or
# issue arrives: the backend keeps the cancellation and refuses the ticket later (410).

TICKET_WAITING = "waiting"
TICKET_CALLED = "called"
TICKET_SERVED = "served"
TICKET_CANCELLED = "cancelled"
TICKET_EXPIRED = "expired"  # still waiting when its day ended
TICKET_STATES: tuple[str, ...] = (TICKET_WAITING, TICKET_CALLED, TICKET_SERVED, TICKET_CANCELLED, TICKET_EXPIRED)
#: The prefix of green-channel (priority) tickets, and of the numbers kiosks issue offline.
TICKET_PRIORITY_PREFIX = "V"
TICKET_OFFLINE_PREFIX = "X"
TICKET_NUMBER_PATTERN = r"^[A-Z]{1,2}[0-9]{3,4}$"
TICKET_CANCEL_REASONS: tuple[str, ...] = ("print_failed", "abandoned", "superseded", "kiosk_restart")
#: The hall's day changes at midnight China Standard Time (no DST).
HALL_TIME = timezone(timedelta(hours=8), "CST")


def ticket_day(moment: datetime) -> date:
    """The hall day a moment belongs to (its date in China Standard Time)."""
    return moment.astimezone(HALL_TIME).date()


def ticket_number(prefix: str, serial: int) -> str:
    """A ticket's number: its prefix and serial, at least three digits (A007, X1012)."""
    return f"{prefix}{serial:03d}"


class CounterService(_Response):
    """A counter service of the hall (立案, 交费, 信访, 法律援助, 调解, 咨询...) a ticket is for."""

    code: str = Field(examples=["filing"])
    name: str = Field(examples=["立案"])
    prefix: str = Field(description="The letter of its numbers", examples=["A"])
    counters: list[str] = Field(default_factory=list, description="The counters serving it", examples=[["1", "2"]])
    waiting: int = Field(0, ge=0, description="Tickets of today waiting for it")


class TicketCall(_Response):
    """A number being called now, and the counter it is called to."""

    number: str
    service_code: str
    counter: str
    called_at: datetime
    priority: bool = False


class HallQueue(_Response):
    """The hall's queue now: its services with the people waiting, and the latest call of each counter
    (newest first)."""

    hall: str
    day: date
    services: list[CounterService]
    calls: list[TicketCall] = Field(default_factory=list)
    updated_at: datetime


class OfflineIssue(_Request):
    """How a kiosk issued a ticket without the backend: the number from its reserved block."""

    range_id: str = Field(pattern=FILING_ID_PATTERN)
    number: str = Field(pattern=TICKET_NUMBER_PATTERN)
    issued_at: AwareDatetime


class TicketRequest(_Request):
    """Issue a ticket (the backend gives the number), or, with `offline`, report one the kiosk issued
    from its reserved block (422 when the number is not of that block or was used already)."""

    ticket_id: str = Field(pattern=FILING_ID_PATTERN, description="Client-chosen id (a UUID)")
    hall: str = Field(min_length=1, max_length=32, description="The hall: the court code")
    service_code: str = Field(min_length=1, max_length=32)
    priority: bool = Field(False, description="A green-channel ticket: called before the others of its service")
    requested_at: AwareDatetime
    offline: OfflineIssue | None = None


class Ticket(_Response):
    ticket_id: str
    number: str = Field(examples=["A023"])
    hall: str
    day: date
    service_code: str
    service_name: str
    priority: bool = False
    source: Literal["online", "offline"] = "online"
    issued_at: datetime
    status: str = Field(description=f"One of {' '.join(TICKET_STATES)}")
    waiting_ahead: int = Field(0, ge=0, description="Tickets to be called before this one (when it is waiting)")
    counter: str | None = Field(default=None, description="Where it was called to")
    called_at: datetime | None = None
    cancelled_at: datetime | None = None
    cancel_reason: str | None = None


class TicketCancel(_Request):
    """Cancel a ticket: its print failed, the litigant gave up, or the kiosk issued another instead."""

    ticket_id: str = Field(pattern=FILING_ID_PATTERN)
    reason: Literal["print_failed", "abandoned", "superseded", "kiosk_restart"]
    cancelled_at: AwareDatetime


class TicketCancellation(_Response):
    ticket_id: str
    status: str = Field(description="The ticket's status now (cancelled, or served when it was too late)")
    known: bool = Field(description="False: the ticket has not reached the backend (it will be refused)")
    number: str | None = None
    cancelled_at: datetime


class TicketRangeRequest(_Request):
    """Reserve a block of numbers a kiosk may issue offline on `day` (today or up to 7 days ahead)."""

    range_id: str = Field(pattern=FILING_ID_PATTERN, description="Client-chosen id (a UUID)")
    kiosk_id: str = Field(min_length=1, max_length=64)
    hall: str = Field(min_length=1, max_length=32)
    day: date
    size: int = Field(50, ge=1, le=500)


class TicketRange(_Response):
    """A reserved block: the numbers prefix+first .. prefix+last of its day are this kiosk's alone."""

    range_id: str
    kiosk_id: str
    hall: str
    day: date
    prefix: str = Field(examples=[TICKET_OFFLINE_PREFIX])
    first: int = Field(ge=1)
    last: int = Field(ge=1)


class CallNext(_Request):
    """Admin: a counter calls its next ticket among these services (priority tickets first, then in
    order of issue); the ticket it called before counts as served."""

    counter: str = Field(min_length=1, max_length=16)
    service_codes: list[Annotated[str, Field(min_length=1, max_length=32)]] = Field(min_length=1, max_length=20)


class TicketList(_Response):
    items: list[Ticket]


# ------------------------------------------------------------------- staff calls

STAFF_CALL_OPEN = "open"
STAFF_CALL_ACKNOWLEDGED = "acknowledged"
STAFF_CALL_STATES: tuple[str, ...] = (STAFF_CALL_OPEN, STAFF_CALL_ACKNOWLEDGED)
#: A screen or service name the kiosk reports (an identifier, never free text).
STAFF_CALL_NAME_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"


class StaffCall(_Request):
    """A litigant at a kiosk touched "call staff". Nothing personal: where and when, and on what."""

    call_id: str = Field(pattern=FILING_ID_PATTERN, description="Client-chosen id (a UUID)")
    kiosk_id: str = Field(min_length=1, max_length=64)
    hall: str = Field(min_length=1, max_length=32, description="The hall: the court code")
    called_at: AwareDatetime
    screen: str = Field(pattern=STAFF_CALL_NAME_PATTERN, description="The screen the litigant was on",
                        examples=["menu"])
    service: str | None = Field(default=None, pattern=STAFF_CALL_NAME_PATTERN,
                                description="The service they were using")
    green_channel: bool = Field(False, description="The green channel is on (an elderly or disabled litigant)")


class StaffCallAcknowledge(_Request):
    """Admin: someone of the hall answers a call."""

    by: str = Field("", max_length=32, description="Who answers: a desk or counter (never a person's name)")


class StaffCallStatus(_Response):
    call_id: str
    kiosk_id: str
    hall: str
    called_at: datetime
    screen: str
    service: str | None = None
    green_channel: bool = False
    status: str = Field(description=f"One of {' '.join(STAFF_CALL_STATES)}")
    received_at: datetime
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None


class StaffCallList(_Response):
    items: list[StaffCallStatus]


# ------------------------------------------------------------- staff audit trail (1.5)

#: The ``prev`` of a kiosk's first audit entry.
AUDIT_GENESIS = "0" * 64
#: What an entry says, as identifiers and codes only: nothing in an entry is free text.
AUDIT_ACTION_PATTERN = r"^[a-z][a-z0-9_]{0,47}$"
AUDIT_REASON_PATTERN = r"^([a-z0-9][a-z0-9_.-]{0,47})?$"
AUDIT_ITEM_PATTERN = r"^[A-Za-z0-9._:-]{0,128}$"
#: Who: ``staff:<staff number>`` (a PIN login), ``card:<staff id>`` (a staff card), ``pin`` (the shared
#: maintenance PIN), ``system`` (the kiosk itself, e.g. repairing its audit file), "" (nobody known).
AUDIT_STAFF_PATTERN = r"^([a-z]{1,16}(:[A-Za-z0-9._-]{1,32})?)?$"
AUDIT_KIOSK_ID_PATTERN = r"^[A-Za-z0-9._-]{1,64}$"
_AUDIT_AT_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$"
#: Entries that are alerts for the court: a PIN lockout, a repaired audit file; ``chain_broken`` is what the
#: backend calls an entry that does not follow from the one before it (or whose hash is wrong).
ALERT_ACTIONS = frozenset({"pin_lockout", "audit_file_repaired", "chain_broken"})


def audit_entry_hash(entry: Mapping[str, object]) -> str:
    """The ``hash`` of an audit entry: SHA-256 (hex) over the canonical JSON of the entry without ``hash``
    (keys sorted, separators ``,`` and ``:``, UTF-8 unescaped). ``prev`` is the previous entry's hash, so
    each entry vouches for everything before it."""
    body = {key: value for key, value in entry.items() if key != "hash"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _aware_time_text(value: str) -> str:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("the time needs its offset")
    return value  # kept as written: the hash is over the text


class AuditEntry(_Request):
    """One staff action at a kiosk, in its hash chain. Kept verbatim (times as written), so the backend
    recomputes the same hash."""

    seq: int = Field(ge=1, description="1, 2, ... per kiosk, without gaps")
    kiosk_id: str = Field(pattern=AUDIT_KIOSK_ID_PATTERN)
    at: Annotated[str, AfterValidator(_aware_time_text)] = Field(
        pattern=_AUDIT_AT_PATTERN, description="When, ISO 8601 with the offset (kept as the kiosk wrote it)",
        examples=["2026-03-02T09:30:00+08:00"])
    action: str = Field(pattern=AUDIT_ACTION_PATTERN, description="What staff did (an identifier)",
                        examples=["void"])
    item: str = Field("", pattern=AUDIT_ITEM_PATTERN, description="The outbox item or call it concerns, if any")
    reason: str = Field("", pattern=AUDIT_REASON_PATTERN, description="Why (a reason code), if any",
                        examples=["duplicate"])
    staff: str = Field(pattern=AUDIT_STAFF_PATTERN, description="Who: staff:<number>, card:<staff id>, pin, "
                                                                "system, or empty (nobody known)",
                       examples=["staff:100234"])
    prev: str = Field(pattern=SHA256_PATTERN, description="The previous entry's hash (64 zeros for the first)")
    hash: str = Field(pattern=SHA256_PATTERN, description="SHA-256 of this entry's canonical JSON without hash")


class AuditEntryStatus(_Response):
    """An audit entry as the backend keeps it: whether it follows from the one before it, and whether it is
    an alert (its action is one of ALERT_ACTIONS, or the chain is broken at it)."""

    seq: int
    kiosk_id: str
    at: str
    action: str
    item: str = ""
    reason: str = ""
    staff: str
    prev: str
    hash: str
    received_at: datetime
    chain_broken: bool = Field(False, description="Its hash is wrong, or its prev is not the stored previous "
                                                  "entry's hash")
    alert: bool = False


class AuditChain(_Response):
    """One kiosk's chain as received: verified when it runs from 1 to last_seq without a gap or a break."""

    kiosk_id: str
    entries: int
    last_seq: int
    missing: list[int] = Field(default_factory=list, description="Sequence numbers not received yet (first 100)")
    broken: list[int] = Field(default_factory=list, description="Entries flagged chain_broken")
    verified: bool


class AuditList(_Response):
    items: list[AuditEntryStatus]
    chains: list[AuditChain]
    verified: bool = Field(description="Every listed chain is verified")


# ------------------------------------------------------------------------- admin


class CaseCodes(_Response):
    """Admin: a case's codes and its documents' ids (what the court's own staff see; no personal data)."""

    filing_id: str
    case_number: str | None = None
    query_code: str | None = Field(default=None, description="None until the filing is docketed")
    lookup_code: str | None = None
    served: list[str] = Field(default_factory=list, description="Ids of the documents served in the case")
    file: list[str] = Field(default_factory=list, description="Ids of the case file's documents")


class ReviewDecision(_Request):
    decision: Literal["docket", "reject", "refuse"]
    reasons: list[Annotated[str, Field(min_length=1, max_length=500)]] = Field(
        default_factory=list, max_length=20
    )

    @model_validator(mode="after")
    def _reasons_for_negative_outcomes(self) -> ReviewDecision:
        if self.decision in (DECISION_REJECT, DECISION_REFUSE) and not self.reasons:
            raise ValueError(f"a '{self.decision}' decision needs at least one reason")
        return self


class FilingSummary(_Response):
    """A filing as the admin list shows it: ids and status, no personal data."""

    filing_id: str
    court_code: str
    case_type: str
    status: str
    case_number: str | None = None
    kiosk_id: str | None = None
    received_at: datetime
    updated_at: datetime
    enterprise_related: bool = Field(False, description="Contract 1.2: 涉企 (see FilingStatus)")
    assisting_court_code: str | None = Field(
        default=None, description="Contract 1.2: 跨域立案, the assisting court (court_code is the receiving one)")


class FilingList(_Response):
    items: list[FilingSummary]


class FaultSpec(_Request):
    """Fault injection for tests (sandbox only). Only ``/api/v1`` requests are affected.

    - ``fail_next``: the next n requests fail. ``phase`` says where: ``before`` the request
      is handled (nothing happens), ``during`` an idempotent write after its key is claimed
      (the write fails: filings, payment orders, messages), or ``after`` it was handled and committed (the
      answer is lost). ``action`` says how: ``status`` answers with ``status`` (and ``body``,
      ``retry_after``); ``close`` closes the TCP connection without any answer.
    - ``latency_ms``: delay every request while set.
    - ``hold_ms``: keep every idempotent write in progress this long after claiming its key.
    - ``error_rate``: this fraction of requests is answered with a status drawn from
      ``error_statuses``, ``error_phase`` ``before`` or ``after`` handling (``either``: a
      coin decides); ``drop_rate``: this fraction of requests is handled and committed, then
      its connection closed without an answer. Draws come from a ``random.Random(seed)``
      made when the spec is set, so a seed makes the sequence reproducible.
    - Outage: every request is refused from when the spec is set for ``outage_seconds``
      (the sandbox reports the end as ``outage_until``) or until ``outage_until``;
      ``outage_action`` ``close`` closes the connection without an answer, ``status``
      answers ``outage_status`` (with ``retry_after``).

    - ``document_fault`` (1.2): every document fetch breaks off half way, is a cut-short PDF, or is
      an oversized PDF (``oversized_pages``) while set.

    Precedence: outage, then ``fail_next`` (before), then ``error_rate`` (before); after
    handling: ``fail_next`` (after), then ``error_rate`` (after), then ``drop_rate``.
    """

    fail_next: int = Field(default=0, ge=0)
    status: int = Field(default=503, ge=200, le=599)
    retry_after: str | None = Field(default=None, description="Retry-After value: seconds or an HTTP date")
    phase: Literal["before", "during", "after"] = "before"
    action: Literal["status", "close"] = Field(
        default="status",
        description="How a fail_next fault shows: an answer with `status`, or the connection closed "
                    "without an answer (phase after: the write committed, the client sees a connection error)",
    )
    body: str | None = Field(default=None, description="Body to answer with instead of a JSON error")
    content_type: str = "application/json"
    latency_ms: int = Field(default=0, ge=0, le=120_000)
    hold_ms: int = Field(default=0, ge=0, le=120_000)
    error_rate: float = Field(default=0.0, ge=0.0, le=1.0, description="Fraction of requests failed with a 5xx")
    error_statuses: list[Annotated[int, Field(ge=500, le=599)]] = Field(
        default_factory=lambda: [500, 502, 503, 504], min_length=1, max_length=20
    )
    error_phase: Literal["before", "after", "either"] = "before"
    drop_rate: float = Field(
        default=0.0, ge=0.0, le=1.0,
        description="Fraction of requests handled (committed) whose connection is then closed without an answer",
    )
    seed: int | None = Field(default=None, description="Seed for the error_rate / drop_rate draws")
    outage_seconds: float = Field(
        default=0.0, ge=0.0, le=7 * 24 * 3600, description="Refuse every request for this long from now"
    )
    outage_until: AwareDatetime | None = Field(default=None, description="Refuse every request until then")
    outage_action: Literal["close", "status"] = "close"
    outage_status: int = Field(default=503, ge=500, le=599)
    document_fault: Literal["truncate", "corrupt", "oversized"] | None = Field(
        default=None,
        description="Contract 1.2: how every document fetch goes while set: `truncate` sends the Content-Length "
                    "and then breaks off half way, `corrupt` sends a PDF cut short (no %%EOF), `oversized` "
                    "sends a valid PDF of `oversized_pages` pages",
    )
    oversized_pages: int = Field(default=600, ge=1, le=5000)
    paths: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list, max_length=20,
        description="Only requests whose path starts with one of these are affected (empty: every /api/v1 "
                    "request), e.g. [\"/api/v1/filings/\"] to make only filings fail",
    )

    @field_validator("retry_after", mode="before")
    @classmethod
    def _retry_after_as_text(cls, value: object) -> object:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(int(value))
        return value


# ----------------------------------------------------------------------- uploads


class UploadCreate(_Request):
    """Announce an upload (tus creation). The client chooses the id; the digest is checked at the end."""

    upload_id: str = Field(pattern=UPLOAD_ID_PATTERN, description="Client-chosen id (a UUID)")
    length: int = Field(ge=1, le=MAX_UPLOAD_LENGTH, description="Total size in bytes")
    sha256: str = Field(pattern=SHA256_PATTERN, description="Lower-case hex SHA-256 of the whole content")
    media_type: str = Field(pattern=MEDIA_TYPE_PATTERN)


class UploadStatus(_Response):
    """Where an upload stands: `offset` bytes received; `complete` once offset == length and the digest matched."""

    upload_id: str
    offset: int
    length: int
    sha256: str
    media_type: str
    complete: bool = False
    max_chunk_bytes: int | None = Field(
        default=None, description="The largest PATCH body the server accepts (a larger one gets 413)"
    )


class AuthToken(_Response):
    access_token: str
    token_type: str = "Bearer"
    expires_in: int = Field(description="Seconds the token stays valid")


class TokenRevocation(_Response):
    revoked: int


# ------------------------------------------------------------ kiosk identity (1.6)
ENROLMENT_CODE_PATTERN = r"^[0-9]{4}-[0-9]{4}-[0-9]{4}$"  # what staff type, e.g. 0412-7791-3058


class EnrolmentRequest(_Request):
    """A kiosk's enrolment: the one-time code the court issued for its kiosk id, and a PEM CSR whose
    subject CN is that kiosk id (the key pair is the kiosk's; only the public key travels)."""

    code: str = Field(pattern=ENROLMENT_CODE_PATTERN)
    csr_pem: str = Field(min_length=64, max_length=8192)


class EnrolmentCertificate(_Response):
    """The kiosk's client certificate (PEM) and the CA chain that issued it."""

    kiosk_id: str
    certificate_pem: str
    ca_chain_pem: str
    serial: str = Field(description="The certificate's serial number (hex)")
    not_after: AwareDatetime


class EnrolmentCodeCreate(_Request):
    kiosk_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")
    valid_minutes: int = Field(default=60, ge=1, le=7 * 24 * 60)


class EnrolmentCode(_Response):
    kiosk_id: str
    code: str
    expires_at: AwareDatetime


class KioskCertificate(_Response):
    kiosk_id: str
    serial: str
    sha256: str = Field(description="SHA-256 of the DER certificate (hex), as a bound token's x5t#S256")
    not_after: AwareDatetime
    revoked: bool = False


class KioskCertificateList(_Response):
    items: list[KioskCertificate]


# ------------------------------------------------------ staff card revocations (1.6)
STAFF_CARD_SERIAL_PATTERN = r"^[0-9A-F]{2,40}$"  # upper-case hex


class StaffCardRevocation(_Request):
    serial: str = Field(pattern=STAFF_CARD_SERIAL_PATTERN)
    reason: Literal["lost", "stolen", "left", "damaged", "other"] = "other"


class StaffCardRevocations(_Response):
    """The staff cards that no longer open maintenance mode (their serials), as of `updated_at`."""

    serials: list[Annotated[str, Field(pattern=STAFF_CARD_SERIAL_PATTERN)]] = Field(max_length=100_000)
    updated_at: AwareDatetime


# ------------------------------------------------------------ remote video (issue 20)
VIDEO_CALL_ID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
VIDEO_KIND_STAFF = "staff"  # 呼叫工作人员
VIDEO_KIND_JUDGMENT_QA = "judgment_qa"  # 判后答疑: the judge of one of the litigant's cases
VIDEO_KIND_VISIT = "visit"  # 远程接访: the court's reception
VIDEO_KINDS: tuple[str, ...] = (VIDEO_KIND_STAFF, VIDEO_KIND_JUDGMENT_QA, VIDEO_KIND_VISIT)
#: A call's states: in the queue, taken by a console (the kiosk makes its offer), media flowing, over.
VIDEO_WAITING = "waiting"
VIDEO_RINGING = "ringing"
VIDEO_CONNECTED = "connected"
VIDEO_ENDED = "ended"
VIDEO_CALL_STATES: tuple[str, ...] = (VIDEO_WAITING, VIDEO_RINGING, VIDEO_CONNECTED, VIDEO_ENDED)
#: Who ended a call (`VideoCallStatus.ended_reason`, `VideoCallLog.ended_by`, the court's ``bye`` reason):
#: the kiosk, the console, the network (a socket gone longer than the grace), the court itself.
VIDEO_END_KIOSK = "kiosk"
VIDEO_END_CONSOLE = "console"
VIDEO_END_NETWORK = "network"
VIDEO_END_COURT = "court"
VIDEO_END_REASONS: tuple[str, ...] = (VIDEO_END_KIOSK, VIDEO_END_CONSOLE, VIDEO_END_NETWORK, VIDEO_END_COURT)
#: The court keeps a call this long through a dropped kiosk or console socket (the state unchanged).
VIDEO_RECONNECT_GRACE_SECONDS = 30
#: The largest signalling frame either side may send (an SDP with every candidate is a few KB).
VIDEO_SIGNAL_MAX_BYTES = 64 * 1024
#: Signalling frames (JSON text, ``{"type": ..., ...}``; docs/VIDEO.md has their fields). A console frame
#: names its call (``call_id``); the kiosk's socket belongs to one call.
VIDEO_MSG_POSITION = "position"  # court -> kiosk: position (1 = next)
VIDEO_MSG_CALLS = "calls"  # court -> console: calls (the waiting ones and this console's own)
VIDEO_MSG_TAKE = "take"  # console -> court: call_id
VIDEO_MSG_ANSWERED = "answered"  # court -> kiosk: by (a desk's or judge's display name): make an offer now
VIDEO_MSG_OFFER = "offer"  # kiosk -> console: sdp, attempt (1, then +1 per new peer connection)
VIDEO_MSG_ANSWER = "answer"  # console -> kiosk: sdp, attempt (ICE gathering complete: no trickle)
VIDEO_MSG_SHOW_DOCUMENT = "show_document"  # console -> kiosk: title, document_id
VIDEO_MSG_RECORDING = "recording"  # console -> court -> kiosk (and back to the console): state
VIDEO_MSG_QUALITY = "quality"  # kiosk -> console: rtt_ms, loss, level
VIDEO_MSG_BYE = "bye"  # either way: reason
VIDEO_MSG_ERROR = "error"  # court -> sender: detail, refused (the refused frame's type)
VIDEO_MESSAGE_TYPES: tuple[str, ...] = (
    VIDEO_MSG_POSITION, VIDEO_MSG_CALLS, VIDEO_MSG_TAKE, VIDEO_MSG_ANSWERED, VIDEO_MSG_OFFER, VIDEO_MSG_ANSWER,
    VIDEO_MSG_SHOW_DOCUMENT, VIDEO_MSG_RECORDING, VIDEO_MSG_QUALITY, VIDEO_MSG_BYE, VIDEO_MSG_ERROR,
)
VIDEO_RECORDING_STARTED = "started"
VIDEO_RECORDING_STOPPED = "stopped"
VIDEO_QUALITY_LEVELS: tuple[str, ...] = ("good", "fair", "poor")

VideoKind = Literal["staff", "judgment_qa", "visit"]


class VideoCallRequest(_Request):
    """A litigant at a kiosk asks for a video call. Nothing personal but, for 判后答疑, the case it is about
    (in the body: never in a URL)."""

    call_id: str = Field(pattern=VIDEO_CALL_ID_PATTERN, description="Client-chosen id (a random UUID)")
    kiosk_id: str = Field(min_length=1, max_length=64)
    hall: str = Field(min_length=1, max_length=32, description="The hall: the court code")
    kind: VideoKind = Field(description="呼叫工作人员 (staff), 判后答疑 (judgment_qa) or 远程接访 (visit)")
    case_number: str | None = Field(
        default=None, min_length=1, max_length=64, examples=["（2026）京0105民初12号"],
        description="判后答疑 only: the case the litigant asks about (null: staff find it)",
    )
    green_channel: bool = Field(False, description="The green channel is on: the call goes ahead of the others")
    recording_consent: bool = Field(
        False, description="The litigant agreed to the consent notice before the call (recording needs it)"
    )
    requested_at: AwareDatetime

    @model_validator(mode="after")
    def _case_number_for_judgment_qa_only(self) -> VideoCallRequest:
        if self.case_number is not None and self.kind != VIDEO_KIND_JUDGMENT_QA:
            raise ValueError(f"only a call of kind {VIDEO_KIND_JUDGMENT_QA} names a case_number")
        return self


class VideoCallStatus(_Response):
    """How a call stands."""

    call_id: str
    kind: str
    hall: str
    state: str = Field(description=f"One of {' '.join(VIDEO_CALL_STATES)}")
    position: int | None = Field(default=None, description="Place in the queue, 1 = next; null unless waiting")
    answered_by: str | None = Field(default=None, description="The console's display name (a desk or a judge)")
    ended_reason: str | None = Field(default=None, description=f"Once ended: one of {' '.join(VIDEO_END_REASONS)}")
    recording: bool = Field(False, description="The console is recording the call now")


class VideoCallLog(_Request):
    """What the kiosk reports of a finished call (through the outbox): no litigant data."""

    call_id: str = Field(pattern=VIDEO_CALL_ID_PATTERN)
    kiosk_id: str = Field(min_length=1, max_length=64)
    hall: str = Field(min_length=1, max_length=32)
    kind: VideoKind
    requested_at: AwareDatetime
    answered_at: AwareDatetime | None = None
    ended_at: AwareDatetime
    duration_seconds: float = Field(ge=0, le=24 * 3600, description="From answered to ended (0: never answered)")
    answered_by: str | None = Field(default=None, max_length=64, description="The console's display name")
    ended_by: Literal["kiosk", "console", "network", "court"]
    reconnects: int = Field(0, ge=0, le=10_000, description="Times the kiosk's signalling or media reconnected")
    recorded: bool = False


class VideoCallLogReceipt(_Response):
    call_id: str
    received_at: datetime


class VideoCallLogEntry(_Response):
    """Admin: a call log as the court received it."""

    log: VideoCallLog
    received_at: datetime


class VideoCallLogList(_Response):
    items: list[VideoCallLogEntry]


#: 判后答疑 bookings: sessions of this many minutes, on working days (Monday to Friday) at the court's
#: local time, from these hours (start, end) each; the list offers this many free times, from an hour on.
VIDEO_SLOT_MINUTES = 30
VIDEO_SLOT_HOURS: tuple[tuple[str, str], ...] = (("09:00", "11:30"), ("14:00", "17:00"))
VIDEO_SLOTS_OFFERED = 8
#: A booking's times are the court's local time: China Standard Time (UTC+8, no daylight saving).
COURT_UTC_OFFSET_HOURS = 8


class JudgmentCaseQuery(_Request):
    """Whose cases with a judgment (the ID card read at the kiosk): in the body, never in a URL."""

    id_number: ResidentIdNumber = Field(min_length=1, max_length=32)


class VideoBooking(_Response):
    """A booked 判后答疑 session: the litigant comes back to a kiosk (or the court calls) at ``slot``."""

    booking_id: str
    case_number: str
    judge: str = Field(description="The judge's name")
    slot: datetime = Field(description="When the session starts (the court's local time, with its offset)")
    requested_slot: datetime = Field(description="The time the litigant chose; ``slot`` differs when it was "
                                                 "taken or past by the time the booking arrived")
    minutes: int = VIDEO_SLOT_MINUTES
    booked_at: datetime


class JudgmentCase(_Response):
    """One of the litigant's cases with a judgment (宣判 on its timeline, or closed)."""

    case_number: str
    court_name: str
    case_type_name: str
    judged_at: datetime | None = None
    judge: str = Field(description="The judge's name (empty when the court has none on record)")
    judge_online: bool = Field(description="The judge is signed in at the video console now: call at once")
    slots: list[datetime] = Field(default_factory=list, description="Free times to book, soonest first")
    booking: VideoBooking | None = Field(default=None, description="This litigant's coming session for the case")


class JudgmentCaseList(_Response):
    items: list[JudgmentCase]


class VideoBookingRequest(_Request):
    """Book a 判后答疑 session (through the outbox). The court books ``slot`` when it is still free and not
    past, else the next free time after it; a person who is not a party of a case with a judgment: 404."""

    booking_id: str = Field(pattern=VIDEO_CALL_ID_PATTERN, description="Client-chosen id (a random UUID)")
    kiosk_id: str = Field(min_length=1, max_length=64)
    hall: str = Field(min_length=1, max_length=32, description="The hall: the court code")
    case_number: str = Field(min_length=1, max_length=64)
    id_number: ResidentIdNumber = Field(min_length=1, max_length=32)
    slot: AwareDatetime
    requested_at: AwareDatetime


class VideoBookingList(_Response):
    items: list[VideoBooking]


class ErrorItem(_Response):
    loc: list[str | int] = Field(default_factory=list)
    msg: str
    type: str


class ErrorBody(_Response):
    detail: str | list[ErrorItem]
