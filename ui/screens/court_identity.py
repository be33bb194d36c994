"""Maintenance: the kiosk's identity towards the court (its client certificate) and enrolment with a
one-time code. Staff only; reached from the maintenance screen."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout

from ui.screen_specs import ScreenSpec
from ui.screens import ScreenEntry
from ui.widgets import Card, Screen, button, label, set_role

CODE_DIGITS = 12


class CourtIdentityScreen(Screen):
    name = "court_identity"
    in_visit = False
    SPEC = ScreenSpec(
        "court_identity",
        lambda: QCoreApplication.translate("screens", "Court link"),
        lambda: QCoreApplication.translate("screens", "This kiosk's certificate for the court, and enrolment."),
        ("enrolCodeField", "enrolKey_1", "enrolButton", "backToMaintenance"),
    )

    def __init__(self, nav, service) -> None:
        super().__init__()
        self._nav = nav
        self._service = service
        self._view = None
        self._code = ""
        self._failure = ""
        service.status.connect(self._show)
        service.enrolled.connect(self._enrolled)
        service.enrol_failed.connect(self._failed)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.setSpacing(24)
        status = Card()
        self.status_title = label("title")
        status.layout_.addWidget(self.status_title)
        self.rows = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(12)
        for i, key in enumerate(("kiosk", "state", "serial", "valid", "server")):
            name = label("hint")
            value = label(name=f"identity_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            grid.addWidget(name, i, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, i, 1)
            self.rows[key] = (name, value)
        grid.setColumnStretch(1, 1)
        status.layout_.addLayout(grid)
        self.explain = label("hint", name="identityExplain")
        status.layout_.addWidget(self.explain)
        self.enrol_hint = label("hint", name="enrolHint")  # here: the enrol card keeps its height for the keys
        status.layout_.addWidget(self.enrol_hint)
        status.layout_.addStretch()
        self.back = button("backToMaintenance")
        self.back.clicked.connect(self._leave)
        status.layout_.addWidget(self.back)
        layout.addWidget(status, 3)

        enrol = Card()
        self.enrol_title = label("title")
        enrol.layout_.addWidget(self.enrol_title)
        self.code_field = button("enrolCodeField")
        self.code_field.setMinimumHeight(88)
        enrol.layout_.addWidget(self.code_field)
        keys = QGridLayout()
        self.keys = {}
        for i, key in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9", "C", "0", "⌫"]):
            b = button(f"enrolKey_{key}")
            b.setMinimumSize(110, 64)
            b.clicked.connect(lambda _=False, k=key: self.press(k))
            keys.addWidget(b, i // 3, i % 3)
            self.keys[key] = b
        enrol.layout_.addLayout(keys)
        self.enrol_button = button("enrolButton", "primary")
        self.enrol_button.clicked.connect(self.submit)
        enrol.layout_.addWidget(self.enrol_button)
        self.message = label(name="enrolMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        enrol.layout_.addWidget(self.message)
        layout.addWidget(enrol, 2)
        self.retranslate()

    # -- navigation ------------------------------------------------------------------------
    def enter(self) -> None:
        self._code = ""
        self._failure = ""
        self.message.clear()
        self._service.refresh()
        self._update()

    def _leave(self) -> None:
        self._nav.show_screen("maintenance")

    # -- entry -----------------------------------------------------------------------------
    @property
    def code(self) -> str:
        return self._code

    def press(self, key: str) -> None:
        if key == "C":
            self._code = ""
        elif key == "⌫":
            self._code = self._code[:-1]
        elif key.isdigit() and len(self._code) < CODE_DIGITS:
            self._code += key
        self._failure = ""
        self.message.clear()
        self._update()

    def submit(self) -> None:
        if len(self._code) != CODE_DIGITS or self._service.busy or self._service.practice:
            return
        self._say(self.tr("Enrolling with the court…"))
        self._service.enrol(self._code)
        self._update()

    # -- service results (bound slots) -----------------------------------------------------
    def _show(self, view) -> None:
        self._view = view
        self._update()

    def _enrolled(self, view) -> None:
        self._code = ""
        self._view = view
        self._say(self.tr("Enrolled: this kiosk now talks to the court with its own certificate."))
        self._update()

    def _failed(self, reason: str) -> None:
        self._failure = reason
        self._say(self._failure_text(reason), error=True)
        self._update()

    # -- display ---------------------------------------------------------------------------
    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        set_role(self.message, "error" if error else "ok")

    def _failure_text(self, reason: str) -> str:
        texts = {
            "bad_code": self.tr("An enrolment code has 12 digits."),
            "code_refused": self.tr("The court refused the code: it is wrong, already used or expired. Ask the "
                                    "court's IT staff for a new one."),
            "csr_refused": self.tr("The court refused this kiosk's certificate request. Check the kiosk id."),
            "unreachable": self.tr("The court cannot be reached (network or its certificate). Try again later."),
            "not_saved": self.tr("The certificate could not be saved on this kiosk (disk full or not writable)."),
        }
        return texts.get(reason, self.tr("The court's answer was not a valid certificate for this kiosk; nothing "
                                         "was installed."))

    def _state_text(self, view) -> str:
        return {
            "none": self.tr("Not enrolled: nothing is sent to the court until the kiosk is enrolled."),
            "valid": self.tr("Enrolled"),
            "renew": self.tr("Enrolled, expires soon: enrol again with a new code"),
            "expired": self.tr("Certificate expired: enrol again with a new code"),
            "broken": self.tr("Certificate files damaged: enrol again with a new code"),
        }.get(view.state, view.state)

    def _server_text(self, check: str) -> str:
        return {
            "ca_bundle": self.tr("by the court's CA file"),
            "pins": self.tr("by its pinned key"),
            "both": self.tr("by the court's CA file and its pinned key"),
            "system": self.tr("by the system's certificate authorities"),
        }.get(check, check)

    def _update(self) -> None:
        digits = self._code + "·" * (CODE_DIGITS - len(self._code))
        self.code_field.setText(f"{digits[:4]} - {digits[4:8]} - {digits[8:]}")
        service = self._service
        practice = service.practice
        self.enrol_button.setEnabled(len(self._code) == CODE_DIGITS and not service.busy and not practice)
        for b in self.keys.values():
            b.setEnabled(not service.busy and not practice)
        view = self._view
        values = {"kiosk": service.kiosk_id, "state": "…", "serial": "—", "valid": "—",
                  "server": self._server_text(service.server_check)}
        if practice:
            values["state"] = self.tr("Practice court inside this kiosk: no certificate needed")
            values["server"] = self.tr("not checked (plain http on this machine only)")
        elif view is not None:
            values["state"] = self._state_text(view)
            if view.serial:  # in groups of four, so a long serial wraps
                values["serial"] = " ".join(view.serial[i:i + 4] for i in range(0, len(view.serial), 4))
            if view.not_after:
                values["valid"] = self.tr("until {date} ({days} days left)").replace(
                    "{date}", view.not_after).replace("{days}", str(view.days_left))
        for key, (_name, value) in self.rows.items():
            value.setText(values[key])

    def retranslate(self) -> None:
        self.status_title.setText(self.tr("This kiosk and the court"))
        names = {"kiosk": self.tr("Kiosk id"), "state": self.tr("Certificate"), "serial": self.tr("Serial"),
                 "valid": self.tr("Valid"), "server": self.tr("Court server checked")}
        for key, (name, _value) in self.rows.items():
            name.setText(names[key])
        self.explain.setText(self.tr("The kiosk proves who it is to the court with its own certificate; its "
                                     "private key never leaves this machine. Enrol once, and again before the "
                                     "certificate expires or if it is revoked."))
        self.enrol_title.setText(self.tr("Enrol with a one-time code"))
        self.enrol_hint.setText(self.tr("The court's IT staff issue a 12-digit code for this kiosk id. It works "
                                        "once, for one hour."))
        self.enrol_button.setText(self.tr("Enrol"))
        self.back.setText(self.tr("Back to maintenance"))
        self.keys["C"].setText(self.tr("Clear"))
        for key, b in self.keys.items():
            if key not in ("C",):
                b.setText(key)
        if self._failure:
            self._say(self._failure_text(self._failure), error=True)
        self._update()


SCREEN = ScreenEntry("court_identity", lambda nav, services: CourtIdentityScreen(nav, services.court_identity))
