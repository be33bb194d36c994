"""The CUPS A4 printer against a private cupsd: a raw queue to a TCP listener,
a cups-pdf queue whose PDFs are rendered back with QtPdf, and failing queues."""

from __future__ import annotations

import struct
import time

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter
from PySide6.QtPdf import QPdfDocument

from drivers.a4printer import A4Printer, A4PrinterError, A4PrinterUnavailable, JobFailed, PrintJob, ipp
from drivers.a4printer.cups_backend import CJK_FONT, CupsA4Printer
from tests.drivers.cups_stack import CupsStack, RawListener, free_port

TEXT = "北京市朝阳区人民法院 受理通知书\nFiling F-2026-000123\n合计：¥50.00"
HTML = ('<p style="font-size:40pt">法院立案</p>'
        '<p style="font-size:20pt">Filing F-2026-000123</p>')


@pytest.fixture(scope="module")
def stack():
    cups = CupsStack().start()
    yield cups
    cups.stop()


@pytest.fixture(scope="module")
def listener():
    raw = RawListener()
    yield raw
    raw.close()


@pytest.fixture(scope="module")
def raw_queue(stack, listener):
    stack.add_raw_queue("RAW", listener.port)
    return "RAW"


@pytest.fixture(scope="module")
def pdf_out(stack):
    return stack.add_pdf_queue("PDF")


def dark_mask(image: QImage) -> list[list[bool]]:
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return [[QColor(image.pixel(x, y)).red() < 128 for x in range(image.width())] for y in range(image.height())]


def near_share(mask: list[list[bool]], other: list[list[bool]]) -> float:
    """The share of mask's dark pixels with a dark pixel of ``other`` at most one pixel away."""
    dark = {(y, x) for y, row in enumerate(other) for x, v in enumerate(row) if v}
    points = [(y, x) for y, row in enumerate(mask) for x, v in enumerate(row) if v]
    near = sum(any((y + dy, x + dx) in dark for dy in (-1, 0, 1) for dx in (-1, 0, 1)) for y, x in points)
    return near / max(1, len(points))


def render_page(path, width: int = 300) -> tuple[QImage, tuple[float, float]]:
    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_
    assert document.pageCount() == 1
    size = document.pagePointSize(0)
    image = document.render(0, QSize(width, round(width * size.height() / size.width())))
    document.close()
    assert not image.isNull()
    white = QImage(image.size(), QImage.Format.Format_RGB32)
    white.fill(QColor("white"))
    painter = QPainter(white)
    painter.drawImage(0, 0, image)  # the page may come transparent: flatten onto paper
    painter.end()
    return white, (size.width(), size.height())


def test_backend_follows_the_protocol():
    assert isinstance(CupsA4Printer("RAW"), A4Printer)
    with pytest.raises(ValueError):
        CupsA4Printer("a/b")


def test_pdf_to_raw_queue_arrives_byte_identical_and_completes(qapp, tmp_path, stack, listener, raw_queue):
    printer = CupsA4Printer(raw_queue, server=stack.server)
    assert printer.is_usable().ok, printer.is_usable().reason
    pdf = printer.render_pdf(TEXT, tmp_path / "notice.pdf")
    sent = pdf.read_bytes()
    before = len(listener.received)
    job = printer.print_pdf(pdf, "notice")
    assert job.queue == raw_queue and job.job_id > 0
    assert listener.wait_for(before + 1)[before] == sent
    assert printer.wait(job, 10).state == "completed"
    printer.close()
    printer.close()


def test_document_through_qprinter_becomes_the_cups_job_it_reports(qapp, stack, listener, raw_queue):
    printer = CupsA4Printer(raw_queue, server=stack.tcp_server)
    before = len(listener.received)
    first = printer.print_document(printer.make_document(TEXT), "doc one")
    second = printer.print_document(printer.make_document(HTML), "doc two")
    assert second.job_id > first.job_id
    received = listener.wait_for(before + 2)
    assert all(data.startswith(b"%PDF-") for data in received[before:])
    assert printer.wait(first, 10).state == "completed"
    assert printer.wait(second, 10).state == "completed"
    # the reported job is the document that was just printed, not another one
    assert printer._job_ids()[second.job_id] == "doc two"


def test_document_to_cups_pdf_queue_prints_visible_chinese_text(qapp, tmp_path, stack, pdf_out):
    font = QFont(CJK_FONT)
    assert QFontMetrics(font).inFontUcs4(ord("法")), "fonts-noto-cjk is missing"
    printer = CupsA4Printer("PDF", server=stack.server)
    job = printer.print_document(printer.make_document(HTML), "pdfjob")
    state = printer.wait(job, 30)
    assert state.state == "completed", (state, stack.log_tail())
    outputs = list(pdf_out.glob("*.pdf"))
    assert len(outputs) == 1
    printed, points = render_page(outputs[0])
    assert points == pytest.approx((595, 842), abs=2)  # A4

    reference_pdf = printer.render_pdf(HTML, tmp_path / "reference.pdf")
    reference, _ = render_page(reference_pdf)
    got, want = dark_mask(printed), dark_mask(reference)
    height = len(want)
    ink_top = sum(map(sum, got[: height // 4]))
    ink_middle = sum(map(sum, got[height // 4: height * 4 // 5]))  # (Qt numbers pages at the foot)
    assert ink_top > 200 and ink_middle == 0, (ink_top, ink_middle)  # text where it was drawn, blank paper below
    # the same glyphs in the same places as Qt drew them (within a pixel: anti-aliasing differs)
    assert near_share(got, want) > 0.95 and near_share(want, got) > 0.95, (near_share(got, want), near_share(want, got))


def test_rejecting_queue_is_not_usable_and_refuses_jobs(qapp, tmp_path, stack, listener):
    stack.add_raw_queue("REJECTING", listener.port)
    stack.run("cupsreject", "-r", "maintenance", "REJECTING")
    printer = CupsA4Printer("REJECTING", server=stack.server)
    usable = printer.is_usable()
    assert not usable.ok and "not accepting" in usable.reason and "maintenance" in usable.reason
    pdf = printer.render_pdf("x", tmp_path / "x.pdf")
    with pytest.raises(A4PrinterUnavailable, match="not accepting"):
        printer.print_pdf(pdf, "x")
    with pytest.raises(A4PrinterUnavailable, match="not accepting"):
        printer.print_document(printer.make_document("x"), "x")


def test_disabled_queue_holds_the_job_with_its_reason_until_canceled(qapp, tmp_path, stack, listener):
    stack.add_raw_queue("STOPPED", listener.port)
    stack.run("cupsdisable", "-r", "paper jam", "STOPPED")
    printer = CupsA4Printer("STOPPED", server=stack.server)
    usable = printer.is_usable()
    assert not usable.ok and "stopped" in usable.reason and "paper jam" in usable.reason
    status = printer.status()
    assert status.accepting and not status.enabled and not status.ready
    before = len(listener.received)
    job = printer.print_pdf(printer.render_pdf("x", tmp_path / "x.pdf"), "x")
    state = printer.wait(job, 0.3)
    assert state.state == "pending" and "printer-stopped" in state.reason
    printer.cancel(job)
    assert printer.job_state(job).state == "canceled"
    assert len(listener.received) == before


def test_device_refusing_the_connection_fails_the_job(qapp, tmp_path, stack):
    closed_port = free_port()
    stack.add_raw_queue("DEAD", closed_port, "printer-error-policy=abort-job", contimeout=1)
    printer = CupsA4Printer("DEAD", server=stack.server)
    job = printer.print_pdf(printer.render_pdf("x", tmp_path / "x.pdf"), "x")
    state = printer.wait(job, 20)
    assert state.state == "failed", state
    assert "not responding" in state.reason, state


def test_missing_queue_is_not_usable(qapp, tmp_path, stack):
    printer = CupsA4Printer("NO-SUCH-QUEUE", server=stack.server)
    usable = printer.is_usable()
    assert not usable.ok and "does not exist" in usable.reason
    with pytest.raises(A4PrinterUnavailable, match="does not exist"):
        printer.status()
    with pytest.raises(A4PrinterUnavailable, match="does not exist"):
        printer.print_pdf(printer.render_pdf("x", tmp_path / "x.pdf"), "x")
    with pytest.raises(A4PrinterUnavailable, match="does not exist"):
        printer.print_document(printer.make_document("x"), "x")


def test_cupsd_not_running_is_unavailable(qapp, tmp_path):
    gone = CupsStack().start()
    gone.add_raw_queue("RAW", free_port())
    servers = [gone.server, gone.tcp_server]
    gone.stop()
    pdf = CupsA4Printer("RAW").render_pdf("x", tmp_path / "x.pdf")
    for server in servers:
        printer = CupsA4Printer("RAW", server=server, timeout=2)
        usable = printer.is_usable()
        assert not usable.ok and "not reachable" in usable.reason
        with pytest.raises(A4PrinterUnavailable, match="not reachable"):
            printer.status()
        with pytest.raises(A4PrinterUnavailable):
            printer.print_pdf(pdf, "x")
        with pytest.raises(A4PrinterUnavailable):
            printer.print_document(printer.make_document("x"), "x")
        with pytest.raises(A4PrinterUnavailable):
            printer.job_state(PrintJob(1, "RAW", "x"))


def test_server_from_cups_server_environment(monkeypatch, stack, raw_queue):
    monkeypatch.setenv("CUPS_SERVER", stack.tcp_server)
    assert CupsA4Printer(raw_queue).is_usable().ok


def test_not_a_pdf_is_refused(tmp_path, stack, raw_queue):
    text = tmp_path / "a.txt"
    text.write_text("hello")
    with pytest.raises(JobFailed):
        CupsA4Printer(raw_queue, server=stack.server).print_pdf(text, "x")


def test_unknown_job_is_an_error(stack, raw_queue):
    with pytest.raises(A4PrinterError, match="not known"):
        CupsA4Printer(raw_queue, server=stack.server).job_state(PrintJob(999999, raw_queue, "x"))


def test_render_needs_no_cups_and_writes_an_a4_pdf(qapp, tmp_path):
    pdf = CupsA4Printer("ANY", server="/nonexistent").render_pdf(TEXT * 80, tmp_path / "long.pdf")
    document = QPdfDocument()
    assert document.load(str(pdf)) == QPdfDocument.Error.None_
    assert document.pageCount() > 1
    size = document.pagePointSize(0)
    assert (size.width(), size.height()) == pytest.approx((595, 842), abs=2)
    document.close()


# -- the IPP codec on bytes --

def test_ipp_request_encoding():
    data = ipp.encode_request(ipp.GET_JOBS, 7, [(ipp.OPERATION_GROUP, [
        (ipp.CHARSET, "attributes-charset", "utf-8"),
        (ipp.KEYWORD, "requested-attributes", ["job-id", "job-name"]),
        (ipp.BOOLEAN, "my-jobs", True),
        (ipp.INTEGER, "limit", 5)])], b"DATA")
    assert data == (
        b"\x01\x01\x00\x0a\x00\x00\x00\x07\x01"
        b"\x47\x00\x12attributes-charset\x00\x05utf-8"
        b"\x44\x00\x14requested-attributes\x00\x06job-id"
        b"\x44\x00\x00\x00\x08job-name"
        b"\x22\x00\x07my-jobs\x00\x01\x01"
        b"\x21\x00\x05limit\x00\x04\x00\x00\x00\x05"
        b"\x03DATA"
    )


def test_ipp_response_decoding():
    def attr(tag, name, value):
        return struct.pack(">BH", tag, len(name)) + name + struct.pack(">H", len(value)) + value

    payload = (
        b"\x01\x01\x04\x06\x00\x00\x00\x02"
        + b"\x01" + attr(0x41, b"status-message", b"The printer or class does not exist.")
        + b"\x02" + attr(0x21, b"job-id", struct.pack(">i", 12))
        + attr(0x44, b"job-state-reasons", b"job-printing") + attr(0x44, b"", b"printer-stopped")
        + b"\x03"
    )
    response = ipp.decode_response(payload)
    assert not response.ok and response.status == ipp.STATUS_NOT_FOUND
    assert response.status_name == "client-error-not-found"
    assert response.message == "The printer or class does not exist."
    assert response.group(ipp.JOB_GROUP) == {"job-id": [12], "job-state-reasons": ["job-printing", "printer-stopped"]}
    with pytest.raises(ipp.IppDecodeError):
        ipp.decode_response(payload[:-1])


@pytest.mark.parametrize(("server", "expected"), [
    ("/run/cups/cups.sock", ("/run/cups/cups.sock", None)),
    ("printhost", ("printhost", 631)),
    ("printhost:8631", ("printhost", 8631)),
    ("printhost/version=1.1", ("printhost", 631)),
    ("[::1]:8631", ("::1", 8631)),
])
def test_server_names(server, expected):
    assert ipp.split_server(server) == expected


def test_wait_returns_promptly_for_a_final_job(stack, raw_queue, listener, tmp_path, qapp):
    printer = CupsA4Printer(raw_queue, server=stack.server)
    job = printer.print_pdf(printer.render_pdf("x", tmp_path / "x.pdf"), "x")
    assert printer.wait(job, 10).state == "completed"
    start = time.monotonic()
    assert printer.wait(job, 10).final
    assert time.monotonic() - start < 1
