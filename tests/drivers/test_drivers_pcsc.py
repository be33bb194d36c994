"""Smart cards over PC/SC: the staff card format (version 2: diversified keys, challenge–response,
a bounded read), and the monitor and staff card reader against a real pcscd with vsmartcard's
virtual reader and our virtual staff card (tests/drivers/vcard_staff.py, an independent
implementation of the card side of the spec)."""

from __future__ import annotations

import hashlib
import hmac
import logging
import time

import pytest

from drivers.smartcard import (
    CardAccessDenied,
    CardCommandError,
    CardEvent,
    NotAStaffCard,
    ReaderEvent,
    ServiceEvent,
    SmartCardUnavailable,
    StaffCardRejected,
    StaffCardSource,
    StaffCredential,
    describe_sw,
)
from drivers.smartcard.monitor import PcscMonitor
from drivers.smartcard.simulator import SimulatedStaffCardReader, SoftStaffCard
from drivers.smartcard.staff_card import (
    STAFF_AID,
    CardChannel,
    StaffCardReader,
    authenticate,
    derive_card_key,
    make_record,
    parse_record,
    personalise,
    read_key_file,
    response_mac,
)
from tests.drivers.pcsc_stack import (  # noqa: F401  (the pcsc and pcsc_stack fixtures)
    READER,
    EventRecorder,
    PcscStack,
    foreign_pcscd,
    pcsc_fixture,
    pcsc_stack_fixture,
)

MASTER = bytes.fromhex("7f3a9c0e5b21d4886e0f13a2c4b5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7")
OTHER_MASTER = bytes(range(32))
SERIAL = bytes.fromhex("0A1B2C3D4E5F6071")


def v1_record(staff_id: str, role: str, key: bytes) -> bytes:
    """A version 1 card's record (a static HMAC tag), as the old kiosks wrote them."""
    sid, rl = staff_id.encode(), role.encode()
    body = bytes([1, len(sid)]) + sid + bytes([len(rl)]) + rl
    return body + hmac.new(key, b"court-kiosk staff card\x00" + bytes([len(STAFF_AID)]) + STAFF_AID + body,
                           hashlib.sha256).digest()


# --- the format (pure) ---


def test_card_keys_are_diversified_as_the_spec_says():
    key = derive_card_key(MASTER, SERIAL)
    # SP 800-108 counter mode, HMAC-SHA256, written out (the spec in the driver's docstring)
    fixed = b"court-kiosk staff card key" + b"\x00" + SERIAL + (256).to_bytes(4, "big")
    assert key == hmac.new(MASTER, (1).to_bytes(4, "big") + fixed, hashlib.sha256).digest()
    assert derive_card_key(MASTER, SERIAL.hex()) == key
    assert derive_card_key(MASTER, bytes.fromhex("0A1B2C3D4E5F6072")) != key  # per card
    assert derive_card_key(OTHER_MASTER, SERIAL) != key  # per fleet
    record, card_key = personalise(MASTER, SERIAL, "S-0042", "maintenance")
    assert card_key == key and card_key not in record
    body = bytes([2, 8]) + SERIAL + b"\x06S-0042\x0bmaintenance"
    tag_key = hmac.new(MASTER, (1).to_bytes(4, "big") + b"court-kiosk staff card record\x00" + SERIAL
                       + (256).to_bytes(4, "big"), hashlib.sha256).digest()
    assert record == body + hmac.new(tag_key, b"court-kiosk staff card record v2\x00" + bytes([len(STAFF_AID)])
                                     + STAFF_AID + body, hashlib.sha256).digest()
    assert tag_key != card_key


def test_record_round_trip_padding_and_redacted_repr():
    record = make_record(MASTER, SERIAL, "S-0042", "maintenance")
    parsed = parse_record(record + bytes(20))
    assert (parsed.serial, parsed.staff_id, parsed.role, parsed.raw) == (SERIAL, "S-0042", "maintenance", record)
    assert parse_record(record + b"\xff" * 20) == parsed
    assert "S-0042" not in repr(parsed) and SERIAL.hex() not in repr(parsed).lower()
    with pytest.raises(StaffCardRejected, match="after the tag") as info:
        parse_record(record + b"\x00\x01")
    assert info.value.reason == "malformed"
    credential = StaffCredential("S-0042", "maintenance", SERIAL.hex().upper())
    assert "S-0042" not in repr(credential) and "0A1B" not in repr(credential) and "maintenance" in repr(credential)


@pytest.mark.parametrize(("serial", "staff_id", "role"), [
    (SERIAL, "", "maintenance"), (SERIAL, "x" * 17, "maintenance"), (SERIAL, "张三", "maintenance"),
    (SERIAL, "S1", ""), (SERIAL, "S1", "Admin"), (b"\x01\x02\x03", "S1", "maintenance"), (bytes(17), "S1", "x"),
    ("not hex", "S1", "maintenance")])
def test_record_fields_are_validated(serial, staff_id, role):
    with pytest.raises(ValueError):
        personalise(MASTER, serial, staff_id, role)


def test_a_version_1_record_is_refused_as_outdated():
    with pytest.raises(StaffCardRejected, match="version 1") as info:
        parse_record(v1_record("S-0042", "maintenance", MASTER))
    assert info.value.reason == "outdated"
    body = bytes([2, 8]) + SERIAL + b"\x02S1\x01x"
    for data in (b"", b"\x03\x04", bytes([2, 8]) + SERIAL[:3], bytes([2, 2, 1, 2, 1, 65, 1, 97]), body + bytes(31)):
        with pytest.raises(StaffCardRejected) as info:
            parse_record(data)
        assert info.value.reason == "malformed"


def _soft(record: bytes, card_key: bytes) -> CardChannel:
    return CardChannel(SoftStaffCard(record, card_key).transmit)


def test_challenge_response_verifies_only_the_genuine_card():
    record, card_key = personalise(MASTER, SERIAL, "S-0042", "maintenance")
    credential = authenticate(_soft(record, card_key), MASTER)
    assert credential == StaffCredential("S-0042", "maintenance", SERIAL.hex().upper())
    with pytest.raises(StaffCardRejected, match="does not verify"):  # another fleet
        authenticate(_soft(record, card_key), OTHER_MASTER)
    # any altered byte of the record (role promoted, serial swapped, tag) is refused, although the
    # card (which holds its key) answers the challenge over the altered record
    for index in range(1, len(record)):
        altered = bytearray(record)
        altered[index] ^= 0x01
        with pytest.raises(StaffCardRejected):
            authenticate(_soft(bytes(altered), card_key), MASTER)
    # the genuine record on a card with another key (or none): the challenge is what stops it
    _, other_key = personalise(MASTER, bytes.fromhex("0A1B2C3D4E5F6072"), "S-0042", "maintenance")
    with pytest.raises(StaffCardRejected, match="answer to the challenge does not verify"):
        authenticate(_soft(record, other_key), MASTER)


class EndlessCard:
    def __init__(self, sw: int = 0x6110, chunk: int = 16) -> None:
        self.sw, self.chunk, self.calls = sw, chunk, 0

    def transmit(self, apdu: bytes) -> tuple[int, bytes]:
        self.calls += 1
        if apdu[1] == 0xA4:
            return 0x9000, b""
        return self.sw, bytes(self.chunk)


def test_the_read_loop_is_bounded():
    card = EndlessCard()
    with pytest.raises(StaffCardRejected, match="more than 16 commands") as info:
        authenticate(CardChannel(card.transmit), MASTER)
    assert info.value.reason == "overrun" and card.calls == 16
    with pytest.raises(StaffCardRejected, match="more than 100 bytes"):
        authenticate(CardChannel(EndlessCard(chunk=60).transmit, max_bytes=100), MASTER)
    ticks = iter(range(100))
    with pytest.raises(StaffCardRejected, match="took more than 3 s"):
        authenticate(CardChannel(EndlessCard().transmit, max_apdus=1000, clock=lambda: next(ticks)), MASTER)
    wrong_le = EndlessCard(sw=0x6C05)  # 6Cxx is retried once, not forever
    with pytest.raises(CardCommandError, match="6C05"):
        authenticate(CardChannel(wrong_le.transmit), MASTER)
    assert wrong_le.calls == 4


def test_the_simulated_reader_speaks_the_same_protocol():
    reader = SimulatedStaffCardReader()
    assert isinstance(reader, StaffCardSource) and reader.is_usable().ok
    events: list = []
    monitor = reader.monitor(events.append)
    monitor.start()
    assert reader.read() is None
    reader.put_card("S-0042")
    credential = reader.read()
    assert credential.staff_id == "S-0042" and credential.role == "maintenance" and len(credential.card_serial) == 16
    reader.take_card()
    assert reader.read() is None
    assert [e.kind for e in events] == ["inserted", "removed"]
    monitor.stop()
    reader.put_card()
    assert len(events) == 2
    reader.unplug()
    with pytest.raises(SmartCardUnavailable):
        reader.read()


def test_keys_shorter_than_16_bytes_and_key_files(tmp_path):
    with pytest.raises(ValueError):
        personalise(b"short", SERIAL, "S1", "maintenance")
    with pytest.raises(ValueError):
        StaffCardReader(hmac_key=b"short")
    with pytest.raises(ValueError):
        StaffCardReader()
    path = tmp_path / "staff.key"
    path.write_text(MASTER.hex()[:32] + "\n" + MASTER.hex()[32:] + "\n")
    assert read_key_file(path) == MASTER
    path.write_text("not hex")
    reader = StaffCardReader(hmac_key_path=path)
    usable = reader.is_usable()
    assert not usable and "master key file" in usable.reason
    reader = StaffCardReader(hmac_key_path=tmp_path / "missing.key")
    assert "cannot read the staff card master key file" in reader.is_usable().reason


def test_status_words_have_meanings():
    assert describe_sw(0x6A82) == "file or application not found"
    assert describe_sw(0x6982) == "security status not satisfied"
    assert describe_sw(0x6C10) == "wrong Le, exact length is 16"
    assert describe_sw(0x63C2) == "verification failed, 2 tries left"


# --- against pcscd + vpcd + the virtual staff card ---


def test_monitor_reports_reader_and_card_insert_and_remove(pcsc: PcscStack):
    events = EventRecorder()
    monitor = PcscMonitor(events, poll_interval=0.2, reader_name_filter="00 00")
    monitor.start()
    try:
        events.wait_for(lambda e: e == ReaderEvent("added", READER))
        assert monitor.is_usable().ok, monitor.is_usable().reason
        pcsc.insert_card(master_key=MASTER, serial=SERIAL, staff_id="S1")
        inserted = events.wait_for(lambda e: isinstance(e, CardEvent) and e.kind == "inserted")
        assert inserted.reader == READER and inserted.atr.startswith("3B")
        assert monitor.cards() == {READER: inserted.atr}
        pcsc.remove_card()
        events.wait_for(lambda e: e == CardEvent("removed", READER))
        # Only the filtered reader, no service events in a quiet run.
        assert all(getattr(e, "reader", READER) == READER for e in events.events)
        assert not [e for e in events.events if isinstance(e, ServiceEvent)]
    finally:
        assert monitor.stop(timeout=2.0)
    assert not monitor.running


def test_stop_cancels_a_long_wait_promptly(pcsc: PcscStack):
    events = EventRecorder()
    monitor = PcscMonitor(events, poll_interval=30.0)
    monitor.start()
    events.wait_for(lambda e: isinstance(e, ReaderEvent))
    time.sleep(0.2)  # let it block in SCardGetStatusChange (30 s timeout)
    started = time.monotonic()
    assert monitor.stop(timeout=5.0)
    assert time.monotonic() - started < 1.0


def test_a_card_personalised_by_its_own_code_is_verified(pcsc: PcscStack, caplog):
    """The virtual card builds its record and derives its key itself (the peer implementation)."""
    reader = StaffCardReader(hmac_key=MASTER, reader_name_filter="Virtual PCD")
    assert isinstance(reader, StaffCardSource)
    assert reader.is_usable().ok
    assert reader.read() is None  # no card
    pcsc.insert_card(master_key=MASTER, serial=SERIAL, staff_id="S-0042", role="maintenance")
    with caplog.at_level(logging.DEBUG):
        credential = reader.read()
    assert credential == StaffCredential("S-0042", "maintenance", SERIAL.hex().upper())
    assert "S-0042" not in caplog.text and SERIAL.hex().upper() not in caplog.text  # never logged
    assert reader.read() == credential  # again, same card, a new challenge
    reader.close()
    reader.close()  # idempotent
    assert reader.read() == credential  # reopens lazily


@pytest.mark.parametrize("kind", ["staff", "staff_t0"])
def test_a_bureau_card_is_verified_directly_or_by_get_response(pcsc: PcscStack, kind):
    record, card_key = personalise(MASTER, SERIAL, "S-0042", "maintenance")
    pcsc.insert_card(kind=kind, record=record + bytes(30), card_key=card_key)  # a fixed-size EF: padded
    assert StaffCardReader(hmac_key=MASTER).read() == StaffCredential("S-0042", "maintenance", SERIAL.hex().upper())


@pytest.mark.parametrize("clone", ["replay", "garbage", "no_key"])
def test_a_byte_for_byte_copy_opens_nothing(pcsc: PcscStack, clone):
    record, card_key = personalise(MASTER, SERIAL, "S-0042", "maintenance")
    recorded = response_mac(card_key, bytes(range(32)), record)  # the genuine card's answer to an old challenge
    if clone == "replay":
        pcsc.insert_card(kind="clone", record=record, replay=recorded)
    elif clone == "garbage":
        pcsc.insert_card(kind="clone", record=record)
    else:
        pcsc.insert_card(kind="static", record=record)
    with pytest.raises(StaffCardRejected, match="does not verify" if clone != "no_key" else "cannot answer") as info:
        StaffCardReader(hmac_key=MASTER).read()
    assert info.value.reason == "forged"


def test_forged_or_altered_cards_are_rejected(pcsc: PcscStack):
    reader = StaffCardReader(hmac_key=MASTER)
    pcsc.insert_card(master_key=OTHER_MASTER, serial=SERIAL, staff_id="S-0042")  # another fleet
    with pytest.raises(StaffCardRejected, match="does not verify"):
        reader.read()
    genuine, card_key = personalise(MASTER, SERIAL, "S-0042", "cashier")
    promoted = genuine.replace(b"\x07cashier", b"\x0bmaintenance")  # role changed on the card, its key kept
    pcsc.insert_card(kind="staff", record=promoted, card_key=card_key)
    with pytest.raises(StaffCardRejected, match="issuer tag does not verify"):
        reader.read()


def test_a_version_1_card_is_refused_as_outdated(pcsc: PcscStack):
    pcsc.insert_card(kind="static", record=v1_record("S-0042", "maintenance", MASTER))
    with pytest.raises(StaffCardRejected, match="version 1") as info:
        StaffCardReader(hmac_key=MASTER).read()
    assert info.value.reason == "outdated"


def test_a_card_that_answers_61xx_forever_is_refused_promptly(pcsc: PcscStack):
    pcsc.insert_card(kind="endless", record=make_record(MASTER, SERIAL, "S-0042", "maintenance"))
    reader = StaffCardReader(hmac_key=MASTER)
    started = time.monotonic()
    with pytest.raises(StaffCardRejected, match="more than 16 commands") as info:
        reader.read()
    assert info.value.reason == "overrun" and time.monotonic() - started < 3.0
    with pytest.raises(StaffCardRejected, match="more than 64 bytes"):
        StaffCardReader(hmac_key=MASTER, max_bytes=64).read()


@pytest.mark.parametrize("card", ["plain", "wrong_aid", "empty_app"])
def test_ordinary_card_or_wrong_application_is_not_a_staff_card(pcsc: PcscStack, card):
    record = make_record(MASTER, SERIAL, "S-0042", "maintenance")
    if card == "plain":
        pcsc.insert_card(kind="plain")
    elif card == "wrong_aid":
        pcsc.insert_card(record=record, aid=bytes.fromhex("A000000003000000"))
    else:  # the staff application exists but this reader looks for another record file
        pcsc.insert_card(record=record)
    reader = StaffCardReader(hmac_key=MASTER, record_fid=0x0102 if card == "empty_app" else 0x0101)
    with pytest.raises(NotAStaffCard, match="6A82"):
        reader.read()


def test_access_denied_status_word_is_reported(pcsc: PcscStack):
    pcsc.insert_card(kind="locked", record=make_record(MASTER, SERIAL, "S-0042", "maintenance"))
    with pytest.raises(CardAccessDenied) as info:
        StaffCardReader(hmac_key=MASTER).read()
    assert info.value.sw == 0x6982
    assert "6982 (security status not satisfied)" in str(info.value)


def test_monitor_recovers_by_itself_after_pcscd_restarts(pcsc: PcscStack, caplog):
    caplog.set_level(logging.INFO, logger="drivers.smartcard")
    events = EventRecorder()
    monitor = PcscMonitor(events, poll_interval=0.2)
    card = {"master_key": MASTER, "serial": SERIAL, "staff_id": "S-0042"}
    staff_reader = StaffCardReader(hmac_key=MASTER)
    pcsc.insert_card(**card)
    assert staff_reader.read() is not None
    monitor.start()
    try:
        events.wait_for(lambda e: isinstance(e, CardEvent) and e.kind == "inserted")
        mark = events.mark()

        pcsc.restart_pcscd()  # the card process ends with its pcscd
        lost = events.wait_for(lambda e: isinstance(e, ServiceEvent), start=mark)
        assert lost.kind == "lost" and "pcscd" in lost.reason
        events.wait_for(lambda e: isinstance(e, ServiceEvent) and e.kind == "recovered", start=mark)
        events.wait_for(lambda e: e == ReaderEvent("added", READER), start=mark)
        after_loss = events.events[mark:]
        assert CardEvent("removed", READER) in after_loss
        assert after_loss.index(CardEvent("removed", READER)) < after_loss.index(lost)

        mark = events.mark()
        pcsc.insert_card(**card)
        events.wait_for(lambda e: isinstance(e, CardEvent) and e.kind == "inserted", start=mark)
        assert monitor.is_usable().ok
        assert staff_reader.read() == StaffCredential("S-0042", "maintenance", SERIAL.hex().upper())  # reconnects
    finally:
        assert monitor.stop()
    losses = [r for r in caplog.records if "service lost" in r.getMessage()]
    recoveries = [r for r in caplog.records if "service recovered" in r.getMessage()]
    assert len(losses) == 1 and losses[0].levelno == logging.WARNING
    assert len(recoveries) == 1
    assert [e.kind for e in events.events if isinstance(e, ServiceEvent)] == ["lost", "recovered"]


def test_gone_service_and_gone_readers_are_reported(pcsc: PcscStack, caplog):
    caplog.set_level(logging.INFO, logger="drivers.smartcard")
    events = EventRecorder()
    monitor = PcscMonitor(events, poll_interval=0.2)
    staff_reader = StaffCardReader(hmac_key=MASTER)
    monitor.start()
    try:
        events.wait_for(lambda e: isinstance(e, ReaderEvent))
        assert staff_reader.is_usable().ok
        pcsc.stop_pcscd()
        events.wait_for(lambda e: e == ReaderEvent("removed", READER))
        events.wait_for(lambda e: isinstance(e, ServiceEvent) and e.kind == "lost")
        usable = monitor.is_usable()
        assert not usable and "pcscd" in usable.reason
        usable = staff_reader.is_usable()
        assert not usable and "pcscd" in usable.reason
        with pytest.raises(SmartCardUnavailable, match="pcscd"):
            staff_reader.read()

        pcsc.start_pcscd(with_readers=False)  # the service is back, the reader is not
        events.wait_for(lambda e: isinstance(e, ServiceEvent) and e.kind == "recovered")
        deadline = time.monotonic() + 5
        while "no smart-card reader" not in monitor.is_usable().reason:
            assert time.monotonic() < deadline, monitor.is_usable()
            time.sleep(0.02)
        assert not monitor.is_usable()
        usable = staff_reader.is_usable()
        assert not usable and usable.reason == "no smart-card reader connected"
        with pytest.raises(SmartCardUnavailable, match="no smart-card reader"):
            staff_reader.read()
    finally:
        assert monitor.stop()
    assert len([r for r in caplog.records if "no smart-card reader" in r.getMessage()]) == 1


def test_monitor_without_service_says_why_and_keeps_trying(pcsc: PcscStack):
    pcsc.stop_pcscd()
    events = EventRecorder()
    monitor = PcscMonitor(events, poll_interval=0.1)
    monitor.start()
    try:
        lost = events.wait_for(lambda e: isinstance(e, ServiceEvent))
        assert lost.kind == "lost" and "not running" in lost.reason
        assert "pcscd" in monitor.is_usable().reason
        pcsc.start_pcscd()
        events.wait_for(lambda e: e == ReaderEvent("added", READER))
        assert monitor.is_usable().ok
    finally:
        assert monitor.stop()


def test_a_pcscd_from_elsewhere_is_detected(pcsc: PcscStack):
    """The fixture refuses to share a machine's pcscd: here ours plays the foreign one."""
    found = foreign_pcscd()
    assert found is not None and str(pcsc.pcscd.pid) in found
    assert foreign_pcscd(own_pid=pcsc.pcscd.pid) is None
