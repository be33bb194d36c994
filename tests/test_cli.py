"""The operator's commands, run as processes the way staff run them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest


def run(args, tmp_path, env_extra=None, timeout=60):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update({"KIOSK_KIOSK__DATA_DIR": str(tmp_path / "data"), "KIOSK_KIOSK__LOG_DIR": str(tmp_path / "log"),
                "QT_QPA_PLATFORM": "offscreen"})
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, env=env,
                          timeout=timeout)


def test_doctor_passes_in_demo_mode(tmp_path):
    result = run(["doctor"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "doctor: all good" in result.stdout
    assert "court backend" in result.stdout and "receipt_printer" in result.stdout


def test_doctor_fails_when_the_receipt_printer_is_missing(tmp_path):
    result = run(["doctor"], tmp_path, {
        "KIOSK_DEVICES__RECEIPT_PRINTER__BACKEND": "escpos",
        "KIOSK_DEVICES__RECEIPT_PRINTER__CONNECTION": "network",
        "KIOSK_DEVICES__RECEIPT_PRINTER__HOST": "127.0.0.1",
        "KIOSK_DEVICES__RECEIPT_PRINTER__PORT": "9",  # discard port: nothing listens
    })
    assert result.returncode == 1
    assert "receipt_printer  escpos     missing" in result.stdout


def test_doctor_fails_when_the_court_is_unreachable(tmp_path):
    result = run(["doctor"], tmp_path, {"KIOSK_COURT__BACKEND": "remote",
                                        "KIOSK_COURT__BASE_URL": "http://127.0.0.1:9",
                                        "KIOSK_COURT__TIMEOUT_SECONDS": "2"})
    assert result.returncode == 1
    assert "court backend" in result.stdout and "missing" in result.stdout


@pytest.mark.parametrize("args", [["doctor"], ["--windowed"]])
def test_invalid_configuration_names_the_key(tmp_path, args):
    result = run(args, tmp_path, {"KIOSK_SESSION__IDLE_WARNING_SECONDS": "soon"})
    assert result.returncode == 2
    assert "session.idle_warning_seconds" in result.stderr


def test_invalid_configuration_file_names_the_key(tmp_path):
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text('[devices.receipt_printer]\nbackend = "laser"\n', encoding="utf-8")
    result = run(["doctor", "--config", str(cfg)], tmp_path)
    assert result.returncode == 2
    assert "devices.receipt_printer.backend" in result.stderr


def test_fee_prints_json(tmp_path):
    result = run(["fee", "100000"], tmp_path)
    assert result.returncode == 0
    quote = json.loads(result.stdout)
    assert Decimal(quote["total"]) == Decimal("2300")


def test_sync_delivers_the_outbox_headless_exactly_once(tmp_path):
    from court_sandbox.server import SandboxServer
    from offline_queue.client import CourtClient
    from offline_queue.outbox import Outbox
    from tests.queue_payloads import filing_payload

    data = tmp_path / "data"
    data.mkdir()
    payload = filing_payload()
    with Outbox(str(data / "outbox.sqlite3")) as outbox:
        outbox.enqueue("filing", payload, idempotency_key="key-1", item_id=payload["filing_id"])
    first = run(["sync"], tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    assert json.loads(first.stdout.strip().splitlines()[-1])["delivered"] == 1
    second = run(["sync"], tmp_path)
    assert json.loads(second.stdout.strip().splitlines()[-1])["delivered"] == 0
    with SandboxServer(str(data / "court-sandbox" / "sandbox.sqlite3")) as sandbox:
        client = CourtClient(sandbox.base_url, kiosk_id="test")
        found = client.search_cases(payload["plaintiff"]["id_number"]).items
        client.close()
    assert [c.filing_id for c in found] == [payload["filing_id"]]


def test_sync_status_prints_counts_and_dead_letters_as_json(tmp_path):
    from offline_queue.outbox import Outbox
    from tests.queue_payloads import filing_payload

    data = tmp_path / "data"
    data.mkdir()
    first, second = filing_payload(), filing_payload()
    with Outbox(str(data / "outbox.sqlite3")) as outbox:
        for payload in (first, second):
            outbox.enqueue("filing", payload, idempotency_key=payload["filing_id"], item_id=payload["filing_id"])
        outbox.claim_due()
        outbox.mark_dead(first["filing_id"], "HTTP 422: claims: field required")
    result = run(["sync", "--status"], tmp_path)
    assert result.returncode == 1, result.stderr  # an item needs a person
    status = json.loads(result.stdout)
    assert status["counts"] == {"pending": 1, "in_flight": 0, "delivered": 0, "dead": 1, "voided": 0}
    assert status["waiting"] == 1 and status["oldest_waiting_seconds"] >= 0
    assert [(d["id"], d["kind"], d["reason"]) for d in status["dead"]] == [
        (first["filing_id"], "filing", "HTTP 422: claims: field required")]
    assert first["plaintiff"]["name"] not in result.stdout and first["plaintiff"]["id_number"] not in result.stdout


def test_sync_rotate_key_re_encrypts_the_queue_and_it_still_reads(tmp_path):
    from offline_queue.outbox import Outbox
    from tests.queue_payloads import filing_payload

    data, keys = tmp_path / "data", tmp_path / "keys"
    data.mkdir()
    key = keys / "outbox.key"
    payload = filing_payload()
    with Outbox(str(data / "outbox.sqlite3"), key_path=str(key)) as outbox:
        outbox.enqueue("filing", payload, payload["filing_id"], item_id=payload["filing_id"])
        old = outbox.key_id
    before = key.read_bytes()
    result = run(["sync", "--rotate-key"], tmp_path, {"KIOSK_QUEUE__KEY_PATH": str(key)})
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["rotated"] and answer["key_id"] != old and answer["items"] == 1
    assert key.read_bytes() != before and oct(key.stat().st_mode & 0o777) == "0o600"
    with Outbox(str(data / "outbox.sqlite3"), key_path=str(key)) as outbox:
        assert outbox.key_id == answer["key_id"] and outbox.get(payload["filing_id"]).payload == payload
