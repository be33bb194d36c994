"""The risk engine's parts: periods counted as the Civil Code counts them, answers checked (a bad one
is refused with its key, nothing guessed), the JSON, the QR's summary (short, self-contained, no
personal data) and the report's HTML; and `kiosk risk assess FILE.json` run as a process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest

from kiosk.risk import AnswerError, add_period, assess, load_catalog, parse_answers
from kiosk.risk.model import Period
from kiosk.risk.report import QR_MAX_BYTES, report_html, summary_text, to_json

TODAY = date(2025, 6, 1)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.mark.parametrize(("start", "period", "last"), [
    (date(2022, 5, 31), Period(years=3), date(2025, 5, 31)),
    (date(2020, 2, 29), Period(years=3), date(2023, 2, 28)),  # no 29 February: the month's last day
    (date(2024, 8, 31), Period(months=6), date(2025, 2, 28)),
    (date(2023, 12, 1), Period(months=18), date(2025, 6, 1)),
    (date(2025, 5, 17), Period(days=15), date(2025, 6, 1)),
])
def test_periods_end_on_the_corresponding_day(start, period, last):
    assert add_period(start, period) == last


@pytest.mark.parametrize(("answers", "key", "code"), [
    ({"amount": "12,000.555"}, "amount", "amount_format"),
    ({"amount": "-5"}, "amount", "amount_format"),
    ({"limitation_start": "2025/01/01"}, "limitation_start", "date_format"),
    ({"limitation_start": "2025-02-30"}, "limitation_start", "date_format"),
    ({"contract_date": "2025-06-02"}, "contract_date", "date_future"),
    ({"interest_rate": "two percent"}, "interest_rate", "percent_format"),
    ({"has_iou": "maybe"}, "has_iou", "not_allowed"),
    ({"divorce_reason": "yes"}, "divorce_reason", "unknown_question"),
])
def test_bad_answers_are_refused_with_their_key(catalog, answers, key, code):
    with pytest.raises(AnswerError) as caught:
        parse_answers(catalog, "private_lending", answers, TODAY)
    assert (caught.value.key, caught.value.code) == (key, code)


def test_an_unknown_case_type_is_refused(catalog):
    with pytest.raises(AnswerError) as caught:
        assess(catalog, "piracy", {}, TODAY)
    assert caught.value.code == "unknown_case_type"


def test_answers_are_normalised_and_missing_ones_are_unknown(catalog):
    normal = parse_answers(catalog, "private_lending", {"amount": "12,000", "interest_rate": "24%",
                                                        "has_iou": " yes "}, TODAY)
    assert normal["amount"] == "12000" and normal["interest_rate"] == "24" and normal["has_iou"] == "yes"
    assert normal["has_transfer_records"] == "unknown" and len(normal) == len(
        catalog.case_types["private_lending"].questions)


def test_unknown_dates_are_a_risk_of_their_own(catalog):
    result = assess(catalog, "private_lending", {}, TODAY)
    limitation = next(r for r in result.risks if r.id == "limitation_contract")
    assert limitation.level == "medium" and "无法判断" in limitation.reason.zh_CN


def test_json_has_levels_reasons_and_citations_in_the_language_asked(catalog):
    result = assess(catalog, "private_lending", {"limitation_start": "2022-05-31", "amount": "50000"}, TODAY)
    zh, en = to_json(catalog, result, "zh_CN"), to_json(catalog, result, "en")
    first = zh["risks"][0]
    assert first["id"] == "limitation_contract" and first["level"] == "high" and first["level_name"] == "高风险"
    assert first["rules"][0]["citation"] == "《中华人民共和国民法典》第一百八十八条"
    assert en["risks"][0]["rules"][0]["citation"] == "Civil Code of the PRC, Art. 188"
    assert en["risks"][0]["reason"].startswith("The three-year limitation period ended on 2025-05-31")
    assert zh["overall"] == "high" and zh["fee"]["total"] == "1050.00"
    assert "不构成法律意见" in zh["disclaimer"] and "not legal advice" in en["disclaimer"]


def test_the_summary_is_short_self_contained_and_has_no_personal_data(catalog):
    answers = {"amount": "98765.43", "limitation_start": "2022-05-31", "has_iou": "no", "has_transfer_records": "no",
               "interest_rate": "36", "contract_date": "2021-03-04"}
    result = assess(catalog, "private_lending", answers, TODAY)
    text = summary_text(catalog, result, "zh_CN")
    assert text.startswith("诉讼风险评估 民间借贷纠纷 2025年6月1日")
    assert "[高风险] 诉讼时效 (《民法典》第188条)" in text
    assert "98765" not in text and "98,765" not in text and "2021" not in text  # nothing typed
    assert len(text.encode()) <= QR_MAX_BYTES
    assert text.splitlines()[-1] == "本评估仅供参考，不构成法律意见，也不代表法院对案件的立案或裁判意见"
    english = summary_text(catalog, result, "en")
    assert len(english.encode()) <= QR_MAX_BYTES and "[High risk] Limitation period" in english


def test_the_report_html_cites_the_statutes_and_carries_the_qr(catalog):
    result = assess(catalog, "divorce", {"husband_wife_pregnant": "yes"}, TODAY)
    html = report_html(catalog, result, "zh_CN", court_name="北京市朝阳区人民法院")
    assert "诉讼风险评估报告" in html and "北京市朝阳区人民法院" in html
    assert "《中华人民共和国民法典》第一千零八十二条" in html and "data:image/png;base64," in html
    assert "不构成法律意见" in html
    assert "<script" not in html


def run_cli(tmp_path, *args, stdin=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update({"KIOSK_KIOSK__DATA_DIR": str(tmp_path / "data"), "KIOSK_KIOSK__LOG_DIR": str(tmp_path / "log")})
    return subprocess.run([sys.executable, "-m", "kiosk", "risk", *args], capture_output=True, text=True, env=env,
                          input=stdin, timeout=60)


def test_cli_prints_the_assessment_as_json(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"case_type": "labour_remuneration", "today": "2025-06-01", "answers": {
        "amount": "12000", "employment_ongoing": "no", "limitation_start": "2024-05-31", "arbitration_done": "no",
        "has_wage_iou": "no"}}), encoding="utf-8")
    result = run_cli(tmp_path, "assess", str(path))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    levels = {risk["id"]: risk["level"] for risk in out["risks"]}
    assert levels["arbitration_first_wages"] == "high" and levels["limitation_wages"] == "high"
    assert out["case_type_name"] == "追索劳动报酬纠纷" and out["today"] == "2025-06-01"
    assert out["fee"]["payable_now"] == "0.00"  # Decree 481 Art. 20: wages are not prepaid

    english = run_cli(tmp_path, "assess", "-", "--lang", "en", "--today", "2025-05-31",
                      stdin=path.read_text(encoding="utf-8"))
    assert english.returncode == 0, english.stderr
    out = json.loads(english.stdout)
    assert out["case_type_name"] == "Unpaid wages" and out["today"] == "2025-05-31"
    assert {risk["id"]: risk["level"] for risk in out["risks"]}["limitation_wages"] == "medium"  # its last day


def test_cli_refuses_a_bad_answer_with_a_message(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"case_type": "private_lending", "answers": {"limitation_start": "31.05.2022"}}),
                    encoding="utf-8")
    result = run_cli(tmp_path, "assess", str(path))
    assert result.returncode == 2 and result.stdout == ""
    assert "limitation_start: date_format" in result.stderr
    missing = run_cli(tmp_path, "assess", str(tmp_path / "nothing.json"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr
