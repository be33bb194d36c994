"""Filling text fields by voice and from scanned pages, with the litigant's confirmation.

`AssistedField` wraps a line or text editor with a microphone button, a level meter shown
while listening, and a note row. A value the kiosk filled in (from a scanned page or by
voice) is highlighted until the litigant confirms it or edits it; a value read with low
confidence, or one that fails its check, is highlighted more strongly and says so.
`VoiceInput` connects the one voice service to whichever field is listening.
`ScanPanel` is the "fill from a scanned page" card.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPlainTextEdit, QProgressBar, QVBoxLayout, QWidget

from ui.widgets import Card, button, label, restyle, set_role


def level_percent(value: float) -> int:
    return round(min(1.0, value * 3) * 100)  # speech RMS rarely passes 0.3


def voice_unavailable_text(code: str) -> str:
    return {
        "off": QCoreApplication.translate("assist", "Voice input is switched off at this kiosk."),
        "no_model": QCoreApplication.translate("assist", "Voice input is not available: no speech recognition model is installed on "
                                "this kiosk."),
        "model_failed": QCoreApplication.translate("assist", "Voice input is not available: the speech recognition model could not be "
                                    "loaded."),
        "no_microphone": QCoreApplication.translate("assist", "Voice input is not available: the microphone is not working."),
        "error": QCoreApplication.translate("assist", "Voice input stopped because of an error. Please type instead, or try again."),
    }.get(code, "")


def scan_problem_text(code: str) -> str:
    return {
        "no_camera": QCoreApplication.translate("assist", "The document camera is not working. Please type the details, or ask at the "
                                 "service counter."),
        "camera_error": QCoreApplication.translate("assist", "The document camera did not take a picture. Please try again."),
        "no_page": QCoreApplication.translate("assist", "No text could be read. Place the page flat and face up under the camera, "
                               "then try again."),
        "no_card": QCoreApplication.translate("assist", "No ID card was found in the picture. Place your card flat, photo side up, "
                               "under the camera, then try again."),
        "no_ocr": QCoreApplication.translate("assist", "Text recognition is not available on this kiosk. Please type the details."),
    }.get(code, QCoreApplication.translate("assist", "The page could not be read. Please try again, or type the details."))


class AssistedField(QWidget):
    """An editor the litigant fills by typing, by voice or from a scanned page."""

    edited = Signal()  # the litigant typed in it
    mic_toggled = Signal(object)  # this field: start or stop dictation
    confirmed = Signal()

    def __init__(self, editor: QLineEdit | QPlainTextEdit, voice: bool = True, notes: bool = True) -> None:
        super().__init__()
        self._notes = notes  # False: only a hard-to-read value gets a note (the form explains the rest)
        self.editor = editor
        self.name = editor.objectName()
        self.setObjectName(f"{self.name}Field")
        self._source: str | None = None  # scan | voice: filled by the kiosk, not confirmed yet
        self._low = False
        self._listening = False
        self._voice_ok = False
        self._committed = ""  # text before the utterance being dictated
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addWidget(editor, 1)
        self.confirm_button = button(f"{self.name}Confirm")
        self.confirm_button.setProperty("role", "confirm")
        self.confirm_button.clicked.connect(self.confirm)
        row.addWidget(self.confirm_button, 0, Qt.AlignmentFlag.AlignTop)
        self.mic = button(f"{self.name}Mic")
        self.mic.setProperty("role", "mic")
        self.mic.clicked.connect(lambda: self.mic_toggled.emit(self))
        self.mic.setVisible(voice)
        row.addWidget(self.mic, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(row)
        self.meter = QProgressBar()
        self.meter.setObjectName(f"{self.name}Level")
        self.meter.setRange(0, 100)
        self.meter.setTextVisible(False)
        self.meter.setFixedHeight(14)
        self.meter.hide()
        outer.addWidget(self.meter)
        self.note = label("assist", name=f"{self.name}Note")
        outer.addWidget(self.note)
        self.error = label("error", name=f"{self.name}Error")
        self.error.hide()
        outer.addWidget(self.error)
        if isinstance(editor, QLineEdit):
            editor.textEdited.connect(self._typed)
        else:
            editor.textChanged.connect(self._text_changed)
        self._setting = False
        self._show_state()

    # -- text ----------------------------------------------------------------------------
    def text(self) -> str:
        if isinstance(self.editor, QLineEdit):
            return self.editor.text()
        return self.editor.toPlainText()

    def _set_text(self, text: str) -> None:
        self._setting = True
        try:
            if isinstance(self.editor, QLineEdit):
                self.editor.setText(text)
            else:
                self.editor.setPlainText(text)
        finally:
            self._setting = False

    def _text_changed(self) -> None:
        if not self._setting:
            self._typed()

    def _typed(self, *_args) -> None:
        """The litigant corrected the field: it is theirs now; its error goes at once."""
        if self._listening:
            self._committed = self.text()
        self._source = None
        self._low = False
        self.show_error(None)
        self._show_state()
        self.edited.emit()

    # -- filled by the kiosk --------------------------------------------------------------
    @property
    def pending(self) -> bool:
        """Filled by the kiosk and not yet confirmed or corrected by the litigant."""
        return self._source is not None

    @property
    def low_confidence(self) -> bool:
        return self._low

    def suggest(self, text: str, source: str, low: bool = False) -> None:
        """Fill in ``text`` read from a scanned page (source "scan") or heard ("voice"). The cursor
        stays at its end: the on-screen keyboard and the keypad type there."""
        self._set_text(text)
        self._source = source
        self._low = low
        self.show_error(None)
        self._show_state()

    def confirm(self) -> None:
        if self._source is not None:
            self._source = None
            self._low = False
            self.show_error(None)
            self._show_state()
            self.confirmed.emit()

    def clear(self) -> None:
        self._set_text("")
        self._source = None
        self._low = False
        self._committed = ""
        self.set_listening(False)
        self.show_error(None)
        self._show_state()

    def show_error(self, text: str | None) -> None:
        self.error.setVisible(bool(text))
        self.error.setText(text or "")
        restyle(self.editor, "invalid", "true" if text else "false")

    # -- voice ---------------------------------------------------------------------------
    def set_voice_available(self, ok: bool) -> None:
        self._voice_ok = ok
        self.mic.setEnabled(ok or self._listening)

    def set_listening(self, listening: bool) -> None:
        """Dictating into this field (the button says Stop); the meter shows once the microphone is on."""
        if listening and not self._listening:
            self._committed = self.text()
        self._listening = listening
        if not listening:
            self.meter.hide()
        self.meter.setValue(0)
        self.mic.setEnabled(self._voice_ok or listening)
        self.retranslate()

    def set_hearing(self) -> None:
        """The microphone is on: show the level meter."""
        if self._listening:
            self.meter.show()

    def set_level(self, value: float) -> None:
        self.meter.setValue(level_percent(value))

    def _joined(self, words: str) -> str:
        if not words:
            return self._committed
        if not self._committed:
            return words
        sep = "" if self._cjk(self._committed[-1]) and self._cjk(words[0]) else " "
        if isinstance(self.editor, QPlainTextEdit):
            sep = "\n" if self._committed.endswith(("。", "；", ".", ";")) else sep
        return self._committed + sep + words

    @staticmethod
    def _cjk(ch: str) -> bool:
        return "\u3000" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af"

    def show_partial(self, words: str) -> None:
        """Live: the words of the utterance in progress after what is already there."""
        self._set_text(self._joined(words))
        if isinstance(self.editor, QLineEdit):
            self.editor.setCursorPosition(len(self.editor.text()))

    def add_final(self, words: str) -> None:
        """An utterance is over: keep its words, mark the field as filled by voice. A one-line field (a
        name, a number, an address) takes no punctuation from pauses: the recogniser's "，" and closing
        "。" (kiosk.recognition.speech) belong in running text only."""
        words = words.strip()
        if isinstance(self.editor, QLineEdit):
            words = words.replace("，", "").replace(", ", " ").rstrip("。.").strip()
        text = self._joined(words)
        self._committed = text
        if words:
            self.suggest(text, "voice")
        else:
            self._set_text(text)

    # -- looks ---------------------------------------------------------------------------
    def _show_state(self) -> None:
        state = "" if self._source is None else ("low" if self._low else "filled")
        restyle(self.editor, "assisted", state)
        self.note.setVisible(self._source is not None and (self._notes or self._low))
        self.confirm_button.setVisible(self._source is not None)
        set_role(self.note, "assistLow" if self._low else "assist")
        self.retranslate()

    def retranslate(self) -> None:
        self.mic.setText(QCoreApplication.translate("assist", "Stop") if self._listening
                         else QCoreApplication.translate("assist", "Speak"))
        self.confirm_button.setText(QCoreApplication.translate("assist", "It is right"))
        if self._source == "scan" and self._low:
            self.note.setText(QCoreApplication.translate(
                "assist", "Read from your page and hard to read: please check every character, then confirm "
                          "or correct it."))
        elif self._source == "scan":
            self.note.setText(QCoreApplication.translate(
                "assist", "Read from your page: please check it, then confirm or correct it."))
        elif self._source == "voice":
            self.note.setText(QCoreApplication.translate(
                "assist", "Heard by voice: please check it, then confirm or correct it."))
        else:
            self.note.clear()


class VoiceInput(QObject):
    """Routes the voice service to the field being dictated into. One field at a time."""

    status = Signal(str)  # a message for the screen ("" clears it)

    def __init__(self, voice_service) -> None:
        super().__init__()
        self._service = voice_service
        self._fields: list[AssistedField] = []
        self._active: AssistedField | None = None
        self._multi_line = False
        voice_service.availability.connect(self._availability)
        voice_service.state.connect(self._state)
        voice_service.level.connect(self._level)
        voice_service.partial.connect(self._partial)
        voice_service.final.connect(self._final)
        voice_service.failed.connect(self._failed)

    def add(self, field: AssistedField) -> None:
        self._fields.append(field)
        field.mic_toggled.connect(self._toggle)
        field.set_voice_available(self._service.available[0])

    def _level(self, value: float) -> None:
        if self._active:
            self._active.set_level(value)

    def _partial(self, text: str) -> None:
        if self._active:
            self._active.show_partial(text)

    def _final(self, text: str) -> None:
        if self._active:
            self._active.add_final(text)

    def _availability(self, ok: bool, code: str) -> None:
        for field in self._fields:
            field.set_voice_available(ok)
        self.status.emit("" if ok else voice_unavailable_text(code))

    def unavailable_reason(self) -> str:
        ok, code = self._service.available
        return "" if ok else voice_unavailable_text(code)

    def _toggle(self, field: AssistedField) -> None:
        if self._active is field:
            self._service.stop()
            return
        self.stop()
        multi_line = isinstance(field.editor, QPlainTextEdit)
        if self._service.dictate(single_utterance=not multi_line):
            self._active = field
            self._multi_line = multi_line
            field.set_listening(True)
            field.editor.setFocus()
        else:
            self.status.emit(self.unavailable_reason())

    def _state(self, state: str) -> None:
        field = self._active
        if field is None:
            return
        if state == "preparing":
            self.status.emit(QCoreApplication.translate("assist", "Preparing voice input…"))
        elif state == "listening":
            field.set_hearing()
            self.status.emit(
                QCoreApplication.translate("assist", "Listening. Speak now, then touch Stop.") if self._multi_line
                else QCoreApplication.translate("assist", "Listening. Speak now; it stops when you pause."))
        elif state == "idle":
            self._active = None
            field.set_listening(False)
            self.status.emit("")

    def _failed(self, code: str) -> None:
        if self._active is not None:
            self._active.set_listening(False)
            self._active = None
        self.status.emit(voice_unavailable_text(code))

    def stop(self) -> None:
        """Stop dictating (leaving the screen): what was said so far stays."""
        if self._active is not None:
            self._service.stop()


class ScanPanel(Card):
    """"Fill in from your paper complaint": one button, the camera's progress, the outcome."""

    def __init__(self, name: str, scan_service) -> None:
        super().__init__()
        self.setObjectName(name)
        self._service = scan_service
        self._state = "idle"  # idle | capturing | reading | done | failed
        self._count = 0
        self._problem = ""
        row = QHBoxLayout()
        self.text = label("", name=f"{name}Text")
        row.addWidget(self.text, 1)
        self.button = button(f"{name}Button")
        self.button.clicked.connect(self.scan)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.layout_.addLayout(row)
        self.status = label("hint", name=f"{name}Status")
        self.status.hide()
        self.layout_.addWidget(self.status)
        scan_service.busy.connect(self._busy)
        scan_service.failed.connect(self._failed)
        self.retranslate()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._service.prepare()  # the OCR models load while the litigant places the page

    def scan(self) -> None:
        if self._state in ("capturing", "reading"):
            return
        self._service.scan_page()

    def _busy(self, stage: str) -> None:
        self._state = stage
        self.retranslate()

    def _failed(self, code: str) -> None:
        if self._state in ("capturing", "reading"):
            self._state, self._problem = "failed", code
            self.retranslate()

    def show_result(self, filled: int) -> None:
        self._state, self._count = "done", filled
        self.retranslate()

    def clear(self) -> None:
        self._service.cancel()
        self._state, self._count, self._problem = "idle", 0, ""
        self.retranslate()

    def retranslate(self) -> None:
        self.text.setText(QCoreApplication.translate(
            "assist", "Have a written complaint? Place its first page face up under the document camera and "
                      "the kiosk fills in what it can read."))
        busy = self._state in ("capturing", "reading")
        self.button.setEnabled(not busy)
        self.button.setText(QCoreApplication.translate("assist", "Scan again") if self._state == "done"
                            else QCoreApplication.translate("assist", "Scan page"))
        texts = {
            "capturing": (QCoreApplication.translate("assist", "Taking a picture… keep the page still."), "hint"),
            "reading": (QCoreApplication.translate("assist", "Reading the page… this takes a few seconds."), "hint"),
            "done": (QCoreApplication.translate("assist", "{count} fields were filled from your page. They are highlighted: check "
                                 "each one, then touch \"It is right\" or change it.").replace("{count}", str(self._count))
                     if self._count else
                     QCoreApplication.translate("assist", "Nothing for this form was found on the page. Please type the details."),
                     "ok" if self._count else "hint"),
            "failed": (scan_problem_text(self._problem), "error"),
        }
        text, role = texts.get(self._state, ("", "hint"))
        self.status.setText(text)
        self.status.setVisible(bool(text))
        set_role(self.status, role)
