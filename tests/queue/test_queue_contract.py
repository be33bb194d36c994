"""The contract models: validation of identifiers, money as strings, no input values in errors."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal

import pytest
from pydantic import ValidationError

from offline_queue import contract as c

VALID_ID = "11010519491231002X"  # the example from GB 11643
VALID_USCC = "91110108551385082Q"


def test_paths_and_statuses_are_the_documented_ones():
    assert c.API_PREFIX == "/api/v1" and c.ADMIN_PREFIX == "/admin/v1"
    assert c.FILING_PATH.format(filing_id="x") == "/api/v1/filings/x"
    assert c.REVIEW_PATH.format(filing_id="x") == "/admin/v1/filings/x/review"
    assert c.CASES_SEARCH_PATH == "/api/v1/cases/search"
    assert c.FILING_STATUSES == ("待提交", "提交中", "待审核", "审核通过", "审核不通过", "已立案", "不予立案")
    assert set(c.DECISION_STATUS) == set(c.DECISIONS)
    assert not c.RETRYABLE_STATUS_CODES & c.PERMANENT_STATUS_CODES


def test_person_id_number_is_normalised_and_checked():
    party = c.Party(kind="person", name=" 张三 ", id_number="11010519491231002x")
    assert party.id_number == VALID_ID
    assert party.name == "张三"
    with pytest.raises(ValidationError, match="not a valid resident ID number"):
        c.Party(kind="person", name="张三", id_number="110105194912310021")  # wrong check digit
    with pytest.raises(ValidationError):
        c.Party(kind="person", name="张三", uscc=VALID_USCC)


def test_organisation_uscc_is_checked():
    assert c.Party(kind="organisation", name="某公司", uscc=VALID_USCC.lower()).uscc == VALID_USCC
    with pytest.raises(ValidationError, match="unified social credit code"):
        c.Party(kind="organisation", name="某公司", uscc="91110108551385082A")
    with pytest.raises(ValidationError):
        c.Party(kind="organisation", name="某公司", id_number=VALID_ID)


def test_case_search_checks_the_id_number():
    assert c.CaseSearch(id_number="11010519491231002x").id_number == VALID_ID
    with pytest.raises(ValidationError):
        c.CaseSearch(id_number="12345")


def test_validation_errors_never_show_the_input():
    bad = "110105194912310021"
    with pytest.raises(ValidationError) as info:
        c.CaseSearch(id_number=bad)
    assert bad not in str(info.value)
    assert bad not in c.validation_summary(info.value)
    assert "id_number" in c.validation_summary(info.value)


def test_money_is_a_decimal_carried_as_a_string(make_submission):
    submission = make_submission(amount="1234.5", fee_estimate=50)
    assert submission.amount == Decimal("1234.50")
    data = json.loads(submission.model_dump_json())
    assert data["amount"] == "1234.50" and data["fee_estimate"] == "50.00"
    assert c.FilingSubmission.model_validate_json(submission.model_dump_json()) == submission
    with pytest.raises(ValidationError):
        make_submission(amount="1.001")
    with pytest.raises(ValidationError):
        make_submission(amount="-1")
    assert c.FeeRequest(case_type="民初", amount="1E+4").model_dump(mode="json")["amount"] == "10000.00"


def test_submission_rules(make_submission):
    with pytest.raises(ValidationError, match="needs an id_number"):
        make_submission(plaintiff={"kind": "person", "name": "张三"})
    with pytest.raises(ValidationError, match="timezone"):
        make_submission(confirmed_at=datetime(2026, 1, 1, 12, 0))  # naive: ambiguous
    with pytest.raises(ValidationError):
        make_submission(defendants=[])
    with pytest.raises(ValidationError):
        make_submission(unexpected="field")  # requests forbid unknown fields
    org = make_submission(plaintiff={"kind": "organisation", "name": "某公司", "uscc": VALID_USCC})
    assert org.plaintiff.uscc == VALID_USCC


def test_responses_ignore_unknown_fields():
    status = c.FilingStatus.model_validate(
        {"filing_id": "f", "status": "待审核", "updated_at": "2026-01-01T00:00:00Z", "new_field": 1}
    )
    assert status.reasons == [] and status.case_number is None


def test_review_decisions_need_reasons_when_negative():
    assert c.ReviewDecision(decision="docket").reasons == []
    for decision in ("reject", "refuse"):
        with pytest.raises(ValidationError, match="at least one reason"):
            c.ReviewDecision(decision=decision)
        assert c.ReviewDecision(decision=decision, reasons=["材料不全"]).reasons == ["材料不全"]
    with pytest.raises(ValidationError):
        c.ReviewDecision(decision="approve")
