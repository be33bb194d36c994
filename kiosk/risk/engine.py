"""The assessment: answers in, risks out. Deterministic: the same answers, case type, "today" and fee
schedule give the same risks in the same order (tests/kiosk/risk_vectors.json holds the vectors).

`parse_answers` checks the answers against the questions (a wrong one is an `AnswerError` naming the
key and what is wrong: nothing is guessed); `assess` applies the case type's rules. A question left
out counts as "unknown". No Qt, no I/O beyond the catalog.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from kiosk.domain import fees
from kiosk.risk.model import (
    LEVELS,
    AnswerRule,
    CaseType,
    Catalog,
    CostRule,
    DeadlineRule,
    InterestRule,
    NoteRule,
    Outcome,
    Period,
    Text,
)

__all__ = ["AnswerError", "Assessment", "Risk", "add_period", "assess", "parse_answers"]

UNKNOWN = "unknown"
NONE = "none"
MAX_RATE = Decimal(1000)  # % a year: anything above is a typing mistake


class AnswerError(ValueError):
    """An answer that cannot be used. ``key`` the question, ``code``: unknown_case_type |
    unknown_question | not_allowed | date_format | date_future | amount_format | percent_format."""

    def __init__(self, key: str, code: str, detail: str = "") -> None:
        super().__init__(f"{key}: {code}" + (f" ({detail})" if detail else ""))
        self.key, self.code, self.detail = key, code, detail


@dataclass(frozen=True)
class Risk:
    id: str  # the rule's id
    topic: str
    level: str  # high | medium | low
    title: Text
    reason: Text
    statutes: tuple[str, ...]


@dataclass(frozen=True)
class Assessment:
    case_type: CaseType
    today: date
    risks: tuple[Risk, ...]
    fee: fees.FeeQuote | None = None
    answers: dict[str, str] = field(default_factory=dict)

    @property
    def overall(self) -> str:
        return next((level for level in LEVELS if any(r.level == level for r in self.risks)), "low")

    def statutes(self) -> list[str]:
        """Every statute the risks cite, once, in the order first cited."""
        seen: list[str] = []
        for risk in self.risks:
            seen += [s for s in risk.statutes if s not in seen]
        return seen

    def counts(self) -> dict[str, int]:
        return {level: sum(r.level == level for r in self.risks) for level in LEVELS}


# -- answers ----------------------------------------------------------------------------------
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_answers(catalog: Catalog, case_code: str, answers: dict, today: date) -> dict[str, str]:
    """The answers in their normal form (dates ISO, amounts and rates as plain decimals), every
    question of the case type present ("unknown" for those left out)."""
    case = catalog.case_types.get(case_code)
    if case is None:
        raise AnswerError("case_type", "unknown_case_type", str(case_code)[:40])
    out: dict[str, str] = {}
    for key in answers:
        if key not in case.questions:
            raise AnswerError(str(key)[:40], "unknown_question")
    for key in case.questions:
        question = catalog.questions[key]
        raw = answers.get(key, UNKNOWN)
        value = "" if raw is None else str(raw).strip()
        if value in ("", UNKNOWN):
            out[key] = UNKNOWN
            continue
        if value in question.allowed():
            out[key] = value
            continue
        if question.type == "date":
            day = _parse_date(key, value)
            if question.past_only and day > today:
                raise AnswerError(key, "date_future", "a day up to today")
            out[key] = day.isoformat()
        elif question.type == "amount":
            try:
                out[key] = str(fees.parse_amount(value))
            except fees.InvalidAmount as exc:
                raise AnswerError(key, "amount_format", exc.reason) from None
        elif question.type == "percent":
            out[key] = str(_parse_percent(key, value))
        else:
            raise AnswerError(key, "not_allowed", "one of " + ", ".join(question.allowed()))
    return out


def _parse_date(key: str, value: str) -> date:
    if not _DATE.match(value):
        raise AnswerError(key, "date_format", "YYYY-MM-DD")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise AnswerError(key, "date_format", "YYYY-MM-DD") from None
    if day.year < 1950:
        raise AnswerError(key, "date_format", "a year from 1950")
    return day


def _parse_percent(key: str, value: str) -> Decimal:
    text = value.rstrip("%").strip()
    try:
        rate = Decimal(text)
    except InvalidOperation:
        raise AnswerError(key, "percent_format", "a yearly rate in %, e.g. 15.4") from None
    if not rate.is_finite() or rate < 0 or rate > MAX_RATE:
        raise AnswerError(key, "percent_format", "a yearly rate in %, e.g. 15.4")
    return rate.normalize() if rate != rate.to_integral() else rate.quantize(Decimal(1))


# -- dates ------------------------------------------------------------------------------------
def add_period(start: date, period: Period) -> date:
    """The last day of a period starting on ``start`` (Civil Code Arts. 201-203: the first day is
    the next day; a period in years or months ends on the corresponding day, the month's last
    day when it has none)."""
    months = start.month - 1 + period.months + 12 * period.years
    year, month = start.year + months // 12, months % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day) + timedelta(days=period.days)


def _format_date(day: date, lang: str) -> str:
    return day.isoformat() if lang == "en" else f"{day.year}年{day.month}月{day.day}日"


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def _ratio(value: Decimal) -> str:
    return f"{(value * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


# -- rules ------------------------------------------------------------------------------------
def _matches(cond: dict[str, tuple[str, ...]], answers: dict[str, str]) -> bool:
    return all(answers.get(k, UNKNOWN) in values for k, values in cond.items())


class _Filled:
    """An outcome with its placeholders filled in both languages."""

    def __init__(self, outcome: Outcome, values: dict[str, object] | None = None, extra: Text | None = None):
        self.level = outcome.level
        texts = {}
        for lang in ("zh_CN", "en"):
            text = outcome.reason.get(lang)
            if extra is not None:
                text += extra.get(lang)
            for name, value in (values or {}).items():
                if isinstance(value, Text):
                    shown = value.get(lang)
                else:
                    shown = _format_date(value, lang) if isinstance(value, date) else str(value)
                text = text.replace("{" + name + "}", shown)
            texts[lang] = text
        self.reason = Text(**texts)


def _deadline(rule: DeadlineRule, answers: dict[str, str], today: date) -> _Filled | None:
    value = answers.get(rule.date, UNKNOWN)
    if value == NONE:
        return None
    if value == UNKNOWN:
        return _Filled(rule.unknown) if rule.unknown else None
    start = date.fromisoformat(value)
    if start > today:
        return _Filled(rule.future, {"date": start}) if rule.future else None
    last = add_period(start, rule.period)
    restart_value = answers.get(rule.restart, UNKNOWN) if rule.restart else UNKNOWN
    restarted = None
    if restart_value not in (UNKNOWN, NONE):
        restarted = date.fromisoformat(restart_value)
        if restarted > today:
            restarted = None  # a date still to come interrupts nothing yet
        elif restarted > last:
            if rule.late_restart:
                return _Filled(rule.late_restart, {"date": start, "deadline": last, "restart": restarted})
        elif restarted > start:
            last = add_period(restarted, rule.period)
    values = {"date": start, "deadline": last, "days": (last - today).days,
              "restart": restarted if restarted is not None else start}
    if today > last:
        outcome = rule.expired
        values["days"] = (today - last).days
    elif (last - today).days <= rule.soon_days:
        outcome = rule.soon or rule.running
    else:
        outcome = rule.running
    return _Filled(outcome, values) if outcome else None


def _interest(rule: InterestRule, catalog: Catalog, answers: dict[str, str], today: date) -> _Filled | None:
    rate_text = answers.get(rule.rate, UNKNOWN)
    if rate_text == UNKNOWN:
        return _Filled(rule.unknown) if rule.unknown else None
    rate = Decimal(rate_text)
    if rate == 0:
        return _Filled(rule.no_interest) if rule.no_interest else None
    day_text = answers.get(rule.date, UNKNOWN)
    day = date.fromisoformat(day_text) if day_text not in (UNKNOWN, NONE) else today
    lpr = catalog.lpr_on(day)
    cap = (lpr.rate * rule.multiple).quantize(Decimal("0.01"))
    values = {"rate": f"{rate}%", "lpr": f"{lpr.rate}%", "cap": f"{cap}%", "lpr_date": lpr.since}
    return _Filled(rule.above if rate > cap else rule.within, values)


def _cost(rule: CostRule, case: CaseType, answers: dict[str, str], schedule) -> tuple[_Filled | None, object]:
    kind = fees.fee_kind(case.fee_kind)
    amount_text = answers.get(rule.amount, UNKNOWN)
    amount = None if amount_text == UNKNOWN else Decimal(amount_text)
    needs = fees.AMOUNT_RULE[kind.value]
    if needs == "required" and not amount:
        return (_Filled(rule.no_amount) if rule.no_amount else None), None
    try:
        quote = fees.calculate(kind, amount if needs != "none" and amount else None,
                               unpaid_wages=case.unpaid_wages, schedule=schedule)
    except fees.FeeError:
        return None, None
    preservation = Decimal(0)
    if rule.preservation and answers.get(rule.preservation) == "yes":
        preservation = fees.calculate(fees.FeeKind.PRESERVATION, amount or None, schedule=schedule).total
    total = quote.total + preservation
    extra = rule.not_prepaid if not quote.prepay and rule.not_prepaid is not None else None
    values: dict[str, object] = {"fee": _money(quote.total), "preservation_fee": _money(preservation),
                                 "total": _money(total), "preservation": ""}
    if preservation and rule.preservation_part is not None:
        part = rule.preservation_part
        values["preservation"] = Text(**{lang: part.get(lang).replace("{preservation_fee}", _money(preservation))
                                         for lang in ("zh_CN", "en")})
    if needs == "none" or not amount:
        return (_Filled(rule.fixed, values, extra) if rule.fixed else None), quote
    ratio = total / amount
    values.update(amount=_money(amount), ratio=_ratio(ratio))
    outcome = rule.high if ratio >= rule.high_ratio else rule.medium if ratio >= rule.medium_ratio else rule.low
    return _Filled(outcome, values, extra), quote


def assess(catalog: Catalog, case_code: str, answers: dict, today: date, schedule=None) -> Assessment:
    """The risks of a case of type ``case_code`` with these answers, as of ``today``.

    ``schedule``: the province's fee figures (`kiosk.domain.fees.FeeSchedule`; the national defaults
    when None). Raises `AnswerError` for an answer it cannot use."""
    normal = parse_answers(catalog, case_code, answers, today)
    case = catalog.case_types[case_code]
    found: list[tuple[int, int, Risk]] = []
    quote = None
    for index, rule_id in enumerate(case.rules):
        rule = catalog.rules[rule_id]
        if rule.when and not _matches(rule.when, normal):
            continue
        if rule.unless and _matches(rule.unless, normal):
            continue
        filled: _Filled | None
        if isinstance(rule, AnswerRule):
            if rule.when_any and not any(normal.get(k, UNKNOWN) in v for k, v in rule.when_any.items()):
                continue
            filled = _Filled(rule.outcome)
        elif isinstance(rule, NoteRule):
            filled = _Filled(rule.outcome)
        elif isinstance(rule, DeadlineRule):
            filled = _deadline(rule, normal, today)
        elif isinstance(rule, InterestRule):
            filled = _interest(rule, catalog, normal, today)
        elif isinstance(rule, CostRule):
            filled, quote = _cost(rule, case, normal, schedule)
        else:  # pragma: no cover - the model allows no other kind
            raise TypeError(type(rule).__name__)
        if filled is None:
            continue
        risk = Risk(rule_id, rule.topic, filled.level, rule.title, filled.reason, rule.statutes)
        found.append((LEVELS.index(filled.level), index, risk))
    risks = tuple(r for _, _, r in sorted(found, key=lambda t: (t[0], t[1])))
    return Assessment(case, today, risks, quote, normal)
