"""The maintenance service (kiosk.services.maintenance): staff login by number and PIN with the
persistent lockout (PinGuard, a fake clock), each login, failure, lockout and logout audited with the
staff member's identity, the queue's rows and counts, replaying a dead letter and voiding an item (audited: who, what,
which item and a reason code, no personal data, no staff id in the log), reprinting a receipt from the
stored filing, device and court checks, and the alert about an outbox file set aside at start."""

from __future__ import annotations

import json
import logging

import pytest

from drivers.printer.simulator import SimulatedReceiptPrinter, receipt_text
from kiosk.core import DEVICE_KINDS, DeviceHealth
from kiosk.pin import DEMO_PIN, PinGuard
from kiosk.services import maintenance, receipts
from kiosk.staff import Roster, add_staff
from tests.services import fakes

PIN = "135792"


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


def _guarded(clock, tmp_path, enrol=True):
    staff_file = tmp_path / "staff.toml"
    if enrol:
        add_staff(staff_file, "0007", PIN, iterations=1000)
    roster = Roster(staff_file)
    guard = PinGuard(roster.authenticate, tmp_path / "pin_lockout.json", max_attempts=3, lockout_seconds=60,
                     clock=clock)
    service = maintenance.MaintenanceService(None, lambda: None, {"outbox": fakes.InlineWorker("outbox")}, None, guard,
                                             device_health=None, backend_health=None,
                                             audit_path=tmp_path / "audit.jsonl", roster=roster)
    return service, fakes.recorder(service.login_result)


def _audit(service):
    return [(e["action"], e["reason"], e["staff"]) for e in service.audit.entries()]


def test_wrong_pins_lock_staff_login_for_a_while(tmp_path, clock, caplog):
    caplog.set_level(logging.INFO)
    service, results = _guarded(clock, tmp_path)
    service.try_login("0007", "000000")
    service.try_login("0099", PIN)  # not enrolled: counts too
    assert [(r.reason, r.attempts_left) for r in results] == [("wrong_pin", 2), ("unknown_staff", 1)]
    service.try_login("0007", "000000")
    locked = results[-1]
    assert not locked.ok and locked.lockout == (1, 60) and locked.locked_until is not None
    service.try_login("0007", PIN)  # the right PIN does not lift the lock
    assert results[-1].reason == "locked" and not results[-1].ok
    assert service.staff == ""
    assert _audit(service) == [("login_failed", "wrong_pin", "staff:0007"), ("login_failed", "unknown_staff", "staff:0099"),
                               ("login_failed", "wrong_pin", "staff:0007"), ("pin_lockout", "n1-60s", "staff:0007"),
                               ("login_failed", "locked", "staff:0007")]
    clock.advance(60)
    service.try_login("0007", PIN)
    assert results[-1].ok and results[-1].staff == "staff:0007" and service.staff == "staff:0007"
    assert _audit(service)[-1] == ("login", "pin", "staff:0007")
    assert PIN not in caplog.text and "000000" not in caplog.text and "0007" not in caplog.text


def test_login_logout_and_card_are_audited_with_the_identity(tmp_path, clock):
    service, results = _guarded(clock, tmp_path)
    service.try_login("0007", PIN)
    service.note("device_test", "", "camera")
    service.logout("idle")
    service.logout("idle")  # nobody logged in: nothing more
    service.card_login("S-0042")
    service.logout("card_removed")
    service.try_login("7x", PIN)  # not a staff number: not even tried
    assert results[-1].reason == "bad_number"
    assert _audit(service) == [("login", "pin", "staff:0007"), ("device_test", "camera", "staff:0007"),
                               ("logout", "idle", "staff:0007"), ("login", "card", "card:S-0042"),
                               ("logout", "card_removed", "card:S-0042")]


def test_without_enrolled_staff_nobody_logs_in_with_a_pin(tmp_path, clock):
    service, results = _guarded(clock, tmp_path, enrol=False)
    service.try_login("0001", DEMO_PIN)
    assert results[-1].reason == "no_staff" and service.staff == ""
    assert _audit(service) == [("login_failed", "no_staff", "staff:0001")]


def test_the_demo_staff_member_opens(rig):
    service, *_ = rig
    results = fakes.recorder(service.login_result)
    service.try_login("0001", DEMO_PIN)  # the demo configuration's staff member
    service.try_login("0001", "975310")
    assert [r.ok for r in results] == [True, False]
    assert service.relock_seconds == 60


def test_the_queue_rows_and_counts(rig, outbox):
    service, signals, _, listeners = rig
    filing = fakes.store_filing(outbox, fakes.submission(fakes.person()))
    outbox.mark_dead(filing.id, "HTTP 422: refused")
    service.refresh_queue()
    stats, rows = signals["queue_status"][-1]
    assert stats["dead"] == 1 and stats["pending"] == 0
    assert [(r.item_id, r.kind, r.state, r.last_error) for r in rows] == [
        (filing.id, "filing", "dead", "HTTP 422: refused")]

    (listener,) = listeners  # the sync worker's changes refresh the rows while staff look
    listener(filing.id, "dead")
    assert len(signals["queue_status"]) == 1  # nobody logged in: nothing read
    service.staff = "staff:0001"
    listener(filing.id, "dead")
    assert len(signals["queue_status"]) == 2


def test_the_queue_lists_open_items_first_then_the_latest_without_payloads(rig, outbox, monkeypatch):
    service, signals, _, _ = rig
    monkeypatch.setattr(maintenance, "LISTED", 4)
    items = [fakes.store_filing(outbox, fakes.submission(fakes.person())) for _ in range(6)]
    for item in items:
        if item is items[1]:
            outbox.mark_dead(item.id, "HTTP 422: refused")  # (a dead letter: staff must see it however old)
        else:
            outbox.mark_delivered(item.id, {"ok": True})
    audit = outbox.enqueue("audit", {"seq": 1}, idempotency_key="audit-1")
    outbox.mark_delivered(audit.id, {"ok": True})
    decrypted = []
    monkeypatch.setattr(outbox, "_decode_payload", lambda *a: decrypted.append(a))
    service.refresh_queue()
    stats, rows = signals["queue_status"][-1]
    assert [r.item_id for r in rows] == [items[1].id, items[5].id, items[4].id, items[3].id]
    assert stats["delivered"] == 6 and stats["dead"] == 1  # (5 filings and the audit entry)  # the counts are of everything
    assert decrypted == []  # no payload read to list them


def test_replaying_a_dead_letter_is_audited_and_wakes_the_sender(rig, outbox, config, caplog):
    caplog.set_level(logging.INFO)
    service, signals, wake, _ = rig
    plaintiff = fakes.person()
    dead = fakes.store_filing(outbox, fakes.submission(plaintiff))
    outbox.mark_dead(dead.id, "HTTP 422: refused")
    service.staff = "card:S-0042"

    service.retry(dead.id)

    assert outbox.get(dead.id).state == "pending"
    assert wake.count == 2  # the replayed item, and the audit entry that goes to the court
    (entry,) = service.audit.entries()
    assert (entry["action"], entry["item"], entry["reason"], entry["staff"]) == ("replay", dead.id, "", "card:S-0042")
    assert (entry["seq"], entry["kiosk_id"], entry["prev"]) == (1, config.get("kiosk.kiosk_id"), "0" * 64)
    delivered = outbox.get(f"audit-{entry['kiosk_id']}-1")  # hash-chained and in the outbox (kiosk.audit)
    assert delivered.kind == "audit" and delivered.payload == entry
    assert signals["queue_status"][-1][0]["pending"] == 2  # the replayed item and the audit entry
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

    service.staff = "staff:0007"
    service.void(item.id, "duplicate")

    assert signals["voided"] == [(item.id, True)]
    assert outbox.get(item.id).state == "voided"
    (entry,) = service.audit.entries()
    assert (entry["action"], entry["item"], entry["reason"], entry["staff"]) == ("void", item.id, "duplicate",
                                                                                 "staff:0007")
    assert json.loads(service.audit.path.read_text(encoding="utf-8").splitlines()[0]) == entry


def test_an_item_that_cannot_be_voided_is_reported_and_not_audited(rig, outbox):
    service, signals, _, _ = rig
    item = fakes.store_filing(outbox, fakes.submission(fakes.person()))
    outbox.mark_delivered(item.id, fakes.filing_receipt(item.id, None))
    service.void(item.id, "withdrawn")
    assert signals["voided"] == [(item.id, False)]
    assert service.audit.entries() == []


def test_an_audit_entry_waiting_in_the_queue_cannot_be_voided(rig, outbox):
    service, signals, _, _ = rig
    entry = service.audit.record("reprint", "item-1", "", "staff:1234")
    queued = outbox.get(f"audit-{entry['kiosk_id']}-{entry['seq']}")
    assert queued.state == "pending"
    service.void(queued.id, "duplicate")
    assert signals["voided"] == [(queued.id, False)]
    assert outbox.get(queued.id).state == "pending" and len(service.audit.entries()) == 1


def test_a_receipt_is_reprinted_from_the_stored_filing(rig, outbox, printer):
    service, signals, _, _ = rig
    filing = fakes.store_filing(outbox, fakes.submission(fakes.person()))
    service.staff = "card:S-0042"
    service.reprint(filing.id)
    assert signals["reprinted"] == [filing.id]
    assert [(e["action"], e["item"], e["staff"]) for e in service.audit.entries()] == [
        ("reprint", filing.id, "card:S-0042")]
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
