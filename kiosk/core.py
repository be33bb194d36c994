"""Everything below the UI, assembled from configuration: court connection, outbox,
sync worker, devices and the per-resource workers.

`KioskCore` has no widgets and imports no court sandbox: the composition root
(`kiosk.compose`) starts an embedded sandbox when configured and hands it over. Services never
see the core: they get what their declaration names (`kiosk.services.registry.Deps`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger("kiosk.core")

DEVICE_KINDS = ("id_reader", "receipt_printer", "a4_printer", "camera", "microphone", "speaker", "staff_card")
NO_DEVICE = "none"  # the backend name of a device this kiosk does not have


@dataclass(frozen=True)
class DeviceHealth:
    kind: str
    backend: str
    state: str  # ok | degraded | missing | absent (not installed on this kiosk)
    reason: str


def data_path(config, key: str, filename: str) -> Path:
    """A path option, or `filename` inside kiosk.data_dir when the option is empty."""
    value = config.get(key)
    path = Path(value) if value else Path(config.get("kiosk.data_dir")) / filename
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def device_options(config, kind: str) -> tuple[str, dict[str, Any]]:
    section = dict(config.section(f"devices.{kind}"))
    backend = section.pop("backend")
    section.pop("required", None)
    if backend == "simulator":
        return backend, {}
    return backend, {k: v for k, v in section.items() if v not in (None, "")}


class KioskCore:
    """Owns the non-UI resources. `start()` is safe to call off the GUI thread."""

    def __init__(self, config, sandbox=None) -> None:
        self.config = config
        self.sandbox = sandbox  # the embedded court sandbox (started by kiosk.compose), or None
        self.outbox = None
        self.client = None
        self.sync = None
        self.devices: dict[str, Any] = {}
        self.device_errors: dict[str, str] = {}
        self.queue_set_aside = None  # Path of a damaged outbox file set aside at start, if any
        self.on_queue_change = None  # set by the Qt adapter: callable(item_id, state)
        self.metrics = None  # kiosk.metrics.KioskMetrics when metrics.enabled (started by kiosk.compose)

    # -- court -------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        if self.sandbox is not None:
            return self.sandbox.base_url
        return str(self.config.get("court.base_url")).rstrip("/")

    def start_court(self) -> None:
        from offline_queue.client import CourtClient

        if self.config.get("court.backend") == "embedded" and self.sandbox is None:
            raise RuntimeError("court.backend is embedded: start it with kiosk.compose.start_core")
        self.client = CourtClient(
            self.base_url,
            kiosk_id=self.config.get("kiosk.kiosk_id"),
            timeout=self.config.get("court.timeout_seconds"),
            deadline=self.config.get("court.deadline_seconds"),
            proxy=self.config.get("court.proxy"),
            tls=self.court_tls(),
        )

    def court_tls(self):
        """The court link's TLS (offline_queue.tls.ClientTLS) for a remote court; None for the embedded sandbox
        (plain http on loopback)."""
        from offline_queue.tls import ClientTLS, parse_pins

        if self.sandbox is not None:
            return None
        return ClientTLS(
            ca_bundle=self.config.get("court.ca_bundle"),
            server_pins=parse_pins(self.config.get("court.server_pins")),
            cert_path=str(self.config.get("court.client_cert_path")),
            key_path=str(self.config.get("court.client_key_path")),
            require_client_cert=self.config.get("court.mutual_tls"),
        )

    # -- queue -------------------------------------------------------------------------
    def open_queue(self) -> None:
        """Open the outbox (encrypted at rest). A damaged database file is set aside, never
        deleted, and a fresh queue opened so the kiosk keeps accepting; `queue_set_aside` says so."""
        from offline_queue.outbox import Outbox

        key = self.config.get("queue.key_path") if self.config.get("queue.encrypt") else None
        self.outbox, self.queue_set_aside = Outbox.open_or_set_aside(
            str(data_path(self.config, "queue.db_path", "outbox.sqlite3")), key_path=key)
        if self.queue_set_aside is not None:
            log.error("the outbox database was damaged: set aside as %s, a new one is in use; staff must "
                      "recover the old file", self.queue_set_aside.name)

    def start_sync(self) -> None:
        from offline_queue.sync import SyncWorker

        self.sync = SyncWorker(
            self.outbox,
            self.client,
            base_delay=self.config.get("queue.base_delay_seconds"),
            max_delay=self.config.get("queue.max_delay_seconds"),
            on_change=self._queue_changed,
        )
        self.sync.start()

    def wake_sync(self) -> None:
        """The sender looks at the outbox now (something was stored)."""
        if self.sync is not None:
            self.sync.wake()

    def _queue_changed(self, item_id: str, state: str) -> None:
        callback = self.on_queue_change
        if callback is not None:
            callback(item_id, state)

    # -- devices -----------------------------------------------------------------------
    def open_devices(self) -> None:
        from drivers import registry

        for kind in DEVICE_KINDS:
            backend, options = device_options(self.config, kind)
            if backend == NO_DEVICE:
                self.device_errors[kind] = "not installed on this kiosk"
                continue
            try:
                self.devices[kind] = registry.create(kind, backend, **options)
            except Exception as exc:  # a device that cannot even be built is "missing"
                self.device_errors[kind] = f"{type(exc).__name__}: {exc}"
                log.error("device %s (%s) could not be created: %s", kind, backend, type(exc).__name__)

    def device_health(self, kind: str) -> DeviceHealth:
        """Blocking: call on the device's own worker."""
        backend = self.config.get(f"devices.{kind}.backend")
        device = self.devices.get(kind)
        if device is None:
            if backend == NO_DEVICE:
                return DeviceHealth(kind, backend, "absent", "not installed on this kiosk")
            return DeviceHealth(kind, backend, "missing", self.device_errors.get(kind, "not configured"))
        try:
            usable = device.is_usable()
        except Exception as exc:
            return DeviceHealth(kind, backend, "missing", f"{type(exc).__name__}: {exc}")
        if not usable.ok:
            return DeviceHealth(kind, backend, "missing", usable.reason)
        if kind == "receipt_printer":
            try:
                status = device.status()
            except Exception as exc:
                return DeviceHealth(kind, backend, "missing", f"{type(exc).__name__}: {exc}")
            if not status.online:
                return DeviceHealth(kind, backend, "missing", "printer offline")
            if status.paper_out:
                return DeviceHealth(kind, backend, "degraded", "paper out")
            if status.paper_near_end:
                return DeviceHealth(kind, backend, "degraded", "paper near end")
        return DeviceHealth(kind, backend, "ok", usable.reason or "ready")

    def backend_health(self) -> tuple[bool, str]:
        """Blocking: asks the court backend for /healthz."""
        try:
            self.client.health()
        except Exception as exc:
            return False, f"{type(exc).__name__}: {exc}"
        return True, self.base_url

    # -- lifecycle ---------------------------------------------------------------------
    def stop(self) -> None:
        if self.sync is not None:
            self.sync.stop(timeout=5.0)
        for kind, device in self.devices.items():
            try:
                device.close()
            except Exception as exc:
                log.warning("closing %s failed: %s", kind, type(exc).__name__)
        if self.client is not None:
            self.client.close()
        if self.metrics is not None:
            self.metrics.stop()
        if self.outbox is not None:
            self.outbox.close()
        if self.sandbox is not None:
            self.sandbox.stop()
