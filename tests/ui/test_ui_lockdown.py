"""In-app lockdown (ui/lockdown.py, MainWindow.closeEvent) on the real window: close requests are
refused until allow_close(), blocked key combinations never reach the focused widget while every
other key does, no context menu opens, no text drag starts and nothing takes a drop, the cursor
hides when configured. Each check has a control without the lockdown, so that it can fail.
The pure key decision and the input-method choice: tests/ui/test_lockdown_keys.py."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QContextMenuEvent, QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from tests.ui.steps import click, identify, start_filing
from ui.lockdown import Lockdown

ROOT = Path(__file__).resolve().parents[2]
M = Qt.KeyboardModifier
K = Qt.Key
BLOCKED = [  # (key, modifiers) sent with QTest.keyClick
    (K.Key_F4, M.AltModifier),
    (K.Key_Tab, M.AltModifier),
    (K.Key_Backtab, M.AltModifier | M.ShiftModifier),
    (K.Key_F2, M.ControlModifier | M.AltModifier),
    (K.Key_Delete, M.ControlModifier | M.AltModifier),
    (K.Key_Backspace, M.ControlModifier | M.AltModifier),
    (K.Key_Meta, M.NoModifier),
    (K.Key_Super_L, M.NoModifier),
    (K.Key_D, M.MetaModifier),
]
MODIFIER_KEYS = {int(K.Key_Shift), int(K.Key_Control), int(K.Key_Alt)}
PASSED = [(K.Key_A, M.NoModifier), (K.Key_1, M.NoModifier), (K.Key_B, M.ShiftModifier),
          (K.Key_Left, M.NoModifier), (K.Key_A, M.ControlModifier), (K.Key_F4, M.NoModifier),
          (K.Key_Tab, M.ControlModifier), (K.Key_X, M.AltModifier)]


class Probe(QObject):
    """Records the key, context-menu and drag events that reach a widget (installed on the widget,
    it runs after the application-wide filters), and every QObject a QDrag could be."""

    KINDS = {QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ContextMenu, QEvent.Type.DragEnter,
             QEvent.Type.DragMove, QEvent.Type.Drop}

    def __init__(self) -> None:
        super().__init__()
        self.events: list[tuple[str, int, int]] = []

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() in self.KINDS:
            key = event.key() if hasattr(event, "key") else 0
            mods = event.modifiers().value if hasattr(event, "modifiers") else 0
            self.events.append((event.type().name, key, mods))
        return False

    def presses(self) -> list[tuple[int, int]]:
        """The key presses, without those of Shift, Ctrl and Alt themselves (QTest sends them first)."""
        return [(k, m) for kind, k, m in self.events if kind == "KeyPress" and k not in MODIFIER_KEYS]

    def kinds(self) -> set[str]:
        return {kind for kind, _k, _m in self.events}


class DragWatch(QObject):
    """Tells whether a QDrag was made: Qt's text widgets create one (a child of the source, from
    C++) when a drag starts; it lives until the event loop deletes it later."""

    def __init__(self) -> None:
        super().__init__()
        self._children: list[QObject] = []
        self.started = False
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.ChildAdded:
            self._children.append(event.child())  # not a QDrag yet: it is still being constructed
        return False

    def check(self) -> bool:
        for child in self._children:
            if shiboken6.isValid(child) and child.metaObject().className() == "QDrag":
                self.started = True
        self._children.clear()
        return self.started

    def remove(self) -> None:
        QApplication.instance().removeEventFilter(self)


class MenuWatch:
    """Any popup menu that opens is noted and closed (its exec would otherwise block the test)."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._look)
        self._timer.start()

    def _look(self) -> None:
        popup = QApplication.activePopupWidget()
        menus = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible()]
        for widget in ([popup] if popup is not None else []) + menus:
            self.seen.append(type(widget).__name__)
            widget.close()

    def opened(self) -> bool:
        self._look()
        return bool(self.seen)

    def stop(self) -> None:
        self._timer.stop()


def send_keys(widget, combos) -> None:
    for key, mods in combos:
        QTest.keyClick(widget, key, mods)
    QApplication.processEvents()


def drag_selected_text(widget) -> bool:
    """Select all of ``widget``'s text, press on it, move far with the button down, release;
    returns whether a drag started."""
    watch = DragWatch()
    try:
        widget.setFocus()
        widget.selectAll()
        target = widget.viewport() if hasattr(widget, "viewport") else widget
        start = QPoint(20, 12)
        QTest.mousePress(target, Qt.MouseButton.LeftButton, M.NoModifier, start)
        for step in range(1, 10):
            QTest.mouseMove(target, start + QPoint(30 * step, 15 * step))
            watch.check()
        QTest.mouseRelease(target, Qt.MouseButton.LeftButton, M.NoModifier, start + QPoint(270, 135))
        return watch.check()
    finally:
        watch.remove()


def text_widgets(qtbot):
    """A QLineEdit (drag enabled), a QTextEdit, a QPlainTextEdit and a QTextBrowser with text, and
    a QLineEdit that takes drops, on a panel of their own."""
    panel = QWidget()
    qtbot.addWidget(panel)
    layout = QVBoxLayout(panel)
    line = QLineEdit("申请人张三 the text")
    line.setDragEnabled(True)
    edit, plain, browser = QTextEdit(), QPlainTextEdit(), QTextBrowser()
    for widget in (edit, plain, browser):
        widget.setPlainText("判令被告归还借款 the text " * 3)
    target = QLineEdit()
    target.setAcceptDrops(True)
    for widget in (line, edit, plain, browser, target):
        layout.addWidget(widget)
    panel.resize(600, 500)
    panel.show()
    qtbot.waitExposed(panel)
    target.setAcceptDrops(True)  # again, after the lockdown's polish turned it off: one that insists
    return panel, [line, edit, plain, browser], target


def text_of(widget) -> str:
    return widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()


def drag_enter(target) -> tuple[bool, bool]:
    """A text drag entering ``target`` and dropped there: (entering accepted, drop accepted)."""
    mime = QMimeData()
    mime.setText("带出的文字")
    pos = target.rect().center()
    enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction | Qt.DropAction.MoveAction, mime,
                            Qt.MouseButton.LeftButton, M.NoModifier)
    enter.setAccepted(False)
    QApplication.sendEvent(target, enter)
    drop = QDropEvent(pos.toPointF(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, M.NoModifier)
    drop.setAccepted(False)
    QApplication.sendEvent(target, drop)
    return enter.isAccepted(), drop.isAccepted()


def to_parties(qtbot, window, services):
    """A litigant on the filing wizard's parties screen; its defendant-name field focused."""
    click(qtbot, window.attract.start)
    click(qtbot, window.menu.tiles["filing"])
    identify(qtbot, window, services)
    start_filing(qtbot, window)
    field = window.filing.parties.editor.name_edit
    qtbot.waitUntil(field.isVisible)
    window.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    return field


# -- close -----------------------------------------------------------------------------------------
def test_close_requests_are_refused_until_allowed(qtbot, app_parts):
    window, core, services = app_parts()
    app = QApplication.instance()
    assert window.close() is False
    event = QCloseEvent()
    QApplication.sendEvent(window, event)
    assert not event.isAccepted()
    quit_request = QEvent(QEvent.Type.Quit)  # Qt 6's quit asks every window to close: refused too
    QApplication.sendEvent(app, quit_request)
    assert not quit_request.isAccepted()
    qtbot.wait(50)
    assert window.isVisible() and window.current == "attract"
    click(qtbot, window.attract.start)  # the app runs on
    qtbot.waitUntil(lambda: window.current == "menu")

    window.allow_close()
    assert window.close() is True
    assert not window.isVisible()
    # its lockdown came off with it: the blocked keys reach widgets again
    panel, (line, *_rest), _target = text_widgets(qtbot)
    probe = Probe()
    line.installEventFilter(probe)
    line.setFocus()
    send_keys(line, [(K.Key_F4, M.AltModifier)])
    assert (int(K.Key_F4), M.AltModifier.value) in probe.presses()


# -- keys ------------------------------------------------------------------------------------------
def test_blocked_keys_never_reach_the_focused_field_and_others_do(qtbot, app_parts):
    window, core, services = app_parts()
    field = to_parties(qtbot, window, services)
    probe = Probe()
    field.installEventFilter(probe)
    send_keys(field, BLOCKED)
    assert probe.presses() == []
    assert not any(kind == "KeyRelease" and key in (int(K.Key_Meta), int(K.Key_Super_L))
                   for kind, key, _m in probe.events)
    assert window.isVisible() and window.current == "filing_parties"
    send_keys(field, PASSED)
    assert probe.presses() == [(int(k), m.value) for k, m in PASSED]
    field.clear()
    QTest.keyClicks(field, "Li 4")  # typing works
    assert field.text() == "Li 4"


def test_without_the_lockdown_the_probe_sees_the_blocked_keys(qtbot):
    panel, (line, *_rest), _target = text_widgets(qtbot)
    probe = Probe()
    line.installEventFilter(probe)
    line.setFocus()
    send_keys(line, BLOCKED)
    assert {int(k) for k, _m in BLOCKED} <= {k for k, _m in probe.presses()}


def test_the_lockdown_acts_before_the_keypad(qtbot, app_parts):
    """The five-key navigation's filter acts on a key whatever Meta says: the lockdown must come first."""
    window, core, services = app_parts()
    assert window.current == "attract"
    focus = QApplication.focusWidget()
    target = focus if focus is not None and focus.window() is window else window  # as a keypad sends it
    QTest.keyClick(target, K.Key_Down, M.MetaModifier)
    qtbot.wait(50)
    assert window.current == "attract"
    QTest.keyClick(target, K.Key_Down)  # a keypad key starts the visit
    qtbot.waitUntil(lambda: window.current == "menu")


# -- context menus ---------------------------------------------------------------------------------
def test_no_context_menu_on_a_wizard_field(qtbot, app_parts):
    window, core, services = app_parts()
    field = to_parties(qtbot, window, services)
    type_in = "被告某某"
    field.setText(type_in)
    assert field.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    probe = Probe()
    field.installEventFilter(probe)
    menus = MenuWatch()
    try:
        qtbot.mouseClick(field, Qt.MouseButton.RightButton, pos=QPoint(10, 10))
        QApplication.sendEvent(field, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(10, 10), QPoint(10, 10)))
        QApplication.sendEvent(field, QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(10, 10), QPoint(10, 10)))
        QTest.keyClick(field, K.Key_Menu)
        qtbot.wait(100)
        assert not menus.opened()
    finally:
        menus.stop()
    assert "ContextMenu" not in probe.kinds()
    assert field.text() == type_in and window.current == "filing_parties"


@pytest.mark.qt_log_ignore(r"This plugin does not support (raise|grabbing)")  # the menu, offscreen
def test_without_the_lockdown_a_context_menu_opens(qtbot):
    panel, (line, *_rest), _target = text_widgets(qtbot)
    menus = MenuWatch()
    try:
        QTimer.singleShot(0, lambda: QApplication.sendEvent(
            line, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(10, 10), QPoint(10, 10))))
        qtbot.waitUntil(menus.opened, timeout=3000)
    finally:
        menus.stop()


# -- drags -----------------------------------------------------------------------------------------
def test_no_text_drag_starts_and_nothing_takes_a_drop(qtbot, app_parts):
    window, core, services = app_parts()
    panel, sources, target = text_widgets(qtbot)
    probe = Probe()
    target.installEventFilter(probe)
    for widget in sources:
        before = text_of(widget)
        assert not drag_selected_text(widget), type(widget).__name__
        assert text_of(widget) == before
        if isinstance(widget, QLineEdit):
            assert not widget.dragEnabled()
    assert drag_enter(target) == (False, False)
    assert not probe.kinds() & {"DragEnter", "DragMove", "Drop"}
    assert target.text() == ""
    # and in the wizard's own fields
    field = to_parties(qtbot, window, services)
    field.setText("被告某某")
    assert not drag_selected_text(field)
    claims = window.filing.claims.claims
    claims.ensurePolished()  # (as before it first shows)
    assert not claims.acceptDrops() and drag_enter(claims) == (False, False)


def test_without_the_lockdown_a_text_drag_starts_and_a_drop_is_taken(qtbot):
    panel, sources, target = text_widgets(qtbot)
    assert [drag_selected_text(widget) for widget in sources] == [True, True, True, True]
    assert drag_enter(target) == (True, True)


def test_the_lockdown_alone_stops_the_drags(qtbot):
    """The same widgets, with a Lockdown made for a plain window: the filter itself is what stops them."""
    holder = QWidget()
    qtbot.addWidget(holder)
    lockdown = Lockdown(holder)
    try:
        panel, sources, target = text_widgets(qtbot)
        assert [drag_selected_text(widget) for widget in sources] == [False, False, False, False]
        assert drag_enter(target) == (False, False)
    finally:
        lockdown.detach()


def test_attached_after_the_attract_screens_first_paint_widgets_polished_before_included(qtbot):
    """The window's lockdown comes on with its first paint (not before: ui.lockdown.Lockdown.attach),
    and treats the text widgets polished before it as their Polish would have been."""
    holder = QWidget()
    qtbot.addWidget(holder)
    early = QLineEdit("早")
    qtbot.addWidget(early)
    early.show()  # polished before the lockdown attaches
    lockdown = Lockdown(holder, attach=False)
    try:
        assert early.contextMenuPolicy() != Qt.ContextMenuPolicy.NoContextMenu and early.acceptDrops()
        field = QLineEdit()
        qtbot.addWidget(field)
        probe = Probe()
        field.installEventFilter(probe)
        QTest.keyClick(field, K.Key_F4, M.AltModifier)  # not yet attached: nothing is stopped (the control)
        assert probe.presses() == [(int(K.Key_F4), M.AltModifier.value)] and not lockdown._attached
        lockdown.attach()
        lockdown.attach()  # again: harmless
        assert early.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu and not early.acceptDrops()
        probe.events.clear()
        QTest.keyClick(field, K.Key_F4, M.AltModifier)
        assert probe.presses() == []
    finally:
        lockdown.detach()
    lockdown.attach()  # after detach (the window closed): never again
    assert not lockdown._attached


def test_the_kiosk_window_attaches_its_lockdown_when_first_painted(qtbot, tmp_path):
    from kiosk.app import create_window
    from tests.conftest import make_config

    window, _policy = create_window(make_config(tmp_path), QApplication.instance())
    qtbot.addWidget(window, before_close_func=lambda w: w.allow_close())
    assert not window.lockdown._attached  # nothing painted yet
    window.resize(1280, 900)
    window.show()
    qtbot.waitUntil(lambda: window.attract._painted, timeout=5000)
    qtbot.waitUntil(lambda: window.lockdown._attached, timeout=2000)


# -- cursor ----------------------------------------------------------------------------------------
def test_cursor_hidden_when_configured_and_back_when_the_window_closes(qtbot, app_parts):
    assert QApplication.overrideCursor() is None
    window, core, services = app_parts(**{"kiosk.hide_cursor": True})
    cursor = QApplication.overrideCursor()
    assert cursor is not None and cursor.shape() == Qt.CursorShape.BlankCursor
    assert window.lockdown.cursor_hidden
    window.allow_close()
    window.close()
    assert QApplication.overrideCursor() is None


def test_cursor_shown_in_demo_by_default(qtbot, app_parts):
    window, core, services = app_parts()
    assert not window.lockdown.cursor_hidden and QApplication.overrideCursor() is None


# -- quitting from maintenance, in a process of its own -------------------------------------------------
DRIVER = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    import kiosk.core
    from kiosk.app import run_app
    from kiosk.config import load_config
    from ui.main_window import MainWindow

    stop = kiosk.core.KioskCore.stop
    def stopped(self):
        print("CORE_STOPPED", flush=True)
        return stop(self)
    kiosk.core.KioskCore.stop = stopped

    def window():
        return next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)), None)

    def step():
        w = window()
        if w is None or w.services is None:
            QTimer.singleShot(100, step)
            return
        QApplication.instance().aboutToQuit.connect(lambda: print("ABOUT_TO_QUIT", flush=True))
        QApplication.instance().quit()  # refused: the window does not close
        QTimer.singleShot(300, lambda: quit_as_maintenance_does(w))

    def quit_as_maintenance_does(w):
        print("STILL_OPEN", w.isVisible(), flush=True)
        w.allow_close()  # what MainWindow.quit_app does before it quits
        QApplication.instance().quit()

    QTimer.singleShot(0, step)
    QTimer.singleShot(60000, lambda: QApplication.instance().exit(9))
    tmp = sys.argv[1]
    config = load_config(env={}, overrides={"kiosk.data_dir": tmp, "kiosk.log_dir": tmp, "kiosk.fullscreen": False})
    print("RC", run_app(config, windowed=True), flush=True)
""")


@pytest.mark.slow
def test_quit_from_maintenance_quits_and_shuts_down(tmp_path):
    """A plain quit is refused while the window refuses closing (Qt 6 asks the windows first); once
    allowed (as quit_app does), the app quits and aboutToQuit shuts the services and core down."""
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", DRIVER, str(tmp_path)], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    lines = result.stdout.split("\n")
    assert "STILL_OPEN True" in lines, result.stdout + result.stderr[-3000:]
    # the core stops in run_app's aboutToQuit slot (connected before the driver's), before run_app returns
    assert "ABOUT_TO_QUIT" in lines and lines.index("CORE_STOPPED") < lines.index("RC 0"), result.stdout
