"""A staff card on the PC/SC reader opens maintenance mode without the PIN; taking it off
closes it. Runs on our own pcscd + vpcd with a virtual staff card (vsmartcard)."""

from __future__ import annotations

from drivers.smartcard.staff_card import personalise
from tests.drivers.pcsc_stack import (  # noqa: F401  (fixtures)
    PcscStack,
    pcsc_fixture,
    pcsc_stack_fixture,
)
from tests.ui.steps import screen

KEY = bytes.fromhex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")


def test_staff_card_opens_and_closes_maintenance(qtbot, app_parts, pcsc: PcscStack, tmp_path):
    key_file = tmp_path / "staff.key"
    key_file.write_text(KEY.hex(), encoding="ascii")
    window, core, services = app_parts(**{"devices.staff_card.backend": "pcsc",
                                          "devices.staff_card.hmac_key_path": str(key_file)})
    assert screen(window) == "attract"

    record, card_key = personalise(KEY, "0A1B2C3D", "S-0007", "maintenance")
    pcsc.insert_card(record=record, card_key=card_key)
    qtbot.waitUntil(lambda: screen(window) == "maintenance" and window.maintenance.unlocked, timeout=10000)

    pcsc.remove_card()
    qtbot.waitUntil(lambda: screen(window) == "attract", timeout=10000)
    assert not window.maintenance.unlocked


def test_a_card_signed_with_another_key_opens_nothing(qtbot, app_parts, pcsc: PcscStack, tmp_path, caplog):
    key_file = tmp_path / "staff.key"
    key_file.write_text(KEY.hex(), encoding="ascii")
    window, core, services = app_parts(**{"devices.staff_card.backend": "pcsc",
                                          "devices.staff_card.hmac_key_path": str(key_file)})
    record, card_key = personalise(b"x" * 32, "0A1B2C3D", "S-0007", "maintenance")  # another fleet's card
    pcsc.insert_card(record=record, card_key=card_key)
    qtbot.waitUntil(lambda: "staff card refused: StaffCardRejected" in caplog.text, timeout=10000)
    assert screen(window) == "attract"
    assert "S-0007" not in caplog.text  # the staff id never reaches a log
