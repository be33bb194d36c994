"""The print footer (kiosk.documents.print_stamp): a PDF is checked (readable, within the page
limit) before printing; every stamped page keeps its size, its whole body (shrunk a little, above
the footer band, never covered), and carries 自助打印, the time, the verification code and a QR of
the court's verify URL that a camera can read back from the rendered page."""

from __future__ import annotations

import io
from datetime import datetime

import cv2
import numpy as np
import pytest
from pypdf import PdfReader, PdfWriter
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument

from kiosk.documents.print_stamp import BAND_MM, MM, DocumentProblem, Footer, band_scale, check_pdf, stamp
from tests.services.print_fakes import sample_pdf

FOOTER = Footer("ABCDEFGHJKMN", "https://court.example/api/v1/verify/ABCDEFGHJKMN", datetime(2026, 3, 10, 14, 30))


def red_pages(pages: int = 1, size=(595.28, 841.89)) -> bytes:
    """Pages entirely covered by a red body: whatever the footer covered would be missing from it."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=size)
    pdf.set_auto_page_break(False)
    for _ in range(pages):
        pdf.add_page()
        pdf.set_fill_color(255, 0, 0)
        pdf.rect(0, 0, size[0], size[1], style="F")
    return bytes(pdf.output())


def render(pdf: bytes, index: int = 0, width: int = 2480) -> np.ndarray:
    """Page ``index`` rendered on white paper, as a BGR array (what cv2 reads)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    assert document.status() == QPdfDocument.Status.Ready
    size = document.pagePointSize(index)
    image = document.render(index, QSize(width, round(width * size.height() / size.width())))
    document.close()
    paper = QImage(image.size(), QImage.Format.Format_RGB888)
    paper.fill(QColor("white"))
    painter = QPainter(paper)
    painter.drawImage(0, 0, image)
    painter.end()
    ptr = paper.constBits()
    array = np.frombuffer(ptr, np.uint8, paper.sizeInBytes()).reshape(paper.height(), paper.bytesPerLine())
    rgb = array[:, : paper.width() * 3].reshape(paper.height(), paper.width(), 3)
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)


def test_a_readable_pdf_within_the_limit_has_its_page_count():
    assert check_pdf(sample_pdf(3), 3) == 3


@pytest.mark.parametrize(("data", "code"), [
    (b"not a pdf at all", "corrupt"),
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", "corrupt"),
    (sample_pdf(2)[:700], "corrupt"),
])
def test_a_broken_pdf_is_refused(data, code):
    with pytest.raises(DocumentProblem) as problem:
        check_pdf(data, 50)
    assert problem.value.code == code


def test_an_encrypted_pdf_is_refused():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(sample_pdf(1))))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(DocumentProblem) as problem:
        check_pdf(out.getvalue(), 50)
    assert problem.value.code == "encrypted"


def test_too_many_pages_says_how_many():
    with pytest.raises(DocumentProblem) as problem:
        check_pdf(sample_pdf(4), 3)
    assert (problem.value.code, problem.value.pages) == ("too_many_pages", 4)


def test_every_page_keeps_its_size_and_gets_the_footer():
    stamped = stamp(sample_pdf(3), FOOTER)
    reader = PdfReader(io.BytesIO(stamped))
    assert len(reader.pages) == 3
    for number, page in enumerate(reader.pages, start=1):
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
        text = page.extract_text().replace("\x00", "")
        assert f"自助打印  2026-03-10 14:30  验证码 ABCDEFGHJKMN  第 {number}/3 页" in text
        assert f"民事判决书 第{number}页" in text and "本页最底部的正文" in text


def test_the_footer_covers_nothing_of_the_body(qapp):
    image = render(stamp(red_pages(), FOOTER), width=1240)
    height, width = image.shape[:2]
    red = (image[:, :, 2] > 200) & (image[:, :, 1] < 80) & (image[:, :, 0] < 80)
    band_top = round(height * (1 - BAND_MM * MM / 841.89))
    rows = np.nonzero(red.any(axis=1))[0]
    columns = np.nonzero(red.any(axis=0))[0]
    scale = band_scale(841.89)
    assert rows[0] <= 1 and abs(rows[-1] - band_top) <= 2  # the whole body, down to the band
    assert abs((columns[-1] - columns[0] + 1) - width * scale) <= 3  # shrunk, not cut
    assert abs(columns[0] - (width - columns[-1] - 1)) <= 2  # centred
    assert red[:band_top - 2, columns[0] + 2:columns[-1] - 2].all()  # nothing drawn over the body
    dark = image[band_top + 2:].max(axis=2) < 100
    assert dark.sum() > 500  # the footer's text and QR are in the band


def test_the_qr_in_the_corner_reads_back_as_the_verify_url(qapp):
    image = render(stamp(sample_pdf(2), FOOTER), index=1)
    height, width = image.shape[:2]
    corner = image[height * 9 // 10:, width * 3 // 4:]
    text, points, _ = cv2.QRCodeDetector().detectAndDecode(corner)
    assert text == FOOTER.verify_url


def test_a_rotated_landscape_page_gets_the_footer_at_its_foot():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(sample_pdf(1))))
    writer.pages[0].rotate(90)
    out = io.BytesIO()
    writer.write(out)
    page = PdfReader(io.BytesIO(stamp(out.getvalue(), FOOTER))).pages[0]
    assert page.rotation == 0
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape, as it was shown
    assert "验证码 ABCDEFGHJKMN" in page.extract_text().replace("\x00", "")
