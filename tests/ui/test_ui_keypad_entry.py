"""The five-key keyboard (ui/keypad_entry.py): typing with up, down, select, back and help only,
spoken key by key. What the litigant hears is asserted through a fake announcer, what they see
on the overlay and in the field through the widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QMainWindow, QPlainTextEdit, QWidget

from ui.keypad_entry import Choice, KeypadEntry, field_kind


class FakeAnnouncer:
    """Part A's announcer as far as the keypad uses it: every call is one utterance."""

    def __init__(self) -> None:
        self.transcript: list[tuple[str, str]] = []

    def item(self, text):
        self.transcript.append(("item", text))

    def change(self, text):
        self.transcript.append(("change", text))

    def help(self, text):
        self.transcript.append(("help", text))

    def error(self, text):
        self.transcript.append(("error", text))

    @property
    def last(self) -> str:
        return self.transcript[-1][1]

    def kinds(self, kind):
        return [text for k, text in self.transcript if k == kind]


class FakeVoice(QObject):
    """kiosk/services/voice.py's signals and calls; the test plays the recogniser."""

    availability = Signal(bool, str)
    state = Signal(str)
    level = Signal(float)
    partial = Signal(str)
    final = Signal(str)
    failed = Signal(str)

    def __init__(self, ok=True, code="") -> None:
        super().__init__()
        self._available = (ok, code)
        self.dictations: list[bool] = []
        self.stopped = 0

    @property
    def available(self):
        return self._available

    def dictate(self, single_utterance=True):
        if not self._available[0]:
            return False
        self.dictations.append(single_utterance)
        return True

    def stop(self):
        self.stopped += 1


@pytest.fixture
def form(qtbot, qapp):
    from ui.i18n import LanguageSwitch

    LanguageSwitch(qapp)("en")  # these tests read the English sources (an app test may have left zh_CN)
    window = QMainWindow()
    central = QWidget()
    central.setObjectName("central")
    window.setCentralWidget(central)
    layout = QFormLayout(central)
    phone = QLineEdit(objectName="defendantPhone")
    phone.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
    phone.setMaxLength(12)
    name = QLineEdit(objectName="defendantName")
    ident = QLineEdit(objectName="defendantId")
    claims = QPlainTextEdit(objectName="claimsText")
    combo = QComboBox(objectName="caseKind")
    combo.addItems(["Civil", "Commercial", "Administrative"])
    for caption, editor in (("Phone", phone), ("Name", name), ("ID number", ident), ("Claims", claims),
                            ("Kind", combo)):
        layout.addRow(QLabel(caption), editor)
    window.resize(1600, 1000)
    qtbot.addWidget(window)
    window.show()
    window.edits = dict(phone=phone, name=name, ident=ident, claims=claims, combo=combo)
    return window


def keys(keypad, *actions):
    for action in actions:
        assert keypad.handle(action), action


def shown_choice(keypad) -> str:
    current = [slot for slot in keypad.slots if slot.isVisible() and slot.property("role") == "primary"]
    assert len(current) == 1
    return current[0].text()


def test_field_kinds_follow_hints_validators_and_names(form):
    e = form.edits
    assert field_kind(e["phone"]) == "digits"
    assert field_kind(e["ident"]) == "id"
    assert field_kind(e["name"]) == "text"
    amount = QLineEdit()
    amount.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
    assert field_kind(amount) == "decimal"
    email = QLineEdit()
    email.setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly)
    assert field_kind(email) == "email"
    e["name"].setProperty("keypad", "latin")
    assert field_kind(e["name"]) == "latin"


def test_phone_number_with_keys_only(form, qtbot):
    announcer = FakeAnnouncer()
    keypad = KeypadEntry(form.centralWidget(), announcer)
    phone = form.edits["phone"]
    edited = []
    phone.textEdited.connect(edited.append)
    keypad.open(phone)
    assert keypad.is_open and keypad.isVisible()
    assert keypad.geometry() == form.centralWidget().rect()
    # a number field opens in the digits, spoken with the field's caption
    assert "Phone is empty." in announcer.last and "Digits: 0" in announcer.last
    assert keypad.heading.text() == "Typing into: Phone"
    assert shown_choice(keypad) == "▶  0"
    keys(keypad, "down")
    assert announcer.transcript[-1] == ("item", "1")
    assert shown_choice(keypad) == "▶  1"
    keys(keypad, "select")
    assert announcer.transcript[-1] == ("item", "1 typed.")
    keys(keypad, "down", "down", "select")  # 3
    keys(keypad, "up", "up", "up", "up", "select")  # 1 -> 0 -> 9 -> 8 ... wraps: 3-4=9
    assert phone.text() == "139"
    assert edited[-1] == "139"  # the screen hears it as typing
    assert keypad.text_view.text() == "139▏"
    # back: to the choices, on Done; Read back spells it digit by digit
    keys(keypad, "back")
    assert announcer.last == "Done"
    keys(keypad, "down", "select")
    assert announcer.last == "Phone reads: 1 3 9"
    keys(keypad, "up", "select")
    assert announcer.last == "Done. The field reads: 1 3 9"
    assert not keypad.is_open and not keypad.isVisible()
    assert phone.text() == "139"


def test_letters_delete_clear_and_back_keeps_the_text(form, qtbot):
    announcer = FakeAnnouncer()
    keypad = KeypadEntry(form.centralWidget(), announcer)
    closed = []
    keypad.closed.connect(lambda: closed.append(True))
    name = form.edits["name"]
    keypad.open(name)
    # a text field without voice opens on the choices, on Letters
    assert shown_choice(keypad).startswith("▶  Letters")
    assert announcer.last.endswith("Choices: Letters")
    keys(keypad, "select")
    assert announcer.last == "Letters: up and down choose, select types. letter A"
    keys(keypad, "down", "down", "down", "down", "down", "down", "down", "down", "down", "down", "down")  # L
    assert announcer.last == "letter L"
    keys(keypad, "select")
    keys(keypad, "down", "down", "down", "select")  # O
    keys(keypad, "up", "up", "up", "up", "up", "up", "select")  # I
    assert name.text() == "LOI"
    assert announcer.last == "letter I typed."
    # back to the choices; Delete last character (two down from Done)
    keys(keypad, "back", "down", "down")
    assert announcer.last == "Delete last character"
    keys(keypad, "select")
    assert name.text() == "LO"
    assert announcer.last == "letter I deleted."
    # Symbols: a space; then Clear, and deleting from an empty field says so
    keys(keypad, "down", "down", "down", "down", "select")
    assert keypad.place_view.text() == "Symbols"
    assert announcer.last.startswith("Symbols:") and announcer.last.endswith("space")
    keys(keypad, "select")
    assert name.text() == "LO "
    assert announcer.last == "space typed."
    keys(keypad, "back", "up", "up", "up", "up")
    assert announcer.last == "Clear the field"
    keys(keypad, "select")
    assert name.text() == "" and announcer.last == "The field is cleared."
    keys(keypad, "up", "select")  # Delete last character
    assert announcer.transcript[-1] == ("error", "There is nothing to delete.")
    assert keypad.text_view.text() == "(empty)"
    # type again, then back from the top: the keypad closes and the text stays
    keys(keypad, "down", "down", "down", "select", "down", "select")  # Letters, B
    assert name.text() == "B"
    keys(keypad, "back", "back")
    assert not keypad.is_open and closed == [True]
    assert name.text() == "B"
    assert announcer.last == "Left the keypad. The field reads: B"
    assert not keypad.handle("down")  # closed: the keys are the screen's again


def test_id_number_offers_x_and_the_field_refuses_what_it_cannot_take(form):
    announcer = FakeAnnouncer()
    keypad = KeypadEntry(form.centralWidget(), announcer)
    ident = form.edits["ident"]
    keypad.open(ident)
    assert "Digits and X: 0" in announcer.last
    keys(keypad, "up")  # wraps to the end: X
    assert announcer.last == "letter X"
    keys(keypad, "select")
    assert ident.text() == "X"
    # a field with a validator that refuses a character: said as an error, nothing typed
    from PySide6.QtGui import QRegularExpressionValidator

    ident.clear()
    ident.setValidator(QRegularExpressionValidator(r"\d{0,17}[\dX]?"))
    keys(keypad, "back", "down", "down", "down", "down", "down", "select", "select")  # Letters, A
    assert ident.text() == ""
    assert announcer.transcript[-1] == ("error", "letter A cannot go in this field.")
    # a full field
    phone = form.edits["phone"]
    phone.setText("138001380001")
    keypad.open(phone)
    assert keypad.editor is phone
    keys(keypad, "select")
    assert announcer.transcript[-1] == ("error", "The field is full.")
    assert phone.text() == "138001380001"


def test_help_explains_where_the_litigant_is(form):
    announcer = FakeAnnouncer()
    keypad = KeypadEntry(form.centralWidget(), announcer)
    keypad.open(form.edits["name"])
    keys(keypad, "help")
    said = announcer.transcript[-1]
    assert said[0] == "help"
    assert "You are typing into Name" in said[1]
    assert "Chinese characters cannot be spelled with these keys" in said[1]
    assert "on-screen keyboard" in said[1]  # no voice here
    keys(keypad, "select", "help")
    assert announcer.transcript[-1][0] == "help"
    assert announcer.last.startswith("You are in Letters") and "back to return" in announcer.last
    assert keypad.is_open  # help changes nothing
    assert form.edits["name"].text() == ""


def test_speak_instead_puts_the_dictation_in_the_field(form, qtbot):
    announcer = FakeAnnouncer()
    voice = FakeVoice()
    keypad = KeypadEntry(form.centralWidget(), announcer, voice)
    name = form.edits["name"]
    name.setText("被告")
    keypad.open(name)
    # voice works: a text field opens on Speak instead, and help says Chinese comes by voice
    assert shown_choice(keypad) == "▶  Speak instead"
    keys(keypad, "help")
    assert "choose Speak instead and say them" in announcer.last
    keys(keypad, "select")
    assert voice.dictations == [True]
    assert announcer.last == "Listening. Say the words; it stops when you pause."
    assert keypad.place_view.text() == "Listening…"
    assert not any(slot.isVisible() for slot in keypad.slots)
    voice.partial.emit("张")
    assert keypad.text_view.text() == "被告张▏"  # live, on the overlay
    assert name.text() == "被告"
    keys(keypad, "down")
    assert announcer.last == "Listening. Press select to stop."
    voice.final.emit("张三")
    assert name.text() == "被告张三"
    assert announcer.last == "Heard: 张三"
    voice.state.emit("idle")
    assert keypad.place_view.text() == "Choices" and shown_choice(keypad) == "▶  Done"
    assert announcer.transcript[-1] == ("change", "Select Done to keep it, or Read back to hear it again.")
    keys(keypad, "down", "select")
    assert announcer.last == "Name reads: 被告张三"
    # select while listening stops the microphone; nothing heard is said as such
    keys(keypad, "down", "down", "select", "select")
    assert voice.stopped == 1
    voice.state.emit("idle")
    assert announcer.transcript[-1] == ("error", "Nothing was heard. Choose Speak instead to try again.")
    assert name.text() == "被告张三"


def test_speak_instead_in_an_assisted_field_is_marked_heard_by_voice(form, qtbot):
    from ui.assist import AssistedField

    announcer = FakeAnnouncer()
    voice = FakeVoice()
    keypad = KeypadEntry(form.centralWidget(), announcer, voice)
    editor = QLineEdit(objectName="defendantAddress")
    field = AssistedField(editor)
    form.centralWidget().layout().addRow(QLabel("Address"), field)
    keypad.open(editor)
    keys(keypad, "select")  # Speak instead
    assert field.mic.text() == "Stop"  # as from its microphone button
    voice.partial.emit("北京")
    assert editor.text() == "北京"
    voice.final.emit("北京市东城区")
    voice.state.emit("idle")
    assert editor.text() == "北京市东城区"
    assert field.pending and field.note.isVisibleTo(field)  # "heard by voice: please check it"
    assert field.mic.text() == "Speak"


def test_voice_unavailable_or_failing(form):
    announcer = FakeAnnouncer()
    voice = FakeVoice(ok=False, code="no_model")
    keypad = KeypadEntry(form.centralWidget(), announcer, voice)
    keypad.open(form.edits["name"])
    names = [keypad._spoken(c) for c in keypad._ring]
    assert "Speak instead" not in names
    assert names[:3] == ["Done", "Read back what I typed", "Delete last character"]
    keypad.close_entry()
    voice._available = (True, "")
    keypad.open(form.edits["claims"])
    keys(keypad, "select")
    assert voice.dictations == [False]  # a multi-line field: until the litigant stops
    assert announcer.last.startswith("Listening. Say the words, then press select")
    voice.failed.emit("no_microphone")
    assert announcer.transcript[-1] == ("error", "Voice input is not available: the microphone is not working.")
    assert keypad.place_view.text() == "Choices"


def test_combo_box_lists_its_items(form):
    announcer = FakeAnnouncer()
    keypad = KeypadEntry(form.centralWidget(), announcer)
    combo = form.edits["combo"]
    keypad.open(combo)
    assert announcer.last.endswith("Options: Civil")
    keys(keypad, "down", "down")
    assert announcer.last == "Administrative"
    keys(keypad, "select")
    assert combo.currentText() == "Administrative"
    assert announcer.last == "Chosen: Administrative" and not keypad.is_open
    keypad.open(combo)
    keys(keypad, "down", "back")
    assert combo.currentText() == "Administrative" and not keypad.is_open


def test_works_without_an_announcer_and_with_touch(form, qtbot):
    keypad = KeypadEntry(form.centralWidget(), None)
    phone = form.edits["phone"]
    keypad.open(phone)
    # talking fingertip: a touch on a choice highlights it, a second touch takes it
    target = keypad.slots[4]  # two below the highlighted 0: "2"
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
    assert shown_choice(keypad) == "▶  2" and phone.text() == ""
    qtbot.mouseClick(keypad.slots[2], Qt.MouseButton.LeftButton)
    assert phone.text() == "2"
    # the window grows: the overlay follows
    form.resize(1700, 1050)
    qtbot.waitUntil(lambda: keypad.geometry() == form.centralWidget().rect())
    keypad.close_entry()
    assert not keypad.handle("select")


def test_read_only_field_is_not_opened(form):
    announcer = FakeAnnouncer()
    keypad = KeypadEntry(form.centralWidget(), announcer)
    form.edits["name"].setReadOnly(True)
    assert keypad.open(form.edits["name"]) is False
    assert not keypad.is_open
    assert announcer.transcript == [("error", "This field cannot be changed.")]


def test_key_only_defendant_on_the_filing(app_parts, qtbot):
    """The real filing: the defendant's name in Latin letters and the phone typed with the keys
    only are accepted by the parties step."""
    from tests.ui.steps import click, identify, start_filing

    window, core, services = app_parts()
    click(qtbot, window.attract.start)
    click(qtbot, window.menu.tiles["filing"])
    identify(qtbot, window, services)
    start_filing(qtbot, window)
    parties = window.filing.parties
    announcer = FakeAnnouncer()
    keypad = KeypadEntry(window.centralWidget(), announcer, services.voice)
    keypad.open(parties.name_edit)
    while keypad.highlighted != Choice("group", "letters"):  # (on Speak instead if voice works here)
        keys(keypad, "down")
    keys(keypad, "select")
    for _ in range(2):
        keys(keypad, *["down"] * 11, "select", *["up"] * 11)  # L, back on A
    assert parties.name_edit.text() == "LL"
    keys(keypad, "back", "select")  # Done
    keypad.open(parties.phone)
    for digit in "13800000000":
        steps = int(digit)
        keys(keypad, *["down"] * steps, "select", *["up"] * steps)
    assert parties.phone.text() == "13800000000"
    keys(keypad, "back", "select")
    click(qtbot, parties.next)
    qtbot.waitUntil(lambda: window.current == "filing_claims")


def test_multi_line_field_takes_punctuation_and_new_lines(form):
    announcer = FakeAnnouncer()
    keypad = KeypadEntry(form.centralWidget(), announcer)
    claims = form.edits["claims"]
    claims.setPlainText("判令被告还款")
    keypad.open(claims)
    while keypad.highlighted != Choice("group", "symbols"):
        keys(keypad, "down")
    keys(keypad, "select", "up")  # the last symbol of a multi-line field: a new line
    assert announcer.last == "new line"
    keys(keypad, "up")
    assert announcer.last == "full stop"
    keys(keypad, "select", "down", "select")
    assert claims.toPlainText() == "判令被告还款。\n"
    keys(keypad, "back", "down", "select")
    assert announcer.last == "Claims reads: 判令被告还款 full stop new line"


@pytest.mark.parametrize("scheme", ["standard", "yellow_on_black"])
def test_fits_at_the_largest_text_size(form, qapp, scheme):
    """At XL the whole keypad (heading, text, five choices, the key legend) fits the window and no
    choice's text is cut off."""
    from ui import theme

    sheet, look = qapp.styleSheet(), qapp.property("kioskTheme")
    try:
        theme.apply(qapp, "XL", scheme)
        keypad = KeypadEntry(form.centralWidget(), FakeAnnouncer())
        form.edits["name"].setText("ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789")
        keypad.open(form.edits["name"])
        keys(keypad, "down", "down")  # onto the groups: the longest texts
        keypad.layout().activate()
        assert keypad.box.sizeHint().height() <= keypad.height()
        assert keypad.box.geometry().bottom() <= keypad.height()
        for slot in keypad.slots:
            if slot.isVisible():
                assert slot.fontMetrics().horizontalAdvance(slot.text()) < slot.width() - 40, slot.text()
                assert slot.height() >= 60  # a touch target at every size
        text = keypad.text_view
        assert text.heightForWidth(text.width()) <= text.height() + 1  # the typed text wraps, never clipped
    finally:
        qapp.setStyleSheet(sheet)
        qapp.setProperty("kioskTheme", look)


def test_case_number_with_keys_only(form):
    """A case number's Chinese characters are few: the courts' provinces, the case types and 号
    are groups of their own, so （2026）京0105民初123号 can be typed with the five keys."""
    from kiosk.domain import casenumber

    announcer = FakeAnnouncer()
    keypad = KeypadEntry(form.centralWidget(), announcer)
    number = QLineEdit(objectName="lookupCaseNumber")
    form.centralWidget().layout().addRow(QLabel("Case number"), number)
    keypad.open(number)
    assert announcer.last.endswith("Symbols: left bracket")

    def group(name):
        keys(keypad, "back")
        while keypad.highlighted != Choice("group", name):
            keys(keypad, "down")
        keys(keypad, "select")

    def take(value):
        while keypad.highlighted != Choice("char", value):
            keys(keypad, "down")
        keys(keypad, "select")

    take("(")
    group("digits")
    for d in "2026":
        take(d)
    group("symbols")
    take(")")
    group("courts")
    take("京")
    assert announcer.last == "京 typed."
    group("digits")
    for d in "0105":
        take(d)
    group("case_types")
    take("民初")
    group("digits")
    for d in "123":
        take(d)
    group("symbols")
    take("号")
    assert number.text() == "(2026)京0105民初123号"
    assert casenumber.parse(number.text())
    group_names = [keypad._spoken(c) for c in keypad._top_ring()]
    assert "Letters" not in group_names and {"Courts", "Case types"} <= set(group_names)
