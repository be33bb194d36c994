"""Full-text search over the guide, tolerant of how litigants word things.

An in-memory SQLite database holds one row per entry and language in an FTS5 table with the
trigram tokenizer (SQLite >= 3.34), so any three characters of Chinese match without a word
segmenter. A question is scored by:

- bm25 over the trigrams of its words (title and keywords weigh more than the body);
- bigrams: most Chinese words have two characters, which trigrams cannot match; each two
  characters of the question found in an entry count, weighted by how rare they are (a
  one- or two-character question is matched this way alone, with LIKE);
- a boost when a word of the question is in the entry's title.

Before that the question loses its question words (怎么办, 吗, how, what...) and gains the
guide's synonyms (欠钱 -> 借款, 欠款...). Build it off the GUI thread (`GuideIndex.build_seconds`
says how long it took); `search` takes well under a millisecond per question on a kiosk.
"""

from __future__ import annotations

import logging
import math
import re
import sqlite3
import threading
import time
import unicodedata
from dataclasses import dataclass

from kiosk.guide.content import LANGUAGES, Entry, GuideContent
from kiosk.guide.hall import Counter
from kiosk.guide.render import plain_text

log = logging.getLogger("kiosk.guide")

MIN_SQLITE = (3, 34, 0)  # the trigram tokenizer
COLUMN_WEIGHTS = (0.0, 0.0, 8.0, 5.0, 1.0, 1.0)  # id, lang, title, keywords, body, law
FIELD_WEIGHTS = (3.0, 2.5, 1.0, 0.5)  # bigrams found in: title, keywords, body, law
TITLE_BOOST = 2.0

# Question words and particles that say nothing about the subject (longest first when removed).
ZH_STOP = sorted({
    "怎么办", "怎么样", "怎么", "怎样", "如何", "什么", "多少", "多久", "多长", "哪里", "哪儿", "哪个", "哪些",
    "是不是", "能不能", "可不可以", "可以", "能否", "需要", "应该", "请问", "一下", "我们", "你们", "他们",
    "自己", "这个", "那个", "还能", "还是", "已经", "的话", "现在", "我", "你", "他", "她", "的", "了", "吗",
    "呢", "吧", "啊", "呀", "么", "要", "想", "还", "会", "是", "在", "就", "都", "把", "被", "给", "和", "跟",
    "能", "去", "得", "着", "过", "让", "叫", "个",
}, key=len, reverse=True)
EN_STOP = frozenset("""a an the i me my we our you your he she it its they them their is are was were be been do
does did done how what when where which who whom why can could should would will shall may might must have has
had to of in on at by for from with about into than then that this these those there here and or but not no
yes if so as up out any some all get got want need please tell know""".split())
_ZH_STOP_RE = re.compile("|".join(map(re.escape, ZH_STOP)))
_SPLIT = re.compile(r"[^0-9a-z\u4e00-\u9fff\u3400-\u4dbf]+")
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    snippet: str
    score: float

    def to_json(self) -> dict:
        return {"id": self.id, "title": self.title, "snippet": self.snippet, "score": round(self.score, 3)}


def sqlite_has_trigram() -> bool:
    return sqlite3.sqlite_version_info >= MIN_SQLITE


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().strip()


@dataclass(frozen=True)
class Query:
    terms: tuple[str, ...]  # words of the question (and synonyms), two characters or more
    short: tuple[str, ...]  # a question of one character: matched with LIKE only


def analyse(text: str, language: str, synonyms: dict[str, tuple[str, ...]]) -> Query:
    """The words a question is searched by."""
    text = normalise(text)
    extra: list[str] = []
    for phrase, words in synonyms.items():
        if normalise(phrase) in text:
            extra.extend(normalise(w) for w in words)
    if language == "en":
        words = [w for w in _SPLIT.split(text) if w and w not in EN_STOP]
        terms = [_stem(w) for w in words if len(w) >= 3 or _HAN.search(w)]
        short = [w for w in words if len(w) == 2 and w.isalpha()] if not terms else []
    else:
        pieces = [p for chunk in _SPLIT.split(text) for p in _ZH_STOP_RE.split(chunk)]
        terms = [p for p in pieces if len(p) >= 2]
        short = [p for p in pieces if len(p) == 1] if not terms and not extra else []
    seen: dict[str, None] = {}
    for term in (*terms, *(e for t in extra for e in _SPLIT.split(t) if len(e) >= 2)):
        seen.setdefault(term)
    return Query(tuple(seen), tuple(short))


def _stem(word: str) -> str:
    """A light English stem, so that a question's "appeals" finds the guide's "appeal" (the
    search matches substrings: "appeal" finds "appealing" too)."""
    for ending in ("ing", "ed", "es", "s"):
        if len(word) - len(ending) >= 4 and word.endswith(ending):
            return word[: -len(ending)]
    return word


def _grams(term: str, n: int) -> list[str]:
    return [term[i:i + n] for i in range(len(term) - n + 1)]


class GuideIndex:
    """The guide's search index, in memory. Built once (`build`, off the GUI thread); `search`
    is thread-safe."""

    def __init__(self, content: GuideContent, counters: list[Counter] | tuple[Counter, ...] = ()) -> None:
        self.content = content
        self._counters = tuple(counters)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._docs: dict[tuple[str, str], tuple[str, str, str, str]] = {}  # (lang, id) -> fields
        self.build_seconds = 0.0

    # -- building --------------------------------------------------------------------------
    def document(self, entry: Entry, language: str) -> tuple[str, str, str, str]:
        """What is searched for an entry: title, keywords, body (with its checklist or the hall's
        counters), law."""
        body = plain_text(entry.body.get(language))
        if entry.action == "checklist":
            body += "\n" + "\n".join(name.get(language) for _, name in self.content.checklist(entry))
        if entry.action == "hall_map":
            body += "\n" + "\n".join(f"{c.number} {c.serves(language)} {c.location(language)}"
                                     for c in self._counters)
        return (entry.title.get(language), " ".join(entry.keywords.get(language)), body,
                " ".join(t.get(language) for t in entry.law))

    def build(self) -> GuideIndex:
        if not sqlite_has_trigram():
            raise RuntimeError(f"SQLite {sqlite3.sqlite_version} has no trigram tokenizer (3.34 or later needed)")
        start = time.perf_counter()
        db = sqlite3.connect(":memory:", check_same_thread=False)
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, lang UNINDEXED, title, keywords, body, law, "
                   "tokenize = 'trigram')")
        rows = []
        for entry in self.content.entries.values():
            for language in LANGUAGES:
                fields = tuple(normalise(f) for f in self.document(entry, language))
                self._docs[(language, entry.id)] = fields
                rows.append((entry.id, language, *fields))
        db.executemany("INSERT INTO docs (id, lang, title, keywords, body, law) VALUES (?, ?, ?, ?, ?, ?)", rows)
        db.commit()
        with self._lock:
            self._db = db
        self.build_seconds = time.perf_counter() - start
        log.info("guide index built: %d entries, %d documents in %.1f ms", len(self.content.entries), len(rows),
                 self.build_seconds * 1000)
        return self

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    # -- searching -------------------------------------------------------------------------
    def search(self, text: str, language: str = "zh_CN", limit: int = 10, topic: str | None = None) -> list[Hit]:
        language = "en" if language == "en" else "zh_CN"
        query = analyse(text, language, self.content.synonyms.get(language, {}))
        if not query.terms and not query.short:
            return []
        with self._lock:
            if self._db is None:
                raise RuntimeError("the guide index is not built")
            scores = self._score(self._db, query, language)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], self._order(kv[0])))
        hits = []
        for entry_id, score in ranked:
            entry = self.content.entries[entry_id]
            if topic is not None and entry.topic != topic:
                continue
            hits.append(Hit(entry_id, entry.title.get(language), self.snippet(entry, language, query), score))
            if len(hits) >= limit:
                break
        return hits

    def _order(self, entry_id: str) -> int:
        return list(self.content.entries).index(entry_id)

    def _score(self, db: sqlite3.Connection, query: Query, language: str) -> dict[str, float]:
        scores: dict[str, float] = {}
        # Chinese: any three characters of a word; English: the whole word (its stem), as a phrase
        trigrams = sorted({g for t in query.terms for g in (_grams(t, 3) if _HAN.search(t) else [t])
                           if len(g) >= 3})
        if trigrams:
            match = " OR ".join('"' + g.replace('"', '""') + '"' for g in trigrams)
            weights = ", ".join(str(w) for w in COLUMN_WEIGHTS)
            for entry_id, rank in db.execute(
                    f"SELECT id, bm25(docs, {weights}) FROM docs WHERE docs MATCH ? AND lang = ?",
                    (match, language)):
                scores[entry_id] = scores.get(entry_id, 0.0) - rank
        docs = {eid: fields for (lang, eid), fields in self._docs.items() if lang == language}
        total = len(docs) or 1
        grams = {g for t in query.terms for g in (_grams(t, 2) if _HAN.search(t) else [t])}
        for gram in sorted(grams | set(query.short)):
            found = [(eid, fields) for eid, fields in self._like(db, gram, language)]
            if not found:
                continue
            idf = math.log(1 + total / len(found))
            for entry_id, fields in found:
                weight = sum(w for w, f in zip(FIELD_WEIGHTS, fields, strict=True) if gram in f)
                scores[entry_id] = scores.get(entry_id, 0.0) + idf * weight
        for entry_id in scores:
            title = docs[entry_id][0]
            scores[entry_id] += TITLE_BOOST * sum(1 for t in (*query.terms, *query.short) if t in title)
        return scores

    def _like(self, db: sqlite3.Connection, gram: str, language: str):
        pattern = "%" + gram.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = db.execute(
            "SELECT id, title, keywords, body, law FROM docs WHERE lang = :lang AND (title LIKE :p ESCAPE '\\' "
            "OR keywords LIKE :p ESCAPE '\\' OR body LIKE :p ESCAPE '\\' OR law LIKE :p ESCAPE '\\')",
            {"lang": language, "p": pattern})
        return [(row[0], tuple(row[1:])) for row in rows]

    def snippet(self, entry: Entry, language: str, query: Query, width: int | None = None) -> str:
        """A piece of the body around the first word of the question it contains."""
        markup = "\n".join(ln for ln in entry.body.get(language).splitlines() if not ln.strip().startswith("## "))
        body = " ".join(plain_text(markup).split())
        width = width or (48 if language != "en" else 110)
        lowered = normalise(body)
        candidates = [*query.terms, *(g for t in query.terms for g in _grams(t, 2) if _HAN.search(t)), *query.short]
        at = min((lowered.find(c) for c in candidates if c and lowered.find(c) >= 0), default=-1)
        if at < 0 or len(body) <= width:
            return body[:width] + ("…" if len(body) > width else "")
        start = max(0, at - width // 4)
        end = min(len(body), start + width)
        return ("…" if start else "") + body[start:end] + ("…" if end < len(body) else "")
