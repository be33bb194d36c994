"""The demo persona's cases: what someone trying the kiosk sees under "my cases", "served documents"
and "read the case file" without filing anything first.

The persona is the simulated ID reader's sample card 阿依古丽·买买提 (``650102199503040021``,
`drivers.idcard.simulator.SAMPLE_CARDS[3]`): no test files cases for that number, so seeding her
cases changes nothing another test counts. The cases are made the first time anyone asks for the
persona's cases or documents, or for a demo case or document (`Records.ensure_demo`), so a sandbox
nobody asks that way holds no extra filings. Two cases:

- ``demo-case-judgment`` （<year>）京0105民初3815号, a loan dispute docketed 75 days ago: heard, a
  民事判决书 of 8 pages served 3 days ago (``demo-judgment``), 宣判 and 上诉期限 on the timeline, the
  fee paid, and a reading application already granted (``demo-reading-granted``, the window renewed
  at every start) for its case file, which holds the 30-page ``demo-bundle-30p``
  (全案证据材料汇编（30页）, the benchmark's document), evidence, the 庭审笔录 and the judgment.
  Lookup code ``DEMQ2345AB``.
- ``demo-case-hearing`` （<year>）京0108民初4127号, a labour dispute docketed 5 days ago with its
  hearing ahead and its fee (10.00) due. Lookup code ``DEMH6789CD``.

The query codes are `casegen.query_code_for(filing id)`; the admin endpoint
``GET /admin/v1/cases/{filing_id}/codes`` tells them too.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from typing import Any

from court_sandbox.casegen import FILE, SERVED, DocumentPlan
from court_sandbox.store import CHINA_TIME, _iso
from offline_queue import contract as c

log = logging.getLogger("court_sandbox")

DEMO_ID_NUMBER = "650102199503040021"
JUDGMENT_CASE = "demo-case-judgment"
HEARING_CASE = "demo-case-hearing"
LOOKUP_CODES = {JUDGMENT_CASE: "DEMQ2345AB", HEARING_CASE: "DEMH6789CD"}
SERIALS = {JUDGMENT_CASE: ("京0105", "民初", 3815), HEARING_CASE: ("京0108", "民初", 4127)}
BUNDLE_DOCUMENT = "demo-bundle-30p"
JUDGMENT_DOCUMENT = "demo-judgment"
GRANTED_APPLICATION = "demo-reading-granted"


def is_demo_ref(ref: str | None) -> bool:
    return bool(ref) and (ref.startswith("demo-") or ref in LOOKUP_CODES.values()
                          or any(f"{court}{kind}{n}号" in ref for court, kind, n in SERIALS.values()))


def is_demo_document(document_id: str | None) -> bool:
    return bool(document_id) and document_id.startswith("demo-")


def _submission(filing_id: str, confirmed: datetime) -> c.FilingSubmission:
    me = {"kind": "person", "name": "阿依古丽·买买提", "id_number": DEMO_ID_NUMBER,
          "address": "新疆乌鲁木齐市天山区解放南路50号", "phone": "13912345678"}
    if filing_id == JUDGMENT_CASE:
        data: dict[str, Any] = {
            "court_code": "京0105", "case_type": "民初",
            "defendants": [{"kind": "person", "name": "马建军", "address": "北京市朝阳区安贞路12号"}],
            "claims": "一、请求判令被告偿还借款本金人民币80000元；二、请求判令被告支付自2025年3月1日起至实际清偿之日止的"
                      "逾期利息（按全国银行间同业拆借中心公布的一年期贷款市场报价利率计算）；三、本案诉讼费用由被告负担。",
            "facts_and_reasons": "2024年9月1日，被告因经营需要向原告借款80000元，约定于2025年2月28日前归还，原告当日通过"
                                 "银行转账支付借款。借款到期后，经原告多次催要，被告至今未还。",
            "amount": "80000", "fee_estimate": "1800",
        }
    else:
        data = {
            "court_code": "京0108", "case_type": "民初-劳动争议",
            "defendants": [{"kind": "organisation", "name": "北京某某科技有限公司", "uscc": "91110108551385082Q",
                            "legal_representative": "周强"}],
            "claims": "一、请求判令被告支付拖欠的工资人民币24600元；二、请求判令被告支付解除劳动合同经济补偿金人民币18000元。",
            "facts_and_reasons": "原告于2022年4月入职被告处任软件测试工程师，被告自2025年6月起拖欠工资，原告被迫解除劳动合同。"
                                 "经劳动争议仲裁委员会裁决后，原告不服，依法提起诉讼。",
            "amount": "0", "fee_estimate": "10",
        }
    return c.FilingSubmission.model_validate(data | {
        "filing_id": filing_id, "plaintiff": me, "fee_schedule_version": "2007-481",
        "confirmed_at": confirmed.isoformat(), "lookup_code": LOOKUP_CODES[filing_id]})


def _refresh_grant(records: Any, now: datetime) -> None:
    with records.store._connect(write=True) as conn:
        conn.execute("UPDATE reading_applications SET granted_until = ? WHERE application_id = ? AND"
                     " granted_until < ?", (_iso(now + timedelta(days=30)), GRANTED_APPLICATION,
                                            _iso(now + timedelta(days=1))))


def seed(records: Any) -> None:
    """Make the demo persona's cases (once per database; later only the reading window is renewed)."""
    store, now = records.store, records.now()
    with store._connect() as conn:
        if conn.execute("SELECT 1 FROM filings WHERE filing_id = ?", (JUDGMENT_CASE,)).fetchone():
            _refresh_grant(records, now)
            return
    docketed: dict[str, datetime] = {JUDGMENT_CASE: now - timedelta(days=75), HEARING_CASE: now - timedelta(days=5)}
    for filing_id, moment in docketed.items():
        submission = _submission(filing_id, moment - timedelta(days=1))
        store.create_filing(f"demo-seed-{filing_id}", "demo-seed", submission, None, None)
        court, kind, serial = SERIALS[filing_id]
        number = f"（{moment.astimezone(CHINA_TIME).year}）{court}{kind}{serial}号"
        with store._connect(write=True) as conn:
            conn.execute("UPDATE filings SET status = ?, case_number = ?, received_at = ?, updated_at = ?"
                         " WHERE filing_id = ?", (c.STATUS_DOCKETED, number, _iso(moment - timedelta(days=1)),
                                                 _iso(moment), filing_id))
            records.on_docket(conn, filing_id, number, moment)
    hearing_at = None
    with store._connect(write=True) as conn:
        conn.execute("UPDATE fee_notices SET paid = 1 WHERE filing_id = ?", (JUDGMENT_CASE,))
        body = json.loads(conn.execute("SELECT body FROM case_records WHERE filing_id = ?",
                                       (JUDGMENT_CASE,)).fetchone()[0])
        hearing_at = datetime.fromisoformat(body["hearings"][0]["at"])
        judged = now - timedelta(days=3)
        start = docketed[JUDGMENT_CASE]
        documents = [
            DocumentPlan("demo-evidence-contract", FILE, "证据", "证据1：借款合同", start - timedelta(days=1), 3,
                         "evidence", {"attachment": "借款合同.pdf"}),
            DocumentPlan("demo-evidence-transfer", FILE, "证据", "证据2：银行转账凭证", start - timedelta(days=1), 2,
                         "evidence", {"attachment": "转账凭证.pdf"}),
            DocumentPlan(BUNDLE_DOCUMENT, FILE, "证据", "全案证据材料汇编（30页）", start + timedelta(days=16), 30,
                         "bundle"),
            DocumentPlan(JUDGMENT_DOCUMENT, SERVED, "判决书", "民事判决书", judged, 8, "judgment"),
            DocumentPlan("demo-judgment-file", FILE, "判决书", "民事判决书", judged, 8, "judgment"),
        ]
        for doc in documents:
            records._add_document(conn, JUDGMENT_CASE, doc)
        conn.execute(
            "INSERT OR IGNORE INTO reading_applications (application_id, filing_id, fingerprint, status, granted_from,"
            " granted_until, body, created_at, updated_at) VALUES (?, ?, 'demo-seed', ?, ?, ?, '{}', ?, ?)",
            (GRANTED_APPLICATION, JUDGMENT_CASE, c.READING_GRANTED, _iso(now - timedelta(days=1)),
             _iso(now + timedelta(days=30)), _iso(now - timedelta(days=2)), _iso(now - timedelta(days=1))))
    for event in (
        c.CaseEvent(filing_id=JUDGMENT_CASE, kind="timeline", label="开庭", at=hearing_at, title="公开开庭审理"),
        c.CaseEvent(filing_id=JUDGMENT_CASE, kind="timeline", label="宣判", at=judged, title="当庭宣判"),
        c.CaseEvent(filing_id=JUDGMENT_CASE, kind="timeline", label="送达", at=judged, title="民事判决书"),
        c.CaseEvent(filing_id=JUDGMENT_CASE, kind="deadline", label="上诉期限", at=judged + timedelta(days=15),
                    title="不服判决的，可在判决书送达之日起十五日内提起上诉"),
    ):
        records.add_event(event)
    log.info("demo cases seeded (%s, %s)", JUDGMENT_CASE, HEARING_CASE)
