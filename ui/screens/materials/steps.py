"""The 材料收转 steps: the case, the pages, what it is, and the receipt. Each step knows the flow
that holds it (`ui.screens.materials.flow.MaterialsFlow`) only by what it uses of it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from kiosk.services.materials import KIND_NAMES, KINDS, MAX_PAGES, digest_lines
from ui.screen_specs import ScreenSpec
from ui.screens.cases import list_notice
from ui.widgets import Card, Screen, button, label, line_edit, set_role

THUMB = QSize(150, 212)
PREVIEW = QSize(380, 537)  # A4 proportions


def kind_text(kind: str) -> str:
    """What a kind of material is called on the screen."""
    return {
        "evidence": QCoreApplication.translate("materials", "Evidence"),
        "defence": QCoreApplication.translate("materials", "Defence (statement of defence)"),
        "agent_opinion": QCoreApplication.translate("materials", "Agent's opinion"),
        "identity": QCoreApplication.translate("materials", "Proof of identity"),
        "other": QCoreApplication.translate("materials", "Other"),
    }[kind]


def case_label(row) -> str:
    """A case as the litigant knows it: the court's case number, or the filing's number."""
    return row.case_number or QCoreApplication.translate("materials", "Filing {number}").replace(
        "{number}", row.filing_id[:8].upper())


def _pixmap(page) -> QPixmap:
    """A page's small preview (a JPEG a few ten kB: quick to decode here)."""
    pixmap = QPixmap()
    if page.preview is not None:
        pixmap.loadFromData(page.preview)
    return pixmap


class _Step(Screen):
    def __init__(self, flow) -> None:
        super().__init__()
        self.flow = flow
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(48, 16, 48, 16)
        self.body.setSpacing(14)
        self.prompt = label("hint")
        self.body.addWidget(self.prompt)


class MaterialsCaseScreen(_Step):
    """Choose the case the material is for."""

    name = "materials_case"
    SPEC = ScreenSpec(
        "materials_case",
        lambda: QCoreApplication.translate("screens", "Hand in materials: your case"),
        lambda: QCoreApplication.translate("screens", "Choose the case you hand in materials for."),
        ("materialsCaseTable", "materialsCaseNext", "backButton", "homeButton"),
    )

    def __init__(self, flow) -> None:
        super().__init__(flow)
        self.message = label("hint", name="materialsCaseMessage")
        self.body.addWidget(self.message)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("materialsCaseTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._controls)
        self.body.addWidget(self.table, 1)
        self.next = button("materialsCaseNext", "primary", self)
        self.next.clicked.connect(self._next)
        self.primary = self.next
        self.retranslate()

    def selected(self):
        model = self.table.selectionModel()
        rows = model.selectedRows() if model is not None else []
        if not rows or rows[0].row() >= len(self.flow.rows):
            return None
        return self.flow.rows[rows[0].row()]

    def refresh(self) -> None:
        self.retranslate()
        draft = self.flow.draft
        rows = self.flow.rows
        if draft is not None and draft.case in rows:
            self.table.selectRow(rows.index(draft.case))
        elif len(rows) == 1:
            self.table.selectRow(0)

    def _controls(self) -> None:
        self.next.setEnabled(self.selected() is not None)

    def _next(self) -> None:
        row = self.selected()
        if row is None or self.flow.draft is None:
            return
        self.flow.draft.case = row
        self.flow.go(self.flow.scan)

    def clear(self) -> None:
        self.table.setRowCount(0)
        self.retranslate()

    def retranslate(self) -> None:
        self.prompt.setText(self.spec.prompt())
        self.next.setText(self.tr("Next"))
        flow = self.flow
        notice = list_notice(flow.loading, flow.reachable, not flow.rows)
        if notice is None and flow.rows:
            notice = (self.tr("Materials for a filing the court has not received yet are sent after it."), "hint") \
                if any(r.local_only for r in flow.rows) else ("", "hint")
        text, role = notice or ("", "hint")
        self.message.setText(text)
        self.message.setVisible(bool(text))
        set_role(self.message, role)
        self.table.setHorizontalHeaderLabels([self.tr("Case"), self.tr("Case type"), self.tr("Status"),
                                              self.tr("Submitted")])
        selected = self.selected()
        self.table.blockSignals(True)
        self.table.setRowCount(len(flow.rows))
        for r, row in enumerate(flow.rows):
            cells = [case_label(row), row.case_type_name, row.status, row.submitted_at[:16].replace("T", " ")]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        if selected is not None and selected in flow.rows:
            self.table.selectRow(flow.rows.index(selected))
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()
        self._controls()


class MaterialsScanScreen(_Step):
    """Photograph the pages one by one; look at each, retake or delete it."""

    name = "materials_scan"
    SPEC = ScreenSpec(
        "materials_scan",
        lambda: QCoreApplication.translate("screens", "Hand in materials: scan the pages"),
        lambda: QCoreApplication.translate("screens", "Put a page face up under the camera and touch Scan a page. "
                                                      "Do this for every page, in order."),
        ("materialsScan", "materialsRetake", "materialsDelete", "materialsPages", "materialsScanNext", "backButton",
         "homeButton"),
    )

    def __init__(self, flow) -> None:
        super().__init__(flow)
        self._target: int | None = None  # None: no scan under way; -1: a new page; n: page n retaken
        self.case_line = label("title", name="materialsScanCase")
        self.body.addWidget(self.case_line)
        actions = QHBoxLayout()
        self.scan_button = button("materialsScan", "primary")
        self.scan_button.clicked.connect(lambda: self._scan(-1))
        actions.addWidget(self.scan_button)
        self.retake = button("materialsRetake")
        self.retake.clicked.connect(lambda: self._scan(self._current()))
        actions.addWidget(self.retake)
        self.delete = button("materialsDelete")
        self.delete.clicked.connect(self._delete)
        actions.addWidget(self.delete)
        actions.addStretch()
        self.count = label("big", wrap=False, name="materialsPageCount")
        actions.addWidget(self.count)
        self.body.addLayout(actions)
        self.status = label("hint", name="materialsScanStatus")
        self.status.setProperty("live", "polite")  # each page taken, said as it comes (speech on)
        self.body.addWidget(self.status)
        pages = QHBoxLayout()
        self.list = QListWidget()
        self.list.setObjectName("materialsPages")
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(THUMB)
        self.list.setGridSize(QSize(THUMB.width() + 24, THUMB.height() + 44))
        self.list.setMovement(QListWidget.Movement.Static)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setWrapping(True)
        self.list.currentRowChanged.connect(self._show_current)
        pages.addWidget(self.list, 1)
        self.preview = QLabel()
        self.preview.setObjectName("materialsPreview")
        self.preview.setFixedSize(PREVIEW)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("QLabel#materialsPreview { background: #8a8f98; border-radius: 12px; }")
        pages.addWidget(self.preview)
        self.body.addLayout(pages, 1)
        self.next = button("materialsScanNext", "primary", self)
        self.next.clicked.connect(self._next)
        self.primary = self.next
        self.retranslate()

    @property
    def pages(self) -> list:
        draft = self.flow.draft
        return draft.pages if draft is not None else []

    @property
    def scanning(self) -> bool:
        return self._target is not None

    def enter(self) -> None:
        self.retranslate()
        self._rebuild(self.list.currentRow())

    def _current(self) -> int:
        row = self.list.currentRow()
        return row if 0 <= row < len(self.pages) else -1

    def _scan(self, target: int) -> None:
        if self.scanning or self.flow.draft is None:
            return
        if target < 0 and len(self.pages) >= MAX_PAGES:
            self._say(self.tr("A material has at most {n} pages: hand in the rest as another material.")
                      .replace("{n}", str(MAX_PAGES)), "error")
            return
        self._target = target
        self._say(self.tr("Hold still… taking the photo of the page."), "hint")
        self._controls()
        self.flow.service.scan()

    def on_page(self, page) -> None:
        target, self._target = self._target, None
        if target is None or self.flow.draft is None:
            return
        pages = self.pages
        if 0 <= target < len(pages):
            pages[target] = page
            index = target
            self._say(self.tr("Page {n} taken again.").replace("{n}", str(index + 1)), "ok")
        else:
            pages.append(page)
            index = len(pages) - 1
            self._say(self.tr("Page {n} scanned. Put the next page under the camera, or touch Next when all "
                              "pages are in.").replace("{n}", str(index + 1)), "ok")
        if not page.found:
            self._say(self.tr("Page {n}: its edges were not found, so the whole photo is kept. Check it, and "
                              "retake it with the whole page in view if it looks wrong.")
                      .replace("{n}", str(index + 1)), "error")
        self._rebuild(index)

    def on_failed(self, code: str) -> None:
        if self._target is None:
            return
        self._target = None
        if code == "no_camera":
            self._say(self.tr("This kiosk has no working document camera. Please bring your papers to the service "
                              "counter."), "error")
        else:
            self._say(self.tr("The camera could not take the photo. Please try again, or ask at the service "
                              "counter."), "error")
        self._controls()

    def _delete(self) -> None:
        index = self._current()
        if index < 0 or self.scanning:
            return
        del self.pages[index]
        self._say(self.tr("Page {n} deleted.").replace("{n}", str(index + 1)), "hint")
        self._rebuild(min(index, len(self.pages) - 1))

    def _rebuild(self, current: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for n, page in enumerate(self.pages, 1):
            self.list.addItem(QListWidgetItem(QIcon(_pixmap(page)), self.tr("Page {n}").replace("{n}", str(n))))
        self.list.blockSignals(False)
        if self.pages:
            self.list.setCurrentRow(max(0, min(current, len(self.pages) - 1)))
        self._show_current()
        self._controls()

    def _show_current(self, *_args) -> None:
        self._name_actions()
        index = self._current()
        page = self.pages[index] if index >= 0 else None
        if page is None or page.preview is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.tr("No page yet") if not self.pages else "")
            return
        self.preview.setPixmap(_pixmap(page).scaled(
            PREVIEW - QSize(16, 16), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
        self._controls()

    def _say(self, text: str, role: str) -> None:
        self.status.setText(text)
        set_role(self.status, role)

    def _name_actions(self) -> None:
        """Retake and Delete are heard with the page they act on (the keys move over the pages)."""
        index = self._current()
        page = self.tr("Page {n}").replace("{n}", str(index + 1)) if index >= 0 else ""
        for action in (self.retake, self.delete):
            action.setAccessibleName(f"{action.text()}: {page}" if page else "")

    def _controls(self) -> None:
        has_page = self._current() >= 0
        self._name_actions()
        self.scan_button.setEnabled(not self.scanning)
        self.retake.setEnabled(has_page and not self.scanning)
        self.delete.setEnabled(has_page and not self.scanning)
        self.next.setEnabled(bool(self.pages) and not self.scanning)
        self.count.setText(self.tr("{n} page(s)").replace("{n}", str(len(self.pages))))

    def _next(self) -> None:
        if self.pages and not self.scanning:
            self.flow.go(self.flow.describe)

    def clear(self) -> None:
        self._target = None
        self.list.clear()
        self.preview.setPixmap(QPixmap())
        self.status.clear()
        self.retranslate()

    def retranslate(self) -> None:
        self.prompt.setText(self.spec.prompt())
        draft = self.flow.draft
        self.case_line.setText(self.tr("For case: {case}").replace("{case}", case_label(draft.case))
                               if draft is not None and draft.case is not None else "")
        self.scan_button.setText(self.tr("Scan a page"))
        self.retake.setText(self.tr("Retake this page"))
        self.delete.setText(self.tr("Delete this page"))
        self.next.setText(self.tr("Next"))
        for n in range(self.list.count()):
            self.list.item(n).setText(self.tr("Page {n}").replace("{n}", str(n + 1)))
        if not self.pages:
            self.preview.setText(self.tr("No page yet"))
        self._controls()


class MaterialsDescribeScreen(_Step):
    """What the material is, its name, and handing it in."""

    name = "materials_describe"
    SPEC = ScreenSpec(
        "materials_describe",
        lambda: QCoreApplication.translate("screens", "Hand in materials: what it is"),
        lambda: QCoreApplication.translate("screens", "Choose what kind of material this is and check its name, "
                                                      "then touch Hand in."),
        ("materialKind_*", "materialName", "materialsConfirm", "backButton", "homeButton"),
    )

    def __init__(self, flow) -> None:
        super().__init__(flow)
        self.storing = False
        card = Card()
        self.kind_title = label("title")
        card.layout_.addWidget(self.kind_title)
        grid = QGridLayout()
        self.kind_group = QButtonGroup(self)
        self.kind_buttons: dict[str, QRadioButton] = {}
        for n, kind in enumerate(KINDS):
            b = QRadioButton()
            b.setObjectName(f"materialKind_{kind}")
            self.kind_group.addButton(b)
            self.kind_buttons[kind] = b
            grid.addWidget(b, n // 2, n % 2)
            b.toggled.connect(lambda on, k=kind: on and self._kind_changed(k))
        card.layout_.addLayout(grid)
        self.name_title = label("title")
        card.layout_.addWidget(self.name_title)
        self.name_edit = line_edit("materialName")
        self.name_edit.setMaxLength(100)
        card.layout_.addWidget(self.name_edit)
        self.name_hint = label("hint")
        card.layout_.addWidget(self.name_hint)
        self.body.addWidget(card)
        self.summary = label("big", name="materialsSummary")
        self.body.addWidget(self.summary)
        self.status = label("hint", name="materialsStoreStatus")
        self.status.setProperty("live", "polite")
        self.body.addWidget(self.status)
        self.body.addStretch()
        self.confirm = button("materialsConfirm", "primary", self)
        self.confirm.clicked.connect(self._confirm)
        self.primary = self.confirm
        self._default_name = ""
        self.kind_buttons["evidence"].setChecked(True)
        self.retranslate()

    def kind(self) -> str:
        return next(k for k, b in self.kind_buttons.items() if b.isChecked())

    def _kind_changed(self, kind: str) -> None:
        """The name follows the kind until the litigant writes one of their own."""
        text = self.name_edit.text().strip()
        if not text or text == self._default_name:
            self.name_edit.setText(KIND_NAMES[kind])
        self._default_name = KIND_NAMES[kind]

    def enter(self) -> None:
        draft = self.flow.draft
        if draft is None:
            return
        self.kind_buttons[draft.kind].setChecked(True)
        self._default_name = KIND_NAMES[draft.kind]
        self.name_edit.setText(draft.name or KIND_NAMES[draft.kind])
        if not self.storing:
            self.status.clear()
        self.retranslate()

    def store(self) -> None:
        draft = self.flow.draft
        if draft is not None and not self.storing:  # what is on its way into the outbox stays as it is
            draft.kind = self.kind()
            draft.name = self.name_edit.text().strip()

    def _confirm(self) -> None:
        draft = self.flow.draft
        if draft is None or self.storing or not draft.pages or draft.case is None:
            return
        if not self.name_edit.text().strip():
            self.name_edit.setText(KIND_NAMES[self.kind()])
        self.store()  # (after a failed confirm the same ids go again: the material was not stored)
        self.storing = True
        self._say(self.tr("Saving your material…"), "hint")
        self._controls()
        self.flow.confirm()

    def on_failed(self, code: str) -> None:
        if not self.storing:
            return
        self.storing = False
        if code == "too_large":
            text = self.tr("This material is too large to send in one piece. Please go back, delete some pages "
                           "and hand them in as another material.")
        elif code == "invalid":
            text = self.tr("The court's system does not accept this material as it is. Please check its name, or "
                           "ask at the service counter.")
        else:
            text = self.tr("Your material could not be saved on this kiosk (its storage may be full). Nothing was "
                           "sent and your pages are kept: touch Hand in to try again, or ask at the service counter.")
        self._say(text, "error")
        self._controls()

    def _say(self, text: str, role: str) -> None:
        self.status.setText(text)
        set_role(self.status, role)

    def _controls(self) -> None:
        self.confirm.setEnabled(not self.storing)
        for b in self.kind_buttons.values():
            b.setEnabled(not self.storing)
        self.name_edit.setEnabled(not self.storing)

    def clear(self) -> None:
        self.storing = False
        self.kind_buttons["evidence"].setChecked(True)
        self.name_edit.clear()
        self.status.clear()
        self.summary.clear()
        self._controls()

    def retranslate(self) -> None:
        self.prompt.setText(self.spec.prompt())
        self.kind_title.setText(self.tr("What is it?"))
        for kind, b in self.kind_buttons.items():
            b.setText(kind_text(kind))
        self.name_title.setText(self.tr("Its name"))
        self.name_hint.setText(self.tr("The court sees this name, e.g. 借条 or 证人证言. Touch the field to change it."))
        self.confirm.setText(self.tr("Hand in"))
        draft = self.flow.draft
        if draft is not None and draft.case is not None:
            self.summary.setText(self.tr("Case {case}: {n} page(s)").replace("{case}", case_label(draft.case))
                                 .replace("{n}", str(len(draft.pages))))
        self._controls()


class MaterialsDoneScreen(_Step):
    """The material is saved: what the receipt says, and the receipt's printing."""

    name = "materials_done"
    SPEC = ScreenSpec(
        "materials_done",
        lambda: QCoreApplication.translate("screens", "Materials handed in"),
        lambda: QCoreApplication.translate("screens", "Your material is saved on this kiosk and goes to the court "
                                                      "automatically. Take your receipt."),
        ("materialsDoneCard", "materialsReprint", "materialsFinish", "backButton", "homeButton"),
    )

    def __init__(self, flow) -> None:
        super().__init__(flow)
        self._outcome = None
        self._print_state = ""  # printing | printed | failed:<code>
        card = Card()
        card.setObjectName("materialsDoneCard")  # (the keys read the receipt's lines from it)
        self.heading = label("title", name="materialsDoneHeading")
        card.layout_.addWidget(self.heading)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setColumnStretch(1, 1)
        self.keys: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for n, key in enumerate(("court", "case", "kind", "name", "pages", "digest", "time", "status")):
            self.keys[key] = label("hint", wrap=False)
            self.values[key] = label(name=f"materialsDone_{key}")
            self.values[key].setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            grid.addWidget(self.keys[key], n, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(self.values[key], n, 1)
        self.values["digest"].setStyleSheet("font-family: 'DejaVu Sans Mono', monospace;")
        card.layout_.addLayout(grid)
        self.body.addWidget(card)
        row = QHBoxLayout()
        self.print_status = label(name="materialsPrintStatus")
        self.print_status.setProperty("live", "polite")
        row.addWidget(self.print_status, 1)
        self.reprint = button("materialsReprint")
        self.reprint.clicked.connect(self._reprint)
        self.reprint.hide()
        row.addWidget(self.reprint)
        self.body.addLayout(row)
        self.body.addStretch()
        self.finish = button("materialsFinish", "primary", self)
        self.finish.clicked.connect(lambda: self.flow.nav.finish())
        self.primary = self.finish
        self.retranslate()

    def show_outcome(self, outcome) -> None:
        self._outcome = outcome
        self._print_state = "printing"
        self.retranslate()

    def set_print_state(self, state: str) -> None:
        if self._outcome is not None:
            self._print_state = state
            self.retranslate()

    def _reprint(self) -> None:
        if self._outcome is None or self._print_state == "printing":
            return
        self._print_state = "printing"
        self.retranslate()
        self.flow.service.print_receipt(self._outcome, reprint=True)

    def clear(self) -> None:
        self._outcome = None
        self._print_state = ""
        for value in self.values.values():
            value.clear()
        self.retranslate()

    def _print_text(self) -> tuple[str, str]:
        state = self._print_state
        if state == "printing":
            return self.tr("Printing your receipt…"), "hint"
        if state == "printed":
            return self.tr("Please take your receipt from the printer."), "ok"
        if state.startswith("failed"):
            if state.endswith("paper_out"):
                return self.tr("The receipt printer is out of paper. Your material is saved all the same; ask at "
                               "the service counter for the receipt."), "error"
            return self.tr("The receipt could not be printed. Your material is saved all the same; you can try "
                           "again or ask at the service counter."), "error"
        return "", "hint"

    def retranslate(self) -> None:
        self.prompt.setText(self.spec.prompt())
        self.finish.setText(self.tr("Finish"))
        self.reprint.setText(self.tr("Print the receipt again"))
        titles = {"court": self.tr("Court"), "case": self.tr("Case"), "kind": self.tr("Kind"),
                  "name": self.tr("Name"), "pages": self.tr("Pages"), "digest": self.tr("Digest (SHA-256)"),
                  "time": self.tr("Handed in"), "status": self.tr("Status")}
        for key, text in titles.items():
            self.keys[key].setText(text)
        outcome = self._outcome
        self.heading.setText(self.tr("Your material is saved") if outcome is not None else "")
        if outcome is not None:
            values = {
                "court": outcome.court_name,
                "case": outcome.case_number or self.tr("Filing {number}").replace("{number}",
                                                                                   outcome.filing_id[:8].upper()),
                "kind": kind_text(outcome.kind),
                "name": outcome.name,
                "pages": str(outcome.pages),
                "digest": "\n".join(digest_lines(outcome.sha256)),
                "time": f"{outcome.confirmed_at:%Y-%m-%d %H:%M}",
                "status": self.tr("Saved; being sent to the court"),
            }
            for key, text in values.items():
                self.values[key].setText(text)
            set_role(self.values["status"], "ok")
        text, role = self._print_text()
        self.print_status.setText(text)
        set_role(self.print_status, role)
        self.reprint.setVisible(self._print_state.startswith("failed"))
