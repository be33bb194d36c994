"""Resident ID card reader: the data a card carries, the reader Protocol, errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol, runtime_checkable

from drivers.base import DeviceError, DeviceUnavailable, Usability

#: GB/T 2261.1-2003 sex codes as stored on the card.
SEX_NAMES: dict[str, str] = {"0": "未知", "1": "男", "2": "女", "9": "未说明"}

#: GB 3304-1991 codes of the nationalities as stored on the card (two digits),
#: plus 97 (其他, other) and 98 (外国血统, of foreign origin). Names as printed
#: on the card (without the suffix 族).
NATIONS: dict[str, str] = {
    "01": "汉", "02": "蒙古", "03": "回", "04": "藏", "05": "维吾尔",
    "06": "苗", "07": "彝", "08": "壮", "09": "布依", "10": "朝鲜",
    "11": "满", "12": "侗", "13": "瑶", "14": "白", "15": "土家",
    "16": "哈尼", "17": "哈萨克", "18": "傣", "19": "黎", "20": "傈僳",
    "21": "佤", "22": "畲", "23": "高山", "24": "拉祜", "25": "水",
    "26": "东乡", "27": "纳西", "28": "景颇", "29": "柯尔克孜", "30": "土",
    "31": "达斡尔", "32": "仫佬", "33": "羌", "34": "布朗", "35": "撒拉",
    "36": "毛南", "37": "仡佬", "38": "锡伯", "39": "阿昌", "40": "普米",
    "41": "塔吉克", "42": "怒", "43": "乌孜别克", "44": "俄罗斯", "45": "鄂温克",
    "46": "德昂", "47": "保安", "48": "裕固", "49": "京", "50": "塔塔尔",
    "51": "独龙", "52": "鄂伦春", "53": "赫哲", "54": "门巴", "55": "珞巴",
    "56": "基诺",
    "97": "其他", "98": "外国血统",
}


@dataclass(frozen=True)
class IdCardData:
    """The base information of a second-generation resident ID card.

    Codes are kept as the card stores them (``sex_code`` "1", ``nation_code``
    "01"); ``valid_to`` is None for a card valid without limit (长期).
    ``photo`` is the card's opaque, licensed-format image: never store or log it.

    ``repr()`` and ``str()`` reveal no personal data, so an instance that ends up
    in a log line or a traceback leaks nothing.
    """

    name: str
    sex_code: str
    nation_code: str
    birth_date: date
    address: str
    id_number: str
    authority: str
    valid_from: date
    valid_to: date | None
    photo: bytes = field(default=b"")

    def __post_init__(self) -> None:
        if self.sex_code not in SEX_NAMES:
            raise ValueError("unknown GB/T 2261.1 sex code")  # values are personal data: not echoed
        if self.nation_code not in NATIONS:
            raise ValueError("unknown GB 3304 nation code")
        if len(self.id_number) != 18:
            # Do not echo the value: it is personal data.
            raise ValueError(f"ID number must have 18 characters, got {len(self.id_number)}")
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")

    @property
    def sex(self) -> str:
        """'男', '女', '未知' or '未说明'."""
        return SEX_NAMES[self.sex_code]

    @property
    def nation(self) -> str:
        """The nationality's name as printed on the card, e.g. '汉', '维吾尔'."""
        return NATIONS[self.nation_code]

    @property
    def long_term(self) -> bool:
        """True for a card valid without limit (有效期限 长期)."""
        return self.valid_to is None

    def is_expired(self, today: date) -> bool:
        """True once ``today`` is after the last day of validity."""
        return self.valid_to is not None and today > self.valid_to

    def __repr__(self) -> str:
        validity = "long-term" if self.valid_to is None else "dated"
        return f"IdCardData(<personal data redacted>, validity={validity}, photo={len(self.photo)} bytes)"

    __str__ = __repr__


class IdReaderError(DeviceError):
    """Base class of the ID card reader's errors."""


class ReaderUnavailable(IdReaderError, DeviceUnavailable):
    """The reader is unplugged, its port cannot be opened, or it does not answer."""


class CardReadError(IdReaderError):
    """A card is present but could not be read (moved too early, damaged, bad frame).

    Usually worth one more try; the reader reports the same card again on the
    next ``poll()``.
    """


class UnsupportedCard(CardReadError):
    """A card was read but it is not a resident ID card (e.g. a foreigner's
    permanent residence card or a residence permit with another text layout)."""


@runtime_checkable
class IdReader(Protocol):
    """A resident ID card reader.

    ``poll()`` reads the card lying on the reader, every time it is called,
    and returns None when there is no card. Poll every 300-500 ms while the
    identify screen is shown. The caller keeps one placement out of two
    sessions: after a read, wait for None (card taken off) before accepting
    another read.
    """

    def poll(self) -> IdCardData | None:
        """The card on the reader, or None when there is no card.

        Raises ReaderUnavailable or CardReadError.
        """
        ...

    def is_usable(self) -> Usability: ...

    def close(self) -> None: ...
