"""Print preview of a filing's document (the complaint and its evidence list): the PDF's pages as
images in a touch-scrollable column, which page is in view, Print and Close.

The pages are rendered on the document service's worker; this widget only shows finished images
(one QPixmap conversion per page on the GUI thread). Printing goes to the A4 printer through the
same service; the result is said under the pages.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QScroller, QVBoxLayout, QWidget

from ui.widgets import button, label, set_role

A4_RATIO = 297 / 210
MAX_PAGE_WIDTH = 1000  # pixels; wider pages only cost rendering time


def print_status_text(code: str) -> str:
    """What the preview says after Print: ``printing``, ``printed`` or a print_failed code."""
    return {
        "printing": QCoreApplication.translate("DocumentPreview", "Printing… Please wait at the A4 printer."),
        "printed": QCoreApplication.translate("DocumentPreview", "Printed. Please take your pages from the A4 "
                                                                 "printer."),
        "missing": QCoreApplication.translate("DocumentPreview", "This kiosk has no A4 printer. Please ask at the "
                                                                 "service counter to print your document."),
        "failed": QCoreApplication.translate("DocumentPreview", "The printer did not print the document. Please "
                                                                "ask at the service counter."),
    }.get(code, QCoreApplication.translate("DocumentPreview", "The printer cannot be reached. Please try again, or "
                                                              "ask at the service counter."))


class DocumentPreview(QWidget):
    """Shows a PDF's pages; Print sends it to the A4 printer, Close emits `closed`."""

    closed = Signal()

    def __init__(self, service, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentPreview")
        self._service = service
        self._pdf = b""
        self._title = ""
        self._token = -1
        self._pages: list[QLabel] = []
        self._printing = False
        self.status_code = ""  # what the status line says: printing | printed | a print_failed code
        service.page_rendered.connect(self._page_rendered)
        service.page_failed.connect(self._page_failed)
        service.printed.connect(self._printed)
        service.print_failed.connect(self._print_failed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        top = QHBoxLayout()
        self.heading = label("title", name="documentTitle")
        top.addWidget(self.heading, 1)
        self.indicator = label("big", wrap=False, name="documentPageIndicator")
        top.addWidget(self.indicator)
        layout.addLayout(top)

        self.area = QScrollArea()
        self.area.setObjectName("documentPages")
        self.area.setWidgetResizable(True)
        self.area.setStyleSheet("QScrollArea#documentPages { background: #8a8f98; border-radius: 12px; }")
        self._column = QWidget()
        self._column.setObjectName("documentColumn")
        self._column.setStyleSheet("QWidget#documentColumn { background: #8a8f98; }")
        self._column_layout = QVBoxLayout(self._column)
        self._column_layout.setContentsMargins(20, 20, 20, 20)
        self._column_layout.setSpacing(20)
        self._column_layout.addStretch()
        self.area.setWidget(self._column)
        QScroller.grabGesture(self.area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self.area.verticalScrollBar().valueChanged.connect(self._update_indicator)
        layout.addWidget(self.area, 1)

        self.status = label(name="documentStatus")
        self.status.setProperty("live", "polite")  # the print's status, said as it changes (speech on)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.close_button = button("documentClose")
        self.close_button.setMinimumHeight(72)
        self.close_button.clicked.connect(self._close)
        buttons.addWidget(self.close_button)
        buttons.addStretch()
        self.print_button = button("documentPrint", "primary")
        self.print_button.setMinimumHeight(72)
        self.print_button.setMinimumWidth(280)
        self.print_button.clicked.connect(self.print_document)
        buttons.addWidget(self.print_button)
        layout.addLayout(buttons)
        self.retranslate()

    # -- showing ----------------------------------------------------------------------------
    @property
    def page_count(self) -> int:
        return len(self._pages)

    def page_width(self) -> int:
        available = self.area.viewport().width() - 40
        return max(300, min(MAX_PAGE_WIDTH, available))

    def show_document(self, pdf: bytes, pages: int, title: str) -> None:
        """Show the PDF (``pages`` pages); ``title`` (民事起诉状 ...) heads the preview and names the print job."""
        self._clear_pages()
        self._pdf = pdf
        self._title = title
        self._printing = False
        self.status.clear()
        self._enable_print(True)
        width = self.page_width()
        for index in range(pages):
            page = QLabel()
            page.setObjectName(f"documentPage{index + 1}")
            page.setFixedSize(width, round(width * A4_RATIO))
            page.setAlignment(Qt.AlignmentFlag.AlignCenter)
            page.setStyleSheet("background: white; color: #888; border: 1px solid #666;")
            page.setText(self.tr("Page {n}…").replace("{n}", str(index + 1)))
            self._column_layout.insertWidget(index, page, 0, Qt.AlignmentFlag.AlignHCenter)
            self._pages.append(page)
        self.area.verticalScrollBar().setValue(0)
        self._token = self._service.render_pages(pdf, pages, width)
        self.retranslate()

    def _page_rendered(self, token: int, index: int, image) -> None:
        if token != self._token or index >= len(self._pages):
            return
        page = self._pages[index]
        pixmap = QPixmap.fromImage(image)
        if pixmap.width() != page.width():
            pixmap = pixmap.scaledToWidth(page.width(), Qt.TransformationMode.SmoothTransformation)
        page.setText("")
        page.setPixmap(pixmap)

    def _page_failed(self, token: int, index: int) -> None:
        if token == self._token and index < len(self._pages):
            self._pages[index].setText(self.tr("This page cannot be shown. It will still print."))

    def current_page(self) -> int:
        """The page (from 1) nearest the middle of the view."""
        if not self._pages:
            return 0
        middle = self.area.verticalScrollBar().value() + self.area.viewport().height() / 2
        distances = [abs(p.y() + p.height() / 2 - middle) for p in self._pages]
        return distances.index(min(distances)) + 1

    def _update_indicator(self) -> None:
        if self._pages:
            self.indicator.setText(self.tr("Page {n} of {total}").replace("{n}", str(self.current_page()))
                                   .replace("{total}", str(len(self._pages))))
        else:
            self.indicator.clear()

    def show_page(self, number: int) -> None:
        """Scroll page ``number`` (from 1) into view."""
        if 1 <= number <= len(self._pages):
            self.area.verticalScrollBar().setValue(self._pages[number - 1].y() - 20)

    # -- printing ---------------------------------------------------------------------------
    def print_document(self) -> None:
        if not self._pdf or self._printing:
            return
        self._printing = True
        self._enable_print(False)
        self._say("printing")
        self._service.print_pdf(self._pdf, self._title)

    def _printed(self) -> None:
        if self._printing:
            self._printing = False
            self._enable_print(True)
            self._say("printed")

    def _print_failed(self, code: str) -> None:
        if self._printing:
            self._printing = False
            self._enable_print(code != "missing")
            self._say(code, error=True)

    def _enable_print(self, enabled: bool) -> None:
        self.print_button.setEnabled(enabled)
        set_role(self.print_button, "primary" if enabled else "")  # the primary colour would hide :disabled

    def _say(self, code: str, error: bool = False) -> None:
        self.status_code = code
        self.status.setText(print_status_text(code))
        set_role(self.status, "error" if error else ("ok" if code == "printed" else ""))

    # -- leaving ----------------------------------------------------------------------------
    def _close(self) -> None:
        self.closed.emit()

    def _clear_pages(self) -> None:
        for page in self._pages:
            self._column_layout.removeWidget(page)
            page.deleteLater()
        self._pages = []
        self._token = -1

    def clear(self) -> None:
        """Forget the document (session reset, or the litigant closed it)."""
        self._service.cancel_pages()
        self._clear_pages()
        self._pdf = b""
        self._title = ""
        self._printing = False
        self.status_code = ""
        self.status.clear()
        self.indicator.clear()
        self.heading.clear()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Print preview: {title}").replace("{title}", self._title) if self._title
                             else self.tr("Print preview"))
        self.print_button.setText(self.tr("Print"))
        self.close_button.setText(self.tr("Close"))
        self._update_indicator()
        if getattr(self, "status_code", ""):
            self.status.setText(print_status_text(self.status_code))
