from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from ui.assist import AssistedField, scan_problem_text
from ui.screen_specs import ScreenSpec
from ui.screens import ScreenEntry
from ui.widgets import Card, Screen, button, label, set_role

PHOTO_FIELDS = ("name", "sex", "nation", "birth_date", "address", "id_number", "valid_to")
TYPED_FIELDS = ("valid_to",)  # on the card's back: typed by the litigant (the photo is of the front)


class PhotoIdForm(Card):
    """The fallback when the reader cannot read a card: a photo of the card's front under the
    document camera, read by OCR; every field is shown for the litigant to confirm or correct."""

    def __init__(self, scan_service) -> None:
        from PySide6.QtWidgets import QLineEdit

        super().__init__()
        self.setObjectName("photoIdForm")
        self._service = scan_service
        self._state = "idle"  # idle | capturing | reading | read | failed
        self._problem = ""
        self.title = label("title", name="photoIdTitle")
        self.layout_.addWidget(self.title)
        self.status = label("hint", name="photoIdStatus")
        self.layout_.addWidget(self.status)
        self.form = QFormLayout()
        self.form.setVerticalSpacing(8)
        self.labels, self.fields = {}, {}
        for key in PHOTO_FIELDS:
            editor = QLineEdit()
            editor.setObjectName(f"photoId_{key}")
            self.fields[key] = AssistedField(editor, voice=False, notes=False)
            self.labels[key] = label()
            self.form.addRow(self.labels[key], self.fields[key])
        self.layout_.addLayout(self.form)
        row = QHBoxLayout()
        self.take = button("photoIdTake", "primary")
        self.take.clicked.connect(self.take_photo)
        row.addWidget(self.take)
        self.cancel = button("photoIdCancel")
        row.addWidget(self.cancel)
        row.addStretch()
        self.confirm = button("photoIdContinue", "primary")  # "this is me": checked by the screen
        row.addWidget(self.confirm)
        self.layout_.addLayout(row)
        scan_service.busy.connect(self._busy)
        scan_service.failed.connect(self._failed)
        scan_service.card_read.connect(self._read)
        self.clear()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._service.prepare()  # the OCR models load while the litigant places the card

    @property
    def read(self) -> bool:
        return self._state == "read"

    def take_photo(self) -> None:
        if self._state not in ("capturing", "reading"):
            self._service.scan_id_card()

    def _busy(self, stage: str) -> None:
        if self.isVisible():
            self._state = stage
            self.retranslate()

    def _failed(self, code: str) -> None:
        if self._state in ("capturing", "reading"):
            self._state, self._problem = "failed", code
            self.retranslate()

    def _read(self, fields) -> None:
        if self._state not in ("capturing", "reading"):
            return
        for key, field in self.fields.items():
            if key in TYPED_FIELDS:
                continue
            found = fields.get(key)
            field.suggest(found.value if found else "", "scan", low=found is None or found.flagged)
        self._state = "read"
        self.retranslate()

    def values(self) -> dict[str, str]:
        return {key: field.text() for key, field in self.fields.items()}

    def show_problems(self, problems: dict[str, str]) -> bool:
        from ui.problems import problem_text

        for key, field in self.fields.items():
            code = problems.get(key)
            if code is None and field.pending:
                field.show_error(QCoreApplication.translate(
                    "filing", "Please check this, then touch \"It is right\" or change it."))
            else:
                field.show_error(self.validity_text(code) or problem_text(code) if code else None)
        return bool(problems) or any(f.pending for f in self.fields.values())

    def validity_text(self, code: str) -> str | None:
        return {
            "card_expired": self.tr("This ID card has expired. Please use a valid ID card, or ask at the service "
                                    "counter."),
            "validity_invalid": self.tr("Please enter the validity period as on the back of the card, for example "
                                        "2016.05.01-2036.05.01, or 长期 for a long-term card."),
        }.get(code)

    def clear(self) -> None:
        self._service.cancel()
        self._state, self._problem = "idle", ""
        for field in self.fields.values():
            field.clear()
        self.retranslate()

    def retranslate(self) -> None:
        titles = {"name": self.tr("Name"), "sex": self.tr("Sex"), "nation": self.tr("Ethnicity"),
                  "birth_date": self.tr("Date of birth"), "address": self.tr("Address"),
                  "id_number": self.tr("ID number"), "valid_to": self.tr("Valid (back of the card)")}
        for key, lab in self.labels.items():
            lab.setText(titles[key])
        for key in PHOTO_FIELDS:
            self.fields[key].setVisible(self._state == "read")
            self.labels[key].setVisible(self._state == "read")
            self.fields[key].retranslate()
        self.title.setText(self.tr("Read your ID card with the camera"))
        busy = self._state in ("capturing", "reading")
        self.take.setEnabled(not busy)
        set_role(self.take, "" if self._state == "read" else "primary")
        self.confirm.setVisible(self._state == "read")
        self.confirm.setText(self.tr("This is me, continue"))
        self.take.setText(self.tr("Take another photo") if self._state in ("read", "failed")
                          else self.tr("Take photo"))
        self.cancel.setText(self.tr("Use the card reader"))
        self.fields["valid_to"].editor.setPlaceholderText(self.tr("e.g. 2016.05.01-2036.05.01 or 长期"))
        texts = {
            "idle": (self.tr("Place your ID card flat under the document camera, the side with your photo "
                                    "up, then touch Take photo."), "hint"),
            "capturing": (self.tr("Taking a picture… keep the card still."), "hint"),
            "reading": (self.tr("Reading your card… this takes a few seconds."), "hint"),
            "read": (self.tr("Check every field against your card. Touch \"It is right\" for each one, or "
                                    "correct it, then touch Continue."), "ok"),
            "failed": (scan_problem_text(self._problem), "error"),
        }
        text, role = texts[self._state]
        self.status.setText(text)
        set_role(self.status, role)


class CardOnReader(QWidget):
    """A drawing of an ID card being laid on the reader (no emoji: fonts lack them)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("identifyPicture")
        self.setFixedSize(420, 260)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        blue = QColor("#0b3d91")
        # the reader
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#c9d3e6"))
        p.drawRoundedRect(QRectF(40, 200, 340, 44), 12, 12)
        # the card
        p.setBrush(QColor("#eaf1fb"))
        p.setPen(QPen(blue, 3))
        card = QRectF(110, 20, 200, 126)
        p.drawRoundedRect(card, 12, 12)
        p.setBrush(QColor("#b9c8e4"))
        p.setPen(Qt.PenStyle.NoPen)
        p.drawRoundedRect(QRectF(236, 40, 56, 70), 6, 6)  # photo
        for i, w in enumerate((100, 80, 110)):
            p.drawRoundedRect(QRectF(126, 46 + i * 22, w, 10), 4, 4)
        # the arrow
        p.setBrush(blue)
        p.drawPolygon(QPolygonF([QPointF(190, 154), QPointF(230, 154), QPointF(230, 168), QPointF(246, 168),
                                 QPointF(210, 196), QPointF(174, 168), QPointF(190, 168)]))
        p.end()


class StaffConfirmPanel(Card):
    """A photo-read identity opens the services that show one's cases only once a staff member confirms it
    at the kiosk with a staff card (kiosk.assurance): which services, and how; or, without a staff card
    reader, that they are not open to it here."""

    def __init__(self, catalog) -> None:
        super().__init__()
        self.setObjectName("staffConfirm")
        self._titles = tuple(s.title for s in catalog
                             if s.needs_identity and not s.accepts_photo_identity and s.title)
        self._available = False
        self.title = label("title", name="staffConfirmTitle")
        self.layout_.addWidget(self.title)
        self.text = label("hint", name="staffConfirmText")
        self.text.setProperty("live", "polite")
        self.layout_.addWidget(self.text)

    def show_for(self, available: bool) -> None:
        self._available = available
        self.retranslate()
        self.show()

    def retranslate(self) -> None:
        services = self.tr(", ").join(QCoreApplication.translate("services", t) for t in self._titles)
        self.title.setText(self.tr("A staff member must confirm who you are"))
        if self._available:
            text = self.tr("Your identity was read from a photo of your ID card. {services} open only after a "
                           "staff member confirms it here. Please ask a staff member to check your card and "
                           "place their staff card on the staff card reader. Filing a case does not need this.")
            set_role(self.text, "hint")
        else:
            text = self.tr("Your identity was read from a photo of your ID card. {services} cannot be opened with "
                           "it at this kiosk. Please place your ID card on the card reader, or ask at the service "
                           "counter. Filing a case does not need this.")
            set_role(self.text, "error")
        self.text.setText(text.replace("{services}", services))


class IdentifyScreen(Screen):
    """Waits for a resident ID card, then shows who was identified (ID number masked). An identity read
    from a photo that the chosen service does not take unconfirmed waits for a staff card
    (StaffConfirmPanel; the rule itself is kiosk.assurance, applied by the session)."""

    name = "identify"
    SPEC = ScreenSpec(
        "identify",
        lambda: QCoreApplication.translate("screens", "Identify with your ID card"),
        lambda: QCoreApplication.translate("screens", "Place your resident ID card flat on the card reader below the screen."),
        ("identityCard", "continueButton", "photoIdButton", "photoIdTake",
         *(f"photoId_{k}{part}" for k in ("name", "sex", "nation", "birth_date", "address", "id_number")
           for part in ("", "Confirm")),
         "photoId_valid_to", "photoIdContinue", "photoIdCancel", "backButton", "homeButton"),
    )

    def __init__(self, nav, identity_service, scan_service, session=None, assurance=None, catalog=()) -> None:
        super().__init__()
        self._nav = nav
        self._service = identity_service
        self._session = session
        self._assurance = assurance
        self._confirming = None  # the photo identity waiting for a staff member's confirmation
        self._identity = None
        self._problem: str | None = None
        self._photo_mode = False
        identity_service.identified.connect(self._identified)
        identity_service.problem.connect(self._show_problem)
        identity_service.card_removed.connect(self._card_removed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 30, 80, 30)
        self.prompt = label("title", name="identifyPrompt")
        self.prompt.setProperty("live", "polite")  # "Identified..." is said when the card is read
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.prompt)
        self.picture = CardOnReader()
        layout.addWidget(self.picture, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.message = label("hint", name="identifyMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.message)
        self.photo_button = button("photoIdButton")
        self.photo_button.clicked.connect(self._photo_mode_on)
        layout.addWidget(self.photo_button, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.photo = PhotoIdForm(scan_service)
        self.photo.cancel.clicked.connect(self._photo_mode_off)
        self.photo.confirm.clicked.connect(self._continue)
        self.photo.hide()
        layout.addWidget(self.photo)
        self.photo.take.clicked.connect(self._update)
        scan_service.card_read.connect(self._card_read)

        self.card = Card()
        self.card.setObjectName("identityCard")
        form = QFormLayout()
        form.setVerticalSpacing(16)
        self.name_label, self.name_value = label(), label(name="identityName")
        self.id_label, self.id_value = label(), label(name="identityNumber")
        self.valid_label, self.valid_value = label(), label(name="identityValid")
        form.addRow(self.name_label, self.name_value)
        form.addRow(self.id_label, self.id_value)
        form.addRow(self.valid_label, self.valid_value)
        self.card.layout_.addLayout(form)
        self.card.hide()
        layout.addWidget(self.card, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.card.setMinimumWidth(640)
        self.confirm_panel = StaffConfirmPanel(catalog)
        self.confirm_panel.hide()
        layout.addWidget(self.confirm_panel)
        if assurance is not None:
            assurance.confirmed.connect(self._staff_confirmed)
        layout.addStretch()
        row = QHBoxLayout()
        row.addStretch()
        self.continue_button = button("continueButton", "primary")
        self.continue_button.clicked.connect(self._continue)
        self.continue_button.hide()
        row.addWidget(self.continue_button)
        row.addStretch()
        layout.addLayout(row)
        self.retranslate()

    def enter(self) -> None:
        self.clear()
        self._service.start()
        known = self._session.data.identity if self._session is not None else None
        if known is not None and not self._accepted(known):  # e.g. a photo identity from filing, now for my cases
            self._await_confirmation(known)

    def leave(self) -> None:
        self._service.stop()
        self.photo.clear()
        self._stop_confirming()

    def _accepted(self, identity) -> bool:
        return self._session is None or self._session.accepts(identity)

    def _await_confirmation(self, identity) -> None:
        """The identity is not enough for the service unconfirmed: wait for a staff card (or say why not)."""
        self._confirming = identity
        available = self._assurance is not None and self._assurance.request(identity)
        self._photo_mode = False
        self.photo.clear()
        self._update()
        self.confirm_panel.show_for(available)

    def _stop_confirming(self) -> None:
        self._confirming = None
        self.confirm_panel.hide()
        if self._assurance is not None:
            self._assurance.cancel()

    def _staff_confirmed(self, identity) -> None:
        if self._confirming is None or not self.isVisible():
            return
        self._stop_confirming()
        self._service.stop()
        self._nav.identified(identity)

    def clear(self) -> None:
        self._identity = None
        self._problem = None
        self._photo_mode = False
        self._stop_confirming()
        self.photo.clear()
        self.prompt.show()
        self.message.show()
        self.card.hide()
        self.continue_button.hide()
        self.picture.show()
        self.name_value.clear()
        self.id_value.clear()
        self.valid_value.clear()
        self.retranslate()

    def _identified(self, identity) -> None:
        self._identity = identity
        self._problem = None
        self.name_value.setText(identity.name)
        self.id_value.setText(identity.masked_id)
        self.valid_value.setText(
            identity.valid_to.strftime("%Y.%m.%d") if identity.valid_to else self.tr("long-term")
        )
        self._photo_mode = False  # the chip read the card after all: it wins over a photo
        self._stop_confirming()
        self.photo.clear()
        self.picture.hide()
        self.card.show()
        self.continue_button.show()
        self.retranslate()
        self.continue_button.setFocus()

    def _photo_mode_on(self) -> None:
        self._photo_mode = True
        self.photo.clear()
        self._update()

    def _photo_mode_off(self) -> None:
        self._photo_mode = False
        self.photo.clear()
        self._update()

    def _card_read(self, _fields) -> None:
        self._update()

    def _update(self) -> None:
        waiting = self._identity is None
        self.photo.setVisible(waiting and self._photo_mode)
        self.picture.setVisible(waiting and not self._photo_mode and self._confirming is None)
        self.photo_button.setVisible(waiting and not self._photo_mode and self._confirming is None)
        self.prompt.setVisible(not (waiting and self._photo_mode))  # the form has its own instructions
        self.message.setVisible(not (waiting and self._photo_mode))
        self.continue_button.setVisible(not waiting)
        self.retranslate()

    def _show_problem(self, code: str) -> None:
        self._problem = code or None
        self.retranslate()

    def _card_removed(self) -> None:
        if self._problem == "card_left":
            self._problem = None
            self.retranslate()

    def _continue(self) -> None:
        if self._identity is not None:
            self._nav.identified(self._identity)
        elif self._photo_mode and self.photo.read:
            from kiosk.services.identity import PhotoIdProblems, identity_from_photo

            try:
                identity, problems = identity_from_photo(self.photo.values()), {}
            except PhotoIdProblems as exc:
                identity, problems = None, exc.problems
            if self.photo.show_problems(problems):
                return
            if not self._accepted(identity):
                self._await_confirmation(identity)
                return
            self._service.stop()
            self._nav.identified(identity)

    def problem_text(self, code: str) -> str:
        return {
            "expired": self.tr("This ID card has expired. Please use a valid ID card, or ask at the service "
                               "counter."),
            "invalid_id": self.tr("The ID number on this card failed its check. Please ask at the service "
                                  "counter."),
            "card_left": self.tr("A card is still on the reader from before. Please take it off, then place "
                                 "your own card."),
            "read_failed": self.tr("The card could not be read. Please take it off and place it again, flat "
                                   "and still."),
            "reader_missing": self.tr("The card reader is not working. Please ask at the service counter."),
        }.get(code, self.tr("The card could not be read. Please ask at the service counter."))

    def retranslate(self) -> None:
        self.name_label.setText(self.tr("Name"))
        self.id_label.setText(self.tr("ID number"))
        self.valid_label.setText(self.tr("Valid until"))
        self.continue_button.setText(self.tr("This is me, continue"))
        self.photo_button.setText(self.tr("Card cannot be read? Use the document camera instead"))
        self.photo.retranslate()
        self.confirm_panel.retranslate()
        if self._identity is not None:
            self.prompt.setText(self.tr("Identified. Please check it is you."))
            self.message.setText(self.tr("Leave your card on the reader or take it; you will be reminded at "
                                         "the end."))
            set_role(self.message, "hint")
        else:
            self.prompt.setText(self.spec.prompt())
            if self._problem:
                self.message.setText(self.problem_text(self._problem))
                set_role(self.message, "error")
            else:
                self.message.setText(self.tr("Waiting for a card…"))
                set_role(self.message, "hint")


SCREEN = ScreenEntry("identify", lambda nav, services: IdentifyScreen(
    nav, services.identity, services.scan, services.session, services.get("assurance"), services.catalog))
