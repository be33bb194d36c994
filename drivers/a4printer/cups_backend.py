"""A4 printing through CUPS: Qt lays out and prints documents, IPP follows the jobs.

This is the one driver allowed Qt (QtGui, QtPrintSupport; never widgets):
``render_pdf`` lays out text on A4 with QTextDocument + QPdfWriter, and
``print_document`` prints a QTextDocument through ``QPrinter`` with
``setPrinterName(queue)`` (Qt's CUPS print engine submits it with libcups).
Both need a QGuiApplication in the process; they may run on the device's
worker thread (QPainter on QPdfWriter/QPrinter and QTextDocument are
reentrant), with the document used by that thread only.

``print_pdf`` does not go through QPrinter: Qt can only repaint onto a printer,
so an existing PDF would come out re-rendered (rasterised pages), not byte for
byte. It is sent unchanged with an IPP Print-Job request, which also returns
the job id. Queue status, job states and cancelling use IPP too (see
``drivers.a4printer.ipp`` for why not lp/lpstat).

Qt reports neither success nor the job id of a print: ``print_document`` notes
the highest job id on the queue before printing and afterwards looks for the
new job with the document's title; finding none raises JobFailed.

The CUPS server is ``server`` ('host', 'host:port' or a domain socket path),
else ``$CUPS_SERVER``, else /etc/cups/client.conf, else the local socket. The
same server is set for libcups (``cupsSetServer``, per thread) before Qt
prints, so Qt and the IPP requests always talk to the same cupsd.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import getpass
import logging
import os
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QFont, QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtGui import Qt as QtGuiNamespace  # Qt::mightBeRichText lives in QtGui
from PySide6.QtPrintSupport import QPrinter

from drivers.a4printer import ipp
from drivers.a4printer.base import (
    A4PrinterError,
    A4PrinterUnavailable,
    JobFailed,
    JobState,
    PrintJob,
    QueueStatus,
)
from drivers.base import LogsAvailability, Usability

log = logging.getLogger("drivers.a4printer")

CJK_FONT = "Noto Sans CJK SC"
MARGIN_MM = 15.0
A4_MEDIA = "iso_a4_210x297mm"

_JOB_STATES = {3: "pending", 4: "pending", 5: "processing", 6: "processing",
               7: "canceled", 8: "failed", 9: "completed"}
_PRINTER_STATES = {3: "idle", 4: "processing", 5: "stopped"}
_JOB_ATTRS = ["job-id", "job-state", "job-state-reasons", "job-printer-state-message"]
_PRINTER_ATTRS = ["printer-state", "printer-state-reasons", "printer-state-message",
                  "printer-is-accepting-jobs"]


def _first(attrs: dict, name: str, default=None):
    values = attrs.get(name)
    return values[0] if values else default


def _reasons(values: list | None) -> list[str]:
    return [str(v) for v in values or [] if v and v != "none"]


def _join(keywords: list[str], message: str | None) -> str:
    text = ", ".join(keywords)
    if message:
        text = f"{text}: {message}" if text else message
    return text


class CupsA4Printer(LogsAvailability):
    """An A4 printer behind CUPS queue ``queue`` on ``server`` (None: the default server).

    ``timeout`` bounds each request to cupsd; ``poll_interval`` is how often
    ``wait`` asks for a job's state; ``font_family`` is the default font of
    rendered documents (a CJK font, so Chinese text prints).
    """

    _log = log

    def __init__(self, queue: str, server: str | None = None, timeout: float = 10.0,
                 poll_interval: float = 0.1, font_family: str = CJK_FONT) -> None:
        if not queue or "/" in queue:
            raise ValueError(f"queue must be a CUPS queue name, got {queue!r}")
        self.queue = queue
        self.server = server
        self.timeout = float(timeout)
        self.poll_interval = float(poll_interval)
        self.font_family = font_family
        self._lock = threading.RLock()
        self._conn: ipp.IppConnection | None = None
        self._available: bool | None = None

    # -- helpers --

    def _ipp(self) -> ipp.IppConnection:
        if self._conn is None:
            self._conn = ipp.IppConnection(self.server or ipp.default_server(), timeout=self.timeout)
        return self._conn

    @property
    def _where(self) -> str:
        return f"CUPS queue {self.queue} on {self.server or ipp.default_server()}"

    def _unavailable(self, reason: str) -> A4PrinterUnavailable:
        self._note(False, reason)
        return A4PrinterUnavailable(f"{self._where}: {reason}")

    def _request(self, operation: int, groups, data: bytes = b"", path: str = "/") -> ipp.IppResponse:
        try:
            return self._ipp().request(operation, groups, data, path)
        except ipp.IppTransportError as exc:
            raise self._unavailable(str(exc)) from exc

    def _op(self, *extra: ipp.Attr, printer: bool = True) -> list[ipp.Attr]:
        uri = self._ipp().printer_uri(self.queue) if printer else None
        return ipp.operation_attributes(uri, getpass.getuser()) + list(extra)

    def _printer_attributes(self) -> dict:
        answer = self._request(ipp.GET_PRINTER_ATTRIBUTES, [(ipp.OPERATION_GROUP, self._op(
            (ipp.KEYWORD, "requested-attributes", _PRINTER_ATTRS)))])
        if answer.status == ipp.STATUS_NOT_FOUND:
            raise self._unavailable("the queue does not exist")
        if not answer.ok:
            raise self._unavailable(f"status query refused: {answer.message}")
        return answer.group(ipp.PRINTER_GROUP)

    def _job_ids(self) -> dict[int, str]:
        """This user's jobs on the queue (all states): id -> job-name."""
        answer = self._request(ipp.GET_JOBS, [(ipp.OPERATION_GROUP, self._op(
            (ipp.KEYWORD, "which-jobs", "all"),
            (ipp.BOOLEAN, "my-jobs", True),
            (ipp.KEYWORD, "requested-attributes", ["job-id", "job-name"])))])
        if answer.status == ipp.STATUS_NOT_FOUND:
            return {}
        if not answer.ok:
            raise A4PrinterError(f"{self._where}: listing jobs refused: {answer.message}")
        jobs = {}
        for attrs in answer.all_groups(ipp.JOB_GROUP):
            job_id = _first(attrs, "job-id")
            if isinstance(job_id, int):
                jobs[job_id] = str(_first(attrs, "job-name", ""))
        return jobs

    def _point_libcups(self) -> None:
        """Make libcups (which Qt's CUPS engine uses) talk to our server in this thread."""
        name = ctypes.util.find_library("cups") or "libcups.so.2"
        try:
            lib = ctypes.CDLL(name)
        except OSError as exc:
            raise self._unavailable(f"libcups is missing ({exc}); install libcups2") from exc
        lib.cupsSetServer.argtypes = [ctypes.c_char_p]
        lib.cupsSetServer.restype = None
        lib.cupsSetServer(self._ipp().server.encode())

    @staticmethod
    def _need_gui_app() -> None:
        if QGuiApplication.instance() is None:
            raise A4PrinterError("Qt printing needs a QGuiApplication in this process")

    def _layout(self, paint_device) -> None:
        paint_device.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        paint_device.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                                    QPageLayout.Unit.Millimeter)

    # -- documents --

    def make_document(self, html_or_text: str) -> QTextDocument:
        """A QTextDocument in the printer's default (CJK) font; rich text when it looks like HTML."""
        document = QTextDocument()
        document.setDefaultFont(QFont(self.font_family, 11))
        if QtGuiNamespace.mightBeRichText(html_or_text):
            document.setHtml(html_or_text)
        else:
            document.setPlainText(html_or_text)
        return document

    def render_pdf(self, html_or_text: str, path: str | Path) -> Path:
        """Lay out ``html_or_text`` on A4 pages and write the PDF to ``path`` (atomically)."""
        self._need_gui_app()
        path = Path(path)
        document = self.make_document(html_or_text)
        fd, tmp = tempfile.mkstemp(prefix=".a4-", suffix=".pdf", dir=path.parent)
        os.close(fd)
        try:
            writer = QPdfWriter(tmp)
            self._layout(writer)
            document.print_(writer)
            del writer  # finishes the file
            if os.path.getsize(tmp) == 0:
                raise A4PrinterError("Qt wrote an empty PDF")
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        log.info("rendered an A4 PDF (%d pages)", document.pageCount())
        return path

    # -- A4Printer --

    def print_pdf(self, path: str | Path, title: str) -> PrintJob:
        """Send the PDF unchanged (IPP Print-Job, document-format application/pdf)."""
        data = Path(path).read_bytes()
        if not data.startswith(b"%PDF-"):
            raise JobFailed(f"{Path(path).name} is not a PDF file")
        with self._lock:
            answer = self._request(
                ipp.PRINT_JOB,
                [(ipp.OPERATION_GROUP, self._op((ipp.NAME, "job-name", title),
                                                (ipp.MIME_MEDIA_TYPE, "document-format", "application/pdf"))),
                 (ipp.JOB_GROUP, [(ipp.KEYWORD, "media", A4_MEDIA)])],
                data,
                path=f"/printers/{quote(self.queue, safe='')}",
            )
            if answer.status == ipp.STATUS_NOT_FOUND:
                raise self._unavailable("the queue does not exist")
            if answer.status == ipp.STATUS_NOT_ACCEPTING:
                raise self._unavailable(f"the queue is not accepting jobs: {answer.message}")
            if not answer.ok:
                raise JobFailed(f"{self._where} refused the job: {answer.message}")
            job_id = _first(answer.group(ipp.JOB_GROUP), "job-id")
            if not isinstance(job_id, int):
                raise JobFailed(f"{self._where} accepted the job but sent no job id")
            self._note(True, "")
            log.info("%s: job %d submitted (%d bytes PDF)", self._where, job_id, len(data))
            return PrintJob(job_id=job_id, queue=self.queue, title=title)

    def print_document(self, document: QTextDocument, title: str) -> PrintJob:
        """Print ``document`` on A4 through QPrinter + CUPS; the CUPS job it became."""
        self._need_gui_app()
        with self._lock:
            st = self._status()
            if not st.accepting:
                raise self._unavailable(f"the queue is not accepting jobs: {st.reason or 'rejecting'}")
            before = max(self._job_ids(), default=0)
            self._point_libcups()
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setPrinterName(self.queue)
            if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat or printer.printerName() != self.queue:
                # Qt falls back to its default printer (or to PDF) for a name it does not know
                raise self._unavailable("Qt print support does not list the queue")
            printer.setDocName(title)
            self._layout(printer)
            document.print_(printer)
            new = sorted(job_id for job_id, name in self._job_ids().items()
                         if job_id > before and name == title)
            if not new:
                raise JobFailed(f"{self._where}: Qt printed the document but CUPS has no new job for it")
            self._note(True, "")
            log.info("%s: job %d submitted through Qt (%d pages)", self._where, new[-1], document.pageCount())
            return PrintJob(job_id=new[-1], queue=self.queue, title=title)

    def job_state(self, job: PrintJob) -> JobState:
        with self._lock:
            answer = self._request(ipp.GET_JOB_ATTRIBUTES, [(ipp.OPERATION_GROUP, self._op(
                (ipp.INTEGER, "job-id", job.job_id),
                (ipp.KEYWORD, "requested-attributes", _JOB_ATTRS)))])
            if answer.status == ipp.STATUS_NOT_FOUND:
                raise A4PrinterError(f"{self._where}: job {job.job_id} is not known (any more)")
            if not answer.ok:
                raise A4PrinterError(f"{self._where}: job {job.job_id} query refused: {answer.message}")
            attrs = answer.group(ipp.JOB_GROUP)
        code = _first(attrs, "job-state", 0)
        state = _JOB_STATES.get(code)
        if state is None:
            raise A4PrinterError(f"{self._where}: job {job.job_id} in unknown state {code}")
        reasons = _reasons(attrs.get("job-state-reasons"))
        if code >= 7:  # CUPS leaves this on finished jobs; it only confuses a reader
            reasons = [r for r in reasons if r != "processing-to-stop-point"]
        if code == 6:
            reasons.insert(0, "processing-stopped")
        reason = _join(reasons, _first(attrs, "job-printer-state-message"))
        if code in (3, 6):
            # CUPS leaves the reasons of a job waiting on a stopped queue empty: say why it waits
            with self._lock:
                queue = self._status()
            if not queue.enabled:
                reason = _join(["printer-stopped"], queue.reason or reason)
        return JobState(state, reason)

    def wait(self, job: PrintJob, timeout: float) -> JobState:
        deadline = time.monotonic() + timeout
        while True:
            current = self.job_state(job)
            if current.final or time.monotonic() >= deadline:
                log.info("%s: job %d %s", self._where, job.job_id, current.state)
                return current
            time.sleep(min(self.poll_interval, max(0.0, deadline - time.monotonic())))

    def cancel(self, job: PrintJob) -> None:
        with self._lock:
            answer = self._request(ipp.CANCEL_JOB, [(ipp.OPERATION_GROUP, self._op(
                (ipp.INTEGER, "job-id", job.job_id)))])
            if not answer.ok and not self.job_state(job).final:
                raise A4PrinterError(f"{self._where}: cancelling job {job.job_id} refused: {answer.message}")
            log.info("%s: job %d canceled", self._where, job.job_id)

    def _status(self) -> QueueStatus:
        attrs = self._printer_attributes()
        state = _PRINTER_STATES.get(_first(attrs, "printer-state", 3), "idle")
        accepting = bool(_first(attrs, "printer-is-accepting-jobs", False))
        reason = _join(_reasons(attrs.get("printer-state-reasons")), _first(attrs, "printer-state-message"))
        return QueueStatus(queue=self.queue, accepting=accepting, enabled=state != "stopped",
                           state=state, reason=reason)

    def status(self) -> QueueStatus:
        """The queue's state (raises A4PrinterUnavailable when cupsd or the queue is missing)."""
        with self._lock:
            return self._status()

    def is_usable(self) -> Usability:
        try:
            st = self.status()
        except A4PrinterError as exc:
            return Usability(False, str(exc))
        if not st.accepting:
            return Usability(False, f"{self._where} is not accepting jobs: {st.reason or 'rejecting'}")
        if not st.enabled:
            return Usability(False, f"{self._where} is stopped: {st.reason or 'disabled'}")
        self._note(True, "")
        return Usability(True, f"{self._where} ready ({st.state})")

    def close(self) -> None:
        """Nothing stays open between calls (one HTTP request each); forget the server choice."""
        with self._lock:
            self._conn = None
