"""Smart cards over PC/SC: the staff card record, and the monitor and staff card reader
against a real pcscd with vsmartcard's virtual reader and our virtual staff card."""

from __future__ import annotations

import logging
import time

import pytest

from drivers.smartcard import (
    CardAccessDenied,
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
from drivers.smartcard.staff_card import (
    StaffCardReader,
    make_staff_card_record,
    parse_staff_card_record,
    read_key_file,
)
from tests.drivers.pcsc_stack import (  # noqa: F401  (the pcsc and pcsc_stack fixtures)
    READER,
    EventRecorder,
    PcscStack,
    foreign_pcscd,
    pcsc_fixture,
    pcsc_stack_fixture,
)

KEY = bytes.fromhex("7f3a9c0e5b21d4886e0f13a2c4b5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7")
OTHER_KEY = bytes(range(32))


# --- the record (pure) ---


def test_record_round_trip_and_redacted_repr():
    record = make_staff_card_record("S-0042", "maintenance", KEY)
    assert len(record) == 3 + 6 + 11 + 32
    credential = parse_staff_card_record(record, KEY)
    assert credential == StaffCredential("S-0042", "maintenance")
    assert "S-0042" not in repr(credential) and "S-0042" not in str(credential)
    assert "maintenance" in repr(credential)
    # Fixed-size EFs pad the record; padding is accepted, other trailing bytes are not.
    assert parse_staff_card_record(record + bytes(20), KEY) == credential
    assert parse_staff_card_record(record + b"\xff" * 20, KEY) == credential
    with pytest.raises(StaffCardRejected, match="after the tag"):
        parse_staff_card_record(record + b"\x00\x01", KEY)


def test_every_altered_byte_or_another_key_is_rejected():
    record = make_staff_card_record("S-0042", "maintenance", KEY)
    for index in range(len(record)):
        altered = bytearray(record)
        altered[index] ^= 0x01
        with pytest.raises(StaffCardRejected):
            parse_staff_card_record(bytes(altered), KEY)
    with pytest.raises(StaffCardRejected, match="does not verify"):
        parse_staff_card_record(record, OTHER_KEY)
    with pytest.raises(StaffCardRejected, match="does not verify"):  # bound to the application
        parse_staff_card_record(record, KEY, aid=bytes.fromhex("F04B494F534B02"))
    with pytest.raises(StaffCardRejected, match="too short"):
        parse_staff_card_record(record[:20], KEY)


@pytest.mark.parametrize(("staff_id", "role"), [("", "maintenance"), ("x" * 17, "maintenance"),
                                                ("张三", "maintenance"), ("S1", ""), ("S1", "Admin")])
def test_record_fields_are_validated(staff_id, role):
    with pytest.raises(ValueError):
        make_staff_card_record(staff_id, role, KEY)


def test_keys_shorter_than_16_bytes_and_key_files(tmp_path):
    with pytest.raises(ValueError):
        make_staff_card_record("S1", "maintenance", b"short")
    with pytest.raises(ValueError):
        StaffCardReader(hmac_key=b"short")
    with pytest.raises(ValueError):
        StaffCardReader()
    path = tmp_path / "staff.key"
    path.write_text(KEY.hex()[:32] + "\n" + KEY.hex()[32:] + "\n")
    assert read_key_file(path) == KEY
    path.write_text("not hex")
    reader = StaffCardReader(hmac_key_path=path)
    usable = reader.is_usable()
    assert not usable and "key file" in usable.reason
    reader = StaffCardReader(hmac_key_path=tmp_path / "missing.key")
    assert "cannot read the staff card key file" in reader.is_usable().reason


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
        pcsc.insert_card(record=make_staff_card_record("S1", "maintenance", KEY))
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


def test_valid_staff_card_is_read(pcsc: PcscStack, caplog):
    reader = StaffCardReader(hmac_key=KEY, reader_name_filter="Virtual PCD")
    assert isinstance(reader, StaffCardSource)
    assert reader.is_usable().ok
    assert reader.read() is None  # no card
    pcsc.insert_card(record=make_staff_card_record("S-0042", "maintenance", KEY) + bytes(30))
    with caplog.at_level(logging.DEBUG):
        credential = reader.read()
    assert credential == StaffCredential("S-0042", "maintenance")
    assert "S-0042" not in caplog.text  # never logged
    assert reader.read() == credential  # again, same card
    reader.close()
    reader.close()  # idempotent
    assert reader.read() == credential  # reopens lazily


def test_forged_card_is_rejected(pcsc: PcscStack):
    reader = StaffCardReader(hmac_key=KEY)
    pcsc.insert_card(record=make_staff_card_record("S-0042", "maintenance", OTHER_KEY))
    with pytest.raises(StaffCardRejected, match="does not verify"):
        reader.read()
    genuine = make_staff_card_record("S-0042", "cashier", KEY)
    promoted = genuine.replace(b"\x07cashier", b"\x0bmaintenance")  # role changed, tag kept
    pcsc.insert_card(record=promoted)
    with pytest.raises(StaffCardRejected, match="does not verify"):
        reader.read()


@pytest.mark.parametrize("card", ["plain", "wrong_aid", "empty_app"])
def test_ordinary_card_or_wrong_application_is_not_a_staff_card(pcsc: PcscStack, card):
    record = make_staff_card_record("S-0042", "maintenance", KEY)
    if card == "plain":
        pcsc.insert_card(kind="plain")
    elif card == "wrong_aid":
        pcsc.insert_card(record=record, aid=bytes.fromhex("A000000003000000"))
    else:  # the staff application exists but this reader looks for another record file
        pcsc.insert_card(record=record)
    reader = StaffCardReader(hmac_key=KEY, record_fid=0x0102 if card == "empty_app" else 0x0101)
    with pytest.raises(NotAStaffCard, match="6A82"):
        reader.read()


def test_access_denied_status_word_is_reported(pcsc: PcscStack):
    pcsc.insert_card(kind="locked", record=make_staff_card_record("S-0042", "maintenance", KEY))
    with pytest.raises(CardAccessDenied) as info:
        StaffCardReader(hmac_key=KEY).read()
    assert info.value.sw == 0x6982
    assert "6982 (security status not satisfied)" in str(info.value)


def test_monitor_recovers_by_itself_after_pcscd_restarts(pcsc: PcscStack, caplog):
    caplog.set_level(logging.INFO, logger="drivers.smartcard")
    events = EventRecorder()
    monitor = PcscMonitor(events, poll_interval=0.2)
    record = make_staff_card_record("S-0042", "maintenance", KEY)
    staff_reader = StaffCardReader(hmac_key=KEY)
    pcsc.insert_card(record=record)
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
        pcsc.insert_card(record=record)
        events.wait_for(lambda e: isinstance(e, CardEvent) and e.kind == "inserted", start=mark)
        assert monitor.is_usable().ok
        assert staff_reader.read() == StaffCredential("S-0042", "maintenance")  # reconnects too
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
    staff_reader = StaffCardReader(hmac_key=KEY)
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
