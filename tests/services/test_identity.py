"""The identity service (kiosk.services.identity) on the simulated ID card reader: a valid card in date
identifies its holder; an expired or invalid card, a failed read, a missing reader are problems by
code; a card read into one session is not read into the next until it was taken off; nothing personal
is logged. Also identity_from_photo, the confirmed OCR of a card's front.

The poll timer is a FakeTimer (`start()` starts the QTimer, which Qt refuses without an application);
`fire()` is one poll."""

from __future__ import annotations

import dataclasses
import logging
from datetime import date

import pytest

from drivers.idcard.simulator import SimulatedIdReader
from kiosk.services import identity as identity_module
from tests.services import fakes

TODAY = date(2026, 3, 1)


@pytest.fixture
def rig(monkeypatch, config):
    timers = fakes.patch_timers(monkeypatch, identity_module)
    reader = SimulatedIdReader()

    def build(device=reader):
        service = identity_module.IdentityService(device, fakes.InlineWorker("id_reader"), today=lambda: TODAY)
        signals = {name: fakes.recorder(getattr(service, name)) for name in ("identified", "problem", "card_removed")}
        return service, timers[-1], signals

    return reader, build


def test_a_valid_card_identifies_its_holder_and_polling_stops(rig, caplog):
    caplog.set_level(logging.INFO)
    reader, build = rig
    holder = fakes.person()
    reader.place_card(fakes.card_of(holder))
    service, timer, signals = build()

    service.start()

    (identity,) = signals["identified"]
    assert (identity.name, identity.id_number, identity.address) == (holder.name, holder.id_number, holder.address)
    assert identity.sex == "男" and identity.source == "chip" and identity.masked_id != holder.id_number
    assert not service.polling and signals["problem"] == []
    assert holder.name not in repr(identity) and holder.id_number not in repr(identity)
    fakes.assert_nothing_personal(caplog.text, holder)


def test_polling_waits_for_a_card(rig):
    reader, build = rig
    service, timer, signals = build()
    service.start()
    assert service.polling and timer.interval() == identity_module.POLL_INTERVAL_MS
    timer.fire()
    assert signals["identified"] == []
    reader.place_card(fakes.card_of(fakes.person()))
    timer.fire()
    assert len(signals["identified"]) == 1


def test_a_card_read_into_one_session_is_not_read_into_the_next(rig):
    reader, build = rig
    reader.place_card(fakes.card_of(fakes.person()))
    service, timer, signals = build()
    service.start()
    assert len(signals["identified"]) == 1

    service.start()  # the next litigant's identify screen; the card still lies there
    assert signals["problem"] == ["card_left"]
    assert len(signals["identified"]) == 1

    reader.remove_card()
    timer.fire()
    assert signals["card_removed"] == [()]
    assert signals["problem"] == ["card_left", ""]  # the problem has cleared

    reader.place_card(fakes.card_of(fakes.person("测试乙", sequence=21)))
    timer.fire()
    assert [i.name for i in signals["identified"]] == ["测试甲", "测试乙"]


def test_a_card_read_after_the_screen_was_left_is_not_used(rig):
    reader, _ = rig
    reader.place_card(fakes.card_of(fakes.person()))
    worker = fakes.ManualWorker("id_reader")
    service = identity_module.IdentityService(reader, worker, today=lambda: TODAY)
    identified = fakes.recorder(service.identified)
    service.start()
    service.stop()  # the litigant left the identify screen while the card was being read
    worker.run_all()
    assert identified == []


def _wrong_check_digit() -> str:
    number = fakes.person().id_number
    return number[:17] + ("1" if number[17] != "1" else "2")


CARDS = [
    (lambda: fakes.card_of(fakes.person(), valid_from=date(2005, 1, 1), valid_to=date(2025, 1, 1)), "expired"),
    (lambda: dataclasses.replace(fakes.card_of(fakes.person()), id_number=_wrong_check_digit()), "invalid_id"),
]


@pytest.mark.parametrize(("card", "code"), CARDS, ids=["expired", "invalid"])
def test_an_expired_or_invalid_card_is_a_problem(rig, card, code, caplog):
    caplog.set_level(logging.INFO)
    reader, build = rig
    reader.place_card(card())
    service, timer, signals = build()
    service.start()
    assert signals["identified"] == [] and signals["problem"] == [code]
    assert service.polling
    fakes.assert_nothing_personal(caplog.text, fakes.person())


@pytest.mark.parametrize(("card", "code"), CARDS, ids=["expired", "invalid"])
def test_the_problem_of_a_rejected_card_stays_while_it_lies_there(rig, card, code):
    reader, build = rig
    reader.place_card(card())
    service, timer, signals = build()
    service.start()
    timer.fire()
    assert signals["problem"] == [code]


def test_a_failed_read_and_a_missing_reader_are_problems(rig):
    reader, build = rig
    reader.place_card(fakes.card_of(fakes.person()))
    reader.fail_next_read()
    service, timer, signals = build()
    service.start()
    assert signals["problem"] == ["read_failed"]
    reader.unplug()
    timer.fire()
    assert signals["problem"] == ["read_failed", "reader_missing"]
    reader.plug()
    timer.fire()
    assert len(signals["identified"]) == 1


def test_no_reader_at_all(rig):
    _, build = rig
    service, timer, signals = build(None)
    service.start()
    timer.fire()
    assert signals["problem"] == ["reader_missing"]


def test_the_confirmed_photo_of_a_card_is_an_identity():
    holder = fakes.person()
    values = {"name": holder.name, "sex": "男", "nation": "汉", "birth_date": "1980年2月3日", "address": holder.address,
              "id_number": holder.id_number.lower(), "valid_to": "2020.01.01-2040.01.01"}
    identity = identity_module.identity_from_photo(values, date(2026, 1, 1))
    assert (identity.id_number, identity.source, identity.birth_date) == (holder.id_number, "photo", date(1980, 2, 3))

    with pytest.raises(identity_module.PhotoIdProblems) as problems:
        identity_module.identity_from_photo({**values, "sex": "女", "birth_date": "1981-02-03", "name": "甲"})
    assert problems.value.problems == {"sex": "mismatch_id_number", "birth_date": "mismatch_id_number",
                                       "name": "required"}
    assert holder.id_number not in str(problems.value)
