"""The maintenance service (kiosk.services.maintenance): PIN entry with lockout (PinGuard, a fake
clock), the queue's rows and counts, replaying a dead letter and voiding an item (audited: who, what,
which item and a reason code, no personal data, no staff id in the log), reprinting a receipt from the
stored filing, device and court checks, and the alert about an outbox file set aside at start."""

from __future__ import annotations

import json
import logging

import pytest

from drivers.printer.simulator import SimulatedReceiptPrinter, receipt_text
from kiosk.core import DEVICE_KINDS, DeviceHealth
from kiosk.pin import DEMO_PIN, PinGuard, hash_pin
from kiosk.services import maintenance, receipts
from tests.services import fakes

PIN = "1357"


@pytest.fixture
def printer():
    return SimulatedReceiptPrinter()


@pytest.fixture
def rig(outbox, config, policy, printer):
    wake, listeners = fakes.Calls(), []
    receipt_service = receipts.ReceiptService(printer, fakes.InlineWorker("receipt_printer"), policy)
    spec = maintenance.SERVICE
    service = spec.factory(fakes.make_deps(
        spec, config, outbox=outbox, wake_sync=wake, services={"receipts": receipt_service},
        device_health=lambda kind: DeviceHealth(kind, "simulator", "ok", "ready"),
        backend_health=lambda: (True, "http://127.0.0.1:8000"), subscribe_queue=listeners.append))
    signals = {name: fakes.recorder(getattr(service, name))
               for name in ("device_status", "backend_status", "queue_status", "reprinted", "reprint_failed",
                            "voided")}
    return service, signals, wake, listeners


def _guarded(clock, tmp_path):
    guard = PinGuard(hash_pin(PIN, iterations=1000), max_attempts=3, lockout_seconds=60, clock=clock)
    return maintenance.MaintenanceService(None, lambda: None, {}, None, guard, device_health=None,
                                          backend_health=None, audit_path=tmp_path / "audit.jsonl")


def test_wrong_pins_lock_maintenance_entry_for_a_while(tmp_path, clock, caplog):
    caplog.set_level(logging.INFO)
    service = _guarded(clock, tmp_path)
    assert [service.try_pin("0000").attempts_left for _ in range(2)] == [2, 1]
    locked = service.try_pin("0000")
    assert not locked.ok and locked.locked_until == clock() + 60
    refused = service.try_pin(PIN)  # the right PIN does not lift the lock
    assert not refused.ok and refused.attempts_left == 0
    clock.advance(60)
    assert service.try_pin(PIN).ok
    assert PIN not in caplog.text and "0000" not in caplog.text


def test_the_configured_pin_opens(rig):
    service, *_ = rig
    assert service.try_pin(DEMO_PIN).ok  # the demo configuration's PIN
    assert not service.try_pin("0000").ok


def test_the_queue_rows_and_counts(rig, outbox):
    service, signals, _, listeners = rig
    filing = fakes.store_filing(outbox, fakes.submission(fakes.person()))
    outbox.mark_dead(filing.id, "HTTP 422: refused")
    service.refresh_queue()
    stats, rows = signals["queue_status"][-1]
    assert stats["dead"] == 1 and stats["pending"] == 0
    assert [(r.item_id, r.kind, r.state, r.last_error) for r in rows] == [
        (filing.id, "filing", "dead", "HTTP 422: refused")]

    (listener,) = listeners  # the sync worker's changes refresh the rows
    listener(filing.id, "dead")
    assert len(signals["queue_status"]) == 2


def test_replaying_a_dead_letter_is_audited_and_wakes_the_sender(rig, outbox, caplog):
    caplog.set_level(logging.INFO)
    service, signals, wake, _ = rig
    plaintiff = fakes.person()
    dead = fakes.store_filing(outbox, fakes.submission(plaintiff))
    outbox.mark_dead(dead.id, "HTTP 422: refused")
    service.staff = "card:S-0042"

    service.retry(dead.id)

    assert outbox.get(dead.id).state == "pending"
    assert wake.count == 1
    (entry,) = service.audit.entries()
    assert (entry["action"], entry["item"], entry["reason"], entry["staff"]) == ("replay", dead.id, "", "card:S-0042")
    assert signals["queue_status"][-1][0]["pending"] == 1
    assert "S-0042" not in caplog.text
    audit_text = service.audit.path.read_text(encoding="utf-8")
    for value in fakes.personal_values(plaintiff):
        assert value not in audit_text

    service.retry(dead.id)  # pending now: nothing to replay, nothing audited
    assert len(service.audit.entries()) == 1


def test_voiding_needs_a_reason_code_and_is_audited(rig, outbox):
    service, signals, _, _ = rig
    item = fakes.store_filing(outbox, fakes.submission(fakes.person()))
    with pytest.raises(ValueError):
        service.void(item.id, "the litigant 测试甲 asked")  # free text: refused
    assert service.audit.entries() == [] and outbox.get(item.id).state == "pending"

    service.void(item.id, "duplicate")

    assert signals["voided"] == [(item.id, True)]
    assert outbox.get(item.id).state == "voided"
    (entry,) = service.audit.entries()
    assert (entry["action"], entry["item"], entry["reason"], entry["staff"]) == ("void", item.id, "duplicate", "pin")
    assert json.loads(service.audit.path.read_text(encoding="utf-8").splitlines()[0]) == entry


def test_an_item_that_cannot_be_voided_is_reported_and_not_audited(rig, outbox):
    service, signals, _, _ = rig
    item = fakes.store_filing(outbox, fakes.submission(fakes.person()))
    outbox.mark_delivered(item.id, fakes.filing_receipt(item.id, None))
    service.void(item.id, "withdrawn")
    assert signals["voided"] == [(item.id, False)]
    assert service.audit.entries() == []


def test_a_receipt_is_reprinted_from_the_stored_filing(rig, outbox, printer):
    service, signals, _, _ = rig
    filing = fakes.store_filing(outbox, fakes.submission(fakes.person()))
    service.reprint(filing.id)
    assert signals["reprinted"] == [filing.id]
    assert "（补打）" in receipt_text(printer.last_job)

    message = outbox.enqueue("message", {"text": "x"}, "message-1", item_id="m-1")
    service.reprint(message.id)
    service.reprint("no-such-item")
    assert signals["reprint_failed"] == [(message.id, "unknown"), ("no-such-item", "unknown")]
    printer.set_offline(True)
    service.reprint(filing.id)
    assert signals["reprint_failed"][-1] == (filing.id, "offline")


def test_the_devices_and_the_court_are_checked(rig):
    service, signals, _, _ = rig
    service.refresh()
    assert [h.kind for h in signals["device_status"]] == list(DEVICE_KINDS)
    assert signals["backend_status"] == [(True, "http://127.0.0.1:8000")]
    assert len(signals["queue_status"]) == 1


def test_an_outbox_file_set_aside_at_start_is_an_alert(tmp_path, config):
    def built(set_aside):
        spec = maintenance.SERVICE
        return spec.factory(fakes.make_deps(spec, config, outbox=fakes.FailingOutbox(), queue_set_aside=set_aside,
                                            services={"receipts": None}))

    assert built(None).queue_alert == ""
    damaged = built(tmp_path / "outbox.sqlite3.corrupt-20260301T080000Z")
    assert damaged.queue_alert == "outbox.sqlite3.corrupt-20260301T080000Z" and not damaged.queue_alert_unreadable
    assert built(tmp_path / "outbox.sqlite3.unreadable-20260301T080000Z").queue_alert_unreadable
