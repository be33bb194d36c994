"""Exact-field scoring of a reader's output against this package's truth.

The reader's output is taken as a mapping from field name to a value, or to anything with a
``value`` attribute or key (a Field, a Suggestion, their JSON). Nothing of the reader is
imported: the card reader's ``birth_date`` is mapped onto the truth's ``birth`` by name only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

# truth key -> the key readers use for it
READER_KEYS = {"birth": "birth_date"}
_NUMBERING = re.compile(r"^(?:\d+[、.．)）]|[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）])")
_ITEM_END = re.compile(r"[。；;，,.]+$")


def value_of(read) -> str:
    if read is None:
        return ""
    if hasattr(read, "value"):
        return str(read.value)
    if isinstance(read, dict):
        return str(read.get("value", ""))
    return str(read)


def norm(text) -> str:
    """NFKC without whitespace: how texts are compared."""
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


def claim_items(value) -> list[str]:
    """Claims as a list of normalised items without their numbering and closing punctuation,
    from a list or from one text (items on lines of their own, or numbered)."""
    if isinstance(value, str):
        parts = [p for p in re.split(r"\n|(?<=[；;。])(?=\s*\d+[、.．])", value) if p.strip()]
    else:
        parts = list(value)
    items = []
    for part in parts:
        text = _ITEM_END.sub("", _NUMBERING.sub("", norm(part)))
        if text:
            items.append(text)
    return items


def same(key: str, truth, got) -> bool:
    if key == "claims":
        return claim_items(truth) == claim_items(got)
    if key.endswith("phone"):  # 027-70082676 and 02770082676 are the same number
        return re.sub(r"[\s\-－—]", "", norm(truth)) == re.sub(r"[\s\-－—]", "", norm(got))
    if key == "amount":
        try:
            return Decimal(norm(truth)) == Decimal(norm(got).replace(",", ""))
        except InvalidOperation:
            return False
    return norm(truth) == norm(got)


@dataclass
class Score:
    keys: tuple[str, ...]
    exact: dict = field(default_factory=dict)
    total: dict = field(default_factory=dict)
    misses: list = field(default_factory=list)  # (item index, key, truth, read)

    def add(self, index: int, truth: dict, read: dict) -> None:
        for key in self.keys:
            got = value_of(read.get(READER_KEYS.get(key, key), read.get(key)))
            ok = same(key, truth[key], got)
            self.total[key] = self.total.get(key, 0) + 1
            self.exact[key] = self.exact.get(key, 0) + ok
            if not ok:
                self.misses.append((index, key, truth[key], got))

    def rate(self, key: str | None = None) -> float:
        if key is not None:
            return self.exact.get(key, 0) / max(self.total.get(key, 0), 1)
        return sum(self.exact.values()) / max(sum(self.total.values()), 1)


def score(pairs, keys) -> Score:
    """``pairs``: (truth, read) per document."""
    s = Score(tuple(keys))
    for index, (truth, read) in enumerate(pairs):
        s.add(index, truth, read)
    return s


def table(columns: dict[str, Score], keys) -> str:
    """Per-field exact rates side by side, one column per generator/variant."""
    names = list(columns)
    head = f"{'field':18}" + "".join(f"{n:>18}" for n in names)
    rows = [head, "-" * len(head)]
    for key in [*keys, None]:
        label = key or "ALL FIELDS"
        cells = []
        for n in names:
            sc = columns[n]
            if key is None:
                cells.append(f"{sum(sc.exact.values())}/{sum(sc.total.values())} {sc.rate():6.1%}")
            elif key in sc.total:
                cells.append(f"{sc.exact[key]}/{sc.total[key]} {sc.rate(key):6.1%}")
            else:
                cells.append("-")
        rows.append(f"{label:18}" + "".join(f"{c:>18}" for c in cells))
    return "\n".join(rows)


_CLAIMS_START = re.compile(r"^诉讼请求[：:]?$")
_FACTS_START = re.compile(r"^事实(与|和|及)理由[：:]?$")


def project_page_form(truth) -> dict:
    """The form truth (the filing screens' keys) of a page of the project's own corpus, from its
    field lists and lines (read by attribute; nothing of the product is imported): the
    defendant is the second party named (the first is the plaintiff)."""
    f, lines = truth.fields, truth.lines
    kind = "organisation" if f.get("usccs") else "person"
    ids = f.get("usccs") if kind == "organisation" else f.get("id_numbers", [])[1:]
    start = next(i for i, ln in enumerate(lines) if _CLAIMS_START.match(ln))
    end = next(i for i, ln in enumerate(lines) if _FACTS_START.match(ln))
    close = next((i for i, ln in enumerate(lines) if ln.startswith("此致")), len(lines))
    return {
        "defendant_kind": kind,
        "defendant_name": f["names"][1],
        "defendant_id": (ids or [""])[0],
        "defendant_address": f["addresses"][1],
        "defendant_phone": f["phones"][1],
        "claims": lines[start + 1:end],
        "amount": f"{sum((Decimal(a) for a in f['amounts']), Decimal(0)):.2f}",
        "facts": "".join(lines[end + 1:close]),
    }
