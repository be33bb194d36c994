"""跨域立案 through the real widgets, against the embedded sandbox: on the first step the litigant may
file with another court, chosen from the courts the backend lists for cross-regional filing (for a
suit or an enforcement application, not an appeal); the fee step says the receiving court confirms
the fee; the filing names the receiving court with this kiosk's court as the assisting court; the
receipt says where it goes; the sandbox stores both and dockets it under the receiving court.

The screens' own texts are compared with their translation (`tr`): they are new, and compiled into
the zh_CN catalogue at integration; paper texts are Chinese already."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from drivers.printer.simulator import receipt_text
from offline_queue.admin_client import admin_client
from offline_queue.contract import ReviewDecision
from tests.ui.steps import click, finish_filing, read_notice, screen, type_text
from tests.ui.test_ui_filing_kinds import fill_party, stored_filing, to_start

HOME, HOME_NAME = "京0105", "北京市朝阳区人民法院"
OTHER, OTHER_NAME = "粤0304", "深圳市福田区人民法院"


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def test_filing_with_another_court_through_this_one(qtbot, app_parts):
    window, core, services = app_parts()
    qtbot.waitUntil(lambda: bool(services.filing.receiving_courts()), timeout=10000)  # the policy is known
    to_start(qtbot, window, services)
    qtbot.waitUntil(lambda: screen(window) == "filing_start")
    start = window.filing.start
    assert start.cross.isVisible() and not start.receiving.isVisible()
    names = [start.receiving.itemText(n) for n in range(start.receiving.count())]
    assert OTHER_NAME in names and "北京市海淀区人民法院" in names
    assert HOME_NAME not in names and "北京市第一中级人民法院" not in names  # not for 跨域立案
    click(qtbot, start.kind_buttons["appeal"])  # an appeal goes through the first-instance court
    assert not start.cross.isVisible()
    click(qtbot, start.kind_buttons["first_instance"])
    click(qtbot, start.cross.box)
    assert start.receiving.isVisible() and start.cross_hint.isVisible()
    start.receiving.setCurrentIndex(start.receiving.findData(OTHER))
    assert OTHER_NAME in start.cross_hint.text() and HOME_NAME in start.cross_hint.text()
    read_notice(qtbot, start.notice)
    click(qtbot, start.next)
    assert screen(window) == "filing_parties"
    assert window.filing.draft.court_code == OTHER and window.filing.draft.cross_regional

    parties = window.filing.parties
    fill_party(qtbot, parties, "李四", address="广东省深圳市福田区某路8号")
    click(qtbot, parties.next)
    claims = window.filing.claims
    type_text(qtbot, claims.claims, "判令被告归还借款十万元。")
    type_text(qtbot, claims.facts, "被告借款到期未还。")
    qtbot.keyClicks(claims.amount, "100000")
    click(qtbot, claims.next)
    assert screen(window) == "filing_evidence"
    click(qtbot, window.filing.evidence.next)
    fees = window.filing.fees
    assert fees.cross_note.isVisible() and OTHER_NAME in fees.cross_note.text()
    window.back()  # (finish_filing starts from the evidence step)
    outcome = finish_filing(qtbot, window)
    review = window.filing.review.text.toPlainText()  # (what the litigant read before signing)
    assert tr("ReviewScreen", "Cross-regional filing") in review and OTHER_NAME in review

    submitted = window.filing.submitted
    assert OTHER_NAME in submitted.status.text() and HOME_NAME in submitted.status.text()
    qtbot.waitUntil(lambda: submitted._receipt == "ok", timeout=5000)
    text = receipt_text(core.devices["receipt_printer"].jobs[-1])
    assert text.splitlines()[0].strip() == HOME_NAME  # this court's hall prints it
    assert "申请事项：起诉（跨域立案）" in text
    assert f"受理法院：{OTHER_NAME}" in text and f"协助法院：{HOME_NAME}（本院）" in text

    qtbot.waitUntil(lambda: core.outbox.get(outcome.filing_id).state == "delivered", timeout=15000)
    body, _ = stored_filing(core, outcome.filing_id)
    assert (body["court_code"], body["assisting_court_code"]) == (OTHER, HOME)
    status = core.client.filing_status(outcome.filing_id)
    assert status.assisting_court_code == HOME and not status.enterprise_related
    with admin_client(core.sandbox) as admin:  # the court, on the embedded sandbox's admin API
        docketed = admin.review(outcome.filing_id, ReviewDecision(decision="docket", reasons=[]))
    assert re.fullmatch(rf"（\d{{4}}）{OTHER}民初\d+号", docketed.case_number)


def test_the_kiosks_own_court_stays_the_default(qtbot, app_parts):
    window, core, services = app_parts()
    qtbot.waitUntil(lambda: bool(services.filing.receiving_courts()), timeout=10000)
    to_start(qtbot, window, services)
    qtbot.waitUntil(lambda: screen(window) == "filing_start")
    start = window.filing.start
    click(qtbot, start.cross.box)
    start.receiving.setCurrentIndex(start.receiving.findData(OTHER))
    click(qtbot, start.cross.box)  # changed their mind: this court after all
    read_notice(qtbot, start.notice)
    click(qtbot, start.next)
    assert window.filing.draft.court_code == HOME and not window.filing.draft.cross_regional
    review_rows = tr("ReviewScreen", "Cross-regional filing")
    window.back()
    assert screen(window) == "filing_start" and not start.cross.isChecked()
    click(qtbot, start.next)
    parties = window.filing.parties
    fill_party(qtbot, parties, "李四")
    click(qtbot, parties.next)
    claims = window.filing.claims
    type_text(qtbot, claims.claims, "判令被告还款。")
    type_text(qtbot, claims.facts, "被告借款未还。")
    qtbot.keyClicks(claims.amount, "1000")
    click(qtbot, claims.next)
    outcome = finish_filing(qtbot, window)
    assert review_rows not in window.filing.review.text.toPlainText()
    qtbot.waitUntil(lambda: window.filing.submitted._receipt == "ok", timeout=5000)
    text = receipt_text(core.devices["receipt_printer"].jobs[-1])
    assert "跨域立案" not in text and "受理法院" not in text and "协助法院" not in text
    item = core.outbox.get(outcome.filing_id)
    assert item.payload["court_code"] == HOME and item.payload.get("assisting_court_code") is None
