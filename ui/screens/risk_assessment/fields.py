"""Touch controls for the risk questionnaire: one per answer type, each with big buttons and a
`value()` in the engine's answer form (`kiosk.risk`): yes/no/don't know, a date set by touch with
steppers (no typing), an amount or a rate through the on-screen keyboard, a choice."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QWidget

from ui.widgets import button, label

CHECKED_QSS = ("QPushButton:checked { background: #0b3d91; color: white; border-color: #0b3d91; }"
               "QPushButton[role=\"step\"] { min-width: 72px; padding: 4px 8px; }")


def current_language() -> str:
    """The visit's language (zh_CN or en): the questionnaire's texts come with the data."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    return (app.property("kioskLanguage") if app is not None else None) or "zh_CN"


class _Field(QWidget):
    changed = Signal()

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"riskField_{key}")
        self.setStyleSheet(CHECKED_QSS)

    def value(self) -> str:
        raise NotImplementedError

    def set_value(self, value: str) -> None:
        raise NotImplementedError

    def retranslate(self, lang: str) -> None:
        """Set the texts (``lang`` for texts that come with the question's data)."""

    def keypad_items(self) -> list[QWidget]:
        """Its items in keypad order (the question's page lists them after the question)."""
        return []


class ChoiceField(_Field):
    """Big exclusive buttons: yes / no / don't know, or a question's choices and don't know."""

    def __init__(self, key: str, choices: list[tuple[str, object]], parent: QWidget | None = None) -> None:
        """``choices``: (value, label) where label is a callable(lang) -> str."""
        super().__init__(key, parent)
        self._labels = dict(choices)
        self.buttons: dict[str, QPushButton] = {}
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for value, _ in choices:
            b = button(f"riskAnswer_{key}_{value}")
            b.setCheckable(True)
            b.setMinimumWidth(180)
            self.group.addButton(b)
            self.buttons[value] = b
            row.addWidget(b)
            b.toggled.connect(lambda checked: checked and self.changed.emit())
        row.addStretch()

    def keypad_items(self) -> list[QWidget]:
        return list(self.buttons.values())

    def value(self) -> str:
        return next((v for v, b in self.buttons.items() if b.isChecked()), "unknown")

    def set_value(self, value: str) -> None:
        if value in self.buttons:
            self.buttons[value].setChecked(True)
        else:
            self.group.setExclusive(False)
            for b in self.buttons.values():
                b.setChecked(False)
            self.group.setExclusive(True)

    def retranslate(self, lang: str) -> None:
        for value, b in self.buttons.items():
            b.setText(self._labels[value](lang))


def yes_no_choices() -> list[tuple[str, object]]:
    return [("yes", lambda lang: QCoreApplication.translate("RiskFields", "Yes")), ("no", lambda lang: QCoreApplication.translate("RiskFields", "No")),
            ("unknown", lambda lang: QCoreApplication.translate("RiskFields", "Don't know"))]


class DateField(_Field):
    """A date set with − and + on the year, month and day (starting from today at the first touch),
    or "don't know" (and "there was none" when the question has one)."""

    def __init__(self, key: str, today: date, none_label=None, parent: QWidget | None = None) -> None:
        super().__init__(key, parent)
        self._today = today
        self._day: date | None = None
        self._none_label = none_label
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        self.shown = label("big", wrap=False, name=f"riskDate_{key}")
        self.shown.setProperty("live", "polite")  # a step's new date is said (the keypad, speech on)
        self.shown.setMinimumWidth(330)
        grid.addWidget(self.shown, 0, 0, 1, 1)
        self.steps: dict[str, QPushButton] = {}
        col = 1
        for part in ("year", "month", "day"):
            for sign in ("-", "+"):
                b = button(f"riskDate_{key}_{part}{'Down' if sign == '-' else 'Up'}", "step")
                b.setText("−" if sign == "-" else "+")
                b.setAutoRepeat(True)
                b.setAutoRepeatDelay(500)
                b.setAutoRepeatInterval(120)
                b.clicked.connect(lambda _=False, p=part, s=sign: self.step(p, 1 if s == "+" else -1))
                self.steps[f"{part}{sign}"] = b
                grid.addWidget(b, 0, col)
                col += 1
        self.part_labels = {p: label("hint", wrap=False) for p in ("year", "month", "day")}
        for i, p in enumerate(("year", "month", "day")):
            self.part_labels[p].setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(self.part_labels[p], 1, 1 + 2 * i, 1, 2)
        self.unknown = button(f"riskDate_{key}_unknown")
        self.unknown.setCheckable(True)
        self.unknown.clicked.connect(lambda: self.set_value("unknown") or self.changed.emit())
        grid.addWidget(self.unknown, 0, col)
        self.none = None
        if none_label is not None:
            self.none = button(f"riskDate_{key}_none")
            self.none.setCheckable(True)
            self.none.clicked.connect(lambda: self.set_value("none") or self.changed.emit())
            grid.addWidget(self.none, 0, col + 1)
        grid.setColumnStretch(col + 2, 1)
        self._special = "unknown"
        self._show()

    def keypad_items(self) -> list[QWidget]:
        return [self.shown, *self.steps.values(), self.unknown, *([self.none] if self.none is not None else [])]

    def step(self, part: str, delta: int) -> None:
        """One step of the year, month or day (the first touch starts from today)."""
        d = self._day or self._today
        if part == "day":
            day = d + timedelta(days=delta)
        else:
            months = d.month - 1 + (delta if part == "month" else 12 * delta)
            year, month = d.year + months // 12, months % 12 + 1
            year = min(max(1950, year), self._today.year + 5)
            day = date(year, month, min(d.day, calendar.monthrange(year, month)[1]))
        self._day = min(max(day, date(1950, 1, 1)), date(self._today.year + 5, 12, 31))
        self._special = ""
        self._show()
        self.changed.emit()

    def value(self) -> str:
        return self._day.isoformat() if self._day is not None else self._special or "unknown"

    def set_value(self, value: str) -> None:
        if value in ("unknown", "none", ""):
            self._day, self._special = None, value or "unknown"
        else:
            self._day, self._special = date.fromisoformat(value), ""
        self._show()

    def _show(self) -> None:
        lang = getattr(self, "_lang", "zh_CN")
        if self._day is not None:
            d = self._day
            self.shown.setText(f"{d.year}年{d.month}月{d.day}日" if lang != "en" else d.isoformat())
        elif self._special == "none" and self._none_label is not None:
            self.shown.setText(self._none_label.get(lang))
        else:
            self.shown.setText(QCoreApplication.translate("RiskFields", "Touch + or −"))
        self.unknown.setChecked(self._day is None and self._special == "unknown")
        if self.none is not None:
            self.none.setChecked(self._day is None and self._special == "none")

    def retranslate(self, lang: str) -> None:
        self._lang = lang
        self.unknown.setText(QCoreApplication.translate("RiskFields", "Don't know"))
        if self.none is not None:
            self.none.setText(self._none_label.get(lang))
        for part, text in (("year", QCoreApplication.translate("RiskFields", "Year")), ("month", QCoreApplication.translate("RiskFields", "Month")), ("day", QCoreApplication.translate("RiskFields", "Day"))):
            self.part_labels[part].setText(text)
        spoken = {"year-": QCoreApplication.translate("RiskFields", "One year earlier"),
                  "year+": QCoreApplication.translate("RiskFields", "One year later"),
                  "month-": QCoreApplication.translate("RiskFields", "One month earlier"),
                  "month+": QCoreApplication.translate("RiskFields", "One month later"),
                  "day-": QCoreApplication.translate("RiskFields", "One day earlier"),
                  "day+": QCoreApplication.translate("RiskFields", "One day later")}
        for step, b in self.steps.items():  # (the keypad says these, not "−" and "+")
            b.setAccessibleName(spoken[step])
        self._show()


class NumberField(_Field):
    """An amount in yuan (or a yearly rate in %) typed with the on-screen keyboard, or "don't know"."""

    def __init__(self, key: str, unit: str, parent: QWidget | None = None) -> None:
        super().__init__(key, parent)
        self._unit = unit  # "yuan" | "percent"
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setObjectName(f"riskNumber_{key}")
        self.edit.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self.edit.setMaximumWidth(420)
        self.edit.textEdited.connect(self._typed)
        row.addWidget(self.edit)
        self.unit = label(wrap=False)
        row.addWidget(self.unit)
        self.unknown = button(f"riskNumber_{key}_unknown")
        self.unknown.setCheckable(True)
        self.unknown.toggled.connect(self._unknown_toggled)
        row.addWidget(self.unknown)
        row.addStretch()

    def _typed(self, text: str) -> None:
        if text.strip():
            self.unknown.blockSignals(True)
            self.unknown.setChecked(False)
            self.unknown.blockSignals(False)
        self.changed.emit()

    def _unknown_toggled(self, checked: bool) -> None:
        if checked:
            self.edit.clear()
        self.changed.emit()

    def keypad_items(self) -> list[QWidget]:
        return [self.edit, self.unknown]

    def value(self) -> str:
        text = self.edit.text().strip()
        return text if text else "unknown"

    def set_value(self, value: str) -> None:
        self.edit.setText("" if value == "unknown" else value)
        self.unknown.blockSignals(True)
        self.unknown.setChecked(False)
        self.unknown.blockSignals(False)

    def retranslate(self, lang: str) -> None:
        self.unit.setText(QCoreApplication.translate("RiskFields", "yuan") if self._unit == "yuan" else QCoreApplication.translate("RiskFields", "% a year"))
        self.unknown.setText(QCoreApplication.translate("RiskFields", "Don't know"))


def make_field(key: str, question, today: date) -> _Field:
    """The control for a question (kiosk.risk.model.Question)."""
    if question.type == "yes_no":
        return ChoiceField(key, yes_no_choices())
    if question.type == "choice":
        choices = [(c.value, lambda lang, c=c: c.label.get(lang)) for c in question.choices]
        return ChoiceField(key, [*choices, ("unknown", lambda lang: QCoreApplication.translate("RiskFields", "Don't know"))])
    if question.type == "date":
        return DateField(key, today, question.none_label)
    return NumberField(key, "yuan" if question.type == "amount" else "percent")
