"""The enterprise window (kiosk.domain.filing_enterprise) and cross-regional filing in the filing
wizard's rules, without Qt: the evaluation is offered when an organisation is a party and shown as its
own step only when the litigant takes the offer; its answers are checked; skipping it, or the
organisation becoming a person, takes the step out of the draft's order; a filing with another court
is allowed for suits and enforcement applications only; the paper summary of a filed evaluation."""

from __future__ import annotations

import pytest

from kiosk.domain import filing_enterprise as rules
from kiosk.domain.filing import FilingDraft, PartyDraft
from kiosk.domain.filing_wizard import ALL_STEPS, STEPS, FilingWizard, Move
from tests.kiosk.test_kiosk_filing_wizard import complete_draft

USCC = "91110108551385082Q"


def company(name="北京某某科技有限公司"):
    return PartyDraft(kind="organisation", name=name, id_number=USCC, legal_representative="王五")


def with_company(wanted=True) -> FilingDraft:
    draft = complete_draft()
    draft.defendants = [PartyDraft(name="李四"), company()]
    draft.enterprise.wanted = wanted
    return draft


def answer(draft: FilingDraft) -> FilingDraft:
    e = draft.enterprise
    e.role, e.index = "defendant", 1
    e.employees, e.operating_status = "35", "suspended"
    e.accounts_at_risk, e.key_assets_at_risk, e.freeze_impact = False, True, "minor"
    e.mediation = "undecided"
    return draft


def test_the_enterprise_step_follows_the_parties_among_all_steps():
    assert ALL_STEPS == ("start", "parties", "enterprise", "claims", "evidence", "fees", "risk", "address",
                         "review", "sign")
    assert "enterprise" not in STEPS  # every filing's steps are unchanged


def test_organisations_are_found_on_every_side():
    draft = complete_draft()
    assert not rules.involves_organisation(draft)
    draft.third_parties = [company("某某物业公司")]
    draft.plaintiffs.append(company())
    draft.defendants.append(PartyDraft(kind="organisation"))  # an empty row counts for nothing
    assert [(r, n) for r, n, _ in rules.organisations(draft)] == [("plaintiff", 1), ("third_party", 0)]
    assert rules.involves_organisation(draft)


def test_without_an_organisation_or_without_the_offer_taken_the_wizard_skips_the_step():
    for draft in (complete_draft(), with_company(wanted=False)):
        wizard = FilingWizard(draft)
        assert wizard.steps() == STEPS
        assert wizard.advance("parties") == Move("claims")
        assert wizard.previous("claims") == "parties"


def test_the_offer_taken_leads_through_the_step_which_holds_until_answered():
    draft = with_company()
    wizard = FilingWizard(draft)
    assert wizard.steps() == ALL_STEPS
    assert wizard.advance("parties") == Move("enterprise")
    rules.choose_default_subject(draft)
    assert (draft.enterprise.role, draft.enterprise.index) == ("defendant", 1)
    move = wizard.advance("enterprise")
    assert move.to is None and move.problems == {
        "employees": "required", "operating_status": "required", "accounts_at_risk": "required",
        "key_assets_at_risk": "required", "freeze_impact": "required", "mediation": "required"}
    answer(draft)
    assert wizard.advance("enterprise") == Move("claims")
    assert wizard.previous("claims") == "enterprise" and wizard.previous("enterprise") == "parties"
    visited, step = ["start"], "start"
    while (step := wizard.advance(step).to) is not None:
        visited.append(step)
    assert tuple(visited) == ALL_STEPS


def test_the_review_leads_back_to_an_unfinished_evaluation():
    draft = with_company()
    wizard = FilingWizard(draft)
    assert wizard.missing() == "enterprise"
    assert wizard.advance("review") == Move("enterprise", missing=True)
    draft.enterprise.skip()
    assert wizard.missing() is None and wizard.advance("review") == Move("sign")


def test_skipping_on_the_step_goes_on_to_the_claims_and_back_to_the_parties():
    draft = with_company()
    wizard = FilingWizard(draft)
    draft.enterprise.skip()
    assert wizard.advance("enterprise") == Move("claims")  # the step no longer applies: on from the parties
    assert wizard.previous("claims") == "parties" and wizard.previous("enterprise") == "parties"
    assert rules.problems(draft) == {}


def test_the_organisation_changed_to_a_person_takes_the_step_out():
    draft = answer(with_company())
    draft.defendants[1] = PartyDraft(name="赵六")
    assert not rules.applies(draft) and FilingWizard(draft).steps() == STEPS


@pytest.mark.parametrize(("change", "problem"), [
    (lambda e: setattr(e, "employees", "about 30"), {"employees": "count_invalid"}),
    (lambda e: setattr(e, "employees", "-3"), {"employees": "count_invalid"}),
    (lambda e: setattr(e, "employees", "20000000"), {"employees": "count_invalid"}),
    (lambda e: setattr(e, "operating_status", "bankrupt"), {"operating_status": "required"}),
    (lambda e: setattr(e, "orders_at_risk", "a few"), {"orders_at_risk": "count_invalid"}),
    (lambda e: setattr(e, "orders_amount", "一百万"), {"orders_amount": "amount_invalid"}),
    (lambda e: setattr(e, "orders_amount", "100.005"), {"orders_amount": "amount_invalid"}),
    (lambda e: setattr(e, "orders_amount", "5000"), {"orders_at_risk": "orders_missing"}),
    (lambda e: setattr(e, "alternatives", {"guarantee", "prayer"}), {"alternatives": "required"}),
    (lambda e: setattr(e, "note", "很" * 1001), {"note": "too_long"}),
    (lambda e: setattr(e, "index", 0), {"subject": "required"}),  # 李四 is a person
])
def test_each_wrong_answer_is_named(change, problem):
    draft = answer(with_company())
    assert rules.problems(draft) == {}
    change(draft.enterprise)
    assert rules.problems(draft) == problem


def test_counts_and_amounts_as_people_write_them():
    assert rules.parse_employees("1,200") == 1200 and rules.parse_employees(" 35 ") == 35
    assert rules.parse_orders("") == 0 and rules.parse_orders("3") == 3 and rules.parse_orders("３") == 3
    assert rules.parse_employees("") is None and rules.parse_employees("1.5") is None
    assert str(rules.parse_orders_amount("1,200,000元")) == "1200000.00"
    assert rules.parse_orders_amount("") is None


def test_cross_regional_filing_is_for_suits_and_enforcement_applications():
    draft = complete_draft()
    assert not draft.cross_regional  # no home court known: the draft's court is the kiosk's
    draft.home_court_code, draft.court_code = "京0105", "粤0304"
    assert draft.cross_regional
    wizard = FilingWizard(draft)
    for kind, problems in (("first_instance", {}), ("enforcement", {}),
                           ("appeal", {"court": "cross_regional_kind"}),
                           ("mediation", {"court": "cross_regional_kind"})):
        draft.kind = kind
        assert wizard.problems("start") == problems, kind
    draft.court_code = "京0105"
    assert not draft.cross_regional and wizard.problems("start") == {}


def test_the_summary_on_paper():
    lines = rules.summary_lines({
        "employees": 35, "operating_status": "suspended", "accounts_at_risk": False, "key_assets_at_risk": True,
        "freeze_impact": "minor", "orders_at_risk": 0, "orders_amount": None, "mediation": "unwilling",
        "alternatives": ["live_seal", "guarantee"]})
    assert lines == ["职工人数：35人；经营状态：停产", "保全涉及：关键资产；影响较小", "调解意愿：不愿调解",
                     "保全替代方式：担保、活封"]
