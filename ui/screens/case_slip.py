from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ui.screen_specs import ScreenSpec
from ui.screens import ScreenEntry
from ui.screens.cases import list_notice
from ui.widgets import Screen, button, label, set_role


class CaseSlipScreen(Screen):
    """案件凭条: choose one of your cases, take a slip with its numbers and state."""

    name = "case_slip"
    SPEC = ScreenSpec(
        "case_slip",
        lambda: QCoreApplication.translate("screens", "Case slip"),
        lambda: QCoreApplication.translate("screens", "Choose a case, then touch Print slip: the receipt printer "
                                                      "gives you its numbers and its state."),
        ("slipTable", "printSlip", "backButton", "homeButton"),
    )

    def __init__(self, nav, slips) -> None:
        super().__init__()
        self._service = slips
        self._identity = None
        self._rows = []
        self._reachable = True
        self._state = "idle"  # idle | loading | printing | printed | failed:<code>
        slips.loaded.connect(self._loaded)
        slips.printed.connect(self._printed)
        slips.print_failed.connect(self._print_failed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 16, 48, 16)
        self.message = label("hint", name="slipMessage")
        layout.addWidget(self.message)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("slipTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table, 1)
        self.status = label(name="slipStatus")
        self.status.setProperty("live", "polite")  # said as it changes (speech on)
        layout.addWidget(self.status)
        self.print_button = button("printSlip", "primary", self)
        self.print_button.clicked.connect(self._print)
        self.primary = self.print_button  # in the footer, where every screen's main action is
        self.retranslate()

    # -- the visit -------------------------------------------------------------------------
    def begin(self, identity) -> None:
        self._identity = identity
        self._state = "loading"
        self.retranslate()
        self._service.load(identity)

    def _loaded(self, rows, reachable: bool) -> None:
        if self._identity is None:
            return
        self._rows, self._reachable, self._state = rows, reachable, "idle"
        self.retranslate()
        if len(rows) == 1:
            self.table.selectRow(0)

    def selected(self):
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self._rows):
            return None
        return self._rows[rows[0].row()]

    def _selection_changed(self) -> None:
        if self._state.startswith("failed") or self._state == "printed":
            self._state = "idle"
        self._controls()

    def _print(self) -> None:
        row = self.selected()
        if row is None or self._state in ("printing", "loading"):
            return
        self._set_state("printing")
        self._service.print_slip(row)

    def _printed(self, _filing_id: str) -> None:
        self._set_state("printed")

    def _print_failed(self, _filing_id: str, code: str) -> None:
        self._set_state(f"failed:{code}")

    def _set_state(self, state: str) -> None:
        if self._identity is not None:
            self._state = state
            self._controls()

    def clear(self) -> None:
        self._identity = None
        self._rows = []
        self._state = "idle"
        self._reachable = True
        self.retranslate()

    # -- texts -----------------------------------------------------------------------------
    def _status_text(self) -> tuple[str, str]:
        state = self._state
        if state == "printing":
            return self.tr("Printing…"), "hint"
        if state == "printed":
            return self.tr("Printed. Please take your slip from the printer."), "ok"
        if state.startswith("failed"):
            code = state.split(":", 1)[1]
            if code == "paper_out":
                return self.tr("The printer is out of paper. Please ask at the service counter."), "error"
            return self.tr("The slip could not be printed. Please ask at the service counter."), "error"
        if self._rows and self.selected() is None:
            return self.tr("Touch a case first."), "hint"
        return "", "hint"

    def _controls(self) -> None:
        """The button and the status line, from the state and the selection."""
        self.print_button.setEnabled(self.selected() is not None and self._state not in ("printing", "loading"))
        text, role = self._status_text()
        self.status.setText(text)
        set_role(self.status, role)

    def retranslate(self) -> None:
        self.print_button.setText(self.tr("Print slip"))
        notice = list_notice(self._state == "loading", self._reachable, not self._rows)
        text, role = notice or (self.spec.prompt(), "hint")
        self.message.setText(text)
        set_role(self.message, role)
        self.table.setHorizontalHeaderLabels([self.tr("Submitted"), self.tr("Case type"), self.tr("Status"),
                                              self.tr("Case number")])
        selected = self.selected()
        self.table.blockSignals(True)
        self.table.setRowCount(len(self._rows))
        for r, row in enumerate(self._rows):
            cells = [row.submitted_at[:16].replace("T", " "), row.case_type_name, row.status, row.case_number or ""]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        if selected is not None and selected in self._rows:
            self.table.selectRow(self._rows.index(selected))
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()
        self._controls()


SCREEN = ScreenEntry("case_slip", lambda nav, services: CaseSlipScreen(nav, services.case_slip), serves=("case_slip",))
