"""A scriptable ID card reader that speaks the real SAM frames.

``SimulatedSam`` answers command frames the way a reader's security module
does; ``SimulatedIdReader`` drives it with the same ``sam.read_card`` sequence
and ``sam.decode_base_info`` decoder a hardware backend uses, so every card
placed on the simulator travels through the real data path.

A card stays readable while it lies on the simulated reader (each poll reads
it again), as the IdReader Protocol says. ``SimulatedSam(halt_after_read=True)``
instead mimics readers whose card must be lifted and placed again before the
next read (find card answers "no card" after a read), for backends that must
cope with such readers.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date

from drivers.base import Usability
from drivers.idcard import sam
from drivers.idcard.base import CardReadError, IdCardData, ReaderUnavailable
from drivers.simulation import SimulatedDevice

log = logging.getLogger("drivers.idcard")


def _synthetic_photo(seed: str) -> bytes:
    """1024 deterministic bytes standing in for the card's opaque WLT image."""
    out = b""
    block = seed.encode()
    while len(out) < sam.PHOTO_LEN:
        block = hashlib.sha256(block).digest()
        out += block
    return b"WLT" + out[: sam.PHOTO_LEN - 3]


def _card(**fields) -> IdCardData:
    return IdCardData(photo=_synthetic_photo(fields["id_number"]), **fields)


#: Synthetic cards (not real people). ID numbers pass stdnum.cn.ric (check
#: digit, birth date, address code valid in the birth year); the sequence digit
#: matches the sex; validity periods follow the age rules (10/20 years, 长期).
SAMPLE_CARDS: list[IdCardData] = [
    _card(
        name="张三", sex_code="1", nation_code="01", birth_date=date(1985, 6, 15),
        address="辽宁省大连市中山区人民路68号", id_number="210202198506150014",
        authority="大连市公安局中山分局", valid_from=date(2012, 3, 1), valid_to=date(2032, 3, 1),
    ),
    _card(
        name="李四", sex_code="2", nation_code="01", birth_date=date(1949, 12, 31),
        address="北京市朝阳区建国路88号院3号楼2单元501室", id_number="11010519491231002X",
        authority="北京市公安局朝阳分局", valid_from=date(2010, 5, 20), valid_to=None,
    ),
    _card(  # expired
        name="王芳", sex_code="2", nation_code="01", birth_date=date(1990, 7, 12),
        address="上海市徐汇区漕溪北路100弄5号", id_number="310104199007120043",
        authority="上海市公安局徐汇分局", valid_from=date(2008, 9, 1), valid_to=date(2018, 9, 1),
    ),
    _card(
        name="阿依古丽·买买提", sex_code="2", nation_code="05", birth_date=date(1995, 3, 4),
        address="新疆乌鲁木齐市天山区解放南路50号", id_number="650102199503040021",
        authority="乌鲁木齐市公安局天山区分局", valid_from=date(2021, 4, 10), valid_to=date(2041, 4, 10),
    ),
]


class SimulatedSam:
    """The reader's security module and RF field: answers command frames.

    Not thread-safe on its own; SimulatedIdReader serialises access.
    """

    def __init__(self, halt_after_read: bool = False) -> None:
        self.halt_after_read = halt_after_read
        self.card: IdCardData | None = None
        self.halted = False
        self.selected = False
        self.fail_reason: str | None = None

    def place(self, card: IdCardData | None) -> None:
        self.card = card
        self.halted = False
        self.selected = False

    def respond(self, frame: bytes) -> bytes:
        try:
            cmd, para, data = sam.parse_command(frame)
        except sam.FrameError as exc:
            bad_checksum = "checksum" in str(exc)
            return sam.build_response(sam.SW3_CHECKSUM_ERROR if bad_checksum else sam.SW3_LENGTH_ERROR)
        key = (cmd, para)
        if key in (sam.RESET_SAM, sam.SAM_STATUS):
            return sam.build_response(sam.SW3_OK)
        if key == sam.READ_SAM_ID:
            return sam.build_response(sam.SW3_OK, bytes(16))
        if key == sam.SET_MAX_RF_FRAME:
            return sam.build_response(sam.SW3_OK if len(data) == 1 else sam.SW3_COMMAND_ERROR)
        if key == sam.FIND_CARD:
            self.selected = False
            present = self.card is not None and not self.halted
            return sam.build_response(sam.SW3_CARD_FOUND if present else sam.SW3_NO_CARD)
        if key == sam.SELECT_CARD:
            if self.card is None or self.halted:
                return sam.build_response(sam.SW3_SELECT_FAILED)
            self.selected = True
            return sam.build_response(sam.SW3_OK)
        if key == sam.READ_BASE_INFO:
            if self.card is None or not self.selected:
                return sam.build_response(sam.SW3_READ_FAILED)
            self.selected = False
            if self.fail_reason is not None:
                return sam.build_response(sam.SW3_READ_FAILED)
            self.halted = self.halt_after_read
            return sam.build_response(sam.SW3_OK, sam.base_info_response_data(self.card))
        return sam.build_response(sam.SW3_COMMAND_ERROR)


class SimulatedIdReader(SimulatedDevice):
    """Scriptable ID reader (thread-safe): place/remove cards, unplug, fail a read."""

    def __init__(self, card: IdCardData | None = None) -> None:
        super().__init__()
        self._sam = SimulatedSam()
        self._sam.place(card)
        self._lost_logged = False

    # -- scripting (any thread) --

    def place_card(self, data: IdCardData) -> None:
        with self._lock:
            self._sam.place(data)

    def remove_card(self) -> None:
        with self._lock:
            self._sam.place(None)

    def fail_next_read(self, reason: str = "card moved during read") -> None:
        """The next read of a card fails with CardReadError (the card stays unread)."""
        with self._lock:
            self._sam.fail_reason = reason

    # -- IdReader --

    def _transact(self, frame: bytes) -> bytes:
        if not self._plugged:
            self._open = False
            if not self._lost_logged:
                log.warning("ID reader lost (simulated: unplugged)")
                self._lost_logged = True
            raise ReaderUnavailable("ID card reader is unplugged (simulated)")
        return self._sam.respond(frame)

    def _ensure_open(self) -> None:
        if self._open:
            return
        _, _, sw3, _ = sam.parse_response(self._transact(sam.build_command(*sam.SAM_STATUS)))
        if sw3 != sam.SW3_OK:
            raise ReaderUnavailable(f"SAM status SW3={sw3:02X} ({sam.sw3_meaning(sw3)})")
        self._open = True
        if self._lost_logged:
            log.info("ID reader back (simulated)")
            self._lost_logged = False
        else:
            log.info("ID reader opened (simulated)")

    def poll(self) -> IdCardData | None:
        with self._lock:
            self._ensure_open()
            try:
                return sam.read_card(self._transact)
            except CardReadError as exc:
                reason, self._sam.fail_reason = self._sam.fail_reason, None
                if reason is None:
                    raise
                raise CardReadError(f"{exc}; simulated: {reason}") from None

    def is_usable(self) -> Usability:
        with self._lock:
            if not self._plugged:
                return Usability(False, "ID card reader is unplugged (simulated)")
            return Usability(True, "simulated ID card reader ready")

    def close(self) -> None:
        with self._lock:
            if self._open:
                log.info("ID reader closed (simulated)")
            self._open = False
