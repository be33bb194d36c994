"""What the display tests share (test_touch_targets, test_xl_layout): the kiosk's window at its
size, every screen brought into a representative state, and the checks a litigant's eyes and
fingers make on what is shown.

Not a litigant's, so not checked: the maintenance and device-test screens (staff, after the PIN or
the staff card; the session is reset to the default look before them), the demo panel (demo mode
only, staff) and the receipt pictures it shows (a picture of 58 mm paper, ui/touch.ReceiptView).
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QRadioButton,
    QTableWidget,
    QTextEdit,
    QWidget,
)

from tests.ui.steps import click, identify, read_notice, start_filing, type_text

#: The kiosk's window: a 1920x1080 panel, full screen (scripts/screenshots.py); in demo mode the demo
#: panel takes 396 px of it, which leaves the screens less room than on a hall kiosk.
WINDOW_SIZE = (1920, 1080)
STAFF_SCREENS = ("maintenance", "device_test", "court_identity")
EXEMPT_NAMES = ("demoPanel",)  # and every widget inside it
TEXT_TYPES = (QLabel, QAbstractButton, QLineEdit)


def build(app_parts, qtbot):
    window, core, services = app_parts()
    window.resize(*WINDOW_SIZE)
    qtbot.waitUntil(lambda: window.width() == WINDOW_SIZE[0])
    return window, core, services


def pump(qtbot, ms: int = 50) -> None:
    """Let the app run, then lay out what is waiting to be (a new look relays out everything)."""
    from PySide6.QtCore import QEvent

    qtbot.wait(ms)
    for _ in range(3):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)


def left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def exempt(widget: QWidget) -> bool:
    w = widget
    while w is not None:
        if w.objectName() in EXEMPT_NAMES or type(w).__name__ == "ReceiptView":
            return True
        w = w.parentWidget()
    return False


def shown_widgets(window) -> list[QWidget]:
    """Every widget a litigant sees now: visible, inside the main window (and its idle overlay)."""
    return [w for w in window.findChildren(QWidget) if w.isVisible() and not exempt(w)]


# -- walking the screens ---------------------------------------------------------------------
def litigant_screens(window) -> list[str]:
    return [name for name in window.screens if name not in STAFF_SCREENS]


def walk(qtbot, window, services, visit):
    """Show every litigant's screen and call ``visit(name)`` with it shown: first the filing's
    screens as a litigant reaches them with the demo ID card (with data in them), then every
    other screen as it opens. Returns the names visited."""
    visited = []

    def see(name):
        from ui import theme as ui_theme

        ui_theme.apply(app(), *_LOOK)
        pump(qtbot, 120)  # (layouts settle)
        visit(name)
        visited.append(name)

    click(qtbot, window.attract.start)
    qtbot.waitUntil(lambda: window.current == "menu")
    see("menu")
    click(qtbot, window.menu.tiles["filing"])
    identify(qtbot, window, services)
    qtbot.waitUntil(lambda: window.current == "filing_start")
    see("filing_start")
    start_filing(qtbot, window)
    filing = window.filing
    parties = filing.parties
    see("filing_parties")  # empty: every placeholder shows
    type_text(qtbot, parties.name_edit, "李四")
    type_text(qtbot, parties.ident, "11010519491231002X")
    type_text(qtbot, parties.address, "北京市海淀区中关村大街1号")
    see("filing_parties")
    click(qtbot, parties.next)
    claims = filing.claims
    qtbot.waitUntil(lambda: window.current == "filing_claims")
    type_text(qtbot, claims.claims, "判令被告还款100000元。")
    type_text(qtbot, claims.facts, "被告借款未还。")
    type_text(qtbot, claims.amount, "100000")
    see("filing_claims")
    click(qtbot, claims.next)
    qtbot.waitUntil(lambda: window.current == "filing_evidence")
    see("filing_evidence")
    click(qtbot, filing.evidence.next)
    qtbot.waitUntil(lambda: window.current == "filing_fees")
    see("filing_fees")
    click(qtbot, filing.fees.next)
    see("filing_risk")
    read_notice(qtbot, filing.risk.notice)
    click(qtbot, filing.risk.next)
    form = filing.address.form
    form.fields["phone"].setText("13800000000")
    see("filing_address")
    click(qtbot, form.confirmed.box)
    click(qtbot, filing.address.next)
    qtbot.waitUntil(lambda: window.current == "filing_review")
    see("filing_review")
    click(qtbot, filing.review.confirm)
    see("filing_sign")
    for name in litigant_screens(window):
        if name in visited:
            continue
        window.show_screen(name)
        see(name)
    return visited


# -- the checks ------------------------------------------------------------------------------
def describe(widget: QWidget) -> str:
    text = ""
    if hasattr(widget, "text") and callable(widget.text):
        text = str(widget.text())[:40].replace("\n", " ")
    return f"{type(widget).__name__} {widget.objectName() or '-'} {text!r}"


def touch_controls(window) -> list[QWidget]:
    """What a litigant touches: buttons, radio and check boxes, text fields, combo boxes, lists."""
    kinds = (QAbstractButton, QLineEdit, QComboBox, QPlainTextEdit, QAbstractItemView)
    found = []
    for w in shown_widgets(window):
        if not isinstance(w, kinds) or not w.isEnabled():
            continue
        if isinstance(w, QTextEdit) and w.isReadOnly():
            continue  # a pane to read (scrolled by touch), not a control
        if isinstance(w.parentWidget(), QComboBox) or type(w).__name__ == "QComboBoxListView":
            continue  # (the combo box's own popup: checked through its rows' height)
        found.append(w)
    return found


def small_targets(window, min_px: float) -> list[str]:
    """Controls (or list rows) smaller than ``min_px`` on a side."""
    bad = []
    for w in touch_controls(window):
        if isinstance(w, QTableWidget | QListWidget):
            rows = _row_heights(w)
            if rows and min(rows) < min_px:
                bad.append(f"{describe(w)}: rows {min(rows)} px high")
            continue
        if isinstance(w, QAbstractItemView):
            continue
        if w.width() < min_px or w.height() < min_px:
            bad.append(f"{describe(w)}: {w.width()}x{w.height()} px")
    return bad


def _row_heights(view) -> list[int]:
    if isinstance(view, QTableWidget):
        return [view.rowHeight(r) for r in range(view.rowCount()) if not view.isRowHidden(r)]
    return [view.visualItemRect(view.item(r)).height() for r in range(view.count())
            if not view.item(r).isHidden()]


def small_text(window, min_px: int) -> list[str]:
    """Text a litigant reads that is smaller than ``min_px`` pixels."""
    bad = []
    for w in shown_widgets(window):
        if isinstance(w, QLabel) and not w.text():
            continue
        if isinstance(w, QAbstractButton) and not w.text():
            continue
        if isinstance(w, QLineEdit) and not (w.text() or w.placeholderText()):
            continue
        if not isinstance(w, TEXT_TYPES + (QComboBox, QPlainTextEdit, QTextEdit, QAbstractItemView)):
            continue
        if isinstance(w, QHeaderView):
            continue  # (its sections' text is styled apart: QHeaderView::section, checked with the sheet)
        px = QFontInfo(w.font()).pixelSize()
        if isinstance(w, QTextEdit):
            px = QFontInfo(w.document().defaultFont()).pixelSize()
        if px < min_px:
            bad.append(f"{describe(w)}: {px} px")
    return bad


def _line_width(widget, text: str) -> int:
    fm = widget.fontMetrics()
    return max((fm.horizontalAdvance(line) for line in text.split("\n")), default=0)


def _rich(label: QLabel) -> bool:
    from PySide6.QtCore import Qt

    fmt = label.textFormat()
    return fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText and "<" in label.text())


def clipped_texts(window) -> list[str]:
    """Text that does not fit its widget: a wrapped label taller than it is, a line wider than its
    widget, a button smaller than its size hint, a placeholder wider than its field."""
    bad = []
    for w in shown_widgets(window):
        if isinstance(w, QLabel):
            if not w.text() or w.pixmap() is not None and not w.pixmap().isNull():
                continue
            if w.wordWrap() or _rich(w):
                need = w.heightForWidth(w.width())
                if need > w.height() + 1:
                    bad.append(f"{describe(w)}: needs {need} px high, has {w.height()}")
                if w.wordWrap():
                    continue
            if _rich(w):
                from PySide6.QtGui import QTextDocument

                doc = QTextDocument()
                doc.setDefaultFont(w.font())
                doc.setHtml(w.text())
                doc.setDocumentMargin(0)
                width = doc.idealWidth()
            else:
                width = _line_width(w, w.text())
            room = w.contentsRect().width() - 2 * max(0, w.margin())
            if width > room + 1:
                bad.append(f"{describe(w)}: {width:.0f} px wide, room {room}")
        elif isinstance(w, QAbstractButton):
            if not w.text() or w.width() == 0:
                continue
            hint = w.sizeHint()
            if isinstance(w, QRadioButton | QCheckBox) and not isinstance(w.parentWidget(), QComboBox):
                # a radio's text does not wrap: its line must fit beside the indicator
                if hint.width() > w.width() + 1 or hint.height() > w.height() + 1:
                    bad.append(f"{describe(w)}: needs {hint.width()}x{hint.height()}, has {w.width()}x{w.height()}")
            elif hint.width() > w.width() + 1 or hint.height() > w.height() + 1:  # (icon, padding and all)
                bad.append(f"{describe(w)}: needs {hint.width()}x{hint.height()}, has {w.width()}x{w.height()}")
        elif isinstance(w, QLineEdit):
            if w.text() or not w.placeholderText():
                continue
            margins = w.textMargins()
            room = w.contentsRect().width() - margins.left() - margins.right() - 4
            width = _line_width(w, w.placeholderText())
            if width > room:
                bad.append(f"{describe(w)} placeholder {w.placeholderText()[:30]!r}: {width} px wide, room {room}")
    return bad


def overlaps(window) -> list[str]:
    """Sibling text widgets (same parent) that cover each other."""
    bad = []
    by_parent: dict[int, list[QWidget]] = {}
    for w in shown_widgets(window):
        if isinstance(w, TEXT_TYPES) and w.parentWidget() is not None and w.width() and w.height():
            by_parent.setdefault(id(w.parentWidget()), []).append(w)
    for siblings in by_parent.values():
        for i, a in enumerate(siblings):
            for b in siblings[i + 1:]:
                inter: QRect = a.geometry().intersected(b.geometry())
                if inter.width() > 1 and inter.height() > 1:
                    bad.append(f"{describe(a)} and {describe(b)} overlap by {inter.width()}x{inter.height()}")
    return bad


def horizontal_overflow(window) -> list[str]:
    """The page shown scrolls sideways (its screen is wider than the window leaves it)."""
    from PySide6.QtWidgets import QScrollArea

    page = window.stack.currentWidget()
    if isinstance(page, QScrollArea) and page.horizontalScrollBar().maximum() > 0:
        return [f"{page.objectName()}: {page.widget().minimumSizeHint().width()} px wide in "
                f"{page.viewport().width()} px (scrolls sideways)"]
    return []


_LOOK = ["M", "standard"]


def theme(app, text_size: str, scheme: str) -> None:
    """The look under test, kept while walking (a screen such as the green channel's applies the
    session's own settings when it opens: the walk puts the look under test back)."""
    from ui import theme as ui_theme

    _LOOK[:] = [text_size, scheme]
    ui_theme.apply(app, text_size, scheme)


def app() -> QApplication:
    return QApplication.instance()
