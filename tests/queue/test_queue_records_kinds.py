"""Contract 1.2's outbox kinds to a real sandbox: a material (its PDF chained before it), a reading
application and its reading record, a print outcome; each delivered exactly once, also when the
answer is lost after the court stored it (the next attempt repeats the same key) and when the
same thing is enqueued twice (a second touch, a restart)."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from offline_queue import attachments, items
from offline_queue import contract as c
from offline_queue.outbox import DELIVERED, PENDING, Outbox
from offline_queue.sync import SyncWorker


@pytest.fixture
def outbox(tmp_path):
    with Outbox(tmp_path / "outbox.sqlite3", key_path=tmp_path / "keys" / "outbox.key") as box:
        yield box


def _docketed(client, admin_court, make_submission) -> c.FilingSubmission:
    submission = make_submission()
    client.submit_filing(submission, str(uuid.uuid4()))
    admin_court.review(submission.filing_id, c.ReviewDecision(decision="docket", reasons=[]))
    return submission


def _a_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(datetime(2026, 1, 1, tzinfo=UTC))
    for n in range(3):
        pdf.add_page()
        pdf.set_font("helvetica", size=14)
        pdf.cell(text=f"material page {n + 1}")
    return bytes(pdf.output())


def test_a_material_after_its_pdf_is_delivered_once_even_when_the_answer_is_lost(
        tmp_path, outbox, client, admin, admin_court, make_submission):
    submission = _docketed(client, admin_court, make_submission)
    person = submission.plaintiff
    content = _a_pdf()
    material_id = str(uuid.uuid4())
    stored = attachments.store_attachment(outbox, tmp_path, content, c.PDF_MEDIA_TYPE, "evidence-1.pdf",
                                          f"material-{material_id}-pdf", purpose="evidence")
    material = c.MaterialSubmission(
        material_id=material_id, court_code=submission.court_code, case_ref=submission.filing_id,
        kind="evidence", name="补充证据：转账记录", submitter=person, attachments=[attachments.attachment_ref(stored)],
        pages=3, confirmed_at=datetime.now(UTC))
    item = attachments.enqueue_material(outbox, material, [stored])
    assert item.depends_on == stored.id and item.kind == items.KIND_MATERIAL
    assert attachments.enqueue_material(outbox, material, [stored]).id == item.id  # confirmed again: the same

    worker = SyncWorker(outbox, client)
    assert worker.process_one(ignore_schedule=True)[0].id == stored.id  # the PDF first
    admin.faults(fail_next=1, phase="after", action="close")  # stored at the court, the answer lost
    assert worker.process_one(ignore_schedule=True)[1] == PENDING
    assert worker.process_one(ignore_schedule=True)[1] == DELIVERED
    assert outbox.get(item.id).response["material_id"] == material_id
    listed = [m for m in admin_court.list_materials().items if m.material_id == material_id]
    assert len(listed) == 1
    assert listed[0].attachments == [hashlib.sha256(content).hexdigest()] and listed[0].pages == 3


def test_a_reading_record_waits_for_its_application_and_both_arrive_once(outbox, client, admin, admin_court,
                                                                          make_submission):
    submission = _docketed(client, admin_court, make_submission)
    access = c.CaseAccess(case_ref=submission.filing_id, id_number=submission.plaintiff.id_number)
    application = c.ReadingApplication(application_id=str(uuid.uuid4()), access=access,
                                       applicant=submission.plaintiff, confirmed_at=datetime.now(UTC))
    applied = items.enqueue_reading_application(outbox, application)
    assert items.enqueue_reading_application(outbox, application).id == applied.id
    index = client.case_file(access)
    now = datetime.now(UTC)
    record = c.ReadingRecord(record_id=str(uuid.uuid4()), application_id=application.application_id,
                             document_id=index.documents[0].document_id, opened_at=now - timedelta(minutes=3),
                             closed_at=now, pages_viewed=2)
    read = items.enqueue_reading_record(outbox, record)
    assert read.depends_on == applied.id  # never sent before the application it belongs to

    worker = SyncWorker(outbox, client)
    admin.faults(fail_next=1, phase="after", action="close")
    worker.drain(10)
    worker.drain(10)
    assert outbox.get(applied.id).state == DELIVERED and outbox.get(read.id).state == DELIVERED
    grant = client.reading_status(application.application_id)
    assert grant is not None and grant.status == c.READING_PENDING
    assert outbox.get(read.id).response["record_id"] == record.record_id


def test_a_print_outcome_is_reported_once(outbox, client, admin_court, make_submission):
    submission = _docketed(client, admin_court, make_submission)
    access = c.CaseAccess(case_ref=submission.filing_id, id_number=submission.plaintiff.id_number)
    served = client.served_documents(submission.plaintiff.id_number).items
    document = next(d for d in served if d.filing_id == submission.filing_id)
    record_id = str(uuid.uuid4())
    ticket = client.create_print_record(
        c.PrintRecord(record_id=record_id, document_id=document.document_id, access=access, pages=document.pages,
                      requested_at=datetime.now(UTC)), f"print-{record_id}")
    outcome = c.PrintOutcome(record_id=record_id, status="printed", pages_printed=document.pages,
                             finished_at=datetime.now(UTC))
    first = items.enqueue_print_outcome(outbox, outcome)
    assert items.enqueue_print_outcome(outbox, outcome).id == first.id
    assert SyncWorker(outbox, client).drain(10).delivered == 1
    check = client.verify_print(ticket.verification_code)
    assert check.valid and check.pages == document.pages and check.case_number
