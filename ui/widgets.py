"""Touch widgets shared by the screens.

This module is on the path to the first paint of the attract screen: it refers to the
`Qt` namespace only inside functions that run later (creating the namespace's enums
costs ~20 ms, a fifth of a bare PySide6 window's start-up).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.screen_specs import ScreenSpec

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLineEdit


def button(name: str, role: str = "", parent: QWidget | None = None) -> QPushButton:
    b = QPushButton(parent)
    b.setObjectName(name)
    if role:
        b.setProperty("role", role)
    return b  # QPushButton takes focus by touch and by keypad (StrongFocus) already


def label(role: str = "", wrap: bool = True, name: str = "") -> QLabel:
    lab = QLabel()
    if role:
        lab.setProperty("role", role)
    if name:
        lab.setObjectName(name)
    lab.setWordWrap(wrap)
    return lab


def line_edit(name: str, hints=None) -> QLineEdit:
    """A one-line editor named `name`; `hints` (Qt.InputMethodHint, none by default) tell the
    on-screen keyboard what to offer."""
    from PySide6.QtCore import Qt  # (not at import: see the module's docstring)
    from PySide6.QtWidgets import QLineEdit

    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setInputMethodHints(Qt.InputMethodHint.ImhNone if hints is None else hints)
    return edit


def set_invalid(widget: QWidget, invalid: bool) -> None:
    widget.setProperty("invalid", "true" if invalid else "false")
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def set_role(widget: QWidget, role: str) -> None:
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class Screen(QWidget):
    """A full screen of the kiosk. It declares its title, spoken prompt and keypad focus order
    as ``SPEC`` (a ScreenSpec), next to the widgets it names."""

    name = ""
    SPEC: ScreenSpec | None = None
    primary: QPushButton | None = None  # the screen's main action, placed in the footer
    in_visit = True  # the footer (Back, Start over) is shown: a litigant's visit is under way
    can_go_back = True  # the footer's Back button is shown
    shows_title = True  # the header shows the spec's title

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{self.name}Screen")

    @property
    def spec(self) -> ScreenSpec:
        if self.SPEC is None:
            raise NotImplementedError(f"screen {self.name!r} declares no SPEC")
        return self.SPEC

    def retranslate(self) -> None:
        """Set every visible text; called at creation and on a language change."""

    def enter(self) -> None:
        """The screen is being shown."""

    def leave(self) -> None:
        """The screen is being hidden."""

    def clear(self) -> None:
        """Forget everything personal (session reset)."""

    def focus_widgets(self) -> list[QWidget]:
        """The spec's focus order; a name ending in ``*`` stands for the rows a screen makes as it
        goes (every child whose objectName starts with the rest, in creation order)."""
        found = []
        for name in self.spec.focus:
            if name.endswith("*"):
                prefix = name[:-1]
                candidates = [w for w in self.findChildren(QWidget) if w.objectName().startswith(prefix)]
            else:
                w = self.findChild(QWidget, name) or self.window().findChild(QWidget, name)
                candidates = [w] if w is not None else []
            for w in candidates:
                if w.isVisibleTo(self.window()) and w.isEnabled() and w not in found:
                    found.append(w)
        return found

    def apply_focus_order(self) -> None:
        widgets = self.focus_widgets()
        for a, b in zip(widgets, widgets[1:], strict=False):
            QWidget.setTabOrder(a, b)
        if widgets:
            widgets[0].setFocus()



class Card(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(28, 24, 28, 24)
        self.layout_.setSpacing(14)


class LongPressArea(QWidget):
    """An invisible corner that emits `held` after being pressed for `seconds`."""

    held = Signal()

    def __init__(self, seconds: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("maintenanceCorner")
        self.setFixedSize(90, 90)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(int(seconds * 1000))
        self._timer.timeout.connect(self.held)

    def mousePressEvent(self, event) -> None:
        self._timer.start()

    def mouseReleaseEvent(self, event) -> None:
        self._timer.stop()
