"""The checked-in OpenAPI document is the contract: it must be what the app generates."""

from __future__ import annotations

import json

from court_sandbox.server import OPENAPI_FILE, document
from offline_queue import contract as c


def test_checked_in_openapi_matches_the_app():
    generated = document()  # the public application's paths, then the admin API's
    checked_in = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
    assert checked_in == generated, (
        "court_sandbox/openapi.json is out of date; regenerate it with "
        "`python -m court_sandbox openapi --output court_sandbox/openapi.json` and review the diff"
    )


def test_openapi_covers_the_contract_paths():
    document = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
    paths = document["paths"]
    expected = {
        c.HEALTH_PATH: {"get"},
        c.POLICY_PATH: {"get"},
        c.FEES_CALCULATE_PATH: {"post"},
        c.FILING_PATH: {"put", "get"},
        c.CASES_SEARCH_PATH: {"post"},
        c.ADMIN_FILINGS_PATH: {"get"},
        c.REVIEW_PATH: {"post"},
        c.FAULTS_PATH: {"get", "post", "delete"},
        c.TOKEN_PATH: {"post"},
        c.UPLOADS_PATH: {"post"},
        c.UPLOAD_PATH: {"head", "get", "patch"},
        c.ADMIN_TOKENS_PATH: {"delete"},
        c.PAYMENT_PATH: {"put", "get"},
        c.SETTLE_PAYMENT_PATH: {"post"},
        c.MESSAGE_PATH: {"put"},
        c.ADMIN_MESSAGES_PATH: {"get"},
        c.HEARTBEAT_PATH: {"put"},
        c.ADMIN_KIOSKS_PATH: {"get"},
        # contract 1.2: court records
        c.CASE_DETAIL_PATH: {"post"},
        c.CASE_FILE_PATH: {"post"},
        c.READING_APPLICATION_PATH: {"put", "get"},
        c.READING_RECORD_PATH: {"put"},
        c.SERVED_DOCUMENTS_PATH: {"post"},
        c.DOCUMENT_FETCH_PATH: {"post"},
        c.PRINT_RECORD_PATH: {"put"},
        c.PRINT_OUTCOME_PATH: {"put"},
        c.VERIFY_PATH: {"get"},
        c.MATERIAL_PATH: {"put"},
        c.LOOKUP_PATH: {"get"},
        c.LOOKUP_PAGE_PATH: {"get"},
        c.ADMIN_READING_DECISION_PATH: {"post"},
        c.ADMIN_CASE_EVENTS_PATH: {"post"},
        c.ADMIN_MATERIALS_PATH: {"get"},
        c.ADMIN_CASE_CODES_PATH: {"get"},
        # contract 1.3: queue tickets
        c.HALL_QUEUE_PATH: {"get"},
        c.TICKET_PATH: {"put", "get"},
        c.TICKET_CANCEL_PATH: {"put"},
        c.TICKET_RANGE_PATH: {"put"},
        c.ADMIN_CALL_NEXT_PATH: {"post"},
        c.ADMIN_TICKETS_PATH: {"get"},
        # contract 1.4: calls for hall staff
        c.STAFF_CALL_PATH: {"put", "get"},
        c.VIDEO_CALL_PATH: {"put", "get"},
        c.VIDEO_CALL_END_PATH: {"post"},
        c.VIDEO_CALL_LOG_PATH: {"put"},
        c.ADMIN_VIDEO_CALL_LOGS_PATH: {"get"},
        # contract 1.8: 判后答疑 bookings
        c.VIDEO_JUDGMENT_CASES_PATH: {"post"},
        c.VIDEO_BOOKING_PATH: {"put"},
        c.ADMIN_VIDEO_BOOKINGS_PATH: {"get"},
        c.ADMIN_STAFF_CALLS_PATH: {"get"},
        c.ADMIN_STAFF_CALL_ACK_PATH: {"post"},
        # contract 1.5: the staff audit trail
        c.AUDIT_PATH: {"put"},
        c.ADMIN_AUDIT_PATH: {"get"},
        # contract 1.6: kiosk identity, staff card revocations
        c.ENROL_PATH: {"post"},
        c.ADMIN_ENROLMENT_CODES_PATH: {"post"},
        c.ADMIN_KIOSK_CERTIFICATES_PATH: {"get"},
        c.ADMIN_KIOSK_CERTIFICATE_REVOKE_PATH: {"post"},
        c.STAFF_CARD_REVOCATIONS_PATH: {"get"},
        c.ADMIN_STAFF_CARD_REVOCATIONS_PATH: {"get", "post"},
    }
    assert {path: set(ops) for path, ops in paths.items()} == expected
    for path in (c.FILING_PATH, c.PAYMENT_PATH, c.MESSAGE_PATH, c.READING_APPLICATION_PATH, c.READING_RECORD_PATH,
                 c.PRINT_RECORD_PATH, c.PRINT_OUTCOME_PATH, c.MATERIAL_PATH, c.TICKET_PATH, c.TICKET_CANCEL_PATH,
                 c.TICKET_RANGE_PATH, c.STAFF_CALL_PATH, c.AUDIT_PATH, c.VIDEO_CALL_PATH,
                 c.VIDEO_CALL_LOG_PATH, c.VIDEO_BOOKING_PATH):
        put = paths[path]["put"]
        key = next(p for p in put["parameters"] if p["name"] == c.IDEMPOTENCY_KEY_HEADER)
        assert key["in"] == "header" and key["required"] is True
        assert {"200", "201", "400", "409", "422"} <= set(put["responses"])
    for ops in paths.values():
        for op in ops.values():
            names = {p["name"] for p in op.get("parameters", [])}
            assert {c.REQUEST_ID_HEADER, c.CORRELATION_ID_HEADER, c.KIOSK_ID_HEADER} <= names
    money = document["components"]["schemas"]["FeeQuote"]["properties"]["total"]
    assert money["type"] == "string"
    fetch = paths[c.DOCUMENT_FETCH_PATH]["post"]["responses"]["200"]["content"]
    assert list(fetch) == [c.PDF_MEDIA_TYPE]


def test_the_document_covers_both_applications_and_says_the_admin_api_needs_its_token():
    document_ = document()
    paths = document_["paths"]
    admin_paths = [p for p in paths if p.startswith(c.ADMIN_PREFIX + "/")]
    public_paths = [p for p in paths if not p.startswith(c.ADMIN_PREFIX + "/")]
    assert list(paths) == public_paths + admin_paths  # the kiosk's first, then the admin API
    assert {c.REVIEW_PATH, c.FAULTS_PATH, c.ADMIN_AUDIT_PATH} <= set(admin_paths)
    scheme = document_["components"]["securitySchemes"]["AdminToken"]
    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": c.ADMIN_TOKEN_HEADER}
    for path in admin_paths:
        for op in paths[path].values():
            assert op["security"] == [{"AdminToken": []}], path
    for path in public_paths:
        for op in paths[path].values():
            assert "security" not in op or {"AdminToken": []} not in op["security"], path
