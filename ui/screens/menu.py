from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QVBoxLayout

from ui.widgets import Screen, button, label, set_role


def service_titles() -> dict[str, str]:
    return {
        "filing": QCoreApplication.translate("services", "File a case"),
        "my_cases": QCoreApplication.translate("services", "My cases"),
        "print_documents": QCoreApplication.translate("services", "Print documents"),
        "payment": QCoreApplication.translate("services", "Pay fees"),
        "fee_calculator": QCoreApplication.translate("services", "Fee calculator"),
        "risk_assessment": QCoreApplication.translate("services", "Litigation risk"),
        "guidance": QCoreApplication.translate("services", "Guidance"),
        "mediation": QCoreApplication.translate("services", "Ask for mediation"),
        "message_judge": QCoreApplication.translate("services", "Message the judge"),
        "green_channel": QCoreApplication.translate("services", "Green channel"),
    }


class MenuScreen(Screen):
    """Every service of the product; those not built yet are shown as unavailable."""

    name = "menu"

    def __init__(self, nav, catalog) -> None:
        super().__init__()
        self._nav = nav
        self._catalog = catalog
        self._unavailable_reason: dict[str, str] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        self._notice: str | None = None
        self.prompt = label("hint", name="menuPrompt")
        layout.addWidget(self.prompt)
        grid = QGridLayout()
        grid.setSpacing(20)
        self.tiles = {}
        for i, info in enumerate(catalog):
            tile = button(f"tile_{info.id}", "tile")
            tile.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            tile.clicked.connect(lambda _=False, s=info.id: self._chosen(s))
            grid.addWidget(tile, i // 5, i % 5)
            self.tiles[info.id] = tile
        layout.addLayout(grid, 1)
        self.retranslate()

    def set_device_problem(self, service_id: str, reason: str | None) -> None:
        """A service whose device is missing is shown unavailable with a reason."""
        if reason:
            self._unavailable_reason[service_id] = reason
        else:
            self._unavailable_reason.pop(service_id, None)
        self.retranslate()

    def is_available(self, service_id: str) -> bool:
        info = next(i for i in self._catalog if i.id == service_id)
        return info.available and service_id not in self._unavailable_reason

    def retranslate(self) -> None:
        titles = service_titles()
        if self._notice is None:
            self.prompt.setText(self.spec.prompt())
            set_role(self.prompt, "hint")
        else:
            info = next(i for i in self._catalog if i.id == self._notice)
            if not info.available:
                text = self.tr("{service}: this service is not available at this kiosk yet. Please ask at the "
                               "service counter.")
            else:
                text = self.tr("{service}: out of service at the moment, a device it needs is not working. "
                               "Please ask at the service counter.")
            self.prompt.setText(text.replace("{service}", titles[self._notice]))
            set_role(self.prompt, "error")
        for info in self._catalog:
            tile = self.tiles[info.id]
            available = self.is_available(info.id)
            text = titles[info.id]
            if not info.available:
                text += "\n" + self.tr("(unavailable)")
            elif not available:
                text += "\n" + self.tr("(out of service)")
            tile.setText(text)
            tile.setProperty("available", "true" if available else "false")
            tile.style().unpolish(tile)
            tile.style().polish(tile)

    def _chosen(self, service_id: str) -> None:
        if self.is_available(service_id):
            self._nav.choose_service(service_id)
            return
        self._notice = service_id
        self.retranslate()

    def enter(self) -> None:
        self._notice = None
        self.retranslate()

    def clear(self) -> None:
        self._notice = None
