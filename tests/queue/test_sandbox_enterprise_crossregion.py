"""The sandbox over HTTP for the enterprise window (企业"云评估") and cross-regional filing (跨域立案):
the policy lists the courts that accept cross-regional filings; a filing with another court is stored
with its assisting court, shown in its status and in the admin list, and docketed under the receiving
court's case numbers; an unknown assisting court is refused; the evaluation is stored and the 涉企 mark
set (for any organisation party too); a plain filing's idempotency fingerprint is what it was before
these fields existed, and the new fields count when they are given."""

from __future__ import annotations

import re
import uuid

from court_sandbox.routes.common import _fingerprint
from court_sandbox.routes.filings import _filing_fingerprint_body
from kiosk.domain import casenumber
from offline_queue import contract as c
from offline_queue.admin_client import admin_headers

PERSON_ONLY = [{"kind": "person", "name": "李四"}]
IMPACT = {"role": "defendant", "index": 1, "employees": 120, "operating_status": "reduced",
          "accounts_at_risk": True, "key_assets_at_risk": True, "freeze_impact": "stops_operation",
          "orders_at_risk": 4, "orders_amount": "800000.00", "mediation": "willing",
          "alternatives": ["bank_guarantee", "live_seal"], "note": "冻结账户将影响工资发放"}


def put(http, sandbox, submission, key):
    body = submission.model_dump(mode="json")
    return http.put(sandbox.base_url + c.FILING_PATH.format(filing_id=body["filing_id"]), json=body,
                    headers={c.IDEMPOTENCY_KEY_HEADER: key}, timeout=10)


def status(http, sandbox, filing_id):
    return c.FilingStatus.model_validate(http.get(sandbox.base_url + c.FILING_PATH.format(filing_id=filing_id)).json())


def summary(http, sandbox, filing_id):
    items = http.get(sandbox.admin_url + c.ADMIN_FILINGS_PATH, headers=admin_headers(sandbox), timeout=5).json()["items"]
    return c.FilingSummary.model_validate(next(i for i in items if i["filing_id"] == filing_id))


def stored_body(sandbox, filing_id):
    import json
    import sqlite3

    conn = sqlite3.connect(sandbox.db_path)
    try:
        return json.loads(conn.execute("SELECT body FROM filings WHERE filing_id = ?", (filing_id,)).fetchone()[0])
    finally:
        conn.close()


def test_the_policy_says_which_courts_take_cross_regional_filings(http, sandbox):
    policy = c.Policy.model_validate(http.get(sandbox.base_url + c.POLICY_PATH).json())
    courts = {court.code: court for court in policy.courts}
    assert {"京0105", "京0108", "沪0115", "京0101", "粤0304", "浙0106", "川0107", "津0116"} <= {
        code for code, court in courts.items() if court.cross_regional}
    assert courts["粤0304"].name == "深圳市福田区人民法院" and courts["沪0115"].name == "上海市浦东新区人民法院"
    assert not courts["京01"].cross_regional  # an intermediate court: listed, but not for 跨域立案
    for court in policy.courts:  # real-looking codes: a province and its court number
        assert casenumber.is_court_code(court.code) and court.case_number_prefix == court.code


def test_a_filing_with_another_court_records_the_assisting_court(http, sandbox, admin, make_submission):
    submission = make_submission(court_code="粤0304", assisting_court_code="京0105", defendants=PERSON_ONLY)
    assert put(http, sandbox, submission, str(uuid.uuid4())).status_code == 201

    got = status(http, sandbox, submission.filing_id)
    assert got.assisting_court_code == "京0105" and not got.enterprise_related
    listed = summary(http, sandbox, submission.filing_id)
    assert (listed.court_code, listed.assisting_court_code) == ("粤0304", "京0105")
    assert stored_body(sandbox, submission.filing_id)["assisting_court_code"] == "京0105"
    number = admin.review(submission.filing_id, "docket").json()["case_number"]
    assert re.fullmatch(r"（\d{4}）粤0304民初\d+号", number)  # the receiving court's case number


def test_an_unknown_assisting_court_is_refused(http, sandbox, make_submission):
    submission = make_submission(court_code="京0108", assisting_court_code="京9999")
    response = put(http, sandbox, submission, str(uuid.uuid4()))
    assert response.status_code == 422 and "assisting_court_code" in response.text
    assert http.get(sandbox.base_url + c.FILING_PATH.format(filing_id=submission.filing_id)).status_code == 404


def test_the_evaluation_is_stored_and_the_filing_marked(http, sandbox, make_submission):
    submission = make_submission(enterprise_impact=IMPACT)
    assert put(http, sandbox, submission, str(uuid.uuid4())).status_code == 201
    assert stored_body(sandbox, submission.filing_id)["enterprise_impact"] == IMPACT
    assert status(http, sandbox, submission.filing_id).enterprise_related
    listed = summary(http, sandbox, submission.filing_id)
    assert listed.enterprise_related and listed.assisting_court_code is None


def test_an_organisation_party_marks_the_filing_and_a_person_only_filing_is_not(http, sandbox, make_submission):
    with_company = make_submission()  # its second defendant is a company
    people = make_submission(defendants=PERSON_ONLY)
    for submission in (with_company, people):
        assert put(http, sandbox, submission, str(uuid.uuid4())).status_code == 201
    assert status(http, sandbox, with_company.filing_id).enterprise_related
    assert not status(http, sandbox, people.filing_id).enterprise_related
    assert not summary(http, sandbox, people.filing_id).enterprise_related


def test_an_evaluation_that_names_no_organisation_is_refused(http, sandbox, make_submission):
    body = make_submission().model_dump(mode="json") | {"enterprise_impact": {**IMPACT, "index": 0}}
    response = http.put(sandbox.base_url + c.FILING_PATH.format(filing_id=body["filing_id"]), json=body,
                        headers={c.IDEMPOTENCY_KEY_HEADER: str(uuid.uuid4())}, timeout=10)
    assert response.status_code == 422  # 李四 is a person


def test_a_plain_filing_keeps_its_fingerprint(http, sandbox, make_submission):
    submission = make_submission()
    body = _filing_fingerprint_body(submission)
    assert "enterprise_impact" not in body and "assisting_court_code" not in body
    # what a 1.0 kiosk sent for the same filing: none of the later fields
    older = {k: v for k, v in submission.model_dump(mode="json").items()
             if k not in c.FILING_FIELDS_1_1 and k != "attachments"}
    path = c.FILING_PATH.format(filing_id=submission.filing_id)
    assert _fingerprint("PUT", path, body) == _fingerprint("PUT", path, older)
    key = str(uuid.uuid4())
    assert put(http, sandbox, submission, key).status_code == 201
    again = http.put(sandbox.base_url + path, json=older, headers={c.IDEMPOTENCY_KEY_HEADER: key}, timeout=10)
    assert again.status_code == 200 and again.headers[c.IDEMPOTENT_REPLAYED_HEADER] == "true"


def test_the_new_fields_count_in_the_fingerprint_when_given(http, sandbox, make_submission):
    plain = make_submission(court_code="京0108")
    key = str(uuid.uuid4())
    assert put(http, sandbox, plain, key).status_code == 201
    other = plain.model_copy(update={"assisting_court_code": "京0105"})
    assert put(http, sandbox, other, key).status_code == 422  # the key was used with another request
    marked = plain.model_copy(update={"enterprise_impact": c.EnterpriseImpact.model_validate(IMPACT)})
    assert put(http, sandbox, marked, key).status_code == 422
