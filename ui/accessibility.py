"""The green channel's UI layer: five keys, the talking fingertip, and speaking what screens show.

`AccessibilityController` (built by the main window once the services exist) gives every screen,
for everyone (EZ Access: one mode for all):

- **Five keys** (config section ``keypad``, Qt key names: a USB keypad such as an EZ Access keypad
  sends such keys): *up*/*down* move through the current layer's items, wrapping around: the
  screen's SPEC focus order (a table's rows one by one), then the footer's main action, Back and
  Start over and the header's buttons; *select* activates the item (clicks a button, toggles a box,
  reads a long text page by page, opens the five-key entry (ui.keypad_entry) on a text field or a
  choice list); *back* is the window's Back, or closes the entry / overlay in front; *help* explains
  the screen and the keys, and switches the green channel on when it is off. The layer: the
  five-key entry while open, the idle warning while shown, any visible widget with the property
  ``keypadLayer``, else the screen. On the attract screen up, down and select start, like a touch.
- **Speech** (through the announcer service, while it is enabled): a screen's title and prompt when
  it opens; the item focus moves to (its text or label, its role, its state or value, "unavailable");
  labels with role "error" as they appear or change; labels with the property ``live`` = "polite"
  (print, payment and queue statuses) as they change. (The idle warning speaks its own countdown.)
- **Talking fingertip** while speech is on: a touch on a control speaks it and gives it focus
  without activating it; a second touch (or select) activates it. Without speech touches act as
  they always do.

Everything here runs on the GUI thread and is cheap: the label watch is a 400 ms timer that scans
the shown page's labels (well under a millisecond) and nothing blocks. Spoken text is never logged.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QTextEdit,
    QWidget,
)

log = logging.getLogger("ui.accessibility")

ACTIONS = ("up", "down", "select", "back", "help")
#: Optional keys for the speech controls (config keypad.<name>; empty: none). On five keys they are
#: on the green channel's settings screen.
EXTRA_ACTIONS = ("repeat", "pause", "volume_up", "volume_down", "rate_up", "rate_down")
#: The defaults of config section `keypad` (kiosk.config declares the same).
DEFAULT_KEYS = {"up": "Up", "down": "Down", "select": "Return,Enter,Space", "back": "Escape,Backspace",
                "help": "F1,Question", **{name: "" for name in EXTRA_ACTIONS}}
WATCH_MS = 400  # how often shown labels are checked for new errors and status changes
CONTROLS = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QAbstractItemView, QTextEdit,
            QPlainTextEdit)


translate = QCoreApplication.translate  # (the name lupdate looks for; context "Accessibility")


def key_codes(names: str) -> list[int]:
    """Qt key codes of comma-separated Qt key names ("Return,Enter" -> [Key_Return, Key_Enter]);
    unknown names are skipped with a warning."""
    codes = []
    for name in (n.strip() for n in (names or "").split(",")):
        if not name:
            continue
        key = getattr(Qt.Key, f"Key_{name}", None)
        if key is None:
            log.warning("keypad: unknown Qt key name %r", name)
            continue
        codes.append(int(key.value))
    return codes


def key_map(config: Mapping[str, str] | None) -> dict[int, str]:
    """Key code -> action, from config section `keypad` (defaults where a name is missing). A key
    named for two actions keeps the first (in ACTIONS, then EXTRA_ACTIONS order)."""
    names = {**DEFAULT_KEYS, **{k: v for k, v in (config or {}).items() if k in DEFAULT_KEYS}}
    mapping: dict[int, str] = {}
    for action in (*ACTIONS, *EXTRA_ACTIONS):
        for code in key_codes(names[action]):
            if code in mapping:
                log.warning("keypad: a key is named for both %s and %s", mapping[code], action)
                continue
            mapping[code] = action
    return mapping


# -- what an item is called ------------------------------------------------------------------
_BREAKS = str.maketrans({"\u2029": "\n", "\u2028": "\n", "\ufdd0": "\n", "\ufdd1": "\n", "\ufffc": " "})


def _clean(text: str) -> str:
    """One line to speak: no mnemonics (&), line breaks, paragraph or table-cell marks."""
    text = (text or "").replace("&&", "\0").replace("&", "").replace("\0", "&").translate(_BREAKS)
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def _shown(widget: QWidget) -> bool:
    return widget.isVisibleTo(widget.window())


def _label_text(widget: QWidget) -> str:
    return _clean(widget.text()) if isinstance(widget, QLabel) and _shown(widget) else ""


def _contains(item, target: QWidget) -> bool:
    if item is None:
        return False
    if item.widget() is target:
        return True
    return item.layout() is not None and _scan(item.layout(), target, "")[0]


def _scan(layout, target: QWidget, last: str) -> tuple[bool, str]:
    """Walk a layout in order up to ``target``: (found, the text of the last label before it)."""
    if isinstance(layout, QFormLayout):
        for row in range(layout.rowCount()):
            roles = (QFormLayout.ItemRole.FieldRole, QFormLayout.ItemRole.SpanningRole)
            if any(_contains(layout.itemAt(row, role), target) for role in roles):
                own = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
                text = _label_text(own.widget()) if own is not None and own.widget() is not None else ""
                return True, text or last
        return False, last
    for i in range(layout.count()):
        item = layout.itemAt(i)
        widget = item.widget()
        if widget is target:
            return True, last
        if item.layout() is not None:
            found, inner = _scan(item.layout(), target, last)  # (its labels name only what is in it)
            if found:
                return True, inner
        elif widget is not None and widget.property("role") not in ("error", "hint", "assist", "assistLow"):
            last = _label_text(widget) or _check_row_text(widget) or last
    return False, last


def _check_row_text(widget: QWidget) -> str:
    """A field right after a check box row (e-mail, then its address) is named by the row."""
    from ui.service_address_form import CheckRow

    return _clean(widget.text()) if isinstance(widget, CheckRow) and _shown(widget) else ""


def field_label(widget: QWidget) -> str:
    """What a field is called: its accessible name, its form label, the label just before it (up to
    three containers out), or its placeholder."""
    from ui.widgets import Screen

    if widget.accessibleName():
        return _clean(widget.accessibleName())
    holder = widget.parentWidget()
    for _ in range(2):  # a label whose buddy it is
        if holder is None:
            break
        for lab in holder.findChildren(QLabel):
            if lab.buddy() is widget and _label_text(lab):
                return _label_text(lab)
        holder = holder.parentWidget()
    target, parent = widget, widget.parentWidget()
    for _ in range(3):
        if parent is None or parent.layout() is None:
            break
        found, text = _scan(parent.layout(), target, "")
        if found and text:
            return text
        if isinstance(parent, Screen):
            break
        target, parent = parent, parent.parentWidget()
    return _clean(getattr(widget, "placeholderText", lambda: "")())


def _value(widget: QWidget) -> str:
    if isinstance(widget, QLineEdit):
        if widget.echoMode() != QLineEdit.EchoMode.Normal:
            return translate("Accessibility", "hidden") if widget.text() else words()["empty"]
        return widget.text().strip() or translate("Accessibility", "empty")
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return _clean(widget.toPlainText()) or translate("Accessibility", "empty")
    if isinstance(widget, QComboBox):
        return _clean(widget.currentText()) or translate("Accessibility", "nothing chosen")
    if isinstance(widget, QAbstractSpinBox):
        return widget.text().strip() or translate("Accessibility", "empty")
    return ""


def read_only_text(widget: QWidget) -> bool:
    return isinstance(widget, (QTextEdit, QPlainTextEdit)) and widget.isReadOnly()


def editable(widget: QWidget) -> bool:
    return (isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit)) and not widget.isReadOnly()) or \
        isinstance(widget, QAbstractSpinBox)


def row_text(view: QAbstractItemView, row: int) -> str:
    """A row of a table or list: its cells with their column headings."""
    model = view.model()
    if isinstance(view, QListView):  # (a list model's columnCount is not callable from Python)
        return _clean(str(model.index(row, view.modelColumn()).data() or ""))
    cells = []
    for column in range(model.columnCount()):
        if getattr(view, "isColumnHidden", lambda c: False)(column):
            continue
        text = _clean(str(model.index(row, column).data() or ""))
        if not text:
            continue
        heading = _clean(str(model.headerData(column, Qt.Orientation.Horizontal) or "")) \
            if model.columnCount() > 1 else ""
        cells.append(f"{heading}: {text}" if heading else text)
    return "; ".join(cells)


def words() -> dict[str, str]:
    """The words said with items (translated now: the language may have changed)."""
    return {
        "button": translate("Accessibility", "button"),
        "check box": translate("Accessibility", "check box"),
        "option": translate("Accessibility", "option"),
        "selected": translate("Accessibility", "selected"),
        "not selected": translate("Accessibility", "not selected"),
        "text field": translate("Accessibility", "text field"),
        "choice list": translate("Accessibility", "choice list"),
        "text": translate("Accessibility", "text, press select to hear it page by page"),
        "Text": translate("Accessibility", "Text"),
        "List": translate("Accessibility", "List"),
        "empty": translate("Accessibility", "empty"),
        "unavailable": translate("Accessibility", "unavailable"),
        "row": translate("Accessibility", "Row {n} of {count}"),
        ", ": translate("Accessibility", ", "),
    }


def describe(widget: QWidget, row: int | None = None) -> str:
    """What is said when focus lands on an item: its name or label, its role, its state or value."""
    w = words()
    parts: list[str]
    if isinstance(widget, QAbstractItemView):
        rows = widget.model().rowCount() if widget.model() is not None else 0
        if row is None:
            parts = [field_label(widget) or w["List"], w["empty"] if not rows else ""]
        else:
            selection = widget.selectionModel()
            chosen = selection is not None and selection.isRowSelected(row, widget.rootIndex())
            parts = [w["row"].replace("{n}", str(row + 1)).replace("{count}", str(rows)), row_text(widget, row),
                     w["selected"] if chosen else w["not selected"]]
    elif isinstance(widget, (QCheckBox, QRadioButton)):
        parts = [_clean(widget.accessibleName() or widget.text()),
                 w["check box"] if isinstance(widget, QCheckBox) else w["option"],
                 w["selected"] if widget.isChecked() else w["not selected"]]
    elif isinstance(widget, QAbstractButton):
        parts = [_clean(widget.accessibleName() or widget.text()), w["button"]]
        if widget.isCheckable():
            parts.append(w["selected"] if widget.isChecked() else w["not selected"])
    elif read_only_text(widget):
        first = next(iter(_clean(widget.toPlainText()[:200]).split(" ")), "")[:40]
        parts = [field_label(widget) or first or w["Text"], w["text"]]
    elif isinstance(widget, QComboBox):
        parts = [field_label(widget), w["choice list"], _value(widget)]
    elif editable(widget):
        parts = [field_label(widget), w["text field"], _value(widget)]
    elif isinstance(widget, QLabel):
        parts = [_clean(widget.accessibleName() or widget.text())]
    else:  # a box of texts (a card), or a widget that names itself (the signature pad)
        own = _clean(widget.accessibleName())
        parts = [own] if own else [_label_text(lab) for lab in widget.findChildren(QLabel)]
    if not widget.isEnabled():
        parts.append(w["unavailable"])
    return w[", "].join(p for p in parts if p)


def shown_span(view: QTextEdit | QPlainTextEdit) -> tuple[int, int]:
    """The document positions a text view shows (its first and last shown character)."""
    viewport = view.viewport()
    first = view.cursorForPosition(QPoint(0, 0)).position()
    last = view.cursorForPosition(QPoint(viewport.width() - 1, viewport.height() - 1)).position()
    return first, last


def text_between(view: QTextEdit | QPlainTextEdit, begin: int, end: int) -> str:
    cursor = view.textCursor()
    cursor.setPosition(begin)
    cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
    return _clean(cursor.selectedText())


class AccessibilityController(QObject):
    """Five-key navigation, the talking fingertip and speech for the main window's screens.

    ``window``: the MainWindow (screens, current, back(), start(), footer, overlay); ``services``:
    the built services (announcer, green_channel, session, voice are used when there);
    ``keypad``: config section `keypad` (None: the defaults)."""

    def __init__(self, window, services, keypad: Mapping[str, str] | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self.set_keys(keypad)
        self._announcer_override = None
        self._current: tuple[QWidget, int | None] | None = None
        self._last_index: int | None = None
        self._fresh = True  # a screen just opened: the first down goes to its first item
        self._armed: tuple[QWidget, int | None] | None = None  # touched once (talking fingertip)
        self._swallow: QWidget | None = None  # the widget whose mouse release is eaten
        self._entry = None  # ui.keypad_entry.KeypadEntry, made when first needed
        self._reading: tuple[int, int] | None = None  # (text view, the position read up to)
        self._watched: dict[int, str] | None = None  # label -> what was said of it (None: not yet)
        self._kinds = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
                       QEvent.Type.MouseButtonRelease}
        self._timer = QTimer(self)
        self._timer.setObjectName("accessibilityWatch")
        self._timer.setInterval(WATCH_MS)
        self._timer.timeout.connect(self._watch)
        self._timer.start()
        QApplication.instance().installEventFilter(self)

    def detach(self) -> None:
        """The window closes: off the application's events, no more label watch."""
        self._timer.stop()
        QApplication.instance().removeEventFilter(self)

    def set_keys(self, keypad: Mapping[str, str] | None) -> None:
        """The keys (config section `keypad`; None: the defaults)."""
        self._keys = key_map(keypad)
        self._names = {**DEFAULT_KEYS, **dict(keypad or {})}

    # -- the parts it talks to ---------------------------------------------------------------
    @property
    def announcer(self):
        return self._announcer_override or getattr(self._services, "announcer", None)

    def set_announcer(self, announcer) -> None:
        """Speak through this announcer instead of the service's (tests, before part A exists)."""
        self._announcer_override = announcer
        self._entry = None

    def speaking(self) -> bool:
        announcer = self.announcer
        return announcer is not None and bool(announcer.enabled)

    def keys(self, action: str) -> list[int]:
        """The key codes that do ``action``."""
        return [code for code, name in self._keys.items() if name == action]

    def current(self) -> tuple[QWidget, int | None] | None:
        return self._current if self._current is not None and _alive(self._current[0]) else None

    # -- called by the main window -----------------------------------------------------------
    def screen_shown(self, name: str) -> None:
        self._current, self._last_index, self._fresh, self._armed = None, None, True, None
        self._close_entry()
        self._watched, self._reading = None, None
        if not self.speaking():
            return
        spec = self._window.screens[name].spec
        self.announcer.screen(spec.title(), spec.prompt())
        self._watched = self._snapshot()

    def session_reset(self) -> None:
        self._current, self._last_index, self._armed, self._swallow = None, None, None, None
        self._close_entry()
        self._watched, self._reading = None, None

    # -- keys --------------------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind not in self._kinds or not isinstance(obj, QWidget):
            return False
        try:
            if kind == QEvent.Type.KeyPress:
                return self._key(obj, event)
            if kind == QEvent.Type.MouseButtonRelease:
                return self._release(obj, event)
            return self._touch(obj, event)
        except RuntimeError:  # a widget deleted under an event (a rebuilt row): let Qt have it
            return False

    def _key(self, obj: QWidget, event) -> bool:
        action = self._keys.get(event.key())
        if action is None or obj.window() is not self._window:
            return False
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        focus = QApplication.focusWidget()
        if focus is not None and obj is not focus:
            return False  # passed on to a parent: not the first delivery
        entry_open = self._entry is not None and self._entry.is_open
        if entry_open and obj is self._entry.editor and not event.spontaneous():
            return False  # the entry itself typing into its field (its Backspace is not the back key)
        if not entry_open and editable(obj) and self._typing(event):
            return False
        if event.isAutoRepeat() and action in ("select", "back", "help"):
            return True
        session = getattr(self._services, "session", None)
        overlay = getattr(self._window, "overlay", None)
        warned = overlay is not None and overlay.isVisible()
        if session is not None:
            session.activity()  # (this filter eats the key before the window's activity filter)
        if warned:  # the idle warning: any key keeps going, and does nothing else
            if overlay.isVisible():
                overlay.button.click()
            return True
        self.press(action)
        return True

    @staticmethod
    def _typing(event) -> bool:
        """A key a text field keeps: any from the on-screen keyboard (sent, not spontaneous), and
        Backspace or a printable character from a real keyboard."""
        if not event.spontaneous():
            return True
        text = event.text()
        return event.key() == Qt.Key.Key_Backspace or (bool(text) and text.isprintable())

    def press(self, action: str) -> None:
        """Do what a keypad key does (the key filter calls this)."""
        if self._entry is not None and self._entry.is_open:
            if not self._entry.handle(action) and action == "help":
                self._help()
            return
        if action in EXTRA_ACTIONS:
            self._speech_control(action)
        elif action == "help":
            self._help()
        elif self._window.current == "attract" and self._layer() is None:
            if action in ("up", "down", "select"):
                self._window.start()
        elif action in ("up", "down"):
            self._move(1 if action == "down" else -1)
        elif action == "select":
            self._select()
        elif action == "back":
            self._back()

    # -- the items ---------------------------------------------------------------------------
    def _layer(self) -> QWidget | None:
        overlay = getattr(self._window, "overlay", None)
        if overlay is not None and overlay.isVisible():
            return overlay
        central = self._window.centralWidget()
        for child in central.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if child.property("keypadLayer") and child.isVisible():
                return child
        return None

    def _screen(self):
        return self._window.screens.get(self._window.current) if self._window.current else None

    def widgets(self) -> list[QWidget]:
        """The current layer's items in keypad order (shown ones; unavailable ones included)."""
        layer = self._layer()
        if layer is not None:
            return [w for w in layer.findChildren(QWidget) if isinstance(w, CONTROLS) and _shown(w)]
        screen = self._screen()
        if screen is None:
            return []
        window = self._window
        header = window.findChild(QWidget, "header")
        places = [p for p in (screen, window.footer, header) if p is not None]
        found: list[QWidget] = []

        def add(widget) -> None:
            if widget is not None and _alive(widget) and widget not in found and _shown(widget) and _says(widget):
                found.append(widget)

        for name in screen.spec.focus:
            for place in places:
                if name.endswith("*"):
                    prefix = name[:-1]
                    for w in place.findChildren(QWidget):
                        if w.objectName().startswith(prefix):
                            add(w)
                else:
                    for w in place.findChildren(QWidget, name):
                        add(w)
        for w in (screen.primary, window.back_button, window.home_button):
            add(w)
        if header is not None:
            for w in header.findChildren(QAbstractButton):
                add(w)
        return found

    def stops(self) -> list[tuple[QWidget, int | None]]:
        """The items with a table's or list's rows one by one."""
        stops: list[tuple[QWidget, int | None]] = []
        for widget in self.widgets():
            if isinstance(widget, QAbstractItemView) and widget.model() is not None and widget.model().rowCount():
                hidden = getattr(widget, "isRowHidden", lambda r: False)
                stops += [(widget, r) for r in range(widget.model().rowCount()) if not hidden(r)]
            else:
                stops.append((widget, None))
        return stops

    def _index(self, stops) -> int | None:
        current = self.current()
        if current is not None and current in stops:
            return stops.index(current)
        focus = QApplication.focusWidget()
        if current is None and not self._fresh and focus is not None:
            for i, (widget, _row) in enumerate(stops):
                if widget is focus:
                    return i
        return None

    def _move(self, step: int) -> None:
        stops = self.stops()
        if not stops:
            return
        index = self._index(stops)
        if (index is None and self._last_index is not None and self._current is not None
                and not _alive(self._current[0])):
            index = min(self._last_index, len(stops)) - (1 if step > 0 else 0)  # the item was deleted
        # (an item still there but hidden: another view of the screen shows, so start from its top)
        if index is None:
            index = -1 if step > 0 else 0
        self.go(stops[(index + step) % len(stops)], stops)

    def go(self, stop: tuple[QWidget, int | None], stops=None) -> None:
        """Put the focus on an item, scroll it into view and say it."""
        widget, row = stop
        self._current, self._fresh = stop, False
        stops = self.stops() if stops is None else stops
        self._last_index = stops.index(stop) if stop in stops else self._last_index
        if self._armed != stop:
            self._armed = None
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and widget.isEnabled():
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if row is not None and isinstance(widget, QAbstractItemView):
            index = widget.model().index(row, 0)
            widget.selectionModel().setCurrentIndex(index, widget.selectionModel().SelectionFlag.NoUpdate)
            widget.scrollTo(index)
        page = self._window._pages.get(self._window.current) if self._layer() is None else None
        if isinstance(page, QScrollArea) and page.isAncestorOf(widget):
            page.ensureWidgetVisible(widget, 40, 40)
        self._say_item(stop)

    def _say_item(self, stop) -> None:
        if self.speaking() and _alive(stop[0]):
            self.announcer.item(describe(*stop))

    # -- select --------------------------------------------------------------------------------
    def _select(self) -> None:
        stops = self.stops()
        index = self._index(stops)
        if index is None:
            if not stops:
                return
            self.go(stops[0], stops)  # nothing chosen yet: the first item, said, not activated
            return
        self.activate(stops[index])

    def activate(self, stop: tuple[QWidget, int | None]) -> None:
        """What select (or a second touch) does to an item."""
        widget, row = stop
        self._current = stop
        if not widget.isEnabled():
            if self.speaking():
                self.announcer.item(describe(widget, row))
            return
        if isinstance(widget, QAbstractItemView):
            if row is not None:
                if hasattr(widget, "selectRow"):
                    widget.selectRow(row)
                else:
                    widget.setCurrentIndex(widget.model().index(row, 0))
                self._say_item(stop)
            return
        if isinstance(widget, QAbstractButton):
            toggles = widget.isCheckable()
            widget.click()
            if toggles and _alive(widget) and widget.isVisible():
                self._say_item(stop)
            return
        if read_only_text(widget):
            self._read_page(widget)
            return
        if isinstance(widget, (QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)):
            self._edit(widget)
            return
        if self.speaking():  # a widget the keys cannot work (the signature pad): say so
            self.announcer.item(describe(widget) + words()[", "]
                                + translate("Accessibility", "not available with the keys"))

    def _read_page(self, view) -> None:
        """Say the shown page of a long text from where the last select stopped, then scroll on; at
        the end say so (the next select starts again from the top)."""
        bar = view.verticalScrollBar()
        doc_end = view.document().characterCount() - 1
        read_to = self._reading[1] if self._reading is not None and self._reading[0] == _key_of(view) else None
        if read_to is not None and read_to >= doc_end:
            bar.setValue(0)
            read_to = None
        first, last = shown_span(view)
        if bar.value() >= bar.maximum():
            last = doc_end
        begin = max(first, read_to) if read_to is not None and read_to <= last else first
        text = text_between(view, begin, last)
        self._reading = (_key_of(view), last)
        at_end = last >= doc_end
        step = max(1, bar.pageStep() - bar.singleStep())
        bar.setValue(bar.maximum() if at_end else min(bar.maximum(), bar.value() + step))  # heard to the end: at it
        if self.speaking():
            end = translate("Accessibility", "End of the text.") if at_end else ""
            self.announcer.item(" ".join(t for t in (text, end) if t))

    def _edit(self, widget: QWidget) -> None:
        """The five-key entry on a text field or a choice list (ui.keypad_entry); where it cannot
        type (another kind of editor), the on-screen keyboard."""
        entry = self._keypad_entry()
        if entry is not None and (entry.open(widget) or not widget.isEnabled() or read_only_text(widget)):
            return
        widget.setFocus(Qt.FocusReason.OtherFocusReason)  # the on-screen keyboard
        if self.speaking():
            self.announcer.item(translate("Accessibility", "Type with the on-screen keyboard."))

    def _keypad_entry(self):
        if self._entry is None:
            try:
                from ui.keypad_entry import KeypadEntry
            except ImportError:
                return None
            self._entry = KeypadEntry(self._window.centralWidget(), self.announcer,
                                      getattr(self._services, "voice", None))
            self._entry.closed.connect(self._entry_closed)
        return self._entry

    def _entry_closed(self, *_args) -> None:
        current = self.current()
        if current is not None:
            if current[0].focusPolicy() != Qt.FocusPolicy.NoFocus:
                current[0].setFocus(Qt.FocusReason.OtherFocusReason)
            self._say_item(current)

    def _close_entry(self) -> None:
        if self._entry is not None and self._entry.is_open:
            self._entry.close_entry()  # (the editor keeps what was typed)

    # -- back, help and the speech keys ----------------------------------------------------------
    def _back(self) -> None:
        layer = self._layer()
        window = self._window
        if layer is not None:
            if layer is getattr(window, "overlay", None):
                layer.button.click()  # the idle warning: keep going
            elif hasattr(layer, "keypad_back"):
                layer.keypad_back()
            else:
                layer.hide()
            return
        screen = self._screen()
        if screen is not None and window.footer.isVisible() and window.back_button.isVisible() \
                and window.back_button.isEnabled():
            window.back()
        elif self.speaking():
            self.announcer.item(translate("Accessibility", "There is no way back from here."))

    def help_text(self) -> str:
        layer = self._layer()
        if layer is not None:
            texts = [_label_text(lab) for lab in layer.findChildren(QLabel)]
            where = " ".join(t for t in texts if t)
        else:
            screen = self._screen()
            where = f"{screen.spec.title()}. {screen.spec.prompt()}" if screen is not None else ""
        keys = translate("Accessibility",
                         "Use the keys: up and down move from item to item, select chooses the item, back goes "
                         "back, help explains the screen. Touch an item to hear it, touch it again to choose it. "
                         "Repeat, speed and volume are in the green channel's settings.")
        extra = {"repeat": translate("Accessibility", "{key} repeats."),
                 "pause": translate("Accessibility", "{key} pauses."),
                 "volume_up": translate("Accessibility", "{key} is louder."),
                 "volume_down": translate("Accessibility", "{key} is quieter."),
                 "rate_up": translate("Accessibility", "{key} is faster."),
                 "rate_down": translate("Accessibility", "{key} is slower.")}
        more = [text.replace("{key}", self._names[name].split(",")[0].strip())
                for name, text in extra.items() if self._names.get(name, "").strip() and self.keys(name)]
        return " ".join(t for t in (where, keys, *more) if t)

    def _help(self) -> None:
        services = self._services
        green = getattr(services, "green_channel", None)
        session = getattr(services, "session", None)
        if green is not None:
            if not getattr(green, "active", False):
                green.turn_on("help_key")
        elif session is not None and self.announcer is not None:  # (until the green channel service)
            settings = session.data.settings
            settings.speech = settings.green_channel = True
        if self.speaking():
            self.announcer.help(self.help_text())
            if self._watched is None:
                self._watched = self._snapshot()

    def _speech_control(self, action: str) -> None:
        announcer = self.announcer
        if announcer is None:
            return
        call = {"repeat": "repeat", "pause": "toggle_pause", "volume_up": "louder", "volume_down": "quieter",
                "rate_up": "faster", "rate_down": "slower"}[action]
        getattr(announcer, call)()

    # -- the talking fingertip -------------------------------------------------------------------
    def _touch(self, obj: QWidget, event) -> bool:
        if event.button() != Qt.MouseButton.LeftButton or obj.window() is not self._window:
            return False
        if self._window.current == "attract" or not self.speaking():
            return False
        target = self._touch_target(obj, event)
        if target is None:
            return False
        if target == self._armed or (self._entry is not None and self._entry.is_open):
            return False  # the second touch: the control does what it does
        self._swallow = obj
        session = getattr(self._services, "session", None)
        if session is not None:
            session.activity()
        self.go(target)
        self._armed = target
        return True

    def _release(self, obj: QWidget, event) -> bool:
        if self._swallow is not None:
            eaten = self._swallow is obj
            if eaten:
                self._swallow = None
            return eaten
        stop = self._armed
        if stop is not None and isinstance(stop[0], (QCheckBox, QRadioButton)) and self.speaking() \
                and self._touch_target(obj, event) == stop:  # a second touch toggled it: say how it is now
            QTimer.singleShot(0, lambda: self._say_item(stop))
        return False

    def _touch_target(self, obj: QWidget, event) -> tuple[QWidget, int | None] | None:
        from ui.service_address_form import CheckRow
        from ui.widgets import Screen

        demo = getattr(self._window, "demo_panel", None)
        if demo is not None and (obj is demo or demo.isAncestorOf(obj)):
            return None
        parent = obj.parentWidget()
        if isinstance(parent, QAbstractScrollArea) and obj is parent.viewport():
            if isinstance(parent, QAbstractItemView):
                index = parent.indexAt(event.position().toPoint())
                return (parent, index.row()) if index.isValid() else None
            if editable(parent):
                return parent, None
            return None  # a text to scroll, a page
        widget = obj
        while widget is not None and widget is not self._window and not isinstance(widget, Screen):
            if isinstance(widget, CONTROLS) and not read_only_text(widget):
                return widget, None
            holder = widget.parentWidget()
            if isinstance(holder, CheckRow) and widget is holder.text_label:
                return holder.box, None
            widget = holder
        return None

    # -- watching errors, statuses and the idle warning ------------------------------------------
    def _labels(self) -> list[QLabel]:
        window = self._window
        places = [window._pages.get(window.current), window.footer, getattr(window, "overlay", None)]
        labels: list[QLabel] = []
        for place in places:
            if place is not None and place.isVisible():
                labels += place.findChildren(QLabel)
        return labels

    def _snapshot(self) -> dict[int, str]:
        """label -> "error:<text>" / "live:<text>" for the shown error and status labels."""
        seen: dict[int, str] = {}
        for lab in self._labels():
            role, live = lab.property("role"), lab.property("live")
            if role != "error" and not live:
                continue
            text = _clean(lab.text()) if lab.isVisible() else ""
            if text:
                seen[_key_of(lab)] = ("error:" if role == "error" else "live:") + text
        return seen

    def _watch(self) -> None:
        if not self.speaking():
            self._watched = None
            return
        now = self._snapshot()
        before, self._watched = self._watched, now
        if before is None:
            return  # a baseline: what was there when speech came on is not news
        for key, said in now.items():
            if before.get(key) != said:
                kind, text = said.split(":", 1)
                (self.announcer.error if kind == "error" else self.announcer.change)(text)


def _says(widget: QWidget) -> bool:
    """A control, or a text (a label, a card of labels) with something to say."""
    if isinstance(widget, CONTROLS) or widget.accessibleName():
        return True
    if isinstance(widget, QLabel):
        return bool(widget.text().strip())
    return any(_label_text(lab) for lab in widget.findChildren(QLabel))


def _alive(widget) -> bool:
    from shiboken6 import isValid

    return widget is not None and isValid(widget)


def _key_of(widget: QWidget) -> int:
    from shiboken6 import getCppPointer

    return getCppPointer(widget)[0]
