"""Staff card revocations and refusal reasons (kiosk.staff_revocations, kiosk.services.staff_card): a
fetched list refuses a card, the list survives a restart, a failed fetch (garbage, oversized, offline)
keeps the last one, no list ever fetched accepts cards and says so; the simulated staff card opens
maintenance through the same service."""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime

import pytest

from drivers.smartcard.base import CardEvent, StaffCardRejected, StaffCredential
from drivers.smartcard.simulator import SimulatedStaffCardReader
from kiosk.services import staff_card
from kiosk.staff_revocations import RevocationList, RevocationUpdater
from offline_queue import contract as c
from offline_queue.client import CourtClient, PermanentError
from tests.queue.hostile_server import Answer, HostileServer
from tests.services import fakes
from tests.services.test_staff_card import FakeMaintenance, FakeMonitor, FakeReader

SERIAL = "0A1B2C3D4E5F6071"


@pytest.fixture(autouse=True)
def _qt(qapp):
    """The updater's timer needs a Qt application (no widgets)."""
    return qapp


def revocations(*serials: str) -> c.StaffCardRevocations:
    return c.StaffCardRevocations(serials=list(serials), updated_at=datetime(2025, 3, 1, tzinfo=UTC))


class FakeCourt:
    def __init__(self, answer) -> None:
        self.answer = answer
        self.calls = 0

    def staff_card_revocations(self):
        self.calls += 1
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def _service(reader, tmp_path, court):
    listing = RevocationList(tmp_path / "revoked.json")
    updater = RevocationUpdater(listing, court.staff_card_revocations, fakes.InlineWorker("network"))
    maintenance = FakeMaintenance()
    made: list[FakeMonitor] = []

    def factory(callback, reader_name_filter=None):
        made.append(FakeMonitor(callback, reader_name_filter))
        return made[-1]

    service = staff_card.StaffCardService(reader, fakes.InlineWorker("staff_card"), fakes.InlineDispatcher(),
                                          maintenance, monitor_factory=factory, revocations=listing, updater=updater)
    present = fakes.recorder(service.present)
    service.start()
    return service, made[0], maintenance, present, listing


def test_a_revoked_card_opens_and_confirms_nothing(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    reader = FakeReader()
    court = FakeCourt(revocations(SERIAL, "FFEE0011"))
    service, monitor, maintenance, present, listing = _service(reader, tmp_path, court)
    assert court.calls == 1 and service.revocation_state() == ("kept", "2025-03-01T00:00:00+00:00", 2)
    reader.card = StaffCredential("S-0042", "maintenance", SERIAL)
    monitor.emit(CardEvent("inserted", "r"))
    claimed: list = []
    service.claim = claimed.append  # the identify screen waits for a confirmation: a revoked card confirms nothing
    monitor.emit(CardEvent("inserted", "r"))
    assert present == [] and maintenance.staff == "" and claimed == []
    assert maintenance.entries == [("card_refused", "revoked", "card:S-0042")] * 2
    service.claim = None
    reader.card = StaffCredential("S-0043", "maintenance", "0A1B2C3D4E5F6072")  # another card of the fleet
    monitor.emit(CardEvent("inserted", "r"))
    assert present == [True]
    assert "S-0042" not in caplog.text and SERIAL not in caplog.text
    service.stop()


def test_the_list_is_kept_on_disk_across_a_restart_and_a_failed_fetch(tmp_path):
    reader = FakeReader()
    service, *_ = _service(reader, tmp_path, FakeCourt(revocations(SERIAL)))
    path = tmp_path / "revoked.json"
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert json.loads(path.read_text())["serials"] == [SERIAL]
    service.stop()
    # restarted, offline (or the court answers garbage: the client raises): the kept list still refuses
    for failure in (OSError("offline"), PermanentError("not a revocation list"), ValueError("oversized")):
        service, monitor, maintenance, present, listing = _service(reader, tmp_path, FakeCourt(failure))
        assert listing.is_revoked(SERIAL) and listing.is_revoked(SERIAL.lower())
        reader.card = StaffCredential("S-0042", "maintenance", SERIAL)
        monitor.emit(CardEvent("inserted", "r"))
        assert present == [] and maintenance.entries == [("card_refused", "revoked", "card:S-0042")]
        service.stop()
    # a new list replaces it
    service, monitor, maintenance, present, listing = _service(reader, tmp_path, FakeCourt(revocations()))
    monitor.emit(CardEvent("inserted", "r"))
    assert present == [True] and service.revocation_state()[2] == 0
    service.stop()


def test_without_any_list_cards_are_accepted_and_the_state_says_so(tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    reader = FakeReader()
    service, monitor, maintenance, present, listing = _service(reader, tmp_path, FakeCourt(OSError("offline")))
    assert service.revocation_state() == ("never", None, 0)
    assert "none fetched yet: revoked cards are not refused" in caplog.text
    reader.card = StaffCredential("S-0042", "maintenance", SERIAL)
    monitor.emit(CardEvent("inserted", "r"))
    assert present == [True]
    service.stop()


def test_a_damaged_kept_list_counts_as_none(tmp_path, caplog):
    (tmp_path / "revoked.json").write_text("{not json")
    listing = RevocationList(tmp_path / "revoked.json")
    assert listing.state() == ("never", None, 0) and not listing.is_revoked(SERIAL)
    assert "cannot be read" in caplog.text
    (tmp_path / "revoked.json").write_text(json.dumps({"serials": 5, "updated_at": "x", "fetched_at": "y"}))
    assert RevocationList(tmp_path / "revoked.json").state()[0] == "never"


def test_refusals_are_audited_with_their_reason(tmp_path):
    reader = FakeReader()
    service, monitor, maintenance, present, _ = _service(reader, tmp_path, FakeCourt(revocations()))
    for reason in ("outdated", "overrun", "malformed", "forged"):
        reader.card = StaffCardRejected("refused (fake)", reason)
        monitor.emit(CardEvent("inserted", "r"))
    reader.card = OSError("reader fell off")
    monitor.emit(CardEvent("inserted", "r"))
    assert [e[1] for e in maintenance.entries] == ["outdated", "overrun", "malformed", "forged", "unreadable"]
    assert present == []
    service.stop()


def test_the_simulated_staff_card_opens_and_closes_maintenance(tmp_path):
    reader = SimulatedStaffCardReader()
    maintenance = FakeMaintenance()
    service = staff_card.StaffCardService(reader, fakes.InlineWorker("staff_card"), fakes.InlineDispatcher(),
                                          maintenance)  # no monitor factory: the simulator's own monitor
    present = fakes.recorder(service.present)
    service.start()
    reader.put_card("demo-0001")
    assert present == [True] and maintenance.staff == "card:demo-0001"
    reader.take_card()
    assert present == [True, False] and maintenance.staff == ""
    claimed: list = []
    service.claim = claimed.append
    reader.put_card("demo-0001")
    assert claimed == ["demo-0001"] and present == [True, False]
    service.stop()


def test_garbage_or_oversized_lists_from_a_real_client_keep_the_last_list(tmp_path):
    """Through the court client against a hostile server: each bad answer fails the fetch, the list stays."""
    listing = RevocationList(tmp_path / "revoked.json")
    good = revocations(SERIAL).model_dump_json().encode()
    bad = [Answer(body=b"<html>oops</html>", content_type="text/html"),
           Answer(body=b'{"serials": "all", "updated_at": 1}'),
           Answer(body=b'{"serials": ["not hex!"], "updated_at": "2025-03-01T00:00:00Z"}'),
           Answer(body=b'{"serials": [' + b'"AA",' * (5 * 1024 * 1024) + b'"AA"], "updated_at": "2025-03-01T00:00:00Z"}')]
    with HostileServer() as server, CourtClient(server.base_url, "kiosk-h", timeout=2.0, deadline=5.0) as court:
        server.script = [Answer(body=good)]
        failures: list = []
        updater = RevocationUpdater(listing, court.staff_card_revocations, fakes.InlineWorker("network"))
        updater.failed.connect(failures.append)
        updater.refresh()
        assert listing.is_revoked(SERIAL) and failures == []
        for answer in bad:
            server.script = [answer]
            updater.refresh()
        assert len(failures) == len(bad)
        assert listing.is_revoked(SERIAL) and listing.state()[2] == 1
