from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QProgressBar, QSizePolicy, QVBoxLayout

from ui.assist import level_percent, voice_unavailable_text
from ui.screen_specs import ScreenSpec
from ui.screens import ScreenEntry
from ui.widgets import Screen, TileButton, button, label, restyle, set_role

ICON_DIR = Path(__file__).resolve().parents[2] / "assets" / "icons"


def service_title(spec) -> str:
    """A service's menu title (its declaration's English source, translated)."""
    return QCoreApplication.translate("services", spec.title)


#: Tiles per row at each text size (ui.theme.TEXT_SIZES): fewer, wider tiles for larger text.
COLUMNS = {"S": 5, "M": 5, "L": 4, "XL": 3}


def pictogram(name: str, muted: bool = False):
    """The QIcon of assets/icons/<name>.svg in the current look (an empty icon when there is none):
    drawn in the tile's text colour of the scheme, at the size's pictogram size; ``muted``: in the
    colour of an unavailable tile's text."""
    from ui import theme

    return _pictogram(name, muted, theme.current())


@functools.lru_cache(maxsize=256)
def _pictogram(name: str, muted: bool, look: tuple[str, str]):
    """The icon for one look (text size, scheme), made once: the menu redraws its tiles often."""
    from PySide6.QtGui import QIcon

    from ui import theme

    path = ICON_DIR / f"{name}.svg"
    if not name or not path.exists():
        return QIcon()
    text_size, scheme = look
    colour = theme.palette(scheme)["disabled_fg" if muted else "tile_fg"]
    icon = QIcon()
    pixmap = theme.tinted_pixmap(path, colour, theme.size("icon", text_size))
    for mode in (QIcon.Mode.Normal, QIcon.Mode.Disabled, QIcon.Mode.Active, QIcon.Mode.Selected):
        icon.addPixmap(pixmap, mode)
    return icon


class MenuScreen(Screen):
    """Every service of the product; those not built yet are shown as unavailable."""

    name = "menu"
    can_go_back = False  # the menu is where a visit starts
    SPEC = ScreenSpec(
        "menu",
        lambda: QCoreApplication.translate("screens", "Choose a service"),
        lambda: QCoreApplication.translate("screens", "Choose the service you need. Grey services cannot be used at this kiosk at the moment."),
        ("tile_*", "menuSpeak", "homeButton"),  # a tile per service: the instance's SPEC names them in order
    )

    def __init__(self, nav, catalog, voice=None) -> None:
        """``catalog``: the menu's service declarations (kiosk.services.registry.ServiceSpec), in order."""
        super().__init__()
        self._nav = nav
        self._catalog = catalog
        base = type(self).SPEC
        self.SPEC = ScreenSpec(base.name, base.title, base.prompt,
                               (*(f"tile_{info.id}" for info in catalog), *base.focus[1:]))
        self._voice = voice
        self._voice_state = "idle"  # idle | preparing | listening | no_match | failed
        self._voice_problem = ""
        self._phrases: dict[str, str] | None = None
        self._unavailable_reason: dict[str, list[str]] = {}  # service id -> missing device kinds
        self._service_reason: dict[str, str] = {}  # service id -> why it is out of service (not a device)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        self._notice: str | None = None
        self.prompt = label("hint", name="menuPrompt")
        layout.addWidget(self.prompt)
        voice_row = QHBoxLayout()
        self.speak = button("menuSpeak")
        self.speak.setProperty("role", "mic")
        self.speak.clicked.connect(self._speak)
        voice_row.addWidget(self.speak)
        self.meter = QProgressBar()
        self.meter.setObjectName("menuLevel")
        self.meter.setRange(0, 100)
        self.meter.setTextVisible(False)
        self.meter.setFixedSize(160, 18)
        self.meter.hide()
        voice_row.addWidget(self.meter)
        self.voice_text = label("hint", name="menuVoice")
        voice_row.addWidget(self.voice_text, 1)
        layout.addLayout(voice_row)
        if voice is not None:
            voice.availability.connect(self._voice_availability)
            voice.state.connect(self._voice_changed)
            voice.level.connect(self._voice_level)
            voice.command.connect(self._voice_command)
            voice.no_match.connect(self._voice_no_match)
            voice.failed.connect(self._voice_failed)
        self.grid = grid = QGridLayout()
        grid.setSpacing(20)
        self.tiles = {}
        self._columns = 0
        for info in catalog:
            tile = TileButton(f"tile_{info.id}")
            tile.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            tile.clicked.connect(lambda _=False, s=info.id: self._chosen(s))
            self.tiles[info.id] = tile
        layout.addLayout(grid, 1)
        self._place_tiles()
        from ui import theme

        theme.notifier().changed.connect(self._look_changed)  # (a method: disconnected with the screen)
        self.retranslate()

    def _look_changed(self, _text_size: str, _scheme: str) -> None:
        self.retranslate()  # columns, pictograms in the scheme's colour and the size's size

    # -- the tiles' layout (follows the text size) ---------------------------------------------
    def _place_tiles(self) -> None:
        from ui import theme

        columns = COLUMNS[theme.current()[0]]
        if columns == self._columns:
            return
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
        for c in range(max(columns, self._columns)):
            self.grid.setColumnStretch(c, 1 if c < columns else 0)
        for i, tile in enumerate(self.tiles.values()):
            self.grid.addWidget(tile, i // columns, i % columns)
        self._columns = columns

    def set_device_problems(self, missing: dict[str, list[str]]) -> None:
        """Services whose devices (kinds: a4_printer, camera...) are missing are shown out of service,
        naming them; ``missing``: service id -> its missing devices, for every service with some.
        The tiles are redrawn once, and only when something changed (every tile's text and
        pictogram: some 4 ms a tile)."""
        missing = {service: list(devices) for service, devices in missing.items() if devices}
        if missing != self._unavailable_reason:
            self._unavailable_reason = missing
            self.retranslate()

    def set_service_problem(self, service_id: str, reason: str | None) -> None:
        """A service that cannot work here for a reason of its own (not a device: e.g. the guide's
        content did not validate) is shown out of service with that reason (translated text)."""
        if self._service_reason.get(service_id) == (reason or None):
            return
        if reason:
            self._service_reason[service_id] = reason
        else:
            self._service_reason.pop(service_id, None)
        self.retranslate()

    def _devices_text(self, service_id: str) -> str:
        names = {
            "a4_printer": self.tr("A4 printer"),
            "receipt_printer": self.tr("receipt printer"),
            "camera": self.tr("document camera"),
            "id_reader": self.tr("ID card reader"),
            "microphone": self.tr("microphone"),
        }
        return self.tr(", ").join(names.get(d, d) for d in self._unavailable_reason.get(service_id, []))

    def is_available(self, service_id: str) -> bool:
        info = next(i for i in self._catalog if i.id == service_id)
        return (info.available and service_id not in self._unavailable_reason
                and service_id not in self._service_reason)

    def retranslate(self) -> None:
        from ui import theme

        look = theme.current()
        self._place_tiles()
        titles = {info.id: service_title(info) for info in self._catalog}
        if self._notice is None:
            self.prompt.setText(self.spec.prompt())
            set_role(self.prompt, "hint")
        else:
            info = next(i for i in self._catalog if i.id == self._notice)
            if not info.available:
                text = self.tr("{service}: this service is not available at this kiosk yet. Please ask at the "
                               "service counter.")
            elif self._notice in self._service_reason:
                text = self.tr("{service}: out of service at the moment: {reason}. Please ask at the service "
                               "counter.").replace("{reason}", self._service_reason[self._notice])
            else:
                text = self.tr("{service}: out of service at the moment: {devices} not working or not installed "
                               "on this kiosk. Please ask at the service counter.").replace(
                                   "{devices}", self._devices_text(self._notice))
            self.prompt.setText(text.replace("{service}", titles[self._notice]))
            set_role(self.prompt, "error")
        for info in self._catalog:
            tile = self.tiles[info.id]
            available = self.is_available(info.id)
            text = titles[info.id]
            if not info.available:
                text += "\n" + self.tr("(unavailable)")
            elif not available:
                devices = self._unavailable_reason.get(info.id, [])
                text += "\n" + (self.tr("({device} unavailable)").replace("{device}", self._devices_text(info.id))
                                if len(devices) == 1 else self.tr("(out of service)"))
            tile.setText(text)
            tile.setIcon(pictogram(info.pictogram, muted=not available))
            icon = theme.size("icon", look[0])
            tile.setIconSize(QSize(icon, icon))
            restyle(tile, "available", "true" if available else "false")
        self._voice_texts()

    # -- voice commands ----------------------------------------------------------------
    def _listening(self) -> bool:
        return self._voice_state in ("preparing", "listening")

    def phrases(self) -> dict[str, str]:
        if self._phrases is None:
            from ui.voice_phrases import phrases

            self._phrases = phrases(self._voice.language, self._catalog)
        return self._phrases

    def _speak(self) -> None:
        if self._voice is None:
            return
        if self._listening():
            self._voice.stop()
            return
        if self._voice.listen_for_command(self.phrases()):
            self._voice_state = "preparing"
        self.retranslate()

    # Service signals reach bound slots, never lambdas: Qt drops a bound slot's connection when
    # the screen is destroyed, while a lambda would outlive it.
    def _voice_availability(self, _ok: bool, _code: str) -> None:
        self.retranslate()

    def _voice_level(self, value: float) -> None:
        if self._listening():
            self.meter.setValue(level_percent(value))

    def _voice_changed(self, state: str) -> None:
        """The service's state (preparing | listening | idle) while the menu is the one listening."""
        if self._listening():
            self._voice_state = state
            self.retranslate()

    def _voice_command(self, service_id: str) -> None:
        if self._listening():
            self._voice_state = "idle"
            self.retranslate()
            self._chosen(service_id)

    def _voice_no_match(self) -> None:
        if self._listening():
            self._voice_state = "no_match"
            self.retranslate()

    def _voice_failed(self, code: str) -> None:
        if self._listening():
            self._voice_state, self._voice_problem = "failed", code
            self.retranslate()

    def _voice_texts(self) -> None:
        voice = self._voice
        ok, code = voice.available if voice is not None else (False, "off")
        listening = self._listening()
        self.speak.setText(self.tr("Stop") if listening else self.tr("Speak"))
        self.speak.setEnabled(ok or listening)
        self.meter.setVisible(self._voice_state == "listening")
        if not listening:
            self.meter.setValue(0)
        role = "hint"
        if self._voice_state == "preparing":
            text = self.tr("Preparing voice input…")
        elif self._voice_state == "listening":
            text = self.tr("Listening. Say the service you want.")
        elif self._voice_state == "no_match":
            text, role = self.tr("Sorry, that was not understood. Touch Speak and say it again, or touch a "
                                 "service."), "error"
        elif self._voice_state == "failed":
            text, role = voice_unavailable_text(self._voice_problem), "error"
        elif not ok:
            text = voice_unavailable_text(code)
        else:
            phrases = self.phrases()
            example = next((p for p, sid in phrases.items() if sid == "filing"), "")
            text = self.tr("Or touch Speak and say the service, for example “{phrase}”.").replace(
                "{phrase}", example)
        self.voice_text.setText(text)
        set_role(self.voice_text, role)

    def _chosen(self, service_id: str) -> None:
        if self.is_available(service_id):
            self._nav.choose_service(service_id)
            return
        self._notice = service_id
        self.retranslate()

    def enter(self) -> None:
        self._notice = None
        self._voice_state = "idle"
        if self._voice is not None:
            self._voice.prepare()
        self.retranslate()

    def leave(self) -> None:
        if self._voice is not None and self._listening():
            self._voice.reset()
        self._voice_state = "idle"

    def clear(self) -> None:
        self._notice = None
        self._voice_state = "idle"


SCREEN = ScreenEntry("menu", lambda nav, services: MenuScreen(nav, services.catalog, services.voice))
