"""What the filing steps share: the step's base classes (`FilingStep`, and `AssistedStep` for
steps whose fields the kiosk can fill from a scanned page or by voice), the party names of a
filing's kind, and small layout helpers.

A step knows the flow that holds it only as `Flow` (what it uses of it), so no step module
imports the flow's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QVBoxLayout

from kiosk.domain.filing_wizard import ALL_STEPS
from ui.assist import AssistedField, ScanPanel, VoiceInput
from ui.problems import problem_text
from ui.widgets import Screen, label

if TYPE_CHECKING:
    from kiosk.domain.filing import FilingDraft
    from kiosk.domain.filing_wizard import Move

SCREEN_PREFIX = "filing_"  # a step's screen is named after it: "parties" -> "filing_parties"


def screen_of(step: str) -> str:
    return SCREEN_PREFIX + step


def step_of(name: str) -> str | None:
    """The step a screen shows (None: a screen outside the wizard, e.g. "submitted" or "menu")."""
    step = name.removeprefix(SCREEN_PREFIX)
    return step if name.startswith(SCREEN_PREFIX) and step in ALL_STEPS else None


class Flow(Protocol):
    """What a step uses of the flow that holds it (`ui.screens.filing.flow.FilingFlow`)."""

    nav: Any
    service: Any  # kiosk.services.filing.FilingService
    scan_service: Any
    voice: VoiceInput
    voice_service: Any
    documents: Any  # kiosk.services.documents.DocumentService, or None
    payment: Any  # kiosk.services.payment.PaymentService, or None
    identity: Any

    @property
    def draft(self) -> FilingDraft | None: ...

    def advance(self, name: str) -> Move: ...

    def follow(self, move: Move) -> None: ...

    def confirm(self) -> None: ...

    def show_document(self) -> None: ...


def role_title(kind: str, role: str) -> str:
    """What the parties are called in a filing of this kind."""
    names = {
        "first_instance": (QCoreApplication.translate("filing", "Plaintiff"), QCoreApplication.translate("filing", "Defendant")),
        "appeal": (QCoreApplication.translate("filing", "Appellant"), QCoreApplication.translate("filing", "Appellee")),
        "enforcement": (QCoreApplication.translate("filing", "Applicant"), QCoreApplication.translate("filing", "Respondent")),
        "mediation": (QCoreApplication.translate("filing", "Applicant"), QCoreApplication.translate("filing", "Other party")),
    }[kind]
    return {"plaintiff": names[0], "defendant": names[1], "third_party": QCoreApplication.translate("filing", "Third party")}[role]


def ui_language() -> str:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance().property("kioskLanguage") or "zh_CN"


class FilingStep(Screen):
    """A step of the filing flow: the flow's draft, a column layout, the spec's prompt on top."""

    def __init__(self, flow: Flow) -> None:
        super().__init__()
        self.flow = flow
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(60, 16, 60, 16)
        self.prompt = label("hint")
        self.body.addWidget(self.prompt)

    def step_on(self, shown) -> None:
        """Next: store the answers and go where the wizard leads, unless ``shown(problems)`` (the
        step's way of showing what is wrong) returns True: then stay."""
        self.store()
        move = self.flow.advance(self.name)
        if not shown(move.problems):
            self.flow.follow(move)

    def show_error(self, label_, text: str, problems) -> bool:
        """For steps with one error line: show ``text`` there when there are problems."""
        if problems:
            label_.setText(text)
            label_.show()
        return bool(problems)


class AssistedStep(FilingStep):
    """A filing step whose fields can be filled from a scanned complaint and by voice; each
    field the kiosk fills must be confirmed or corrected before the litigant moves on."""

    def __init__(self, flow: Flow) -> None:
        super().__init__(flow)
        self.scan_panel = ScanPanel(f"{self.name}Scan", flow.scan_service)
        self.body.addWidget(self.scan_panel)
        self.voice_status = label("hint", name=f"{self.name}Voice")
        self.body.addWidget(self.voice_status)
        flow.voice.status.connect(self._voice_status)
        self.fields: dict[str, AssistedField] = {}

    def add_field(self, key: str, editor, voice: bool = True) -> AssistedField:
        field = AssistedField(editor, voice=voice)
        self.fields[key] = field
        self.flow.voice.add(field)
        return field

    def _voice_status(self, text: str) -> None:
        if self.isVisible():
            self.voice_status.setText(text)
            self.voice_status.setVisible(bool(text))

    def enter(self) -> None:
        text = self.flow.voice.unavailable_reason()
        self.voice_status.setText(text)
        self.voice_status.setVisible(bool(text))
        self.flow.voice_service.prepare()

    def leave(self) -> None:
        self.flow.voice.stop()

    def clear_fields(self) -> None:
        for field in self.fields.values():
            field.clear()
        self.scan_panel.clear()

    def apply_page(self, suggestions: dict) -> int:
        filled = 0
        for key, field in self.fields.items():
            found = suggestions.get(key)
            if found is not None and found.value:
                field.suggest(found.value, "scan", low=found.flagged)
                filled += 1
        return filled

    def unconfirmed(self) -> list[AssistedField]:
        """Fields the kiosk filled that the litigant has not confirmed or corrected yet."""
        pending = [f for f in self.fields.values() if f.pending]
        for field in pending:
            field.show_error(QCoreApplication.translate(
                "filing", "Please check this, then touch \"It is right\" or change it."))
        if pending:
            pending[0].editor.setFocus()
        return pending

    def show_problems(self, problems: dict[str, str]) -> bool:
        """Show each field's problem (or none); True if there was any."""
        for key, field in self.fields.items():
            code = problems.get(key)
            field.show_error(problem_text(code) if code else None)
        first = next((self.fields[k] for k in self.fields if k in problems), None)
        if first is not None:
            first.editor.setFocus()
        return first is not None

    def retranslate_fields(self) -> None:
        self.prompt.setText(self.spec.prompt())
        self.scan_panel.retranslate()
        for field in self.fields.values():
            field.retranslate()
