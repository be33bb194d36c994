"""IdCardData, the code tables, the sample cards and the simulated reader."""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from datetime import date

import pytest
from stdnum.cn import ric

from drivers.base import DeviceUnavailable
from drivers.idcard import NATIONS, SEX_NAMES, CardReadError, IdCardData, IdReader, ReaderUnavailable, sam
from drivers.idcard.simulator import SAMPLE_CARDS, SimulatedIdReader


def _personal_values(card: IdCardData) -> list[str]:
    return [
        card.name, card.id_number, card.address, card.authority,
        card.birth_date.isoformat(), card.birth_date.strftime("%Y%m%d"), card.id_number[-4:],
    ]


def test_sex_names_follow_gb_t_2261_1():
    card = SAMPLE_CARDS[0]
    assert [replace(card, sex_code=c).sex for c in "0129"] == ["未知", "男", "女", "未说明"]
    assert set(SEX_NAMES) == {"0", "1", "2", "9"}


def test_nation_table_has_56_nationalities_plus_other_and_foreign_origin():
    assert len(NATIONS) == 58
    assert [f"{i:02d}" for i in range(1, 57)] + ["97", "98"] == list(NATIONS)
    assert len(set(NATIONS.values())) == 58
    assert (NATIONS["01"], NATIONS["05"], NATIONS["15"], NATIONS["38"], NATIONS["56"]) == (
        "汉", "维吾尔", "土家", "锡伯", "基诺")
    assert (NATIONS["97"], NATIONS["98"]) == ("其他", "外国血统")
    assert replace(SAMPLE_CARDS[0], nation_code="44").nation == "俄罗斯"


def test_unknown_codes_are_rejected():
    with pytest.raises(ValueError, match="sex"):
        replace(SAMPLE_CARDS[0], sex_code="3")
    with pytest.raises(ValueError, match="nation"):
        replace(SAMPLE_CARDS[0], nation_code="57")


def test_is_expired():
    expired = SAMPLE_CARDS[2]
    assert expired.valid_to == date(2018, 9, 1)
    assert not expired.is_expired(date(2018, 9, 1))  # the last day still counts
    assert expired.is_expired(date(2018, 9, 2))
    long_term = SAMPLE_CARDS[1]
    assert long_term.valid_to is None and long_term.long_term
    assert not long_term.is_expired(date(2999, 1, 1))


@pytest.mark.parametrize("card", SAMPLE_CARDS, ids=lambda c: c.nation_code + c.sex_code)
def test_repr_str_and_logs_reveal_no_personal_data(card, caplog):
    texts = [repr(card), str(card), f"{card}", repr([card]), repr({"card": card})]
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("test").info("read %s", card)
        logging.getLogger("test").info("read %r", card)
    texts.append(caplog.text)
    for text in texts:
        for value in _personal_values(card):
            assert value not in text
        assert card.photo[:8].hex() not in text
    assert "redacted" in repr(card)


@pytest.mark.parametrize("card", SAMPLE_CARDS, ids=lambda c: c.nation_code + c.sex_code)
def test_sample_cards_are_consistent(card):
    assert ric.is_valid(card.id_number)  # check digit, birth date and address code
    assert ric.get_birth_date(card.id_number) == card.birth_date
    assert int(card.id_number[16]) % 2 == (1 if card.sex_code == "1" else 0)
    assert len(card.photo) == sam.PHOTO_LEN


def test_samples_cover_long_term_expired_and_a_minority():
    today = date(2026, 1, 1)
    assert any(c.valid_to is None for c in SAMPLE_CARDS)
    assert any(c.is_expired(today) for c in SAMPLE_CARDS)
    assert any(not c.is_expired(today) and c.valid_to for c in SAMPLE_CARDS)
    assert any(c.nation_code != "01" for c in SAMPLE_CARDS)
    assert {c.name for c in SAMPLE_CARDS} >= {"张三", "李四"}
    assert "11010519491231002X" in {c.id_number for c in SAMPLE_CARDS}


def test_simulated_reader_is_an_id_reader():
    assert isinstance(SimulatedIdReader(), IdReader)
    assert issubclass(ReaderUnavailable, DeviceUnavailable)


def test_poll_reads_the_card_while_it_lies_on_the_reader():
    reader = SimulatedIdReader()
    assert reader.poll() is None
    reader.place_card(SAMPLE_CARDS[0])
    assert reader.poll() == SAMPLE_CARDS[0]
    assert reader.poll() == SAMPLE_CARDS[0]  # still there: the caller waits for None
    reader.remove_card()
    assert reader.poll() is None
    reader.place_card(SAMPLE_CARDS[2])
    assert reader.poll() == SAMPLE_CARDS[2]


def test_simulated_reads_go_through_the_real_decoder(monkeypatch):
    decoded: list[IdCardData] = []
    real = sam.decode_base_info

    def spy(data: bytes) -> IdCardData:
        assert len(data) == 1280
        decoded.append(real(data))
        return decoded[-1]

    monkeypatch.setattr(sam, "decode_base_info", spy)
    reader = SimulatedIdReader(card=SAMPLE_CARDS[3])
    card = reader.poll()
    assert card == SAMPLE_CARDS[3] and card is not SAMPLE_CARDS[3]
    assert decoded == [card]
    assert card.nation == "维吾尔" and card.name == "阿依古丽·买买提"


def test_unplug_and_plug():
    reader = SimulatedIdReader(card=SAMPLE_CARDS[0])
    reader.unplug()
    usable = reader.is_usable()
    assert not usable and "unplugged" in usable.reason
    with pytest.raises(ReaderUnavailable):
        reader.poll()
    reader.plug()
    assert reader.is_usable().ok
    assert reader.poll() == SAMPLE_CARDS[0]


def test_loss_and_recovery_are_logged_once_each(caplog):
    reader = SimulatedIdReader()
    reader.poll()
    reader.unplug()
    with caplog.at_level(logging.INFO, logger="drivers.idcard"):
        for _ in range(3):
            with pytest.raises(ReaderUnavailable):
                reader.poll()
        reader.plug()
        reader.poll()
        reader.poll()
    messages = [r.getMessage() for r in caplog.records]
    assert sum("lost" in m for m in messages) == 1
    assert sum("back" in m for m in messages) == 1


def test_fail_next_read_fails_once_then_reads_the_card():
    reader = SimulatedIdReader()
    reader.fail_next_read("card lifted early")
    assert reader.poll() is None  # armed until a card is there
    reader.place_card(SAMPLE_CARDS[1])
    with pytest.raises(CardReadError, match="card lifted early"):
        reader.poll()
    assert reader.poll() == SAMPLE_CARDS[1]


def test_close_is_idempotent_and_reopens_lazily():
    reader = SimulatedIdReader(card=SAMPLE_CARDS[0])
    reader.close()
    reader.close()
    assert reader.poll() == SAMPLE_CARDS[0]
    reader.close()
    reader.close()


def test_scripting_from_another_thread_while_polling():
    reader = SimulatedIdReader()
    stop = threading.Event()
    seen: list[IdCardData] = []
    errors: list[BaseException] = []

    def poller() -> None:
        try:
            while not stop.is_set():
                card = reader.poll()
                if card is not None:
                    seen.append(card)
        except BaseException as exc:  # reported below
            errors.append(exc)

    thread = threading.Thread(target=poller)
    thread.start()
    try:
        for i in range(200):
            reader.place_card(SAMPLE_CARDS[i % len(SAMPLE_CARDS)])
            reader.remove_card()
    finally:
        stop.set()
        thread.join(5)
    assert not thread.is_alive()
    assert errors == []
    assert all(card in SAMPLE_CARDS for card in seen)
