"""The message-the-judge service (kiosk.services.messages): a message is stored once in the outbox,
with the kiosk's court code, and wakes the sender; invalid input and a storage failure are reported
by code; nothing personal is logged."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from kiosk.services import messages
from tests.services import fakes


def _service(outbox, config, wake=None, worker=None):
    deps = fakes.make_deps(messages.SERVICE, config, outbox=outbox, wake_sync=wake or fakes.Calls(),
                           workers={"outbox": worker} if worker else None)
    return messages.SERVICE.factory(deps)


def test_a_message_is_stored_once_with_the_court_code_and_wakes_the_sender(outbox, config, caplog):
    caplog.set_level(logging.INFO)
    wake = fakes.Calls()
    service = _service(outbox, config, wake)
    stored, failed = fakes.recorder(service.stored), fakes.recorder(service.failed)
    sender = fakes.person()

    service.send(sender, "  请尽快安排开庭。  ", case_number="（2026）京0105民初12号")

    assert failed == []
    assert len(stored) == 1
    items = outbox.items()
    assert [(i.id, i.kind, i.state) for i in items] == [(stored[0], "message", "pending")]
    payload = items[0].payload
    assert payload["court_code"] == config.get("court.court_code") == "京0105"
    assert payload["case_number"] == "（2026）京0105民初12号"
    assert payload["kind"] == "judge_message"
    assert payload["text"] == "请尽快安排开庭。"  # trimmed
    assert payload["sender"]["id_number"] == sender.id_number
    assert wake.count == 1
    fakes.assert_nothing_personal(caplog.text, sender)
    assert "请尽快安排开庭" not in caplog.text


def test_the_message_is_stored_off_the_session_so_a_reset_does_not_lose_it(outbox, config):
    worker = fakes.ManualWorker("outbox")
    service = _service(outbox, config, worker=worker)
    stored = fakes.recorder(service.stored)
    service.send(fakes.person(), "材料已补交。", kind="mediation_request")
    assert worker.cancel_pending() == 0  # the session is reset before the outbox worker gets to it
    worker.run_all()
    assert len(stored) == 1
    assert outbox.get(stored[0]).payload["kind"] == "mediation_request"


def test_each_send_is_a_new_message(outbox, config):
    service = _service(outbox, config)
    stored = fakes.recorder(service.stored)
    sender = fakes.person()
    service.send(sender, "第一条")
    service.send(sender, "第二条")
    assert len(set(stored)) == 2
    assert len(outbox.items()) == 2


def test_an_overlong_text_is_cut_to_the_limit(outbox, config):
    service = _service(outbox, config)
    stored = fakes.recorder(service.stored)
    service.send(fakes.person(), "字" * (messages.MAX_TEXT + 50))
    assert len(outbox.get(stored[0]).payload["text"]) == messages.MAX_TEXT


def test_invalid_input_is_refused_and_nothing_is_stored(outbox, config, caplog):
    wake = fakes.Calls()
    service = _service(outbox, config, wake)
    stored, failed = fakes.recorder(service.stored), fakes.recorder(service.failed)
    sender = fakes.person()

    service.send(sender, "   ")  # nothing to say
    service.send(sender, "你好", filing_id="not a filing id!")
    service.send(fakes.person(name=""), "你好")  # no name

    assert failed == ["invalid", "invalid", "invalid"]
    assert stored == [] and outbox.items() == [] and wake.count == 0
    fakes.assert_nothing_personal(caplog.text, sender)


def test_a_storage_failure_is_reported_and_does_not_wake_the_sender(config, caplog):
    caplog.set_level(logging.INFO)
    wake = fakes.Calls()
    service = _service(fakes.FailingOutbox(), config, wake)
    stored, failed = fakes.recorder(service.stored), fakes.recorder(service.failed)
    sender = fakes.person()

    service.send(sender, "请回电。")

    assert failed == ["storage"]
    assert stored == [] and wake.count == 0
    assert "OutboxFullError" in caplog.text
    fakes.assert_nothing_personal(caplog.text, sender)


def test_the_time_of_confirmation_comes_from_the_clock(outbox):
    moment = datetime(2026, 5, 6, 7, 8, 9, tzinfo=UTC)
    service = messages.MessageService(outbox, lambda: None, fakes.InlineWorker("outbox"), "京0105",
                                      clock=lambda: moment)
    stored = fakes.recorder(service.stored)
    service.send(fakes.person(), "你好")
    confirmed = datetime.fromisoformat(outbox.get(stored[0]).payload["confirmed_at"])
    assert confirmed == moment
