"""Staff login and the maintenance lock, over the whole window.

`StaffLoginPad`: one digit pad with two fields, the staff number (shown) and the PIN (dots), for
touch, keys and the five keys. `StaffGate` (made by the main window once the services exist) shows
it over whatever is on screen when the hidden corner is held: nothing of the litigant's is touched
until staff are authenticated; Cancel, or ``maintenance.relock_seconds`` without a touch on the pad,
takes it away and the litigant is exactly where they were. It also locks maintenance mode after as
long without a touch or key (the staff member is logged out, audited "logout"/"idle") and asks before
the kiosk app is closed (`QuitConfirm`).

PIN checks, the persistent lockout and audit entries run on the maintenance service's worker
(kiosk.services.maintenance); this module only shows and forwards.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from ui.widgets import DimmedLayer, button, label, set_role

log = logging.getLogger("ui.staff_login")

NUMBER_MAX, PIN_MAX = 8, 12


class StaffLoginPad(QWidget):
    """Staff number, then PIN, on one digit pad. OK on the number goes to the PIN; OK on the PIN
    submits. Tapping a field makes it the one the digits go to. Digits of the PIN are never shown."""

    submitted = Signal(str, str)  # staff number, PIN
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staffLoginPad")
        self._values = {"number": "", "pin": ""}
        self._field = "number"
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        self.prompt = label("title", name="staffLoginPrompt")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.prompt)
        fields = QHBoxLayout()
        self.fields = {"number": button("staffNumberField"), "pin": button("staffPinField")}
        for name, field in self.fields.items():
            field.setMinimumHeight(88)
            field.clicked.connect(lambda _=False, n=name: self.select(n))
            fields.addWidget(field)
        layout.addLayout(fields)
        self.message = label("error", name="staffLoginMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.message)
        grid = QGridLayout()
        self.keys = {}
        for i, key in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9", "C", "0", "OK"]):
            b = button(f"staffKey_{key}", "primary" if key == "OK" else "")
            b.setMinimumSize(120, 88)
            b.clicked.connect(lambda _=False, k=key: self.press(k))
            grid.addWidget(b, i // 3, i % 3)
            self.keys[key] = b
        layout.addLayout(grid)
        self.cancel = button("staffLoginCancel")
        self.cancel.setMinimumHeight(88)
        self.cancel.clicked.connect(self._cancel)
        layout.addWidget(self.cancel)
        self.retranslate()

    # -- entry -----------------------------------------------------------------------------
    @property
    def number(self) -> str:
        return self._values["number"]

    @property
    def field(self) -> str:
        return self._field

    def select(self, field: str) -> None:
        self._field = field
        self._update()

    def press(self, key: str) -> None:
        if key == "C":
            self._values[self._field] = ""
        elif key == "OK":
            if self._field == "number":
                if self._values["number"]:
                    self.select("pin")
                return
            number, pin = self._values["number"], self._values["pin"]
            self._values["pin"] = ""
            self._update()
            self.submitted.emit(number, pin)
            return
        elif len(self._values[self._field]) < (NUMBER_MAX if self._field == "number" else PIN_MAX):
            self._values[self._field] += key
        self._update()

    def type_login(self, number: str, pin: str) -> None:
        """Type a staff number and a PIN and press OK (tests, screenshots, benchmarks)."""
        self.select("number")
        self.press("C")
        for ch in number:
            self.press(ch)
        self.press("OK")
        for ch in pin:
            self.press(ch)
        self.press("OK")

    def clear(self) -> None:
        """Both fields emptied, the number field first, no message."""
        self._values = {"number": "", "pin": ""}
        self._field = "number"
        self.message.clear()
        self.set_busy(False)
        self._update()

    def set_busy(self, busy: bool) -> None:
        """While the PIN is being checked nothing can be pressed."""
        for b in (*self.keys.values(), *self.fields.values(), self.cancel):
            b.setEnabled(not busy)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """A real keyboard (staff with a service keyboard): digits, Backspace, Enter, Escape."""
        key, text = event.key(), event.text()
        if text.isdigit() and len(text) == 1:
            self.press(text)
        elif key == Qt.Key.Key_Backspace:
            self._values[self._field] = self._values[self._field][:-1]
            self._update()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.press("OK")
        elif key == Qt.Key.Key_Escape:
            self._cancel()
        else:
            super().keyPressEvent(event)

    def _cancel(self) -> None:
        self.clear()
        self.cancelled.emit()

    def _update(self) -> None:
        number, pin = self._values["number"], self._values["pin"]
        self.fields["number"].setText(self.tr("Staff number: {number}").replace("{number}", number or "_"))
        self.fields["pin"].setText(self.tr("PIN: {dots}").replace("{dots}", "●" * len(pin) or "_"))
        for name, field in self.fields.items():
            set_role(field, "primary" if name == self._field else "")
        self.keys["OK"].setText(self.tr("Next") if self._field == "number" else self.tr("OK"))

    def retranslate(self) -> None:
        self.prompt.setText(self.tr("Staff login: staff number, then PIN"))
        self.keys["C"].setText(self.tr("Clear"))
        for key in "0123456789":
            self.keys[key].setText(key)
        self.cancel.setText(self.tr("Cancel"))
        self._update()


class _Layer(DimmedLayer):
    """A dimmed layer over the whole window with a box in the middle; the five keys work its controls
    while it is shown (``keypadLayer``, ui.accessibility)."""

    def __init__(self, parent: QWidget, name: str, width: int) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("keypadLayer", True)
        outer = QVBoxLayout(self)
        self.box = QWidget()
        self.box.setObjectName("overlayBox")
        self.box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.box.setFixedWidth(width)
        self.inner = QVBoxLayout(self.box)
        self.inner.setContentsMargins(32, 24, 32, 32)
        self.inner.setSpacing(16)
        outer.addStretch()
        outer.addWidget(self.box, alignment=Qt.AlignmentFlag.AlignCenter)
        outer.addStretch()
        self.hide()

    def pop_up(self) -> None:
        # The box is as tall as its wrapped texts need at its fixed width (an aligned widget in a
        # layout gets its size hint, which ignores word wrap: the buttons were squeezed).
        needed = self.inner.totalHeightForWidth(self.box.width())
        if needed > 0:
            self.box.setMinimumHeight(needed)
        self.cover()


class QuitConfirm(_Layer):
    """关闭自助终端程序: asked once more, 确认关闭 or 取消 (touch or the five keys)."""

    accepted = Signal()
    rejected = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "quitConfirm", 760)
        self.heading = label("title", name="quitHeading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = label(name="quitText")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row = QHBoxLayout()
        self.confirm = button("quitConfirmButton", "danger")
        self.cancel = button("quitCancelButton", "primary")
        for b in (self.cancel, self.confirm):  # the safe answer first (the five keys' first stop)
            b.setMinimumHeight(88)
            row.addWidget(b)
        self.inner.addWidget(self.heading)
        self.inner.addWidget(self.text)
        self.inner.addLayout(row)
        self.confirm.clicked.connect(self._accept)
        self.cancel.clicked.connect(self._reject)
        self.retranslate()

    def ask(self) -> None:
        self.retranslate()
        self.pop_up()
        self.cancel.setFocus()

    def _accept(self) -> None:
        self.hide()
        self.accepted.emit()

    def _reject(self) -> None:
        self.hide()
        self.rejected.emit()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Close the kiosk app?"))
        self.text.setText(self.tr("The kiosk stops serving litigants until it is started again. "
                                  "Who closed it is recorded in the audit log."))
        self.confirm.setText(self.tr("Close the app"))
        self.cancel.setText(self.tr("Cancel"))


class StaffGate(QObject):
    """The way into maintenance mode and its lock (see the module's docstring).

    ``window``: the MainWindow (its ``_logged_in()`` resets the session and shows maintenance; its
    ``lock_maintenance()`` and ``leave_maintenance()``); ``service``: kiosk.services.maintenance."""

    logged_in = Signal()
    quit_confirmed = Signal()

    def __init__(self, window, service) -> None:
        super().__init__(window)
        self._window = window
        self._service = service
        self._checking = False
        self._watching = False
        self._in_maintenance = False
        self._focus = None  # the litigant's focused widget, given back on Cancel
        parent = window.centralWidget()
        self.layer = _Layer(parent, "staffLogin", 620)
        self.pad = StaffLoginPad()
        self.layer.inner.addWidget(self.pad)
        self.quit = QuitConfirm(parent)
        self.pad.submitted.connect(self._submitted)
        self.pad.cancelled.connect(self.cancel)
        self.quit.accepted.connect(self._quit_accepted)
        self.quit.rejected.connect(self._restart_idle)
        service.login_result.connect(self._login_result)
        self._idle = QTimer(self)
        self._idle.setObjectName("maintenanceRelock")
        self._idle.setSingleShot(True)
        self._idle.setInterval(int(service.relock_seconds * 1000))
        self._idle.timeout.connect(self._idle_timeout)

    # -- state -------------------------------------------------------------------------------
    @property
    def pad_open(self) -> bool:
        return self.layer.isVisible()

    def set_interval(self, seconds: float) -> None:
        self._idle.setInterval(int(seconds * 1000))

    def _watch(self, on: bool) -> None:
        """Touches and keys anywhere restart the idle timer while the pad is open or staff are in."""
        if on and not self._watching:
            QApplication.instance().installEventFilter(self)
        elif not on and self._watching:
            QApplication.instance().removeEventFilter(self)
        self._watching = on
        if on:
            self._idle.start()
        else:
            self._idle.stop()

    def detach(self) -> None:
        """The window closes: no timer, no application-wide filter."""
        self._watch(False)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin):
            self._restart_idle()
        return False

    def _restart_idle(self) -> None:
        if self._watching:
            self._idle.start()

    # -- login -------------------------------------------------------------------------------
    def open(self) -> None:
        """The login pad over whatever is shown; nothing is reset."""
        if self.pad_open:
            return
        self._focus = QApplication.focusWidget()
        self.pad.clear()
        self.pad.retranslate()
        self.layer.pop_up()
        self.pad.keys["1"].setFocus()
        self._watch(True)
        log.info("staff login asked")

    def close_pad(self) -> None:
        self.layer.hide()
        self.pad.clear()
        self._checking = False
        if not self._in_maintenance:
            self._watch(False)

    def cancel(self) -> None:
        """Cancel (or the pad unused): back to exactly where the litigant was, or out of a locked
        maintenance mode."""
        was_locked_maintenance = self._in_maintenance
        self.close_pad()
        log.info("staff login cancelled")
        if was_locked_maintenance:
            self._window.leave_maintenance()
        elif self._focus is not None:
            try:
                self._focus.setFocus()
            except RuntimeError:  # deleted meanwhile
                pass
        self._focus = None

    def _submitted(self, number: str, pin: str) -> None:
        if self._checking:
            return
        self._checking = True
        self.pad.set_busy(True)
        self.pad.message.setText(self.tr("Checking…"))
        self._service.try_login(number, pin)

    def _login_result(self, outcome) -> None:
        if not self._checking:
            return
        self._checking = False
        self.pad.set_busy(False)
        if outcome.ok:
            self.close_pad()
            self.entered()
            self.logged_in.emit()
            return
        self.pad.message.setText(self._refusal(outcome))
        if outcome.reason == "bad_number":
            self.pad.select("number")

    def _refusal(self, outcome) -> str:
        if outcome.reason == "no_staff":
            return self.tr("No staff are enrolled for PIN login on this kiosk. Use a staff card.")
        if outcome.reason == "bad_number":
            return self.tr("Enter your staff number first.")
        if outcome.locked_until is not None:
            minutes = max(1, round((outcome.locked_until - time.time()) / 60))
            return self.tr("Too many wrong PINs. Locked for {minutes} min.").replace("{minutes}", str(minutes))
        return self.tr("Wrong staff number or PIN. {left} tries left.").replace("{left}", str(outcome.attempts_left))

    # -- in maintenance ------------------------------------------------------------------------
    def entered(self) -> None:
        """Staff are in (a PIN or a card): the idle lock runs."""
        self._in_maintenance = True
        self._watch(True)

    def left(self, reason: str) -> None:
        """Staff leave maintenance (``leave``, ``card_removed``): logged out, the lock stops."""
        self._service.logout(reason)
        self._in_maintenance = False
        self.quit.hide()
        if self.pad_open:
            self.close_pad()
        self._watch(False)

    def _idle_timeout(self) -> None:
        if self.pad_open:
            if not self._checking:
                log.info("staff login unused: closed")
                self.cancel()
            return
        if self._in_maintenance:
            log.info("maintenance locked after %d s without a touch", self._idle.interval() // 1000)
            self.quit.hide()
            self._service.logout("idle")
            self._window.lock_maintenance()
            self.open()

    # -- quitting ------------------------------------------------------------------------------
    def ask_quit(self) -> None:
        self.quit.ask()

    def _quit_accepted(self) -> None:
        """Audited first ("quit", by the staff member), then the app quits."""
        self._service.note("quit", "", "staff", on_done=self.quit_confirmed.emit)

    def retranslate(self) -> None:
        self.pad.retranslate()
        self.quit.retranslate()
