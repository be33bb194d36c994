"""The services the UI may talk to, built on the GUI thread once KioskCore has started."""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger("kiosk.services")

class Services(QObject):
    """What the UI may talk to. Built on the GUI thread after KioskCore has started."""

    device_problems = Signal(object)  # {device kind: reason} for missing devices
    staff_card = Signal(bool)  # a valid maintenance staff card was put on (True) or taken off (False)
    court_name_changed = Signal(str)

    def __init__(self, core, app_theme, language: str) -> None:
        super().__init__()
        from kiosk.config import PinGuard
        from kiosk.core import DEVICE_KINDS
        from kiosk.services.cases import CasesService
        from kiosk.services.catalog import CATALOG
        from kiosk.services.demo import DemoService
        from kiosk.services.devicetest import DeviceTestService
        from kiosk.services.documents import DocumentService
        from kiosk.services.fee_calculator import FeeCalculatorService
        from kiosk.services.filing import FilingService
        from kiosk.services.identity import IdentityService
        from kiosk.services.maintenance import MaintenanceService
        from kiosk.services.messages import MessageService
        from kiosk.services.payment import PaymentService
        from kiosk.services.receipts import ReceiptService
        from kiosk.services.recognition import ScanService, VoiceService
        from kiosk.services.session_control import SessionController
        from kiosk.workers import DeviceWorker, Dispatcher, Generation

        config = core.config
        self.core = core
        self._theme = app_theme
        self.dispatcher = Dispatcher()
        self.generation = Generation()
        self.workers = {
            name: DeviceWorker(name, self.dispatcher, self.generation)
            for name in (*DEVICE_KINDS, "network", "outbox", "ocr", "speech", "documents")
        }
        self.catalog = CATALOG
        self.policy = core.policy
        self.session = SessionController(config, self.generation)
        self.session.add_wipe_hook(self._cancel_session_work)
        self.receipts = ReceiptService(core, self.workers["receipt_printer"], self.policy)
        self.identity = IdentityService(core.devices.get("id_reader"), self.workers["id_reader"])
        self.filing = FilingService(core, self.workers["outbox"], self.receipts, self.policy,
                                    network_worker=self.workers["network"])
        self.payment = PaymentService(core, self.workers["outbox"], self.workers["network"], self.receipts)
        self.session.add_wipe_hook(self.payment.clear)
        self.fee_calculator = FeeCalculatorService(config)
        self.messages = MessageService(core, self.workers["outbox"])
        self.documents = DocumentService(core, self.workers["a4_printer"], self.workers["documents"])
        self.scan = ScanService(core, self.workers["camera"], self.workers["ocr"])
        self.voice = VoiceService(core, self.dispatcher, self.workers["microphone"], self.workers["speech"])
        self.cases = CasesService(core, self.workers["network"], self.policy)
        self.maintenance = MaintenanceService(
            core,
            self.workers,
            self.receipts,
            PinGuard(config.get("maintenance.pin_hash"), config.get("maintenance.max_attempts"),
                     config.get("maintenance.lockout_seconds"), clock=time.monotonic),
        )
        self.demo = DemoService(core, self.workers) if DemoService.available(core) else None
        self.device_test = DeviceTestService(core, self.workers, self.receipts)
        self.court_name = self.policy.court_name(config.get("court.court_code"))
        self._health: dict[str, str] = {}
        self._device_report: dict[str, str] = {}  # kind -> "ok" or "state: reason", for the heartbeat
        self._staff_monitor = None
        self._staff_present = False
        if core.devices.get("staff_card") is not None:
            from drivers.smartcard.monitor import PcscMonitor

            filt = config.get("devices.staff_card.reader_name_filter") or None
            self._staff_monitor = PcscMonitor(
                lambda event: self.dispatcher.post(lambda: self._pcsc_event(event)), reader_name_filter=filt)
            self._staff_monitor.start()
        self._purge_timer = QTimer(self)  # delivered items are deleted (securely) after queue.purge_after_days
        self._purge_timer.setInterval(3600 * 1000)
        self._purge_timer.timeout.connect(self.purge_queue)
        self._purge_timer.start()
        self.purge_queue()
        self._started = time.monotonic()
        self._heartbeat_timer = QTimer(self)  # device health and queue depth for the court's fleet view
        heartbeat = config.get("queue.heartbeat_seconds")
        if heartbeat > 0:
            self._heartbeat_timer.timeout.connect(self.send_heartbeat)
            # The first one once the device checks have answered (the court sees the kiosk come up).
            self._heartbeat_timer.setInterval(int(min(60.0, heartbeat) * 1000))
            self._heartbeat_timer.start()
        self._health_timer = QTimer(self)
        self._health_timer.setInterval(int(config.get("devices.health_interval_seconds") * 1000))
        self._health_timer.timeout.connect(self.check_devices)
        self._health_timer.start()
        self.check_devices()
        self.workers["network"].submit(lambda: self.policy.refresh(core.client), self._policy_refreshed,
                                       session_bound=False)

    def purge_queue(self) -> None:
        """Delivered items go after queue.purge_after_days; attachment files of delivered, voided
        or purged items (and old orphans) are deleted."""
        seconds = self.core.config.get("queue.purge_after_days") * 86400

        def purge():
            from offline_queue import attachments

            self.core.outbox.purge_delivered(seconds)
            attachments.sweep(self.core.outbox, self.core.config.get("kiosk.data_dir"))

        self.workers["outbox"].submit(purge, session_bound=False)

    def send_heartbeat(self) -> None:
        """Queue a heartbeat (replacing one still waiting) with device health and queue counts."""
        self._heartbeat_timer.setInterval(int(self.core.config.get("queue.heartbeat_seconds") * 1000))
        from datetime import UTC, datetime
        from importlib import metadata

        from kiosk.core import DEVICE_KINDS
        from offline_queue import items
        from offline_queue.contract import Heartbeat

        devices = {kind: self._device_report.get(kind, "unknown")[:200] for kind in DEVICE_KINDS}
        core = self.core
        try:
            version = metadata.version("court-kiosk")
        except metadata.PackageNotFoundError:
            version = "unknown"
        uptime = time.monotonic() - self._started

        def enqueue():
            heartbeat = Heartbeat(
                kiosk_id=core.config.get("kiosk.kiosk_id"),
                sent_at=datetime.now(UTC),
                software_version=version,
                uptime_seconds=round(uptime, 1),
                devices=devices,
                queue=core.outbox.stats(),
                queue_set_aside=core.queue_set_aside is not None,
            )
            items.enqueue_heartbeat(core.outbox, heartbeat)
            if core.sync is not None:
                core.sync.wake()

        self.workers["outbox"].submit(enqueue, session_bound=False)

    def _policy_refreshed(self, ok: bool) -> None:
        name = self.policy.court_name(self.core.config.get("court.court_code"))
        if ok and name != self.court_name:
            self.court_name = name
            self.court_name_changed.emit(name)

    def _pcsc_event(self, event) -> None:
        """On the GUI thread: a card came or went. Read it on the staff card's worker."""
        kind = type(event).__name__
        if kind == "CardEvent" and event.kind == "inserted":
            reader = self.core.devices["staff_card"]
            self.workers["staff_card"].submit(reader.read, self._staff_credential, self._staff_error,
                                              session_bound=False)
        elif (kind == "CardEvent" and event.kind == "removed") or (kind == "ServiceEvent" and event.kind == "lost"):
            if self._staff_present:
                self._staff_present = False
                self.maintenance.staff = "pin"
                log.info("staff card removed")
                self.staff_card.emit(False)

    def _staff_credential(self, credential) -> None:
        if credential is not None and credential.role == "maintenance":
            self._staff_present = True
            self.maintenance.staff = f"card:{credential.staff_id}"  # who the audit log names
            log.info("staff card accepted (role %s)", credential.role)
            self.staff_card.emit(True)

    def _staff_error(self, exc: BaseException) -> None:
        log.warning("staff card refused: %s", type(exc).__name__)

    def _cancel_session_work(self) -> None:
        self.voice.reset()
        self.scan.cancel()
        for worker in self.workers.values():
            worker.cancel_pending()

    def check_devices(self) -> None:
        from kiosk.core import DEVICE_KINDS

        for kind in DEVICE_KINDS:
            self.workers[kind].submit(lambda k=kind: self.core.device_health(k), self._health_result,
                                      session_bound=False)

    def _health_result(self, health) -> None:
        self._device_report[health.kind] = "ok" if health.state == "ok" else f"{health.state}: {health.reason}"
        if health.kind == "microphone":
            self.voice.microphone_health(health.state != "missing")
        before = dict(self._health)
        if health.state == "missing":
            self._health[health.kind] = health.reason
        else:
            self._health.pop(health.kind, None)
        if before != self._health:
            if health.kind in self._health:
                log.warning("device %s missing: %s", health.kind, health.reason)
            elif health.kind in before:
                log.info("device %s is back", health.kind)
            self.device_problems.emit(dict(self._health))

    def apply_accessibility(self, settings) -> None:
        self._theme(large_text=settings.large_text, high_contrast=settings.high_contrast)

    def shutdown(self) -> None:
        self._health_timer.stop()
        self._heartbeat_timer.stop()
        self.payment.stop()
        self._purge_timer.stop()
        self.session.timer.stop()
        self.identity.stop()
        if self._staff_monitor is not None:
            self._staff_monitor.stop()
        self.device_test.stop_preview()
        self.device_test.stop_level()
        self.voice.reset()
        self.scan.close()
        if self.demo is not None:
            self.demo.stop()
        for worker in self.workers.values():
            worker.shutdown(wait=True)
