"""The risk assessment's data (assets/risk/): it loads and validates; its case types match the court
policy's case types and the fee calculator's kinds; every text has both languages; a broken edit is
refused with a message that names what is wrong."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from kiosk.domain import fees
from kiosk.risk import CatalogError, load_catalog
from kiosk.risk.model import DATA_DIR

HALL_TYPES = {  # the disputes most often filed in a hall, as the brief names them
    "private_lending", "financial_loan", "sales_contract", "house_lease", "labour_dispute", "divorce",
    "traffic_accident", "property_service", "construction_contract", "decoration_contract", "credit_card",
    "labour_remuneration", "support_payment", "personal_injury", "service_contract",
}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_the_fifteen_hall_case_types_are_there_in_order(catalog):
    assert HALL_TYPES <= set(catalog.case_types)
    names = [case.name.zh_CN for case in catalog.ordered_case_types()]
    assert names[:3] == ["民间借贷纠纷", "金融借款合同纠纷", "买卖合同纠纷"]
    assert "离婚纠纷" in names and "机动车交通事故责任纠纷" in names


def test_case_types_name_the_courts_case_types_and_fee_kinds(catalog):
    from court_sandbox.store import SEED_CASE_TYPES

    court_codes = {row[0]: row[2] for row in SEED_CASE_TYPES}
    for case in catalog.case_types.values():
        assert case.court_case_type in court_codes, case.code
        kind = fees.fee_kind(case.fee_kind)
        assert kind.value in fees.ACCEPTANCE_KINDS
    assert catalog.case_types["divorce"].court_case_type == "民初-离婚"
    assert catalog.case_types["labour_dispute"].court_case_type == "民初-劳动争议"
    assert catalog.case_types["labour_remuneration"].unpaid_wages


def test_every_case_type_asks_about_limitation_evidence_address_and_cost(catalog):
    for case in catalog.case_types.values():
        topics = {catalog.rules[r].topic for r in case.rules}
        assert {"limitation", "cost", "service", "jurisdiction"} <= topics | {"procedure"}, case.code
        assert "defendant_address_known" in case.questions
        assert "amount" in case.questions


def test_every_statute_is_cited_and_every_citation_reads_well(catalog):
    cited = {s for rule in catalog.rules.values() for s in rule.statutes}
    assert cited == set(catalog.statutes)
    assert catalog.citation("cc_188", "zh_CN") == "《中华人民共和国民法典》第一百八十八条"
    assert catalog.citation("cpl_67", "en") == "Civil Procedure Law of the PRC, Art. 67"


def test_the_lpr_table_is_in_order_and_picks_the_rate_in_force(catalog):
    days = [entry.since for entry in catalog.lpr]
    assert days == sorted(days)
    assert str(catalog.lpr_on(date(2021, 1, 1)).rate) == "3.85"
    assert str(catalog.lpr_on(date(2019, 1, 1)).rate) == "4.25"  # before the first: the first


def copy_data(tmp_path):
    target = tmp_path / "risk"
    shutil.copytree(DATA_DIR, target)
    return target


def test_a_rule_naming_an_unknown_statute_is_refused(tmp_path):
    folder = copy_data(tmp_path)
    path = folder / "rules.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('statutes = ["cpl_95"]', 'statutes = ["cpl_9999"]'),
                    encoding="utf-8")
    with pytest.raises(CatalogError, match="unknown statute 'cpl_9999'"):
        load_catalog(folder)


def test_a_text_without_its_english_is_refused(tmp_path):
    folder = copy_data(tmp_path)
    path = folder / "case_types" / "divorce.toml"
    text = path.read_text(encoding="utf-8").replace(', en = "Divorce" }', " }", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError, match="divorce.*en"):
        load_catalog(folder)


def test_a_rule_reading_a_question_its_case_type_does_not_ask_is_refused(tmp_path):
    folder = copy_data(tmp_path)
    path = folder / "case_types" / "house_lease.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"in_court_area"]', ']', 1), encoding="utf-8")
    with pytest.raises(CatalogError, match="house_lease: rule jurisdiction_property needs"):
        load_catalog(folder)


def test_an_unknown_placeholder_is_refused(tmp_path):
    folder = copy_data(tmp_path)
    path = folder / "rules.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("已于{deadline}届满（已超过{days}天）",
                                                             "已于{deadlin}届满", 1), encoding="utf-8")
    with pytest.raises(CatalogError, match=r"placeholders \['deadlin'\]"):
        load_catalog(folder)


def test_a_toml_syntax_error_names_the_file(tmp_path):
    folder = copy_data(tmp_path)
    (folder / "questions.toml").write_text("[questions.amount\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="questions.toml"):
        load_catalog(folder)
