"""The filing service (kiosk.services.filing): drafts from the ID card, the local fee estimate and the
court's quote, the submission built from a draft, and `submit`: the scanned documents (one PDF each:
a material's pages, an evidence item's pages) and the signature stored first, then the filing that
references them, with the wizard's ConfirmIds; confirming the same ids again stores nothing new; the
receipt is printed; a storage failure is reported; nothing personal is logged."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from drivers.printer.simulator import SimulatedReceiptPrinter, receipt_text
from kiosk.domain.filing import EvidenceDraft, PartyDraft, ScanPage, ServiceAddressDraft
from kiosk.domain.filing_wizard import ConfirmIds
from kiosk.services import filing, receipts
from tests.services import fakes
from tests.services.scan_fakes import page_jpeg, pdf_pages

PHONE = "13000000001"


@pytest.fixture
def printer():
    return SimulatedReceiptPrinter()


@pytest.fixture
def parts(outbox, court, policy, config, printer):
    receipt_service = receipts.ReceiptService(printer, fakes.InlineWorker("receipt_printer"), policy)
    return {"outbox": outbox, "court": court, "policy": policy, "config": config, "receipts": receipt_service}


def _service(parts, *, outbox=None, wake=None, workers=None):
    spec = filing.SERVICE
    deps = fakes.make_deps(spec, parts["config"], outbox=outbox or parts["outbox"], wake_sync=wake or fakes.Calls(),
                           court=parts["court"], policy=parts["policy"], services={"receipts": parts["receipts"]},
                           workers=workers)
    service = spec.factory(deps)
    signals = {name: fakes.recorder(getattr(service, name))
               for name in ("submitted", "submit_failed", "receipt_printed", "receipt_failed", "court_quote")}
    return service, signals


def _draft(service, identity, *, amount="100000", signature=True):
    draft = service.new_draft(identity)
    draft.filing_notice_read = draft.risk_notice_read = True
    draft.defendants = [PartyDraft(name="测试乙")]
    draft.claims = "判令被告返还借款十万元。"
    draft.facts = "被告借款到期未还。"
    draft.amount_text = amount
    draft.materials = {"identity": [ScanPage(page_jpeg(1)), ScanPage(page_jpeg(2))]}
    draft.evidence = [EvidenceDraft(name="借条", purpose="证明借款事实", pages=[ScanPage(page_jpeg(3))])]
    draft.address = ServiceAddressDraft(address="测试省测试市幸福路7号", phone=PHONE, recipient=identity.name,
                                        confirmed=True)
    draft.signature_png = b"signature png (fake)" if signature else None
    draft.sign_on_paper = not signature
    return draft


def _ids() -> ConfirmIds:
    return ConfirmIds(str(uuid.uuid4()), str(uuid.uuid4()), datetime(2026, 3, 1, 17, 30, tzinfo=UTC))


def test_a_new_draft_takes_the_card_holder_as_plaintiff_and_the_configured_court(tmp_path, parts):
    parts["config"] = fakes.make_config(tmp_path, **{"court.court_code": "京0105", "court.default_case_type": "民初"})
    service, _ = _service(parts)
    identity = fakes.person()
    draft = service.new_draft(identity)
    assert (draft.court_code, draft.case_type) == ("京0105", "民初")
    (plaintiff,) = draft.plaintiffs
    assert plaintiff.from_card and (plaintiff.name, plaintiff.id_number) == (identity.name, identity.id_number)
    assert draft.address.recipient == identity.name and draft.address.address == identity.address
    assert service.new_draft().plaintiffs == []


def test_filing_for_someone_else_makes_the_card_holder_the_agent(parts):
    service, _ = _service(parts)
    agent, client = fakes.person("测试甲", sequence=11), fakes.person("测试丁", sequence=15)
    draft = _draft(service, agent)
    service.set_filed_by(draft, agent, "agent")
    assert draft.plaintiffs == []
    draft.plaintiffs = [PartyDraft(name=client.name, id_number=client.id_number.lower())]

    submission = service.build_submission(agent, draft, str(uuid.uuid4()), datetime(2026, 3, 1, tzinfo=UTC))

    assert submission.filed_by == "agent"
    assert (submission.agent.name, submission.agent.id_number) == (agent.name, agent.id_number)
    assert submission.principal_identified_by == "typed"  # the principal's data was typed in, not read
    assert (submission.plaintiff.name, submission.plaintiff.id_number) == (client.name, client.id_number)
    service.set_filed_by(draft, agent, "self")
    assert [p.name for p in draft.plaintiffs] == [agent.name, client.name]


def test_the_submission_carries_the_draft(parts):
    service, _ = _service(parts)
    identity = fakes.person(source="photo")
    draft = _draft(service, identity)
    submission = service.build_submission(identity, draft, str(uuid.uuid4()), datetime(2026, 3, 1, tzinfo=UTC))
    assert submission.plaintiff_identified_by == "id_card_photo" and submission.principal_identified_by is None
    assert submission.amount == Decimal("100000") and submission.fee_estimate == Decimal("2300.00")
    assert [d.name for d in submission.defendants] == ["测试乙"]
    assert submission.service_address.phone == PHONE
    assert submission.notices_acknowledged == ["filing_notice", "risk_notice"]
    assert submission.signature == "touch"
    assert [(a.name, a.media_type, a.purpose) for a in submission.attachments] == [
        ("identity.pdf", "application/pdf", "identity"), ("evidence-1.pdf", "application/pdf", "evidence"),
        ("signature.png", "image/png", "signature")]
    assert submission.evidence[0].pages == [submission.attachments[1].sha256]  # its one PDF


def test_each_scanned_document_is_one_pdf_of_its_pages_the_same_bytes_every_time(parts):
    service, _ = _service(parts)
    identity = fakes.person()
    draft = _draft(service, identity)
    draft.evidence.append(EvidenceDraft(name="转账记录", pages=[ScanPage(page_jpeg(n)) for n in (4, 5, 6)]))
    draft.evidence.append(EvidenceDraft(name="证人名单"))  # nothing scanned: no document

    files = service.pages(draft)

    assert [(name, pdf_pages(data) if media == "application/pdf" else None) for data, media, name, _ in files] == [
        ("identity.pdf", 2), ("evidence-1.pdf", 1), ("evidence-2.pdf", 3), ("signature.png", None)]
    again = service.pages(draft)
    assert again == files
    fresh = _draft(service, identity)  # the same pages in a new draft: written anew, the same bytes
    fresh.evidence = draft.evidence
    assert service.pages(fresh) == files
    submission = service.build_submission(identity, draft, str(uuid.uuid4()), datetime(2026, 3, 1, tzinfo=UTC))
    assert [e.pages for e in submission.evidence] == [[submission.attachments[1].sha256],
                                                      [submission.attachments[2].sha256], []]


def test_the_local_estimate(tmp_path, parts):
    service, _ = _service(parts)
    draft = _draft(service, fakes.person())
    assert service.estimate(draft).total == Decimal("2300.00")
    draft.amount_text = "lots"
    assert service.estimate(draft) is None
    draft.amount_text = "0"
    draft.kind = "mediation"
    assert service.estimate(draft).total == Decimal("0")
    parts["config"] = fakes.make_config(tmp_path, **{"fees.divorce": 300})
    divorce_service, _ = _service(parts)
    draft = _draft(divorce_service, fakes.person(), amount="0")
    draft.case_type = "民初-离婚"  # a divorce case in the court's policy
    assert divorce_service.estimate(draft).total == Decimal("300")


def test_the_courts_quote_and_the_court_out_of_reach(parts, court):
    service, signals = _service(parts)
    draft = _draft(service, fakes.person())
    service.ask_court_fee(draft)
    court.down = True
    service.ask_court_fee(draft)
    draft.amount_text = "not an amount"
    service.ask_court_fee(draft)
    assert [(d is draft, q.total if q else None) for d, q in signals["court_quote"]] == [
        (True, Decimal("2300.00")), (True, None), (True, None)]
    assert [name for name, _ in court.calls] == ["calculate_fee", "calculate_fee"]  # not for a bad amount
    request = court.calls[0][1]
    assert (request.case_type, request.amount, request.filing_kind) == ("民初", Decimal("100000"), "first_instance")


def test_the_case_types_are_the_courts_or_the_default(tmp_path, parts):
    service, _ = _service(parts)
    assert service.case_types() == [("民初", "民事一审"), ("民初-离婚", "离婚纠纷")]
    from kiosk.policy import PolicyCache

    parts["policy"] = PolicyCache(tmp_path / "missing.json")
    service, _ = _service(parts)
    assert service.case_types() == [("民初", "民初")]


def test_submit_stores_the_pages_then_the_filing_and_prints_the_receipt(parts, outbox, printer, caplog):
    caplog.set_level(logging.INFO)
    wake = fakes.Calls()
    service, signals = _service(parts, wake=wake)
    identity = fakes.person()
    ids = _ids()

    service.submit(identity, _draft(service, identity), ids)

    items = outbox.items()
    assert [i.kind for i in items] == ["attachment", "attachment", "attachment", "filing"]
    assert [i.depends_on for i in items] == [None, items[0].id, items[1].id, items[2].id]  # a chain
    stored = items[-1]
    assert stored.id == ids.filing_id and stored.idempotency_key == ids.idempotency_key
    assert datetime.fromisoformat(stored.payload["confirmed_at"]) == ids.confirmed_at
    assert [a["sha256"] for a in stored.payload["attachments"]] == [i.payload["sha256"] for i in items[:3]]
    assert signals["submitted"] == [filing.FilingOutcome(ids.filing_id, ids.confirmed_at, Decimal("2300.00"),
                                                         "first_instance")]
    assert wake.count == 1
    assert signals["receipt_printed"] == [ids.filing_id] and signals["receipt_failed"] == []
    assert "申请事项：起诉" in receipt_text(printer.last_job)
    fakes.assert_nothing_personal(caplog.text, identity)
    assert "测试乙" not in caplog.text and "借条" not in caplog.text


def test_confirming_the_same_ids_again_stores_nothing_new(parts, outbox):
    service, signals = _service(parts)
    identity = fakes.person()
    draft, ids = _draft(service, identity), _ids()
    service.submit(identity, draft, ids)
    before = [(i.id, i.state) for i in outbox.items()]

    service.submit(identity, draft, ids)

    assert [(i.id, i.state) for i in outbox.items()] == before
    assert [o.filing_id for o in signals["submitted"]] == [ids.filing_id, ids.filing_id]
    assert signals["submit_failed"] == []


def test_signing_on_paper_attaches_no_signature(parts, outbox):
    service, _ = _service(parts)
    identity = fakes.person()
    service.submit(identity, _draft(service, identity, signature=False), _ids())
    (stored,) = outbox.items("pending")[-1:]
    assert stored.payload["signature"] == "paper"
    assert [a["purpose"] for a in stored.payload["attachments"]] == ["identity", "evidence"]


def test_a_page_that_is_not_an_image_is_refused_and_nothing_is_stored(parts, outbox, printer):
    service, signals = _service(parts)
    identity = fakes.person()
    draft = _draft(service, identity)
    draft.evidence[0].pages.append(ScanPage(b"not a picture"))
    service.submit(identity, draft, _ids())
    assert signals["submit_failed"] == ["invalid"] and signals["submitted"] == []
    assert outbox.items() == [] and printer.jobs == []


def test_a_storage_failure_is_reported_and_nothing_is_printed(parts, printer, caplog):
    caplog.set_level(logging.INFO)
    wake = fakes.Calls()
    service, signals = _service(parts, outbox=fakes.FailingOutbox(), wake=wake)
    identity = fakes.person()
    service.submit(identity, _draft(service, identity), _ids())
    assert signals["submit_failed"] == ["storage"]
    assert signals["submitted"] == [] and wake.count == 0 and printer.jobs == []
    fakes.assert_nothing_personal(caplog.text, identity)


def test_an_answer_the_contract_refuses_is_reported_and_nothing_is_stored(parts, outbox, printer, caplog):
    caplog.set_level(logging.INFO)
    service, signals = _service(parts)
    identity = fakes.person()
    draft = _draft(service, identity)
    draft.defendants[0].name = "测" * 201  # the contract takes 200 characters at most
    service.submit(identity, draft, _ids())
    assert signals["submit_failed"] == ["invalid"] and signals["submitted"] == []
    assert outbox.items() == [] and printer.jobs == []
    fakes.assert_nothing_personal(caplog.text, identity)
    assert "测" * 20 not in caplog.text


def test_a_reset_after_confirming_does_not_lose_the_filing(parts, outbox):
    worker = fakes.ManualWorker("outbox")
    service, signals = _service(parts, workers={"outbox": worker})
    identity = fakes.person()
    ids = _ids()
    service.submit(identity, _draft(service, identity), ids)
    worker.cancel_pending()  # the session is reset before the outbox worker stores it
    worker.run_all()
    assert outbox.get(ids.filing_id) is not None
    assert [o.filing_id for o in signals["submitted"]] == [ids.filing_id]


def test_a_receipt_that_cannot_be_printed_leaves_the_filing_stored(parts, outbox, printer):
    printer.set_paper(out=True)
    service, signals = _service(parts)
    identity = fakes.person()
    ids = _ids()
    service.submit(identity, _draft(service, identity), ids)
    assert outbox.get(ids.filing_id).state == "pending"
    assert signals["receipt_failed"] == [(ids.filing_id, "paper_out")]
