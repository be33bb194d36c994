"""Text entry with five keys (up, down, select, back, help), spoken key by key.

`KeypadEntry` is an overlay over the window's central widget that types into one editor (a
QLineEdit or QPlainTextEdit; a QComboBox gets a list of its items instead). Up and down walk a
ring of choices, select takes one, back leaves a group (and, at the top, the keypad), help
explains where the litigant is. Every highlighted choice is spoken through the announcer
("3", "letter A", "Delete last character"), and so is what was typed.

The top ring: Done, Read back what I typed, Delete last character, Speak instead (only where
voice input works), Clear, then the character groups Digits, Letters, Symbols. Select on a group
enters it: up and down walk its characters, select types one and stays there, back returns to the
top ring. A number field (its input hints, or a number validator) opens straight in Digits; an ID
number field offers the digits and X. Chinese characters cannot be spelled on five keys: they come
by voice (Speak instead), as with a field's microphone button.

Characters reach the editor as the on-screen keyboard's do (input-method commits, a Backspace key
event), so a screen hears `textEdited` as from typing. Nothing typed or heard is logged.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QDoubleValidator, QInputMethodEvent, QIntValidator, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.widgets import button, label, set_role

log = logging.getLogger("ui.keypad_entry")

ACTIONS = ("up", "down", "select", "back", "help")
DIGITS = "0123456789"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
SYMBOLS = (" ", "-", ".", "@", "/", "(", ")", "·", "、", "，", "。")
NEW_LINE = "\n"
GROUPS = ("digits", "letters", "symbols", "courts", "case_types")
SLOTS = 5  # choices shown at once: the highlighted one in the middle, two either side
_ID_NAME = re.compile(r"(?:Id|IdNumber|_id_number|_id|Ident)$")
_CASE_NUMBER_NAME = re.compile(r"CaseNumber$")
#: A case number's own characters (（2026）京0105民初123号): brackets and 号, the courts' provinces,
#: the case types (the common ones first).
CASE_SYMBOLS = ("(", ")", "号")
COMMON_CASE_TYPES = ("民初", "民终", "民申", "民再", "执", "执恢", "执异", "执保", "执复", "行初", "行终", "刑初",
                     "刑终", "财保", "诉前调")


def case_groups() -> dict[str, tuple[str, ...]]:
    from kiosk.domain import casenumber

    rest = sorted(t for t in casenumber.CASE_TYPES if t not in COMMON_CASE_TYPES)
    return {"courts": ("最高法", *casenumber.PROVINCES),
            "case_types": tuple(t for t in COMMON_CASE_TYPES if t in casenumber.CASE_TYPES) + tuple(rest)}


@dataclass(frozen=True)
class Choice:
    kind: str  # action | group | char | option
    value: str  # the action or group id, the character, or the combo's row


def field_kind(editor: QWidget) -> str:
    """What the editor takes: digits | decimal | id | case_number | email | latin | text. A screen may say so
    itself with the dynamic property ``keypad``; otherwise the input hints, the validator and the
    objectName (an ID number field ends in "Id" or "IdNumber") decide."""
    declared = editor.property("keypad")
    if declared in ("digits", "decimal", "id", "case_number", "email", "latin", "text"):
        return declared
    hints = editor.inputMethodHints()
    H = Qt.InputMethodHint
    validator = editor.validator() if isinstance(editor, QLineEdit) else None
    if hints & H.ImhFormattedNumbersOnly or isinstance(validator, QDoubleValidator):
        return "decimal"
    if hints & (H.ImhDigitsOnly | H.ImhDialableCharactersOnly) or isinstance(validator, QIntValidator):
        return "digits"
    if _ID_NAME.search(editor.objectName()):
        return "id"
    if _CASE_NUMBER_NAME.search(editor.objectName()):
        return "case_number"
    if hints & H.ImhEmailCharactersOnly:
        return "email"
    if hints & (H.ImhPreferUppercase | H.ImhUppercaseOnly | H.ImhLatinOnly):
        return "latin"
    return "text"


def field_label(editor: QWidget) -> str:
    """The caption a sighted litigant sees beside the editor (its form row's label, a QLabel whose
    buddy it is), else its accessible name or placeholder; "" if none."""
    widget = editor
    for _ in range(4):
        parent = widget.parentWidget()
        if parent is None:
            break
        for layout in parent.findChildren(QFormLayout):  # (a form nested in the parent's own layout too)
            caption = layout.labelForField(widget)
            if isinstance(caption, QLabel) and caption.text():
                return caption.text().rstrip("：: *")
        widget = parent
    window = editor.window()
    for caption in window.findChildren(QLabel):
        if caption.buddy() is editor and caption.text():
            return caption.text().replace("&", "").rstrip("：: *")
    if editor.accessibleName():
        return editor.accessibleName()
    if isinstance(editor, (QLineEdit, QPlainTextEdit)) and editor.placeholderText():
        return editor.placeholderText()
    return ""


def _cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" or "\uff00" <= ch <= "\uffef"


class KeypadEntry(QWidget):
    """The five-key keyboard over the window. `open(editor)`, then `handle(action)` for each key;
    `closed` when the litigant leaves it (the editor keeps what was typed)."""

    closed = Signal()

    def __init__(self, parent_widget: QWidget, announcer=None, voice=None) -> None:
        super().__init__(parent_widget)
        self.setObjectName("keypadEntry")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the editor gives up focus: no on-screen keyboard over this
        self._announcer = announcer
        self._voice = voice
        self._editor: QWidget | None = None
        self._kind = "text"
        self._place = "top"  # top | digits | letters | symbols | options | listening
        self._ring: list[Choice] = []
        self._index = 0
        self._listening = False
        self._heard = False  # a dictation gave some words
        self._committed = ""  # the text before dictation (a plain editor: what the partial follows)
        self._partial = ""
        self._assisted = None  # the editor's AssistedField (voice goes through it, as from its mic button)
        self._build()
        parent_widget.installEventFilter(self)
        if voice is not None:
            voice.partial.connect(self._voice_partial)
            voice.final.connect(self._voice_final)
            voice.state.connect(self._voice_state)
            voice.failed.connect(self._voice_failed)
        self.hide()

    # -- looks ------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        self.box = QWidget()
        self.box.setObjectName("overlayBox")
        self.box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        inner = QVBoxLayout(self.box)
        inner.setContentsMargins(32, 20, 32, 20)
        inner.setSpacing(10)
        self.heading = label("title", name="keypadHeading")
        self.text_view = label("big", name="keypadText")
        self.text_view.setTextFormat(Qt.TextFormat.PlainText)
        self.place_view = label("hint", name="keypadPlace")
        inner.addWidget(self.heading)
        inner.addWidget(self.text_view)
        inner.addWidget(self.place_view)
        self.slots: list[QPushButton] = []
        for n in range(SLOTS):
            slot = button(f"keypadChoice{n}")
            slot.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            slot.clicked.connect(lambda _=False, n=n: self._touched(n))
            inner.addWidget(slot)
            self.slots.append(slot)
        self.legend = label("hint", name="keypadLegend")
        inner.addWidget(self.legend)
        outer.addStretch(1)
        outer.addWidget(self.box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        self._slot_items: list[int | None] = [None] * SLOTS

    def paintEvent(self, event) -> None:
        """The page behind is dimmed, as behind the theme's #overlay (no text is drawn on it)."""
        from PySide6.QtGui import QColor, QPainter

        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 170))
        painter.end()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self._fit()
        return False

    def _fit(self) -> None:
        parent = self.parentWidget()
        self.setGeometry(parent.rect())
        self.box.setFixedWidth(max(480, min(1200, parent.width() - 80)))

    KEYS = {Qt.Key.Key_Up: "up", Qt.Key.Key_Down: "down", Qt.Key.Key_Return: "select", Qt.Key.Key_Enter: "select",
            Qt.Key.Key_Escape: "back", Qt.Key.Key_Backspace: "back", Qt.Key.Key_F1: "help"}

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A keyboard's arrows, Enter, Esc and F1 when no keypad controller took them first."""
        action = self.KEYS.get(event.key())
        if action is None or not self.handle(action):
            super().keyPressEvent(event)

    # -- the public side --------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self._editor is not None

    @property
    def editor(self) -> QWidget | None:
        return self._editor

    @property
    def highlighted(self) -> Choice | None:
        """The choice under the highlight (Choice("group", "letters"), Choice("char", "3")...)."""
        return self._ring[self._index] if self._editor is not None and self._ring else None

    def open(self, editor: QWidget) -> bool:
        """Type into ``editor`` with the five keys (False: it cannot be typed into; said why)."""
        if self._editor is not None:
            self.close_entry()
        if (isinstance(editor, (QLineEdit, QPlainTextEdit)) and editor.isReadOnly()) or not editor.isEnabled():
            self._say("error", self.tr("This field cannot be changed."))
            return False
        if not isinstance(editor, (QLineEdit, QPlainTextEdit, QComboBox)):
            return False
        self._editor = editor
        editor.destroyed.connect(self._editor_gone)
        self._kind = field_kind(editor)
        self._assisted = self._assisted_field(editor)
        self._listening = False
        self._to_end()
        self._fit()
        self.raise_()
        self.show()
        self.setFocus()
        log.info("keypad entry opened (%s, kind %s)", editor.objectName() or type(editor).__name__, self._kind)
        if isinstance(editor, QComboBox):
            self._enter_options()
        elif self._kind in ("digits", "decimal", "id"):
            self._enter_group("digits", announce=False)
        elif self._kind == "case_number":
            self._enter_group("symbols", announce=False)  # a case number starts with its bracketed year
        else:
            self._enter_top(self._first_choice(), announce=False)
        self._say("item", self._opening_text())
        return True

    def handle(self, action: str) -> bool:
        """One of the five keys (ACTIONS); False when closed (or not a keypad action)."""
        if self._editor is None or action not in ACTIONS:
            return False
        if action == "help":
            self._say("help", self._help_text())
        elif self._listening:
            self._listening_key(action)
        elif action in ("up", "down"):
            if self._ring:
                step = 1 if action == "down" else -1
                self._index = (self._index + step) % len(self._ring)
                self._render()
                self._say("item", self._spoken(self._ring[self._index]))
        elif action == "select":
            if self._ring:
                self._select(self._ring[self._index])
        elif action == "back":
            self._back()
        return True

    def close_entry(self) -> None:
        """Leave the keypad; the editor keeps its text (a session reset, another screen)."""
        if self._editor is None:
            return
        if self._listening:
            self._stop_listening()
        editor = self._editor
        self._editor = None
        try:
            editor.destroyed.disconnect(self._editor_gone)
        except (RuntimeError, TypeError):
            pass
        self.hide()
        if editor.isVisible():
            editor.setFocus()
        log.info("keypad entry closed")
        self.closed.emit()

    def retranslate(self) -> None:
        if self._editor is not None:
            self._render()

    # -- rings ------------------------------------------------------------------------
    def _top_ring(self) -> list[Choice]:
        ring = [Choice("action", "done"), Choice("action", "read"), Choice("action", "delete")]
        if self._voice_available():
            ring.append(Choice("action", "voice"))
        groups = (("digits", "symbols", "courts", "case_types") if self._kind == "case_number"  # (no letters)
                  else ("digits", "letters", "symbols"))
        return ring + [Choice("action", "clear")] + [Choice("group", g) for g in groups]

    def _group_ring(self, group: str) -> list[Choice]:
        if group in ("courts", "case_types"):
            return [Choice("char", code) for code in case_groups()[group]]
        if group == "symbols" and self._kind == "case_number":
            return [Choice("char", ch) for ch in CASE_SYMBOLS]
        if group == "digits":
            chars = DIGITS + ("X" if self._kind == "id" else "") + ("." if self._kind == "decimal" else "")
        elif group == "letters":
            chars = LETTERS.lower() if self._kind == "email" else LETTERS
        else:
            chars = "".join(SYMBOLS) + ("_" if self._kind == "email" else "")
            if isinstance(self._editor, QPlainTextEdit):
                chars += NEW_LINE
        return [Choice("char", ch) for ch in chars]

    def _first_choice(self) -> str:
        if self._kind == "text" and self._voice_available():
            return "voice"
        return "letters"

    def _enter_top(self, highlight: str = "done", announce: bool = True) -> None:
        self._place = "top"
        self._ring = self._top_ring()
        self._index = next((n for n, c in enumerate(self._ring) if c.value == highlight), 0)
        self._render()
        if announce:
            self._say("item", self._spoken(self._ring[self._index]))

    def _enter_group(self, group: str, announce: bool = True) -> None:
        self._place = group
        self._ring = self._group_ring(group)
        self._index = 0
        self._render()
        if announce:
            self._say("item", self.tr("{group}: up and down choose, select types. {choice}")
                      .replace("{group}", self._group_name(group))
                      .replace("{choice}", self._spoken(self._ring[0])))

    def _enter_options(self) -> None:
        combo = self._editor
        self._place = "options"
        self._ring = [Choice("option", str(n)) for n in range(combo.count())]
        self._index = max(0, combo.currentIndex())
        self._render()

    def _select(self, choice: Choice) -> None:
        if choice.kind == "group":
            self._enter_group(choice.value)
        elif choice.kind == "char":
            self._type(choice.value)
        elif choice.kind == "option":
            combo = self._editor
            combo.setCurrentIndex(int(choice.value))
            self._say("item", self.tr("Chosen: {item}").replace("{item}", combo.itemText(int(choice.value))))
            self.close_entry()
        elif choice.value == "done":
            text = self._text()
            self._say("item", self.tr("Done. The field reads: {text}").replace("{text}", self._spell(text))
                      if text else self.tr("Done. The field is empty."))
            self.close_entry()
        elif choice.value == "read":
            self._say("item", self._read_back())
        elif choice.value == "delete":
            self._delete()
        elif choice.value == "clear":
            self._clear()
        elif choice.value == "voice":
            self._start_listening()

    def _back(self) -> None:
        if self._place in GROUPS:
            self._enter_top("done")
        elif self._place == "options":
            self._say("item", self.tr("Left without changing the choice."))
            self.close_entry()
        else:
            text = self._text()
            self._say("item", self.tr("Left the keypad. The field reads: {text}").replace("{text}", self._spell(text))
                      if text else self.tr("Left the keypad. The field is empty."))
            self.close_entry()

    def _touched(self, slot: int) -> None:
        """Talking fingertip: a touch on a choice highlights and speaks it; a touch on the
        highlighted one takes it."""
        index = self._slot_items[slot]
        if index is None or self._editor is None:
            return
        if index == self._index:
            self.handle("select")
        else:
            self._index = index
            self._render()
            self._say("item", self._spoken(self._ring[index]))

    # -- the editor -------------------------------------------------------------------
    def _text(self) -> str:
        editor = self._editor
        if isinstance(editor, QLineEdit):
            return editor.text()
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        if isinstance(editor, QComboBox):
            return editor.currentText()
        return ""

    def _to_end(self) -> None:
        editor = self._editor
        if isinstance(editor, QLineEdit):
            editor.deselect()
            editor.setCursorPosition(len(editor.text()))
        elif isinstance(editor, QPlainTextEdit):
            cursor = editor.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            editor.setTextCursor(cursor)

    def _commit(self, text: str) -> None:
        """As the on-screen keyboard types: an input-method commit (the screen hears textEdited)."""
        self._to_end()
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(self._editor, event)

    def _backspace(self) -> None:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            if self._editor is None:  # the press closed the entry (never send to a field that is gone)
                return
            QApplication.sendEvent(self._editor, QKeyEvent(kind, Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier))

    def _type(self, ch: str) -> None:
        before = self._text()
        editor = self._editor
        if isinstance(editor, QLineEdit) and len(before) >= editor.maxLength():
            self._say("error", self.tr("The field is full."))
            return
        self._commit(ch)
        if self._text() == before:
            self._say("error", self.tr("{char} cannot go in this field.").replace("{char}", self._char_name(ch)))
            return
        self._render()
        self._say("item", self.tr("{char} typed.").replace("{char}", self._char_name(ch)))

    def _delete(self) -> None:
        text = self._text()
        if not text:
            self._say("error", self.tr("There is nothing to delete."))
            return
        self._to_end()
        self._backspace()
        self._render()
        self._say("item", self.tr("{char} deleted.").replace("{char}", self._char_name(text[-1])))

    def _clear(self) -> None:
        if not self._text():
            self._say("error", self.tr("The field is already empty."))
            return
        self._editor.selectAll()
        self._backspace()
        self._render()
        self._say("item", self.tr("The field is cleared."))

    def _editor_gone(self) -> None:
        self._editor = None
        self._listening = False
        self.hide()
        self.closed.emit()

    @staticmethod
    def _assisted_field(editor: QWidget):
        from ui.assist import AssistedField

        parent = editor.parentWidget()
        return parent if isinstance(parent, AssistedField) and parent.editor is editor else None

    # -- voice ------------------------------------------------------------------------
    def _voice_available(self) -> bool:
        return (self._voice is not None and bool(self._voice.available[0])
                and isinstance(self._editor, (QLineEdit, QPlainTextEdit)))

    def _start_listening(self) -> None:
        multi_line = isinstance(self._editor, QPlainTextEdit)
        if not self._voice.dictate(single_utterance=not multi_line):
            self._say("error", self._voice_problem(self._voice.available[1]))
            return
        self._listening, self._heard = True, False
        self._place = "listening"
        self._committed, self._partial = self._text(), ""
        if self._assisted is not None:
            self._assisted.set_listening(True)
        self._render()
        self._say("item", self.tr("Listening. Say the words, then press select when you have finished.")
                  if multi_line else self.tr("Listening. Say the words; it stops when you pause."))

    def _listening_key(self, action: str) -> None:
        if action in ("select", "back"):
            self._voice.stop()  # what was said so far stays; the service then reports idle
        else:
            self._say("item", self.tr("Listening. Press select to stop."))

    def _stop_listening(self) -> None:
        self._voice.stop()
        self._listening = False
        if self._assisted is not None:
            self._assisted.set_listening(False)

    def _voice_partial(self, words: str) -> None:
        if not self._listening:
            return
        self._partial = words
        if self._assisted is not None:
            self._assisted.show_partial(words)
        self._render()

    def _voice_final(self, words: str) -> None:
        if not self._listening:
            return
        words = words.strip()
        self._partial = ""
        if words:
            self._heard = True
            if self._assisted is not None:
                self._assisted.add_final(words)
            else:
                self._commit(self._joined(words))
            self._committed = self._text()
            self._say("item", self.tr("Heard: {words}").replace("{words}", words))
        self._render()

    def _joined(self, words: str) -> str:
        before = self._committed
        if before and not (_cjk(before[-1]) and _cjk(words[0])) and not before.endswith((" ", "\n")):
            return " " + words
        return words

    def _voice_state(self, state: str) -> None:
        if not self._listening or state != "idle":
            return
        self._listening = False
        if self._assisted is not None:
            self._assisted.set_listening(False)
        self._enter_top("done", announce=False)
        if not self._heard:
            self._say("error", self.tr("Nothing was heard. Choose Speak instead to try again."))
        else:
            self._say("change", self.tr("Select Done to keep it, or Read back to hear it again."))

    def _voice_failed(self, code: str) -> None:
        if not self._listening:
            return
        self._listening = False
        if self._assisted is not None:
            self._assisted.set_listening(False)
        self._enter_top("done", announce=False)
        self._say("error", self._voice_problem(code))

    @staticmethod
    def _voice_problem(code: str) -> str:
        from ui.assist import voice_unavailable_text

        return voice_unavailable_text(code) or voice_unavailable_text("error")

    # -- words ------------------------------------------------------------------------
    def _say(self, kind: str, text: str) -> None:
        if self._announcer is not None and text:
            getattr(self._announcer, kind)(text)

    def _group_name(self, group: str) -> str:
        return {"digits": self.tr("Digits and X") if self._kind == "id" else self.tr("Digits"),
                "letters": self.tr("Letters"), "symbols": self.tr("Symbols"), "courts": self.tr("Courts"),
                "case_types": self.tr("Case types")}[group]

    def _action_name(self, action: str) -> str:
        return {
            "done": self.tr("Done"), "read": self.tr("Read back what I typed"),
            "delete": self.tr("Delete last character"), "voice": self.tr("Speak instead"),
            "clear": self.tr("Clear the field"),
        }[action]

    def _symbol_names(self) -> dict[str, str]:
        return {
            " ": self.tr("space"), "-": self.tr("hyphen"), ".": self.tr("dot"), "@": self.tr("at sign"),
            "/": self.tr("slash"), "(": self.tr("left bracket"), ")": self.tr("right bracket"),
            "·": self.tr("middle dot"), "、": self.tr("enumeration comma"), "，": self.tr("comma"),
            "。": self.tr("full stop"), "_": self.tr("underscore"), NEW_LINE: self.tr("new line"),
        }

    def _char_name(self, ch: str) -> str:
        """How a character is spoken: "3", "letter A", "hyphen"."""
        if ch.isdigit():
            return ch
        if ch.isascii() and ch.isalpha():
            return self.tr("letter {letter}").replace("{letter}", ch)
        return self._symbol_names().get(ch, ch)

    def _shown(self, choice: Choice) -> str:
        if choice.kind == "action":
            return self._action_name(choice.value)
        if choice.kind == "group":
            group = self._group_ring(choice.value)
            sample = "".join(c.value for c in group[:3]).replace(" ", "␣")
            return f"{self._group_name(choice.value)}  ({sample}…)"
        if choice.kind == "option":
            return self._editor.itemText(int(choice.value))
        ch = choice.value
        if ch.isalnum():
            return ch
        return f"{'␣' if ch == ' ' else '↵' if ch == NEW_LINE else ch}   {self._symbol_names().get(ch, '')}"

    def _spoken(self, choice: Choice) -> str:
        if choice.kind == "char":
            return self._char_name(choice.value)
        if choice.kind == "group":
            return self._group_name(choice.value)
        return self._shown(choice)

    def _spell(self, text: str) -> str:
        """Text to speak back: Chinese as words, every other character one by one ("1 3 8",
        "A B C hyphen"), so a number is heard digit by digit."""
        if isinstance(self._editor, QLineEdit) and self._editor.echoMode() != QLineEdit.EchoMode.Normal:
            return self.tr("{count} hidden characters").replace("{count}", str(len(text)))
        parts: list[str] = []
        for ch in text:
            if _cjk(ch) and ch not in self._symbol_names():
                if parts and parts[-1] and _cjk(parts[-1][-1]):
                    parts[-1] += ch
                else:
                    parts.append(ch)
            else:
                parts.append(ch if ch.isascii() and ch.isalnum() else self._symbol_names().get(ch, ch))
        return " ".join(p for p in parts if p.strip())

    def _read_back(self) -> str:
        text = self._text()
        name = field_label(self._editor) if self._editor is not None else ""
        if not text:
            return (self.tr("{field} is empty.").replace("{field}", name) if name
                    else self.tr("The field is empty."))
        return (self.tr("{field} reads: {text}").replace("{field}", name).replace("{text}", self._spell(text))
                if name else self.tr("The field reads: {text}").replace("{text}", self._spell(text)))

    def _place_name(self) -> str:
        if self._place == "top":
            return self.tr("Choices")
        if self._place == "options":
            return self.tr("Options")
        if self._place == "listening":
            return self.tr("Listening…")
        return self._group_name(self._place)

    def _opening_text(self) -> str:
        name = field_label(self._editor)
        parts = [self._read_back()] if name or self._text() else []
        if self._place == "options":
            parts.append(self.tr("Up and down go through the options, select chooses one."))
        else:
            parts.append(self.tr("Typing with the keypad: up and down choose, select takes, back leaves, "
                                 "help explains."))
        parts.append(f"{self._place_name()}: {self._spoken(self._ring[self._index])}" if self._ring
                     else self.tr("There is nothing to choose."))
        return " ".join(parts)

    def _help_text(self) -> str:
        name = field_label(self._editor) or self.tr("this field")
        if self._place == "listening":
            return self.tr("The kiosk is listening: say what goes in {field}. Press select or back to stop; "
                           "what was heard stays in the field.").replace("{field}", name)
        if self._place == "options":
            return self.tr("Choosing for {field}. Press up or down to hear the options, select to choose the one "
                           "you hear, back to leave without changing it.").replace("{field}", name)
        if self._place in GROUPS:
            return self.tr("You are in {group}. Press up or down to hear the characters, select to type the one you "
                           "hear; you stay here to type the next one. Press back to return to the choices, where "
                           "Done finishes.").replace("{group}", self._group_name(self._place))
        text = self.tr("You are typing into {field}. Press up or down to hear the choices, select to take one, "
                       "back to leave; what you typed stays. Choose Digits, Letters or Symbols to type characters "
                       "one by one, Read back to hear the field, Delete last character to correct it, and Done "
                       "when it is right.").replace("{field}", name)
        if self._voice_available():
            text += " " + self.tr("Chinese characters cannot be spelled with these keys: choose Speak instead and "
                                  "say them.")
        else:
            text += " " + self.tr("Chinese characters cannot be spelled with these keys and voice input is not "
                                  "available here: please use the on-screen keyboard, or call staff for help.")
        return text

    def _render(self) -> None:
        if self._editor is None:
            return
        name = field_label(self._editor)
        self.heading.setText(self.tr("Typing into: {field}").replace("{field}", name) if name
                             else self.tr("Typing with the keypad"))
        text = self._text()
        if self._listening and self._assisted is None and self._partial:
            text = self._committed + self._joined(self._partial)
        if isinstance(self._editor, QLineEdit) and self._editor.echoMode() != QLineEdit.EchoMode.Normal:
            text = "•" * len(text)
        if text:
            set_role(self.text_view, "big")
            self.text_view.setText(self._tail(text) + ("" if isinstance(self._editor, QComboBox) else "▏"))
        else:
            self.text_view.setText(self.tr("(empty)"))
            set_role(self.text_view, "hint")
        self.place_view.setText(self._place_name())
        self.legend.setText(self.tr("▲ ▼ choose    ● select    ◀ back    ? help"))
        self._render_slots()

    def _tail(self, text: str) -> str:
        """The end of a long text, in at most about two lines (the field itself holds it all)."""
        text = text.replace(NEW_LINE, " ↵ ")
        metrics = self.text_view.fontMetrics()
        width = self.box.width() - 64 - metrics.horizontalAdvance("MM")
        return metrics.elidedText(text, Qt.TextElideMode.ElideLeft, max(200, 2 * width))

    def _render_slots(self) -> None:
        """Five choices around the highlighted one; three, or one, where a large text size leaves
        no room for five."""
        shown = SLOTS
        while True:
            self._fill_slots(shown)
            self.box.layout().activate()
            if shown == 1 or self.box.sizeHint().height() <= self.height() - 32:
                return
            shown -= 2

    def _fill_slots(self, shown: int) -> None:
        n = len(self._ring)
        if self._listening or n == 0:
            indices: list[int | None] = [None] * SLOTS
        elif n <= shown:
            indices = list(range(n)) + [None] * (SLOTS - n)
        else:
            pad = (SLOTS - shown) // 2
            indices = [None] * pad + [(self._index + offset) % n for offset in range(-(shown // 2), shown // 2 + 1)]
            indices += [None] * pad
        self._slot_items = indices
        for slot, index in zip(self.slots, indices, strict=True):
            slot.setVisible(index is not None)
            if index is None:
                continue
            current = index == self._index
            slot.setText(("▶  " if current else "") + self._shown(self._ring[index]))
            if (slot.property("role") == "primary") != current:
                set_role(slot, "primary" if current else "")
            slot.setProperty("current", current)
