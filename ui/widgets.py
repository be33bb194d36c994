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


def restyle(widget: QWidget, name: str, value: str) -> None:
    """Set a property the style sheet selects on, and restyle the widget, only if it changed:
    restyling (unpolish, polish) costs some 0.15 ms a widget on the GUI thread, and a screen's
    reset sets hundreds of them to what they already are."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def discard(widget: QWidget) -> None:
    """A widget taken out of its layout for good: hidden and nameless at once (so no lookup by name
    finds it), deleted when the event loop next runs (a slot of its own may be running now).
    Not setParent(None): making a widget top-level restyles its whole tree, some ten times
    slower (1.5-2 ms a row on the GUI thread)."""
    widget.hide()
    widget.setObjectName("")
    widget.deleteLater()


def clear_layout(layout) -> None:
    """Remove and discard every widget and sub-layout of ``layout``."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            discard(widget)
        elif item.layout() is not None:
            clear_layout(item.layout())
            item.layout().deleteLater()


def set_invalid(widget: QWidget, invalid: bool) -> None:
    restyle(widget, "invalid", "true" if invalid else "false")


def set_role(widget: QWidget, role: str) -> None:
    restyle(widget, "role", role)


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
        from PySide6.QtCore import Qt  # (not at import: see the module's docstring)

        first = next((w for w in widgets if w.focusPolicy() != Qt.FocusPolicy.NoFocus), None)
        if first is not None:  # labels in the order are keypad stops, but take no keyboard focus
            first.setFocus()



class TileButton(QPushButton):
    """A tile (role "tile"): a push button whose text wraps to its width beside its icon, at spaces
    or between Chinese characters (ui.theme.wrap_text), so that large text never runs out of the
    tile. ``text()`` stays the text as set; only the drawing and the size hint wrap it."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("role", "tile")
        self._lines = 0

    def _icon_width(self) -> int:
        return 0 if self.icon().isNull() else self.iconSize().width() + 4

    def _wrapped(self, width: int) -> str:
        from ui import theme

        metrics = self.fontMetrics()
        room = width - self._icon_width() - 2 * (6 + theme.size("ring"))  # padding and (focus) border
        return theme.wrap_text(self.text(), lambda line, w: metrics.horizontalAdvance(line) <= w, max(room, 1))

    def sizeHint(self):  # noqa: N802
        from PySide6.QtCore import QSize, Qt
        from PySide6.QtWidgets import QStyle, QStyleOptionButton

        from ui import theme

        metrics = self.fontMetrics()
        text = self._wrapped(self.width()) if self.width() > 0 else self.text()
        words = [u.strip() for u in theme.wrap_text(self.text(), lambda line, w: False, 1).split("\n")]
        longest = max((metrics.horizontalAdvance(u) for u in words), default=0)
        box = metrics.size(Qt.TextFlag.TextShowMnemonic, text)
        icon = self._icon_width()
        content = QSize(icon + longest + 2 * theme.size("ring"), max(self.iconSize().height() if icon else 0,
                                                                      box.height()))
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.rect.setSize(content)
        return self.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, option, content, self)

    def minimumSizeHint(self):  # noqa: N802
        return self.sizeHint()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        lines = self._wrapped(self.width()).count("\n")
        if lines != self._lines:
            self._lines = lines
            self.updateGeometry()

    def setText(self, text: str) -> None:  # noqa: N802
        super().setText(text)
        self._lines = -1
        self.updateGeometry()

    def paintEvent(self, event) -> None:  # noqa: N802
        from PySide6.QtWidgets import QStyle, QStyleOptionButton, QStylePainter

        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = self._wrapped(self.width())
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)


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


class DimmedLayer(QWidget):
    """A layer over the whole of ``parent`` (the window) that dims it behind what it shows (the staff
    login, the quit question, the call-staff notice); it keeps to the parent's size while shown."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        parent.installEventFilter(self)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        from PySide6.QtGui import QColor, QPainter

        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 170))
        painter.end()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        from PySide6.QtCore import QEvent

        if obj is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.parentWidget().rect())
        return False

    def cover(self) -> None:
        """Over the whole parent, on top, shown."""
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()
