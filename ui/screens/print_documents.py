"""文书打印: the documents the court served on the identified litigant; touch one to see its pages,
then Print: the A4 printer prints it with the court's verification footer, the screen follows the
job, and the receipt printer gives a slip with what was printed."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QStackedLayout,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.document_preview import DocumentPreview
from ui.screen_specs import ScreenSpec
from ui.screens import ScreenEntry
from ui.widgets import Screen, button, label, set_role


class _PreviewPort(QObject):
    """What DocumentPreview asks of a service: the pages come from 文书打印's service; printing
    is this screen's (the preview's own Print button is hidden)."""

    page_rendered = Signal(int, int, object)
    page_failed = Signal(int, int)
    printed = Signal()
    print_failed = Signal(str)

    def __init__(self, service) -> None:
        super().__init__()
        self._service = service
        service.page_rendered.connect(self.page_rendered)
        service.page_failed.connect(self.page_failed)

    def render_pages(self, pdf: bytes, pages: int, width: int) -> int:
        return self._service.render_pages(pdf, pages, width)

    def cancel_pages(self) -> None:
        self._service.cancel_pages()

    def print_pdf(self, pdf: bytes, title: str) -> None:  # never called: the Print button is the screen's
        raise NotImplementedError


class PrintDocumentsScreen(Screen):
    """The list of served documents, then one document's preview and its print."""

    name = "print_documents"
    SPEC = ScreenSpec(
        "print_documents",
        lambda: QCoreApplication.translate("screens", "Print documents"),
        lambda: QCoreApplication.translate("screens", "These are the documents the court served on you. Touch one "
                                                      "to see it and print it."),
        ("servedTable", "servedRetry", "documentTitle", "documentPageIndicator", "documentRetry", "printDocument",
         "documentClose", "backButton", "homeButton"),
    )

    def __init__(self, nav, service) -> None:
        super().__init__()
        self._nav = nav
        self._service = service
        self._identity = None
        self._rows = []
        self._list_state = "idle"  # idle | loading | ok | offline | error
        self._row = None  # the document shown
        self._pdf = b""
        self._pages = 0
        self._doc_state = ""  # fetching | ready | failed:<code>:<pages>:<limit>
        self._print_state = ""  # a print_progress stage | done | refused:<code>:<limit>
        self._result = None
        self._slip: tuple[bool, str] | None = None
        service.loaded.connect(self._loaded)
        service.document_ready.connect(self._ready)
        service.document_failed.connect(self._failed)
        service.print_progress.connect(self._progress)
        service.print_refused.connect(self._refused)
        service.print_finished.connect(self._finished)
        service.slip_result.connect(self._slip_done)

        self._stack = QStackedLayout(self)
        # the list
        listing = QWidget()
        column = QVBoxLayout(listing)
        column.setContentsMargins(48, 16, 48, 16)
        self.message = label("hint", name="servedMessage")
        column.addWidget(self.message)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("servedTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.cellClicked.connect(lambda row, _column: self.open_row(row))
        self.table.itemSelectionChanged.connect(self._row_chosen)  # (the keypad's select chooses a row)
        column.addWidget(self.table, 1)
        retry_row = QHBoxLayout()
        self.retry_list = button("servedRetry")
        self.retry_list.clicked.connect(self._load)
        retry_row.addWidget(self.retry_list)
        retry_row.addStretch()
        column.addLayout(retry_row)
        self._stack.addWidget(listing)
        # one document
        document = QWidget()
        column = QVBoxLayout(document)
        column.setContentsMargins(24, 8, 24, 8)
        self._port = _PreviewPort(service)
        self.preview = DocumentPreview(self._port)
        self.preview.print_button.hide()
        self.preview.status.hide()
        self.preview.closed.connect(self.back_to_list)
        column.addWidget(self.preview, 1)
        self.status = label(name="printStatus")
        self.status.setProperty("live", "polite")  # said as it changes (speech on)
        self.retry_document = button("documentRetry")
        self.retry_document.clicked.connect(self._fetch)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.retry_document)
        # under the pages, above the preview's own buttons; the spacer takes the pages' place while there
        # are none (downloading, or a document that cannot be printed)
        self.preview.layout().insertLayout(3, status_row)
        self.preview.layout().insertStretch(4, 0)
        self._stack.addWidget(document)

        self.print_button = button("printDocument", "primary", self)
        self.print_button.clicked.connect(self.print_document)
        self.primary = self.print_button
        self.retranslate()

    # -- the visit -------------------------------------------------------------------------
    def begin(self, identity) -> None:
        self._identity = identity
        self._service.warm_up()
        self._load()

    def _load(self) -> None:
        if self._identity is None:
            return
        self._list_state = "loading"
        self._rows = []
        self.back_to_list()
        self._service.load(self._identity)

    def _loaded(self, rows, code: str) -> None:
        if self._identity is None or self._list_state != "loading":
            return
        self._rows, self._list_state = list(rows), code
        self.retranslate()

    def _row_chosen(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows and self._stack.currentIndex() == 0:
            self.open_row(rows[0].row())

    def open_row(self, index: int) -> None:
        """Touching a document (or choosing it with the keys): download it whole, check it, show its pages."""
        if self._identity is None or not 0 <= index < len(self._rows) or self._service.printing:
            return
        if self._stack.currentIndex() == 1 and self._row is self._rows[index]:
            return  # (a touch selects the row, then clicks it: opened once)
        self._row = self._rows[index]
        self._stack.setCurrentIndex(1)
        self._fetch()

    def _fetch(self) -> None:
        if self._row is None:
            return
        self._pdf, self._pages, self._result, self._slip = b"", 0, None, None
        self._doc_state, self._print_state = "fetching", ""
        self.preview.clear()
        self.preview.heading.setText(self._row.title)
        self.retranslate()
        self._service.fetch(self._identity, self._row)

    def _ready(self, document_id: str, pdf: bytes, pages: int) -> None:
        if self._row is None or document_id != self._row.document_id:
            return
        self._pdf, self._pages, self._doc_state = pdf, pages, "ready"
        self.preview.show_document(pdf, pages, self._row.title)
        self.retranslate()

    def _failed(self, document_id: str, code: str, pages: int, limit: int) -> None:
        if self._row is None or document_id != self._row.document_id:
            return
        self._doc_state = f"failed:{code}:{pages}:{limit}"
        self.retranslate()

    def back_to_list(self) -> None:
        if self._service.printing:
            return  # the job's status stays in view until the printer has finished
        self._row, self._pdf, self._pages, self._doc_state, self._print_state = None, b"", 0, "", ""
        self._result, self._slip = None, None
        self.preview.clear()
        self._stack.setCurrentIndex(0)
        self.table.clearSelection()
        self.retranslate()

    # -- printing --------------------------------------------------------------------------
    def print_document(self) -> None:
        if not self._can_print():
            return
        self._result, self._slip = None, None
        self._print_state = "recording"
        self.retranslate()
        self._service.print_document(self._identity, self._row, self._pdf, self._pages)

    def _can_print(self) -> bool:
        return (self._identity is not None and self._doc_state == "ready" and not self._service.printing
                and self._service.has_printer() and self._result is None)

    def _progress(self, stage: str, reason: str) -> None:
        if self._identity is not None:
            self._print_state = stage
            self.retranslate()

    def _refused(self, code: str, limit: int) -> None:
        if self._identity is not None:
            self._print_state = f"refused:{code}:{limit}"
            self.retranslate()

    def _finished(self, result) -> None:
        if self._identity is not None:
            self._result, self._print_state = result, "done"
            self.retranslate()

    def _slip_done(self, ok: bool, code: str) -> None:
        if self._identity is not None:
            self._slip = (ok, code)
            self.retranslate()

    def clear(self) -> None:
        self._identity = None
        self._rows = []
        self._list_state = "idle"
        self._row, self._pdf, self._pages, self._doc_state, self._print_state = None, b"", 0, "", ""
        self._result, self._slip = None, None
        self.preview.clear()
        self._stack.setCurrentIndex(0)
        self.retranslate()

    # -- texts -----------------------------------------------------------------------------
    def _list_notice(self) -> tuple[str, str]:
        state = self._list_state
        if state == "loading":
            return self.tr("Asking the court for your documents…"), "hint"
        if state == "offline":
            return self.tr("The court's system cannot be reached right now. Please try again in a moment, or "
                           "ask at the service counter."), "error"
        if state == "error":
            return self.tr("The court's system could not list your documents. Please ask at the service "
                           "counter."), "error"
        if state == "ok" and not self._rows:
            return self.tr("The court has served no documents on you that can be printed here."), "hint"
        if not self._service.has_printer():
            return self.tr("This kiosk has no A4 printer: documents cannot be printed here. Please ask at the "
                           "service counter."), "error"
        return self.spec.prompt(), "hint"

    def _document_text(self) -> tuple[str, str]:
        state = self._doc_state
        if state == "fetching":
            return self.tr("Downloading the document from the court…"), "hint"
        if state.startswith("failed:"):
            _, code, pages, limit = state.split(":")
            if code == "too_many_pages":
                return self.tr("This document has {pages} pages, more than the {limit} the kiosk prints. Please "
                               "ask at the service counter.").replace("{pages}", pages).replace("{limit}", limit), \
                    "error"
            if code == "download":
                return self.tr("The download was interrupted; nothing was printed. Touch Try again."), "error"
            if code in ("corrupt", "too_large"):
                return self.tr("This document cannot be printed at the kiosk. Please ask at the service "
                               "counter."), "error"
            return self.tr("The court did not give this document. Please ask at the service counter."), "error"
        return self._print_text()

    def _print_text(self) -> tuple[str, str]:
        state = self._print_state
        stages = {
            "recording": self.tr("Recording the print with the court…"),
            "preparing": self.tr("Putting the verification code on the pages…"),
            "submitting": self.tr("Sending the document to the A4 printer…"),
            "pending": self.tr("The printer has the document and will start soon…"),
            "processing": self.tr("Printing… Please wait at the A4 printer."),
        }
        if state in stages:
            return stages[state], "hint"
        if state.startswith("refused:"):
            _, code, limit = state.split(":")
            texts = {
                "daily_limit": self.tr("You have reached today's limit of {limit} printed pages. Please ask at the "
                                       "service counter.").replace("{limit}", limit),
                "offline": self.tr("The court's system cannot be reached, so the print cannot be recorded. Please "
                                   "try again in a moment."),
                "no_printer": self.tr("This kiosk has no A4 printer. Please ask at the service counter."),
                "printer": self.tr("The A4 printer cannot take the document now; nothing was printed. Please ask "
                                   "at the service counter."),
            }
            return texts.get(code, self.tr("The document could not be printed. Please ask at the service "
                                           "counter.")), "error"
        if state == "done" and self._result is not None:
            return self._result_text()
        if self._doc_state == "ready":
            if not self._service.has_printer():
                return self.tr("This kiosk has no A4 printer. Please ask at the service counter."), "error"
            return self.tr("{pages} pages. Touch Print to print them on A4 with the court's verification "
                           "code.").replace("{pages}", str(self._pages)), "hint"
        return "", "hint"

    def _result_text(self) -> tuple[str, str]:
        result = self._result
        if result.status == "printed":
            text = self.tr("Printed {pages} pages. Please take them from the A4 printer.").replace(
                "{pages}", str(result.pages))
            role = "ok"
        else:
            if result.pages_printed is None:
                text = self.tr("The printer stopped before the document was finished. Please count your pages "
                               "and ask at the service counter.")
            else:
                text = self.tr("The printer stopped before the document was finished: {done} of {pages} pages "
                               "printed. Please ask at the service counter.").replace(
                    "{done}", str(result.pages_printed)).replace("{pages}", str(result.pages))
            role = "error"
        if self._slip is None:
            text += " " + self.tr("Printing your slip…")
        elif self._slip[0]:
            text += " " + self.tr("Your slip lists what was printed: take it from the receipt printer.")
        else:
            text += " " + self.tr("The slip could not be printed.")
        return text, role

    def retranslate(self) -> None:
        text, role = self._list_notice()
        self.message.setText(text)
        set_role(self.message, role)
        self.retry_list.setText(self.tr("Try again"))
        self.retry_list.setVisible(self._list_state in ("offline", "error"))
        self.table.setHorizontalHeaderLabels([self.tr("Served"), self.tr("Kind"), self.tr("Document"),
                                              self.tr("Case number"), self.tr("Pages")])
        self.table.setRowCount(len(self._rows))
        for r, row in enumerate(self._rows):
            cells = [f"{row.served_at.astimezone():%Y-%m-%d}", row.kind, row.title, row.case_number or "",
                     str(row.pages)]
            for c, cell in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(cell))
        self.table.resizeRowsToContents()
        text, role = self._document_text()
        self.status.setText(text)
        set_role(self.status, role)
        self.retry_document.setText(self.tr("Try again"))
        self.retry_document.setVisible(self._doc_state.startswith("failed:download"))
        self.preview.area.setVisible(self._doc_state == "ready")
        self.preview.close_button.setText(self.tr("Back to the list"))
        self.preview.close_button.setEnabled(not self._service.printing)
        self.print_button.setText(self.tr("Print"))
        enabled = self._stack.currentIndex() == 1 and self._can_print()
        self.print_button.setEnabled(enabled)
        set_role(self.print_button, "primary" if enabled else "")


SCREEN = ScreenEntry("print_documents", lambda nav, services: PrintDocumentsScreen(nav, services.print_documents),
                     serves=("print_documents",))
