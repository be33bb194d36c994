from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from ui.screen_specs import ScreenSpec
from ui.widgets import Screen, button, label


class AttractScreen(Screen):
    """Shown between people: the court's name and one big invitation to touch.
    (Centred by the style sheet, not by Qt enums: see ui.main_window.)"""

    name = "attract"
    in_visit = False
    shows_title = False
    SPEC = ScreenSpec(
        "attract",
        lambda: QCoreApplication.translate("screens", "Litigation Self-Service"),
        lambda: QCoreApplication.translate("screens", "Touch the screen to start."),
        ("startButton", "greenChannelOffer", "languageButton"),
    )
    painted = Signal()  # once, at the first paint: the kiosk can be touched

    def __init__(self, nav, court_name: str) -> None:
        super().__init__()
        self._nav = nav
        self._court_name = court_name
        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 60, 80, 60)
        layout.addStretch(2)
        self.court = label("big", name="attractCourt")
        self.heading = label("title", name="attractHeading")
        self.services = label("hint", name="attractServices")
        layout.addWidget(self.court)
        layout.addSpacing(12)
        layout.addWidget(self.heading)
        layout.addSpacing(8)
        layout.addWidget(self.services)
        layout.addStretch(1)
        self.start = button("startButton", "primary")
        self.start.setMinimumHeight(120)
        self.start.setMinimumWidth(520)
        self.start.clicked.connect(nav.start)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.start)
        row.addStretch()
        layout.addLayout(row)
        layout.addSpacing(24)
        # the green channel's offer: speech, large text and the keypad, one touch from here
        self.green = button("greenChannelOffer")
        self.green.setMinimumHeight(96)
        self.green.setMinimumWidth(520)
        self.green.clicked.connect(self._green_channel)
        offer = QHBoxLayout()
        offer.addStretch()
        offer.addWidget(self.green)
        offer.addStretch()
        layout.addLayout(offer)
        self.status = label("hint", name="attractStatus")
        layout.addWidget(self.status)
        layout.addStretch(2)
        self._painted = False
        self.retranslate()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.painted.emit()
            QTimer.singleShot(0, self._offer_pictogram)  # after the first paint: not on the cold-start path

    def _offer_pictogram(self) -> None:
        """The green channel's pictogram on its offer (the menu tile's)."""
        from ui.screens.menu import pictogram

        self.green.setIcon(pictogram("accessible"))
        self.green.setIconSize(QSize(48, 48))

    def set_court_name(self, name: str) -> None:
        self._court_name = name
        self.retranslate()

    def set_starting(self, starting: bool) -> None:
        self.status.setText(self.tr("Starting up, one moment please…") if starting else "")

    def retranslate(self) -> None:
        self.court.setText(self._court_name)
        self.heading.setText(self.spec.title())
        self.services.setText(
            self.tr("File a case · My cases · Print documents · Pay fees · Guidance · Mediation")
        )
        self.start.setText(self.tr("Touch here to start"))
        self.green.setText(self.tr("Green channel: speech, large text, keypad"))

    def _green_channel(self) -> None:
        """The offer: start a visit in the green channel and open its settings."""
        services = self._nav.services
        green = services.get("green_channel") if services is not None else None
        self._nav.start()
        if green is None:
            return
        green.turn_on("attract")
        self._nav.choose_service("green_channel")

    def mousePressEvent(self, event) -> None:  # anywhere on the screen starts
        self._nav.start()
