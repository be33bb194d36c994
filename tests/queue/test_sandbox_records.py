"""Court records (contract 1.2) end to end: CourtClient -> the sandbox on loopback."""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from pypdf import PdfReader

from court_sandbox import casegen, demo
from court_sandbox.app import create_app
from court_sandbox.server import SandboxServer
from court_sandbox.store import CHINA_TIME
from offline_queue import contract as c
from offline_queue.admin_client import admin_client, admin_headers
from offline_queue.client import CourtClient, PermanentError, RetryableError

START = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # a Monday, 10:00 in Beijing


@contextmanager
def court(tmp_path, **settings: Any) -> Iterator[tuple[SandboxServer, CourtClient, CourtClient, dict[str, datetime]]]:
    """A sandbox of its own whose clock the test moves (``now["t"]``): server, client, admin client, clock."""
    now = {"t": START}
    db = tmp_path / "court.sqlite3"
    app = create_app(str(db), clock=lambda: now["t"], **settings)
    with SandboxServer(db, app=app) as server, CourtClient(server.base_url, "kiosk-records", timeout=10) as client, \
            admin_client(server, timeout=10) as admin:
        yield server, client, admin, now


def lookup_code() -> str:
    return "".join(c.CODE_ALPHABET[b % len(c.CODE_ALPHABET)] for b in uuid.uuid4().bytes[:10])


def docketed(client: CourtClient, admin: CourtClient, make_submission,
             **overrides: Any) -> tuple[c.FilingSubmission, str]:
    submission = make_submission(**overrides)
    client.submit_filing(submission, str(uuid.uuid4()))
    status = admin.review(submission.filing_id, c.ReviewDecision(decision="docket"))
    assert status.case_number
    return submission, status.case_number


def codes(server: SandboxServer, filing_id: str) -> c.CaseCodes:
    response = requests.get(server.admin_url + c.ADMIN_CASE_CODES_PATH.format(filing_id=filing_id),
                            headers=admin_headers(server), timeout=5)
    response.raise_for_status()
    return c.CaseCodes.model_validate(response.json())


def party(submission: c.FilingSubmission, ref: str | None = None) -> c.CaseAccess:
    return c.CaseAccess(case_ref=ref or submission.filing_id, id_number=submission.plaintiff.id_number)


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "".join(page.extract_text() for page in reader.pages).replace("\x00", "")


def upload(client: CourtClient, data: bytes) -> c.AttachmentRef:
    digest = hashlib.sha256(data).hexdigest()
    client.upload(data, digest, "application/pdf", str(uuid.uuid4()))
    return c.AttachmentRef(sha256=digest, media_type="application/pdf", length=len(data), name="证据.pdf",
                           purpose="evidence")


# ---------------------------------------------------------------- cases


def test_a_docketed_case_has_its_records_for_its_parties(client, make_submission, new_id, sandbox, admin_court):
    submission, number = docketed(client, admin_court, make_submission, lookup_code=lookup_code())
    detail = client.case_detail(party(submission))
    assert detail.case_number == number and detail.status == c.STATUS_DOCKETED and detail.access == "party"
    assert detail.court_name == "北京市朝阳区人民法院" and detail.lookup_code == submission.lookup_code
    assert (detail.judge.title, detail.clerk.title) == ("审判员", "书记员")
    assert detail.judge.name in casegen.JUDGES and detail.contact_phone.startswith("010-")
    assert [e.kind for e in detail.timeline][:2] == ["立案", "分案"]
    assert detail.hearings[0].kind == "开庭" and detail.hearings[0].at > detail.timeline[0].at
    proof = next(d for d in detail.deadlines if d.kind == "举证期限")
    assert (proof.due.astimezone(CHINA_TIME).date() - detail.timeline[0].at.astimezone(CHINA_TIME).date()).days == 15
    assert {"原告", "被告"} <= {p.role for p in detail.parties}
    assert client.case_detail(party(submission, number)) == detail  # by case number too
    assert client.case_detail(party(submission, number.replace("（", "(").replace("）", ")"))) == detail
    assert codes(sandbox, submission.filing_id).query_code == casegen.query_code_for(submission.filing_id)
    for access in (c.CaseAccess(case_ref=submission.filing_id, id_number=new_id()),  # not a party
                   c.CaseAccess(case_ref="（2026）京0105民初999999号", id_number=submission.plaintiff.id_number)):
        with pytest.raises(PermanentError) as info:
            client.case_detail(access)
        assert info.value.status == 404


def test_a_pending_filing_shows_to_its_party_without_records(client, make_submission):
    submission = make_submission()
    client.submit_filing(submission, str(uuid.uuid4()))
    detail = client.case_detail(party(submission))
    assert detail.status == c.STATUS_PENDING_REVIEW and detail.case_number is None and detail.judge is None
    with pytest.raises(PermanentError) as info:  # no query code before docketing
        client.case_detail(c.CaseAccess(case_ref=submission.filing_id, query_code="ABCDEFGH"))
    assert info.value.status == 404


def test_served_documents_are_whole_pdfs_of_their_pages(client, make_submission, admin_court):
    submission, number = docketed(client, admin_court, make_submission)
    served = client.served_documents(submission.plaintiff.id_number).items
    assert {d.title for d in served} == {"受理案件通知书", "举证通知书", "传票"}
    for item in served:
        assert item.case_number == number and item.court_name == "北京市朝阳区人民法院"
        data = client.fetch_document(c.DocumentRequest(document_id=item.document_id, access=party(submission)))
        pages, text = pdf_text(data)
        assert pages == item.pages and number in text
        if item.title == "受理案件通知书":
            assert casegen.query_code_for(submission.filing_id) in text
    with pytest.raises(PermanentError) as info:  # another case's access
        other, _ = docketed(client, admin_court, make_submission)
        client.fetch_document(c.DocumentRequest(document_id=served[0].document_id, access=party(other)))
    assert info.value.status == 404


def test_query_codes_lock_after_three_wrong_ones(tmp_path, make_submission):
    with court(tmp_path, query_lock_seconds=300) as (server, client, admin, now):
        submission, number = docketed(client, admin, make_submission)
        right = codes(server, submission.filing_id).query_code
        wrong = "ABCDEFGH" if right != "ABCDEFGH" else "HGFEDCBA"

        def ask(code: str) -> c.CaseDetail:
            return client.case_detail(c.CaseAccess(case_ref=number, query_code=code))

        for _ in range(2):
            with pytest.raises(PermanentError) as info:
                ask(wrong)
            assert info.value.status == 403
        assert ask(right).access == "query_code"  # a right code resets the count
        for _ in range(3):
            with pytest.raises(PermanentError) as info:
                ask(wrong)
            assert info.value.status == 403
        with pytest.raises(RetryableError) as locked:
            ask(right)  # locked: even the right code
        assert locked.value.status == 429 and locked.value.retry_after == 300
        now["t"] += timedelta(seconds=200)
        with pytest.raises(RetryableError) as locked:
            ask(right)
        assert locked.value.retry_after == 100
        now["t"] += timedelta(seconds=101)
        detail = ask(right)
        assert detail.case_number == number and detail.parties


def test_the_case_file_opens_only_within_a_reading_grant(tmp_path, make_submission):
    with court(tmp_path) as (server, client, admin, now):
        evidence = upload(client, b"%PDF-1.4 evidence " + uuid.uuid4().bytes)
        submission, number = docketed(client, admin, make_submission, attachments=[evidence.model_dump()])
        access = party(submission)
        index = client.case_file(access)
        assert index.case_number == number and index.grant is None
        kinds = [d.kind for d in index.documents]
        assert kinds.count("证据") == 1 and "起诉状" in kinds and "受理通知书" in kinds
        complaint = next(d for d in index.documents if d.kind == "起诉状")
        request = c.DocumentRequest(document_id=complaint.document_id, access=access)
        with pytest.raises(PermanentError) as info:
            client.fetch_document(request)
        assert info.value.status == 403
        application = c.ReadingApplication(application_id=str(uuid.uuid4()), access=access,
                                           applicant=submission.plaintiff, confirmed_at=now["t"])
        assert client.apply_reading(application, "read-1").status == c.READING_PENDING
        assert client.apply_reading(application, "read-1").status == c.READING_PENDING  # replay
        assert client.reading_status("no-such-application") is None
        grant = admin.decide_reading(application.application_id, c.ReadingDecision(decision="grant", hours=2))
        assert grant.status == c.READING_GRANTED and grant.granted_until == now["t"] + timedelta(hours=2)
        assert client.case_file(access).grant == grant == client.reading_status(application.application_id)
        pages, text = pdf_text(client.fetch_document(request))
        assert pages == complaint.pages and number in text
        record = c.ReadingRecord(record_id=str(uuid.uuid4()), application_id=application.application_id,
                                 document_id=complaint.document_id, opened_at=now["t"], closed_at=now["t"],
                                 pages_viewed=pages)
        first = client.submit_reading_record(record, "rr-1")
        assert client.submit_reading_record(record, "rr-1") == first
        with pytest.raises(RetryableError) as conflict:  # already decided
            admin.decide_reading(application.application_id, c.ReadingDecision(decision="refuse", reasons=["x"]))
        assert conflict.value.status == 409
        now["t"] += timedelta(hours=2, seconds=1)  # the window has closed
        with pytest.raises(PermanentError) as info:
            client.fetch_document(request)
        assert info.value.status == 403


def test_prints_are_recorded_limited_per_day_and_verifiable(tmp_path, make_submission):
    limits = c.PrintLimits(max_pages_per_document=4, max_pages_per_day=5)
    with court(tmp_path, print_limits=limits) as (server, client, admin, now):
        assert client.get_policy().print_limits == limits
        submission, number = docketed(client, admin, make_submission)
        notice = next(d for d in client.served_documents(submission.plaintiff.id_number).items
                      if d.title == "受理案件通知书")

        def record(pages: int) -> c.PrintRecord:
            return c.PrintRecord(record_id=str(uuid.uuid4()), document_id=notice.document_id,
                                 access=party(submission), pages=pages, requested_at=now["t"])

        first = record(2)
        ticket = client.create_print_record(first, "print-1")
        assert re.fullmatch(c.VERIFICATION_CODE_PATTERN, ticket.verification_code)
        assert ticket.verify_url == server.base_url + c.VERIFY_PATH.format(code=ticket.verification_code)
        assert ticket.pages_left_today == 3
        assert client.create_print_record(first, "print-1") == ticket  # replay: the same ticket
        assert client.create_print_record(record(2), "print-2").pages_left_today == 1
        with pytest.raises(PermanentError) as info:
            client.create_print_record(record(2), "print-3")  # over the day's limit
        assert info.value.status == 403
        with pytest.raises(PermanentError) as info:
            client.create_print_record(record(3), "print-4")  # more pages than the document has
        assert info.value.status == 422
        check = client.verify_print(ticket.verification_code)
        assert check.valid and check.case_number == number and check.document_title == "受理案件通知书"
        assert check.pages == 2 and check.kiosk_id == "kiosk-records"
        text = requests.get(ticket.verify_url, timeout=5).text
        assert submission.plaintiff.name not in text and submission.plaintiff.id_number not in text
        assert client.verify_print("ZZZZZZZZZZZZ").valid is False
        outcome = c.PrintOutcome(record_id=first.record_id, status="canceled", pages_printed=0, finished_at=now["t"])
        client.report_print_outcome(outcome, "outcome-1")
        assert client.report_print_outcome(outcome, "outcome-1").record_id == first.record_id
        assert client.verify_print(ticket.verification_code).valid is False  # never printed
        now["t"] += timedelta(days=1)  # a new day
        assert client.create_print_record(record(2), "print-5").pages_left_today == 3


def test_materials_are_received_once_and_need_completed_uploads(client, make_submission, sandbox, admin_court):
    submission, number = docketed(client, admin_court, make_submission)
    ref = upload(client, b"%PDF-1.4 defence " + uuid.uuid4().bytes)
    material = c.MaterialSubmission(material_id=str(uuid.uuid4()), court_code="京0105", case_ref=number,
                                    kind="evidence", name="补充证据", submitter=submission.plaintiff,
                                    attachments=[ref], pages=1, confirmed_at=datetime.now(UTC))
    receipt = client.submit_material(material, "material-key")
    assert client.submit_material(material, "material-key") == receipt
    assert client.submit_material(material, str(uuid.uuid4())) == receipt  # the same material, another key
    with pytest.raises(PermanentError) as info:  # the key with another body
        client.submit_material(material.model_copy(update={"name": "另一份材料"}), "material-key")
    assert info.value.status == 422
    mine = [m for m in admin_court.list_materials().items if m.material_id == material.material_id]
    assert len(mine) == 1 and mine[0].attachments == [ref.sha256] and mine[0].case_ref == number
    unknown = ref.model_copy(update={"sha256": "0" * 64})
    with pytest.raises(PermanentError) as info:
        client.submit_material(material.model_copy(update={"material_id": str(uuid.uuid4()),
                                                           "attachments": [unknown]}), str(uuid.uuid4()))
    assert info.value.status == 422
    with pytest.raises(PermanentError) as info:
        client.submit_material(material.model_copy(update={"material_id": str(uuid.uuid4()),
                                                           "case_ref": "no-such-case"}), str(uuid.uuid4()))
    assert info.value.status == 404


def test_lookup_shows_the_state_without_personal_data(client, make_submission, sandbox, admin_court):
    code = lookup_code()
    submission = make_submission(lookup_code=code)
    client.submit_filing(submission, str(uuid.uuid4()))
    result = client.lookup(code)
    assert result.status == c.STATUS_PENDING_REVIEW and result.case_number is None
    assert result.court_name == "北京市朝阳区人民法院" and str(result.fee_due) == "2300.00"
    admin_court.review(submission.filing_id, c.ReviewDecision(decision="docket"))
    result = client.lookup(code)
    assert result.status == c.STATUS_DOCKETED and result.case_number and result.next_hearing is not None
    text = requests.get(sandbox.base_url + c.LOOKUP_PATH.format(code=code), timeout=5).text
    for secret in (submission.plaintiff.name, submission.plaintiff.id_number, "李四", "北京某某科技有限公司"):
        assert secret not in text
    assert client.lookup("ZZZZZZZZZZ") is None
    with pytest.raises(PermanentError) as info:  # a lookup code is unique
        client.submit_filing(make_submission(lookup_code=code), str(uuid.uuid4()))
    assert info.value.status == 422
    policy = client.get_policy()
    assert policy.lookup_url == sandbox.base_url + "/m/{code}"


def test_a_paid_fee_gets_an_electronic_receipt_number(client, make_submission, admin_court):
    submission = make_submission()
    notice = client.submit_filing(submission, str(uuid.uuid4())).fee_notice
    order = client.create_payment(c.PaymentOrderCreate(payment_id=c.payment_id_for(notice.notice_id),
                                                       notice_id=notice.notice_id, amount=notice.amount), "pay-1")
    assert order.receipt_number is None
    paid = admin_court.settle_payment(order.payment_id, "paid")
    assert re.fullmatch(r"1101\d{15}", paid.receipt_number)
    assert client.payment_status(order.payment_id).receipt_number == paid.receipt_number


def test_admin_case_events_add_documents_and_steps(client, make_submission, admin_court):
    submission, number = docketed(client, admin_court, make_submission)
    at = datetime.now(UTC) - timedelta(minutes=1)
    detail = admin_court.add_case_event(c.CaseEvent(filing_id=submission.filing_id, kind="served", label="判决书",
                                               at=at, pages=5))
    assert "送达" in [e.kind for e in detail.timeline]
    admin_court.add_case_event(c.CaseEvent(filing_id=submission.filing_id, kind="timeline", label="宣判", at=at))
    detail = admin_court.add_case_event(c.CaseEvent(filing_id=submission.filing_id, kind="deadline", label="上诉期限",
                                               at=at + timedelta(days=15)))
    assert {"宣判"} <= {e.kind for e in detail.timeline} and "上诉期限" in [d.kind for d in detail.deadlines]
    judgment = next(d for d in client.served_documents(submission.plaintiff.id_number).items if d.kind == "判决书")
    assert judgment.title == "民事判决书" and judgment.pages == 5
    pages, text = pdf_text(client.fetch_document(c.DocumentRequest(document_id=judgment.document_id,
                                                                   access=party(submission))))
    assert pages == 5 and number in text and "判决如下" in text.replace("\n", "")
    pending = make_submission()
    client.submit_filing(pending, str(uuid.uuid4()))
    with pytest.raises(RetryableError) as conflict:  # not docketed
        admin_court.add_case_event(c.CaseEvent(filing_id=pending.filing_id, kind="timeline", label="开庭", at=at))
    assert conflict.value.status == 409
    with pytest.raises(PermanentError) as info:  # not a kind of served document
        admin_court.add_case_event(c.CaseEvent(filing_id=submission.filing_id, kind="served", label="起诉书", at=at))
    assert info.value.status == 422


# -------------------------------------------------------------- faults


def test_document_faults_break_off_corrupt_and_oversize(client, admin, make_submission, admin_court):
    submission, _ = docketed(client, admin_court, make_submission)
    served = client.served_documents(submission.plaintiff.id_number).items[0]
    request = c.DocumentRequest(document_id=served.document_id, access=party(submission))
    admin.faults(document_fault="truncate")
    with pytest.raises(RetryableError):
        client.fetch_document(request)
    admin.faults(document_fault="corrupt")
    with pytest.raises(PermanentError):
        client.fetch_document(request)
    admin.faults(document_fault="oversized", oversized_pages=600)
    with pytest.raises(PermanentError) as info:
        client.fetch_document(request, max_bytes=100_000)
    assert info.value.status == 413
    assert len(PdfReader(io.BytesIO(client.fetch_document(request))).pages) == 600
    admin.clear_faults()
    assert pdf_text(client.fetch_document(request))[0] == served.pages


def test_public_checks_need_no_token(tmp_path, make_submission):
    with court(tmp_path, require_auth=True) as (server, client, _, _):
        client.authenticate()
        submission = make_submission(lookup_code=lookup_code())
        client.submit_filing(submission, str(uuid.uuid4()))
        for path in (c.LOOKUP_PATH.format(code=submission.lookup_code), c.VERIFY_PATH.format(code="ABCDEFGHJKMN")):
            assert requests.get(server.base_url + path, timeout=5).status_code == 200
        assert requests.post(server.base_url + c.CASE_DETAIL_PATH, json=party(submission).model_dump(),
                             timeout=5).status_code == 401


# ---------------------------------------------------------------- demo


def test_the_demo_persona_has_cases_documents_and_a_granted_case_file(tmp_path):
    with court(tmp_path) as (_, client, _admin, _now):
        cases = client.search_cases(demo.DEMO_ID_NUMBER).items
        assert {case.filing_id for case in cases} == {demo.JUDGMENT_CASE, demo.HEARING_CASE}
        assert all(case.status == c.STATUS_DOCKETED for case in cases)
        served = client.served_documents(demo.DEMO_ID_NUMBER).items
        judgment = next(d for d in served if d.document_id == demo.JUDGMENT_DOCUMENT)
        assert judgment.title == "民事判决书" and judgment.pages >= 5
        access = c.CaseAccess(case_ref=demo.JUDGMENT_CASE, id_number=demo.DEMO_ID_NUMBER)
        index = client.case_file(access)
        assert index.grant.status == c.READING_GRANTED and index.grant.granted_until > START
        bundle = next(d for d in index.documents if d.document_id == demo.BUNDLE_DOCUMENT)
        assert bundle.pages == 30 and "30页" in bundle.title
        pages, text = pdf_text(client.fetch_document(c.DocumentRequest(document_id=bundle.document_id,
                                                                       access=access)))
        assert pages == 30 and index.case_number in text
        detail = client.case_detail(access)
        assert {"开庭", "宣判"} <= {e.kind for e in detail.timeline}
        assert "上诉期限" in [d.kind for d in detail.deadlines]
        by_code = client.case_detail(c.CaseAccess(case_ref=detail.case_number,
                                                  query_code=casegen.query_code_for(demo.JUDGMENT_CASE)))
        assert by_code.filing_id == demo.JUDGMENT_CASE
        assert client.lookup(demo.LOOKUP_CODES[demo.HEARING_CASE]).next_hearing > START
