"""The staff card service (kiosk.services.staff_card) with a fake reader and a fake PC/SC monitor:
a maintenance card opens maintenance mode (`present(True)`, the audit names card:<staff id>: login
"card"), taking it off or losing the smart-card service closes it (logout "card_removed"), any other
role or an unreadable card opens nothing (audited "card_refused"), and the staff id never reaches a log."""

from __future__ import annotations

import logging

from drivers.smartcard.base import CardEvent, ReaderEvent, ServiceEvent, StaffCardRejected, StaffCredential
from kiosk.services import staff_card
from tests.services import fakes


class FakeReader:
    def __init__(self) -> None:
        self.card: StaffCredential | Exception | None = None
        self.reads = 0

    def read(self):
        self.reads += 1
        if isinstance(self.card, Exception):
            raise self.card
        return self.card


class FakeMaintenance:
    """The maintenance service's staff bookkeeping (kiosk.services.maintenance), recording its audit."""

    def __init__(self) -> None:
        self.staff = ""
        self.entries: list[tuple[str, str, str]] = []  # action, reason, staff
        self.audit = self

    def record(self, action: str, item_id: str = "", reason: str = "", staff: str = "") -> dict:
        self.entries.append((action, reason, staff))
        return {}

    def card_login(self, staff_id: str) -> None:
        self.staff = f"card:{staff_id}"
        self.record("login", "", "card", self.staff)

    def logout(self, reason: str) -> None:
        if self.staff:
            self.record("logout", "", reason, self.staff)
            self.staff = ""


class FakeMonitor:
    """Built by the service with its event callback; `emit` plays an event from the PC/SC thread."""

    def __init__(self, callback, reader_name_filter=None) -> None:
        self.callback = callback
        self.reader_name_filter = reader_name_filter
        self.running = False

    def start(self) -> None:
        self.running = True

    def stop(self) -> None:
        self.running = False

    def emit(self, event) -> None:
        self.callback(event)


def _started(reader, name_filter="ACS"):
    made: list[FakeMonitor] = []

    def factory(callback, reader_name_filter=None):
        made.append(FakeMonitor(callback, reader_name_filter))
        return made[-1]

    maintenance = FakeMaintenance()
    dispatcher = fakes.InlineDispatcher()
    service = staff_card.StaffCardService(reader, fakes.InlineWorker("staff_card"), dispatcher, maintenance,
                                          name_filter, monitor_factory=factory)
    present = fakes.recorder(service.present)
    service.start()
    return service, made, maintenance, present, dispatcher


def test_a_maintenance_card_opens_and_taking_it_off_closes(caplog):
    caplog.set_level(logging.INFO)
    reader = FakeReader()
    service, (monitor,), maintenance, present, dispatcher = _started(reader)
    assert monitor.running and monitor.reader_name_filter == "ACS"

    reader.card = StaffCredential("S-0042", "maintenance")
    monitor.emit(CardEvent("inserted", "ACS ACR39U 00"))
    assert present == [True]
    assert maintenance.staff == "card:S-0042"
    assert dispatcher.posted == 1  # the monitor's event reached the GUI thread through the dispatcher

    monitor.emit(CardEvent("removed", "ACS ACR39U 00"))
    assert present == [True, False]
    assert maintenance.staff == ""
    assert maintenance.entries == [("login", "card", "card:S-0042"), ("logout", "card_removed", "card:S-0042")]

    monitor.emit(CardEvent("removed", "ACS ACR39U 00"))  # nothing open: nothing to close
    assert present == [True, False]
    assert "S-0042" not in caplog.text
    service.stop()
    assert not monitor.running


def test_losing_the_smart_card_service_closes_maintenance():
    reader = FakeReader()
    _, (monitor,), maintenance, present, _ = _started(reader)
    reader.card = StaffCredential("S-0042", "maintenance")
    monitor.emit(CardEvent("inserted", "r"))
    monitor.emit(ReaderEvent("added", "r2"))  # other events change nothing
    monitor.emit(ServiceEvent("lost", "pcscd stopped"))
    assert present == [True, False] and maintenance.staff == ""
    assert maintenance.entries[-1] == ("logout", "card_removed", "card:S-0042")


def test_a_card_of_another_role_or_a_bad_card_opens_nothing(caplog):
    caplog.set_level(logging.INFO)
    reader = FakeReader()
    _, (monitor,), maintenance, present, _ = _started(reader)

    reader.card = StaffCredential("S-0099", "viewer")
    monitor.emit(CardEvent("inserted", "r"))
    reader.card = StaffCardRejected("MAC mismatch (fake)")
    monitor.emit(CardEvent("inserted", "r"))
    reader.card = None  # taken off before it was read
    monitor.emit(CardEvent("inserted", "r"))

    assert reader.reads == 3
    assert present == [] and maintenance.staff == ""
    assert maintenance.entries == [("card_refused", "role", "card:S-0099"), ("card_refused", "forged", "")]
    assert "staff card refused: StaffCardRejected" in caplog.text
    assert "S-0099" not in caplog.text


def test_without_a_staff_card_reader_no_monitor_runs():
    made: list = []
    service = staff_card.StaffCardService(None, fakes.InlineWorker("staff_card"), fakes.InlineDispatcher(),
                                          FakeMaintenance(), monitor_factory=lambda *a, **k: made.append(a))
    service.start()
    service.stop()
    assert made == []
