"""The guide's content: bilingual TOML files with a schema, validated when loaded.

A court edits the files, not the code. Every ``*.toml`` file of the content folder
(``assets/guide/`` unless config ``guide.content_dir`` names another) may hold:

- ``[[topic]]``: the topic buttons (id, title, summary, order);
- ``[[entry]]``: an article (id, topic, title, body, keywords, law, related, action, checklist);
- ``[material.<code>]``: the name of a material the filing checklist asks for
  (`kiosk.domain.filing.checklist` is the one source of *which* materials; this names them);
- ``[synonyms.zh_CN]`` / ``[synonyms.en]``: how litigants say things -> words the guide uses.

Every text is given in Chinese (``zh_CN``) and English (``en``). `load_content` raises
`GuideContentError` naming the file and the problem. Pure Python (pydantic), no Qt.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kiosk.domain import filing

LANGUAGES = ("zh_CN", "en")
TOPICS = ("procedures", "materials", "fees", "hall", "legal_aid", "faq")
ACTIONS = ("fee_calculator", "hall_map", "checklist")
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "assets" / "guide"


class GuideContentError(Exception):
    """The content cannot be used: ``path`` is the file (or folder), the message says why."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = str(path)
        self.problem = message


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Model):
    """One text in both languages."""

    zh_CN: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.zh_CN


class Words(_Model):
    zh_CN: tuple[str, ...] = ()
    en: tuple[str, ...] = ()

    def get(self, language: str) -> tuple[str, ...]:
        return self.en if language == "en" else self.zh_CN


class Scenario(_Model):
    """Whose filing a materials checklist is for (what `filing.checklist` needs to know)."""

    kind: Literal["first_instance", "appeal", "enforcement", "mediation"]
    filed_by: Literal["self", "agent"] = "self"
    organisation: bool = False  # a plaintiff is a company or other organisation


class Topic(_Model):
    id: Literal["procedures", "materials", "fees", "hall", "legal_aid", "faq"]
    title: Text
    summary: Text
    order: int = 0


class Entry(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]{1,47}$")
    topic: Literal["procedures", "materials", "fees", "hall", "legal_aid", "faq"]
    title: Text
    body: Text  # paragraphs separated by blank lines; "- " bullets; "## " subheadings
    keywords: Words = Words()  # other wordings litigants use for this entry
    law: tuple[Text, ...] = ()  # the rules it rests on, e.g. 《民事诉讼法》第一百二十六条
    related: tuple[str, ...] = ()
    action: Literal["fee_calculator", "hall_map", "checklist"] | None = None
    checklist: Scenario | None = None
    order: int = 0

    @field_validator("keywords")
    @classmethod
    def _no_blank_keywords(cls, words: Words) -> Words:
        if any(not w.strip() for w in (*words.zh_CN, *words.en)):
            raise ValueError("a keyword is empty")
        return words


class _File(_Model):
    topic: tuple[Topic, ...] = ()
    entry: tuple[Entry, ...] = ()
    material: dict[str, Text] = {}
    synonyms: dict[Literal["zh_CN", "en"], dict[str, tuple[str, ...]]] = {}


@dataclass(frozen=True)
class GuideContent:
    """The validated guide: topics in order, entries by id (in file order), material names."""

    topics: tuple[Topic, ...]
    entries: dict[str, Entry]
    materials: dict[str, Text]
    synonyms: dict[str, dict[str, tuple[str, ...]]]
    files: tuple[str, ...]

    def topic(self, topic_id: str) -> Topic:
        return next(t for t in self.topics if t.id == topic_id)

    def in_topic(self, topic_id: str) -> list[Entry]:
        return sorted((e for e in self.entries.values() if e.topic == topic_id), key=lambda e: e.order)

    def checklist(self, entry: Entry) -> list[tuple[filing.Material, Text]]:
        """The materials of an entry's scenario, from the filing wizard's own rule, with their names."""
        if entry.checklist is None:
            return []
        return [(m, self.materials[m.code]) for m in checklist_for(entry.checklist)]


def checklist_for(scenario: Scenario) -> list[filing.Material]:
    """`kiosk.domain.filing.checklist` for a scenario: the same list the filing wizard shows."""
    plaintiffs = [filing.PartyDraft(kind=filing.ORGANISATION if scenario.organisation else filing.PERSON)]
    draft = filing.FilingDraft(court_code="", case_type="", kind=scenario.kind, filed_by=scenario.filed_by,
                               plaintiffs=plaintiffs)
    return filing.checklist(draft)


def all_scenarios() -> Iterable[Scenario]:
    for kind in filing.KINDS:
        for filed_by in ("self", "agent"):
            for organisation in (False, True):
                yield Scenario(kind=kind, filed_by=filed_by, organisation=organisation)


def _describe(error: ValidationError, data: dict) -> str:
    problems = []
    for item in error.errors()[:3]:
        loc = list(item["loc"])
        where = ".".join(str(p) for p in loc)
        if len(loc) >= 2 and loc[0] in ("entry", "topic") and isinstance(loc[1], int):
            try:
                ident = data[loc[0]][loc[1]].get("id", "?")
            except (IndexError, KeyError, AttributeError, TypeError):
                ident = "?"
            where = f"{loc[0]} {loc[1] + 1} (id {ident!r})" + ("." + ".".join(str(p) for p in loc[2:])
                                                               if loc[2:] else "")
        problems.append(f"{where}: {item['msg']}")
    more = len(error.errors()) - len(problems)
    return "; ".join(problems) + (f" (and {more} more)" if more > 0 else "")


def _read(path: Path) -> _File:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise GuideContentError(path, f"invalid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise GuideContentError(path, "not UTF-8 text") from None
    except OSError as exc:
        raise GuideContentError(path, f"cannot read it ({exc.strerror})") from None
    try:
        return _File.model_validate(data)
    except ValidationError as exc:
        raise GuideContentError(path, _describe(exc, data)) from None


def load_content(folder: Path | str | None = None) -> GuideContent:
    """Read and validate every ``*.toml`` in ``folder`` (default: the bundled ``assets/guide``)."""
    root = Path(folder) if folder else DEFAULT_DIR
    if not root.is_dir():
        raise GuideContentError(root, "the guide's content folder does not exist")
    paths = sorted(root.glob("*.toml"))
    if not paths:
        raise GuideContentError(root, "no *.toml content files in the folder")
    topics: dict[str, tuple[Topic, Path]] = {}
    entries: dict[str, tuple[Entry, Path]] = {}
    materials: dict[str, tuple[Text, Path]] = {}
    synonyms: dict[str, dict[str, tuple[str, ...]]] = {lang: {} for lang in LANGUAGES}
    for path in paths:
        part = _read(path)
        for topic in part.topic:
            if topic.id in topics:
                raise GuideContentError(path, f"topic {topic.id!r} is also declared in {topics[topic.id][1].name}")
            topics[topic.id] = (topic, path)
        for entry in part.entry:
            if entry.id in entries:
                raise GuideContentError(path, f"entry {entry.id!r} is also declared in {entries[entry.id][1].name}")
            entries[entry.id] = (entry, path)
        for code, name in part.material.items():
            if code in materials:
                raise GuideContentError(path, f"material {code!r} is also named in {materials[code][1].name}")
            materials[code] = (name, path)
        for lang, table in part.synonyms.items():
            synonyms[lang].update(table)
    missing = [t for t in TOPICS if t not in topics]
    if missing:
        raise GuideContentError(root, f"no [[topic]] for {', '.join(missing)}")
    for entry, path in entries.values():
        where = f"entry {entry.id!r}"
        unknown = [r for r in entry.related if r not in entries]
        if unknown:
            raise GuideContentError(path, f"{where}: related entry {unknown[0]!r} does not exist")
        if (entry.action == "checklist") != (entry.checklist is not None):
            raise GuideContentError(path, f"{where}: action 'checklist' and a [entry.checklist] go together")
    for topic_id in TOPICS:
        if not any(e.topic == topic_id for e, _ in entries.values()):
            raise GuideContentError(root, f"topic {topic_id!r} has no entry")
    needed = sorted({m.code for s in all_scenarios() for m in checklist_for(s)})
    unnamed = [code for code in needed if code not in materials]
    if unnamed:
        raise GuideContentError(root, f"the filing checklist's material {unnamed[0]!r} has no [material.{unnamed[0]}] "
                                      "name")
    return GuideContent(
        topics=tuple(sorted((t for t, _ in topics.values()), key=lambda t: t.order)),
        entries={e.id: e for e, _ in entries.values()},
        materials={code: name for code, (name, _) in materials.items()},
        synonyms=synonyms,
        files=tuple(p.name for p in paths),
    )
