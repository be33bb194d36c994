"""Steps a litigant takes, shared by the UI tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from drivers.idcard.simulator import SAMPLE_CARDS

CARD = SAMPLE_CARDS[0]


def type_text(qtbot, widget, text):
    """Type as the on-screen keyboard does: Pinyin commits arrive as input-method events."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def screen(window):
    return window.current


def identify(qtbot, window, services):
    qtbot.waitUntil(lambda: screen(window) == "identify")
    services.demo.place_card(0)
    qtbot.waitUntil(lambda: window.identify.continue_button.isVisible(), timeout=5000)
    click(qtbot, window.identify.continue_button)


def file_case(qtbot, window, services, amount="100000"):
    click(qtbot, window.attract.start)
    assert screen(window) == "menu"
    click(qtbot, window.menu.tiles["filing"])
    qtbot.waitUntil(lambda: screen(window) == "identify")
    services.demo.place_card(0)
    qtbot.waitUntil(lambda: window.identify.continue_button.isVisible(), timeout=5000)
    # identity shown with the ID number masked
    assert window.identify.name_value.text() == CARD.name
    masked = window.identify.id_value.text()
    assert masked.startswith(CARD.id_number[:3]) and masked.endswith(CARD.id_number[-4:])
    assert CARD.id_number not in masked and "*" in masked
    click(qtbot, window.identify.continue_button)
    qtbot.waitUntil(lambda: screen(window) == "filing_parties")
    parties = window.filing.parties
    assert CARD.name in parties.plaintiff_info.text()
    type_text(qtbot, parties.name_edit, "李四")
    type_text(qtbot, parties.address, "北京市海淀区中关村大街1号")
    qtbot.keyClicks(parties.phone, "13800000000")
    click(qtbot, parties.next)
    assert screen(window) == "filing_claims"
    claims = window.filing.claims
    type_text(qtbot, claims.claims, "判令被告归还借款十万元及利息。")
    qtbot.keyClicks(claims.amount, amount)
    assert "2,300.00" in claims.fee.text()  # Decree 481: 50 + 2.5% of 90,000
    click(qtbot, claims.next)
    assert screen(window) == "filing_review"
    review = window.filing.review
    assert review.rows["fee"][1].text() == "2,300.00"
    assert review.rows["defendant"][1].text().startswith("李四")
    click(qtbot, review.confirm)
    qtbot.waitUntil(lambda: screen(window) == "submitted", timeout=5000)
    return window.filing.submitted._outcome


def open_my_cases(qtbot, window, services, rows=1):
    """A visitor at the attract screen lifts any card left on the reader, chooses my cases,
    identifies with the first sample card and waits for the list."""
    services.demo.remove_card()
    click(qtbot, window.attract.start)
    click(qtbot, window.menu.tiles["my_cases"])
    qtbot.waitUntil(lambda: screen(window) == "identify")
    qtbot.waitUntil(lambda: window.identify._problem is None)
    identify(qtbot, window, services)
    cases = window.my_cases
    qtbot.waitUntil(lambda: screen(window) == "my_cases")
    qtbot.waitUntil(lambda: not cases._loading and cases.table.rowCount() == rows, timeout=8000)
    return cases
