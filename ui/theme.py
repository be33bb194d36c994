"""Look and feel: one style sheet, touch-sized controls, a large-text and a
high-contrast variant (green channel) applied per session."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

BASE_QSS = """
QWidget { color: %(fg)s; font-family: "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", sans-serif; }
QMainWindow, #central { background: %(bg)s; }
#header { background: %(brand)s; min-height: 84px; max-height: 84px; }
#header QLabel { color: white; }
#headerTitle { font-size: %(title)spx; font-weight: bold; }
#courtName { font-size: %(body)spx; font-weight: bold; }
#clock { font-size: %(body)spx; }
#footer { background: %(panel)s; border-top: 1px solid %(line)s; }
QPushButton {
    font-size: %(body)spx; min-height: 72px; min-width: 120px; padding: 8px 24px;
    border-radius: 12px; background: %(button)s; color: %(button_fg)s; border: 2px solid %(line)s;
}
QPushButton:pressed { background: %(pressed)s; }
QPushButton:focus { border: 4px solid %(focus)s; }
QPushButton:disabled { color: %(muted)s; background: %(disabled)s; }
QPushButton[role="primary"] { background: %(brand)s; color: white; border-color: %(brand)s; }
QPushButton[role="primary"]:disabled { background: %(disabled)s; color: %(muted)s; border-color: %(disabled)s; }
QPushButton[role="danger"] { background: %(danger)s; color: white; border-color: %(danger)s; }
QPushButton[role="tile"] { min-height: 150px; padding: 8px 6px; font-size: %(tile)spx; font-weight: bold; }
QPushButton[role="tile"][available="false"] { background: %(disabled)s; color: %(muted)s; }
QPushButton[role="lang"] { min-height: 56px; min-width: 96px; background: transparent; color: white;
    border: 2px solid white; }
QLabel { font-size: %(body)spx; }
QLabel[role="title"] { font-size: %(title)spx; font-weight: bold; }
QLabel[role="hint"] { color: %(muted)s; }
QLabel[role="error"] { color: %(danger)s; font-weight: bold; }
QLabel[role="ok"] { color: %(ok)s; font-weight: bold; }
QLabel[role="big"] { font-size: %(big)spx; font-weight: bold; }
QLineEdit, QPlainTextEdit, QComboBox {
    font-size: %(body)spx; min-height: 56px; padding: 2px 12px; border: 2px solid %(line)s;
    border-radius: 8px; background: %(field)s; color: %(fg)s;
}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus { border: 4px solid %(focus)s; }
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] { border: 3px solid %(danger)s; }
QLineEdit:read-only { background: %(panel)s; }
QLineEdit[assisted="filled"], QPlainTextEdit[assisted="filled"] {
    background: %(assist_bg)s; border: 3px solid %(assist)s; }
QLineEdit[assisted="low"], QPlainTextEdit[assisted="low"] {
    background: %(assist_low_bg)s; border: 4px dashed %(danger)s; }
QLabel[role="assist"] { color: %(assist_fg)s; font-size: %(small)spx; }
QLabel[role="assistLow"] { color: %(danger)s; font-size: %(small)spx; font-weight: bold; }
QPushButton[role="mic"] { min-width: 110px; padding: 8px 14px; }
QPushButton[role="confirm"] { min-width: 110px; padding: 8px 14px; background: %(assist)s; color: %(assist_on)s;
    border-color: %(assist)s; font-weight: bold; }
QProgressBar { border: 1px solid %(line)s; border-radius: 6px; background: %(panel)s; }
QProgressBar::chunk { background: %(ok)s; border-radius: 6px; }
QRadioButton { font-size: %(body)spx; min-height: 56px; }
QRadioButton::indicator { width: 36px; height: 36px; }
QTableWidget { font-size: %(small)spx; background: %(field)s; gridline-color: %(line)s; }
QHeaderView::section { font-size: %(small)spx; padding: 6px; background: %(panel)s; }
QFrame[role="card"] { background: %(field)s; border: 1px solid %(line)s; border-radius: 16px; }
#overlay { background: rgba(0, 0, 0, 150); }
#overlayBox { background: %(field)s; border-radius: 20px; border: 3px solid %(brand)s; }
#demoPanel { background: #2b2f36; }
#demoPanel QLabel { color: #e8e8e8; font-size: 18px; }
#demoPanel QPushButton { font-size: 18px; min-height: 48px; min-width: 80px; padding: 4px 10px; }
QScrollArea { border: none; background: transparent; }
QScrollArea > QWidget > QWidget[objectName$="Screen"] { background: transparent; }
#qt_scrollarea_viewport { background: %(bg)s; }
#attractCourt, #attractHeading, #attractServices, #attractStatus { qproperty-alignment: AlignCenter; }
"""

NORMAL = dict(
    bg="#f3f5f9", fg="#1c2430", brand="#0b3d91", panel="#e6eaf2", line="#b8c2d6", button="#ffffff",
    button_fg="#0b3d91", pressed="#d0dcf5", focus="#f0a500", muted="#6b7686", disabled="#e1e4ea",
    danger="#c0392b", ok="#1e7d32", field="#ffffff",
    assist="#d49a00", assist_bg="#fff7d6", assist_low_bg="#ffe9e4", assist_fg="#7a5600", assist_on="#1c2430",
)
HIGH_CONTRAST = dict(
    bg="#000000", fg="#ffffff", brand="#0033cc", panel="#1a1a1a", line="#ffffff", button="#000000",
    button_fg="#ffff00", pressed="#333333", focus="#ffff00", muted="#cccccc", disabled="#222222",
    danger="#ff5555", ok="#55ff55", field="#000000",
    assist="#ffff00", assist_bg="#262600", assist_low_bg="#330000", assist_fg="#ffff00", assist_on="#000000",
)


SCALES = {"S": 0.85, "M": 1.0, "L": 1.25, "XL": 1.5}


def style_sheet(text_size: str = "M", scheme: str = "standard") -> str:
    scale = SCALES[text_size]
    sizes = dict(body=24, small=20, title=36, tile=25, big=44)
    values = dict(NORMAL if scheme == "standard" else HIGH_CONTRAST)
    values.update({k: str(round(v * scale)) for k, v in sizes.items()})
    return BASE_QSS % values


def apply(app: QApplication, text_size: str = "M", scheme: str = "standard") -> None:
    """Style the whole app; a no-op when nothing changed (restyling every widget takes ~0.5 s
    on the GUI thread, and every session reset asks for the default look again)."""
    wanted = f"{text_size}/{scheme}"
    if app.property("kioskTheme") == wanted:
        return
    app.setStyleSheet(style_sheet(text_size, scheme))
    app.setProperty("kioskTheme", wanted)
