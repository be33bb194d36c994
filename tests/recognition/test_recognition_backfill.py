"""Form suggestions from the lines of a complaint (kiosk.recognition.form.page_form)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kiosk.recognition import corpus
from kiosk.recognition.form import LOW_CONFIDENCE
from kiosk.recognition.form import page_form as suggest_form


def lines_of(texts, confidence=0.95):
    return [(t, confidence) for t in texts]


@pytest.mark.parametrize("seed", range(4))
def test_generated_complaints_give_the_defendant_and_the_claims(seed):
    truth = corpus.page_truth(seed)
    found = suggest_form(lines_of(truth.lines))
    assert found["defendant_kind"].value == "organisation"
    assert found["defendant_name"].value == truth.fields["names"][1]
    assert found["defendant_id"].value == truth.fields["usccs"][0]
    assert found["defendant_address"].value == truth.fields["addresses"][1]
    assert found["defendant_phone"].value == truth.fields["phones"][1].replace("-", "")
    assert Decimal(found["amount"].value) == sum(truth.fields["amounts"])
    claims = found["claims"].value.splitlines()
    assert claims == [line for line in truth.lines[10:13]]  # the three claims, punctuation as written
    assert not any(s.flagged for s in found.values())
    # nothing from the plaintiff's block or the facts leaks into the defendant's fields
    assert truth.fields["id_numbers"][0] not in {s.value for s in found.values()}


PERSON = [
    "民事起诉状",
    "原告：王五，男，汉族，住北京市东城区东四十条1号",
    "被告：赵六，女，汉族，1980年1月1日出生",
    "公民身份号码：11010519491231002X",
    "住址：北京市西城区金融街9号",
    "联系电话：13912345678",
    "诉讼请求：",
    "一、判令被告偿还借款10,000元；",
    "二、判令被告支付违约金10,000元；",
    "事实与理由：",
    "被告于2023年借款10,000元，至今未还。",
]


def test_a_person_defendant_with_an_id_number_and_equal_amounts_claimed_twice():
    found = suggest_form(lines_of(PERSON))
    assert found["defendant_kind"].value == "person"
    assert found["defendant_name"].value == "赵六"
    assert found["defendant_id"].value == "11010519491231002X"
    assert found["defendant_address"].value == "北京市西城区金融街9号"
    assert found["defendant_phone"].value == "13912345678"
    assert found["amount"].value == "20000"  # both claims count; the facts' 10,000 does not
    assert "至今未还" not in found["claims"].value


def test_claims_are_found_when_ocr_lost_the_heading():
    lines = [line for line in PERSON if not line.startswith("诉讼请求")]
    found = suggest_form(lines_of(lines))
    assert found["claims"].value.splitlines() == [PERSON[7], PERSON[8]]
    assert found["amount"].value == "20000"


def test_a_hard_to_read_line_and_a_failed_check_digit_are_flagged():
    lines = lines_of(PERSON)
    lines[2] = (PERSON[2], LOW_CONFIDENCE - 0.05)
    lines[3] = ("公民身份号码：110105194912310021", 0.95)  # check digit should be X
    found = suggest_form(lines)
    assert found["defendant_name"].flagged and found["defendant_name"].reason == "low_confidence"
    assert found["defendant_id"].flagged and found["defendant_id"].reason == "check_failed"
    assert not found["defendant_address"].flagged


def test_a_uscc_read_with_letter_o_for_zero_is_repaired_after_its_label():
    truth = corpus.page_truth(1)
    lines = list(truth.lines)
    code = truth.fields["usccs"][0]
    assert "0" in code[8:]
    lines[6] = lines[6].replace(code, code[:8] + code[8:].replace("0", "O"))
    assert suggest_form(lines_of(lines))["defendant_id"].value == code


def test_a_page_without_a_complaint_gives_nothing():
    assert suggest_form(lines_of(["Page 1", "Lorem ipsum", "12345"])) == {}
    assert suggest_form([]) == {}
