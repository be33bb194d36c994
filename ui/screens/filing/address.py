"""The address-for-service step (送达地址确认书), with consent to electronic service."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.screen_specs import ScreenSpec
from ui.screens.filing.base import FilingStep, Flow
from ui.widgets import button


class AddressScreen(FilingStep):
    """The address-for-service confirmation, with consent to electronic service."""

    name = "filing_address"
    SPEC = ScreenSpec(
        "filing_address",
        lambda: QCoreApplication.translate("screens", "File a case: address for service"),
        lambda: QCoreApplication.translate("screens", "Where should the court send your documents? Check the address and phone."),
        ("serviceAddress", "servicePostcode", "servicePhone", "serviceRecipient", "serviceElectronic",
         "serviceSms", "serviceEmail", "serviceEmailAddress", "serviceWechat", "serviceConfirmed",
         "nextButton", "backButton", "homeButton"),
    )

    def __init__(self, flow: Flow) -> None:
        super().__init__(flow)
        from ui.service_address_form import ServiceAddressForm

        self.form = ServiceAddressForm()
        self.body.addWidget(self.form, 1)
        self.next = button("nextButton", "primary", self)
        self.next.clicked.connect(self._next)
        self.primary = self.next
        self.retranslate()

    def enter(self) -> None:
        draft = self.flow.draft
        self.form.load(draft.address)
        first = draft.plaintiffs[0] if draft.plaintiffs else None
        identity = self.flow.identity
        if first is not None:
            self.form.prefill(first.address, first.phone, first.name if draft.filed_by == "self"
                              else (identity.name if identity is not None else first.name))

    def store(self) -> None:
        if self.flow.draft is not None:
            self.form.store(self.flow.draft.address)

    def clear(self) -> None:
        self.form.clear()

    def _next(self) -> None:
        def shown(problems) -> bool:
            self.form.show_problems(problems)
            return bool(problems)

        self.step_on(shown)

    def retranslate(self) -> None:
        self.prompt.setText(self.spec.prompt())
        self.form.retranslate()
        self.next.setText(self.tr("Next"))
