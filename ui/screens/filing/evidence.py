"""The materials and evidence step: the checklist of materials for the filing's kind (guidance),
a page to scan for each, and the evidence list with its scanned pages."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout

from ui.screen_specs import ScreenSpec
from ui.screens.filing.base import FilingStep, Flow
from ui.widgets import Card, button, clear_layout, label, line_edit, set_role


class EvidenceScreen(FilingStep):
    """The materials checklist (guidance) with a camera button for each, and the evidence list."""

    name = "filing_evidence"
    SPEC = ScreenSpec(
        "filing_evidence",
        lambda: QCoreApplication.translate("screens", "File a case: materials and evidence"),
        lambda: QCoreApplication.translate("screens", "Scan the materials you have, and list your evidence. Put each page under the camera."),
        ("scan_*", "evidence_*", "addEvidence", "nextButton", "backButton", "homeButton"),
    )

    def __init__(self, flow: Flow) -> None:
        super().__init__(flow)
        self._target: tuple[str, int] | None = None  # where the next captured page goes
        columns = QHBoxLayout()
        self.materials_card = Card()
        self.materials_title = label("title")
        self.materials_card.layout_.addWidget(self.materials_title)
        self.materials_rows = QVBoxLayout()
        self.materials_card.layout_.addLayout(self.materials_rows)
        self.materials_card.layout_.addStretch()
        columns.addWidget(self.materials_card, 1)
        self.evidence_card = Card()
        self.evidence_title = label("title")
        self.evidence_card.layout_.addWidget(self.evidence_title)
        self.evidence_rows = QVBoxLayout()
        self.evidence_card.layout_.addLayout(self.evidence_rows)
        self.add_evidence = button("addEvidence")
        self.add_evidence.clicked.connect(self._add_evidence)
        self.evidence_card.layout_.addWidget(self.add_evidence)
        self.evidence_card.layout_.addStretch()
        columns.addWidget(self.evidence_card, 1)
        self.body.addLayout(columns)
        self.status = label("hint", name="captureStatus")
        self.body.addWidget(self.status)
        self.next = button("nextButton", "primary", self)
        self.next.clicked.connect(self._next)
        self.primary = self.next
        self._evidence_edits: list[tuple[QLineEdit, QLineEdit]] = []
        self.retranslate()

    def enter(self) -> None:
        self._target = None
        self.status.clear()
        self._rebuild()

    def store(self) -> None:
        draft = self.flow.draft
        if draft is None:
            return
        for item, (name, purpose) in zip(draft.evidence, self._evidence_edits, strict=False):
            item.name, item.purpose = name.text(), purpose.text()

    def clear(self) -> None:
        self._target = None
        self._evidence_edits = []
        clear_layout(self.materials_rows)
        clear_layout(self.evidence_rows)
        self.status.clear()

    def _rebuild(self) -> None:
        draft = self.flow.draft
        clear_layout(self.materials_rows)
        clear_layout(self.evidence_rows)
        self._evidence_edits = []
        if draft is None:
            return
        for material in self.flow.service.checklist(draft):
            row = QHBoxLayout()
            pages = len(draft.materials.get(material.code, []))
            text = label(name=f"material_{material.code}")
            text.setText(f"{_material_name(material.code)}　"
                         + (self.tr("(usually needed)") if material.needed else self.tr("(if you have it)"))
                         + (f"　✓ {self.tr('{n} page(s)').replace('{n}', str(pages))}" if pages else ""))
            row.addWidget(text, 1)
            if material.code != "evidence":
                scan = button(f"scan_{material.code}")
                scan.setText(self.tr("Scan a page"))
                scan.clicked.connect(lambda _=False, code=material.code: self._capture(("material", code)))
                row.addWidget(scan)
            self.materials_rows.addLayout(row)
        for n, item in enumerate(draft.evidence):
            box = Card()
            name = line_edit(f"evidence_{n}_name")
            name.setText(item.name)
            name.setPlaceholderText(self.tr("What it is, e.g. IOU of 2024-03-01"))
            purpose = line_edit(f"evidence_{n}_purpose")
            purpose.setText(item.purpose)
            purpose.setPlaceholderText(self.tr("What it proves, e.g. the loan was made"))
            box.layout_.addWidget(name)
            box.layout_.addWidget(purpose)
            row = QHBoxLayout()
            count = label(name=f"evidence_{n}_pages")
            count.setText(self.tr("{n} page(s) scanned").replace("{n}", str(len(item.pages))))
            row.addWidget(count, 1)
            scan = button(f"evidence_{n}_scan")
            scan.setText(self.tr("Scan a page"))
            scan.clicked.connect(lambda _=False, i=n: self._capture(("evidence", i)))
            row.addWidget(scan)
            remove = button(f"evidence_{n}_remove")
            remove.setText(self.tr("Remove"))
            remove.clicked.connect(lambda _=False, i=n: self._remove_evidence(i))
            row.addWidget(remove)
            box.layout_.addLayout(row)
            self.evidence_rows.addWidget(box)
            self._evidence_edits.append((name, purpose))
        self.add_evidence.setEnabled(len(draft.evidence) < 100)

    def _add_evidence(self) -> None:
        from kiosk.domain.filing import EvidenceDraft

        self.store()
        self.flow.draft.evidence.append(EvidenceDraft())
        self._rebuild()
        self._evidence_edits[-1][0].setFocus()

    def _remove_evidence(self, index: int) -> None:
        self.store()
        del self.flow.draft.evidence[index]
        self._rebuild()

    def _capture(self, target: tuple[str, object]) -> None:
        if self._target is not None:
            return
        self.store()
        self._target = target  # type: ignore[assignment]
        self.status.setText(self.tr("Place the page under the camera… taking the photo."))
        set_role(self.status, "hint")
        self.flow.scan_service.capture_page()

    def on_page(self, data: bytes) -> None:
        from kiosk.domain.filing import ScanPage

        target, self._target = self._target, None
        if target is None or self.flow.draft is None:
            return
        page = ScanPage(data=data, media_type="image/jpeg")
        kind, key = target
        if kind == "material":
            self.flow.draft.materials.setdefault(key, []).append(page)
        elif key < len(self.flow.draft.evidence):
            self.flow.draft.evidence[key].pages.append(page)
        self.status.setText(self.tr("Page scanned."))
        set_role(self.status, "ok")
        self._rebuild()

    def on_capture_failed(self, code: str) -> None:
        if self._target is None:
            return
        self._target = None
        self.status.setText(self.tr("The camera could not take the photo. You can try again, or bring the "
                                    "papers to the service counter.") if code != "no_camera"
                            else self.tr("This kiosk has no working document camera. Bring the papers to the "
                                         "service counter."))
        set_role(self.status, "error")

    def _next(self) -> None:
        def shown(problems) -> bool:
            if problems:
                self.status.setText(self.tr("As an agent you need the power of attorney: scan it, please.")
                                    if "power_of_attorney" in problems
                                    else self.tr("Please give every piece of evidence a name, or remove it."))
                set_role(self.status, "error")
            return bool(problems)

        self.step_on(shown)

    def retranslate(self) -> None:
        self.prompt.setText(self.spec.prompt())
        self.materials_title.setText(self.tr("Materials usually needed"))
        self.evidence_title.setText(self.tr("Evidence list"))
        self.add_evidence.setText(self.tr("Add a piece of evidence"))
        self.next.setText(self.tr("Next"))
        if self.isVisible():
            self._rebuild()


def _material_name(code: str) -> str:
    return {
        "identity": QCoreApplication.translate("filing", "Your ID card (a copy)"),
        "business_licence": QCoreApplication.translate("filing", "Business licence and legal representative certificate"),
        "power_of_attorney": QCoreApplication.translate("filing", "Power of attorney (signed by the party)"),
        "agent_identity": QCoreApplication.translate("filing", "The agent's ID card (a copy)"),
        "defendant_identity": QCoreApplication.translate("filing", "Information identifying the other side (ID or registration)"),
        "judgment": QCoreApplication.translate("filing", "The judgment or document (a copy)"),
        "effective_certificate": QCoreApplication.translate("filing", "Certificate that it is effective"),
        "complaint": QCoreApplication.translate("filing", "A written complaint (the kiosk writes one from your answers)"),
        "evidence": QCoreApplication.translate("filing", "Evidence, listed on the right"),
    }.get(code, code)
