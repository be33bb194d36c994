"""HTML to an A4 PDF with QTextDocument and QPdfWriter, in memory (no file holds the text).

`render_pdf` may run on a worker thread: QTextDocument, QPdfWriter and QPainter on it are
reentrant, and QTextDocument loads images (the signature, a ``data:`` URL) as QImage off the
GUI thread. A QGuiApplication must exist in the process (for the fonts).

The pages are laid out and painted here rather than by ``QTextDocument.print_``, so the
margins are the court's usual ones and every page carries 第 N 页 共 M 页 in its foot.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QBuffer, QByteArray, QEventLoop, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from kiosk.documents.complaint import BODY_PT, FONT_FAMILIES

log = logging.getLogger("kiosk.documents")

PDF_DPI = 300
#: top, right, bottom, left in millimetres (about 25 mm; the binding side a little wider)
MARGINS_MM = (25.0, 24.0, 25.0, 28.0)
FOOTER_PT = 10.5  # 五号
_MM_PER_INCH = 25.4


class RenderError(RuntimeError):
    """The document could not be laid out or written (no personal data in the message)."""


def document_font(point_size: float = BODY_PT) -> QFont:
    font = QFont()
    font.setFamilies(list(FONT_FAMILIES))
    font.setPointSizeF(point_size)
    return font


def _mm(value: float) -> float:
    return value / _MM_PER_INCH * PDF_DPI


def render_pdf(html: str, *, title: str) -> tuple[bytes, int]:
    """Lay out ``html`` on A4 pages; the PDF's bytes and its page count.

    ``title`` goes into the PDF's metadata (a document name such as 民事起诉状, not a person's)."""
    if QGuiApplication.instance() is None:
        raise RenderError("rendering a PDF needs a QGuiApplication in this process")
    # QTextDocument starts a layout timer for text that flows onto a second page; a worker thread
    # has no event dispatcher until something makes one (Qt warns otherwise). A local event loop
    # gives this thread one; nothing runs in it.
    loop = QEventLoop()  # noqa: F841
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_DPI)
    writer.setTitle(title)
    writer.setCreator("court kiosk")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter))
    top, right, bottom, left = (_mm(m) for m in MARGINS_MM)
    page_width = _mm(210.0)
    page_height = _mm(297.0)
    body = QSizeF(page_width - left - right, page_height - top - bottom)

    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    document.setDefaultFont(document_font())
    document.setHtml(html)
    frame = document.rootFrame().frameFormat()
    frame.setMargin(0)
    document.rootFrame().setFrameFormat(frame)
    document.setPageSize(body)
    pages = document.pageCount()

    painter = QPainter()
    if not painter.begin(writer):
        raise RenderError("the PDF writer could not be opened")
    try:
        footer_font = document_font(FOOTER_PT)
        for page in range(pages):
            if page:
                writer.newPage()
            painter.save()
            painter.translate(left, top - page * body.height())
            document.drawContents(painter, QRectF(QPointF(0, page * body.height()), body))
            painter.restore()
            painter.setFont(footer_font)
            painter.drawText(QRectF(left, page_height - bottom + _mm(6), body.width(), _mm(8)),
                             int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                             f"第 {page + 1} 页  共 {pages} 页")
    finally:
        painter.end()
    del writer  # flushes the last page
    buffer.close()
    pdf = bytes(data.data())
    if not pdf.startswith(b"%PDF-"):
        raise RenderError("Qt wrote no PDF")
    log.info("rendered a PDF document (%d pages, %d bytes)", pages, len(pdf))
    return pdf, pages
