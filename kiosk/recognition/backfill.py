"""Suggestions for the filing form from the lines of a scanned complaint (起诉状).

A complaint names the parties in blocks that start with their role (原告 / 被告
...), then lists the claims after 诉讼请求 and before 事实与理由. Fields are
taken from the first defendant's block and from the claims section; the amount
claimed is the sum of the money amounts in the claims. Each suggestion carries
the confidence of the line(s) it came from and a flag when it is low or fails
its check; the UI highlights every suggestion for the litigant to confirm or
correct, flagged ones more strongly. Nothing read is logged.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from kiosk.recognition.fields import extract_fields

__all__ = ["FORM_KEYS", "Suggestion", "suggest_form"]

# Page lines read right score 0.82-0.97 on the generated complaints; misread names 0.71-0.75
LOW_CONFIDENCE = 0.78

FORM_KEYS = ("defendant_kind", "defendant_name", "defendant_id", "defendant_address", "defendant_phone",
             "claims", "amount", "facts")

_ROLE = re.compile(r"^(原告|被告|第三人|上诉人|被上诉人|申请人|被申请人|具状人|委托诉讼代理人|法定代表人)"
                   r"[（(]?[^：:]{0,6}[）)]?[：:]")
_CLAIMS = re.compile(r"^诉讼请求[：:]?")
_FACTS = re.compile(r"^(事实(与|和)理由|事实及理由)[：:]?")
_ORGANISATION = re.compile(r"(公司|企业|厂|店|银行|合作社|中心|协会|学校|医院|委员会|集团|事务所)$")
_COMMA = re.compile(r",(?!\d{3})|(?<!\d),")  # not a thousands separator
_CLAIM_WORDS = re.compile(r"判令|请求|诉讼费|支付|赔偿|返还|偿还|解除|确认")


@dataclass(frozen=True)
class Suggestion:
    value: str
    confidence: float
    flagged: bool = False
    reason: str = ""  # low_confidence | check_failed


def _text(line) -> tuple[str, float]:
    text, confidence = (line.text, line.confidence) if hasattr(line, "text") else line
    return "".join(unicodedata.normalize("NFKC", text).split()), float(confidence)


_FULL_WIDTH = str.maketrans({";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"})


def _display(line) -> str:
    """A line as the litigant wrote it: Chinese punctuation in Chinese text (OCR output is NFKC)."""
    text = unicodedata.normalize("NFKC", line.text if hasattr(line, "text") else line[0]).strip()
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        text = _COMMA.sub("，", "".join(text.split()).translate(_FULL_WIDTH))
    return text


def _suggestion(value: str, confidence: float, failed: bool = False) -> Suggestion:
    if failed:
        return Suggestion(value, confidence, True, "check_failed")
    if confidence < LOW_CONFIDENCE:
        return Suggestion(value, confidence, True, "low_confidence")
    return Suggestion(value, confidence)


def _valid_id(value: str) -> bool:
    from stdnum.cn import uscc

    from kiosk.domain import idnumber

    if uscc.is_valid(value):
        return True
    try:
        idnumber.validate(value)
    except idnumber.InvalidIdNumber:
        return False
    return True


def _block(lines: list[tuple[str, float]], role: str) -> list[tuple[str, float]]:
    """The lines of the first party block of ``role``: its role line up to the next role or section."""
    for start, (text, _) in enumerate(lines):
        m = _ROLE.match(text)
        if m and m.group(1) == role:
            end = start + 1
            while end < len(lines):
                following = lines[end][0]
                if _ROLE.match(following) or _CLAIMS.match(following) or _FACTS.match(following):
                    break
                end += 1
            return lines[start:end]
    return []


def _claims_section(lines: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """The claims: after 诉讼请求 up to 事实与理由. When OCR lost the heading, the lines
    between the last party line and 事实与理由 that read like a claim."""
    for start, (text, _) in enumerate(lines):
        m = _CLAIMS.match(text)
        if m:
            rest = text[m.end():]
            section = [(rest, lines[start][1])] if rest else []
            for following in lines[start + 1:]:
                if _FACTS.match(following[0]) or _ROLE.match(following[0]):
                    break
                section.append(following)
            return section
    facts = next((i for i, (text, _) in enumerate(lines) if _FACTS.match(text)), len(lines))
    parties = [i for i, (text, _) in enumerate(lines[:facts]) if _ROLE.match(text)]
    start = parties[-1] + 1 if parties else 0
    return [(text, c) for text, c in lines[start:facts] if _CLAIM_WORDS.search(text)]


_CLOSING = re.compile(r"^(此致|具状人|起诉人|上诉人|申请人)")


def _facts_section(lines: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """The facts and reasons: after 事实与理由 up to 此致 (or the signature line)."""
    for start, (text, _) in enumerate(lines):
        m = _FACTS.match(text)
        if m:
            rest = text[m.end():].lstrip("：:")
            section = [(rest, lines[start][1])] if rest else []
            for following in lines[start + 1:]:
                if _CLOSING.match(following[0]):
                    break
                section.append(following)
            return section
    return []


def suggest_form(lines) -> dict[str, Suggestion]:
    """Form key -> suggestion, for the keys the page gives (see FORM_KEYS)."""
    lines = list(lines)
    normalised = [_text(line) for line in lines]
    display = {text: _display(line) for text, line in zip((t for t, _ in normalised), lines, strict=True)}
    out: dict[str, Suggestion] = {}

    defendant = _block(normalised, "被告")
    if defendant:
        found = extract_fields(defendant)
        names = found["names"]
        if names:
            name = str(names[0].value)
            out["defendant_name"] = _suggestion(name, names[0].confidence)
            organisation = bool(found["usccs"]) or bool(_ORGANISATION.search(name))
            out["defendant_kind"] = Suggestion("organisation" if organisation else "person", names[0].confidence)
        ids = found["usccs"] or found["id_numbers"]
        if ids:
            value = str(ids[0].value)
            out["defendant_id"] = _suggestion(value, ids[0].confidence, failed=not _valid_id(value))
        if found["addresses"]:
            a = found["addresses"][0]
            out["defendant_address"] = _suggestion(str(a.value), a.confidence)
        if found["phones"]:
            p = found["phones"][0]
            out["defendant_phone"] = _suggestion(str(p.value).replace("-", ""), p.confidence)

    claims = [(t, c) for t, c in _claims_section(normalised) if t]
    if claims:
        confidence = min(c for _, c in claims)
        out["claims"] = _suggestion("\n".join(display.get(t, t) for t, _ in claims), confidence)
        # line by line: the same sum claimed twice (e.g. price and penalty) counts twice
        amounts = [a for t, c in claims for a in extract_fields([(t, c)])["amounts"]]
        if amounts:
            total = sum((Decimal(a.value) for a in amounts), Decimal(0))
            out["amount"] = _suggestion(f"{total:f}", min(a.confidence for a in amounts))
    facts = [(t, c) for t, c in _facts_section(normalised) if t]
    if facts:
        out["facts"] = _suggestion("\n".join(display.get(t, t) for t, _ in facts), min(c for _, c in facts))
    return out
