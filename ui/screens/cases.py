from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ui.screen_specs import ScreenSpec
from ui.screens import ScreenEntry
from ui.widgets import Screen, button, label, set_role

STATUS_ROLE = {"已立案": "ok", "审核不通过": "error", "不予立案": "error"}


def list_notice(loading: bool, reachable: bool, empty: bool) -> tuple[str, str] | None:
    """What a list of one's cases says above it (text, role) while it loads, when the court is out of
    reach or when there is nothing: None otherwise (the screen's own prompt)."""
    if loading:
        return QCoreApplication.translate("MyCasesScreen", "Asking the court…"), "hint"
    if not reachable:
        return QCoreApplication.translate(
            "MyCasesScreen", "The court's system cannot be reached right now. Filings saved on this kiosk are "
                             "shown; please try again later."), "error"
    if empty:
        return QCoreApplication.translate("MyCasesScreen", "You have no cases or filings at this court."), "hint"
    return None


class MyCasesScreen(Screen):
    """The identified person's filings and cases, with the review outcome."""

    name = "my_cases"
    SPEC = ScreenSpec(
        "my_cases",
        lambda: QCoreApplication.translate("screens", "My cases"),
        lambda: QCoreApplication.translate("screens", "These are your cases and filings at this court."),
        ("casesMessage", "caseTable", "caseDetailButton", "payFeeButton", "refreshButton", "paymentPanel",
         "paymentPrintNotice", "paymentRenew", "paymentPrintReceipt", "backButton", "homeButton"),
    )

    def __init__(self, nav, cases_service, payment_service=None) -> None:
        """``payment_service``: pays a case's unpaid fee notice (None: no 交纳诉讼费 button)."""
        super().__init__()
        self._nav = nav
        self._service = cases_service
        self._payment_service = payment_service
        self._identity = None
        self._rows = []
        self._reachable = True
        self._loading = False
        cases_service.loaded.connect(self._loaded)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 16, 48, 16)
        self.message = label("hint", name="casesMessage")
        layout.addWidget(self.message)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("caseTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.details = button("caseDetailButton", "primary")  # the case's detail (ui/screens/case_detail.py)
        self.details.clicked.connect(self._open_detail)
        self.details.hide()
        row.addWidget(self.details)
        self.pay = button("payFeeButton", "primary")
        self.pay.clicked.connect(self._pay)
        self.pay.hide()
        row.addWidget(self.pay)
        row.addStretch()
        self.refresh = button("refreshButton")
        self.refresh.clicked.connect(self.load)
        row.addWidget(self.refresh)
        layout.addLayout(row)
        self.payment = None
        if payment_service is not None:
            from ui.payment_panel import PaymentPanel

            self.payment = PaymentPanel(payment_service)
            self.payment.hide()
            layout.addWidget(self.payment, 1)
        self.retranslate()

    def _selected(self):
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self._rows):
            return None
        return self._rows[rows[0].row()]

    def _selection_changed(self) -> None:
        row = self._selected()
        self.pay.setVisible(row is not None and row.fee_due is not None)
        self.details.setVisible(row is not None and not row.local_only and hasattr(self._nav, "case_records"))

    def _open_detail(self) -> None:
        row = self._selected()
        if row is not None and self._identity is not None and not row.local_only:
            self._nav.case_records.open_detail(self._identity, row.filing_id)

    def _pay(self) -> None:
        """Pay the court's fee notice of the selected filing: its one payment order, as a QR."""
        row = self._selected()
        if row is None or row.fee_due is None or self.payment is None:
            return
        self.payment.show()
        self._payment_service.start(row.filing_id, None)

    def begin(self, identity) -> None:
        self._identity = identity
        self.load()

    def load(self) -> None:
        if self._identity is None:
            return
        self._loading = True
        self.retranslate()
        self._service.load(self._identity)

    def clear(self) -> None:
        self._identity = None
        self._rows = []
        self._loading = False
        self.table.setRowCount(0)
        self.pay.hide()
        self.details.hide()
        if self.payment is not None:
            self.payment.clear()
            self.payment.hide()
        self.retranslate()

    def _loaded(self, rows, reachable: bool) -> None:
        if self._identity is None:
            return
        self._rows, self._reachable, self._loading = rows, reachable, False
        self.retranslate()

    def _status_text(self, row) -> str:
        text = row.status
        if row.fee_due is not None:
            text += "\n" + self.tr("(court fee of {fee} yuan not paid yet)").replace("{fee}", row.fee_due)
        if row.needs_staff:
            text += "\n" + self.tr("(not accepted by the court's system: please ask at the service counter)")
        elif row.local_only:
            text += "\n" + self.tr("(saved here, waiting to be sent)")
        return text

    def retranslate(self) -> None:
        self.refresh.setText(self.tr("Refresh"))
        self.pay.setText(self.tr("Pay the court fee"))
        self.details.setText(self.tr("Case details"))
        if self.payment is not None:
            self.payment.retranslate()
        self.table.setHorizontalHeaderLabels([
            self.tr("Submitted"), self.tr("Court / case type"), self.tr("Defendant"), self.tr("Status"),
            self.tr("Case number or reasons"),
        ])
        text, role = list_notice(self._loading, self._reachable, not self._rows) or (self.spec.prompt(), "hint")
        self.message.setText(text)
        set_role(self.message, role)
        self.table.setRowCount(len(self._rows))
        for r, row in enumerate(self._rows):
            outcome = row.case_number or "；".join(row.reasons)
            cells = [row.submitted_at[:16].replace("T", " "), f"{row.court_name}\n{row.case_type_name}",
                     row.defendant_name, self._status_text(row), outcome]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 3 and STATUS_ROLE.get(row.status) == "ok":
                    item.setForeground(Qt.GlobalColor.darkGreen)
                elif c == 3 and STATUS_ROLE.get(row.status) == "error":
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()


# 我的案件, and 诉讼缴费: fees are paid from the list of one's cases
SCREEN = ScreenEntry("my_cases", lambda nav, services: MyCasesScreen(nav, services.my_cases, services.payment),
                     serves=("my_cases", "payment"))
