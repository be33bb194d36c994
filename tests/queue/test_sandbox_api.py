"""The sandbox implements the contract: every endpoint, the idempotency rules, reviews, case search."""

from __future__ import annotations

import logging
import re
import threading
import time
import uuid
from datetime import UTC, datetime

import pytest
import requests

from court_sandbox.app import create_app
from court_sandbox.server import SandboxServer
from court_sandbox.store import CHINA_TIME
from offline_queue import contract as c
from offline_queue.admin_client import admin_headers

CASE_NUMBER = re.compile(r"^（(\d{4})）(.+?)(民初|行初)(\d+)号$")


def put(http, sandbox, submission, key: str | None, **overrides):
    body = submission.model_dump(mode="json") | overrides
    headers = {c.IDEMPOTENCY_KEY_HEADER: key} if key is not None else {}
    return http.put(
        sandbox.base_url + c.FILING_PATH.format(filing_id=body["filing_id"]),
        json=body,
        headers=headers,
        timeout=10,
    )


def search(http, sandbox, id_number):
    response = http.post(sandbox.base_url + c.CASES_SEARCH_PATH, json={"id_number": id_number})
    assert response.status_code == 200
    return response.json()["items"]


def test_health_and_policy(http, sandbox):
    assert http.get(sandbox.base_url + c.HEALTH_PATH).json() == {"status": "ok"}
    policy = c.Policy.model_validate(http.get(sandbox.base_url + c.POLICY_PATH).json())
    assert policy.fee_schedule_version == "2007-481"
    courts = {court.code: court for court in policy.courts}
    assert courts["京0105"].name == "北京市朝阳区人民法院"
    assert {"京0105", "京0108", "沪0115"} <= set(courts)
    kinds = {t.code: t.fee_kind for t in policy.case_types}
    assert (
        kinds["民初"] == "property"
        and kinds["民初-非财产"] == "non_property"
        and kinds["民初-劳动争议"] == "labour"
    )
    assert set(kinds.values()) <= set(c.FEE_KINDS)


def test_tracing_headers_are_echoed(http, sandbox):
    response = http.get(
        sandbox.base_url + c.POLICY_PATH,
        headers={c.REQUEST_ID_HEADER: "req-1", c.CORRELATION_ID_HEADER: "corr-1", c.KIOSK_ID_HEADER: "k1"},
    )
    assert response.headers[c.REQUEST_ID_HEADER] == "req-1"
    assert response.headers[c.CORRELATION_ID_HEADER] == "corr-1"
    generated = http.get(sandbox.base_url + c.POLICY_PATH).headers[c.REQUEST_ID_HEADER]
    assert uuid.UUID(generated)


def test_submit_then_replay_returns_the_first_answer(http, sandbox, make_submission):
    submission = make_submission()
    first = put(http, sandbox, submission, "key-replay")
    assert first.status_code == 201
    receipt = c.FilingReceipt.model_validate(first.json())
    assert receipt.filing_id == submission.filing_id and receipt.status == "待审核"
    again = put(http, sandbox, submission, "key-replay")
    assert again.status_code == 200
    assert again.json() == first.json()
    assert again.headers[c.IDEMPOTENT_REPLAYED_HEADER] == "true"
    assert len(search(http, sandbox, submission.plaintiff.id_number)) == 1


def test_same_filing_under_another_key_is_not_filed_twice(http, sandbox, make_submission):
    submission = make_submission()
    first = put(http, sandbox, submission, str(uuid.uuid4()))
    second = put(http, sandbox, submission, str(uuid.uuid4()))
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json() == first.json()
    changed = put(http, sandbox, submission, str(uuid.uuid4()), claims="另一个诉讼请求")
    assert changed.status_code == 422
    assert len(search(http, sandbox, submission.plaintiff.id_number)) == 1


def test_key_reused_with_a_different_body_is_422(http, sandbox, make_submission):
    submission = make_submission()
    assert put(http, sandbox, submission, "key-reuse").status_code == 201
    response = put(http, sandbox, submission, "key-reuse", amount="999.00")
    assert response.status_code == 422
    assert "different request" in response.json()["detail"]
    other = make_submission()
    assert put(http, sandbox, other, "key-reuse").status_code == 422  # another filing, same key


@pytest.mark.parametrize("key", [None, ""])
def test_write_without_a_key_is_400(http, sandbox, make_submission, key):
    submission = make_submission()
    response = put(http, sandbox, submission, key)
    assert response.status_code == 400
    assert c.IDEMPOTENCY_KEY_HEADER in response.json()["detail"]
    assert (
        http.get(sandbox.base_url + c.FILING_PATH.format(filing_id=submission.filing_id)).status_code == 404
    )


def test_invalid_bodies_are_422_and_never_cached(http, sandbox, make_submission):
    submission = make_submission()
    assert put(http, sandbox, submission, "key-unknown-court", court_code="京9999").status_code == 422
    mismatch = http.put(
        sandbox.base_url + c.FILING_PATH.format(filing_id=submission.filing_id),
        json=submission.model_dump(mode="json") | {"filing_id": "other-id"},
        headers={c.IDEMPOTENCY_KEY_HEADER: "key-unknown-court"},
    )
    assert mismatch.status_code == 422 and "differs from the path" in mismatch.json()["detail"]
    # The refusals were not remembered: the corrected request with the same key succeeds.
    assert put(http, sandbox, submission, "key-unknown-court").status_code == 201


def test_validation_errors_do_not_echo_personal_data(http, sandbox, make_submission):
    submission = make_submission()
    body = submission.model_dump(mode="json")
    body["plaintiff"]["id_number"] = "110105194912310021"
    response = http.put(
        sandbox.base_url + c.FILING_PATH.format(filing_id=submission.filing_id),
        json=body,
        headers={c.IDEMPOTENCY_KEY_HEADER: "k"},
    )
    assert response.status_code == 422
    assert "110105194912310021" not in response.text and "张三" not in response.text
    assert response.json()["detail"][0]["loc"][:2] == ["body", "plaintiff"]


def test_409_while_the_first_request_is_in_progress(http, sandbox, admin, make_submission):
    submission = make_submission()
    admin.faults(hold_ms=700)
    results = {}
    first = threading.Thread(
        target=lambda: results.setdefault("first", put(http, sandbox, submission, "key-slow"))
    )
    first.start()
    time.sleep(0.25)
    with requests.Session() as other:
        during = put(other, sandbox, submission, "key-slow")
    first.join(10)
    admin.clear_faults()
    assert during.status_code == 409
    assert during.headers[c.RETRY_AFTER_HEADER] == "1"
    assert results["first"].status_code == 201
    after = put(http, sandbox, submission, "key-slow")
    assert after.status_code == 200 and after.json() == results["first"].json()


def test_concurrent_requests_with_one_key_file_once(sandbox, admin, make_submission):
    submission = make_submission()
    admin.faults(hold_ms=300)
    statuses: list[int] = []

    def send():
        with requests.Session() as session:
            statuses.append(put(session, sandbox, submission, "key-race").status_code)

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert statuses.count(201) == 1, statuses
    assert set(statuses) <= {201, 200, 409}
    with requests.Session() as session:
        assert len(search(session, sandbox, submission.plaintiff.id_number)) == 1


def test_tracing_ids_are_sanitised_for_the_log(http, sandbox, caplog):
    with caplog.at_level(logging.INFO, logger="court_sandbox.access"):
        http.get(sandbox.base_url + c.HEALTH_PATH, headers={c.CORRELATION_ID_HEADER: "a b\tc" + "x" * 300})
    line = next(r.getMessage() for r in caplog.records if r.name == "court_sandbox.access")
    assert "correlation_id=abc" + "x" * 125 + " " in line


def test_a_5xx_is_never_cached(http, sandbox, admin, make_submission):
    submission = make_submission()
    admin.faults(fail_next=1, status=500, phase="during")
    failed = put(http, sandbox, submission, "key-5xx")
    assert failed.status_code == 500
    assert (
        http.get(sandbox.base_url + c.FILING_PATH.format(filing_id=submission.filing_id)).status_code == 404
    )
    retried = put(http, sandbox, submission, "key-5xx")
    assert retried.status_code == 201  # the first real answer, not the 500 again


def test_a_lost_answer_is_replayed_not_refiled(http, sandbox, admin, make_submission):
    submission = make_submission()
    admin.faults(fail_next=1, status=503, phase="after", retry_after=2)
    lost = put(http, sandbox, submission, "key-lost")
    assert lost.status_code == 503 and lost.headers[c.RETRY_AFTER_HEADER] == "2"
    retried = put(http, sandbox, submission, "key-lost")
    assert retried.status_code == 200
    assert retried.json()["filing_id"] == submission.filing_id
    assert len(search(http, sandbox, submission.plaintiff.id_number)) == 1


def test_filing_status_and_review_transitions(http, sandbox, admin, make_submission):
    base = sandbox.base_url
    docketed, rejected, refused = make_submission(), make_submission(), make_submission()
    for index, submission in enumerate((docketed, rejected, refused)):
        assert put(http, sandbox, submission, f"key-review-{index}-{submission.filing_id}").status_code == 201
    status = c.FilingStatus.model_validate(
        http.get(base + c.FILING_PATH.format(filing_id=docketed.filing_id)).json()
    )
    assert (status.status, status.case_number, status.reasons) == ("待审核", None, [])

    response = admin.review(docketed.filing_id, "docket")
    assert response.status_code == 200
    result = c.FilingStatus.model_validate(response.json())
    assert result.status == "已立案"
    year, court, kind, serial = CASE_NUMBER.match(result.case_number).groups()
    assert (court, kind) == ("京0105", "民初")
    assert int(year) == datetime.now(CHINA_TIME).year

    assert admin.review(rejected.filing_id, "reject").status_code == 422  # reasons required
    response = admin.review(rejected.filing_id, "reject", ["起诉状缺少被告住所"])
    assert response.json()["status"] == "审核不通过"
    assert response.json()["reasons"] == ["起诉状缺少被告住所"]
    assert response.json()["case_number"] is None
    response = admin.review(refused.filing_id, "refuse", ["不属于本院管辖"])
    assert response.json()["status"] == "不予立案"

    assert admin.review(docketed.filing_id, "reject", ["x"]).status_code == 409  # already decided
    assert admin.review("no-such-filing", "docket").status_code == 404
    polled = http.get(base + c.FILING_PATH.format(filing_id=rejected.filing_id)).json()
    assert polled["status"] == "审核不通过" and polled["reasons"] == ["起诉状缺少被告住所"]


def test_case_serials_count_per_court_and_type(http, sandbox, admin, make_submission):
    subs = [
        make_submission(),
        make_submission(),
        make_submission(court_code="沪0115"),
        make_submission(case_type="行初", amount="0", fee_estimate="50"),
    ]
    numbers = []
    for submission in subs:
        assert put(http, sandbox, submission, str(uuid.uuid4())).status_code == 201
        numbers.append(admin.review(submission.filing_id, "docket").json()["case_number"])
    parsed = [CASE_NUMBER.match(n).groups() for n in numbers]
    assert parsed[0][1:3] == parsed[1][1:3] == ("京0105", "民初")
    assert int(parsed[1][3]) == int(parsed[0][3]) + 1
    assert parsed[2][1:3] == ("沪0115", "民初")
    assert parsed[3][1:3] == ("京0105", "行初")
    assert not any(n.startswith("0") for *_, n in parsed)  # no padding


def test_case_serials_restart_each_year(tmp_path, make_submission, admin):
    now = {"t": datetime(2025, 12, 31, 15, 59, tzinfo=UTC)}  # 23:59 in Beijing
    app = create_app(str(tmp_path / "court.sqlite3"), clock=lambda: now["t"])
    with SandboxServer(tmp_path / "court.sqlite3", app=app) as server, requests.Session() as http:
        numbers = []
        for moment in (now["t"], now["t"], datetime(2025, 12, 31, 16, 1, tzinfo=UTC)):
            now["t"] = moment
            submission = make_submission()
            assert put(http, server, submission, str(uuid.uuid4())).status_code == 201
            response = http.post(
                server.admin_url + c.REVIEW_PATH.format(filing_id=submission.filing_id),
                json={"decision": "docket"}, headers=admin_headers(server),
            )
            numbers.append(response.json()["case_number"])
    assert numbers == ["（2025）京0105民初1号", "（2025）京0105民初2号", "（2026）京0105民初1号"]


def test_case_search_matches_the_filing_side_only(http, sandbox, make_submission, new_id):
    me = new_id()
    mine = [
        make_submission(id_number=me),
        make_submission(id_number=me, court_code="京0108"),
        make_submission(other_plaintiffs=[{"kind": "person", "name": "赵六", "id_number": me}]),
        make_submission(filed_by="agent", agent={"name": "钱七", "id_number": me, "relation": "relative"}),
    ]
    as_defendant = make_submission(defendants=[{"kind": "person", "name": "王五", "id_number": me}])
    for submission in (*mine, as_defendant):
        assert put(http, sandbox, submission, str(uuid.uuid4())).status_code == 201
    items = [c.CaseSummary.model_validate(item) for item in search(http, sandbox, me.lower())]
    assert {item.filing_id for item in items} == {s.filing_id for s in mine}
    first = next(item for item in items if item.court_code == "京0108")
    assert first.court_name == "北京市海淀区人民法院"
    assert first.case_type_name == "民事一审（财产案件）"
    assert first.plaintiff_name == "张三"
    assert first.defendant_name == "李四、北京某某科技有限公司"
    assert first.status == "待审核"
    assert str(first.amount) == "100000.00"
    assert search(http, sandbox, new_id()) == []
    bad = http.post(sandbox.base_url + c.CASES_SEARCH_PATH, json={"id_number": "110105194912310021"})
    assert bad.status_code == 422 and "110105194912310021" not in bad.text


def test_fault_endpoints(http, sandbox):
    url = sandbox.admin_url + c.FAULTS_PATH
    assert http.post(url, json={"fail_next": 2}).status_code == 401  # the admin token is needed
    assert http.post(sandbox.base_url + c.FAULTS_PATH, json={"fail_next": 2}).status_code == 404  # not public
    http.headers.update(admin_headers(sandbox))
    set_ = http.post(url, json={"fail_next": 2, "status": 429, "retry_after": 7})
    assert set_.json()["fail_next"] == 2 and set_.json()["retry_after"] == "7"
    assert http.get(sandbox.base_url + c.HEALTH_PATH).status_code == 200  # only /api/v1 is affected
    for _ in range(2):
        response = http.get(sandbox.base_url + c.POLICY_PATH)
        assert response.status_code == 429 and response.headers[c.RETRY_AFTER_HEADER] == "7"
    assert http.get(sandbox.base_url + c.POLICY_PATH).status_code == 200
    assert http.get(url).json()["fail_next"] == 0
    http.post(url, json={"fail_next": 5})
    assert http.delete(url).json()["fail_next"] == 0
    assert http.get(sandbox.base_url + c.POLICY_PATH).status_code == 200


def test_logs_carry_ids_but_no_personal_data(client, make_submission, caplog):
    submission = make_submission()
    with caplog.at_level(logging.DEBUG):
        with client.correlation("corr-privacy-test"):
            client.submit_filing(submission, "key-privacy")
            client.search_cases(submission.plaintiff.id_number)
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "corr-privacy-test" in text
    access = [r for r in caplog.records if r.name == "court_sandbox.access"]
    assert len(access) == 2 and all("request_id=" in r.getMessage() for r in access)
    for secret in (submission.plaintiff.id_number, "张三", "李四", submission.claims, "13800000000"):
        assert secret not in text


def test_each_kind_of_filing_is_numbered_and_charged_as_its_kind(client, admin, make_submission):
    expectations = {
        # kind: (extra fields, case number type, fee notice amount or None)
        "first_instance": ({}, "民初", "2300.00"),
        "appeal": ({"reference_case_number": "（2025）京0105民初7号"}, "民终", "2300.00"),
        "enforcement": ({"reference_case_number": "（2025）京0105民初8号", "reference_document": "民事判决书"}, "执",
                        None),  # the enforcement fee is paid afterwards (Art. 20)
        "mediation": ({}, "民诉前调", None),  # free
    }
    for kind, (extra, code, fee) in expectations.items():
        submission = make_submission(filing_kind=kind, **extra)
        receipt = client.submit_filing(submission, str(uuid.uuid4()))
        assert (str(receipt.fee_notice.amount) if receipt.fee_notice else None) == fee, kind
        response = admin.review(submission.filing_id, "docket")
        assert response.status_code == 200, response.text
        assert f"京0105{code}" in response.json()["case_number"], kind
    with pytest.raises(Exception, match="reference_case_number"):
        make_submission(filing_kind="appeal")  # an appeal names the judgment appealed
    relief = make_submission(fee_relief={"kind": "defer", "ground": "legal_aid"})
    assert client.submit_filing(relief, str(uuid.uuid4())).fee_notice is None  # the court decides first
