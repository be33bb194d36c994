"""The risk assessment's rules against the vectors in risk_vectors.json: each answer set must give
the risks and levels it names (with the boundaries: a period's last day and the day after it, the
fee ratio thresholds, the interest cap to the hundredth), in both languages, the same every time."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kiosk.risk import LEVELS, assess, load_catalog

VECTORS = json.loads((Path(__file__).parent / "risk_vectors.json").read_text(encoding="utf-8"))["vectors"]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_every_case_type_has_at_least_two_vectors(catalog):
    counts = {code: 0 for code in catalog.case_types}
    for vector in VECTORS:
        counts[vector["case_type"]] += 1
    assert len(counts) >= 15
    assert min(counts.values()) >= 2, counts


def test_every_rule_is_exercised_by_some_vector(catalog):
    expected = {rule for vector in VECTORS for rule in (*vector.get("expect", {}), *vector.get("absent", []))}
    used = {rule for case in catalog.case_types.values() for rule in case.rules}
    assert used - expected == set()


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector(catalog, vector):
    today = date.fromisoformat(vector["today"])
    result = assess(catalog, vector["case_type"], vector["answers"], today)
    got = {risk.id: risk.level for risk in result.risks}
    for rule, level in vector.get("expect", {}).items():
        assert got.get(rule) == level, f"{rule}: expected {level}, got {got.get(rule)} ({got})"
    for rule in vector.get("absent", []):
        assert rule not in got, f"{rule} should not be said ({got})"
    if "overall" in vector:
        assert result.overall == vector["overall"]
    reasons = {risk.id: risk.reason for risk in result.risks}
    for rule, text in vector.get("contains", {}).items():
        assert text in reasons[rule].zh_CN, reasons[rule].zh_CN
    # highest level first, every reason filled in both languages, every risk cites a rule
    assert [LEVELS.index(r.level) for r in result.risks] == sorted(LEVELS.index(r.level) for r in result.risks)
    for risk in result.risks:
        for lang in ("zh_CN", "en"):
            assert "{" not in risk.reason.get(lang) and risk.reason.get(lang).strip()
        assert risk.statutes and all(s in catalog.statutes for s in risk.statutes)
    # deterministic: the same answers give the same risks in the same order
    again = assess(catalog, vector["case_type"], dict(reversed(list(vector["answers"].items()))), today)
    assert again.risks == result.risks
