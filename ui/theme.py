"""Look and feel: one style sheet in four text sizes (S, M, L, XL) and four contrast schemes
(kiosk.session SCHEMES), applied per person (the green channel's settings; a session reset asks
for the default look again).

The guarantees, checked by tests/ui/test_theme_contrast.py, test_touch_targets.py and
test_xl_layout.py:

- every text colour on every background the sheet puts it on reaches 7:1 (WCAG 2 relative
  luminance, "AAA") in every scheme: each rule in `RULES` that sets a text colour either sets its
  own background or names the surfaces its text sits on (`on`), and `text_pairs()` derives the
  pairs from the rules themselves, so a new rule cannot escape the check;
- text a litigant reads is at least 18 px at every size (S: body 20 px, small 18 px); XL is
  ~1.67x M for low vision;
- every control a litigant touches is at least `TARGET_PX` (60 px) and 15 mm on both sides
  (config `display.pixels_per_mm`);
- the keypad focus is a thick ring in a colour of its own, at 7:1 against the surfaces it is on.

Widgets that draw or style themselves (the notice pane, the guide, the big check box, the
pictograms) read the look with `current()`, `palette()` and `size()`, and follow changes through
`notifier().changed`.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QApplication

TEXT_SIZES = ("S", "M", "L", "XL")  # = kiosk.session.TEXT_SIZES (checked by a test)
SCHEMES = ("standard", "white_on_black", "black_on_white", "yellow_on_black")  # = kiosk.session.SCHEMES
DEFAULT = ("M", "standard")

#: The smallest touch target (pixels) on both sides; China's elderly-mode rules say 60 x 60 dp. The
#: 15 mm rule is checked against `display.pixels_per_mm` (4.0 on a 21.5" 1920x1080 panel: 60 px).
TARGET_PX = 60
TARGET_MM = 15.0
#: The smallest text (pixels) a litigant reads, at every size.
MIN_TEXT_PX = 18
#: The least contrast of any text colour on its background (WCAG 2 AAA).
MIN_CONTRAST = 7.0

#: Pixel sizes per text size. body: ordinary text; small: tables, assist lines (never below 18);
#: (no key is also a colour's: the sheet takes both from one table)
#: title/big: headings and big numbers; head_title/head: the header bar's title and its other texts
#: (the bar is one line across the window); tile: the menu's tiles; control: the minimum height of a
#: touch control; field_h: of a text field; tile_h: of a menu tile; icon: a tile's pictogram;
#: header_h: the header bar's height; ring: the focus ring's width; indicator: a radio's dot.
SIZES = {
    "S": dict(body=20, small=18, title=30, head_title=30, head=20, tile=21, big=36, control=72, field_h=60,
              tile_h=150, icon=56, header_h=84, ring=6, indicator=40, button_w=120),
    "M": dict(body=24, small=20, title=36, head_title=36, head=24, tile=25, big=44, control=72, field_h=64,
              tile_h=150, icon=56, header_h=84, ring=6, indicator=40, button_w=120),
    "L": dict(body=30, small=25, title=44, head_title=40, head=26, tile=31, big=54, control=84, field_h=72,
              tile_h=170, icon=68, header_h=96, ring=7, indicator=44, button_w=140),
    "XL": dict(body=40, small=34, title=56, head_title=44, head=30, tile=40, big=68, control=104, field_h=88,
               tile_h=200, icon=84, header_h=112, ring=8, indicator=52, button_w=160),
}

#: Colours per scheme. Text colours: fg (ordinary text), muted (hints), danger/ok (errors, success),
#: button_fg (button text), primary_fg (on primary), danger_fg (on danger buttons), header_fg,
#: disabled_fg, assist_fg/assist_on, sel_fg, focus (the focus ring; also held to 7:1).
PALETTES = {
    # The kiosk's own look (court blue on light grey), every text colour darkened to 7:1.
    "standard": dict(
        bg="#f3f5f9", fg="#1c2430", panel="#e6eaf2", field="#ffffff", line="#b8c2d6",
        header="#0b3d91", header_fg="#ffffff",
        button="#ffffff", button_fg="#0b3d91", pressed="#d0dcf5", button_line="#b8c2d6",
        primary="#0b3d91", primary_fg="#ffffff",
        danger="#8e1f14", danger_fg="#ffffff", ok="#145222", muted="#3d4756",
        disabled="#e1e4ea", disabled_fg="#3d4756", disabled_line="#8a93a3",
        focus="#5a2a00",
        assist="#d49a00", assist_on="#000000", assist_bg="#fff7d6", assist_low_bg="#ffe9e4", assist_fg="#5c4000",
        sel="#d0dcf5", sel_fg="#1c2430", tile_fg="#0b3d91", overlay_line="#0b3d91",
        track="#e6eaf2", handle="#5b6577",
    ),
    "white_on_black": dict(
        bg="#000000", fg="#ffffff", panel="#000000", field="#000000", line="#ffffff",
        header="#000000", header_fg="#ffffff",
        button="#000000", button_fg="#ffffff", pressed="#333333", button_line="#ffffff",
        primary="#ffffff", primary_fg="#000000",
        danger="#ff9999", danger_fg="#000000", ok="#8cff8c", muted="#d9d9d9",
        disabled="#000000", disabled_fg="#c0c0c0", disabled_line="#8c8c8c",
        focus="#ffff00",
        assist="#ffff00", assist_on="#000000", assist_bg="#000000", assist_low_bg="#000000", assist_fg="#ffff00",
        sel="#ffffff", sel_fg="#000000", tile_fg="#ffffff", overlay_line="#ffffff",
        track="#333333", handle="#ffffff",
    ),
    "black_on_white": dict(
        bg="#ffffff", fg="#000000", panel="#ffffff", field="#ffffff", line="#000000",
        header="#000000", header_fg="#ffffff",
        button="#ffffff", button_fg="#000000", pressed="#d9d9d9", button_line="#000000",
        primary="#000000", primary_fg="#ffffff",
        danger="#a00000", danger_fg="#ffffff", ok="#006000", muted="#333333",
        disabled="#ffffff", disabled_fg="#404040", disabled_line="#737373",
        focus="#0000cc",
        assist="#000000", assist_on="#ffffff", assist_bg="#ffffff", assist_low_bg="#ffffff", assist_fg="#000000",
        sel="#000000", sel_fg="#ffffff", tile_fg="#000000", overlay_line="#000000",
        track="#d9d9d9", handle="#000000",
    ),
    "yellow_on_black": dict(
        bg="#000000", fg="#ffff00", panel="#000000", field="#000000", line="#ffff00",
        header="#000000", header_fg="#ffff00",
        button="#000000", button_fg="#ffff00", pressed="#333300", button_line="#ffff00",
        primary="#ffff00", primary_fg="#000000",
        danger="#ff9999", danger_fg="#000000", ok="#8cff8c", muted="#e6e600",
        disabled="#000000", disabled_fg="#b3b300", disabled_line="#808000",
        focus="#00ffff",
        assist="#ffff00", assist_on="#000000", assist_bg="#000000", assist_low_bg="#000000", assist_fg="#ffff00",
        sel="#ffff00", sel_fg="#000000", tile_fg="#ffff00", overlay_line="#ffff00",
        track="#333300", handle="#ffff00",
    ),
}

#: The surfaces ordinary text sits on: the screen, cards and fields, the footer.
PAGE = ("bg", "field", "panel")


class Rule:
    """One style-sheet rule. ``on``: the background keys its text sits on when the rule sets a text
    colour but no background of its own; ``text``: the text colour key a rule that sets only a
    background has on it (by default the inherited ``fg``)."""

    __slots__ = ("selector", "decls", "on", "text")

    def __init__(self, selector: str, decls: str, on: tuple[str, ...] = (), text: str | None = "fg") -> None:
        self.selector, self.decls, self.on, self.text = selector, decls, tuple(on), text


R = Rule
#: The whole style sheet. %(key)s: a palette colour or a size (pixels) of `SIZES`.
RULES = (
    R("QWidget", 'color: %(fg)s; font-family: "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", '
      "sans-serif;", on=PAGE),
    R("QMainWindow, #central", "background: %(bg)s;"),
    R("#header", "background: %(header)s; min-height: %(header_h)spx; max-height: %(header_h)spx; "
      "border-bottom: 2px solid %(line)s;", text="header_fg"),
    R("#header QLabel", "color: %(header_fg)s;", on=("header",)),
    R("#headerTitle", "font-size: %(head_title)spx; font-weight: bold;"),
    R("#courtName", "font-size: %(head)spx; font-weight: bold;"),
    R("#clock", "font-size: %(head)spx;"),
    R("#footer", "background: %(panel)s; border-top: 2px solid %(line)s;"),
    R("QPushButton", "font-size: %(body)spx; min-height: %(control)spx; min-width: %(button_w)spx; "
      "padding: 8px 24px; border-radius: 12px; background: %(button)s; color: %(button_fg)s; "
      "border: 2px solid %(button_line)s;"),
    R("QPushButton:pressed", "background: %(pressed)s;", text="button_fg"),
    R("QPushButton:checked", "background: %(sel)s; color: %(sel_fg)s;"),
    R("QPushButton:disabled", "color: %(disabled_fg)s; background: %(disabled)s; "
      "border: 2px dashed %(disabled_line)s;"),
    R('QPushButton[role="primary"]', "background: %(primary)s; color: %(primary_fg)s; border-color: %(primary)s; "
      "font-weight: bold;"),
    R('QPushButton[role="primary"]:disabled', "background: %(disabled)s; color: %(disabled_fg)s; "
      "border: 2px dashed %(disabled_line)s;"),
    R('QPushButton[role="danger"]', "background: %(danger)s; color: %(danger_fg)s; border-color: %(danger)s;"),
    R('QPushButton[role="tile"]', "min-height: %(tile_h)spx; padding: 8px 6px; font-size: %(tile)spx; "
      "font-weight: bold; color: %(tile_fg)s; text-align: center;", on=("button", "pressed")),
    R('QPushButton[role="tile"][available="false"]', "background: %(disabled)s; color: %(disabled_fg)s; "
      "border: 2px dashed %(disabled_line)s;"),
    R('QPushButton[role="lang"]', "min-height: %(target)spx; min-width: 96px; background: transparent; "
      "color: %(header_fg)s; border: 2px solid %(header_fg)s;", on=("header",)),
    R('#header QPushButton', "background: %(header)s; color: %(header_fg)s; border: 2px solid %(header_fg)s; "
      "min-height: %(target)spx; font-size: %(head)spx; padding: 4px 16px;"),
    R('#header QPushButton:pressed', "background: %(header)s; color: %(header_fg)s;"),
    # (the header's buttons show focus inverted, last below: a ring in the bar's colours would not stand out)
    R("QLabel", "font-size: %(body)spx;"),
    R('QLabel[role="title"]', "font-size: %(title)spx; font-weight: bold;"),
    R('QLabel[role="hint"]', "color: %(muted)s;", on=PAGE),
    R('QLabel[role="error"]', "color: %(danger)s; font-weight: bold;", on=PAGE),
    R('QLabel[role="ok"]', "color: %(ok)s; font-weight: bold;", on=PAGE),
    R('QLabel[role="big"]', "font-size: %(big)spx; font-weight: bold;"),
    R("QLabel:disabled", "color: %(disabled_fg)s;", on=PAGE),
    R("QLineEdit, QPlainTextEdit, QTextEdit, QComboBox", "font-size: %(body)spx; min-height: %(field_h)spx; "
      "padding: 2px 12px; border: 2px solid %(line)s; border-radius: 8px; background: %(field)s; color: %(fg)s; "
      "placeholder-text-color: %(muted)s;"),
    R("QComboBox QAbstractItemView", "background: %(field)s; color: %(fg)s; selection-background-color: %(sel)s; "
      "selection-color: %(sel_fg)s; font-size: %(body)spx;"),
    R("QComboBox QAbstractItemView::item", "min-height: %(field_h)spx;"),
    R("QComboBox::drop-down", "width: %(target)spx; border: none;"),
    R("QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus",
      "border: %(focus_w)spx solid %(focus)s;"),
    R('QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"]', "border: 4px solid %(danger)s;"),
    R("QLineEdit:read-only", "background: %(panel)s;"),
    R('QLineEdit[assisted="filled"], QPlainTextEdit[assisted="filled"]',
      "background: %(assist_bg)s; border: 3px solid %(assist)s;"),
    R('QLineEdit[assisted="low"], QPlainTextEdit[assisted="low"]',
      "background: %(assist_low_bg)s; border: 4px dashed %(danger)s;"),
    R('QLabel[role="assist"]', "color: %(assist_fg)s; font-size: %(small)spx;", on=PAGE),
    R('QLabel[role="assistLow"]', "color: %(danger)s; font-size: %(small)spx; font-weight: bold;", on=PAGE),
    R('QPushButton[role="mic"]', "min-width: 110px; padding: 8px 14px;"),
    R('QPushButton[role="confirm"]', "min-width: 110px; padding: 8px 14px; background: %(assist)s; "
      "color: %(assist_on)s; border-color: %(assist)s; font-weight: bold;"),
    R("QProgressBar", "border: 2px solid %(line)s; border-radius: 6px; background: %(panel)s;"),
    R("QProgressBar::chunk", "background: %(ok)s; border-radius: 6px;", text=None),
    R("QRadioButton, QCheckBox", "font-size: %(body)spx; min-height: %(target)spx; spacing: 14px;"),
    R("QRadioButton::indicator", "width: %(indicator)spx; height: %(indicator)spx; border: 3px solid %(fg)s; "
      "border-radius: %(indicator_r)spx; background: %(field)s;", text=None),
    R("QRadioButton::indicator:checked", "background: qradialgradient(cx: 0.5, cy: 0.5, radius: 0.5, fx: 0.5, "
      "fy: 0.5, stop: 0 %(fg)s, stop: 0.55 %(fg)s, stop: 0.65 %(field)s, stop: 1 %(field)s);", text=None),
    R("QRadioButton::indicator:disabled", "border: 3px dashed %(disabled_line)s;"),
    R("QRadioButton:focus, QCheckBox:focus", "border: %(focus_w)spx solid %(focus)s; border-radius: 8px;"),
    R("QTableWidget, QListWidget", "font-size: %(small)spx; background: %(field)s; color: %(fg)s; "
      "gridline-color: %(line)s; selection-background-color: %(sel)s; selection-color: %(sel_fg)s;"),
    R("QTableWidget::item:selected, QListWidget::item:selected", "background: %(sel)s; color: %(sel_fg)s;"),
    R("QTableWidget:focus, QListWidget:focus", "border: %(focus_w)spx solid %(focus)s;"),
    R("QHeaderView::section", "font-size: %(small)spx; padding: 6px; background: %(panel)s; color: %(fg)s; "
      "border: 1px solid %(line)s;"),
    R("QTableView::item, QListView::item", "min-height: %(target)spx;"),
    R('QLabel[size="small"]', "font-size: %(small)spx;"),
    R("QTableCornerButton::section", "background: %(panel)s; border: 1px solid %(line)s;", text=None),
    R('QFrame[role="card"]', "background: %(field)s; border: 2px solid %(line)s; border-radius: 16px;"),
    R("#overlay", "background: rgba(0, 0, 0, 170);"),
    R("#overlayBox", "background: %(field)s; border-radius: 20px; border: 4px solid %(overlay_line)s;"),
    R("QScrollBar:vertical", "width: 30px; background: %(track)s; border: none; margin: 0px;", text=None),
    R("QScrollBar::handle:vertical", "min-height: 90px; background: %(handle)s; border-radius: 10px; margin: 4px;",
      text=None),
    R("QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical", "height: 0px; border: none; background: none;"),
    R("QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical", "background: none;"),
    R("QToolTip", "background: %(field)s; color: %(fg)s; border: 2px solid %(line)s; font-size: %(body)spx;"),
    # Demo mode only (the demo panel is staff's, not a litigant's): its own colours, in every scheme.
    R("#demoPanel", "background: #2b2f36;", text="demo_fg"),
    R("#demoPanel QLabel", "color: #e8e8e8; font-size: 18px;", on=("demo_bg",)),
    R("#demoPanel QPushButton", "font-size: 18px; min-height: 48px; min-width: 80px; padding: 4px 10px;"),
    R("QScrollArea", "border: none; background: transparent;"),
    R('QScrollArea > QWidget > QWidget[objectName$="Screen"]', "background: transparent;"),
    R("#qt_scrollarea_viewport", "background: %(bg)s;"),
    R("#attractCourt, #attractHeading, #attractServices, #attractStatus", "qproperty-alignment: AlignCenter;"),
    # The focus ring last, so that it wins over every button role (the header's is its own).
    R("QPushButton:focus, QPushButton[role]:focus, QPushButton[role][available]:focus",
      "border: %(focus_w)spx solid %(focus)s;"),
    R("#header QPushButton:focus, #header QPushButton[role]:focus",
      "background: %(header_fg)s; color: %(header)s; border: %(focus_w)spx solid %(header_fg)s;"),
)
#: Risk levels (the risk assessment's badges, borders and overall line): the colour of each level's
#: text on the page, and of its badge, whose text is `BADGE_TEXT`.
LEVELS = {"high": "danger", "medium": "assist_fg", "low": "ok"}
BADGE_TEXT = "danger_fg"
#: Pairs that screens make from the palette outside the style sheet (checked like the sheet's).
SCREEN_PAIRS = (
    *((key, surface, f"risk level {level}") for level, key in LEVELS.items() for surface in PAGE),
    *((BADGE_TEXT, key, f"risk badge {level}") for level, key in LEVELS.items()),
    ("fg", "button", "risk type name"), ("muted", "button", "risk type description"),
    ("fg", "field", "notice and guide panes"), ("sel_fg", "sel", "guide result selected"),
)
#: Literal colours in `RULES` (the demo panel's), by the names its rules use for them.
LITERALS = {"demo_bg": "#2b2f36", "demo_fg": "#e8e8e8"}


def sizes(text_size: str) -> dict[str, int]:
    """The pixel sizes of a text size (with `target` and `focus_w`)."""
    values = dict(SIZES[text_size])
    values["target"] = TARGET_PX
    values["indicator_r"] = values["indicator"] // 2 - 1
    values["focus_w"] = values["focus"] = values["ring"]  # (focus: the ring's width by its older name)
    return values


def style_sheet(text_size: str = "M", scheme: str = "standard") -> str:
    if text_size not in SIZES or scheme not in PALETTES:
        raise ValueError(f"unknown look {text_size!r}/{scheme!r}")
    values = {k: str(v) for k, v in sizes(text_size).items()}
    values.update(PALETTES[scheme])  # (a colour's key wins: %(focus)s is the ring's colour)
    return "\n".join(f"{rule.selector} {{ {rule.decls % values} }}" for rule in RULES)


# -- contrast ---------------------------------------------------------------------------------
def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of "#rrggbb"."""
    value = colour.lstrip("#")
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two "#rrggbb" colours (1 to 21)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


_COLOUR = re.compile(r"(?<![-\w])(color|background|background-color|selection-color|selection-background-color|"
                     r"placeholder-text-color)"
                     r"\s*:\s*([^;]+);")


def rule_colours(rule: Rule) -> dict[str, str]:
    """A rule's colour declarations: property -> palette key (or the literal value)."""
    found = {}
    for prop, value in _COLOUR.findall(rule.decls):
        value = value.strip()
        match = re.fullmatch(r"%\((\w+)\)s", value)
        found[prop] = match.group(1) if match else value
    return found


def text_pairs() -> list[tuple[str, str, str]]:
    """(text colour key, background key, selector) for every pair the style sheet makes: a rule's
    own colour on its own background, its colour on the surfaces it names, the text it names on
    its background, its selection colours. Raises ValueError for a rule that sets a text colour
    with no background and no surfaces (a pair that could escape the check)."""
    pairs = []
    for rule in RULES:
        c = rule_colours(rule)
        fg = c.get("color")
        bg = c.get("background", c.get("background-color"))
        if bg in ("transparent", "none"):
            bg = None
        if fg is not None and bg is not None:
            pairs.append((fg, bg, rule.selector))
        elif fg is not None:
            if not rule.on:
                raise ValueError(f"rule {rule.selector!r} sets a text colour but no background and no surfaces")
            pairs.extend((fg, surface, rule.selector) for surface in rule.on)
        elif bg is not None and rule.text is not None and not bg.startswith("rgba"):
            pairs.append((rule.text, bg, rule.selector))
        if "placeholder-text-color" in c:
            pairs.append((c["placeholder-text-color"], bg, rule.selector))
        if "selection-color" in c:
            pairs.append((c["selection-color"], c["selection-background-color"], rule.selector))
    return pairs


def level_colour(level: str, scheme: str | None = None) -> str:
    """The colour of a risk level ("high", "medium", "low") in a scheme (the current one by default)."""
    return palette(scheme)[LEVELS[level]]


def colour(scheme: str, key: str) -> str:
    """A palette colour by key (or one of the `LITERALS`)."""
    return PALETTES[scheme].get(key) or LITERALS.get(key) or key


# -- the current look ---------------------------------------------------------------------------
def current(app=None) -> tuple[str, str]:
    """(text size, scheme) now applied to the app (the default before `apply`)."""
    app = app or QApplication.instance()
    value = str(app.property("kioskTheme") or "") if app is not None else ""
    text_size, _, scheme = value.partition("/")
    return (text_size, scheme) if text_size in SIZES and scheme in PALETTES else DEFAULT


def palette(scheme: str | None = None) -> dict[str, str]:
    """The colours of a scheme (the current one by default)."""
    return dict(PALETTES[scheme or current()[1]])


def size(key: str, text_size: str | None = None) -> int:
    """One pixel size of `SIZES` for a text size (the current one by default)."""
    return sizes(text_size or current()[0])[key]


def scale(text_size: str | None = None) -> float:
    """Body text of a size relative to M (S 0.83, M 1, L 1.25, XL 1.67)."""
    return SIZES[text_size or current()[0]]["body"] / SIZES["M"]["body"]


_notifier = None


def notifier():
    """The QObject whose ``changed(text_size, scheme)`` signal follows `apply`."""
    global _notifier
    if _notifier is None:
        from PySide6.QtCore import QObject, Signal

        class ThemeNotifier(QObject):
            changed = Signal(str, str)

        _notifier = ThemeNotifier(QApplication.instance())
    return _notifier


def apply(app: QApplication, text_size: str = "M", scheme: str = "standard") -> None:
    """Style the whole app; a no-op when nothing changed (restyling every widget takes ~0.5 s
    on the GUI thread, and every session reset asks for the default look again)."""
    wanted = f"{text_size}/{scheme}"
    if app.property("kioskTheme") == wanted:
        return
    sheet = style_sheet(text_size, scheme)  # (raises for an unknown look before anything changes)
    app.setStyleSheet(sheet)
    app.setProperty("kioskTheme", wanted)
    if _notifier is not None:
        _notifier.changed.emit(text_size, scheme)


# -- pictograms -------------------------------------------------------------------------------
_ICON_CACHE: dict[tuple[str, str, int], object] = {}


def tinted_pixmap(path, colour_: str, pixels: int):
    """An SVG pictogram drawn in one colour (every stroke and fill that is not "none" becomes
    ``colour_``), ``pixels`` square at the screen's device pixel ratio; cached."""
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QGuiApplication, QPainter, QPixmap
    from PySide6.QtSvg import QSvgRenderer

    key = (str(path), colour_, pixels)
    if key in _ICON_CACHE:
        return _ICON_CACHE[key]
    from pathlib import Path

    svg = Path(path).read_text(encoding="utf-8")
    svg = re.sub(r'(stroke|fill)="(?!none)[^"]*"', lambda m: f'{m.group(1)}="{colour_}"', svg)
    svg = re.sub(r"(stroke|fill):\s*(?!none)#[0-9a-fA-F]{3,6}", lambda m: f"{m.group(1)}:{colour_}", svg)
    ratio = QGuiApplication.primaryScreen().devicePixelRatio() if QGuiApplication.primaryScreen() else 1.0
    pixmap = QPixmap(round(pixels * ratio), round(pixels * ratio))
    pixmap.fill(Qt.GlobalColor.transparent)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    renderer.render(painter)
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    _ICON_CACHE[key] = pixmap
    return pixmap


# -- text that must fit ---------------------------------------------------------------------------
_NO_LINE_START = set("）)】」』，。、：；！？,.:;!?")


def wrap_text(text: str, fits, width: int) -> str:
    """``text`` with line breaks so that each line fits ``width`` (``fits(line, width)`` says whether
    one does): at spaces where a line has them (English), else between characters (Chinese), never
    before closing punctuation, and a parenthesised part (a tile's "(unavailable)") kept whole when it
    fits a line. For texts that cannot wrap by themselves (a push button's)."""
    lines = []
    for paragraph in text.split("\n"):
        units = _units(paragraph)
        line = ""
        while units:
            unit = units.pop(0)
            if len(unit) > 1 and unit[0] in "（(" and not fits(unit, width):
                units[:0] = _units(unit[0]) + _units(unit[1:], groups=False)  # too long for a line: break it
                continue
            candidate = line + unit
            if not line or fits(candidate.strip(), width) or unit[:1] in _NO_LINE_START:
                line = candidate
            else:
                lines.append(line.strip())
                line = unit.lstrip()
        lines.append(line.strip())
    return "\n".join(lines)


def _units(paragraph: str, groups: bool = True) -> list[str]:
    """The pieces a line may break between: words with their leading space, CJK characters, and
    a whole "（…）" / "(…)" group."""
    units: list[str] = []
    i = 0
    while i < len(paragraph):
        ch = paragraph[i]
        close = {"（": "）", "(": ")"}.get(ch)
        if groups and close and close in paragraph[i:]:
            end = paragraph.index(close, i) + 1
            units.append(paragraph[i:end])
            i = end
            continue
        if ch == " " or ch.isascii():
            j = i + 1
            while j < len(paragraph) and paragraph[j].isascii() and paragraph[j] not in " (":
                j += 1
            units.append(paragraph[i:j])
            i = j
            continue
        units.append(ch)
        i += 1
    return units
