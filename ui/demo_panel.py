"""Demo mode only: visible controls for the simulated devices, and the paper the
simulated receipt printer produced (decoded from the bytes it received)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFrame, QScrollArea, QVBoxLayout, QWidget

from ui.touch import ReceiptView
from ui.widgets import button, discard, label


class DemoPanel(QFrame):
    def __init__(self, demo_service) -> None:
        super().__init__()
        self.setObjectName("demoPanel")
        self.setFixedWidth(380)
        self._demo = demo_service
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        self.title = label(name="demoTitle")
        self.title.setStyleSheet("font-weight: bold; font-size: 20px; color: #ffd479;")
        layout.addWidget(self.title)
        self.card_buttons = []
        for i, (name, expired) in enumerate(demo_service.sample_cards()):
            b = button(f"demoPlaceCard{i}")
            b.setProperty("sample", name)
            b.setProperty("expired", expired)
            b.clicked.connect(lambda _=False, i=i: demo_service.place_card(i))
            layout.addWidget(b)
            self.card_buttons.append(b)
        self.remove = button("demoRemoveCard")
        self.remove.clicked.connect(demo_service.remove_card)
        layout.addWidget(self.remove)
        self.offline = QCheckBox()
        self.offline.setObjectName("demoPrinterOffline")
        self.paper = QCheckBox()
        self.paper.setObjectName("demoPaperOut")
        for box in (self.offline, self.paper):
            box.setStyleSheet("color: #e8e8e8; font-size: 18px;")
            box.toggled.connect(self._printer)
            box.setEnabled(demo_service.printer_is_simulated)
            layout.addWidget(box)
        self.staff_card = QCheckBox()  # the simulated staff card on its reader (checked) or not
        self.staff_card.setObjectName("demoStaffCard")
        self.staff_card.setStyleSheet("color: #e8e8e8; font-size: 18px;")
        self.staff_card.setEnabled(demo_service.staff_card_is_simulated)
        self.staff_card.toggled.connect(self._staff_card)
        layout.addWidget(self.staff_card)
        self.printed_title = label(name="demoPrintedTitle")
        layout.addWidget(self.printed_title)
        self.paper_area = QScrollArea()
        self.paper_area.setWidgetResizable(True)
        self.paper_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.paper_area.setObjectName("demoPaper")
        self.paper_holder = QWidget()
        self.paper_holder.setStyleSheet("background: #2b2f36;")
        self.paper_layout = QVBoxLayout(self.paper_holder)
        self.paper_layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.paper_area.setWidget(self.paper_holder)
        layout.addWidget(self.paper_area, 1)
        demo_service.job_printed.connect(self.show_job)
        self.receipts: list[ReceiptView] = []
        self.retranslate()

    def _printer(self) -> None:
        self._demo.set_printer(self.offline.isChecked(), self.paper.isChecked())

    def _staff_card(self, on: bool) -> None:
        if on:
            self._demo.put_staff_card()
        else:
            self._demo.take_staff_card()

    def show_job(self, elements) -> None:
        view = ReceiptView(elements)
        self.paper_layout.insertWidget(0, view)
        self.receipts.insert(0, view)
        while len(self.receipts) > 5:
            discard(self.receipts.pop())
        self.paper_area.verticalScrollBar().setValue(0)

    def clear(self) -> None:
        for view in self.receipts:
            discard(view)
        self.receipts.clear()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Demo devices (simulated)"))
        for b in self.card_buttons:
            text = self.tr("Place expired ID card: {name}") if b.property("expired") else self.tr(
                "Place ID card: {name}")
            b.setText(text.replace("{name}", b.property("sample")))
        self.remove.setText(self.tr("Take the card off the reader"))
        self.offline.setText(self.tr("Receipt printer offline"))
        self.paper.setText(self.tr("Receipt printer out of paper"))
        self.staff_card.setText(self.tr("Staff card on the reader (maintenance)"))
        self.printed_title.setText(self.tr("Printed by the receipt printer:"))
