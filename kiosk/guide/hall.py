"""The hall's counters (which counter serves what), from the configuration key ``hall.counters``.

One counter per line (or separated by ";"), fields separated by "|":

    NUMBER | 中文：what it serves | English: what it serves [| 中文位置 | English location]

e.g. ``4 | 诉讼费交纳、退费 | Paying and refunding court fees | 大厅东侧 | east side of the hall``.
NUMBER is what the sign says ("1-3", "4", "A2"). Pure Python: the config check uses it.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_COUNTERS = (
    "1-3 | 登记立案（民事、行政、执行）、诉前调解登记 | Case filing (civil, administrative, enforcement), "
    "pre-suit mediation | 大厅东侧 | east side of the hall; "
    "4 | 诉讼费交纳、退费，交费凭证 | Paying and refunding court fees, fee receipts | 大厅东侧 | east side of the hall; "
    "5 | 材料收转、法律文书领取 | Handing in materials, collecting court documents | 大厅中部 | middle of the hall; "
    "6 | 案件查询、阅卷、复制 | Case enquiries, reading and copying case files | 大厅中部 | middle of the hall; "
    "7 | 法律援助工作站 | Legal aid station | 大厅西侧 | west side of the hall; "
    "8 | 诉前调解、人民调解 | Pre-suit mediation, people's mediation | 大厅西侧调解室 | mediation rooms, west side; "
    "9 | 信访接待 | Letters and visits (complaints about the court's work) | 大厅西侧 | west side of the hall; "
    "10 | 绿色通道：老年人、残疾人、孕妇、军人及其家属等优先办理 | Green channel: priority for the elderly, "
    "people with disabilities, pregnant women, service members and their families | 大厅入口 | by the entrance"
)


@dataclass(frozen=True)
class Counter:
    number: str
    serves_zh: str
    serves_en: str
    location_zh: str = ""
    location_en: str = ""

    def serves(self, language: str) -> str:
        return self.serves_en if language == "en" else self.serves_zh

    def location(self, language: str) -> str:
        return self.location_en if language == "en" else self.location_zh


class CountersError(ValueError):
    pass


def parse_counters(text: str) -> list[Counter]:
    """The counters described by ``text``; CountersError says which line is wrong."""
    counters: list[Counter] = []
    lines = [part.strip() for line in text.splitlines() for part in line.split(";")]
    for number, line in enumerate((ln for ln in lines if ln), start=1):
        fields = [f.strip() for f in line.split("|")]
        if len(fields) not in (3, 5) or not all(fields[:3]):
            raise CountersError(f"counter {number} ({line[:40]!r}): expected 'NUMBER | 中文 | English' "
                                "or 'NUMBER | 中文 | English | 中文位置 | English location'")
        counters.append(Counter(*fields))
    if not counters:
        raise CountersError("no counter given")
    seen: set[str] = set()
    for counter in counters:
        if counter.number in seen:
            raise CountersError(f"counter {counter.number!r} is listed twice")
        seen.add(counter.number)
    return counters


def check_counters(text: str) -> str | None:
    """For the config table: None when ``text`` is valid, else what is expected."""
    try:
        parse_counters(text)
    except CountersError as exc:
        return f"counters as 'NUMBER | 中文 | English [| 中文位置 | English location]', one per line or ';' ({exc})"
    return None
