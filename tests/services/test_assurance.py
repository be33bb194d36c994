"""Identity assurance (kiosk.assurance, kiosk.session, kiosk.services.assurance): a photo-read identity
opens the services that take one (filing, mediation) and nothing that shows one's cases until a staff
member confirms it with a staff card; the rule is the session's, whichever way the service is chosen;
the confirmation is audited by card; without a staff card reader nothing can confirm."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date

import pytest

from drivers.smartcard.base import CardEvent, StaffCredential
from kiosk import assurance
from kiosk.services import assurance as assurance_service
from kiosk.services import staff_card
from kiosk.services.identity import Identity
from kiosk.services.registry import discover
from kiosk.session import InsufficientIdentity, Session, State
from tests.services import fakes
from tests.services.test_staff_card import FakeMaintenance, FakeMonitor, FakeReader

CHIP = Identity("张三", "110105198002030417", "男", "汉", date(1980, 2, 3), "北京市", "公安局", None)
PHOTO = replace(CHIP, source="photo", valid_to=date(2036, 5, 1))


def test_levels():
    assert (CHIP.assurance, PHOTO.assurance, replace(PHOTO, staff_confirmed=True).assurance) == (
        "chip", "photo", "photo_confirmed")
    assert assurance.level(None) is None and assurance.level(object()) == "chip"
    assert assurance.sufficient(CHIP, False) and assurance.sufficient(PHOTO, True)
    assert not assurance.sufficient(PHOTO, False) and not assurance.sufficient(None, True)
    assert assurance.needs_confirmation(PHOTO, False) and not assurance.needs_confirmation(PHOTO, True)
    assert not assurance.needs_confirmation(CHIP, False)


def test_only_filing_and_mediation_take_a_photo_identity_unconfirmed():
    specs = discover()
    takes = sorted(s.id for s in specs.values() if s.needs_identity and s.accepts_photo_identity)
    assert takes == ["filing", "mediation"]
    closed = {s.id for s in specs.values() if s.needs_identity and not s.accepts_photo_identity}
    assert {"my_cases", "payment", "print_documents", "case_reading", "message_judge"} <= closed


def _session_at_menu() -> Session:
    session = Session(clock=lambda: 0.0)
    session.touch()
    return session


def test_a_photo_identity_files_but_my_cases_need_a_confirmation():
    session = _session_at_menu()
    session.choose_service("filing", needs_identity=True, accepts_photo_identity=True)
    session.identified(PHOTO)
    assert session.state is State.SERVICE
    session.back()
    session.choose_service("cases", needs_identity=True)  # the identity is kept, but it is not enough here
    assert session.state is State.IDENTIFY and session.data.identity is PHOTO
    assert not session.accepts(PHOTO)
    with pytest.raises(InsufficientIdentity):
        session.identified(PHOTO)
    assert session.state is State.IDENTIFY
    session.identified(replace(PHOTO, staff_confirmed=True))
    assert session.state is State.SERVICE and session.data.identity.assurance == "photo_confirmed"
    session.back()
    session.choose_service("payment", needs_identity=True)  # confirmed once: for the rest of the visit
    assert session.state is State.SERVICE


def test_a_chip_identity_opens_everything_and_a_reset_forgets_the_level():
    session = _session_at_menu()
    session.choose_service("cases", needs_identity=True)
    session.identified(CHIP)
    assert session.state is State.SERVICE
    session.reset("done")
    session.touch()
    session.choose_service("cases", needs_identity=True)
    assert session.state is State.IDENTIFY and session.data.identity is None
    with pytest.raises(InsufficientIdentity):
        session.identified(PHOTO)


def _rig(reader_present: bool = True):
    reader = FakeReader() if reader_present else None
    made: list[FakeMonitor] = []
    maintenance = FakeMaintenance()
    card = staff_card.StaffCardService(reader, fakes.InlineWorker("staff_card"), fakes.InlineDispatcher(),
                                       maintenance, monitor_factory=lambda cb, reader_name_filter=None:
                                       made.append(FakeMonitor(cb)) or made[-1])
    card.start()
    service = assurance_service.AssuranceService(card, maintenance, fakes.InlineWorker("outbox"))
    return service, card, reader, made, maintenance


def test_a_staff_card_confirms_instead_of_opening_maintenance(caplog):
    caplog.set_level(logging.INFO)
    service, card, reader, (monitor,), maintenance = _rig()
    confirmed = fakes.recorder(service.confirmed)
    present = fakes.recorder(card.present)
    assert service.available and service.request(PHOTO) and service.waiting
    reader.card = StaffCredential("S-0042", "maintenance")
    monitor.emit(CardEvent("inserted", "r"))
    (identity,) = confirmed
    assert identity.assurance == "photo_confirmed" and identity.id_number == PHOTO.id_number
    assert present == [] and maintenance.staff == ""  # maintenance mode did not open
    assert maintenance.entries == [("identity_confirmed", "photo", "card:S-0042")]
    assert not service.waiting and card.claim is None
    monitor.emit(CardEvent("removed", "r"))
    monitor.emit(CardEvent("inserted", "r"))  # not waiting any more: the card opens maintenance as before
    assert present == [True] and len(confirmed) == 1
    assert "S-0042" not in caplog.text and PHOTO.id_number not in caplog.text


def test_a_card_of_another_role_confirms_nothing_and_cancel_stops_waiting():
    service, card, reader, (monitor,), maintenance = _rig()
    confirmed = fakes.recorder(service.confirmed)
    service.request(PHOTO)
    reader.card = StaffCredential("S-0099", "viewer")
    monitor.emit(CardEvent("inserted", "r"))
    assert confirmed == [] and service.waiting
    service.cancel()
    assert card.claim is None and not service.waiting
    reader.card = StaffCredential("S-0042", "maintenance")
    monitor.emit(CardEvent("inserted", "r"))
    assert confirmed == [] and maintenance.staff == "card:S-0042"


def test_without_a_staff_card_reader_nothing_can_confirm():
    service, card, _, made, _ = _rig(reader_present=False)
    assert made == [] and not card.has_reader
    assert not service.available and not service.request(PHOTO) and not service.waiting
