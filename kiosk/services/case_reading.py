"""阅卷: a party reads the case file's documents on the screen, within the reading window the court
granted.

The court's rule: a party applies (a `ReadingApplication`, stored in the outbox and delivered by the
sync worker), the court decides and grants a window (e.g. 72 hours). The kiosk shows the file's index
(卷宗目录) with the grant's state, and opens a document only while the grant says "granted" and the
kiosk's own clock is inside [granted_from, granted_until] (checked here too, not only by the court).

A document's PDF is fetched on the network worker (`DocumentRequest`, purpose "read"), checked (a whole
PDF that Qt can read, within the byte and page caps) and kept in memory only: never written to disk.
The reader (ui/pdf_reader.py) renders its pages with Qt's own render thread. When
the reader closes the document (or the session ends) a `ReadingRecord` (who read what and when, pages
seen) goes to the court through the outbox.

Logs carry ids, codes and counts: never a title, a name or a case number.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.services.registry import QT_TRANSLATE_NOOP, ServiceSpec

log = logging.getLogger("kiosk.case_reading")

MAX_DOCUMENT_BYTES = 32 * 1024 * 1024  # a case file document larger than this is not shown on the kiosk
MAX_DOCUMENT_PAGES = 300  # nor one with more pages (a page cap: the counter prints or shows those)
POLL_MS = 5000  # how often the court is asked about an application still waiting

# document_failed codes
TOO_BIG = "too_big"  # over MAX_DOCUMENT_BYTES
TOO_MANY_PAGES = "too_many_pages"  # over MAX_DOCUMENT_PAGES
CORRUPT = "corrupt"  # not a PDF the kiosk can read
INTERRUPTED = "interrupted"  # the download broke off or timed out: nothing of it is shown; try again
NOT_GRANTED = "not_granted"  # no grant, or outside its window (the kiosk's check or the court's 403)
NOT_FOUND = "not_found"
OFFLINE = "offline"  # the court cannot be reached
# index_failed codes: OFFLINE, NOT_FOUND, "error"; apply_failed: "storage", "invalid"

SENDING = "sending"  # the application is stored here and on its way to the court


@dataclass(frozen=True)
class ReadingState:
    """The newest reading application for the case as the kiosk knows it."""

    application_id: str
    status: str  # sending | pending | granted | refused
    granted_from: datetime | None = None
    granted_until: datetime | None = None
    reasons: tuple[str, ...] = field(default=(), repr=False)

    def is_open(self, now: datetime) -> bool:
        """Granted, and ``now`` within the window."""
        return (self.status == "granted" and self.granted_from is not None and self.granted_until is not None
                and self.granted_from <= now <= self.granted_until)

    def expired(self, now: datetime) -> bool:
        return self.status == "granted" and self.granted_until is not None and now > self.granted_until


def state_of(grant) -> ReadingState | None:
    if grant is None:
        return None
    return ReadingState(grant.application_id, grant.status, grant.granted_from, grant.granted_until,
                        tuple(grant.reasons))


@dataclass(frozen=True)
class CaseFile:
    """The case file's index as the screen shows it."""

    case_number: str | None
    documents: tuple = field(repr=False)  # CaseFileDocument, in the court's order
    state: ReadingState | None


@dataclass
class _Reading:
    """A document open in the reader: what the record will say."""

    document_id: str
    application_id: str
    opened_at: datetime
    pages: set[int] = field(default_factory=set)


def check_pdf(pdf: bytes, max_pages: int = MAX_DOCUMENT_PAGES) -> int:
    """Blocking, on a worker: the page count of a PDF Qt can read. Raises ValueError("corrupt") or
    ValueError("too_many_pages")."""
    from PySide6.QtPdf import QPdfDocument

    from kiosk.services.documents import opened_pdf

    with opened_pdf(pdf) as document:
        if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
            raise ValueError(CORRUPT)
        pages = document.pageCount()
    if pages > max_pages:
        raise ValueError(TOO_MANY_PAGES)
    return pages


class CaseReadingService(QObject):
    index_loaded = Signal(object)  # CaseFile
    index_failed = Signal(str)  # OFFLINE | NOT_FOUND | error
    state_changed = Signal(object)  # ReadingState: applied (sending), or the court's answer
    apply_failed = Signal(str)  # storage | invalid
    document_ready = Signal(str, object, int)  # document id, the PDF (bytes, in memory only), pages
    document_failed = Signal(str, str)  # document id, code
    record_stored = Signal(str)  # record id: the reading is on its way to the court

    def __init__(self, court, outbox, wake_sync, network_worker, outbox_worker,
                 clock=lambda: datetime.now().astimezone(), *, max_bytes: int = MAX_DOCUMENT_BYTES,
                 max_pages: int = MAX_DOCUMENT_PAGES) -> None:
        super().__init__()
        self._court = court
        self._outbox = outbox
        self._wake_sync = wake_sync
        self._network = network_worker
        self._outbox_worker = outbox_worker
        self._clock = clock
        self.max_bytes = max_bytes
        self.max_pages = max_pages
        self._access = None
        self._state: ReadingState | None = None
        self._reading: _Reading | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.poll)

    @property
    def state(self) -> ReadingState | None:
        return self._state

    def now(self) -> datetime:
        return self._clock()

    def can_open(self) -> bool:
        """The kiosk's own check: a grant, and now within its window."""
        return self._state is not None and self._state.is_open(self._clock())

    @staticmethod
    def party_access(identity, case_ref: str):
        """How the identified person reaches one of their cases (a CaseAccess)."""
        from offline_queue.contract import CaseAccess

        return CaseAccess(case_ref=case_ref, id_number=identity.id_number)

    # -- the index ------------------------------------------------------------------------------
    def load(self, access) -> None:
        """The case file's index and the newest application's state, for this access (a party's, or a
        query code's)."""
        if self._access is not None and access != self._access:
            self._state = None
        self._access = access
        court = self._court

        def done(index) -> None:
            if access != self._access:
                return
            state = state_of(index.grant)
            mine = self._state
            if mine is None or mine.status != SENDING or (state is not None
                                                          and state.application_id == mine.application_id):
                self._state = state  # the court's word, unless ours is still on its way to it
            log.info("case file index loaded: %d documents, application %s", len(index.documents),
                     self._state.status if self._state else "none")
            self._follow()
            self.index_loaded.emit(CaseFile(index.case_number, tuple(index.documents), self._state))

        def failed(exc: BaseException) -> None:
            code = _code(exc)
            log.info("case file index not loaded: %s (%s)", code, type(exc).__name__)
            self.index_failed.emit(code if code in (OFFLINE, NOT_FOUND) else "error")

        self._network.submit(lambda: court.case_file(access), done, failed, session_bound=True)

    # -- applying -------------------------------------------------------------------------------
    def apply(self, identity) -> None:
        """Apply to read the case file (stored in the outbox, sent by the sync worker). A second touch
        while one is on its way or waiting does nothing."""
        from pydantic import ValidationError

        from offline_queue import items
        from offline_queue.contract import Party, ReadingApplication

        if self._access is None or (self._state is not None and self._state.status in (SENDING, "pending")):
            return
        try:
            application = ReadingApplication(
                application_id=str(uuid.uuid4()), access=self._access,
                applicant=Party(kind="person", name=identity.name, id_number=identity.id_number,
                                address=identity.address or None),
                confirmed_at=self._clock())
        except ValidationError:
            self.apply_failed.emit("invalid")
            return
        outbox = self._outbox
        self._state = ReadingState(application.application_id, SENDING)

        def store() -> str:
            items.enqueue_reading_application(outbox, application)
            return application.application_id

        def stored(application_id: str) -> None:
            log.info("reading application %s stored in the outbox", application_id)
            self._wake_sync()
            if self._state is not None and self._state.application_id == application_id:
                self._follow()
                self.state_changed.emit(self._state)

        def failed(exc: BaseException) -> None:
            log.error("storing a reading application failed: %s", type(exc).__name__)
            if self._state is not None and self._state.application_id == application.application_id:
                self._state = None
            self.apply_failed.emit("storage")

        self._outbox_worker.submit(store, stored, failed, session_bound=False)

    def poll(self) -> None:
        """Ask the court about the application (sent, or waiting for its decision)."""
        state = self._state
        if state is None or state.status not in (SENDING, "pending"):
            self._poll.stop()
            return
        court = self._court
        application_id = state.application_id

        def done(grant) -> None:
            current = self._state
            if grant is None or current is None or current.application_id != application_id:
                return  # not delivered yet (404), or another case meanwhile
            new = state_of(grant)
            if new != current:
                self._state = new
                log.info("reading application %s: %s", application_id, new.status)
                self._follow()
                self.state_changed.emit(new)

        def failed(exc: BaseException) -> None:
            log.info("reading application %s: status not known (%s)", application_id, type(exc).__name__)

        self._network.submit(lambda: court.reading_status(application_id), done, failed, session_bound=True)

    def _follow(self) -> None:
        """Keep asking while the court has not decided."""
        if self._state is not None and self._state.status in (SENDING, "pending"):
            if not self._poll.isActive():
                self._poll.start()
        else:
            self._poll.stop()

    # -- reading --------------------------------------------------------------------------------
    def open_document(self, document_id: str) -> None:
        """Fetch a document of the file (only within the grant's window); document_ready(id, pdf, pages)
        or document_failed(id, code)."""
        from offline_queue.contract import DocumentRequest

        if self._access is None or not self.can_open():
            log.info("document %s not opened: no reading grant open now", document_id)
            self.document_failed.emit(document_id, NOT_GRANTED)
            return
        request = DocumentRequest(document_id=document_id, access=self._access, purpose="read")
        court, max_bytes, max_pages = self._court, self.max_bytes, self.max_pages
        application_id = self._state.application_id

        def fetch() -> tuple[bytes, int]:
            pdf = court.fetch_document(request, max_bytes=max_bytes)
            if len(pdf) > max_bytes:
                raise ValueError(TOO_BIG)
            return pdf, check_pdf(pdf, max_pages)

        def done(result) -> None:
            pdf, pages = result
            if not self.can_open():  # the window closed while it came
                self.document_failed.emit(document_id, NOT_GRANTED)
                return
            self.close_document()
            self._reading = _Reading(document_id, application_id, self._clock())
            log.info("document %s opened for reading (%d pages, %d bytes)", document_id, pages, len(pdf))
            self.document_ready.emit(document_id, pdf, pages)

        def failed(exc: BaseException) -> None:
            code = _code(exc)
            log.info("document %s not opened: %s (%s)", document_id, code, type(exc).__name__)
            self.document_failed.emit(document_id, code)

        self._network.submit(fetch, done, failed, session_bound=True)

    def page_viewed(self, index: int) -> None:
        """The reader shows page ``index`` (0-based) of the open document."""
        if self._reading is not None:
            self._reading.pages.add(index)

    def close_document(self) -> str | None:
        """The reader closed the document: its ReadingRecord goes to the outbox. Returns the record id."""
        from pydantic import ValidationError

        from offline_queue import items
        from offline_queue.contract import ReadingRecord

        reading, self._reading = self._reading, None
        if reading is None:
            return None
        try:
            record = ReadingRecord(record_id=str(uuid.uuid4()), application_id=reading.application_id,
                                   document_id=reading.document_id, opened_at=reading.opened_at,
                                   closed_at=max(self._clock(), reading.opened_at),
                                   pages_viewed=min(len(reading.pages), 10000))
        except ValidationError:
            log.error("reading record of document %s not valid: not stored", reading.document_id)
            return None
        outbox = self._outbox

        def stored(_item) -> None:
            log.info("reading record %s stored (%d pages seen)", record.record_id, record.pages_viewed)
            self._wake_sync()
            self.record_stored.emit(record.record_id)

        def failed(exc: BaseException) -> None:
            log.error("storing reading record %s failed: %s", record.record_id, type(exc).__name__)

        self._outbox_worker.submit(lambda: items.enqueue_reading_record(outbox, record), stored, failed,
                                   session_bound=False)
        return record.record_id

    def clear(self) -> None:
        """A session reset (or time-out): an open document's reading is recorded; the rest forgotten."""
        self.close_document()
        self._poll.stop()
        self._access = None
        self._state = None


def _code(exc: BaseException) -> str:
    from offline_queue.client import PermanentError, RetryableError

    status = getattr(exc, "status", None)
    if isinstance(exc, ValueError) and str(exc) in (TOO_BIG, TOO_MANY_PAGES, CORRUPT):
        return str(exc)
    if isinstance(exc, PermanentError):
        return {413: TOO_BIG, 415: CORRUPT, 403: NOT_GRANTED, 404: NOT_FOUND}.get(status, "error")
    if isinstance(exc, RetryableError):
        detail = str(getattr(exc, "detail", ""))
        if status is None and not detail.startswith("connection error"):
            return INTERRUPTED  # broke off, cut short or timed out once asked: nothing of it is kept
        return OFFLINE
    return "error"


def create(deps) -> CaseReadingService:
    return CaseReadingService(deps.court, deps.outbox, deps.wake_sync, deps.workers["network"],
                              deps.workers["outbox"])


SERVICE = ServiceSpec(
    "case_reading",
    create,
    title=QT_TRANSLATE_NOOP("services", "Read case file"),
    pictogram="case_reading",
    voice=QT_TRANSLATE_NOOP("voice", "read case file|case file"),
    menu=35,
    needs_identity=True,
    devices=("id_reader",),
    workers=("network", "outbox"),
    outbox=True,
    court=True,
    on_session_reset="clear",
)
