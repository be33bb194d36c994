"""材料收转 in the real window against the embedded sandbox: a litigant chooses a docketed case,
scans pages with the simulated document camera (found, flattened, straightened), deletes and retakes
one, names the material and hands it in. The court receives exactly one material whose attachment is
the kiosk's PDF (same SHA-256, the scanned page count), also when the first confirm hit a full disk
and when every answer of the court was lost and the kiosk restarted; the receipt and the done screen
give the name, pages and digest; nothing of it stays for the next person."""

from __future__ import annotations

import hashlib
import io
import uuid
from datetime import UTC, datetime
from decimal import Decimal

from pypdf import PdfReader

from drivers.printer.simulator import receipt_text
from offline_queue import contract as c
from offline_queue.admin_client import admin_client
from offline_queue.client import CourtClient
from offline_queue.outbox import DELIVERED
from tests.ui.steps import CARD, click, identify, screen, type_text


def seed_case(qtbot, core, docket: bool = True) -> tuple[str, str | None]:
    """A filing of the first sample card's holder, delivered to the court (and docketed)."""
    filing = c.FilingSubmission(
        filing_id=str(uuid.uuid4()), court_code=core.config.get("court.court_code"), case_type="民初",
        plaintiff=c.Party(kind="person", name=CARD.name, id_number=CARD.id_number),
        defendants=[c.Party(kind="person", name="李四")], claims="判令被告归还借款。", amount=Decimal("1000"),
        fee_estimate=Decimal("50"), fee_schedule_version="2007-481", confirmed_at=datetime.now(UTC))
    core.outbox.enqueue("filing", filing.model_dump(mode="json"), f"key-{filing.filing_id}",
                        item_id=filing.filing_id)
    core.sync.wake()
    qtbot.waitUntil(lambda: core.outbox.get(filing.filing_id).state == DELIVERED, timeout=15000)
    if not docket:
        return filing.filing_id, None
    status = core.sandbox.app.state.store.review(filing.filing_id, c.ReviewDecision(decision="docket"))
    return filing.filing_id, status.case_number


def open_materials(qtbot, window, services, rows=1):
    services.demo.remove_card()
    click(qtbot, window.attract.start)
    assert window.menu.is_available("materials")
    click(qtbot, window.menu.tiles["materials"])
    qtbot.waitUntil(lambda: screen(window) == "identify")
    qtbot.waitUntil(lambda: window.identify._problem is None)
    identify(qtbot, window, services)
    qtbot.waitUntil(lambda: screen(window) == "materials_case")
    flow = window.materials
    qtbot.waitUntil(lambda: not flow.loading and flow.case.table.rowCount() == rows, timeout=8000)
    return flow


def scan_pages(qtbot, flow, n: int) -> None:
    step = flow.scan
    for _ in range(n):
        before = len(flow.draft.pages)
        click(qtbot, step.scan_button)
        qtbot.waitUntil(lambda b=before: len(flow.draft.pages) == b + 1 and not step.scanning, timeout=10000)


def admin(core) -> CourtClient:
    """The court's side: the embedded sandbox's admin API (its own port, the admin token)."""
    return admin_client(core.sandbox)


def to_describe(qtbot, window, flow, pages: int = 3):
    click(qtbot, flow.case.next)
    assert screen(window) == "materials_scan"
    scan_pages(qtbot, flow, pages)
    click(qtbot, flow.scan.next)
    assert screen(window) == "materials_describe"
    return flow.describe


def test_materials_reach_the_court_once_as_one_pdf_of_the_scanned_pages(qtbot, app_parts):
    window, core, services = app_parts()
    _, case_number = seed_case(qtbot, core)
    flow = open_materials(qtbot, window, services)
    assert flow.case.table.item(0, 0).text() == case_number
    assert flow.case.next.isEnabled()  # the one case is chosen already
    click(qtbot, flow.case.next)
    step = flow.scan
    assert screen(window) == "materials_scan" and not step.next.isEnabled()  # no page yet
    assert case_number in step.case_line.text()

    scan_pages(qtbot, flow, 3)
    assert step.list.count() == 3 and step.next.isEnabled()
    assert all(p.found for p in flow.draft.pages)  # each page found on the desk and flattened
    assert not step.preview.pixmap().isNull() and "3" in step.count.text()
    step.list.setCurrentRow(1)
    click(qtbot, step.delete)  # the second page is deleted
    assert step.list.count() == 2 and "2" in step.count.text()
    first = flow.draft.pages[0].jpeg
    step.list.setCurrentRow(0)
    click(qtbot, step.retake)  # the first page is taken again (the camera shows its next page)
    qtbot.waitUntil(lambda: flow.draft.pages[0].jpeg != first and not step.scanning, timeout=10000)
    assert step.list.count() == 2
    pages = [p.jpeg for p in flow.draft.pages]

    click(qtbot, step.next)
    describe = flow.describe
    assert screen(window) == "materials_describe"
    assert describe.name_edit.text() == "证据"  # the kind's name by default
    click(qtbot, describe.kind_buttons["defence"])
    assert describe.name_edit.text() == "答辩状"  # follows the kind until one's own name is written
    describe.name_edit.clear()
    type_text(qtbot, describe.name_edit, "答辩状及证据目录")
    click(qtbot, describe.kind_buttons["evidence"])
    assert describe.name_edit.text() == "答辩状及证据目录"  # one's own name stays
    click(qtbot, describe.kind_buttons["defence"])
    printer = core.devices["receipt_printer"]
    jobs = len(printer.jobs)

    click(qtbot, describe.confirm)
    qtbot.waitUntil(lambda: screen(window) == "materials_done", timeout=10000)
    outcome = flow.draft.outcome
    done = flow.done
    assert done.values["pages"].text() == "2" and done.values["name"].text() == "答辩状及证据目录"
    assert done.values["case"].text() == case_number
    assert done.values["digest"].text().replace(" ", "").replace("\n", "") == outcome.sha256
    qtbot.waitUntil(lambda: len(printer.jobs) == jobs + 1, timeout=5000)
    text = receipt_text(printer.jobs[-1])
    for part in ("材料收转回执", f"案号：{case_number}", "材料类型：答辩状", "材料名称：答辩状及证据目录", "页数：2 页",
                 "当前状态：已保存，正在发送至法院"):
        assert part in text, part
    assert outcome.sha256[:4] + " " + outcome.sha256[4:8] in text  # the digest, grouped

    # the sync worker delivers the PDF, then the material; the court has one, with the kiosk's PDF
    qtbot.waitUntil(lambda: core.outbox.get(outcome.material_id).state == DELIVERED, timeout=20000)
    (received,) = admin(core).list_materials().items
    assert (received.material_id, received.kind, received.pages, received.case_ref) == (
        outcome.material_id, "defence", 2, case_number)
    assert received.attachments == [outcome.sha256]
    (pdf_item,) = [i for i in core.outbox.items() if i.kind == "attachment"
                   and i.payload["sha256"] == outcome.sha256]
    uploaded = core.sandbox.app.state.store.upload_path(pdf_item.id).read_bytes()
    assert hashlib.sha256(uploaded).hexdigest() == outcome.sha256
    assert len(PdfReader(io.BytesIO(uploaded)).pages) == 2
    from drivers.camera.pages import encoded_pages_to_pdf

    assert encoded_pages_to_pdf(pages)[0] == uploaded  # the kiosk's pages, as one PDF, byte for byte

    # confirming the same material again (a retry) sends nothing new
    window.materials.service.submit(flow.identity, flow.draft)
    qtbot.waitUntil(lambda: len(printer.jobs) == jobs + 2, timeout=5000)
    core.sync.wake()
    qtbot.wait(500)
    assert len(admin(core).list_materials().items) == 1
    assert [i.id for i in core.outbox.items() if i.kind == "material"] == [outcome.material_id]

    click(qtbot, done.finish)
    click(qtbot, window.done.finish)
    qtbot.waitUntil(lambda: screen(window) == "attract")
    assert flow.draft is None and step.list.count() == 0 and done.values["digest"].text() == ""
    assert describe.name_edit.text() == ""


def test_a_full_disk_keeps_the_pages_and_the_retry_hands_in_one_material(qtbot, app_parts):
    window, core, services = app_parts()
    filing_id, _ = seed_case(qtbot, core, docket=False)
    flow = open_materials(qtbot, window, services)
    describe = to_describe(qtbot, window, flow, pages=2)
    from offline_queue.outbox import OutboxError

    conn = core.outbox._conn  # SQLite's own "database or disk is full" path, as a full disk gives
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0] + 2}")
    fillers = 0
    try:
        while True:
            core.outbox.enqueue("test-filler", {"n": fillers}, f"filler-{fillers}", item_id=f"filler-{fillers}")
            fillers += 1
    except OutboxError:
        pass
    click(qtbot, describe.confirm)
    qtbot.waitUntil(lambda: not describe.storing, timeout=10000)
    assert screen(window) == "materials_describe" and describe.confirm.isEnabled()
    assert describe.status.property("role") == "error" and describe.status.text()
    assert len(flow.draft.pages) == 2  # nothing lost
    assert [i for i in core.outbox.items() if i.kind == "material"] == []
    ids = flow.draft.ids

    conn.execute("PRAGMA max_page_count = 1073741823")  # room again: the same material goes through
    for item in core.outbox.items():
        if item.kind == "test-filler":
            core.outbox.void(item.id, "test filler")
    click(qtbot, describe.confirm)
    qtbot.waitUntil(lambda: screen(window) == "materials_done", timeout=10000)
    assert flow.draft.ids == ids
    qtbot.waitUntil(lambda: core.outbox.get(ids.material_id).state == DELIVERED, timeout=20000)
    (received,) = admin(core).list_materials().items
    assert (received.material_id, received.case_ref, received.pages) == (ids.material_id, filing_id, 2)


def test_lost_answers_and_a_restart_still_deliver_the_material_once(qtbot, app_parts):
    window, core, services = app_parts()
    seed_case(qtbot, core)
    flow = open_materials(qtbot, window, services)
    describe = to_describe(qtbot, window, flow, pages=1)
    # The court takes the material, but its every answer is lost on the way back (the connection drops).
    core.sandbox.app.state.faults.set(c.FaultSpec(fail_next=1000, phase="after", action="close",
                                                  paths=["/api/v1/materials/"]))
    click(qtbot, describe.confirm)
    qtbot.waitUntil(lambda: screen(window) == "materials_done", timeout=10000)
    material_id = flow.draft.outcome.material_id
    qtbot.waitUntil(lambda: core.outbox.get(material_id).attempts >= 2, timeout=20000)
    assert [m.material_id for m in admin(core).list_materials().items] == [material_id]  # taken once
    assert core.outbox.get(material_id).state != DELIVERED  # the kiosk does not know the court has it
    services.shutdown()
    core.stop()
    window.allow_close()
    window.close()

    # The kiosk restarts on the same data folder; the court answers again.
    window, core, services = app_parts()
    qtbot.waitUntil(lambda: core.outbox.get(material_id).state == DELIVERED, timeout=20000)
    materials = admin(core).list_materials().items
    assert [m.material_id for m in materials] == [material_id]


def test_a_new_filing_attaches_each_scanned_document_as_one_pdf(qtbot, app_parts):
    """自助立案 with the same page writer: the ID card copy and the evidence's pages, one PDF each."""
    import json
    import sqlite3

    from tests.ui.steps import finish_filing, start_filing

    window, core, services = app_parts()
    click(qtbot, window.attract.start)
    click(qtbot, window.menu.tiles["filing"])
    identify(qtbot, window, services)
    start_filing(qtbot, window)
    type_text(qtbot, window.filing.parties.name_edit, "李四")
    click(qtbot, window.filing.parties.next)
    claims = window.filing.claims
    type_text(qtbot, claims.claims, "判令被告还款。")
    type_text(qtbot, claims.facts, "被告借款未还。")
    qtbot.keyClicks(claims.amount, "1000")
    click(qtbot, claims.next)
    evidence = window.filing.evidence
    draft = window.filing.draft
    click(qtbot, evidence.findChild(type(evidence.next), "scan_identity"))
    qtbot.waitUntil(lambda: len(draft.materials.get("identity", [])) == 1, timeout=10000)
    click(qtbot, evidence.add_evidence)
    type_text(qtbot, evidence._evidence_edits[0][0], "借条")
    for n in (1, 2):
        click(qtbot, evidence.findChild(type(evidence.next), "evidence_0_scan"))
        qtbot.waitUntil(lambda n=n: len(draft.evidence[0].pages) == n, timeout=10000)

    outcome = finish_filing(qtbot, window, on_paper=True)
    qtbot.waitUntil(lambda: core.outbox.get(outcome.filing_id).state == DELIVERED, timeout=20000)
    store = core.sandbox.app.state.store
    conn = sqlite3.connect(store.path)
    try:
        body = json.loads(conn.execute("SELECT body FROM filings WHERE filing_id = ?",
                                       (outcome.filing_id,)).fetchone()[0])
    finally:
        conn.close()
    assert [(a["name"], a["media_type"], a["purpose"]) for a in body["attachments"]] == [
        ("identity.pdf", "application/pdf", "identity"), ("evidence-1.pdf", "application/pdf", "evidence")]
    evidence_pdf = body["attachments"][1]
    assert body["evidence"][0]["pages"] == [evidence_pdf["sha256"]]  # the digest of its one PDF
    items = {i.payload["sha256"]: i for i in core.outbox.items() if i.kind == "attachment"}
    for ref, pages in ((body["attachments"][0], 1), (evidence_pdf, 2)):
        uploaded = store.upload_path(items[ref["sha256"]].id).read_bytes()
        assert hashlib.sha256(uploaded).hexdigest() == ref["sha256"]
        assert len(PdfReader(io.BytesIO(uploaded)).pages) == pages
