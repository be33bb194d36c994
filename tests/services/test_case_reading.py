"""阅卷 (kiosk.services.case_reading): the case file's index with the grant's state; an application goes
to the outbox once and the court's decision is followed; a document opens only while a grant is open on
the kiosk's own clock; a document too big, with too many pages, corrupt or cut off half way is refused with
its code and nothing of it is shown; closing a document (or the session ending) puts a ReadingRecord in the outbox; nothing personal in the log."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import pytest

from kiosk.services import case_reading
from offline_queue import contract as c
from offline_queue.client import PermanentError, RetryableError
from tests.services import fakes
from tests.services.records_fakes import BEIJING, FILING_ID, RecordsCourt, grant, sample_pdf

NOW = datetime(2026, 3, 20, 10, 0, tzinfo=BEIJING)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def parts(config, outbox, monkeypatch):
    timers = fakes.patch_timers(monkeypatch, case_reading)
    court = RecordsCourt(NOW)
    wake = fakes.Calls()
    service = case_reading.SERVICE.factory(fakes.make_deps(case_reading.SERVICE, config, court=court, outbox=outbox,
                                                           wake_sync=wake))
    clock = Clock(NOW)
    service._clock = clock
    person = fakes.person()
    access = c.CaseAccess(case_ref=FILING_ID, id_number=person.id_number)
    return service, court, outbox, wake, clock, person, access, timers[0]


def _signals(service):
    return {name: fakes.recorder(getattr(service, name)) for name in (
        "index_loaded", "index_failed", "state_changed", "document_ready", "document_failed", "record_stored")}


def test_apply_once_then_follow_the_courts_decision_and_read_within_the_window(parts, caplog):
    caplog.set_level(logging.INFO)
    service, court, outbox, wake, clock, person, access, timer = parts
    got = _signals(service)
    service.load(access)
    (index,), = [got["index_loaded"]]
    assert [d.document_id for d in index.documents] == ["doc-complaint", "doc-evidence"] and index.state is None
    service.open_document("doc-complaint")  # no grant: the kiosk does not even ask
    assert got["document_failed"] == [("doc-complaint", "not_granted")] and "fetch_document" not in court.methods()

    service.apply(person)
    service.apply(person)  # a second touch while it is on its way: nothing more
    stored = [i for i in outbox.items() if i.kind == "reading_application"]
    assert len(stored) == 1 and wake.count == 1
    application_id = stored[0].id
    assert stored[0].payload["applicant"]["id_number"] == person.id_number
    assert got["state_changed"][-1].status == "sending" and timer.isActive()

    timer.fire()  # not delivered yet: the court does not know it
    assert service.state.status == "sending"
    court.grants[application_id] = grant(application_id, "pending", NOW)
    timer.fire()
    assert got["state_changed"][-1].status == "pending" and timer.isActive()
    court.grants[application_id] = grant(application_id, "granted", NOW, hours=72)
    timer.fire()
    assert got["state_changed"][-1].status == "granted" and not timer.isActive()
    assert service.can_open()

    service.open_document("doc-complaint")
    (doc_id, pdf, pages), = got["document_ready"]
    assert doc_id == "doc-complaint" and pages == 30 and pdf.startswith(b"%PDF-")
    request = [a for m, a in court.calls if m == "fetch_document"][0]
    assert request.purpose == "read" and request.access == access
    for page in (0, 1, 2, 1):
        service.page_viewed(page)
    clock.now += timedelta(minutes=7)
    record_id = service.close_document()
    records = [i for i in outbox.items() if i.kind == "reading_record"]
    assert [r.id for r in records] == [record_id] and got["record_stored"] == [record_id]
    payload = records[0].payload
    assert payload["application_id"] == application_id and payload["document_id"] == "doc-complaint"
    assert payload["pages_viewed"] == 3
    assert datetime.fromisoformat(payload["closed_at"]) - datetime.fromisoformat(payload["opened_at"]) == \
        timedelta(minutes=7)
    assert records[0].depends_on == application_id  # sent after its application
    assert service.close_document() is None  # nothing open: no second record
    fakes.assert_nothing_personal(caplog.text, person)
    assert "民事起诉状" not in caplog.text


def test_the_kiosk_checks_the_window_itself(parts):
    service, court, outbox, wake, clock, person, access, timer = parts
    got = _signals(service)
    court.index_grant = grant("app-1", "granted", NOW, hours=72)
    service.load(access)
    assert got["index_loaded"][0].state.is_open(NOW) and service.can_open()
    clock.now = NOW + timedelta(hours=73)  # the court would still send it; the kiosk does not ask
    service.open_document("doc-complaint")
    assert got["document_failed"] == [("doc-complaint", "not_granted")]
    assert "fetch_document" not in court.methods()
    assert service.state.expired(clock.now)
    clock.now = NOW - timedelta(hours=1)  # before the window
    assert not service.can_open()


def test_a_refused_application_says_why_and_may_be_made_again(parts):
    service, court, outbox, wake, clock, person, access, timer = parts
    court.index_grant = grant("app-1", "refused", NOW)
    got = _signals(service)
    service.load(access)
    state = got["index_loaded"][0].state
    assert state.status == "refused" and state.reasons == ("不符合阅卷条件",) and not timer.isActive()
    service.apply(person)
    assert len([i for i in outbox.items() if i.kind == "reading_application"]) == 1


@pytest.mark.parametrize(("error", "pdf", "code"), [
    (PermanentError(413, "document over the limit"), None, "too_big"),
    (PermanentError(415, "the answer is not a whole PDF document"), None, "corrupt"),
    (RetryableError(None, "download broke off: ChunkedEncodingError"), None, "interrupted"),
    (RetryableError(None, "timeout: ReadTimeout"), None, "interrupted"),
    (RetryableError(None, "connection error: ConnectionError"), None, "offline"),
    (PermanentError(403, "not granted"), None, "not_granted"),
    (None, b"%PDF-1.7\n" + b"\x00garbage" * 100 + b"\n%%EOF\n", "corrupt"),
    (None, sample_pdf(12), "too_many_pages"),
])
def test_bad_documents_are_refused_with_their_code_and_can_be_tried_again(parts, error, pdf, code):
    service, court, outbox, wake, clock, person, access, timer = parts
    service.max_pages = 10
    court.index_grant = grant("app-1", "granted", NOW)
    got = _signals(service)
    service.load(access)
    if error is not None:
        court.fetch_errors = [error]
    if pdf is not None:
        court.pdfs["doc-evidence"] = pdf
    service.open_document("doc-evidence")
    assert got["document_failed"] == [("doc-evidence", code)] and got["document_ready"] == []
    if error is not None:  # the next try gets the whole document
        service.open_document("doc-evidence")
        assert [(d, p) for d, _, p in got["document_ready"]] == [("doc-evidence", 4)]
    assert service.close_document() is None or error is not None


def test_a_session_reset_records_the_open_document_and_forgets_the_case(parts):
    service, court, outbox, wake, clock, person, access, timer = parts
    court.index_grant = grant("app-1", "granted", NOW)
    service.load(access)
    service.open_document("doc-complaint")
    service.page_viewed(0)
    service.clear()
    records = [i for i in outbox.items() if i.kind == "reading_record"]
    assert len(records) == 1 and records[0].payload["pages_viewed"] == 1
    assert service.state is None and not service.can_open() and not timer.isActive()


def test_an_outbox_that_cannot_store_the_application_says_so(config, monkeypatch):
    fakes.patch_timers(monkeypatch, case_reading)
    service = case_reading.SERVICE.factory(fakes.make_deps(case_reading.SERVICE, config, court=RecordsCourt(NOW),
                                                           outbox=fakes.FailingOutbox()))
    failed = fakes.recorder(service.apply_failed)
    person = fakes.person()
    service.load(c.CaseAccess(case_ref=FILING_ID, id_number=person.id_number))
    service.apply(person)
    assert failed == ["storage"] and service.state is None
