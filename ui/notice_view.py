"""A notice the litigant must read before going on: `NoticeView`, and `notice_text()`.

The filing notice (立案须知) and the civil litigation risk notice (民事诉讼风险提示书) are
HTML files in assets/texts/<kind>.<language>.html. The view shows one in large type in a
touch-scrollable pane; its "I have read and understood this notice" box becomes available
once the litigant has scrolled to the end (or at once when the text fits).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from ui.service_address_form import CheckRow
from ui.widgets import label

TEXTS_DIR = Path(__file__).resolve().parent.parent / "assets" / "texts"
KINDS = ("filing_notice", "risk_notice")
FALLBACK_LANGUAGE = "en"
#: Scrolled "to the end" when this close to it (pixels): a flick seldom stops on the last pixel.
END_TOLERANCE = 24
#: Body text size (pixels) at text size M; the other sizes scale it (ui.theme.scale: S 22, XL 43).
TEXT_SIZE = 26

_PANE_QSS = """
QTextBrowser { background: %(bg)s; color: %(fg)s; border: 2px solid %(line)s; border-radius: 12px;
               padding: 8px 8px 8px 20px; }
QScrollBar:vertical { width: 30px; background: %(track)s; border: none; margin: 0px; border-radius: 10px; }
QScrollBar::handle:vertical { min-height: 90px; background: %(handle)s; border-radius: 10px; margin: 4px; }
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical { height: 0px; border: none; background: none; }
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical { background: none; }
"""


def current_language() -> str:
    """The language the kiosk shows now (set by ui.i18n.LanguageSwitch)."""
    app = QCoreApplication.instance()
    value = app.property("kioskLanguage") if app is not None else None
    return value or "zh_CN"


def notice_text(kind: str, language: str) -> str:
    """The HTML of a notice in a language ("zh_CN" or "en"); English when there is no translation."""
    if kind not in KINDS:
        raise ValueError(f"unknown notice {kind!r}")
    for lang in (language, FALLBACK_LANGUAGE):
        path = TEXTS_DIR / f"{kind}.{lang}.html"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError(f"notice {kind} is missing")


class NoticeView(QWidget):
    """A scrollable notice with an acknowledgement box (objectName `check_name`).

    objectNames: `<check_name>` (the box), `<check_name>Text` (the notice pane),
    `<check_name>Hint` (the "scroll to the end" line)."""

    acknowledged_changed = Signal(bool)

    def __init__(self, check_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{check_name}View")
        self._kind = ""
        self._language = ""
        self._reached_end = False
        self._loading = False
        self._look: tuple[str, str] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.text = QTextBrowser()
        self.text.setObjectName(f"{check_name}Text")
        self.text.setOpenLinks(False)
        self.text.setReadOnly(True)
        self.text.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # keypad: arrows and page keys scroll it
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.text.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self._apply_font()
        layout.addWidget(self.text, 1)
        from PySide6.QtWidgets import QScroller

        QScroller.grabGesture(self.text.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self.hint = label("hint", name=f"{check_name}Hint")
        layout.addWidget(self.hint)
        self.check = CheckRow(check_name)
        self.check.box.toggled.connect(self.acknowledged_changed)
        layout.addWidget(self.check)
        # The range passes through small values while the pane is laid out: a change of range or
        # size is judged once things settle; a scroll by the litigant at once.
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(0)
        self._settle.timeout.connect(self._check_end)
        bar = self.text.verticalScrollBar()
        bar.valueChanged.connect(self._scrolled)
        bar.rangeChanged.connect(self._range_changed)
        self.retranslate()
        self._update()

    # -- content ---------------------------------------------------------------------------
    def set_notice(self, kind: str, language: str | None = None) -> None:
        """Show a notice (language: the kiosk's current one when None). A different notice must be
        read to its end again; the same one in another language keeps what was read."""
        language = language or current_language()
        if kind == self._kind and language == self._language:
            return
        same = kind == self._kind
        if not same:
            self._reached_end = False
            self.check.setChecked(False)
        self._kind, self._language = kind, language
        self._loading = True  # the scroll range passes through 0 while the text is replaced
        try:
            self.text.setHtml(notice_text(kind, language))
            self._apply_font()
            self.text.verticalScrollBar().setValue(0)
        finally:
            self._loading = False
        self._update()
        self._settle.start()

    def kind(self) -> str:
        return self._kind

    def _apply_font(self) -> None:
        """Follow the session's look (ui.theme: text size and contrast scheme)."""
        from ui import theme

        look = theme.current()
        if look != self._look:
            self._look = look
            colours = theme.palette(look[1])
            self.text.setStyleSheet(_PANE_QSS % dict(bg=colours["field"], fg=colours["fg"], line=colours["line"],
                                                     track=colours["track"], handle=colours["handle"]))
        font = self.text.font()
        font.setPixelSize(round(TEXT_SIZE * theme.scale(look[0])))
        self.text.document().setDefaultFont(font)

    # -- reading to the end ----------------------------------------------------------------
    def reached_end(self) -> bool:
        return self._reached_end

    def _range_changed(self, *_args) -> None:
        self._settle.start()

    def _scrolled(self, value: int) -> None:
        bar = self.text.verticalScrollBar()
        if not self._loading and bar.maximum() > 0 and value >= bar.maximum() - END_TOLERANCE:
            self._check_end()

    def _check_end(self, *_args) -> None:
        if self._reached_end or self._loading or not self._kind or not self.text.isVisible():
            return
        bar = self.text.verticalScrollBar()
        fits = self.text.document().size().height() <= self.text.viewport().height() + 1
        if fits or (bar.maximum() > 0 and bar.value() >= bar.maximum() - END_TOLERANCE):
            self._reached_end = True
            self._update()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self._apply_font()
        self._settle.start()  # after the pane has its size

    def _update(self) -> None:
        self.check.setEnabled(self._reached_end)
        self.hint.setVisible(not self._reached_end)

    # -- acknowledgement -------------------------------------------------------------------
    def acknowledged(self) -> bool:
        return self.check.isChecked()

    def set_acknowledged(self, on: bool) -> None:
        """Restore the answer (going back in the wizard): an acknowledged notice was read already."""
        if on:
            self._reached_end = True
        self.check.setChecked(on)
        self._update()

    def clear(self) -> None:
        """Forget everything (session reset)."""
        self.check.setChecked(False)
        self._reached_end = False
        self.text.verticalScrollBar().setValue(0)
        self._update()
        self._settle.start()

    def retranslate(self) -> None:
        self.check.setText(QCoreApplication.translate("notice", "I have read and understood this notice"))
        self.hint.setText(QCoreApplication.translate("notice", "Please scroll down and read the notice to its end. Then tick the box."))
        if self._kind:
            self.set_notice(self._kind, current_language())
