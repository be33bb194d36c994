"""材料收转 (kiosk.services.materials): one of my cases, pages photographed with the simulated document
camera (found, flattened to A4, straightened), ONE PDF per material stored as an attachment with the
``material`` item chained after it; confirming again stores nothing twice (also after a storage
failure); the receipt gives the name, page count and digest; a filing still waiting here goes first;
nothing personal is logged."""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC, datetime, timedelta, timezone

import pytest

from drivers.camera.simulator import SimulatedCamera
from drivers.printer.simulator import SimulatedReceiptPrinter, receipt_text
from kiosk.services import cases, materials, receipts
from offline_queue import attachments
from tests.services import fakes
from tests.services.scan_fakes import page_jpeg, pdf_pages

BEIJING = timezone(timedelta(hours=8))
FILING_ID = "6f1c2a9e-0000-4000-8000-000000000001"
CASE_NUMBER = "(2026)京0105民初123号"


@pytest.fixture
def printer():
    return SimulatedReceiptPrinter()


@pytest.fixture
def camera():
    return SimulatedCamera(dpi=60, margin=30, skew_degrees=2.0)


def _service(outbox, court, policy, config, printer, camera, *, wake=None, workers=None, store_in=None):
    """``store_in``: the outbox the material is stored in (default: ``outbox``, where my cases looks)."""
    my_cases = cases.SERVICE.factory(fakes.make_deps(cases.SERVICE, config, outbox=outbox, court=court, policy=policy))
    printing = receipts.SERVICE.factory(fakes.make_deps(receipts.SERVICE, config, devices={"receipt_printer": printer},
                                                        policy=policy))
    deps = fakes.make_deps(materials.SERVICE, config, services={"my_cases": my_cases, "receipts": printing},
                           devices={"camera": camera}, outbox=store_in or outbox, wake_sync=wake or fakes.Calls(),
                           workers=workers)
    service = materials.SERVICE.factory(deps)
    service._clock = lambda: datetime(2026, 3, 9, 10, 5, tzinfo=BEIJING)
    signals = {name: fakes.recorder(getattr(service, name))
               for name in ("loaded", "page_scanned", "scan_failed", "stored", "store_failed", "printed",
                            "print_failed")}
    return service, signals


def _docketed(court):
    summary = fakes.case_summary(FILING_ID, datetime(2026, 3, 2, 1, 30, tzinfo=UTC), status="已立案")
    court.cases = [summary.model_copy(update={"case_number": CASE_NUMBER})]


def _draft(service, signals, identity, pages=2, kind="evidence", name=""):
    service.load(identity)
    rows, _ = signals["loaded"][-1]
    draft = materials.MaterialDraft(case=rows[0], kind=kind, name=name)
    draft.pages = [materials.Page(page_jpeg(n), None) for n in range(1, pages + 1)]
    return draft


def test_a_page_is_photographed_found_flattened_and_straightened(outbox, court, policy, config, printer, camera):
    service, signals = _service(outbox, court, policy, config, printer, camera)
    service.scan()
    (page,) = signals["page_scanned"]
    assert page.found
    from drivers.camera.pages import decode_image, skew_angle

    image = decode_image(page.jpeg)
    assert image.shape[:2] == (1754, 1240)  # A4 at 150 dpi (ocr.page_dpi)
    assert abs(skew_angle(image)) < 0.3  # the page lay 2 degrees askew
    assert decode_image(page.preview).shape[1] == materials.PREVIEW_WIDTH


def test_without_a_working_camera_the_scan_says_why(outbox, court, policy, config, printer, camera):
    service, signals = _service(outbox, court, policy, config, printer, None)
    service.scan()
    camera.unplug()
    service2, signals2 = _service(outbox, court, policy, config, printer, camera)
    service2.scan()
    assert signals["scan_failed"] == ["no_camera"] and signals2["scan_failed"] == ["camera_error"]
    assert signals["page_scanned"] == signals2["page_scanned"] == []


def test_a_scan_after_a_reset_is_dropped(outbox, court, policy, config, printer, camera):
    render = fakes.ManualWorker("documents")
    service, signals = _service(outbox, court, policy, config, printer, camera, workers={"documents": render})
    service.scan()
    service.cancel()  # the session is reset while the page is being flattened
    render.run_all()
    assert signals["page_scanned"] == []


def test_confirm_stores_one_pdf_then_the_material_and_prints_the_receipt(outbox, court, policy, config, printer,
                                                                         camera, caplog):
    caplog.set_level(logging.INFO)
    _docketed(court)
    wake = fakes.Calls()
    service, signals = _service(outbox, court, policy, config, printer, camera, wake=wake)
    identity = fakes.person()
    draft = _draft(service, signals, identity, pages=3, kind="defence", name="答辩状（张某）")

    service.submit(identity, draft)

    pdf_item, material = outbox.items()
    assert (pdf_item.kind, material.kind) == ("attachment", "material")
    assert material.depends_on == pdf_item.id and pdf_item.depends_on is None
    assert material.id == draft.ids.material_id
    pdf = attachments.read_attachment(pdf_item, pdf_item.payload["dir"])
    assert pdf_pages(pdf) == 3
    sha = hashlib.sha256(pdf).hexdigest()
    payload = material.payload
    assert (payload["kind"], payload["name"], payload["pages"], payload["case_ref"]) == (
        "defence", "答辩状（张某）", 3, CASE_NUMBER)
    assert payload["attachments"] == [{"sha256": sha, "media_type": "application/pdf", "length": len(pdf),
                                       "name": "答辩状（张某）.pdf", "purpose": "defence"}]
    assert payload["submitter"]["id_number"] == identity.id_number
    (outcome,) = signals["stored"]
    assert (outcome.sha256, outcome.pages, outcome.case_label) == (sha, 3, CASE_NUMBER)
    assert wake.count == 1 and signals["printed"] == [draft.ids.material_id]
    text = receipt_text(printer.jobs[-1])
    for part in ("材料收转回执", fakes.COURT_NAME, f"案号：{CASE_NUMBER}", "材料类型：答辩状", "材料名称：答辩状（张某）",
                 "页数：3 页", "提交时间：2026-03-09 10:05", "当前状态：已保存，正在发送至法院",
                 f"材料编号：{draft.ids.material_id[:8].upper()}"):
        assert part in text, part
    assert "".join(line.replace(" ", "") for line in materials.digest_lines(sha)) == sha
    for line in materials.digest_lines(sha):
        assert line in text
    fakes.assert_nothing_personal(caplog.text, identity)
    assert "答辩状（张某）" not in caplog.text


def test_confirming_again_stores_nothing_twice(outbox, court, policy, config, printer, camera):
    _docketed(court)
    service, signals = _service(outbox, court, policy, config, printer, camera)
    identity = fakes.person()
    draft = _draft(service, signals, identity)
    service.submit(identity, draft)
    before = [(i.id, i.state, i.payload) for i in outbox.items()]

    service.submit(identity, draft)  # the same confirm again (a double tap, a retry)

    assert [(i.id, i.state, i.payload) for i in outbox.items()] == before
    assert [o.sha256 for o in signals["stored"]] == [signals["stored"][0].sha256] * 2


def test_a_double_tap_while_storing_is_one_material(outbox, court, policy, config, printer, camera):
    _docketed(court)
    worker = fakes.ManualWorker("outbox")
    service, signals = _service(outbox, court, policy, config, printer, camera, workers={"outbox": worker})
    identity = fakes.person()
    draft = _draft(service, signals, identity)
    service.submit(identity, draft)
    service.submit(identity, draft)
    assert worker.pending == 1
    worker.cancel_pending()  # a reset meanwhile does not lose it
    worker.run_all()
    assert [i.kind for i in outbox.items()] == ["attachment", "material"]
    assert len(signals["stored"]) == 1 and len(printer.jobs) == 1


def test_a_storage_failure_loses_nothing_and_the_retry_stores_it_once(tmp_path, court, policy, config, printer,
                                                                      camera, outbox, caplog):
    caplog.set_level(logging.INFO)
    _docketed(court)
    identity = fakes.person()
    failing, failing_signals = _service(outbox, court, policy, config, printer, camera,
                                        store_in=fakes.FailingOutbox())  # the disk is full
    draft = _draft(failing, failing_signals, identity)
    failing.submit(identity, draft)
    assert failing_signals["store_failed"] == ["storage"] and failing_signals["stored"] == []
    assert len(draft.pages) == 2 and printer.jobs == []  # the pages stay for the retry
    first_ids = draft.ids

    service, signals = _service(outbox, court, policy, config, printer, camera)  # the disk has room again
    service.submit(identity, draft)
    assert draft.ids == first_ids
    assert [i.id for i in outbox.items() if i.kind == "material"] == [first_ids.material_id]
    assert len(signals["stored"]) == 1
    fakes.assert_nothing_personal(caplog.text, identity)


def test_the_same_pages_give_the_same_pdf(outbox, court, policy, config, printer, camera):
    _docketed(court)
    service, signals = _service(outbox, court, policy, config, printer, camera)
    identity = fakes.person()
    one, two = _draft(service, signals, identity), _draft(service, signals, identity)
    service.submit(identity, one)
    service.submit(identity, two)  # another material of the same pages: its own items, the same digest
    first, second = signals["stored"]
    assert first.material_id != second.material_id and first.sha256 == second.sha256
    assert [i.kind for i in outbox.items()] == ["attachment", "material"] * 2


def test_a_material_for_a_filing_still_waiting_here_goes_after_it(outbox, court, policy, config, printer, camera):
    identity = fakes.person()
    filing = fakes.submission(identity)
    fakes.store_filing(outbox, filing)
    service, signals = _service(outbox, court, policy, config, printer, camera)
    draft = _draft(service, signals, identity, kind="identity")
    assert draft.case.local_only
    service.submit(identity, draft)
    pdf_item = next(i for i in outbox.items() if i.kind == "attachment")
    material = outbox.get(draft.ids.material_id)
    assert pdf_item.depends_on == filing.filing_id and material.payload["case_ref"] == filing.filing_id
    assert material.payload["name"] == "身份证明"  # the kind's name when none is given
    text = receipt_text(printer.jobs[-1])
    assert f"立案申请编号：{filing.filing_id[:8].upper()}" in text and "材料名称：身份证明" in text


def test_a_filing_the_court_refused_takes_no_materials(outbox, court, policy, config, printer, camera):
    identity = fakes.person()
    refused, waiting = fakes.submission(identity), fakes.submission(identity)
    fakes.store_filing(outbox, refused)
    fakes.store_filing(outbox, waiting)
    assert outbox.mark_dead(refused.filing_id, "422 refused (test)")
    service, signals = _service(outbox, court, policy, config, printer, camera)
    service.load(identity)
    rows, _ = signals["loaded"][-1]
    assert [r.filing_id for r in rows] == [waiting.filing_id]


def test_a_name_the_contract_refuses_stores_nothing(outbox, court, policy, config, printer, camera):
    _docketed(court)
    service, signals = _service(outbox, court, policy, config, printer, camera)
    identity = fakes.person()
    draft = _draft(service, signals, identity, name="   ")
    bad = fakes.person(name="")  # no name on the card: the submitter is refused
    service.submit(bad, draft)
    assert signals["store_failed"] == ["invalid"] and outbox.items() == []


def test_a_receipt_that_cannot_be_printed_leaves_the_material_stored(outbox, court, policy, config, printer, camera):
    _docketed(court)
    printer.set_paper(out=True)
    service, signals = _service(outbox, court, policy, config, printer, camera)
    identity = fakes.person()
    draft = _draft(service, signals, identity)
    service.submit(identity, draft)
    assert outbox.get(draft.ids.material_id).state == "pending"
    assert signals["print_failed"] == [(draft.ids.material_id, "paper_out")]
    printer.set_paper(out=False)
    service.print_receipt(signals["stored"][0], reprint=True)
    assert "材料收转回执（补打）" in receipt_text(printer.jobs[-1])
