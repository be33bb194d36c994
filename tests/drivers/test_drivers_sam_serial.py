"""The serial SAM ID reader backend against a misbehaving reader on a pty pair."""

from __future__ import annotations

import logging
import os
import time
from datetime import date

import pytest

from drivers.base import DeviceUnavailable
from drivers.idcard import CardReadError, IdReader, IdReaderError, ReaderUnavailable, sam
from drivers.idcard.pty_device import PtySamDevice
from drivers.idcard.serial_sam import SILENT_POLLS_UNAVAILABLE, ReaderStatusError, SerialSamReader
from drivers.idcard.simulator import SAMPLE_CARDS

TIMEOUT = 0.3  # per response frame; short so the silent cases stay quick
ZHANG, LI, WANG, AYGUL = SAMPLE_CARDS


@pytest.fixture
def device(tmp_path):
    # A stable path (like /dev/serial/by-id/...) that is re-created on replug.
    dev = PtySamDevice(ZHANG, link=tmp_path / "ttySAM")
    yield dev
    dev.stop()


@pytest.fixture
def reader(device):
    r = SerialSamReader(device.port, timeout=TIMEOUT)
    yield r
    r.close()


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG, logger="drivers.idcard")
    return caplog


def _messages(caplog, level):
    return [r.getMessage() for r in caplog.records if r.name == "drivers.idcard" and r.levelno == level]


# -- reading cards ----------------------------------------------------------------------


def test_reads_every_text_field_of_a_card(device, reader):
    assert isinstance(reader, IdReader)
    card = reader.poll()
    assert card is not None
    assert card.name == "张三"
    assert (card.sex_code, card.sex) == ("1", "男")
    assert (card.nation_code, card.nation) == ("01", "汉")
    assert card.birth_date == date(1985, 6, 15)
    assert card.address == "辽宁省大连市中山区人民路68号"
    assert card.id_number == "210202198506150014"
    assert card.authority == "大连市公安局中山分局"
    assert (card.valid_from, card.valid_to) == (date(2012, 3, 1), date(2032, 3, 1))
    assert card.photo == ZHANG.photo and len(card.photo) == sam.PHOTO_LEN
    # the documented sequence: SAM status once at open, then find, select, read
    assert device.commands == [sam.SAM_STATUS, sam.FIND_CARD, sam.SELECT_CARD, sam.READ_BASE_INFO]


def test_long_term_validity_and_other_nationalities(device, reader):
    device.place_card(LI)
    card = reader.poll()
    assert card == LI
    assert card.valid_to is None and card.long_term  # 有效期限 长期
    assert (card.sex, card.address) == ("女", "北京市朝阳区建国路88号院3号楼2单元501室")
    device.place_card(AYGUL)
    card = reader.poll()
    assert card == AYGUL
    assert (card.name, card.nation) == ("阿依古丽·买买提", "维吾尔")


def test_no_card_is_none_and_a_placed_card_is_then_read(device, reader):
    device.remove_card()
    assert reader.poll() is None
    assert reader.poll() is None
    assert device.commands[-1] == sam.FIND_CARD
    assert sam.SELECT_CARD not in device.commands
    device.place_card(WANG)
    assert reader.poll() == WANG


def test_an_expired_card_is_returned_as_data(device, reader):
    # Rejecting it is the identity service's job (it shows the litigant why).
    device.place_card(WANG)
    card = reader.poll()
    assert card == WANG
    assert card.is_expired(date.today())


def test_a_card_left_on_the_reader_reads_the_same_every_poll(device, reader):
    # De-duplicating one placement is the identity service's job.
    first = reader.poll()
    assert [reader.poll() for _ in range(3)] == [first, first, first]
    assert device.commands.count(sam.READ_BASE_INFO) == 4
    assert device.commands.count(sam.SAM_STATUS) == 1  # the port stays open between polls


# -- misbehaving readers ------------------------------------------------------------------

MISBEHAVIOURS = [
    # fault, on which command, error, message
    ("bad_checksum", sam.READ_BASE_INFO, sam.FrameError, "checksum"),
    ("bad_checksum", sam.FIND_CARD, sam.FrameError, "checksum"),
    ("short_frame", sam.READ_BASE_INFO, CardReadError, "short frame"),
    ("short_frame", sam.SELECT_CARD, CardReadError, "short frame"),
    ("runt_frame", sam.FIND_CARD, CardReadError, "length field 2 < 4"),
    ("oversized_len", sam.READ_BASE_INFO, CardReadError, "oversized"),
    ("garbage_only", sam.SELECT_CARD, CardReadError, "garbage"),
    ("silence", sam.FIND_CARD, CardReadError, "reader did not answer"),
    ("silence", sam.READ_BASE_INFO, CardReadError, "reader did not answer"),
]


@pytest.mark.parametrize(("fault", "command", "error", "message"), MISBEHAVIOURS,
                         ids=[f"{m[0]}-{m[1][0]:02x}{m[1][1]:02x}" for m in MISBEHAVIOURS])
def test_a_misbehaving_answer_fails_one_poll_and_the_next_poll_reads(device, reader, logs,
                                                                     fault, command, error, message):
    assert reader.poll() == ZHANG
    device.inject(fault, command=command)
    with pytest.raises(error, match=message) as info:
        reader.poll()
    assert not isinstance(info.value, ReaderUnavailable)
    assert reader.poll() == ZHANG
    assert reader.poll() == ZHANG
    assert not _messages(logs, logging.WARNING)  # one bad frame is not a lost reader


def test_garbage_before_a_frame_is_skipped(device, reader):
    device.inject("garbage", command=sam.READ_BASE_INFO)
    device.inject("garbage", command=sam.FIND_CARD)
    assert reader.poll() == ZHANG


def test_an_unknown_status_word_is_a_device_error_carrying_its_code(device, reader):
    device.inject("unknown_sw3", command=sam.FIND_CARD, sw3=0x6A)
    with pytest.raises(ReaderStatusError) as info:
        reader.poll()
    exc = info.value
    assert isinstance(exc, IdReaderError) and not isinstance(exc, CardReadError | ReaderUnavailable)
    assert (exc.sw3, exc.step, exc.code) == (0x6A, "find card", "SW3=6A")
    assert "SW3=6A" in str(exc)
    assert reader.poll() == ZHANG


def test_a_documented_error_status_is_reported_with_its_code(device, reader):
    device.inject("unknown_sw3", command=sam.READ_BASE_INFO, sw3=sam.SW3_COMMAND_ERROR)
    with pytest.raises(ReaderStatusError, match="SW3=21 .command or parameter error") as info:
        reader.poll()
    assert info.value.sw3 == 0x21


def test_the_reader_reporting_a_damaged_command_is_worth_a_retry(device, reader):
    device.inject("unknown_sw3", command=sam.SELECT_CARD, sw3=sam.SW3_CHECKSUM_ERROR)
    with pytest.raises(CardReadError, match="checksum error"):
        reader.poll()
    assert reader.poll() == ZHANG


def test_a_read_failure_of_the_card_is_a_card_read_error(device, reader):
    device.inject("unknown_sw3", command=sam.READ_BASE_INFO, sw3=sam.SW3_READ_FAILED)
    with pytest.raises(CardReadError, match="read base info failed"):
        reader.poll()
    assert reader.poll() == ZHANG


def test_three_silent_polls_in_a_row_mean_the_reader_is_gone(device, reader, logs):
    assert reader.poll() == ZHANG
    # A frame in between resets the count.
    device.inject("silence", command=sam.FIND_CARD, times=2)
    for _ in range(2):
        with pytest.raises(CardReadError, match="did not answer"):
            reader.poll()
    assert reader.poll() == ZHANG
    device.inject("silence", times=SILENT_POLLS_UNAVAILABLE + 1)
    for _ in range(SILENT_POLLS_UNAVAILABLE - 1):
        with pytest.raises(CardReadError, match="did not answer"):
            reader.poll()
    with pytest.raises(ReaderUnavailable, match="no answer to 3 polls"):
        reader.poll()
    with pytest.raises(ReaderUnavailable):  # still silent (SAM status on reopening)
        reader.poll()
    assert reader.poll() == ZHANG
    assert _messages(logs, logging.WARNING) == [f"ID reader on {device.port} lost: no answer to 3 polls in a row"]
    assert _messages(logs, logging.INFO).count(f"ID reader on {device.port} back") == 1


# -- hot-plug --------------------------------------------------------------------------------


def test_unplugged_mid_read_then_replugged(device, reader, logs):
    assert reader.poll() == ZHANG
    device.inject("unplug_mid_read", command=sam.READ_BASE_INFO, keep=600)
    with pytest.raises(ReaderUnavailable) as info:
        reader.poll()
    assert isinstance(info.value, DeviceUnavailable)
    assert not device.plugged and not os.path.lexists(device.port)
    for _ in range(3):  # the kiosk keeps polling while the reader is away
        with pytest.raises(ReaderUnavailable, match="cannot open"):
            reader.poll()
    usable = reader.is_usable()
    assert not usable and "cannot open" in usable.reason
    device.plug()  # a new pty pair behind the same path
    assert reader.poll() == ZHANG
    assert reader.is_usable()
    warnings = _messages(logs, logging.WARNING)
    assert len(warnings) == 1 and warnings[0].startswith(f"ID reader on {device.port} lost:")
    assert _messages(logs, logging.INFO).count(f"ID reader on {device.port} back") == 1


def test_unplugged_between_polls_then_replugged(device, reader):
    assert reader.poll() == ZHANG
    device.unplug()
    with pytest.raises(ReaderUnavailable):
        reader.poll()
    device.plug()
    device.place_card(LI)
    assert reader.poll() == LI


def test_reconfigured_to_another_port(tmp_path):
    with PtySamDevice(ZHANG) as first, PtySamDevice(LI) as second:
        reader = SerialSamReader(first.port, timeout=TIMEOUT)
        try:
            assert reader.poll() == ZHANG
            first.unplug()
            with pytest.raises(ReaderUnavailable):
                reader.poll()
            reader.port = second.port
            assert reader.poll() == LI
        finally:
            reader.close()


# -- lifecycle -----------------------------------------------------------------------------


def test_lazy_open_idempotent_close_and_reopen(device):
    reader = SerialSamReader(device.port, timeout=TIMEOUT)
    assert device.commands == []  # constructing touches nothing
    reader.close()
    assert reader.poll() == ZHANG
    reader.close()
    reader.close()
    assert reader.poll() == ZHANG
    assert device.commands.count(sam.SAM_STATUS) == 2
    reader.close()


def test_missing_port_and_unconfigured_port(tmp_path):
    reader = SerialSamReader(str(tmp_path / "nothing"), timeout=TIMEOUT)
    with pytest.raises(ReaderUnavailable, match="cannot open"):
        reader.poll()
    assert not reader.is_usable()
    reader.close()
    unconfigured = SerialSamReader()
    usable = unconfigured.is_usable()
    assert not usable and "no serial port configured" in usable.reason
    with pytest.raises(ReaderUnavailable, match="no serial port configured"):
        unconfigured.poll()


def test_is_usable_asks_the_sam(device, reader):
    usable = reader.is_usable()
    assert usable and "115200" in usable.reason
    device.inject("unknown_sw3", command=sam.SAM_STATUS, sw3=0x60)
    usable = reader.is_usable()
    assert not usable and "SW3=60" in usable.reason


def test_a_second_driver_cannot_take_the_open_port(device, reader):
    assert reader.poll() == ZHANG
    other = SerialSamReader(device.port, timeout=TIMEOUT)
    with pytest.raises(ReaderUnavailable):
        other.poll()
    other.close()
    assert reader.poll() == ZHANG


def test_the_pty_device_stops_its_thread_and_closes_its_fds(tmp_path):
    dev = PtySamDevice(ZHANG, link=tmp_path / "tty")
    thread, fds = dev._thread, (dev._master, dev._slave, dev._stop_r, dev._stop_w)
    assert thread.is_alive() and os.path.islink(dev.port)
    dev.stop()
    dev.stop()
    assert not thread.is_alive() and not os.path.lexists(dev.port)
    for fd in fds:
        with pytest.raises(OSError):
            os.fstat(fd)
    with pytest.raises(ValueError, match="unknown fault"):
        dev.inject("smoke")


# -- privacy -----------------------------------------------------------------------------------


def test_no_personal_data_in_logs_or_errors(device, reader, logs):
    texts = []
    device.place_card(AYGUL)
    assert reader.poll() == AYGUL
    for fault, command in [("bad_checksum", sam.READ_BASE_INFO), ("short_frame", sam.READ_BASE_INFO),
                           ("oversized_len", sam.READ_BASE_INFO), ("garbage", sam.READ_BASE_INFO),
                           ("silence", sam.READ_BASE_INFO), ("unplug_mid_read", sam.READ_BASE_INFO)]:
        device.inject(fault, command=command)
        try:
            reader.poll()
        except IdReaderError as exc:
            texts.append(f"{exc!r} {exc}")
        if not device.plugged:
            device.plug()
    assert reader.poll() == AYGUL
    reader.close()
    assert logs.records  # the checks below looked at something
    logged = logs.text + "\n".join(texts)
    card = AYGUL
    for value in (card.name, "阿依古丽", card.id_number, card.id_number[-6:], card.address, card.authority,
                  card.birth_date.strftime("%Y%m%d")):
        assert value not in logged
    photo_hex = card.photo[3:19].hex()
    assert photo_hex not in logged and photo_hex not in logged.replace(" ", "")
    assert card.photo[3:19].hex(" ") not in logged


def test_a_reader_paced_at_the_wire_rate_reads_within_the_deadline(tmp_path):
    # 1,295 bytes of base info trickle in over ~112 ms; the frame deadline spans all reads.
    with PtySamDevice(ZHANG, pace_baudrate=115200) as dev:
        reader = SerialSamReader(dev.port, timeout=TIMEOUT)
        try:
            reader.poll()
            dev.reset_counters()
            start = time.perf_counter()
            assert reader.poll() == ZHANG
            elapsed = time.perf_counter() - start
        finally:
            reader.close()
        wire = (dev.bytes_in + dev.bytes_out) * 10 / 115200
    assert dev.bytes_in + dev.bytes_out == 3 * 10 + 11 + 11 + 7 + 0x0508
    assert wire <= elapsed < TIMEOUT
