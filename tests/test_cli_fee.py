"""`kiosk fee`: the Decree 481 fee as JSON, run as a process the way staff run it.

Expected figures are worked out by hand (see tests/kiosk/test_kiosk_fee_vectors.py for the scales).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest

D = Decimal


def run(args, tmp_path, env_extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update({"KIOSK_KIOSK__DATA_DIR": str(tmp_path / "data"), "KIOSK_KIOSK__LOG_DIR": str(tmp_path / "log")})
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "kiosk", "fee", *args], capture_output=True, text=True, env=env,
                          timeout=60)


def fee(args, tmp_path, env_extra=None) -> dict:
    result = run(args, tmp_path, env_extra)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = json.loads(result.stdout)
    assert sum(D(line["amount"]) for line in out["breakdown"]) == D(out["fee"])
    assert all(set(line) >= {"label", "amount"} for line in out["breakdown"])
    return out


@pytest.mark.parametrize(
    ("args", "kind", "amount", "total", "now"),
    [
        (["property", "10001"], "property", "10001", "50.03", "50.03"),
        (["10001"], "property", "10001", "50.03", "50.03"),  # the older form: a property case
        (["property", "1,000,000"], "property", "1000000", "13800.00", "13800.00"),
        (["enforcement", "600000"], "enforcement", "600000", "8400.00", "0.00"),  # 7,400 + 100,000 * 1%; Art. 20
        (["enforcement"], "enforcement", None, "50.00", "0.00"),
        (["preservation", "2000000"], "preservation", "2000000", "5000.00", "5000.00"),  # capped
        (["preservation"], "preservation", None, "30.00", "30.00"),
        (["labour"], "labour", None, "10.00", "10.00"),
        (["divorce"], "divorce", None, "50.00", "50.00"),
        (["divorce", "300000"], "divorce", "300000", "550.00", "550.00"),
        (["personality", "150000"], "personality_rights", "150000", "850.00", "850.00"),
        (["payment_order", "100000"], "payment_order", "100000", "766.67", "766.67"),
        (["bankruptcy", "1000000000"], "bankruptcy", "1000000000", "300000.00", "0.00"),
    ],
)
def test_kinds(tmp_path, args, kind, amount, total, now):
    out = fee(args, tmp_path)
    assert out["kind"] == kind
    assert out["amount"] == amount
    assert out["fee"] == total
    assert out["payable_now"] == now
    assert out["schedule"] == "decree481-2007"


@pytest.mark.parametrize(
    ("flags", "total"),
    [
        (["--simple"], "1150.00"),
        (["--mediated"], "1150.00"),
        (["--counterclaim"], "1150.00"),
        (["--simple", "--mediated"], "1150.00"),  # halved once by default
        (["--appeal"], "2300.00"),
        (["--appeal", "--mediated"], "1150.00"),
    ],
)
def test_adjustments(tmp_path, flags, total):
    out = fee(["property", "100000", *flags], tmp_path)
    assert out["fee"] == total
    assert out["appeal"] is ("--appeal" in flags)


def test_appeal_line_says_so(tmp_path):
    out = fee(["property", "100000", "--appeal"], tmp_path)
    assert "第十七条" in out["breakdown"][0]["label"] and out["breakdown"][0]["amount"] == "0.00"


def test_stacking_comes_from_config(tmp_path):
    out = fee(["property", "100000", "--simple", "--mediated"], tmp_path, {"KIOSK_FEES__STACK_HALVING": "true"})
    assert out["fee"] == "575.00"


def test_rounding_and_province_figures_come_from_config(tmp_path):
    env = {"KIOSK_FEES__ROUNDING": "ROUND_DOWN", "KIOSK_FEES__DIVORCE": "300", "KIOSK_FEES__SCHEDULE_VERSION": "bj-1"}
    assert fee(["property", "10001"], tmp_path, env)["fee"] == "50.02"  # 50.025 down
    out = fee(["divorce", "300000"], tmp_path, env)
    assert out["fee"] == "800.00" and out["schedule"] == "bj-1" and out["rounding"] == "ROUND_DOWN"
    out = fee(["property", "10020"], tmp_path, {"KIOSK_FEES__QUANTUM": "1"})
    assert out["fee"] == "51" and out["quantum"] == "1"  # 50.5 half up


@pytest.mark.parametrize(
    ("relief", "total", "now"),
    [
        (["--relief", "waive", "--ground", "disabled_no_income"], "0.00", "0.00"),
        (["--relief", "reduce:0.5", "--ground", "other_reduce"], "1150.00", "1150.00"),
        (["--relief", "reduce:30%", "--ground", "special_care"], "1610.00", "1610.00"),
        (["--relief", "defer", "--ground", "legal_aid"], "2300.00", "0.00"),
    ],
)
def test_relief(tmp_path, relief, total, now):
    out = fee(["property", "100000", *relief], tmp_path)
    assert out["fee_before_relief"] == "2300.00"
    assert out["fee"] == total and out["payable_now"] == now
    assert out["relief"]["ground"] == relief[-1] and out["relief"]["ground_label"]
    assert out["notes"]


def test_unpaid_wages(tmp_path):
    out = fee(["labour", "--unpaid-wages"], tmp_path)
    assert out["fee"] == "10.00" and out["payable_now"] == "0.00" and out["prepay"] is False


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["tax", "100"], "unknown fee kind"),
        (["property"], "property needs an amount"),
        (["property", "-5"], "negative"),
        (["property", "12,34"], "format"),
        (["property", "0"], "greater than zero"),
        (["labour", "100"], "no amount"),
        (["preservation", "1000", "--simple"], "halving"),
        (["enforcement", "1000", "--appeal"], "appeal"),
        (["property", "100", "--appeal", "--simple"], "appeal"),
        (["property", "100", "--relief", "reduce:0.2", "--ground", "other_reduce"], "at least 0.3"),
        (["property", "100", "--relief", "waive"], "--ground"),
        (["property", "100", "--ground", "legal_aid"], "--relief"),
        (["property", "100", "--relief", "waive", "--ground", "legal_aid"], "is for defer"),
        (["property", "100", "--relief", "waive", "--ground", "other_waive", "--organisation"], "natural persons"),
        (["property", "100", "--relief", "pardon", "--ground", "other_waive"], "relief must be one of"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, args, says):
    result = run(args, tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kiosk fee: ") and says in lines[0], result.stderr
