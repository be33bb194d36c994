"""Print preview of the complaint: the document service lays it out and renders its pages off the
GUI thread, the preview shows them, and Print sends the PDF unchanged to the A4 printer (a private
cupsd with a raw queue), or says that this kiosk has none."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer

from kiosk.documents import document_title
from kiosk.services.documents import DocumentService
from kiosk.workers import DeviceWorker
from tests.kiosk.test_kiosk_complaint_document import DAY, fold, pdf_text, sample_submission, signature_png
from tests.ui.steps import click
from ui.document_preview import DocumentPreview, print_status_text

COURT = "北京市朝阳区人民法院"


@pytest.fixture
def documents(app_parts):
    """Build the kiosk (config overrides), a DocumentService on it and a preview: (preview, service, core)."""
    made = []

    def build(**overrides):
        window, core, services = app_parts(**overrides)
        render = DeviceWorker("documents", services.dispatcher, services.generation)
        made.append(render)
        service = DocumentService(core.devices.get("a4_printer"), core.config.get("kiosk.data_dir"),
                                  services.workers["a4_printer"], render, print_timeout=30.0)
        preview = DocumentPreview(service)
        preview.resize(1200, 1000)
        preview.show()
        return preview, service, core

    yield build
    for worker in made:
        worker.shutdown(wait=True)


def prepare(qtbot, service, submission):
    with qtbot.wait_signal(service.ready, timeout=20000) as ready:
        service.prepare(submission, COURT, "民间借贷纠纷", signature_png(), today=DAY)
    return ready.args


def test_preview_shows_every_page_rendered_off_the_gui_thread(qtbot, documents):
    preview, service, core = documents()
    submission = sample_submission()
    pdf, pages = prepare(qtbot, service, submission)
    assert pages >= 2 and "借条" in fold(pdf_text(pdf)[1])

    threads = set()
    import kiosk.services.documents as module

    original = module.render_page

    def recording(*args):
        threads.add(threading.current_thread().name)
        return original(*args)

    gaps = []
    last = [time.monotonic()]

    def tick():
        now = time.monotonic()
        gaps.append(now - last[0])
        last[0] = now

    probe = QTimer()
    probe.setInterval(10)
    probe.timeout.connect(tick)
    module.render_page = recording
    try:
        probe.start()
        preview.show_document(pdf, pages, document_title(submission))
        qtbot.waitUntil(lambda: all(p.pixmap() is not None and not p.pixmap().isNull()
                                    for p in preview._pages), timeout=20000)
    finally:
        probe.stop()
        module.render_page = original
    assert preview.page_count == pages
    assert threads == {"worker-documents_0"}  # never the GUI thread
    assert max(gaps) < 0.25, max(gaps)  # the GUI kept running while the pages were rendered
    first = preview._pages[0].pixmap()
    assert first.height() > first.width()  # portrait A4
    assert preview.heading.text().endswith("民事起诉状")
    assert preview.indicator.text() == preview.tr("Page {n} of {total}").replace("{n}", "1").replace(
        "{total}", str(pages))
    preview.show_page(pages)
    qtbot.waitUntil(lambda: preview.current_page() == pages, timeout=2000)
    assert preview.indicator.text() == preview.tr("Page {n} of {total}").replace("{n}", str(pages)).replace(
        "{total}", str(pages))

    with qtbot.wait_signal(preview.closed, timeout=1000):
        click(qtbot, preview.close_button)
    preview.clear()
    assert preview.page_count == 0


def test_print_without_an_a4_printer_says_so(qtbot, documents):
    preview, service, core = documents()  # the demo configuration has no A4 printer
    assert core.devices.get("a4_printer") is None and not service.has_printer()
    submission = sample_submission("mediation")
    pdf, pages = prepare(qtbot, service, submission)
    preview.show_document(pdf, pages, document_title(submission))
    with qtbot.wait_signal(service.print_failed, timeout=5000) as failed:
        click(qtbot, preview.print_button)
    assert failed.args == ["missing"]
    assert preview.status.text() == print_status_text("missing")
    assert preview.status.property("role") == "error"
    assert not preview.print_button.isEnabled()


def test_print_sends_the_pdf_unchanged_to_the_a4_printer(qtbot, documents):
    from tests.drivers.cups_stack import CupsStack, RawListener

    cups = CupsStack().start()
    listener = RawListener()
    try:
        cups.add_raw_queue("KIOSKA4", listener.port)
        preview, service, core = documents(**{"devices.a4_printer.backend": "cups",
                                              "devices.a4_printer.queue": "KIOSKA4",
                                              "devices.a4_printer.server": cups.server})
        submission = sample_submission("appeal")
        pdf, pages = prepare(qtbot, service, submission)
        preview.show_document(pdf, pages, document_title(submission))
        with qtbot.wait_signal(service.printed, timeout=30000):
            click(qtbot, preview.print_button)
            assert preview.status.text() == print_status_text("printing")
        assert preview.status.text() == print_status_text("printed")
        assert preview.print_button.isEnabled()
        assert listener.wait_for(1)[0] == pdf  # the printer received exactly the previewed document
        data_dir = core.config.get("kiosk.data_dir")
        import os

        assert not [n for n in os.listdir(data_dir) if n.startswith(".print-")]  # no copy left behind
    finally:
        listener.close()
        cups.stop()


def test_print_to_a_stopped_cupsd_is_an_error(qtbot, documents):
    from tests.drivers.cups_stack import CupsStack

    cups = CupsStack().start()
    cups.add_raw_queue("GONE", 9)
    preview, service, core = documents(**{"devices.a4_printer.backend": "cups",
                                          "devices.a4_printer.queue": "GONE",
                                          "devices.a4_printer.server": cups.server})
    cups.stop()
    submission = sample_submission("enforcement")
    pdf, pages = prepare(qtbot, service, submission)
    preview.show_document(pdf, pages, document_title(submission))
    with qtbot.wait_signal(service.print_failed, timeout=30000) as failed:
        click(qtbot, preview.print_button)
    assert failed.args == ["error"]
    assert preview.status.text() == print_status_text("error") and preview.print_button.isEnabled()
