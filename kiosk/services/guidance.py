"""诉讼指南: the litigation guide, for anyone at the kiosk (no ID card).

The content is data (`kiosk.guide.content`: bilingual TOML files, the bundled ``assets/guide``
or the court's own folder, config ``guide.content_dir``), validated when the kiosk starts; the
search index (`kiosk.guide.search`, SQLite FTS5 trigram, in memory) is built on a worker at the
same time. Content that does not validate leaves the guide out of service, with a log line
naming the file and the mistake; the kiosk runs on. Questions are never logged (they may name
people): only counts.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from kiosk.guide import hall
from kiosk.guide.content import Entry, GuideContent, GuideContentError, Topic, load_content
from kiosk.guide.render import entry_html
from kiosk.guide.search import GuideIndex, Hit
from kiosk.services.registry import QT_TRANSLATE_NOOP, ServiceSpec

log = logging.getLogger("kiosk.guide")

LOADING, READY, FAILED = "loading", "ready", "failed"
RELEVANT_SHARE = 0.25  # a result scoring under this share of the best one is not shown


class GuidanceService(QObject):
    """The guide's content and search. ``state`` is loading, ready or failed (``problem`` says
    why, for the operator); ``state_changed`` tells the screen."""

    state_changed = Signal(str)

    def __init__(self, worker, content_dir: str = "", counters_text: str = hall.DEFAULT_COUNTERS) -> None:
        super().__init__()
        self._worker = worker
        self._content_dir = content_dir
        self.counters = hall.parse_counters(counters_text)  # validated with the configuration
        self.state = LOADING
        self.problem = ""
        self._index: GuideIndex | None = None

    # -- start: load, validate and index off the GUI thread -------------------------------
    def start(self) -> None:
        self._worker.submit(self._build, self._built, self._failed, session_bound=False)

    def _build(self) -> GuideIndex:
        return GuideIndex(load_content(self._content_dir or None), self.counters).build()

    def _built(self, index: GuideIndex) -> None:
        self._index = index
        self._set_state(READY)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, GuideContentError):
            self.problem = str(exc)
            log.error("guide out of service: its content does not validate: %s", exc)
        else:
            self.problem = type(exc).__name__
            log.error("guide out of service: the search index could not be built: %s: %s", type(exc).__name__, exc)
        self._set_state(FAILED)

    def _set_state(self, state: str) -> None:
        self.state = state
        self.state_changed.emit(state)

    def stop(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None

    # -- reading ---------------------------------------------------------------------------
    @property
    def content(self) -> GuideContent | None:
        return self._index.content if self._index is not None else None

    def topics(self) -> tuple[Topic, ...]:
        return self.content.topics if self.content is not None else ()

    def entries(self, topic_id: str) -> list[Entry]:
        return self.content.in_topic(topic_id) if self.content is not None else []

    def entry(self, entry_id: str) -> Entry | None:
        return self.content.entries.get(entry_id) if self.content is not None else None

    def html(self, entry_id: str, language: str) -> str:
        """The article as the screen shows it (with its checklist or the hall's counters)."""
        entry = self.entry(entry_id)
        if entry is None:
            return ""
        return entry_html(self.content, entry, language, self.counters)

    def search(self, text: str, language: str, limit: int = 10) -> list[Hit]:
        """The entries answering ``text`` best first ([] until the guide is ready). Fast enough
        for the GUI thread: the index is in memory (about a millisecond a question)."""
        if self._index is None:
            return []
        hits = self._index.search(text, language, limit=limit)
        if hits:  # answers far below the best one are noise on a screen
            hits = [h for h in hits if h.score >= hits[0].score * RELEVANT_SHARE]
        log.debug("guide search: %d result(s)", len(hits))
        return hits


def create(deps) -> GuidanceService:
    return GuidanceService(deps.workers["documents"], deps.config.get("guide.content_dir"),
                           deps.config.get("hall.counters"))


SERVICE = ServiceSpec(
    "guidance",
    create,
    title=QT_TRANSLATE_NOOP("services", "Guidance"),
    pictogram="book",
    voice=QT_TRANSLATE_NOOP("voice", "guidance|help"),
    menu=70,
    workers=("documents",),
    config=("guide", "hall"),
    on_start="start",
    on_stop="stop",
)
