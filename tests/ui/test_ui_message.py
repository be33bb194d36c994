"""联系法官: a litigant writes a message for the judge of their case; it reaches the court once,
and nothing of it stays on screen for the next person."""

from __future__ import annotations

from tests.ui.steps import click, file_case, identify, screen, type_text


def test_a_message_for_the_judge_reaches_the_court(qtbot, app_parts):
    window, core, services = app_parts()
    outcome = file_case(qtbot, window, services)
    qtbot.waitUntil(lambda: core.outbox.get(outcome.filing_id).state == "delivered", timeout=15000)
    click(qtbot, window.filing.submitted.finish)
    click(qtbot, window.done.finish)
    services.demo.remove_card()

    click(qtbot, window.attract.start)
    assert window.menu.is_available("message_judge")
    click(qtbot, window.menu.tiles["message_judge"])
    identify(qtbot, window, services)
    qtbot.waitUntil(lambda: screen(window) == "message_judge")
    message = window.message
    qtbot.waitUntil(lambda: message.case.count() == 1, timeout=10000)
    assert message.case.currentData() == outcome.filing_id
    click(qtbot, message.send)  # nothing written yet
    assert message.field.error.isVisible()
    type_text(qtbot, message.text, "我因住院无法按时到庭，请法官延期开庭。")
    click(qtbot, message.send)
    qtbot.waitUntil(lambda: message._sent is not None, timeout=5000)
    assert "已保存" in message.status.text() and not message.send.isEnabled()
    message_id = message._sent
    qtbot.waitUntil(lambda: core.outbox.get(message_id).state == "delivered", timeout=15000)
    listed = core.sandbox.app.state.store.list_messages().items
    assert [m.message_id for m in listed] == [message_id] and listed[0].kind == "judge_message"

    click(qtbot, window.home_button)  # the next person sees nothing of it
    assert message.text.toPlainText() == "" and message.case.count() == 0 and message._sent is None
