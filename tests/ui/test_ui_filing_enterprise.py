"""The enterprise window (企业"云评估") through the real widgets, against the embedded sandbox: a company
among the parties brings the offer on the parties step; taken, the evaluation step follows, holds
until its answers are right, keeps them going back and forth, and the filing carries them to the
court (marked 涉企) with a summary on the receipt; not taken, or skipped, the filing goes on without
it (still marked); without a company there is no offer.

The screen's own texts are compared with their translation (`tr`): they are new, and compiled into
the zh_CN catalogue at integration; paper texts are Chinese already."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from drivers.printer.simulator import receipt_text
from tests.ui.steps import click, finish_filing, read_notice, screen, sign, start_filing, type_text
from tests.ui.test_ui_filing_kinds import fill_party, stored_filing, to_start

VALID_USCC = "91110108551385082Q"


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def to_parties_with_company(qtbot, window, services):
    to_start(qtbot, window, services)
    start_filing(qtbot, window)
    parties = window.filing.parties
    assert not parties.offer.isVisible()  # no organisation yet: no offer
    fill_party(qtbot, parties, "李四", address="北京市朝阳区某路2号")
    click(qtbot, parties.sections["defendant"][2])  # add a second defendant: a company
    click(qtbot, parties.editor.organisation)
    assert parties.offer.isVisible()  # offered as soon as the party is an organisation
    fill_party(qtbot, parties, "北京某某科技有限公司", VALID_USCC, "北京市海淀区中关村大街1号", organisation=True,
               representative="王五")
    assert parties.offer.title.text() == tr("EnterpriseOffer", "Enterprise window: a company is a party")
    return parties


def claims_then_evidence(qtbot, window):
    claims = window.filing.claims
    type_text(qtbot, claims.claims, "判令被告支付货款五十万元。")
    type_text(qtbot, claims.facts, "被告收货后未付款。")
    qtbot.keyClicks(claims.amount, "500000")
    click(qtbot, claims.next)
    assert screen(window) == "filing_evidence"


def test_the_evaluation_goes_with_the_filing_and_on_the_receipt(qtbot, app_parts):
    window, core, services = app_parts()
    parties = to_parties_with_company(qtbot, window, services)
    click(qtbot, parties.offer.accept.box)
    click(qtbot, parties.next)
    assert screen(window) == "filing_enterprise"
    page = window.filing.enterprise
    assert page.subject.currentText().startswith("北京某某科技有限公司")
    assert page.skip.isVisible()

    click(qtbot, page.next)  # nothing answered: it stays, and says what is missing
    assert screen(window) == "filing_enterprise"
    for key in ("employees", "operating_status", "accounts_at_risk", "key_assets_at_risk", "freeze_impact",
                "mediation"):
        assert page.errors[key].isVisible() and page.errors[key].text() == tr("EnterpriseScreen",
                                                                              "Please answer this."), key
    type_text(qtbot, page.employees, "大约一百")
    page.status.setCurrentIndex(page.status.findData("reduced"))
    click(qtbot, page.accounts.buttons["yes"])
    click(qtbot, page.assets.buttons["no"])
    page.freeze.setCurrentIndex(page.freeze.findData("serious"))
    click(qtbot, page.mediation.buttons["willing"])
    qtbot.keyClicks(page.orders_amount, "1200000")
    click(qtbot, page.next)
    assert screen(window) == "filing_enterprise"  # a number of people is a number; an amount needs orders
    assert page.errors["employees"].text() == tr("EnterpriseScreen", "Please enter a whole number, for example 120.")
    assert page.errors["employees"].isVisible() and page.errors["orders_at_risk"].isVisible()
    assert not page.errors["mediation"].isVisible()
    page.employees.clear()
    qtbot.keyClicks(page.employees, "120")
    qtbot.keyClicks(page.orders, "3")
    click(qtbot, page.alternatives["bank_guarantee"].box)
    click(qtbot, page.alternatives["insurance"].box)
    click(qtbot, page.next)
    assert screen(window) == "filing_claims"

    window.back()  # the answers are kept
    assert screen(window) == "filing_enterprise"
    assert page.employees.text() == "120" and page.status.currentData() == "reduced"
    assert page.accounts.value() == "yes" and page.alternatives["insurance"].isChecked()
    click(qtbot, page.next)
    claims_then_evidence(qtbot, window)
    click(qtbot, window.filing.evidence.next)
    click(qtbot, window.filing.fees.next)
    read_notice(qtbot, window.filing.risk.notice)
    click(qtbot, window.filing.risk.next)
    form = window.filing.address.form
    if not form.fields["phone"].text():
        qtbot.keyClicks(form.fields["phone"], "13800000000")
    click(qtbot, form.confirmed.box)
    click(qtbot, window.filing.address.next)
    assert screen(window) == "filing_review"
    review = window.filing.review.text.toPlainText()
    assert tr("ReviewScreen", "Enterprise evaluation") in review
    assert "120" in review and tr("EnterpriseScreen", "Partly stopped") in review
    click(qtbot, window.filing.review.confirm)
    sign(qtbot, window.filing.sign.box.pad)
    click(qtbot, window.filing.sign.confirm)
    qtbot.waitUntil(lambda: screen(window) == "submitted", timeout=8000)
    outcome = window.filing.submitted._outcome

    printer = core.devices["receipt_printer"]
    qtbot.waitUntil(lambda: window.filing.submitted._receipt == "ok", timeout=5000)
    text = receipt_text(printer.jobs[-1])
    assert "案件标记：涉企" in text and "生产经营影响评估：" in text
    assert "职工人数：120人；经营状态：部分停产" in text
    assert "保全涉及：银行账户；影响严重" in text
    assert "受影响订单合同：3份，1,200,000.00元" in text and "保全替代方式：保函、保全责任保险" in text

    qtbot.waitUntil(lambda: core.outbox.get(outcome.filing_id).state == "delivered", timeout=15000)
    body, _ = stored_filing(core, outcome.filing_id)
    impact = body["enterprise_impact"]
    assert (impact["role"], impact["index"], impact["employees"]) == ("defendant", 1, 120)
    assert impact["freeze_impact"] == "serious" and impact["alternatives"] == ["bank_guarantee", "insurance"]
    assert core.client.filing_status(outcome.filing_id).enterprise_related


def test_skipping_the_evaluation_files_without_it_still_marked(qtbot, app_parts):
    window, core, services = app_parts()
    parties = to_parties_with_company(qtbot, window, services)
    click(qtbot, parties.offer.accept.box)
    click(qtbot, parties.next)
    assert screen(window) == "filing_enterprise"
    click(qtbot, window.filing.enterprise.skip)
    assert screen(window) == "filing_claims"
    window.back()  # skipped: back leads to the parties, the offer no longer ticked
    assert screen(window) == "filing_parties" and not parties.offer.accept.isChecked()
    click(qtbot, parties.next)
    assert screen(window) == "filing_claims"
    claims_then_evidence(qtbot, window)
    outcome = finish_filing(qtbot, window)
    qtbot.waitUntil(lambda: window.filing.submitted._receipt == "ok", timeout=5000)
    text = receipt_text(core.devices["receipt_printer"].jobs[-1])
    assert "案件标记：涉企" in text and "生产经营影响评估" not in text
    qtbot.waitUntil(lambda: core.outbox.get(outcome.filing_id).state == "delivered", timeout=15000)
    body, _ = stored_filing(core, outcome.filing_id)
    assert body.get("enterprise_impact") is None
    assert core.client.filing_status(outcome.filing_id).enterprise_related


def test_a_person_only_filing_has_no_offer_and_no_mark(qtbot, app_parts):
    window, core, services = app_parts()
    to_start(qtbot, window, services)
    start_filing(qtbot, window)
    parties = window.filing.parties
    fill_party(qtbot, parties, "李四", address="北京市朝阳区某路2号")
    click(qtbot, parties.editor.organisation)
    assert parties.offer.isVisible()
    click(qtbot, parties.editor.person)  # a person after all: the offer goes
    assert not parties.offer.isVisible()
    click(qtbot, parties.next)
    assert screen(window) == "filing_claims"
    claims_then_evidence(qtbot, window)
    finish_filing(qtbot, window)
    qtbot.waitUntil(lambda: window.filing.submitted._receipt == "ok", timeout=5000)
    assert "涉企" not in receipt_text(core.devices["receipt_printer"].jobs[-1])
