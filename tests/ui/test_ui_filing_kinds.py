"""Each kind of filing through the real widgets, to the court sandbox: an appeal filed by an agent
for a company (several parties, evidence and a power of attorney scanned, signed on paper), an
enforcement application, a pre-suit mediation request; answers kept going back and forth; a
session reset in the middle of a step leaves nothing behind."""

from __future__ import annotations

import json

from tests.ui.steps import CARD, click, finish_filing, identify, screen, start_filing, type_text

USCC = "91110108551385082Q"


def to_start(qtbot, window, services):
    click(qtbot, window.attract.start)
    click(qtbot, window.menu.tiles["filing"])
    identify(qtbot, window, services)


def fill_party(qtbot, parties, name, ident="", address="", phone="", organisation=False, representative=""):
    editor = parties.editor
    click(qtbot, editor.organisation if organisation else editor.person)
    type_text(qtbot, editor.name_edit, name)
    if ident:
        type_text(qtbot, editor.ident, ident)
    if representative:
        type_text(qtbot, editor.representative, representative)
    if address:
        type_text(qtbot, editor.address, address)
    if phone:
        qtbot.keyClicks(editor.phone, phone)


def stored_filing(core, filing_id):
    import sqlite3

    db = core.sandbox.app.state.store.path
    conn = sqlite3.connect(db)
    try:
        row = conn.execute("SELECT body, receipt FROM filings WHERE filing_id = ?", (filing_id,)).fetchone()
    finally:
        conn.close()
    return (json.loads(row[0]), json.loads(row[1])) if row else (None, None)


def test_an_agent_appeals_for_a_company_against_two_parties(qtbot, app_parts):
    window, core, services = app_parts()
    to_start(qtbot, window, services)
    start_filing(qtbot, window, kind="appeal", agent=True)
    parties = window.filing.parties
    assert parties.selected == ("plaintiff", 0)  # the agent enters the party first
    assert "代理人" in parties.plaintiff_info.text()
    fill_party(qtbot, parties, "北京某某科技有限公司", USCC, "北京市海淀区中关村大街1号", organisation=True,
               representative="王五")
    click(qtbot, parties.sections["defendant"][2])  # "add a defendant" stores the company first
    click(qtbot, parties.findChild(type(parties.next), "defendant_0_edit"))
    fill_party(qtbot, parties, "李四", "11010519491231002X", "北京市朝阳区某路2号")
    click(qtbot, parties.findChild(type(parties.next), "defendant_1_edit"))
    fill_party(qtbot, parties, "赵六")
    click(qtbot, parties.sections["third_party"][2])
    fill_party(qtbot, parties, "钱七")
    click(qtbot, parties.next)
    assert screen(window) == "filing_claims"

    claims = window.filing.claims
    assert claims.reference_card.isVisible()
    type_text(qtbot, claims.reference, "(2026)京0105民初12号")
    type_text(qtbot, claims.claims, "撤销一审判决，改判被上诉人偿还货款五万元。")
    type_text(qtbot, claims.facts, "一审认定事实错误。")
    qtbot.keyClicks(claims.amount, "50000")
    assert "1,050.00" in claims.fee.text()  # appeal fee on the part appealed: 50 + 2.5% of 40,000
    click(qtbot, claims.next)
    assert screen(window) == "filing_evidence"

    evidence = window.filing.evidence
    click(qtbot, evidence.next)  # the power of attorney is missing
    assert screen(window) == "filing_evidence" and "授权委托书" in evidence.status.text()
    click(qtbot, evidence.findChild(type(evidence.next), "scan_power_of_attorney"))
    qtbot.waitUntil(lambda: bool(window.filing.draft.materials.get("power_of_attorney")), timeout=10000)
    click(qtbot, evidence.add_evidence)
    type_text(qtbot, evidence._evidence_edits[0][0], "送货单")
    type_text(qtbot, evidence._evidence_edits[0][1], "证明已交付货物")
    click(qtbot, evidence.findChild(type(evidence.next), "evidence_0_scan"))
    qtbot.waitUntil(lambda: len(window.filing.draft.evidence[0].pages) == 1, timeout=10000)

    # back and forth keeps every answer
    window.back()
    assert screen(window) == "filing_claims" and claims.reference.text() == "(2026)京0105民初12号"
    window.back()
    assert screen(window) == "filing_parties"
    assert [p.name for p in window.filing.draft.defendants] == ["李四", "赵六"]
    click(qtbot, parties.next)
    click(qtbot, claims.next)
    assert screen(window) == "filing_evidence" and evidence._evidence_edits[0][0].text() == "送货单"

    outcome = finish_filing(qtbot, window, on_paper=True)
    assert outcome.kind == "appeal"
    qtbot.waitUntil(lambda: core.outbox.get(outcome.filing_id).state == "delivered", timeout=15000)
    body, receipt = stored_filing(core, outcome.filing_id)
    assert body["filing_kind"] == "appeal" and body["reference_case_number"] == "(2026)京0105民初12号"
    assert body["filed_by"] == "agent" and body["agent"]["id_number"] == CARD.id_number
    assert body["plaintiff"]["uscc"] == USCC and body["plaintiff"]["legal_representative"] == "王五"
    assert [d["name"] for d in body["defendants"]] == ["李四", "赵六"]
    assert [t["name"] for t in body["third_parties"]] == ["钱七"]
    assert body["evidence"][0]["name"] == "送货单" and len(body["evidence"][0]["pages"]) == 1
    assert {a["purpose"] for a in body["attachments"]} == {"power_of_attorney", "evidence"}
    assert body["signature"] == "paper" and set(body["notices_acknowledged"]) == {"filing_notice", "risk_notice"}
    assert body["service_address"]["phone"] == "13800000000"
    assert receipt["fee_notice"]["amount"] == "1050.00"  # the court agrees with the kiosk


def test_an_enforcement_application_and_a_mediation_request(qtbot, app_parts):
    window, core, services = app_parts()
    filings = window.filing
    outcomes = []
    for kind in ("enforcement", "mediation"):
        to_start(qtbot, window, services)
        start_filing(qtbot, window, kind=kind)
        parties = filings.parties
        assert parties.sections["plaintiff"][1].count() == 1  # the card holder, for themself
        fill_party(qtbot, parties, "李四", address="北京市朝阳区某路2号")
        click(qtbot, parties.next)
        claims = filings.claims
        if kind == "enforcement":
            type_text(qtbot, claims.reference, "（2025）京0105民初88号")
            click(qtbot, claims.next)
            assert screen(window) == "filing_claims" and claims.document_error.isVisible()
            claims.document.setCurrentIndex(claims.document.findData("民事判决书"))
            type_text(qtbot, claims.facts, "被执行人未履行生效判决。")
        else:
            assert not claims.reference_card.isVisible()
        type_text(qtbot, claims.claims, "请求强制执行欠款二万元。" if kind == "enforcement" else "请求调解返还押金。")
        qtbot.keyClicks(claims.amount, "20000")
        assert ("执行后交纳" if kind == "enforcement" else "不收费") in claims.fee.text()
        click(qtbot, claims.next)
        outcome = finish_filing(qtbot, window)
        outcomes.append(outcome)
        payment = filings.submitted.payment
        qtbot.waitUntil(lambda: services.payment.state is not None and services.payment.state.phase == "no_fee",
                        timeout=15000)
        assert payment.isVisible()
        click(qtbot, filings.submitted.finish)
        click(qtbot, window.done.finish)
        services.demo.remove_card()
    enforcement, mediation = (stored_filing(core, o.filing_id)[0] for o in outcomes)
    assert enforcement["filing_kind"] == "enforcement" and enforcement["reference_document"] == "民事判决书"
    assert mediation["filing_kind"] == "mediation" and mediation["accepts_mediation"] is True
    assert enforcement["signature"] == "touch" and any(a["purpose"] == "signature" for a in enforcement["attachments"])


def test_a_reset_in_the_middle_of_a_step_leaves_nothing(qtbot, app_parts):
    window, core, services = app_parts()
    to_start(qtbot, window, services)
    start_filing(qtbot, window)
    parties = window.filing.parties
    fill_party(qtbot, parties, "李四", address="北京市朝阳区某路2号")
    click(qtbot, parties.next)
    type_text(qtbot, window.filing.claims.claims, "判令被告还款。")
    click(qtbot, window.home_button)  # start over, mid-step
    assert window.filing.draft is None and screen(window) == "attract"
    assert not window.filing.claims.claims.toPlainText() and not parties.name_edit.text()
    assert parties.plaintiff_info.text() == ""
    assert core.outbox.stats()["pending"] == 0  # nothing was stored
    # the next litigant starts from a blank draft
    services.demo.remove_card()
    to_start(qtbot, window, services)
    start_filing(qtbot, window)
    assert [p.name for p in window.filing.draft.defendants] == [""]
    assert not parties.name_edit.text()


def test_the_complaint_is_written_from_the_answers_and_previewed(qtbot, app_parts):
    from tests.ui.steps import file_case

    window, core, services = app_parts()
    file_case(qtbot, window, services)
    submitted = window.filing.submitted
    assert submitted.documents.isVisible()
    click(qtbot, submitted.preview_button)
    qtbot.waitUntil(lambda: submitted.preview.isVisible(), timeout=20000)
    assert not submitted.left.isVisible()
    preview = submitted.preview
    qtbot.waitUntil(lambda: "1" in preview.findChild(type(submitted.heading), "documentPageIndicator").text(),
                    timeout=20000)
    click(qtbot, preview.findChild(type(submitted.finish), "documentPrint"))
    qtbot.waitUntil(lambda: "A4" in preview.findChild(type(submitted.heading), "documentStatus").text(),
                    timeout=10000)  # the demo has no A4 printer: it says so
    click(qtbot, preview.findChild(type(submitted.finish), "documentClose"))
    assert submitted.left.isVisible() and not preview.isVisible()


def test_a_fee_relief_request_reaches_the_court_and_no_fee_is_asked_now(qtbot, app_parts):
    from tests.ui.steps import fill_to_sign

    window, core, services = app_parts()
    f = window.filing
    sign_screen = fill_to_sign(qtbot, window, services, amount="100000")
    window.back()
    window.back()
    window.back()
    window.back()
    assert screen(window) == "filing_fees"
    click(qtbot, f.fees.relief_check.box)
    click(qtbot, f.fees.relief_kinds["defer"])
    f.fees.ground.setCurrentIndex(f.fees.ground.findData("legal_aid"))
    qtbot.waitUntil(lambda: "减免前金额为 2,300.00 元" in f.fees.court.text(), timeout=10000)
    assert "准予后暂不预交" in f.fees.breakdown.text()
    click(qtbot, f.fees.next)
    click(qtbot, f.risk.next)
    click(qtbot, f.address.next)
    click(qtbot, f.review.confirm)
    assert screen(window) == "filing_sign" and sign_screen.box.pad.is_signed()  # kept while going back
    click(qtbot, sign_screen.confirm)
    qtbot.waitUntil(lambda: screen(window) == "submitted", timeout=8000)
    qtbot.waitUntil(lambda: services.payment.state is not None and services.payment.state.phase == "no_fee",
                    timeout=15000)
    assert f.submitted.relief_note.isVisible() and "司法救助" in f.submitted.relief_note.text()
    body, receipt = stored_filing(core, f.submitted._outcome.filing_id)
    assert body["fee_relief"] == {"kind": "defer", "ground": "legal_aid", "share": None}
    assert receipt["fee_notice"] is None


def test_the_mediation_tile_starts_a_mediation_request(qtbot, app_parts):
    window, core, services = app_parts()
    click(qtbot, window.attract.start)
    assert window.menu.is_available("mediation")
    click(qtbot, window.menu.tiles["mediation"])
    identify(qtbot, window, services)
    qtbot.waitUntil(lambda: screen(window) == "filing_start")
    assert window.filing.start.kind_buttons["mediation"].isChecked()
    assert window.filing.draft.kind == "mediation" and not window.filing.start.offer_card.isVisible()
