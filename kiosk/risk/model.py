"""The data of the risk assessment (诉讼风险评估), validated: the statutes it cites, the questions it
asks, the rules that turn answers into risks, and the case types that choose among them.

Everything a court may want to reword or extend lives in ``assets/risk/`` as TOML (no code to
touch): ``statutes.toml``, ``questions.toml``, ``rules.toml``, ``texts.toml``, ``lpr.toml`` and one
file per case type in ``case_types/``. `load_catalog` reads and checks them all (pydantic models,
then the cross references: every question, rule and statute named exists, every text has both
languages and only the placeholders its rule fills). The kiosk loads it at start; the tests load it
too, so a broken edit fails there first.

No Qt here.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

__all__ = [
    "ANSWER_TYPES",
    "DATA_DIR",
    "LANGUAGES",
    "LEVELS",
    "CaseType",
    "Catalog",
    "CatalogError",
    "Question",
    "Rule",
    "Statute",
    "Text",
    "load_catalog",
]

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "assets" / "risk"
LANGUAGES = ("zh_CN", "en")
LEVELS = ("high", "medium", "low")  # highest first
ANSWER_TYPES = ("yes_no", "date", "amount", "percent", "choice")
YES_NO = ("yes", "no", "unknown")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class CatalogError(ValueError):
    """The risk data cannot be used: the message names the file and what is wrong."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Model):
    """A text in both languages of the kiosk."""

    zh_CN: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh_CN

    def placeholders(self) -> set[str]:
        return set(_PLACEHOLDER.findall(self.zh_CN)) | set(_PLACEHOLDER.findall(self.en))


class Statute(_Model):
    law: str  # a key of Catalog.laws
    article: Text  # 第一百八十八条 / Art. 188
    gist: Text  # what it says, in one plain sentence


class Choice(_Model):
    value: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    label: Text


class Question(_Model):
    """One question. ``type``: yes_no (yes | no | unknown), date (YYYY-MM-DD | unknown, and ``none``
    when ``none_label`` is given), amount (yuan | unknown), percent (a yearly rate in % | unknown),
    choice (one of ``choices`` | unknown)."""

    type: Literal["yes_no", "date", "amount", "percent", "choice"]
    text: Text
    help: Text | None = None
    choices: tuple[Choice, ...] = ()
    none_label: Text | None = None  # date: the button for "there was none" (value "none")
    past_only: bool = False  # date: a day after today is a mistake (a demand, an award, a judgment)

    @model_validator(mode="after")
    def _choices(self) -> Question:
        if (self.type == "choice") != bool(self.choices):
            raise ValueError("choices go with type = 'choice', and only with it")
        if (self.none_label is not None or self.past_only) and self.type != "date":
            raise ValueError("none_label and past_only go with type = 'date' only")
        return self

    def allowed(self) -> tuple[str, ...]:
        """The fixed values it accepts besides a date, an amount or a rate."""
        if self.type == "yes_no":
            return YES_NO
        if self.type == "choice":
            return (*(c.value for c in self.choices), "unknown")
        return ("unknown", "none") if self.none_label is not None else ("unknown",)


class Outcome(_Model):
    """What a rule says in one of its cases: the level and the reason (placeholders filled)."""

    level: Literal["high", "medium", "low"]
    reason: Text


Condition = dict[str, tuple[str, ...]]  # question key -> the answers that match


class _RuleBase(_Model):
    topic: Literal["limitation", "evidence", "service", "enforcement", "cost", "preservation", "interest",
                   "jurisdiction", "procedure", "claim"]
    title: Text
    statutes: tuple[str, ...] = Field(min_length=1)
    when: Condition = Field(default_factory=dict)  # all must match for the rule to apply
    unless: Condition = Field(default_factory=dict)  # the rule does not apply when all of these match

    @field_validator("when", "unless", mode="before")
    @classmethod
    def _tuples(cls, value):
        return {k: (v,) if isinstance(v, str) else tuple(v) for k, v in (value or {}).items()}


class AnswerRule(_RuleBase):
    """A risk when the answers match: ``when`` (all of them) and, if given, any one of ``when_any``."""

    kind: Literal["answer"]
    when_any: Condition = Field(default_factory=dict)
    outcome: Outcome

    @field_validator("when_any", mode="before")
    @classmethod
    def _any(cls, value):
        return {k: (v,) if isinstance(v, str) else tuple(v) for k, v in (value or {}).items()}

    @model_validator(mode="after")
    def _has_condition(self) -> AnswerRule:
        if not self.when and not self.when_any:
            raise ValueError("an answer rule needs 'when' or 'when_any'")
        return self

    def keys(self) -> set[str]:
        return {*self.when, *self.unless, *self.when_any}

    def fills(self) -> set[str]:
        return set()


class Period(_Model):
    years: int = 0
    months: int = 0
    days: int = 0

    @model_validator(mode="after")
    def _positive(self) -> Period:
        if min(self.years, self.months, self.days) < 0 or not (self.years or self.months or self.days):
            raise ValueError("a period is some years, months or days")
        return self


class DeadlineRule(_RuleBase):
    """A period running from the date answered to ``date`` (a later ``restart`` date starts it anew,
    as a demand or an acknowledgement interrupts limitation). Each case it may end in is optional:
    a missing one says nothing."""

    kind: Literal["deadline"]
    date: str
    period: Period
    restart: str | None = None
    soon_days: int = Field(default=90, ge=0)
    expired: Outcome | None = None  # today is after the last day
    soon: Outcome | None = None  # the last day is within soon_days
    running: Outcome | None = None  # the last day is further away
    late_restart: Outcome | None = None  # the restart date came after the period had already ended
    future: Outcome | None = None  # the date is after today: the period has not started
    unknown: Outcome | None = None  # the date is not known

    def keys(self) -> set[str]:
        return {self.date, *([self.restart] if self.restart else []), *self.when, *self.unless}

    def fills(self) -> set[str]:
        return {"date", "deadline", "days", "restart"}


class InterestRule(_RuleBase):
    """The agreed yearly rate against ``multiple`` times the one-year LPR of the contract's date."""

    kind: Literal["interest_cap"]
    rate: str
    date: str
    multiple: Decimal = Decimal(4)
    above: Outcome
    within: Outcome
    no_interest: Outcome | None = None
    unknown: Outcome | None = None

    def keys(self) -> set[str]:
        return {self.rate, self.date, *self.when, *self.unless}

    def fills(self) -> set[str]:
        return {"rate", "lpr", "cap", "lpr_date"}


class CostRule(_RuleBase):
    """The Decree 481 fee for the amount (with the kiosk's fee calculator) against the amount."""

    kind: Literal["cost"]
    amount: str = "amount"
    preservation: str | None = None  # a yes_no question: a preservation fee is added when "yes"
    high_ratio: Decimal = Decimal("0.10")
    medium_ratio: Decimal = Decimal("0.05")
    high: Outcome
    medium: Outcome
    low: Outcome
    no_amount: Outcome | None = None  # the fee depends on the amount and it is not known
    fixed: Outcome | None = None  # a fee per case (no amount): labour, divorce without property
    not_prepaid: Text | None = None  # added to the reason when the fee is not paid in advance
    preservation_part: Text | None = None  # {preservation} in a reason: said only when there is a preservation fee

    def keys(self) -> set[str]:
        return {self.amount, *([self.preservation] if self.preservation else []), *self.when, *self.unless}

    def fills(self) -> set[str]:
        return {"fee", "amount", "ratio", "preservation_fee", "total", "preservation"}


class NoteRule(_RuleBase):
    """Always said for the case types that name it (when its conditions match)."""

    kind: Literal["note"]
    outcome: Outcome

    def keys(self) -> set[str]:
        return {*self.when, *self.unless}

    def fills(self) -> set[str]:
        return set()


Rule = Annotated[AnswerRule | DeadlineRule | InterestRule | CostRule | NoteRule, Field(discriminator="kind")]


class CaseType(_Model):
    """A kind of dispute (案由) with its questions, in order, and its rules."""

    code: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: Text
    description: Text
    order: int
    court_case_type: str  # the court policy's case type code the filing wizard uses (民初, 民初-离婚 ...)
    fee_kind: str  # kiosk.domain.fees.FeeKind
    unpaid_wages: bool = False  # Decree 481 Art. 20: not prepaid
    questions: tuple[str, ...] = Field(min_length=3)
    rules: tuple[str, ...] = Field(min_length=3)
    labels: dict[str, Text] = Field(default_factory=dict)  # question key -> its wording for this type


class LprEntry(_Model):
    since: date
    rate: Decimal  # % a year


class Texts(_Model):
    """The report's and the CLI's fixed texts (headings, level names, the disclaimer)."""

    title: Text
    disclaimer: Text
    levels: dict[Literal["high", "medium", "low"], Text]
    headings: dict[str, Text]
    summary_heading: Text


class Catalog(_Model):
    laws: dict[str, Text]
    short: dict[str, Text]  # the laws' short names (the QR's summary), one for each law
    statutes: dict[str, Statute]
    questions: dict[str, Question]
    rules: dict[str, Rule]
    case_types: dict[str, CaseType]
    lpr: tuple[LprEntry, ...] = Field(min_length=1)
    texts: Texts

    @model_validator(mode="after")
    def _references(self) -> Catalog:
        problems: list[str] = []
        if set(self.short) != set(self.laws):
            problems.append(f"short names for {sorted(set(self.short))} but laws {sorted(set(self.laws))}")
        for key, statute in self.statutes.items():
            if statute.law not in self.laws:
                problems.append(f"statute {key}: unknown law {statute.law!r}")
        for key, rule in self.rules.items():
            problems += [f"rule {key}: unknown statute {s!r}" for s in rule.statutes if s not in self.statutes]
            problems += [f"rule {key}: unknown question {q!r}" for q in rule.keys() if q not in self.questions]
            for name, text in _rule_texts(rule):
                extra = text.placeholders() - rule.fills()
                if extra:
                    problems.append(f"rule {key} ({name}): placeholders {sorted(extra)} are not filled")
            for cond in (rule.when, rule.unless, getattr(rule, "when_any", {})):
                for q, values in cond.items():
                    question = self.questions.get(q)
                    if question is not None:
                        bad = [v for v in values if v not in question.allowed()]
                        if bad:
                            problems.append(f"rule {key}: {q} is never {bad}")
        seen_order: dict[int, str] = {}
        for code, case in self.case_types.items():
            if code != case.code:
                problems.append(f"case type {code}: its code says {case.code!r}")
            if case.order in seen_order:
                problems.append(f"case types {seen_order[case.order]} and {code} have the same order")
            seen_order[case.order] = code
            problems += [f"case type {code}: unknown question {q!r}" for q in case.questions
                         if q not in self.questions]
            if len(set(case.questions)) != len(case.questions):
                problems.append(f"case type {code}: a question is listed twice")
            problems += [f"case type {code}: unknown rule {r!r}" for r in case.rules if r not in self.rules]
            problems += [f"case type {code}: a label for {q!r}, which it does not ask" for q in case.labels
                         if q not in case.questions]
            for r in case.rules:
                rule = self.rules.get(r)
                if rule is not None:
                    missing = rule.keys() - set(case.questions)
                    if missing:
                        problems.append(f"case type {code}: rule {r} needs {sorted(missing)}, not asked")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def ordered_case_types(self) -> list[CaseType]:
        return sorted(self.case_types.values(), key=lambda c: c.order)

    def question_text(self, case_type: CaseType, key: str) -> Text:
        return case_type.labels.get(key) or self.questions[key].text

    def lpr_on(self, day: date) -> LprEntry:
        """The one-year LPR in force on ``day`` (the first one published for earlier days)."""
        found = self.lpr[0]
        for entry in self.lpr:
            if entry.since <= day:
                found = entry
        return found

    def citation(self, statute_id: str, lang: str) -> str:
        statute = self.statutes[statute_id]
        law = self.laws[statute.law].get(lang)
        return f"{law}{statute.article.get(lang)}" if lang != "en" else f"{law}, {statute.article.get(lang)}"


def _rule_texts(rule) -> list[tuple[str, Text]]:
    found: list[tuple[str, Text]] = [("title", rule.title)]
    for name in ("outcome", "expired", "soon", "running", "late_restart", "future", "unknown", "above",
                 "within", "no_interest", "high", "medium", "low", "no_amount", "fixed"):
        outcome = getattr(rule, name, None)
        if isinstance(outcome, Outcome):
            found.append((name, outcome.reason))
    for name in ("not_prepaid", "preservation_part"):
        if getattr(rule, name, None) is not None:
            found.append((name, getattr(rule, name)))
    return found


def _read(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CatalogError(f"{path.name}: {exc}") from None


def load_catalog(folder: str | Path | None = None) -> Catalog:
    """Read and check the risk data in ``folder`` (default ``assets/risk``)."""
    return _load(str(Path(folder) if folder else DATA_DIR))


@lru_cache(maxsize=4)
def _load(folder: str) -> Catalog:
    root = Path(folder)
    statutes = _read(root / "statutes.toml")
    data = {
        "laws": statutes.get("laws", {}),
        "statutes": statutes.get("statutes", {}),
        "short": statutes.get("short", {}),
        "questions": _read(root / "questions.toml").get("questions", {}),
        "rules": _read(root / "rules.toml").get("rules", {}),
        "lpr": _read(root / "lpr.toml").get("lpr", []),
        "texts": _read(root / "texts.toml"),
        "case_types": {},
    }
    for path in sorted((root / "case_types").glob("*.toml")):
        case = _read(path)
        data["case_types"][path.stem] = case
    try:
        return Catalog.model_validate(data)
    except ValidationError as exc:
        raise CatalogError(f"the risk data in {root} is not valid: {_short(exc)}") from None


def _short(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors()[:8]:
        where = ".".join(str(p) for p in error["loc"])
        parts.append(f"{where}: {error['msg']}")
    more = len(exc.errors()) - 8
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")
