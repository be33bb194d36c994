"""A read-only PDF reader for the touch screen (阅卷): one page at a time, big Previous/Next buttons,
zoom in/out and fit to width, "page n of N".

Pages are rendered by QtPdf's `QPdfPageRenderer` on its own thread (multi-threaded mode): Qt's thread,
which does not hold Python's GIL while it renders (a Python worker calling QPdfDocument.render does, and
stalls the GUI thread for the whole render, measured: 30-200 ms a page). The GUI thread only loads the
document from memory (under a millisecond for 30 pages) and turns finished images into pixmaps. The page
shown and its neighbours are asked for together, so a flip to the next page usually finds it ready.

Nothing can be copied out: the pages are pictures (no text to select), there is no context menu, no save,
print or clipboard, and the PDF's bytes are held in memory only (a QBuffer; never written to disk) and
dropped on `unload`.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QSize, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtPdf import QPdfDocument, QPdfPageRenderer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QScroller, QVBoxLayout, QWidget

from ui.widgets import button, label

ZOOMS = (1.0, 1.5, 2.0, 3.0)  # times the width that fits the view
MAX_WIDTH = 2400  # pixels: wider pages only cost rendering time and memory
PREFETCH = 1  # pages on either side rendered ahead


class PdfReader(QWidget):
    """Shows a PDF given as bytes; `closed` when the reader touches Close, `page_shown(index)` each
    time a page appears."""

    closed = Signal()
    page_shown = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfReader")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self._pdf: bytes | None = None
        self._parts: tuple | None = None  # (QByteArray, QBuffer, QPdfDocument, QPdfPageRenderer) while loaded
        self._pages = 0
        self.current = 0
        self.zoom_index = 0
        self._width = 0
        self._asked: dict[int, tuple[int, int]] = {}  # request id -> (page, width)
        self._images: dict[int, object] = {}  # index -> QImage at the current width
        self._failed: set[int] = set()
        self.shown: int | None = None  # the page whose picture is on screen

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        top = QHBoxLayout()
        self.heading = label("title", name="readerTitle")
        top.addWidget(self.heading, 1)
        self.indicator = label("big", wrap=False, name="readerPageIndicator")
        self.indicator.setProperty("live", "polite")  # "page n of N", said as it changes (speech on)
        top.addWidget(self.indicator)
        layout.addLayout(top)

        self.area = QScrollArea()
        self.area.setObjectName("readerPages")
        self.area.setWidgetResizable(False)  # the page keeps its size; the area scrolls over it
        self.area.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.area.setStyleSheet("QScrollArea#readerPages { background: #8a8f98; border-radius: 12px; }"
                                "QLabel#readerPage { background: white; }")  # white behind the page
        self.page = QLabel()
        self.page.setObjectName("readerPage")
        self.page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.area.setWidget(self.page)
        QScroller.grabGesture(self.area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        for widget in (self.area, self.area.viewport(), self.page):
            widget.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        layout.addWidget(self.area, 1)

        controls = QHBoxLayout()
        controls.setSpacing(16)
        self.previous = button("readerPrevious")
        self.previous.clicked.connect(lambda: self.go(self.current - 1))
        self.next = button("readerNext")
        self.next.clicked.connect(lambda: self.go(self.current + 1))
        self.zoom_out = button("readerZoomOut")
        self.zoom_out.clicked.connect(lambda: self.set_zoom(self.zoom_index - 1))
        self.fit = button("readerFit")
        self.fit.clicked.connect(lambda: self.set_zoom(0))
        self.zoom_in = button("readerZoomIn")
        self.zoom_in.clicked.connect(lambda: self.set_zoom(self.zoom_index + 1))
        self.close_button = button("readerClose", "primary")
        self.close_button.clicked.connect(self.closed)
        for b in (self.previous, self.next):
            b.setMinimumSize(220, 88)
        for b in (self.zoom_out, self.fit, self.zoom_in, self.close_button):
            b.setMinimumHeight(88)
        controls.addWidget(self.previous)
        controls.addWidget(self.next)
        controls.addStretch()
        controls.addWidget(self.zoom_out)
        controls.addWidget(self.fit)
        controls.addWidget(self.zoom_in)
        controls.addStretch()
        controls.addWidget(self.close_button)
        layout.addLayout(controls)
        self.retranslate()

    # -- the document -----------------------------------------------------------------------
    @property
    def pages(self) -> int:
        return self._pages

    def load(self, pdf: bytes, pages: int, title: str) -> None:
        """Show page 1 of this PDF, fitted to the width."""
        self.unload()
        data = QByteArray(pdf)
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document = QPdfDocument()
        document.load(buffer)  # from memory: under a millisecond (pages are parsed when rendered)
        renderer = QPdfPageRenderer()
        renderer.setRenderMode(QPdfPageRenderer.RenderMode.MultiThreaded)
        renderer.setDocument(document)
        renderer.pageRendered.connect(self._rendered)
        self._parts = (data, buffer, document, renderer)
        self._pdf, self._pages, self.current, self.zoom_index = pdf, min(pages, document.pageCount()), 0, 0
        self.heading.setText(title)
        self._width = self._target_width()
        self._show_or_ask()

    def unload(self) -> None:
        """Forget the document (its bytes and every picture of it)."""
        if self._parts is not None:
            _data, buffer, document, renderer = self._parts
            renderer.pageRendered.disconnect(self._rendered)
            renderer.setDocument(None)
            document.close()
            buffer.close()
            self._parts = None
        self._pdf, self._pages, self.current, self.shown = None, 0, 0, None
        self._asked.clear()
        self._images.clear()
        self._failed.clear()
        self._say("")
        self.heading.clear()
        self.retranslate()

    # -- moving -----------------------------------------------------------------------------
    def go(self, index: int) -> None:
        if self._pdf is None or not 0 <= index < self._pages or index == self.current:
            return
        self.current = index
        self.area.verticalScrollBar().setValue(0)
        self._show_or_ask()

    def set_zoom(self, index: int) -> None:
        index = max(0, min(len(ZOOMS) - 1, index))
        if self._pdf is None or index == self.zoom_index:
            return
        self.zoom_index = index
        self._refit()

    def _target_width(self) -> int:
        # the area less a scroll bar, shown or not: a scroll bar coming and going does not change the fit
        view = self.area.width() - 2 * self.area.frameWidth() - self.area.verticalScrollBar().sizeHint().width() - 8
        if view < 200:  # not laid out yet: the kiosk's page width
            view = 1000
        return min(MAX_WIDTH, int(view * ZOOMS[self.zoom_index]))

    def _refit(self) -> None:
        width = self._target_width()
        if width != self._width:
            self._width = width
            self._images.clear()
            self._failed.clear()
        self._show_or_ask()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._pdf is not None and abs(self._target_width() - self._width) > 40:
            self._refit()

    def _wanted(self) -> list[int]:
        around = [self.current]
        for step in range(1, PREFETCH + 1):
            around += [self.current + step, self.current - step]
        return [i for i in around if 0 <= i < self._pages]

    def _show_or_ask(self) -> None:
        self._controls()
        image = self._images.get(self.current)
        if image is not None:
            self._put(image)
        elif self.current in self._failed:
            self._say(QCoreApplication.translate("PdfReader", "This page cannot be shown."))
        else:
            self._say(QCoreApplication.translate("PdfReader", "Preparing the page…"))
        if self._parts is None:
            return
        document, renderer = self._parts[2], self._parts[3]
        pending = {page for page, width in self._asked.values() if width == self._width}
        for index in self._wanted():
            if index in self._images or index in self._failed or index in pending:
                continue
            size = document.pagePointSize(index)
            if size.width() <= 0 or size.height() <= 0:
                self._render_failed(index)
                continue
            height = max(1, round(self._width * size.height() / size.width()))
            self._asked[renderer.requestPage(index, QSize(self._width, height))] = (index, self._width)

    def _rendered(self, page: int, size, image, options, request_id: int) -> None:
        asked = self._asked.pop(request_id, None)
        if asked is None or self._pdf is None or asked[1] != self._width:
            return  # for another document or another zoom
        index = page
        if image.isNull():
            self._render_failed(index)
            return
        self._images[index] = image
        keep = set(self._wanted())
        for old in [i for i in self._images if i not in keep]:
            del self._images[old]  # only the page and its neighbours are held
        if index == self.current:
            self._put(image)

    def _render_failed(self, index: int) -> None:
        self._failed.add(index)
        if index == self.current:
            self._say(QCoreApplication.translate("PdfReader", "This page cannot be shown."))

    def _put(self, image) -> None:
        pixmap = QPixmap.fromImage(image)
        self.page.setPixmap(pixmap)
        self.page.setFixedSize(pixmap.size())
        self.shown = self.current
        self.page_shown.emit(self.current)

    def _say(self, text: str) -> None:
        self.page.clear()
        self.page.setText(text)
        self.page.setFixedSize(QSize(max(200, self._width or 600), 240))
        self.shown = None

    # -- texts ------------------------------------------------------------------------------
    def _controls(self) -> None:
        loaded = self._pdf is not None
        self.previous.setEnabled(loaded and self.current > 0)
        self.next.setEnabled(loaded and self.current < self._pages - 1)
        self.zoom_out.setEnabled(loaded and self.zoom_index > 0)
        self.fit.setEnabled(loaded and self.zoom_index > 0)
        self.zoom_in.setEnabled(loaded and self.zoom_index < len(ZOOMS) - 1)
        self.indicator.setText(
            QCoreApplication.translate("PdfReader", "Page {n} of {total}").replace("{n}", str(self.current + 1))
            .replace("{total}", str(self._pages)) if loaded else "")

    def retranslate(self) -> None:
        self.previous.setText(QCoreApplication.translate("PdfReader", "◀ Previous page"))
        self.next.setText(QCoreApplication.translate("PdfReader", "Next page ▶"))
        self.zoom_out.setText(QCoreApplication.translate("PdfReader", "Smaller"))
        self.fit.setText(QCoreApplication.translate("PdfReader", "Fit to width"))
        self.zoom_in.setText(QCoreApplication.translate("PdfReader", "Larger"))
        self.close_button.setText(QCoreApplication.translate("PdfReader", "Close the document"))
        self._controls()
