"""In-app lockdown of the kiosk (issue 16): what the app itself enforces, whatever session it runs in.

- The main window refuses close requests unless `MainWindow.allow_close()` was called (quitting from
  maintenance mode, a test's end); the window does that in its closeEvent, this module nothing.
- `Lockdown`, an application-wide event filter the main window installs:
  - keys: Alt+F4, Alt+Tab / Alt+Shift+Tab, the Super (Meta) key alone or with anything, and every
    Ctrl+Alt combination (Ctrl+Alt+Del, Ctrl+Alt+F1..F12, Ctrl+Alt+Backspace) never reach a widget
    (their KeyPress, KeyRelease and ShortcutOverride events are swallowed); every other key passes;
  - no context menus: every ContextMenu event is swallowed, and text widgets get `NoContextMenu`;
  - no drag out and no drop in: a press on selected text first drops the selection (Qt's text
    controls only start a drag from a press on a selection), line edits and item views have their
    drag turned off, and DragEnter/DragMove/Drop events are refused everywhere;
  - the mouse cursor is hidden when config `kiosk.hide_cursor` says so (a touch screen).
- `input_method_environment`: the Qt Virtual Keyboard is the input method on every real display,
  whatever QT_IM_MODULE says (set before the QApplication is made).

An in-app filter sees only the keys the compositor passes on: VT switching, the compositor's own
shortcuts and a window manager's Alt+F4 are the OS session's to stop (cage, logind; deploy/).

Why not `QApplication.setStartDragDistance(huge)`: it is QStyleHints' value, shared with Qt Quick,
so the Qt Virtual Keyboard's candidate list (a Flickable) would stop following the finger.

Keys are plain ints (Qt::Key and Qt::KeyboardModifier values, stable across Qt 5 and 6) so that
building the window does not pay for PySide6's Qt enum namespace before the attract screen shows
(tests/ui/test_ui_lockdown.py checks them against the enums).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

log = logging.getLogger("ui.lockdown")

KEY_TAB = 0x01000001
KEY_BACKTAB = 0x01000002
KEY_META = 0x01000022
KEY_F4 = 0x01000033
KEY_SUPER_L = 0x01000053
KEY_SUPER_R = 0x01000054
KEY_HYPER_L = 0x01000056
KEY_HYPER_R = 0x01000057
SHIFT = 0x02000000
CONTROL = 0x04000000
ALT = 0x08000000
META = 0x10000000

SUPER_KEYS = frozenset({KEY_META, KEY_SUPER_L, KEY_SUPER_R, KEY_HYPER_L, KEY_HYPER_R})
ALT_BLOCKED = frozenset({KEY_F4, KEY_TAB, KEY_BACKTAB})  # Alt+F4 closes, Alt+(Shift+)Tab switches


def key_blocked(key: int, modifiers: int) -> bool:
    """Whether the app swallows this key (its press, release and shortcut override).
    ``key``: a Qt::Key value; ``modifiers``: Qt::KeyboardModifiers as an int."""
    if key in SUPER_KEYS or modifiers & META:
        return True  # the Super key, alone or with anything
    if modifiers & CONTROL and modifiers & ALT:
        return True  # Ctrl+Alt+Del, Ctrl+Alt+F1..F12, Ctrl+Alt+Backspace, and all the others
    return bool(modifiers & ALT) and key in ALT_BLOCKED


VIRTUAL_KEYBOARD = "qtvirtualkeyboard"
TEST_PLATFORMS = ("offscreen", "minimal")  # tests: there the environment decides


def input_method_environment(environ: Mapping[str, str], locale: str) -> dict[str, str]:
    """The environment variables to set before the QApplication is made: the Qt Virtual Keyboard
    as the input method on every real display, whatever QT_IM_MODULE (or Qt 6.8's QT_IM_MODULES)
    says, since a desktop's ibus or fcitx brings its own windows, menus and settings; and ``locale``
    (the kiosk language's) as LC_ALL, which the keyboard's first layout follows. Nothing on the
    offscreen and minimal platforms, where the tests set what they need."""
    if environ.get("QT_QPA_PLATFORM", "").startswith(TEST_PLATFORMS):
        return {}
    return {"QT_IM_MODULE": VIRTUAL_KEYBOARD, "QT_IM_MODULES": VIRTUAL_KEYBOARD, "LC_ALL": locale}


def force_input_method(environ, locale: str) -> None:
    """`input_method_environment` applied to ``environ`` (os.environ), saying what it replaced."""
    changes = input_method_environment(environ, locale)
    previous = environ.get("QT_IM_MODULE")
    if changes and previous not in (None, VIRTUAL_KEYBOARD):
        log.info("input method %s replaced by %s", previous, VIRTUAL_KEYBOARD)
    environ.update(changes)


class Lockdown(QObject):
    """The application-wide lockdown filter (see the module's text). ``window``: its owner, the main
    window, which makes it, calls `to_front` once it has installed its own filters, and `detach`
    when it closes."""

    def __init__(self, window, attach: bool = True) -> None:
        """``attach``: on the application's events at once; else from `attach` (the main window
        calls it when its attract screen is first painted)."""
        super().__init__(window)
        T = QEvent.Type  # noqa: N806 - Qt's name
        key = self._key
        self._handlers = {
            T.KeyPress: key, T.KeyRelease: key, T.ShortcutOverride: key,
            T.ContextMenu: self._context_menu,
            T.DragEnter: self._drop, T.DragMove: self._drop, T.Drop: self._drop,
            T.MouseButtonPress: self._press,
            T.Polish: self._polish,
        }
        self._key_press = T.KeyPress
        self._cursor_hidden = False
        self._attached = False
        self._closed = False
        if attach:
            self.attach()

    def attach(self) -> None:
        """On the application's events from now on (again: nothing; after `detach`: never).

        The main window attaches it once its attract screen has been painted: an application-wide
        Python filter sees every event of every object, and while the first screen is laid out and
        painted that made PySide6 build the Python classes and enums of each object seen, some 150
        enums and 20 ms of the cold start. Nobody can touch or type before the first paint; the
        widgets polished before it are treated here as their Polish would have been."""
        if self._attached or self._closed:
            return
        self._attached = True
        QApplication.instance().installEventFilter(self)
        for widget in QApplication.allWidgets():
            self._polish(widget, None)

    def to_front(self) -> None:
        """Act before every other application-wide filter (Qt runs the last installed first;
        installing again moves it there): the keypad's filter must never see a blocked key.
        Attaches it if it is not yet."""
        if self._attached:
            QApplication.instance().installEventFilter(self)
        else:
            self.attach()

    def hide_cursor(self, hide: bool) -> None:
        """Config `kiosk.hide_cursor`: a blank cursor over the whole app (a touch screen)."""
        if hide and not self._cursor_hidden:
            from PySide6.QtCore import Qt
            from PySide6.QtGui import QCursor

            QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
            self._cursor_hidden = True
            log.info("mouse cursor hidden")

    @property
    def cursor_hidden(self) -> bool:
        return self._cursor_hidden

    def detach(self) -> None:
        """The window closes: off the application's events for good, and the cursor back."""
        if self._closed:
            return
        self._closed = True
        if self._attached:
            self._attached = False
            QApplication.instance().removeEventFilter(self)
        if self._cursor_hidden:
            QApplication.restoreOverrideCursor()
            self._cursor_hidden = False

    # -- the filter ------------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        handler = self._handlers.get(event.type())
        if handler is None:
            return False
        try:
            return handler(obj, event)
        except RuntimeError:  # a widget deleted under its event: let Qt have it
            return False

    def _key(self, obj, event) -> bool:
        if not key_blocked(event.key(), event.modifiers().value):
            return False
        if event.type() == self._key_press and not event.isAutoRepeat():
            log.debug("key combination blocked")
        return True

    @staticmethod
    def _context_menu(obj, event) -> bool:
        return True

    @staticmethod
    def _drop(obj, event) -> bool:
        event.ignore()  # refused: nothing in the app takes a drop, from inside or out
        return True

    @staticmethod
    def _press(obj, event) -> bool:
        """A press on selected text would arm a text drag: drop the selection first (the press
        then places the cursor, as a click on the selection does anyway). Classes are asked by
        their Qt name (QObject.inherits): importing PySide6's text and item-view classes here
        would build their enums at import, before the attract screen is painted."""
        if obj.inherits("QLineEdit"):
            if obj.dragEnabled():
                obj.setDragEnabled(False)
            return False
        if obj.inherits("QLabel"):
            if obj.hasSelectedText():
                obj.setSelection(0, 0)
            return False
        edit = obj.parent()
        if edit is not None and (edit.inherits("QTextEdit") or edit.inherits("QPlainTextEdit")) \
                and obj is edit.viewport():
            cursor = edit.textCursor()
            if cursor.hasSelection():
                cursor.clearSelection()
                edit.setTextCursor(cursor)
        return False

    @staticmethod
    def _polish(obj, event) -> bool:
        """Text widgets and item views, as they first show: no context menu, no drag, no drop."""
        line_edit, item_view = obj.inherits("QLineEdit"), obj.inherits("QAbstractItemView")
        if not (line_edit or item_view or obj.inherits("QTextEdit") or obj.inherits("QPlainTextEdit")):
            return False
        from PySide6.QtCore import Qt

        obj.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        obj.setAcceptDrops(False)
        if line_edit:
            obj.setDragEnabled(False)
        elif item_view:
            from PySide6.QtWidgets import QAbstractItemView

            obj.setDragEnabled(False)
            obj.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
        return False
