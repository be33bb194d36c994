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


def read_notice(qtbot, view):
    """Scroll a notice to its end, then tick that it was read."""
    bar = view.text.verticalScrollBar()
    qtbot.waitUntil(lambda: view.text.isVisible())
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: view.check.isEnabled())
    click(qtbot, view.check.box)
    assert view.acknowledged()


def start_filing(qtbot, window, kind="first_instance", agent=False, mediation=False):
    """On the first filing screen: choose what and for whom, read the filing notice, go on."""
    qtbot.waitUntil(lambda: screen(window) == "filing_start")
    start = window.filing.start
    click(qtbot, start.kind_buttons[kind])
    click(qtbot, start.for_other if agent else start.for_self)
    if mediation:
        click(qtbot, start.mediation.box)
    read_notice(qtbot, start.notice)
    click(qtbot, start.next)
    qtbot.waitUntil(lambda: screen(window) == "filing_parties")


def sign(qtbot, pad):
    """Draw a signature with the mouse: two strokes across the pad."""
    from PySide6.QtCore import QPoint

    w, h = pad.width(), pad.height()
    for y in (0.45, 0.6):
        qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(int(w * 0.2), int(h * y)))
        for step in range(1, 11):
            qtbot.mouseMove(pad, QPoint(int(w * (0.2 + 0.06 * step)), int(h * (y + 0.05 * (step % 2)))))
        qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(int(w * 0.8), int(h * y)))
    assert pad.is_signed()


def finish_filing(qtbot, window, phone="13800000000", on_paper=False):
    """From the evidence screen to submitted: fees, risk notice, address, review, signature."""
    sign_screen = to_sign(qtbot, window, phone, on_paper)
    click(qtbot, sign_screen.confirm)
    qtbot.waitUntil(lambda: screen(window) == "submitted", timeout=8000)
    return window.filing.submitted._outcome


def to_sign(qtbot, window, phone="13800000000", on_paper=False):
    """From the evidence screen to the signed (not yet confirmed) last screen."""
    filing = window.filing
    assert screen(window) == "filing_evidence"
    click(qtbot, filing.evidence.next)
    assert screen(window) == "filing_fees"
    click(qtbot, filing.fees.next)
    assert screen(window) == "filing_risk"
    read_notice(qtbot, filing.risk.notice)
    click(qtbot, filing.risk.next)
    assert screen(window) == "filing_address"
    form = filing.address.form
    if not form.fields["phone"].text():
        qtbot.keyClicks(form.fields["phone"], phone)
    if not form.confirmed.isChecked():
        click(qtbot, form.confirmed.box)
    click(qtbot, filing.address.next)
    assert screen(window) == "filing_review", filing.address.form._codes
    click(qtbot, filing.review.confirm)
    assert screen(window) == "filing_sign"
    box = filing.sign.box
    if on_paper:
        click(qtbot, box.paper.box)
    else:
        sign(qtbot, box.pad)
    return filing.sign


def fill_to_sign(qtbot, window, services, amount="1000"):
    """A litigant with the first sample card files a simple case up to the last screen (signed)."""
    click(qtbot, window.attract.start)
    click(qtbot, window.menu.tiles["filing"])
    identify(qtbot, window, services)
    start_filing(qtbot, window)
    parties = window.filing.parties
    type_text(qtbot, parties.name_edit, "李四")
    click(qtbot, parties.next)
    claims = window.filing.claims
    type_text(qtbot, claims.claims, "判令被告还款。")
    type_text(qtbot, claims.facts, "被告借款未还。")
    qtbot.keyClicks(claims.amount, amount)
    click(qtbot, claims.next)
    return to_sign(qtbot, window)


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
    start_filing(qtbot, window)
    parties = window.filing.parties
    assert parties.sections["plaintiff"][1].count() == 1  # the card holder
    editor = parties.editor
    type_text(qtbot, editor.name_edit, "李四")
    type_text(qtbot, editor.address, "北京市海淀区中关村大街1号")
    qtbot.keyClicks(editor.phone, "13800000000")
    click(qtbot, parties.next)
    assert screen(window) == "filing_claims"
    claims = window.filing.claims
    type_text(qtbot, claims.claims, "判令被告归还借款十万元及利息。")
    type_text(qtbot, claims.facts, "被告于2024年3月1日向原告借款十万元，到期未还。")
    qtbot.keyClicks(claims.amount, amount)
    assert "2,300.00" in claims.fee.text()  # Decree 481: 50 + 2.5% of 90,000
    click(qtbot, claims.next)
    assert screen(window) == "filing_evidence"
    outcome = finish_filing(qtbot, window)
    return outcome


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
