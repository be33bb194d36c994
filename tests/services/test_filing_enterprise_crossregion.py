"""The filing service and the receipt for the enterprise window (企业"云评估") and cross-regional filing
(跨域立案): the courts a litigant may file with here come from the court's policy; a filing with
another court names it as the receiving court and this kiosk's court as the assisting court; the
evaluation goes with the filing naming its organisation by side and place; the receipt says where the
filing goes, carries the 涉企 mark and the evaluation's summary; a plain filing carries none of it."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from drivers.printer.simulator import SimulatedReceiptPrinter, receipt_text
from kiosk.domain.filing import PartyDraft, ServiceAddressDraft
from kiosk.domain.filing_wizard import ConfirmIds
from kiosk.services import filing, receipts
from offline_queue import contract as c
from tests.services import fakes

USCC = "91110108551385082Q"
HOME, OTHER = fakes.COURT_CODE, "粤0304"


def cross_policy(folder):
    """A PolicyCache whose court lists courts that accept cross-regional filing, and one that does not."""
    from kiosk.policy import PolicyCache

    policy = fakes.policy().model_copy(update={"courts": [
        c.Court(code=HOME, name=fakes.COURT_NAME, case_number_prefix=HOME, cross_regional=True),
        c.Court(code=OTHER, name="深圳市福田区人民法院", case_number_prefix=OTHER, cross_regional=True),
        c.Court(code="京0108", name="北京市海淀区人民法院", case_number_prefix="京0108", cross_regional=True),
        c.Court(code="京01", name="北京市第一中级人民法院", case_number_prefix="京01"),
    ]})
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "policy.json"
    path.write_text(json.dumps(policy.model_dump(mode="json"), ensure_ascii=False), encoding="utf-8")
    return PolicyCache(path)


@pytest.fixture
def printer():
    return SimulatedReceiptPrinter()


@pytest.fixture
def service(tmp_path, outbox, court, config, printer):
    policy = cross_policy(tmp_path / "cross-policy")
    receipt_service = receipts.ReceiptService(printer, fakes.InlineWorker("receipt_printer"), policy)
    deps = fakes.make_deps(filing.SERVICE, config, outbox=outbox, wake_sync=fakes.Calls(), court=court,
                           policy=policy, services={"receipts": receipt_service})
    return filing.SERVICE.factory(deps)


def company(name="深圳某某电子有限公司", representative="赵五"):
    return PartyDraft(kind="organisation", name=name, id_number=USCC, legal_representative=representative)


def draft_for(service, identity):
    draft = service.new_draft(identity)
    draft.filing_notice_read = draft.risk_notice_read = True
    draft.defendants = [PartyDraft(name="测试乙")]
    draft.claims, draft.facts, draft.amount_text = "判令被告支付货款。", "被告收货未付款。", "100000"
    draft.address = ServiceAddressDraft(address="测试省测试市幸福路7号", phone="13000000001",
                                        recipient=identity.name, confirmed=True)
    draft.signature_png = b"signature png (fake)"
    return draft


def evaluate(draft, role="defendant", index=1):
    e = draft.enterprise
    e.wanted, e.role, e.index = True, role, index
    e.employees, e.operating_status = "120", "normal"
    e.accounts_at_risk, e.key_assets_at_risk, e.freeze_impact = True, False, "serious"
    e.orders_at_risk, e.orders_amount = "3", "1,200,000"
    e.mediation, e.alternatives, e.note = "willing", {"insurance", "bank_guarantee"}, "账户用于发放工资"


def submit(service, identity, draft, outbox):
    ids = ConfirmIds(str(uuid.uuid4()), str(uuid.uuid4()), datetime(2026, 3, 1, 9, tzinfo=UTC),
                            "ABCDEFGHJK")
    service.submit(identity, draft, ids)
    return outbox.get(ids.filing_id).payload


def test_the_courts_to_file_with_are_the_policys_cross_regional_ones_but_this_one(service):
    assert service.court_code == HOME
    assert service.receiving_courts() == [(OTHER, "深圳市福田区人民法院"), ("京0108", "北京市海淀区人民法院")]


def test_no_courts_to_file_with_while_the_policy_is_unknown(tmp_path, config, outbox, court):
    from kiosk.policy import PolicyCache

    deps = fakes.make_deps(filing.SERVICE, config, outbox=outbox, wake_sync=fakes.Calls(), court=court,
                           policy=PolicyCache(tmp_path / "none.json"), services={"receipts": None})
    assert filing.SERVICE.factory(deps).receiving_courts() == []


def test_a_plain_filing_carries_neither_field(service):
    identity = fakes.person()
    draft = draft_for(service, identity)
    assert draft.home_court_code == HOME and not draft.cross_regional
    submission = service.build_submission(identity, draft, str(uuid.uuid4()), datetime(2026, 3, 1, tzinfo=UTC))
    assert submission.court_code == HOME
    assert submission.assisting_court_code is None and submission.enterprise_impact is None
    assert not c.is_enterprise_related(submission.model_dump(mode="json"))


def test_a_filing_with_another_court_names_this_court_as_the_assisting_one(service, outbox, printer):
    identity = fakes.person()
    draft = draft_for(service, identity)
    draft.court_code = OTHER
    assert draft.cross_regional

    payload = submit(service, identity, draft, outbox)

    assert (payload["court_code"], payload["assisting_court_code"]) == (OTHER, HOME)
    text = receipt_text(printer.last_job)
    assert text.splitlines()[0].strip() == fakes.COURT_NAME  # the hall's court prints the receipt
    assert "申请事项：起诉（跨域立案）" in text
    assert "受理法院：深圳市福田区人民法院" in text
    assert f"协助法院：{fakes.COURT_NAME}（本院）" in text
    assert "受理法院将在七日内审核" in text and "诉讼费以受理法院缴费通知为准。" in text
    assert "涉企" not in text


def test_the_evaluation_goes_with_the_filing_naming_its_organisation(service, outbox, printer):
    identity = fakes.person()
    draft = draft_for(service, identity)
    draft.defendants = [PartyDraft(), PartyDraft(name="测试乙"), company()]  # an empty row is not filed
    evaluate(draft, index=2)

    payload = submit(service, identity, draft, outbox)

    impact = payload["enterprise_impact"]
    assert (impact["role"], impact["index"]) == ("defendant", 1)  # its place among the defendants filed
    assert payload["defendants"][1]["name"] == "深圳某某电子有限公司"
    assert impact["employees"] == 120 and impact["operating_status"] == "normal"
    assert (impact["accounts_at_risk"], impact["key_assets_at_risk"], impact["freeze_impact"]) == (
        True, False, "serious")
    assert impact["orders_at_risk"] == 3 and Decimal(impact["orders_amount"]) == Decimal("1200000")
    assert impact["alternatives"] == ["bank_guarantee", "insurance"] and impact["mediation"] == "willing"
    assert c.is_enterprise_related(payload)
    text = receipt_text(printer.last_job)
    assert "案件标记：涉企" in text and "生产经营影响评估：" in text
    assert "职工人数：120人；经营状态：正常经营" in text
    assert "保全涉及：银行账户；影响严重" in text
    assert "受影响订单合同：3份，1,200,000.00元" in text
    assert "调解意愿：愿意调解" in text and "保全替代方式：保函、保全责任保险" in text
    assert "账户用于发放工资" not in text  # the note goes to the court, not on the slip


def test_an_organisation_without_the_evaluation_is_still_marked(service, outbox, printer):
    identity = fakes.person()
    draft = draft_for(service, identity)
    draft.defendants = [company()]
    evaluate(draft, index=0)
    draft.enterprise.skip()  # the litigant skipped it

    payload = submit(service, identity, draft, outbox)

    assert payload["enterprise_impact"] is None
    text = receipt_text(printer.last_job)
    assert "案件标记：涉企" in text and "生产经营影响评估" not in text


def test_an_evaluation_of_a_party_no_longer_an_organisation_is_not_filed(service):
    identity = fakes.person()
    draft = draft_for(service, identity)
    draft.defendants = [company()]
    evaluate(draft, index=0)
    draft.defendants[0].kind = "person"  # changed to a person after answering
    draft.defendants[0].id_number = ""
    draft.defendants[0].legal_representative = ""
    submission = service.build_submission(identity, draft, str(uuid.uuid4()), datetime(2026, 3, 1, tzinfo=UTC))
    assert submission.enterprise_impact is None


def test_the_contract_refuses_an_evaluation_of_a_person_and_assisting_itself(service):
    identity = fakes.person()
    draft = draft_for(service, identity)
    draft.defendants = [company()]
    evaluate(draft, index=0)
    submission = service.build_submission(identity, draft, str(uuid.uuid4()), datetime(2026, 3, 1, tzinfo=UTC))
    data = submission.model_dump(mode="json")
    data["enterprise_impact"]["role"] = "plaintiff"  # the plaintiff is a person
    with pytest.raises(ValueError, match="organisation"):
        c.FilingSubmission.model_validate(data)
    data = submission.model_dump(mode="json")
    data["assisting_court_code"] = data["court_code"]
    with pytest.raises(ValueError, match="another court"):
        c.FilingSubmission.model_validate(data)


def test_an_organisation_filing_through_its_employee_offers_the_evaluation_of_the_plaintiff(service, outbox):
    identity = fakes.person()
    draft = draft_for(service, identity)
    service.set_filed_by(draft, identity, "agent")
    draft.agent_relation = "employee"
    draft.plaintiffs = [company("北京某某科技有限公司", "王五")]
    evaluate(draft, role="plaintiff", index=0)
    payload = submit(service, identity, draft, outbox)
    assert payload["enterprise_impact"]["role"] == "plaintiff" and payload["plaintiff"]["uscc"] == USCC
