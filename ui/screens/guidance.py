"""诉讼指南: search the guide by typing or speaking, or browse its topics; read an article in large
type; jump to the fee calculator from a fees article. Anyone can use it (no ID card)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, Qt, QTimer, QUrl
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QScroller,
    QTextBrowser,
    QVBoxLayout,
)

from kiosk.guide.content import TOPICS
from kiosk.guide.render import LABELS
from ui.assist import AssistedField, VoiceInput
from ui.notice_view import current_language
from ui.screen_specs import ScreenSpec
from ui.screens import ScreenEntry
from ui.widgets import Screen, button, label, line_edit, set_role

SEARCH_DELAY_MS = 400  # typing pauses this long before the results follow
ARTICLE_TEXT = 26  # pixels at text size M (ui.theme.scale for the others)
LIST_TEXT = 22

_PANE_QSS = """
QTextBrowser, QListWidget { background: %(bg)s; color: %(fg)s; border: 2px solid %(line)s; border-radius: 12px; }
QTextBrowser { padding: 8px 8px 8px 20px; }
QListWidget { font-size: %(list)spx; }
QListWidget::item { padding: 14px 10px; border-bottom: 1px solid %(line)s; }
QListWidget::item:selected { background: %(sel)s; color: %(sel_fg)s; }
QScrollBar:vertical { width: 30px; background: %(track)s; border: none; margin: 0px; border-radius: 10px; }
QScrollBar::handle:vertical { min-height: 90px; background: %(handle)s; border-radius: 10px; margin: 4px; }
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical { height: 0px; border: none; background: none; }
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical { background: none; }
"""


class GuidanceScreen(Screen):
    name = "guidance"
    SPEC = ScreenSpec(
        "guidance",
        lambda: QCoreApplication.translate("screens", "Guidance"),
        lambda: QCoreApplication.translate("screens", "Type or speak your question, or choose a topic. Touch an "
                                                      "answer to read it."),
        ("guideQuery", "guideQueryMic", "guideQueryConfirm", "guideSearch", "guideTopic_*", "guideResults", "guideArticle",
         "guideFeeCalculator", "backButton", "homeButton"),
    )

    def __init__(self, nav, guide, voice_service=None) -> None:
        super().__init__()
        self._nav = nav
        self._guide = guide
        self._mode = "intro"  # intro | topic | search
        self._topic = ""
        self._query = ""  # the question the list answers (search mode)
        self._rows: list[str] = []  # entry ids, in the list's order
        self._snippets: dict[str, str] = {}
        self._entry_id: str | None = None
        self._pending = False  # a question asked before the guide was ready
        self._styled = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 12, 40, 12)
        layout.setSpacing(12)
        # the question: typed (on-screen keyboard) or spoken (the mic button)
        row = QHBoxLayout()
        self.query = line_edit("guideQuery")
        self.query.setClearButtonEnabled(True)
        self.field = AssistedField(self.query, voice=voice_service is not None, notes=False)
        self.voice = None
        self._voice_service = voice_service
        self._dictating = False
        if voice_service is not None:
            self.field.mic_toggled.connect(self._mic)  # before VoiceInput's: a new question replaces the last
            voice_service.state.connect(self._voice_state)
            self.voice = VoiceInput(voice_service)
            self.voice.add(self.field)
            self.voice.status.connect(self._voice_status)
            voice_service.final.connect(self._heard)  # after VoiceInput's: the box holds the words by then
        row.addWidget(self.field, 1)
        self.search_button = button("guideSearch", "primary")
        self.search_button.clicked.connect(self._run_search)
        row.addWidget(self.search_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        self.voice_status = label("hint", name="guideVoiceStatus")
        self.voice_status.hide()
        layout.addWidget(self.voice_status)
        topics = QHBoxLayout()
        topics.setSpacing(12)
        self.topic_buttons = {}
        for topic_id in TOPICS:
            b = button(f"guideTopic_{topic_id}")
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, t=topic_id: self.show_topic(t))
            topics.addWidget(b, 1)
            self.topic_buttons[topic_id] = b
        layout.addLayout(topics)
        self.status = label("hint", name="guideStatus")
        self.status.setProperty("live", "polite")  # the answers found, a topic's summary: said as they change
        layout.addWidget(self.status)
        body = QHBoxLayout()
        body.setSpacing(16)
        self.results = QListWidget()
        self.results.setObjectName("guideResults")
        self.results.setWordWrap(True)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setMinimumHeight(360)
        QScroller.grabGesture(self.results.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self.results.itemClicked.connect(lambda item: self.open_entry(item.data(Qt.ItemDataRole.UserRole)))
        self.results.itemActivated.connect(lambda item: self.open_entry(item.data(Qt.ItemDataRole.UserRole)))
        self.results.itemSelectionChanged.connect(self._chosen)  # the keypad's select on a row
        body.addWidget(self.results, 2)
        right = QVBoxLayout()
        right.setSpacing(10)
        self.article = QTextBrowser()
        self.article.setObjectName("guideArticle")
        self.article.setOpenLinks(False)
        self.article.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # keypad: arrows and page keys scroll it
        self.article.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                             | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.article.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.article.anchorClicked.connect(self._link)
        QScroller.grabGesture(self.article.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        right.addWidget(self.article, 1)
        actions = QHBoxLayout()
        self.fee_button = button("guideFeeCalculator", "primary")
        self.fee_button.clicked.connect(self.open_fee_calculator)
        self.fee_button.hide()
        actions.addWidget(self.fee_button)
        actions.addStretch()
        right.addLayout(actions)
        body.addLayout(right, 3)
        layout.addLayout(body, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self._run_search)
        self.query.textEdited.connect(self._typed)
        self.query.returnPressed.connect(self._run_search)
        guide.state_changed.connect(self._guide_state)
        self.retranslate()

    # -- the visit -------------------------------------------------------------------------
    def begin(self, identity=None) -> None:
        self.clear()
        self.retranslate()

    def enter(self) -> None:
        self._style()
        if self.voice is not None:
            self._voice_status(self.voice.unavailable_reason())
            self._voice_service.prepare()  # the speech model loads in the background, once

    def leave(self) -> None:
        self._debounce.stop()
        if self.voice is not None:
            self.voice.stop()

    def clear(self) -> None:
        """Nothing of the last person's questions stays."""
        self._debounce.stop()
        self.field.clear()
        self._mode, self._topic, self._query, self._entry_id = "intro", "", "", None
        self._rows, self._snippets, self._pending = [], {}, False
        self._dictating = False
        self.results.clear()
        self.fee_button.hide()
        self._voice_status("")
        self.retranslate()

    # -- asking ----------------------------------------------------------------------------
    def _typed(self, text: str) -> None:
        if text.strip():
            self._debounce.start()
        else:
            self._debounce.stop()

    def _mic(self, _field) -> None:
        """The mic button (enabled only while voice input works): a new question replaces the last."""
        if not self._dictating:
            self._debounce.stop()
            self.field.clear()
        self._set_dictating(True)

    def _voice_state(self, state: str) -> None:
        if state == "idle":
            self._set_dictating(False)

    def _set_dictating(self, on: bool) -> None:
        self._dictating = on

    def _heard(self, words: str) -> None:
        """A dictated question: it is in the box now; it runs the same search as a typed one."""
        if not self.isVisible() or not words.strip():
            return
        self.field.confirm()  # the results are what the litigant checks, not the box
        self._run_search()

    def _run_search(self) -> None:
        self._debounce.stop()
        text = " ".join(self.query.text().split())
        if not text:
            self.status.setText(self.tr("Please type or speak a question first."))
            set_role(self.status, "error")
            return
        self._mode, self._query, self._topic = "search", text, ""
        if self._guide.state != "ready":
            self._pending = True
            self.retranslate()
            return
        self._pending = False
        hits = self._guide.search(text, current_language())
        self._snippets = {h.id: h.snippet for h in hits}
        self._fill([h.id for h in hits])
        self.open_entry(hits[0].id if hits else None)
        self._status_line()

    def show_topic(self, topic_id: str) -> None:
        self._debounce.stop()
        self.field.clear()
        self._mode, self._topic, self._query, self._snippets = "topic", topic_id, "", {}
        entries = self._guide.entries(topic_id)
        self._fill([e.id for e in entries])
        self.open_entry(entries[0].id if entries else None)
        self._status_line()

    def _fill(self, entry_ids: list[str]) -> None:
        language = current_language()
        self._rows = list(entry_ids)
        self.results.blockSignals(True)
        self.results.clear()
        for entry_id in entry_ids:
            entry = self._guide.entry(entry_id)
            if entry is None:
                continue
            text = entry.title.get(language)
            if entry_id in self._snippets:
                text += "\n" + self._snippets[entry_id]
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, entry_id)
            self.results.addItem(item)
        self.results.blockSignals(False)
        for topic_id, b in self.topic_buttons.items():
            b.setChecked(self._mode == "topic" and topic_id == self._topic)

    # -- reading ---------------------------------------------------------------------------
    def open_entry(self, entry_id: str | None) -> None:
        self._entry_id = entry_id
        entry = self._guide.entry(entry_id) if entry_id else None
        language = current_language()
        self.article.setAccessibleName(entry.title.get(language) if entry is not None
                                       else self.tr("How to use the guide"))  # what the keypad says of it
        if entry is None:
            self.article.setHtml(self._intro_html())
            self.fee_button.hide()
        else:
            html = self._guide.html(entry.id, language)
            related = [r for r in (self._guide.entry(i) for i in entry.related) if r is not None]
            if related:
                links = "<br>".join(f"<a href='entry:{r.id}'>{escape(r.title.get(language))}</a>" for r in related)
                html += f"<h3>{LABELS['en' if language == 'en' else 'zh_CN']['related']}</h3><p>{links}</p>"
            self.article.setHtml(html)
            self.fee_button.setVisible(entry.action == "fee_calculator")
            if entry_id in self._rows:
                self.results.blockSignals(True)
                self.results.setCurrentRow(self._rows.index(entry_id))
                self.results.blockSignals(False)
        self._style()
        self.article.verticalScrollBar().setValue(0)

    def _chosen(self) -> None:
        item = self.results.currentItem()
        if item is not None and item.isSelected() and item.data(Qt.ItemDataRole.UserRole) != self._entry_id:
            self.open_entry(item.data(Qt.ItemDataRole.UserRole))

    def _link(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("entry:"):
            self.open_entry(text[len("entry:"):])

    def open_fee_calculator(self) -> None:
        """诉讼费计算, from a fees article: the guide is left for the calculator (no ID card either)."""
        self._nav.back()
        self._nav.choose_service("fee_calculator")

    def _intro_html(self) -> str:
        language = current_language()
        parts = [f"<h2>{escape(self.tr('How to use the guide'))}</h2>",
                 f"<p>{escape(self.spec.prompt())}</p>"]
        topics = self._guide.topics()
        if topics:
            parts.append("<ul>" + "".join(
                f"<li><b>{escape(t.title.get(language))}</b>：{escape(t.summary.get(language))}</li>"
                if language != "en" else
                f"<li><b>{escape(t.title.get(language))}</b>: {escape(t.summary.get(language))}</li>"
                for t in topics) + "</ul>")
        note = self.tr("The guide explains the usual rules. It is not legal advice about your case: the court "
                       "decides each case.")
        parts.append(f"<p>{escape(note)}</p>")
        return "\n".join(parts)

    def _style(self) -> None:
        from ui import theme

        look = theme.current()
        if look != self._styled:
            self._styled = look
            colours = theme.palette(look[1])
            values = dict(bg=colours["field"], fg=colours["fg"], line=colours["line"], track=colours["track"],
                          handle=colours["handle"], sel=colours["sel"], sel_fg=colours["sel_fg"],
                          list=str(max(18, round(LIST_TEXT * theme.scale(look[0])))))
            self.results.setStyleSheet(_PANE_QSS % values)
            self.article.setStyleSheet(_PANE_QSS % values)
        font = self.article.font()
        font.setPixelSize(round(ARTICLE_TEXT * theme.scale(look[0])))
        self.article.document().setDefaultFont(font)

    # -- the guide's state -----------------------------------------------------------------
    def _guide_state(self, state: str) -> None:
        if state == "ready" and self._pending:
            self._run_search()
            return
        self.retranslate()
        self._mark_tile()

    def _mark_tile(self) -> None:
        """Content that did not validate: the menu shows the guide out of service."""
        menu = getattr(self._nav, "menu", None)
        if menu is not None and self._guide.state == "failed":
            menu.set_service_problem("guidance", self.tr("the guide's content could not be read"))

    def _voice_status(self, text: str) -> None:
        self.voice_status.setText(text)
        self.voice_status.setVisible(bool(text))

    def _status_line(self) -> None:
        state = self._guide.state
        role = "hint"
        if state == "failed":
            text, role = self.tr("The guide is out of service at the moment. Please ask at the service counter."), \
                "error"
        elif state != "ready":
            text = self.tr("The guide is being prepared…")
        elif self._mode == "search":
            count = len(self._rows)
            if count:
                text = self.tr("{count} answers for “{question}”. Touch one to read it.")
            else:
                text, role = self.tr("Nothing in the guide answers “{question}”. Try other words, or choose a "
                                     "topic."), "error"
            text = text.replace("{count}", str(count)).replace("{question}", self._query)
        elif self._mode == "topic":
            topic = next((t for t in self._guide.topics() if t.id == self._topic), None)
            text = topic.summary.get(current_language()) if topic is not None else ""
        else:
            text = self.spec.prompt()
        self.status.setText(text)
        set_role(self.status, role)

    def retranslate(self) -> None:
        language = current_language()
        self.query.setPlaceholderText(self.tr("For example: how do I get my money back?"))
        self.search_button.setText(self.tr("Search"))
        self.fee_button.setText(self.tr("Open the fee calculator"))
        self.field.retranslate()
        fallback = {"procedures": self.tr("Procedures"), "materials": self.tr("Materials"), "fees": self.tr("Fees"),
                    "hall": self.tr("Hall map"), "legal_aid": self.tr("Legal aid"), "faq": self.tr("Questions")}
        titles = {t.id: t.title.get(language) for t in self._guide.topics()}
        ready = self._guide.state == "ready"
        for topic_id, b in self.topic_buttons.items():
            b.setText(titles.get(topic_id, fallback[topic_id]))
            b.setEnabled(ready)
        self.search_button.setEnabled(self._guide.state != "failed")
        if self._mode == "search" and ready and self._query:
            hits = self._guide.search(self._query, language)  # the titles and snippets in this language
            self._snippets = {h.id: h.snippet for h in hits}
            self._fill([h.id for h in hits])
        elif self._mode == "topic" and ready:
            self._fill([e.id for e in self._guide.entries(self._topic)])
        self.open_entry(self._entry_id)
        self._status_line()
        self._mark_tile()


SCREEN = ScreenEntry("guidance", lambda nav, services: GuidanceScreen(nav, services.guidance, services.voice),
                     serves=("guidance",))
