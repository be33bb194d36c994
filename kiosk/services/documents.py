"""The filing's printed documents: the complaint (and its evidence list) as an A4 PDF, its pages
as images for the preview, and printing it on the A4 printer.

Laying out the PDF and rendering its pages run on the render worker, printing on the A4
printer's worker; the GUI thread only receives finished bytes and images. Results of a
session that was reset meanwhile are dropped (session-bound tasks). Logs name kinds, counts
and codes, never a party or what was typed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile

from PySide6.QtCore import QObject, Signal

from kiosk.services.registry import ServiceSpec

log = logging.getLogger("kiosk.documents")

PRINT_TIMEOUT_SECONDS = 120.0
# print_failed codes
MISSING = "missing"  # this kiosk has no A4 printer (none configured, or it could not be opened)
FAILED = "failed"  # the print service took the job but did not print it (failed, canceled, stuck)
ERROR = "error"  # the print service could not be reached or refused the job


@contextlib.contextmanager
def opened_pdf(pdf: bytes):
    """Blocking, on a worker: ``pdf`` loaded into a QPdfDocument from memory (never written to a file),
    closed on leaving. The caller checks ``status()``."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtPdf import QPdfDocument

    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    try:
        document.load(buffer)
        yield document
    finally:
        document.close()
        buffer.close()


def render_page(pdf: bytes, index: int, width: int):
    """Blocking, on a worker: page ``index`` of the PDF as a QImage ``width`` pixels wide
    (transparent where the page is blank: show it on white)."""
    from PySide6.QtCore import QSize
    from PySide6.QtPdf import QPdfDocument

    with opened_pdf(pdf) as document:
        if document.status() != QPdfDocument.Status.Ready:
            raise ValueError(f"the PDF could not be read ({document.error().name})")
        if not 0 <= index < document.pageCount():
            raise IndexError(f"page {index} of {document.pageCount()}")
        size = document.pagePointSize(index)
        image = document.render(index, QSize(width, round(width * size.height() / size.width())))
    if image.isNull():
        raise ValueError("the page could not be rendered")
    return image


class PagePreviews:
    """Page previews for `ui.document_preview.DocumentPreview`, mixed into a service that declares
    the signals ``page_rendered(int, int, object)`` and ``page_failed(int, int)`` and says where the
    pages render (`_submit_render`)."""

    _token = 0
    _preview_what = "a document"  # for the log

    def _submit_render(self, task, done, failed) -> None:
        raise NotImplementedError

    def render_pages(self, pdf: bytes, pages: int, width: int) -> int:
        """Render every page ``width`` pixels wide, one task each, in order; emits
        page_rendered(token, index, QImage) per page. Returns the token of this request: a newer
        request (or `cancel_pages`) makes the older one's pages stale, and they are not sent."""
        self._token += 1
        token = self._token
        for index in range(pages):
            def task(i=index):
                if token != self._token:
                    return None  # a newer request: skip the work
                return render_page(pdf, i, width)

            self._submit_render(task, lambda image, i=index: self._page_done(token, i, image),
                                lambda exc, i=index: self._page_error(token, i, exc))
        return token

    def cancel_pages(self) -> None:
        self._token += 1

    def _page_done(self, token: int, index: int, image) -> None:
        if token == self._token and image is not None:
            self.page_rendered.emit(token, index, image)

    def _page_error(self, token: int, index: int, exc: BaseException) -> None:
        log.warning("page %d of %s could not be rendered: %s", index + 1, self._preview_what, type(exc).__name__)
        if token == self._token:
            self.page_failed.emit(token, index)


class DocumentService(QObject, PagePreviews):
    """Prepare, preview and print a filing's documents.

    ``a4_worker`` is the A4 printer's DeviceWorker; ``render_worker`` one for layout and page
    rendering (not a device's, so a long print never holds up a preview).
    """

    ready = Signal(bytes, int)  # the PDF, its page count
    failed = Signal(str)  # "render": the document could not be laid out
    page_rendered = Signal(int, int, object)  # request token, page index, QImage
    page_failed = Signal(int, int)  # request token, page index
    printed = Signal()
    print_failed = Signal(str)  # MISSING | FAILED | ERROR

    def __init__(self, printer, data_dir: str, a4_worker, render_worker, *,
                 print_timeout: float = PRINT_TIMEOUT_SECONDS) -> None:
        super().__init__()
        self._printer = printer  # the A4 printer, or None (this kiosk has none)
        self._data_dir = data_dir  # the temporary PDF handed to the print service is written here
        self._a4_worker = a4_worker
        self._render_worker = render_worker
        self._print_timeout = print_timeout
        self._token = 0

    # -- the document -----------------------------------------------------------------------
    def prepare(self, submission, court_name: str, case_type_name: str, signature_png: bytes | None = None,
                today=None, page_counts: dict[str, int] | None = None) -> None:
        """Lay out the filing's complaint with its evidence list; emits ready(pdf, pages) or failed(code)."""
        from kiosk.documents import complaint_html, document_title, render_pdf

        title = document_title(submission)

        def build():
            html = complaint_html(submission, court_name=court_name, case_type_name=case_type_name,
                                  signature_png=signature_png, today=today, page_counts=page_counts)
            return render_pdf(html, title=title)

        def done(result) -> None:
            pdf, pages = result
            self.ready.emit(pdf, pages)

        def failed(exc: BaseException) -> None:
            log.error("the %s document could not be rendered: %s", submission.filing_kind, type(exc).__name__)
            self.failed.emit("render")

        self._render_worker.submit(build, done, failed, session_bound=True)

    def title(self, submission) -> str:
        """The document's title (民事起诉状 ...): also the print job's name."""
        from kiosk.documents import document_title

        return document_title(submission)

    def _submit_render(self, task, done, failed) -> None:
        self._render_worker.submit(task, done, failed, session_bound=True)

    # -- printing ---------------------------------------------------------------------------
    def has_printer(self) -> bool:
        return self._printer is not None

    def print_pdf(self, pdf: bytes, title: str) -> None:
        """Print the PDF unchanged on the A4 printer; emits printed() once the print service reports
        the job completed, or print_failed(code)."""
        printer = self._printer
        if printer is None:
            log.warning("document not printed: no A4 printer")
            self.print_failed.emit(MISSING)
            return
        data_dir = self._data_dir
        timeout = self._print_timeout

        def job():
            from offline_queue.durable import secure_delete

            folder = data_dir if data_dir and os.path.isdir(data_dir) else None
            fd, path = tempfile.mkstemp(prefix=".print-", suffix=".pdf", dir=folder)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(pdf)
                submitted = printer.print_pdf(path, title)
            finally:
                secure_delete(path)  # the print service has its own copy (spooled) by now
            state = printer.wait(submitted, timeout)
            log.info("document print job %s (%d bytes)", state.state, len(pdf))
            return state.state

        def done(state: str) -> None:
            if state == "completed":
                self.printed.emit()
            else:
                self.print_failed.emit(FAILED)

        def failed(exc: BaseException) -> None:
            log.warning("document not printed: %s", type(exc).__name__)
            self.print_failed.emit(ERROR)

        self._a4_worker.submit(job, done, failed, session_bound=True)


def create(deps) -> DocumentService:
    return DocumentService(deps.devices["a4_printer"], deps.config.get("kiosk.data_dir"), deps.workers["a4_printer"],
                           deps.workers["documents"])


SERVICE = ServiceSpec("documents", create, uses_devices=("a4_printer",), workers=("documents",),
                      config=("kiosk.data_dir",))
