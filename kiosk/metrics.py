"""Prometheus metrics on loopback (``metrics.enabled``, ``metrics.port``; the address is always
127.0.0.1): what the hall's monitoring needs to see about one kiosk, and nothing personal.

- ``kiosk_sessions_total``: visits (the attract screen touched);
  ``kiosk_session_ends_total{reason}``: how visits ended (fixed reason codes: done, idle timeout...).
- ``kiosk_service_starts_total{service}`` / ``kiosk_service_completions_total{service}``: a
  service chosen from the menu, and a service's flow finished (filing submitted, materials sent,
  ticket taken). Service ids only.
- ``kiosk_outbox_items{state}``, ``kiosk_outbox_oldest_pending_age_seconds``: the queue to the
  court, read at scrape time on the scraping thread through a read-only SQLite connection of its
  own (the outbox's state and timestamps are plain columns; payloads are never read).
- ``kiosk_device_up{kind,required}`` (1: ok or degraded), ``kiosk_device_degraded{kind}``: from the
  device health service's answers.
- ``kiosk_errors_total{logger}``: ERROR (and worse) records, per logger name.
- ``kiosk_disk_free_bytes{path}`` / ``kiosk_disk_size_bytes{path}``: the data directory's file system.
- ``kiosk_start_time_seconds`` and ``kiosk_starts_total`` (persisted in the data directory, so a
  watchdog's restarts show as its increase), ``kiosk_info{kiosk_id,mode,version}``.

No Qt here: the composition root (`kiosk.compose`) connects the session and the device health
service. Served by a small WSGI server on a daemon thread of its own; `stop` ends it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

from prometheus_client import CollectorRegistry, Counter, Gauge, ProcessCollector, make_wsgi_app
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import ThreadingWSGIServer

log = logging.getLogger("kiosk.metrics")

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 9464
STARTS_FILE = "metrics-starts.json"
OUTBOX_STATES = ("pending", "in_flight", "delivered", "dead", "voided")  # offline_queue.outbox.STATES
UNSENT_STATES = ("pending", "in_flight")
MAX_LOGGER_LABELS = 50  # logger names are the code's own; past this many, "other"
UP_STATES = ("ok", "degraded")


class MetricsAddressError(ValueError):
    """The metrics endpoint listens on 127.0.0.1 only."""


def check_address(address: str) -> str:
    if address != LOOPBACK:
        raise MetricsAddressError(
            f"the metrics endpoint listens on {LOOPBACK} only, not {address!r} (scrape it from this PC, "
            "e.g. with a Prometheus agent that forwards, or through an SSH tunnel)")
    return address


class _ErrorCounter(logging.Handler):
    """Counts ERROR and CRITICAL records by logger name (the message is never looked at)."""

    def __init__(self, counter: Counter) -> None:
        super().__init__(level=logging.ERROR)
        self._counter = counter
        self._names: set[str] = set()
        self._names_lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        name = record.name
        with self._names_lock:
            if name not in self._names:
                if len(self._names) >= MAX_LOGGER_LABELS:
                    name = "other"
                else:
                    self._names.add(name)
        self._counter.labels(logger=name).inc()


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        """Scrapes are not logged (one every few seconds)."""


def _read_starts(path: Path) -> int:
    try:
        return max(0, int(json.loads(path.read_text(encoding="utf-8"))["starts"]))
    except FileNotFoundError:
        return 0
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("metrics: the start count in %s is unreadable (%s); counting from 0", path.name,
                    type(exc).__name__)
        return 0


def _write_starts(path: Path, starts: int) -> None:
    from offline_queue.durable import write_private

    try:
        write_private(path, json.dumps({"starts": starts}).encode("ascii"))
    except OSError as exc:
        log.warning("metrics: the start count could not be saved (%s)", type(exc).__name__)


def read_outbox_numbers(path: str | os.PathLike[str], now: float | None = None) -> tuple[dict[str, int], float]:
    """(items per state, age in seconds of the oldest unsent item or 0), from the outbox file through
    a read-only connection of this thread's own. Raises sqlite3.Error when it cannot be read."""
    now = time.time() if now is None else now
    counts = dict.fromkeys(OUTBOX_STATES, 0)
    oldest: float | None = None
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=2.0)
    try:
        rows = conn.execute("SELECT state, COUNT(*), MIN(created_at) FROM outbox GROUP BY state").fetchall()
    finally:
        conn.close()
    for state, count, first in rows:
        counts[state] = int(count)
        if state in UNSENT_STATES and first is not None:
            oldest = first if oldest is None else min(oldest, first)
    return counts, (max(0.0, now - oldest) if oldest is not None else 0.0)


class _LiveCollector:
    """The numbers read when Prometheus scrapes: queue, devices, disk."""

    def __init__(self, metrics: KioskMetrics) -> None:
        self._m = metrics

    def describe(self):
        return []  # computed at scrape time (no description up front: nothing is read at registration)

    def collect(self):
        m = self._m
        yield from m._outbox_families()
        yield from m._device_families()
        yield from m._disk_families()


class KioskMetrics:
    """The kiosk's metrics in a registry of their own: no Python GC or platform collectors; the process
    collector (memory, CPU, open files: /proc/self, cheap) for a kiosk that grows over days.

    Thread-safe: counters are moved from the GUI thread, scrapes run on the server's threads."""

    def __init__(self, data_dir: str | os.PathLike[str], *, kiosk_id: str = "", mode: str = "",
                 device_required: dict[str, bool] | None = None, clock=time.time) -> None:
        self.data_dir = Path(data_dir)
        self._clock = clock
        self.registry = CollectorRegistry()
        r = self.registry
        ProcessCollector(registry=r)  # process_resident_memory_bytes, process_cpu_seconds_total, ...
        self.sessions = Counter("kiosk_sessions", "Visits: the attract screen touched.", registry=r)
        self.session_ends = Counter("kiosk_session_ends", "Visits ended, by reason code.", ["reason"], registry=r)
        self.service_starts = Counter("kiosk_service_starts", "Services chosen from the menu.", ["service"],
                                      registry=r)
        self.service_completions = Counter("kiosk_service_completions",
                                           "Services whose flow finished (submitted, sent, ticket taken).",
                                           ["service"], registry=r)
        self.errors = Counter("kiosk_errors", "ERROR and CRITICAL log records, by logger.", ["logger"], registry=r)
        self.starts = Counter("kiosk_starts", "Starts of the kiosk app on this data directory (persisted).",
                              registry=r)
        self.start_time = Gauge("kiosk_start_time_seconds", "When this kiosk process started (Unix time).",
                                registry=r)
        info = Gauge("kiosk_info", "This kiosk: its id, mode and version.", ["kiosk_id", "mode", "version"],
                     registry=r)
        info.labels(kiosk_id=kiosk_id, mode=mode, version=_version()).set(1)
        self._device_required = dict(device_required or {})
        self._devices: dict[str, str] = {}  # kind -> state (ok, degraded, missing, absent)
        self._lock = threading.Lock()
        self._outbox_path: Path | None = None
        self._outbox_warned = False
        self._unsubscribe = None
        self._session = None
        self._server = None
        self._thread: threading.Thread | None = None
        self._handler = _ErrorCounter(self.errors)
        self.registry.register(_LiveCollector(self))

    # -- lifecycle -------------------------------------------------------------------------
    @classmethod
    def from_config(cls, config) -> KioskMetrics:
        from kiosk.core import DEVICE_KINDS

        required = {kind: bool(config.get(f"devices.{kind}.required")) for kind in DEVICE_KINDS}
        return cls(config.get("kiosk.data_dir"), kiosk_id=config.get("kiosk.kiosk_id"),
                   mode=config.get("kiosk.mode"), device_required=required)

    def record_start(self) -> int:
        """This start: the persisted start count goes up by one; the start time is now."""
        path = self.data_dir / STARTS_FILE
        starts = _read_starts(path) + 1
        _write_starts(path, starts)
        self.starts.inc(starts)
        self.start_time.set(self._clock())
        return starts

    def serve(self, port: int, address: str = LOOPBACK) -> int:
        """Listen on ``address`` (127.0.0.1 only) and ``port`` (0: any free one); returns the port.
        Raises MetricsAddressError for another address, OSError when the port is taken."""
        check_address(address)
        server = make_server(address, port, make_wsgi_app(self.registry), ThreadingWSGIServer,
                             handler_class=_QuietHandler)
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                                        name="metrics-http", daemon=True)
        self._thread.start()
        self.port = server.server_address[1]
        logging.getLogger().addHandler(self._handler)
        log.info("metrics endpoint on http://%s:%d/metrics", address, self.port)
        return self.port

    def stop(self) -> None:
        logging.getLogger().removeHandler(self._handler)
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    # -- what the composition root connects ---------------------------------------------
    def watch_outbox(self, path: str | os.PathLike[str] | None) -> None:
        self._outbox_path = Path(path) if path is not None else None

    def watch_session(self, session) -> None:
        """``session``: a kiosk.session.Session (its events arrive on the GUI thread)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._session = session
        self._unsubscribe = session.subscribe(self.session_event)

    def session_event(self, event) -> None:
        from kiosk.session import State

        if event.kind == "reset":
            if event.old is not State.ATTRACT:
                self.session_ends.labels(reason=event.reason).inc()
            return
        if event.kind != "transition":
            return
        if event.old is State.ATTRACT and event.new is State.MENU:
            self.sessions.inc()
        elif event.old is State.MENU and event.new in (State.IDENTIFY, State.SERVICE):
            self.service_starts.labels(service=event.reason).inc()  # choose_service's reason is the id
        elif event.old is State.SERVICE and event.new is State.DONE:
            service = getattr(getattr(self._session, "data", None), "service", None) or "unknown"
            self.service_completions.labels(service=service).inc()

    def device_checked(self, health) -> None:
        """A kiosk.core.DeviceHealth (the device health service's ``checked`` signal)."""
        with self._lock:
            self._devices[health.kind] = health.state

    # -- scrape time ---------------------------------------------------------------------
    def _outbox_families(self):
        if self._outbox_path is None or not self._outbox_path.exists():
            return
        try:
            counts, age = read_outbox_numbers(self._outbox_path, self._clock())
        except sqlite3.Error as exc:
            if not self._outbox_warned:
                self._outbox_warned = True
                log.warning("metrics: the outbox could not be read: %s", type(exc).__name__)
            return
        self._outbox_warned = False
        items = GaugeMetricFamily("kiosk_outbox_items", "Items in the outbox to the court, by state.",
                                  labels=["state"])
        for state, count in counts.items():
            items.add_metric([state], count)
        yield items
        yield GaugeMetricFamily("kiosk_outbox_oldest_pending_age_seconds",
                                "Age of the oldest item not yet delivered (0: none).", value=age)

    def _device_families(self):
        with self._lock:
            devices = dict(self._devices)
        up = GaugeMetricFamily("kiosk_device_up", "1 when the device is usable (ok or degraded).",
                               labels=["kind", "required"])
        degraded = GaugeMetricFamily("kiosk_device_degraded", "1 when the device works with a problem "
                                     "(paper near end, paper out).", labels=["kind"])
        for kind, state in sorted(devices.items()):
            required = "true" if self._device_required.get(kind) else "false"
            up.add_metric([kind, required], 1 if state in UP_STATES else 0)
            degraded.add_metric([kind], 1 if state == "degraded" else 0)
        yield up
        yield degraded

    def _disk_families(self):
        try:
            usage = shutil.disk_usage(self.data_dir)
        except OSError:
            return
        path = str(self.data_dir)
        free = GaugeMetricFamily("kiosk_disk_free_bytes", "Free space for the kiosk's data directory.",
                                 labels=["path"])
        free.add_metric([path], usage.free)
        size = GaugeMetricFamily("kiosk_disk_size_bytes", "Size of the data directory's file system.",
                                 labels=["path"])
        size.add_metric([path], usage.total)
        yield free
        yield size


def _version() -> str:
    from importlib import metadata

    with contextlib.suppress(metadata.PackageNotFoundError):
        return metadata.version("court-kiosk")
    return "unknown"


def start_metrics(config) -> KioskMetrics | None:
    """From config: None when ``metrics.enabled`` is off or the endpoint cannot listen (logged:
    the kiosk works on without it)."""
    if not config.get("metrics.enabled"):
        return None
    metrics = KioskMetrics.from_config(config)
    metrics.record_start()
    try:
        metrics.serve(config.get("metrics.port"), config.get("metrics.address"))
    except OSError as exc:
        log.error("metrics endpoint not started: %s:%s is not free (%s)", config.get("metrics.address"),
                  config.get("metrics.port"), type(exc).__name__)
        return None
    return metrics
