"""绿色通道: the green channel's settings for this person. Text size (four buttons, each label at its
own size), colours (four buttons, each in its own colours), speech on or off, its volume and speed,
"say it again", where to call staff, and Continue to the services. Every change applies at once
(the service emits ``changed``, the window restyles the app) and is said when speech is on.

Reached from the 绿色通道 tile (no ID card needed), the attract screen's offer and the help key; the
tile's visit switches the mode on if it is not on yet.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QSizePolicy, QVBoxLayout

from kiosk.services.green_channel import RATE_STEP
from kiosk.session import SCHEMES, TEXT_SIZES
from ui import theme
from ui.screen_specs import ScreenSpec
from ui.screens import ScreenEntry
from ui.widgets import Screen, button, label

SIZE_NAMES = {
    "S": lambda: QCoreApplication.translate("GreenChannelScreen", "Small"),
    "M": lambda: QCoreApplication.translate("GreenChannelScreen", "Medium"),
    "L": lambda: QCoreApplication.translate("GreenChannelScreen", "Large"),
    "XL": lambda: QCoreApplication.translate("GreenChannelScreen", "Extra large"),
}
SCHEME_NAMES = {
    "standard": lambda: QCoreApplication.translate("GreenChannelScreen", "Standard"),
    "white_on_black": lambda: QCoreApplication.translate("GreenChannelScreen", "White on black"),
    "black_on_white": lambda: QCoreApplication.translate("GreenChannelScreen", "Black on white"),
    "yellow_on_black": lambda: QCoreApplication.translate("GreenChannelScreen", "Yellow on black"),
}
CHECK = "✓ "  # before the chosen size and colours (also shown as checked)


class GreenChannelScreen(Screen):
    name = "green_channel"
    SPEC = ScreenSpec(
        "green_channel",
        lambda: QCoreApplication.translate("screens", "Green channel"),
        lambda: QCoreApplication.translate("screens", "Choose what helps you: text size, colours and speech. Each "
                                                      "change works at once. Then touch Continue to services."),
        (*(f"greenSize_{s}" for s in TEXT_SIZES), *(f"greenScheme_{s}" for s in SCHEMES),
         "greenSpeech", "greenQuieter", "greenLouder", "greenSlower", "greenFaster", "greenRepeat",
         "greenContinue", "callStaffButton", "backButton", "homeButton"),
    )

    def __init__(self, nav, green, announcer=None) -> None:
        """``green``: kiosk.services.green_channel; ``announcer``: kiosk.services.announcer or None."""
        super().__init__()
        self._nav = nav
        self._green = green
        self._announcer = announcer
        green.changed.connect(self.refresh)
        theme.notifier().changed.connect(self._theme_changed)  # (a bound slot: let go with the screen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 16, 48, 16)
        layout.setSpacing(14)
        self.prompt = label("hint", name="greenPrompt")
        layout.addWidget(self.prompt)

        self.size_heading = label("title", name="greenSizeHeading")
        layout.addWidget(self.size_heading)
        self.sizes = {}
        self._size_group = QButtonGroup(self)
        row = QHBoxLayout()
        for size in TEXT_SIZES:
            b = self._choice(f"greenSize_{size}", self._size_group)
            b.clicked.connect(lambda _=False, s=size: self._set_size(s))
            row.addWidget(b)
            self.sizes[size] = b
        layout.addLayout(row)

        self.scheme_heading = label("title", name="greenSchemeHeading")
        layout.addWidget(self.scheme_heading)
        self.schemes = {}
        self._scheme_group = QButtonGroup(self)
        grid = QGridLayout()
        for i, scheme in enumerate(SCHEMES):
            b = self._choice(f"greenScheme_{scheme}", self._scheme_group)
            b.clicked.connect(lambda _=False, s=scheme: self._set_scheme(s))
            grid.addWidget(b, i // 2, i % 2)
            self.schemes[scheme] = b
        layout.addLayout(grid)

        row = QHBoxLayout()  # the speech heading with its switch and "say it again", to keep the page short
        self.speech_heading = label("title", name="greenSpeechHeading")
        self.speech = button("greenSpeech")
        self.speech.setCheckable(True)
        self.speech.clicked.connect(self._toggle_speech)
        self.repeat = button("greenRepeat")
        self.repeat.clicked.connect(self._repeat)
        row.addWidget(self.speech_heading)
        row.addSpacing(24)
        row.addWidget(self.speech)
        row.addWidget(self.repeat)
        row.addStretch()
        layout.addLayout(row)
        self.speech_note = label("hint", name="greenSpeechNote")
        layout.addWidget(self.speech_note)
        grid = QGridLayout()
        self.quieter, self.volume, self.louder = button("greenQuieter"), label(name="greenVolume"), button("greenLouder")
        self.slower, self.rate, self.faster = button("greenSlower"), label(name="greenRate"), button("greenFaster")
        for r, (minus, value, plus) in enumerate(((self.quieter, self.volume, self.louder),
                                                  (self.slower, self.rate, self.faster))):
            value.setWordWrap(False)
            grid.addWidget(minus, r, 0)
            grid.addWidget(value, r, 1)
            grid.addWidget(plus, r, 2)
        grid.setColumnStretch(3, 1)
        grid.setHorizontalSpacing(20)
        self.quieter.clicked.connect(lambda: self._step(green.quieter, self._volume_text))
        self.louder.clicked.connect(lambda: self._step(green.louder, self._volume_text))
        self.slower.clicked.connect(lambda: self._step(green.slower, self._rate_text))
        self.faster.clicked.connect(lambda: self._step(green.faster, self._rate_text))
        layout.addLayout(grid)

        self.staff = label("hint", name="greenStaffHint")
        layout.addWidget(self.staff)
        layout.addStretch()
        self.continue_button = button("greenContinue", "primary", self)
        self.continue_button.clicked.connect(self._continue)
        self.primary = self.continue_button  # in the footer, where every screen's main action is
        self._restyle()
        self.retranslate()

    def _choice(self, name: str, group: QButtonGroup):
        b = button(name)
        b.setCheckable(True)
        b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        group.addButton(b)
        return b

    # -- the visit -------------------------------------------------------------------------
    @property
    def settings(self):
        return self._green.settings

    def begin(self, identity) -> None:
        """The tile's visit (or the offer's, the help key's): the mode is on from here."""
        if not self._green.active:
            self._green.turn_on("tile")
            self._say_screen()  # speech has just come on: say where the person is
        self.refresh()

    def enter(self) -> None:
        self.refresh()
        # its buttons' own style sheets changed their sizes while the page was hidden, and a hidden
        # page's layout is not told: lay it out again now that it shows
        self.layout().invalidate()

    def clear(self) -> None:
        self.refresh()  # the next person's fresh settings

    def _continue(self) -> None:
        self._nav.back()  # to the menu, the settings kept for the rest of the visit

    # -- changes ---------------------------------------------------------------------------
    def _set_size(self, size: str) -> None:
        self._green.set_text_size(size)
        self.refresh()
        self._say(self.tr("Text size: {size}").replace("{size}", SIZE_NAMES[size]()))

    def _set_scheme(self, scheme: str) -> None:
        self._green.set_scheme(scheme)
        self.refresh()
        self._say(self.tr("Colours: {scheme}").replace("{scheme}", SCHEME_NAMES[scheme]()))

    def _toggle_speech(self) -> None:
        if self.settings.speech:
            self._say(self.tr("Speech off"))  # said before it goes quiet
            self._green.set_speech(False)
        else:
            self._green.set_speech(True)
            self._say(self.tr("Speech on"))
        self.refresh()
        self._chain_focus()

    def _chain_focus(self) -> None:
        """The keypad order again (the speech controls come and go with speech), focus left where it is."""
        widgets = self.focus_widgets()
        for a, b in zip(widgets, widgets[1:], strict=False):
            self.setTabOrder(a, b)

    def _step(self, change, text) -> None:
        change()
        self.refresh()
        if not self._green.speaks_steps():  # (the announcer says the new volume or speed itself)
            self._say(text())

    def _repeat(self) -> None:
        self._say_screen()

    def _say(self, text: str) -> None:
        if self._announcer is not None and self.settings.speech:
            self._announcer.item(text)

    def _say_screen(self) -> None:
        if self._announcer is not None and self.settings.speech:
            self._announcer.screen(self.spec.title(), self.spec.prompt())

    # -- texts -----------------------------------------------------------------------------
    def _volume_text(self) -> str:
        return self.tr("Volume {percent}%").replace("{percent}", str(round(self.settings.speech_volume * 100)))

    def _rate_text(self) -> str:
        step = round(self.settings.speech_rate / RATE_STEP)
        if step == 0:
            return self.tr("Speed: normal")
        return self.tr("Speed: {step}").replace("{step}", f"+{step}" if step > 0 else f"−{-step}")

    def refresh(self) -> None:
        """Every control from the person's settings."""
        settings = self.settings
        for size, b in self.sizes.items():
            chosen = settings.text_size == size
            b.setChecked(chosen)
            b.setText((CHECK if chosen else "") + SIZE_NAMES[size]())
            b.setAccessibleName(self._chosen_name(SIZE_NAMES[size](), chosen))
        for scheme, b in self.schemes.items():
            chosen = settings.scheme == scheme
            b.setChecked(chosen)
            b.setText((CHECK if chosen else "") + SCHEME_NAMES[scheme]())
            b.setAccessibleName(self._chosen_name(SCHEME_NAMES[scheme](), chosen))
        can_speak = self._green.can_speak()
        self.speech.setEnabled(can_speak)
        self.speech.setChecked(bool(settings.speech))
        self.speech_note.setVisible(not can_speak)
        if not can_speak:
            self.speech.setText(self.tr("Speech: not available"))
            self.speech_note.setText(self.tr("This kiosk cannot speak at the moment. Please ask the staff for help."))
        else:
            self.speech.setText(self.tr("Speech: on") if settings.speech else self.tr("Speech: off"))
        for b in (self.repeat, self.quieter, self.louder, self.slower, self.faster):
            b.setEnabled(bool(settings.speech))
        self.volume.setText(self._volume_text())
        self.rate.setText(self._rate_text())

    def _chosen_name(self, name: str, chosen: bool) -> str:
        return self.tr("{name}, chosen").replace("{name}", name) if chosen else name

    def _theme_changed(self, text_size: str, scheme: str) -> None:
        self._restyle()
        self._value_widths()

    def _value_widths(self) -> None:
        """The values as wide as their widest text, so that "+" stays put as they change."""
        for value, widest in ((self.volume, self.tr("Volume {percent}%").replace("{percent}", "100")),
                              (self.rate, max(self.tr("Speed: normal"), self.tr("Speed: {step}").replace("{step}", "−4"),
                                              key=len))):
            value.ensurePolished()
            value.setMinimumWidth(value.fontMetrics().horizontalAdvance(widest) + 24)

    def _restyle(self) -> None:
        """Each size's label at its own size, each scheme's button in its own colours; the focus ring
        (and the chosen one's frame) in the colours of the look now applied."""
        now = theme.palette()
        width = max(6, theme.size("focus"))  # one frame width in every state: choosing or focusing never resizes
        focus = f"border: {width}px solid {now['focus']};"
        for size, b in self.sizes.items():
            b.setStyleSheet(f"QPushButton {{ font-size: {theme.SIZES[size]['body']}px; }}")
        for scheme, b in self.schemes.items():
            own = theme.PALETTES[scheme]
            b.setStyleSheet(
                f"QPushButton {{ background: {own['bg']}; color: {own['fg']}; border: {width}px solid {now['line']}; }}"
                f" QPushButton:checked {{ border: {width}px solid {now['fg']}; font-weight: bold; }}"
                f" QPushButton:focus {{ {focus} }}")

    def retranslate(self) -> None:
        self.prompt.setText(self.spec.prompt())
        self.size_heading.setText(self.tr("Text size"))
        self.scheme_heading.setText(self.tr("Colours"))
        self.speech_heading.setText(self.tr("Speech"))
        self.repeat.setText(self.tr("Say it again"))
        self.quieter.setText(self.tr("− Quieter"))
        self.louder.setText(self.tr("+ Louder"))
        self.slower.setText(self.tr("− Slower"))
        self.faster.setText(self.tr("+ Faster"))
        self.staff.setText(self.tr("Need a person? Touch \"Call staff\" at the top of the screen and a member of "
                                   "staff will come to you."))
        self.continue_button.setText(self.tr("Continue to services"))
        self.refresh()
        self._value_widths()


SCREEN = ScreenEntry(
    "green_channel",
    lambda nav, services: GreenChannelScreen(nav, services.green_channel, services.get("announcer")),
    serves=("green_channel",),
)
