"""A simulated staff card reader for demo mode: a software card that speaks the same version 2
challenge–response (drivers.smartcard.staff_card) as a real one, read through the same bounded
``authenticate``.

The simulated fleet has its own master key, made at random when the simulator is built (a demo
card opens only this demo kiosk). Scripting, from the demo panel: ``put_card()`` personalises a
card for the demo staff member and puts it on the reader, ``take_card()`` takes it off. The
monitor (``monitor(on_event)``) reports those as the PC/SC monitor would (CardEvent inserted /
removed, from the thread that scripted it).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from drivers.base import Usability
from drivers.simulation import SimulatedDevice
from drivers.smartcard.base import CardEvent, SmartCardEvent, SmartCardUnavailable, StaffCredential
from drivers.smartcard.staff_card import (
    INS_INTERNAL_AUTHENTICATE,
    STAFF_AID,
    STAFF_RECORD_FID,
    CardChannel,
    authenticate,
    personalise,
    response_mac,
)

READER_NAME = "Simulated staff card reader"
ATR = "3B8880014B494F534B303275"  # a made-up ATR ("KIOSK02"); tells the card type only
DEMO_STAFF_ID = "demo-0001"


class SoftStaffCard:
    """A version 2 staff card in software: SELECT, READ BINARY, GET RESPONSE, INTERNAL AUTHENTICATE."""

    def __init__(self, record: bytes, card_key: bytes, *, aid: bytes = STAFF_AID,
                 fid: int = STAFF_RECORD_FID) -> None:
        self._record, self._key, self._aid, self._fid = record, card_key, aid, fid
        self._selected = ""  # "", "app" or "ef"

    def transmit(self, apdu: bytes) -> tuple[int, bytes]:
        if len(apdu) < 4:
            return 0x6700, b""
        ins, p1, data = apdu[1], apdu[2], apdu[5:5 + apdu[4]] if len(apdu) > 5 else b""
        if ins == 0xA4 and p1 == 0x04:
            self._selected = "app" if data == self._aid else ""
            return (0x9000, b"") if self._selected else (0x6A82, b"")
        if ins == 0xA4 and p1 == 0x02:
            if self._selected and data == self._fid.to_bytes(2, "big"):
                self._selected = "ef"
                return 0x9000, b""
            return 0x6A82, b""
        if ins == 0xB0:
            return (0x9000, self._record) if self._selected == "ef" else (0x6986, b"")
        if ins == INS_INTERNAL_AUTHENTICATE:
            if not self._selected or len(data) < 16:
                return 0x6985, b""
            return 0x9000, response_mac(self._key, data, self._record, aid=self._aid)
        return 0x6D00, b""


class _SimulatedMonitor:
    """The simulated reader's events, as drivers.smartcard.monitor.PcscMonitor delivers them."""

    def __init__(self, reader: SimulatedStaffCardReader, on_event: Callable[[SmartCardEvent], None]) -> None:
        self._reader = reader
        self._on_event = on_event
        self.running = False

    def start(self) -> None:
        self.running = True
        self._reader._listen(self._emit)

    def stop(self, timeout: float = 2.0) -> bool:
        self.running = False
        self._reader._unlisten(self._emit)
        return True

    def is_usable(self) -> Usability:
        return self._reader.is_usable()

    def _emit(self, event: SmartCardEvent) -> None:
        self._on_event(event)


class SimulatedStaffCardReader(SimulatedDevice):
    """The demo's staff card reader (backend ``simulator``); options of the real one are ignored."""

    def __init__(self, **_options) -> None:
        super().__init__()
        self._master = secrets.token_bytes(32)  # this demo's fleet, never written anywhere
        self._card: SoftStaffCard | None = None
        self._listeners: list[Callable[[SmartCardEvent], None]] = []

    # --- scripting (the demo panel) ---

    def put_card(self, staff_id: str = DEMO_STAFF_ID, role: str = "maintenance", serial: str | None = None) -> None:
        """Personalise a card for ``staff_id`` and put it on the reader (a card already there is taken off)."""
        self.take_card()
        record, card_key = personalise(self._master, serial or secrets.token_hex(8), staff_id, role)
        with self._lock:
            self._card = SoftStaffCard(record, card_key)
        self._announce(CardEvent("inserted", READER_NAME, ATR))

    def take_card(self) -> None:
        with self._lock:
            had, self._card = self._card is not None, None
        if had:
            self._announce(CardEvent("removed", READER_NAME))

    @property
    def has_card(self) -> bool:
        return self._card is not None

    # --- the StaffCardSource protocol ---

    def read(self) -> StaffCredential | None:
        with self._lock:
            if not self._plugged:
                raise SmartCardUnavailable("the simulated staff card reader is unplugged")
            card = self._card
        if card is None:
            return None
        return authenticate(CardChannel(card.transmit), self._master)

    def is_usable(self) -> Usability:
        if not self._plugged:
            return Usability(False, "the simulated staff card reader is unplugged")
        return Usability(True, "simulated staff card reader")

    def close(self) -> None:
        pass

    def monitor(self, on_event: Callable[[SmartCardEvent], None], reader_name_filter: str | None = None):
        """A monitor for this reader (the staff card service builds it instead of the PC/SC one)."""
        return _SimulatedMonitor(self, on_event)

    # --- internals ---

    def _listen(self, callback: Callable[[SmartCardEvent], None]) -> None:
        with self._lock:
            self._listeners.append(callback)

    def _unlisten(self, callback: Callable[[SmartCardEvent], None]) -> None:
        with self._lock:
            if callback in self._listeners:
                self._listeners.remove(callback)

    def _announce(self, event: SmartCardEvent) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for callback in listeners:
            callback(event)

