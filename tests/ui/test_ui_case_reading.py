"""阅卷 in the real window against the embedded sandbox: a party with a granted reading window pages
through a 30-page document and zooms, nothing of it can be copied out, and the reading goes to the court
through the outbox; a party without a grant applies, the court grants, the file opens; a download broken
off half way, a damaged PDF and one over the page cap each say so and show nothing of it; reading ends
with the session."""

from __future__ import annotations

from PySide6.QtCore import Qt

from offline_queue.contract import FaultSpec, ReadingDecision
from tests.ui.steps import click, screen
from tests.ui.test_ui_case_detail import (
    HEARING_CASE,
    JUDGMENT_CASE,
    identify_demo,
    in_english,
    sandbox_records,
)

BUNDLE = "demo-bundle-30p"


def open_reading(qtbot, window, services, core, case_ref):
    records = sandbox_records(core)
    number = records.case_codes(case_ref).case_number
    click(qtbot, window.attract.start)
    in_english(qtbot, window)
    click(qtbot, window.menu.tiles["case_reading"])
    identify_demo(qtbot, window, services)
    assert screen(window) == "case_reading"
    reading = window.case_records.reading
    qtbot.waitUntil(lambda: reading.mode == "choose" and not reading._loading_cases, timeout=8000)
    choice = next(b for b in reading.choose.findChildren(type(reading.retry)) if b.text().startswith(number))
    click(qtbot, choice)
    qtbot.waitUntil(lambda: reading.index is not None, timeout=8000)
    assert reading.heading.text() == number
    return reading, records


def document_row(reading, document_id):
    n = next(i for i, d in enumerate(reading.index.documents) if d.document_id == document_id)
    return reading.open_buttons[n]


def test_a_granted_party_pages_through_a_30_page_document_and_the_reading_is_recorded(qtbot, app_parts):
    window, core, services = app_parts()
    reading, records = open_reading(qtbot, window, services, core, JUDGMENT_CASE)
    assert reading.grant.text().startswith("You may read the case file until")
    assert not reading.apply_button.isVisible()
    open_button = document_row(reading, BUNDLE)
    assert open_button.isEnabled() and open_button.text() == "Read"
    click(qtbot, open_button)
    reader = reading.reader
    qtbot.waitUntil(lambda: reading.mode == "reader" and reader.shown == 0, timeout=8000)
    assert reader.indicator.text() == "Page 1 of 30" and not reader.page.pixmap().isNull()
    assert not reader.previous.isEnabled() and reader.next.isEnabled()
    width = reader.page.pixmap().width()
    click(qtbot, reader.next)
    qtbot.waitUntil(lambda: reader.shown == 1, timeout=5000)
    assert reader.indicator.text() == "Page 2 of 30"
    click(qtbot, reader.next)
    qtbot.waitUntil(lambda: reader.shown == 2, timeout=5000)
    click(qtbot, reader.zoom_in)
    qtbot.waitUntil(lambda: reader.shown == 2 and reader.page.pixmap().width() > width * 1.4, timeout=5000)
    assert reader.indicator.text() == "Page 3 of 30" and reader.fit.isEnabled()
    click(qtbot, reader.fit)
    qtbot.waitUntil(lambda: reader.shown == 2 and reader.page.pixmap().width() == reader._width, timeout=5000)
    assert abs(reader._width - width) <= 40 and reader.zoom_index == 0  # back to the width that fits
    assert width <= reader.area.viewport().width()  # fits the width: no sideways scrolling
    # nothing to copy: pictures only, no context menu, no selection
    for widget in (reader, reader.area.viewport(), reader.page):
        assert widget.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    assert reader.page.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction
    click(qtbot, reader.close_button)
    assert reading.mode == "index" and reader.shown is None and reader._pdf is None
    qtbot.waitUntil(lambda: any(i.kind == "reading_record" and i.state == "delivered" for i in core.outbox.items()),
                    timeout=20000)
    record = next(i for i in core.outbox.items() if i.kind == "reading_record")
    assert record.payload["document_id"] == BUNDLE and record.payload["pages_viewed"] == 3
    with records.store._connect() as conn:
        stored = conn.execute("SELECT document_id FROM reading_records").fetchall()
    assert stored == [(BUNDLE,)]
    click(qtbot, window.home_button)
    qtbot.waitUntil(lambda: screen(window) == "attract")
    assert reading.index is None and reading.mode == "idle"


def test_a_party_applies_the_court_grants_and_the_file_opens(qtbot, app_parts):
    window, core, services = app_parts()
    reading, records = open_reading(qtbot, window, services, core, HEARING_CASE)
    assert reading.grant.text() == "You have not applied to read this case file yet."
    assert all(not document_row(reading, d.document_id).isEnabled() for d in reading.index.documents)
    click(qtbot, reading.apply_button)
    qtbot.waitUntil(lambda: any(i.kind == "reading_application" and i.state == "delivered"
                                for i in core.outbox.items()), timeout=20000)
    application = next(i for i in core.outbox.items() if i.kind == "reading_application")
    services.case_reading.poll()  # (the screen asks every few seconds by itself)
    qtbot.waitUntil(lambda: services.case_reading.state.status == "pending", timeout=8000)
    assert "deciding" in reading.grant.text() and not reading.apply_button.isVisible()
    records.decide_reading(application.id, ReadingDecision(decision="grant", hours=72))
    services.case_reading.poll()
    qtbot.waitUntil(lambda: reading.grant.text().startswith("You may read"), timeout=8000)
    first = reading.index.documents[0]
    button = document_row(reading, first.document_id)
    assert button.isEnabled()
    click(qtbot, button)
    qtbot.waitUntil(lambda: reading.reader.shown == 0, timeout=8000)
    assert reading.reader.indicator.text() == f"Page 1 of {reading.reader.pages}"
    click(qtbot, window.home_button)  # the session ends while reading: the reading is recorded
    qtbot.waitUntil(lambda: screen(window) == "attract")
    qtbot.waitUntil(lambda: any(i.kind == "reading_record" for i in core.outbox.items()), timeout=8000)
    assert reading.reader._pdf is None


def test_bad_documents_say_what_is_wrong_and_show_nothing_of_them(qtbot, app_parts):
    window, core, services = app_parts()
    reading, records = open_reading(qtbot, window, services, core, JUDGMENT_CASE)
    faults = core.sandbox.app.state.faults
    open_button = document_row(reading, BUNDLE)
    for fault, words in (("truncate", "did not arrive completely"), ("corrupt", "damaged"),
                         ("oversized", "too many pages")):
        faults.set(FaultSpec(document_fault=fault, oversized_pages=400))
        click(qtbot, open_button)
        qtbot.waitUntil(lambda: reading.problem.isVisible(), timeout=15000)
        assert words in reading.problem.text(), reading.problem.text()
        assert reading.mode == "index" and reading.reader.shown is None and reading.reader._pdf is None
        assert reading.retry.isVisible() == (fault == "truncate")
        open_button = document_row(reading, BUNDLE)
    faults.set(FaultSpec())
    click(qtbot, reading.retry)  # the download broken off earlier: try again
    qtbot.waitUntil(lambda: reading.reader.shown == 0, timeout=8000)
    assert not reading.problem.isVisible()
    click(qtbot, window.back_button)  # Back closes the document first
    assert reading.mode == "index" and screen(window) == "case_reading"
    click(qtbot, window.home_button)
    qtbot.waitUntil(lambda: screen(window) == "attract")
