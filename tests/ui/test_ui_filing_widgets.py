"""The filing wizard's widgets: the signature pad (finger and mouse), the address-for-service
form and the notices that must be read to the end."""

from __future__ import annotations

import math
import re

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QScrollArea, QScroller

from kiosk.domain.filing import FilingDraft, ServiceAddressDraft, problems
from ui.notice_view import KINDS, NoticeView, notice_text
from ui.service_address_form import FOCUS_ORDER, ServiceAddressForm
from ui.signature_pad import PNG_MAX_WIDTH, SignatureBox, SignaturePad


def _draft() -> FilingDraft:
    return FilingDraft(court_code="110101", case_type="civil")


def _shown(qtbot, widget, w=1500, h=600):
    qtbot.addWidget(widget)
    widget.resize(w, h)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _mouse_stroke(pad, points) -> None:
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=points[0])
    for p in points[1:]:
        QTest.mouseMove(pad, p)
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=points[-1])


def _touch_stroke(pad, device, points, touch_id=0) -> None:
    QTest.touchEvent(pad, device).press(touch_id, points[0], pad).commit()
    for p in points[1:]:
        QTest.touchEvent(pad, device).move(touch_id, p, pad).commit()
    QTest.touchEvent(pad, device).release(touch_id, points[-1], pad).commit()


def _wave(x0, y0, n=50, dx=8, amp=50):
    return [QPoint(x0 + i * dx, y0 - int(amp * math.sin(i / 5))) for i in range(n)]


def _dark_pixels(data: bytes) -> tuple[int, QImage]:
    image = QImage.fromData(data)
    assert not image.isNull()
    dark = sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
               if image.pixelColor(x, y).lightness() < 80)
    return dark, image


# ------------------------------------------------------------------ signature pad
def test_mouse_signature_gives_a_small_cropped_png_with_ink(qtbot):
    pad = _shown(qtbot, SignaturePad(), 1400, 500)
    assert pad.objectName() == "signaturePad"
    assert not pad.is_signed() and pad.png() is None
    with qtbot.waitSignal(pad.strokes_changed):
        _mouse_stroke(pad, _wave(200, 250))
    _mouse_stroke(pad, [QPoint(300 + i * 3, 150 + i * 4) for i in range(30)])
    assert pad.stroke_count() == 2 and pad.is_signed()
    data = pad.png()
    assert data.startswith(b"\x89PNG")
    dark, image = _dark_pixels(data)
    assert dark > 50
    assert image.width() <= PNG_MAX_WIDTH and image.width() < pad.width()  # cropped to the ink
    corner = image.pixelColor(1, 1)
    assert corner.lightness() == 255  # white margin around the ink


def test_touch_signature_with_a_finger(qtbot):
    pad = _shown(qtbot, SignaturePad(), 1400, 500)
    device = QTest.createTouchDevice()
    _touch_stroke(pad, device, _wave(150, 260, n=60))
    assert pad.stroke_count() == 1 and pad.is_signed()
    dark, _image = _dark_pixels(pad.png())
    assert dark > 50


def test_signing_inside_a_touch_scrolled_page_draws_and_does_not_scroll(qtbot):
    """Screens sit in scroll areas with a touch scroller: the finger must sign, not scroll."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    page = QWidget()
    layout = QVBoxLayout(page)
    pad = SignaturePad()
    pad.setMinimumHeight(600)
    layout.addWidget(pad)
    layout.addSpacing(900)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(page)
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    _shown(qtbot, area, 1400, 800)
    device = QTest.createTouchDevice()
    points = [QPoint(200 + i * 10, 300 - i * 4) for i in range(50)]  # a long upward drag
    _touch_stroke(pad, device, points)
    assert pad.is_signed()
    assert area.verticalScrollBar().value() == 0


def test_a_tap_or_a_dot_is_not_a_signature(qtbot):
    pad = _shown(qtbot, SignaturePad(), 1400, 500)
    QTest.mouseClick(pad, Qt.MouseButton.LeftButton, pos=QPoint(300, 200))
    device = QTest.createTouchDevice()
    _touch_stroke(pad, device, [QPoint(500, 200), QPoint(503, 201)])
    _mouse_stroke(pad, [QPoint(700 + i, 200) for i in range(0, 40, 2)])  # a short dash
    assert pad.stroke_count() == 3
    assert not pad.is_signed() and pad.png() is None


def test_clear_empties_the_pad(qtbot):
    box = _shown(qtbot, SignatureBox())
    assert not box.clear_button.isEnabled()
    _mouse_stroke(box.pad, _wave(200, 250))
    assert box.pad.is_signed() and box.clear_button.isEnabled()
    with qtbot.waitSignal(box.pad.strokes_changed):
        qtbot.mouseClick(box.clear_button, Qt.MouseButton.LeftButton)
    assert box.pad.is_empty() and not box.pad.is_signed() and box.pad.png() is None
    assert not box.clear_button.isEnabled()


def test_sign_on_paper_disables_the_pad_and_is_stored(qtbot):
    box = _shown(qtbot, SignatureBox())
    assert box.findChild(QCheckBox, "signOnPaper") is box.paper.box
    _mouse_stroke(box.pad, _wave(200, 250))
    qtbot.mouseClick(box.paper.box, Qt.MouseButton.LeftButton)
    assert not box.pad.isEnabled()
    strokes = box.pad.stroke_count()
    _mouse_stroke(box.pad, _wave(200, 350))  # ignored while signing on paper
    assert box.pad.stroke_count() == strokes
    draft = _draft()
    box.store(draft)
    assert draft.sign_on_paper and draft.signature_png is None
    assert problems(draft, "sign") == {}
    qtbot.mouseClick(box.paper.text_label, Qt.MouseButton.LeftButton)  # its text toggles it too
    assert box.pad.isEnabled()
    box.store(draft)
    assert not draft.sign_on_paper and draft.signature_png is not None


def test_a_stored_signature_comes_back_and_stays_until_cleared(qtbot):
    box = _shown(qtbot, SignatureBox())
    draft = _draft()
    box.store(draft)
    assert problems(draft, "sign") == {"signature": "signature_missing"}
    _mouse_stroke(box.pad, _wave(200, 250))
    box.store(draft)
    saved = draft.signature_png
    again = _shown(qtbot, SignatureBox())
    again.load(draft)
    assert again.pad.is_signed() and again.pad.png() == saved and not again.sign_on_paper()
    _mouse_stroke(again.pad, _wave(200, 350))  # a finger on a stored signature changes nothing
    assert again.pad.png() == saved
    qtbot.mouseClick(again.clear_button, Qt.MouseButton.LeftButton)
    again.store(draft)
    assert draft.signature_png is None


# ------------------------------------------------------------ address for service
def _form(qtbot) -> ServiceAddressForm:
    form = _shown(qtbot, ServiceAddressForm(), 1500, 1000)
    for name in FOCUS_ORDER:
        widget = form.findChild(QLineEdit, name) or form.findChild(QCheckBox, name)
        assert widget is not None, name
        assert widget.height() >= 56 or widget.minimumHeight() >= 56, name
    return form


def test_address_form_round_trips_the_draft(qtbot):
    form = _form(qtbot)
    draft = ServiceAddressDraft(address="北京市东城区正义路1号", postcode="100006", phone="13800138000",
                                recipient="张三", electronic=True, channels={"sms", "email"},
                                email="zhang@example.com", confirmed=True)
    form.load(draft)
    assert form.findChild(QLineEdit, "serviceAddress").text() == "北京市东城区正义路1号"
    assert form.findChild(QCheckBox, "serviceSms").isChecked()
    assert not form.findChild(QCheckBox, "serviceWechat").isChecked()
    out = ServiceAddressDraft()
    form.store(out)
    assert out == draft
    outer = FilingDraft(court_code="1", case_type="c", address=out)
    assert problems(outer, "address") == {}


def test_address_form_prefills_only_empty_fields(qtbot):
    form = _form(qtbot)
    form.fields["phone"].setText("13900000000")
    form.prefill("上海市黄浦区1号", "13800138000", "李四")
    out = ServiceAddressDraft()
    form.store(out)
    assert (out.address, out.phone, out.recipient) == ("上海市黄浦区1号", "13900000000", "李四")


def test_channels_only_with_consent_to_electronic_service(qtbot):
    form = _form(qtbot)
    sms, email, wechat = (form.findChild(QCheckBox, n) for n in ("serviceSms", "serviceEmail", "serviceWechat"))
    address = form.findChild(QLineEdit, "serviceEmailAddress")
    assert not any(c.isEnabled() for c in (sms, email, wechat)) and not address.isEnabled()
    consent = form.findChild(QCheckBox, "serviceElectronic")
    qtbot.mouseClick(consent, Qt.MouseButton.LeftButton)
    assert all(c.isEnabled() for c in (sms, email, wechat)) and not address.isEnabled()
    qtbot.mouseClick(email, Qt.MouseButton.LeftButton)
    assert address.isEnabled()
    address.setText("li@example.com")
    qtbot.mouseClick(wechat, Qt.MouseButton.LeftButton)
    out = ServiceAddressDraft()
    form.store(out)
    assert out.electronic and out.channels == {"email", "wechat"} and out.email == "li@example.com"
    qtbot.mouseClick(consent, Qt.MouseButton.LeftButton)  # consent withdrawn: no channel counts
    assert not any(c.isEnabled() for c in (sms, email, wechat)) and not address.isEnabled()
    form.store(out)
    assert not out.electronic and out.channels == set() and out.email == ""


def test_address_form_shows_problems_under_the_fields(qtbot):
    form = _form(qtbot)
    form.prefill("", "12ab", "")
    form.fields["postcode"].setText("1000")
    qtbot.mouseClick(form.electronic.box, Qt.MouseButton.LeftButton)
    out = ServiceAddressDraft()
    form.store(out)
    codes = problems(FilingDraft(court_code="1", case_type="c", address=out), "address")
    assert codes == {"address": "required", "postcode": "postcode_invalid", "phone": "phone_invalid",
                     "recipient": "required", "channels": "required", "confirmed": "notice_unread"}
    form.show_problems(codes)
    shown = {name: form.findChild(QLabel, f"{name}Problem") for name in
             ("serviceAddress", "servicePostcode", "servicePhone", "serviceRecipient", "serviceChannels",
              "serviceConfirmed")}
    assert all(lab.isVisible() and lab.text() for lab in shown.values())
    assert "6" in shown["servicePostcode"].text()
    assert not form.findChild(QLabel, "serviceEmailAddressProblem").isVisible()
    assert form.fields["postcode"].property("invalid") == "true"
    qtbot.keyClicks(form.fields["postcode"], "06")  # typing fixes it: its message goes at once
    assert not shown["servicePostcode"].isVisible()
    assert form.fields["postcode"].property("invalid") == "false"
    qtbot.mouseClick(form.confirmed.box, Qt.MouseButton.LeftButton)
    assert not shown["serviceConfirmed"].isVisible()
    assert shown["serviceAddress"].isVisible()
    qtbot.mouseClick(form.channels["email"].box, Qt.MouseButton.LeftButton)
    form.store(out)
    codes = problems(FilingDraft(court_code="1", case_type="c", address=out), "address")
    assert codes["email"] == "email_invalid"
    form.show_problems(codes)
    assert "@" in form.findChild(QLabel, "serviceEmailAddressProblem").text()
    form.show_problems({})
    assert not any(lab.isVisible() for lab in shown.values())


# ------------------------------------------------------------------------- notices
@pytest.mark.parametrize("kind", KINDS)
def test_notice_must_be_scrolled_to_the_end_before_it_can_be_ticked(qtbot, kind):
    view = _shown(qtbot, NoticeView("filingNoticeRead"), 1400, 600)
    view.set_notice(kind, "zh_CN")
    box = view.findChild(QCheckBox, "filingNoticeRead")
    bar = view.text.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    assert not box.isEnabled() and view.hint.isVisible()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert not view.acknowledged()
    bar.setValue(bar.maximum() // 2)
    assert not box.isEnabled()
    bar.setValue(bar.maximum())
    assert box.isEnabled() and not view.hint.isVisible()
    with qtbot.waitSignal(view.acknowledged_changed):
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert view.acknowledged()
    bar.setValue(0)  # scrolling back up keeps it read
    assert box.isEnabled() and view.acknowledged()
    view.set_notice(kind, "en")  # the same notice in another language keeps the answer
    assert view.acknowledged()
    draft = _draft()
    draft.filing_notice_read = view.acknowledged()
    assert "filing_notice" not in problems(draft, "start")


def test_a_notice_that_fits_can_be_ticked_at_once(qtbot):
    view = _shown(qtbot, NoticeView("riskNoticeRead"), 1500, 3000)
    view.set_notice("risk_notice", "zh_CN")
    qtbot.waitUntil(lambda: view.check.box.isEnabled())
    assert view.text.verticalScrollBar().maximum() == 0


def test_set_acknowledged_restores_the_answer_and_clear_forgets_it(qtbot):
    view = _shown(qtbot, NoticeView("riskNoticeRead"), 1400, 600)
    view.set_notice("risk_notice", "en")
    view.set_acknowledged(True)
    assert view.acknowledged() and view.check.box.isEnabled()
    view.set_notice("filing_notice", "en")  # another notice must be read again
    assert not view.acknowledged() and not view.check.box.isEnabled()
    view.set_acknowledged(True)
    view.clear()
    assert not view.acknowledged() and not view.check.box.isEnabled()


def test_notice_texts_exist_in_both_languages():
    for kind in KINDS:
        zh, en = notice_text(kind, "zh_CN"), notice_text(kind, "en")
        assert zh != en and "<h2" in zh and "<h2" in en
        assert re.search(r"[\u4e00-\u9fff]", zh) and not re.search(r"[\u4e00-\u9fff]", en)
        assert notice_text(kind, "ko") == en  # no translation: English
    risk_zh, risk_en = notice_text("risk_notice", "zh_CN"), notice_text("risk_notice", "en")
    assert "三年" in risk_zh and "第一百八十八条" in risk_zh
    assert "three years" in risk_en and "Art. 188" in risk_en
    for text in (notice_text("filing_notice", "zh_CN"), notice_text("filing_notice", "en")):
        assert "7" in text or "七日" in text
    with pytest.raises(ValueError):
        notice_text("nothing", "en")
