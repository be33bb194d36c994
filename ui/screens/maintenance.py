from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QStackedLayout,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.screen_specs import ScreenSpec
from ui.screens import ScreenEntry
from ui.widgets import Screen, button, label, set_role


class MaintenanceScreen(Screen):
    """Staff only, after a staff login (ui.staff_login: per-staff PINs with a persistent lockout, or
    a staff card): device, backend and queue status with reprint, retry and void. Locked (nothing
    shown) until staff log in, and again after ``maintenance.relock_seconds`` without a touch."""

    name = "maintenance"
    in_visit = False
    SPEC = ScreenSpec(
        "maintenance",
        lambda: QCoreApplication.translate("screens", "Maintenance"),
        lambda: QCoreApplication.translate("screens", "Staff maintenance mode."),
        ("refreshButton", "queueTable", "reprintButton", "retryButton", "voidButton", "void_withdrawn",
         "void_duplicate", "void_court_instructed", "voidCancel", "staffCallTable", "staffCallHandled",
         "deviceTestButton", "courtIdentityButton", "exitButton"),
    )

    def __init__(self, nav, service, staff_calls=None) -> None:
        """``staff_calls``: kiosk.services.staff_call (None: no staff-call list)."""
        super().__init__()
        self._nav = nav
        self._service = service
        self._devices = {}
        self._backend = None
        self._stats = {}
        self._items = []
        self._void_item = ""
        service.device_status.connect(self._device)
        service.backend_status.connect(self._backend_status)
        service.queue_status.connect(self._queue)
        service.reprinted.connect(self._reprinted)
        service.reprint_failed.connect(self._reprint_failed)

        self.stack = QStackedLayout(self)
        locked_page = QWidget()  # under the staff login (ui.staff_login), which covers the window
        ll = QVBoxLayout(locked_page)
        ll.addStretch()
        self.locked_label = label("title", name="maintenanceLocked")
        self.locked_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        ll.addWidget(self.locked_label)
        ll.addStretch()
        self.stack.addWidget(locked_page)

        status_page = QWidget()
        sl = QVBoxLayout(status_page)
        sl.setContentsMargins(40, 16, 40, 16)
        self.devices_title = label("title")
        sl.addWidget(self.devices_title)
        self.device_table = QTableWidget(0, 4)
        self.device_table.setObjectName("deviceTable")
        self.device_table.verticalHeader().hide()
        self.device_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.device_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.device_table.setFixedHeight(290)
        self.device_table.verticalHeader().setDefaultSectionSize(40)
        sl.addWidget(self.device_table)
        self.backend_label = label(name="backendStatus")
        sl.addWidget(self.backend_label)
        self.queue_title = label("title")
        sl.addWidget(self.queue_title)
        self.queue_table = QTableWidget(0, 5)
        self.queue_table.setObjectName("queueTable")
        self.queue_table.verticalHeader().hide()
        self.queue_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.queue_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.queue_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.queue_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        sl.addWidget(self.queue_table, 1)
        self.staff_calls = StaffCallsPanel(staff_calls, service) if staff_calls is not None else None
        if self.staff_calls is not None:
            sl.addWidget(self.staff_calls)
        self.message = label(name="maintenanceMessage")
        sl.addWidget(self.message)
        row = QHBoxLayout()
        self.refresh = button("refreshButton")
        self.reprint = button("reprintButton")
        self.retry = button("retryButton")
        self.void = button("voidButton")
        self.device_test = button("deviceTestButton")
        self.court_identity = button("courtIdentityButton")
        self.exit = button("exitButton", "danger")
        self.quit = button("quitButton")
        for b in (self.refresh, self.reprint, self.retry, self.void):
            row.addWidget(b)
        row.addStretch()
        sl.addLayout(row)
        staff_row = QHBoxLayout()  # a second row: one row of eight buttons is wider than the screen
        for b in (self.device_test, self.court_identity):
            staff_row.addWidget(b)
        staff_row.addStretch()
        staff_row.addWidget(self.quit)
        staff_row.addWidget(self.exit)
        sl.addLayout(staff_row)
        # why an item is voided: fixed reasons (an audit entry never holds free text)
        self.void_row = QWidget()
        void_layout = QHBoxLayout(self.void_row)
        void_layout.setContentsMargins(0, 0, 0, 0)
        self.void_prompt = label(name="voidPrompt")
        void_layout.addWidget(self.void_prompt)
        self.void_buttons = {}
        for reason in ("withdrawn", "duplicate", "court_instructed"):
            b = button(f"void_{reason}", "danger")
            b.clicked.connect(lambda _=False, r=reason: self._void(r))
            void_layout.addWidget(b)
            self.void_buttons[reason] = b
        self.void_cancel = button("voidCancel")
        self.void_cancel.clicked.connect(self.void_row.hide)
        void_layout.addWidget(self.void_cancel)
        void_layout.addStretch()
        self.void_row.hide()
        sl.addWidget(self.void_row)
        self.void.clicked.connect(self._ask_void)
        service.voided.connect(self._voided)
        self.refresh.clicked.connect(self._refresh)
        self.reprint.clicked.connect(self._reprint)
        self.retry.clicked.connect(self._retry)
        self.exit.clicked.connect(self._leave)
        self.device_test.clicked.connect(lambda: nav.show_screen("device_test"))
        self.court_identity.clicked.connect(lambda: nav.show_screen("court_identity"))
        self.quit.clicked.connect(nav.quit_app)
        self.stack.addWidget(status_page)
        self.retranslate()

    def enter(self) -> None:
        if self.unlocked:
            self._refresh()

    def lock(self) -> None:
        """Back to the locked page, forgetting what was shown (leaving maintenance, or idle)."""
        self.stack.setCurrentIndex(0)
        self.queue_table.setRowCount(0)
        self.void_row.hide()
        self._void_item = ""
        self._items = []
        self._devices.clear()
        self.device_table.setRowCount(0)
        self.message.clear()
        if self.staff_calls is not None:
            self.staff_calls.forget()

    def unlock(self) -> None:
        self.stack.setCurrentIndex(1)
        self._refresh()

    def _leave(self) -> None:
        self._nav.leave_maintenance()

    @property
    def unlocked(self) -> bool:
        return self.stack.currentIndex() == 1

    def _refresh(self) -> None:
        self._devices.clear()
        self._backend = None
        self.message.clear()
        self._service.refresh()
        if self.staff_calls is not None:
            self.staff_calls.refresh()
        self.retranslate()

    def _selected(self):
        rows = self.queue_table.selectionModel().selectedRows() if self.queue_table.selectionModel() else []
        return self._items[rows[0].row()] if rows else None

    def _reprint(self) -> None:
        item = self._selected()
        if item is None or item.kind != "filing":
            self._say(self.tr("Select a filing in the queue first."), error=True)
            return
        self._service.reprint(item.item_id)

    def _retry(self) -> None:
        item = self._selected()
        if item is None or item.state != "dead":
            self._say(self.tr("Select an item that needs a person (dead) first."), error=True)
            return
        self._service.retry(item.item_id)

    def _ask_void(self) -> None:
        item = self._selected()
        if item is None or item.state not in ("pending", "dead"):
            self._say(self.tr("Select an item that is waiting or needs a person first."), error=True)
            return
        self._void_item = item.item_id
        self.void_row.show()

    def _void(self, reason: str) -> None:
        self.void_row.hide()
        if self._void_item:
            self._service.void(self._void_item, reason)

    def _voided(self, item_id: str, done: bool) -> None:
        self._say(self.tr("Item voided: it will not be sent. The audit log records it.") if done
                  else self.tr("The item could not be voided (it was already sent or is being sent)."),
                  error=not done)

    def _reprinted(self, _filing_id: str) -> None:
        self._say(self.tr("Receipt reprinted."))

    def _reprint_failed(self, _filing_id: str, code: str) -> None:
        self._say(self.tr("Reprint failed: {code}").replace("{code}", code), error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        set_role(self.message, "error" if error else "ok")

    def _device(self, health) -> None:
        self._devices[health.kind] = health
        self._fill_devices()

    def _backend_status(self, ok: bool, detail: str) -> None:
        self._backend = (ok, detail)
        self.retranslate()

    def _queue(self, stats, items) -> None:
        if not self.unlocked:  # a change the sync worker made while staff were logging out
            return
        self._stats, self._items = stats, items
        self.retranslate()

    def _fill_devices(self) -> None:
        names = {"id_reader": self.tr("ID card reader"), "receipt_printer": self.tr("Receipt printer"),
                 "a4_printer": self.tr("A4 printer"), "staff_card": self.tr("Staff card reader"),
                 "camera": self.tr("Document camera"), "microphone": self.tr("Microphone"),
                 "speaker": self.tr("Speech output")}
        states = {"ok": self.tr("OK"), "degraded": self.tr("Degraded"), "missing": self.tr("Missing"),
                  "absent": self.tr("Not installed")}
        rows = sorted(self._devices.values(), key=lambda h: list(names).index(h.kind))
        self.device_table.setRowCount(len(rows))
        for r, h in enumerate(rows):
            for c, text in enumerate((names[h.kind], h.backend, states[h.state], h.reason)):
                item = QTableWidgetItem(text)
                if c == 2 and h.state in ("missing", "degraded"):
                    item.setForeground(Qt.GlobalColor.red)
                self.device_table.setItem(r, c, item)

    def retranslate(self) -> None:
        self.locked_label.setText(self.tr("Maintenance is locked: staff log in first."))
        self.devices_title.setText(self.tr("Devices"))
        self.device_table.setHorizontalHeaderLabels(
            [self.tr("Device"), self.tr("Backend"), self.tr("State"), self.tr("Detail")])
        self._fill_devices()
        if self._backend is None:
            self.backend_label.setText(self.tr("Court backend: checking…"))
        else:
            ok, detail = self._backend
            self.backend_label.setText(
                (self.tr("Court backend: reachable ({detail})") if ok
                 else self.tr("Court backend: NOT reachable ({detail})")).replace("{detail}", detail))
        stats = "  ".join(f"{k}: {v}" for k, v in sorted(self._stats.items()))
        shown = ""
        if len(self._items) >= self._service.listed:
            shown = "  " + self.tr("(the {n} listed: open items first, then the latest)").replace(
                "{n}", str(len(self._items)))
        self.queue_title.setText(self.tr("Outbox") + (f"  ({stats})" if stats else "") + shown)
        if self._service.queue_alert and not self.message.text():
            if self._service.queue_alert_unreadable:
                text = self.tr("The outbox could not be opened with this kiosk's key file (missing or replaced) "
                               "and has been set aside as {file} (nothing was deleted); a new outbox is in use. "
                               "Call IT: restore the key file from its backup and deliver the old file with "
                               "kiosk sync --from.")
            else:
                text = self.tr("The outbox database was damaged and has been set aside as {file} (nothing was "
                               "deleted); a new outbox is in use. Call IT to recover the old file.")
            self._say(text.replace("{file}", self._service.queue_alert), error=True)
        self.queue_table.setHorizontalHeaderLabels(
            [self.tr("Item"), self.tr("Kind"), self.tr("State"), self.tr("Attempts"), self.tr("Last error")])
        self.queue_table.setRowCount(len(self._items))
        for r, it in enumerate(self._items):
            for c, text in enumerate((it.item_id[:8].upper(), it.kind, it.state, str(it.attempts),
                                      it.last_error or "")):
                self.queue_table.setItem(r, c, QTableWidgetItem(text))
        self.refresh.setText(self.tr("Refresh"))
        self.reprint.setText(self.tr("Reprint receipt"))
        self.retry.setText(self.tr("Retry item"))
        self.void.setText(self.tr("Void item"))
        self.void_prompt.setText(self.tr("Why will it never be sent?"))
        self.void_buttons["withdrawn"].setText(self.tr("Litigant withdrew it"))
        self.void_buttons["duplicate"].setText(self.tr("Duplicate"))
        self.void_buttons["court_instructed"].setText(self.tr("Court instructed"))
        self.void_cancel.setText(self.tr("Cancel"))
        self.exit.setText(self.tr("Leave maintenance"))
        self.device_test.setText(self.tr("Device test"))
        self.court_identity.setText(self.tr("Court link"))
        self.quit.setText(self.tr("Close the kiosk app"))
        if self.staff_calls is not None:
            self.staff_calls.retranslate()


class StaffCallsPanel(QWidget):
    """The kiosk's staff calls (呼叫工作人员), newest first: when, on which screen and service, green
    channel, the priority ticket, and whether the court has it and acknowledged it. Staff mark one handled
    (audited). Nothing personal is in a call."""

    def __init__(self, staff_calls, maintenance) -> None:
        super().__init__()
        self._calls_service = staff_calls
        self._maintenance = maintenance
        self._calls = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        row = QHBoxLayout()
        self.title = label("title", name="staffCallsTitle")
        row.addWidget(self.title, 1)
        self.handled = button("staffCallHandled")
        self.handled.clicked.connect(self._mark_handled)
        row.addWidget(self.handled)
        layout.addLayout(row)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("staffCallTable")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setFixedHeight(200)
        layout.addWidget(self.table)
        self.message = label(name="staffCallMessage")
        self.message.hide()
        layout.addWidget(self.message)
        staff_calls.calls_listed.connect(self._listed)
        staff_calls.open_count.connect(self._refresh_if_shown)
        staff_calls.changed.connect(self._refresh_if_shown)
        self.retranslate()

    def _refresh_if_shown(self, *_args) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        self._calls_service.refresh()

    def forget(self) -> None:
        self._calls = []
        self.table.setRowCount(0)
        self.message.hide()

    def _listed(self, calls) -> None:
        self._calls = list(calls)
        self.retranslate()

    def _mark_handled(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        record = self._calls[rows[0].row()] if rows else None
        if record is None or record.handled_at is not None:
            self._say(self.tr("Select a call that is not handled yet first."), error=True)
            return
        audit, staff, call_id = self._maintenance.audit, self._maintenance.staff, record.call_id
        self._calls_service.mark_handled(call_id, lambda: audit.record("staff_call_handled", call_id, "", staff))
        self._say(self.tr("Call marked handled."))

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        set_role(self.message, "error" if error else "ok")
        self.message.show()

    def _state(self, record) -> str:
        if record.handled_at is not None:
            return self.tr("Handled here at {time}").replace("{time}", f"{record.handled_at:%H:%M}")
        if record.acknowledged_at is not None:
            text = self.tr("Acknowledged by the court at {time}").replace(
                "{time}", f"{record.acknowledged_at.astimezone():%H:%M}")
            return text + (f" ({record.acknowledged_by})" if record.acknowledged_by else "")
        if record.delivery == "delivered":
            return self.tr("OPEN: at the court, not acknowledged yet")
        if record.delivery == "dead":
            return self.tr("OPEN: refused by the court (see the outbox)")
        return self.tr("OPEN: waiting for the network, not at the court yet")

    def retranslate(self) -> None:
        waiting = sum(1 for r in self._calls if r.open)
        title = self.tr("Staff calls")
        if waiting:
            title += "  (" + self.tr("open: {count}").replace("{count}", str(waiting)) + ")"
        self.title.setText(title)
        self.handled.setText(self.tr("Mark handled"))
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Screen"), self.tr("Service"),
                                              self.tr("Green channel"), self.tr("Ticket"), self.tr("State")])
        self.table.setRowCount(len(self._calls))
        for r, record in enumerate(self._calls):
            cells = (f"{record.called_at:%m-%d %H:%M}", record.screen, record.service or "-",
                     self.tr("Yes") if record.green_channel else self.tr("No"), record.ticket_number or "-",
                     self._state(record))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 5 and record.open:
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(r, c, item)
        if not self._calls:
            self.table.setRowCount(0)


SCREEN = ScreenEntry("maintenance", lambda nav, services: MaintenanceScreen(
    nav, services.maintenance, getattr(services, "staff_call", None)))
