"""文书打印: the identified litigant prints the documents the court served on them (judgments,
rulings, notices) on the kiosk's A4 printer.

1. `load`: the court's list of documents served on the person (``served_documents``), on the
   network worker.
2. `fetch`: one document's PDF, whole (a download cut off half way keeps nothing), checked
   (every page readable, at most the policy's pages per document) before anything else happens;
   `render_pages` draws its pages for the preview on the documents worker.
3. `print_document`: the court records the print (``create_print_record``: a new record id, the
   pages; a 403 is the daily page limit) and gives the verification code; every page is stamped
   with the footer (自助打印, the time, the code and a QR of the court's check:
   `kiosk.documents.print_stamp`); the stamped PDF goes to the A4 printer, whose job is followed
   live (pending, processing, completed/failed/canceled); then the outcome goes through the outbox
   (``print_outcome``: printed, failed with the pages printed when known, or canceled) and the
   receipt printer gives a slip with what was printed (or what was not).

A print record the court made always gets its outcome, also when the session is reset meanwhile:
those steps are not session-bound (the slip is then left out: its owner has gone). Logs name
document and record ids, counts and codes, never a title, a name or a number of a person.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from kiosk.services.documents import PagePreviews
from kiosk.services.registry import QT_TRANSLATE_NOOP, ServiceSpec

log = logging.getLogger("kiosk.print_documents")

PRINT_TIMEOUT_SECONDS = 180.0  # a job not finished by then is canceled (a stuck or stopped printer)
POLL_SECONDS = 0.25  # how often the job's state is asked while it prints
POLL_ERRORS = 3  # consecutive failed state queries before the job is given up as failed
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024

# loaded codes
OK, OFFLINE, ERROR = "ok", "offline", "error"
# document_failed codes
TOO_MANY_PAGES = "too_many_pages"  # more pages than the policy lets the kiosk print
CORRUPT = "corrupt"  # not a readable PDF (or encrypted, or empty)
TOO_LARGE = "too_large"  # over the kiosk's download limit
DOWNLOAD = "download"  # the download broke off or timed out, or the court is out of reach: try again
REFUSED = "refused"  # the court refused this document to this person
# print_refused codes (nothing went to the printer)
DAILY_LIMIT = "daily_limit"  # 403: the person's pages for today are used up
NO_PRINTER = "no_printer"  # this kiosk has no A4 printer (none configured, or it could not be opened)
PRINTER = "printer"  # the print service could not be reached or refused the job
PREPARE = "prepare"  # the footer could not be put on the pages
BUSY = "busy"  # a print is under way


@dataclass(frozen=True)
class ServedRow:
    """A document served on the person, as the list shows it."""

    document_id: str
    filing_id: str
    case_number: str | None
    court_name: str
    kind: str
    title: str
    served_at: datetime
    pages: int


@dataclass(frozen=True)
class PrintResult:
    """How a print went: ``status`` printed | failed | canceled; ``pages_printed`` None when the
    printer did not say; ``reason`` the print service's keywords (no personal data)."""

    row: ServedRow
    record_id: str
    verification_code: str
    pages: int
    status: str
    pages_printed: int | None
    printed_at: datetime
    pages_left_today: int
    reason: str = ""


def print_slip(result: PrintResult):
    """The receipt printer's slip for a print: what was printed, with its verification code (or what
    was not)."""
    from drivers.printer.base import Receipt, ReceiptLine

    row = result.row
    lines = [
        ReceiptLine(row.court_name, align="center", bold=True, double=True),
        ReceiptLine("文书打印凭条", align="center", bold=True),
        ReceiptLine("--------------------------------"),
        ReceiptLine(f"打印时间：{result.printed_at:%Y-%m-%d %H:%M}"),
        ReceiptLine(f"案号：{row.case_number or row.filing_id[:8].upper()}"),
        ReceiptLine(f"文书：{row.title}"),
        ReceiptLine(f"类别：{row.kind}"),
        ReceiptLine(f"页数：{result.pages} 页"),
        ReceiptLine(f"验证码：{result.verification_code}", bold=True),
    ]
    if result.status == "printed":
        lines.append(ReceiptLine(f"状态：已打印 {result.pages} 页", bold=True))
    else:
        lines.append(ReceiptLine("状态：未打印完成", bold=True))
        if result.pages_printed is None:
            lines.append(ReceiptLine("已打印页数：不明，请清点纸张"))
        else:
            lines.append(ReceiptLine(f"已打印页数：{result.pages_printed} 页"))
        lines.append(ReceiptLine("请到服务窗口咨询。"))
    lines += [
        ReceiptLine("--------------------------------"),
        ReceiptLine("每页页脚印有验证码和二维码，", align="left"),
        ReceiptLine("扫码或凭验证码可向法院核验。", align="left"),
        ReceiptLine(f"今日还可打印 {result.pages_left_today} 页。", align="left"),
    ]
    return Receipt(lines=lines, cut=True)


def _now() -> datetime:
    return datetime.now().astimezone()


class PrintDocumentsService(QObject, PagePreviews):
    """List, fetch, preview and print the documents served on the identified person."""

    loaded = Signal(object, str)  # list[ServedRow], OK | OFFLINE | ERROR
    document_ready = Signal(str, bytes, int)  # document id, the PDF, its pages
    document_failed = Signal(str, str, int, int)  # document id, code, the PDF's pages (0: unknown), the limit
    page_rendered = Signal(int, int, object)  # request token, page index, QImage
    page_failed = Signal(int, int)  # request token, page index
    print_progress = Signal(str, str)  # recording | preparing | submitting | pending | processing, reason
    print_refused = Signal(str, int)  # code (nothing was printed), the daily limit for DAILY_LIMIT
    print_finished = Signal(object)  # PrintResult
    slip_result = Signal(bool, str)  # printed, receipt printer's failure code

    def __init__(self, court, printer, policy, outbox, wake_sync, receipts, workers: dict, *, data_dir: str = "",
                 clock=_now, print_timeout: float = PRINT_TIMEOUT_SECONDS, poll_seconds: float = POLL_SECONDS,
                 sleep=time.sleep, monotonic=time.monotonic) -> None:
        """``workers``: network, documents, outbox and a4_printer (DeviceWorker each)."""
        super().__init__()
        self._court = court
        self._printer = printer  # None: this kiosk has no A4 printer
        self._policy = policy
        self._outbox = outbox
        self._wake_sync = wake_sync
        self._receipts = receipts
        self._workers = workers
        self._data_dir = data_dir
        self._clock = clock
        self._print_timeout = print_timeout
        self._poll_seconds = poll_seconds
        self._sleep = sleep
        self._monotonic = monotonic
        self._token = 0
        self._fetching = ""  # the document id being fetched
        self._session = 0  # bumped by every reset: a print's late steps know their owner has gone
        self._printing = False

    # -- limits -----------------------------------------------------------------------------
    def limits(self) -> tuple[int, int]:
        """(pages per document, pages per day) from the court's policy."""
        limits = self._policy.print_limits()
        return int(limits["max_pages_per_document"]), int(limits["max_pages_per_day"])

    def has_printer(self) -> bool:
        return self._printer is not None

    @property
    def printing(self) -> bool:
        return self._printing

    # -- the list ---------------------------------------------------------------------------
    def load(self, identity) -> None:
        """Emits loaded(rows, code): the documents served on the person, newest first."""
        from offline_queue.client import RetryableError

        id_number = identity.id_number
        court = self._court

        def fetch():
            answer = court.served_documents(id_number)
            rows = [ServedRow(document_id=d.document_id, filing_id=d.filing_id, case_number=d.case_number,
                              court_name=d.court_name, kind=d.kind, title=d.title, served_at=d.served_at,
                              pages=d.pages) for d in answer.items]
            rows.sort(key=lambda r: r.served_at, reverse=True)
            return rows

        def done(rows) -> None:
            log.info("%d served document(s) listed", len(rows))
            self.loaded.emit(rows, OK)

        def failed(exc: BaseException) -> None:
            code = OFFLINE if isinstance(exc, RetryableError) or _is_network(exc) else ERROR
            log.warning("served documents not listed: %s (%s)", code, type(exc).__name__)
            self.loaded.emit([], code)

        self._workers["network"].submit(fetch, done, failed)

    # -- one document -----------------------------------------------------------------------
    def fetch(self, identity, row: ServedRow) -> None:
        """Download the document's PDF whole and check it; emits document_ready(id, pdf, pages) or
        document_failed(id, code, pages, limit)."""
        from kiosk.documents.print_stamp import DocumentProblem, check_pdf
        from offline_queue.client import PermanentError, RetryableError
        from offline_queue.contract import CaseAccess, DocumentRequest

        max_pages, _ = self.limits()
        document_id = row.document_id
        self._fetching = document_id
        if row.pages > max_pages:  # the court's own count says so: no download needed
            log.info("document %s not fetched: %d pages, over %d", document_id, row.pages, max_pages)
            self.document_failed.emit(document_id, TOO_MANY_PAGES, row.pages, max_pages)
            return
        request = DocumentRequest(document_id=document_id, purpose="print",
                                  access=CaseAccess(case_ref=row.filing_id, id_number=identity.id_number))
        court = self._court

        def download():
            pdf = court.fetch_document(request, max_bytes=MAX_DOCUMENT_BYTES)
            return pdf, check_pdf(pdf, max_pages)

        def done(result) -> None:
            pdf, pages = result
            if self._fetching != document_id:
                return  # another document was chosen meanwhile
            log.info("document %s fetched: %d page(s), %d bytes", document_id, pages, len(pdf))
            self.document_ready.emit(document_id, pdf, pages)

        def failed(exc: BaseException) -> None:
            pages = 0
            if isinstance(exc, DocumentProblem):
                code, pages = (TOO_MANY_PAGES, exc.pages) if exc.code == TOO_MANY_PAGES else (CORRUPT, exc.pages)
            elif isinstance(exc, PermanentError):
                code = {413: TOO_LARGE, 415: CORRUPT}.get(exc.status or 0, REFUSED if exc.status else ERROR)
            elif isinstance(exc, RetryableError) or _is_network(exc):
                code = DOWNLOAD
            else:
                code = ERROR
            log.warning("document %s not fetched: %s (%s)", document_id, code, type(exc).__name__)
            if self._fetching == document_id:
                self.document_failed.emit(document_id, code, pages, max_pages)

        self._workers["network"].submit(download, done, failed)

    _preview_what = "a served document"

    def _submit_render(self, task, done, failed) -> None:
        self._workers["documents"].submit(task, done, failed)

    def warm_up(self) -> None:
        """Load the stamping's libraries on the documents worker now, not when Print is touched."""
        def load() -> None:
            import fpdf  # noqa: F401
            import pypdf  # noqa: F401
            import segno  # noqa: F401

            from kiosk.documents.print_stamp import footer_font

            footer_font()

        self._workers["documents"].submit(load, session_bound=False)

    # -- printing ---------------------------------------------------------------------------
    def print_document(self, identity, row: ServedRow, pdf: bytes, pages: int) -> None:
        """Record, stamp, print and follow the job; emits print_progress(stage, reason) on the way,
        then print_finished(result) (and slip_result), or print_refused(code, limit) when nothing was
        sent to the printer."""
        from offline_queue.contract import CaseAccess, PrintRecord

        if self._printing:
            self.print_refused.emit(BUSY, 0)
            return
        if self._printer is None:
            log.warning("document %s not printed: no A4 printer", row.document_id)
            self.print_refused.emit(NO_PRINTER, 0)
            return
        record = PrintRecord(record_id=str(uuid.uuid4()), document_id=row.document_id,
                             access=CaseAccess(case_ref=row.filing_id, id_number=identity.id_number),
                             pages=pages, requested_at=self._clock())
        self._printing = True
        session = self._session
        court = self._court
        self.print_progress.emit("recording", "")

        def recorded(ticket) -> None:
            log.info("print record %s made for document %s (%d pages)", record.record_id, row.document_id, pages)
            job = _Job(row=row, record_id=record.record_id, ticket=ticket, pages=pages, session=session,
                       printed_at=self._clock())
            if session != self._session:  # reset meanwhile: print nothing for nobody
                self._finish(job, "canceled", 0, "session reset before printing")
                return
            self._stamp(job, pdf)

        def refused(exc: BaseException) -> None:
            from offline_queue.client import PermanentError, RetryableError

            self._printing = False
            if isinstance(exc, PermanentError) and exc.status == 403:
                code = DAILY_LIMIT
            elif isinstance(exc, RetryableError) or _is_network(exc):
                code = OFFLINE
            else:
                code = ERROR
            log.warning("print of document %s not recorded: %s (%s)", row.document_id, code, type(exc).__name__)
            if session == self._session:
                self.print_refused.emit(code, self.limits()[1])

        self._workers["network"].submit(
            lambda: court.create_print_record(record, f"print-record-{record.record_id}"), recorded, refused,
            session_bound=False)

    def _stamp(self, job: _Job, pdf: bytes) -> None:
        from kiosk.documents.print_stamp import Footer, stamp

        footer = Footer(job.ticket.verification_code, job.ticket.verify_url, job.printed_at)
        self._progress(job, "preparing", "")

        def failed(exc: BaseException) -> None:
            log.error("print record %s: the footer could not be stamped (%s)", job.record_id, type(exc).__name__)
            self._finish(job, "canceled", 0, "prepare", refused=PREPARE)

        self._workers["documents"].submit(lambda: stamp(pdf, footer), lambda data: self._submit(job, data), failed,
                                          session_bound=False)

    def _submit(self, job: _Job, data: bytes) -> None:
        if job.session != self._session:
            self._finish(job, "canceled", 0, "session reset before printing")
            return
        printer = self._printer
        data_dir = self._data_dir
        title = f"kiosk print {job.record_id[:8]}"  # the job's name: no title of a person's document
        self._progress(job, "submitting", "")

        def submit():
            from offline_queue.durable import secure_delete

            folder = data_dir if data_dir and os.path.isdir(data_dir) else None
            fd, path = tempfile.mkstemp(prefix=".print-", suffix=".pdf", dir=folder)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                return printer.print_pdf(path, title)
            finally:
                secure_delete(path)  # the print service has its own copy (spooled) by now

        def submitted(print_job) -> None:
            log.info("print record %s: A4 job submitted (%d bytes)", job.record_id, len(data))
            job.print_job = print_job
            job.started = self._monotonic()
            job.state = "pending"
            self._progress(job, "pending", "")
            self._poll(job)

        def failed(exc: BaseException) -> None:
            log.warning("print record %s: the A4 printer took no job (%s)", job.record_id, type(exc).__name__)
            self._finish(job, "failed", 0, type(exc).__name__, refused=PRINTER)

        self._workers["a4_printer"].submit(submit, submitted, failed, session_bound=False)

    def _poll(self, job: _Job) -> None:
        printer, pause = self._printer, self._poll_seconds

        def ask():
            self._sleep(pause)
            return printer.job_state(job.print_job)

        def answered(state) -> None:
            job.errors = 0
            if state.state != job.state:
                job.state = state.state
                if not state.final:
                    self._progress(job, state.state, state.reason)
            if state.state == "processing":
                job.started_printing = True
            if state.final:
                status = "printed" if state.state == "completed" else state.state
                self._finish(job, status, job.pages if status == "printed" else self._pages_done(job), state.reason)
            elif self._monotonic() - job.started > self._print_timeout:
                self._cancel(job, state.reason)
            else:
                self._poll(job)

        def failed(exc: BaseException) -> None:
            job.errors += 1
            log.warning("print record %s: job state not known (%s)", job.record_id, type(exc).__name__)
            if job.errors >= POLL_ERRORS:
                self._finish(job, "failed", None, type(exc).__name__)
            else:
                self._poll(job)

        self._workers["a4_printer"].submit(ask, answered, failed, session_bound=False)

    def _pages_done(self, job: _Job) -> int | None:
        """The pages printed of a job that did not complete: what the printer reports (a backend with
        ``pages_completed``), 0 for a job that never started printing, None when nobody can say."""
        count = getattr(self._printer, "pages_completed", None)
        if count is not None:
            try:
                return count(job.print_job)
            except Exception as exc:
                log.info("print record %s: pages done not known (%s)", job.record_id, type(exc).__name__)
        return None if job.started_printing else 0

    def _cancel(self, job: _Job, reason: str) -> None:
        printer = self._printer
        log.warning("print record %s: the job did not finish in %.0f s; canceling it", job.record_id,
                    self._print_timeout)

        def cancel():
            printer.cancel(job.print_job)
            return self._pages_done(job)

        def done(pages) -> None:
            self._finish(job, "canceled", pages, reason or "timeout")

        self._workers["a4_printer"].submit(cancel, done, lambda exc: self._finish(job, "failed", None, "timeout"),
                                           session_bound=False)

    def _progress(self, job: _Job, stage: str, reason: str) -> None:
        if job.session == self._session:
            self.print_progress.emit(stage, reason)

    def _finish(self, job: _Job, status: str, pages_printed: int | None, reason: str, *, refused: str = "") -> None:
        """The outcome to the outbox (always), then (for the person still here) the result and the slip."""
        from offline_queue import items
        from offline_queue.contract import PrintOutcome

        self._printing = False
        # pages not known: the court hears the most that may have come out, so that every page that did
        # still verifies (it counts them against the person's day; the slip says the count is not known)
        outcome = PrintOutcome(record_id=job.record_id, status=status,
                               pages_printed=job.pages if pages_printed is None else pages_printed,
                               finished_at=self._clock())
        outbox, wake = self._outbox, self._wake_sync
        log.info("print record %s: %s, %s of %d page(s) printed", job.record_id, status,
                 "?" if pages_printed is None else pages_printed, job.pages)

        def stored(_item) -> None:
            wake()

        def not_stored(exc: BaseException) -> None:
            log.error("print record %s: the outcome could not be stored (%s)", job.record_id, type(exc).__name__)

        self._workers["outbox"].submit(lambda: items.enqueue_print_outcome(outbox, outcome), stored, not_stored,
                                       session_bound=False)
        if job.session != self._session:
            return
        if refused:  # nothing reached the printer: no slip, the screen says why
            self.print_refused.emit(refused, 0)
            return
        result = PrintResult(row=job.row, record_id=job.record_id, verification_code=job.ticket.verification_code,
                             pages=job.pages, status=status, pages_printed=pages_printed, printed_at=job.printed_at,
                             pages_left_today=job.ticket.pages_left_today, reason=reason)
        self.print_finished.emit(result)
        self._print_slip(result, job.session)

    def _print_slip(self, result: PrintResult, session: int) -> None:
        record_id = result.record_id

        def printed() -> None:
            log.info("print record %s: slip printed", record_id)
            if session == self._session:
                self.slip_result.emit(True, "")

        def failed(code: str) -> None:
            log.warning("print record %s: slip not printed: %s", record_id, code)
            if session == self._session:
                self.slip_result.emit(False, code)

        self._receipts.print_receipt(print_slip(result), printed, failed)

    def clear(self) -> None:
        """A session reset: answers still on their way are for nobody (a print under way still gets
        its outcome recorded)."""
        self._session += 1
        self._fetching = ""
        self._token += 1


@dataclass
class _Job:
    row: ServedRow
    record_id: str
    ticket: object  # PrintTicket
    pages: int
    session: int
    printed_at: datetime
    print_job: object = None  # drivers.a4printer.PrintJob once submitted
    state: str = ""
    started_printing: bool = False  # the printer reported it processing (pages may have come out)
    started: float = 0.0
    errors: int = 0


def _is_network(exc: BaseException) -> bool:
    import requests

    return isinstance(exc, requests.RequestException | ConnectionError | TimeoutError)


def create(deps) -> PrintDocumentsService:
    return PrintDocumentsService(deps.court, deps.devices["a4_printer"], deps.policy, deps.outbox, deps.wake_sync,
                                 deps.services["receipts"], deps.workers, data_dir=deps.config.get("kiosk.data_dir"))


SERVICE = ServiceSpec(
    "print_documents",
    create,
    title=QT_TRANSLATE_NOOP("services", "Print documents"),
    pictogram="printer",
    voice=QT_TRANSLATE_NOOP("voice", "print documents|print"),
    menu=30,
    needs_identity=True,
    devices=("id_reader", "a4_printer"),
    workers=("network", "documents", "outbox"),
    config=("kiosk.data_dir",),
    requires=("receipts",),
    outbox=True,
    court=True,
    on_session_reset="clear",
)
