"""The composition root below the UI: the one place that assembles the kiosk.

- `start_core`: the court connection (an embedded court sandbox when configured, started here
  and nowhere else), the outbox, the devices and the sync worker (`KioskCore`). Blocking: the
  app runs it on its start-up worker; `kiosk sync` and `kiosk doctor` run parts of it.
- `build_services`: every service declared in ``kiosk.services`` (`registry.discover`), built
  in dependency order on the GUI thread, each from exactly what its declaration names; then
  their start hooks (timers, first checks). Returns `Services`, what the UI talks to.

The GUI entry (`kiosk.app`) adds the window and screens on top.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger("kiosk.compose")

SHARED_WORKERS = ("network", "outbox", "ocr", "speech", "documents")


def start_sandbox(config):
    """The embedded court sandbox on loopback, with its own SQLite file; started."""
    from court_sandbox.server import SandboxServer
    from kiosk.core import data_path

    sandbox = SandboxServer(
        str(data_path(config, "sandbox.db_path", "court-sandbox/sandbox.sqlite3")),
        host=config.get("sandbox.host"),
        port=config.get("sandbox.port"),
        admin_port=config.get("sandbox.admin_port"),
        docs=True,  # demo mode only: the API documentation on both ports
    )
    sandbox.start()
    log.info("embedded court sandbox listening on %s (admin API on %s)", sandbox.base_url, sandbox.admin_url)
    return sandbox


def start_court(core) -> None:
    """The court connection, with the embedded sandbox first when court.backend says so."""
    if core.config.get("court.backend") == "embedded" and core.sandbox is None:
        core.sandbox = start_sandbox(core.config)
    core.start_court()


def start_core(core) -> None:
    """Blocking (call off the GUI thread): metrics (first: they count the start-up's errors too),
    court, queue, devices, sync worker."""
    if core.config.get("metrics.enabled") and core.metrics is None:
        from kiosk.metrics import start_metrics

        core.metrics = start_metrics(core.config)
    start_court(core)
    core.open_queue()
    core.open_devices()
    core.start_sync()
    if core.metrics is not None:
        core.metrics.watch_outbox(core.outbox.path)


class Services:
    """The built services, by id (``services.filing``, ``services.get("my_cases")``), with the
    menu's declarations (`catalog`), the workers and the session's dispatcher and generation."""

    def __init__(self, specs, order, built: dict[str, Any], workers, dispatcher, generation, app_theme) -> None:
        from kiosk.services import registry

        self.specs = specs
        self.catalog = registry.menu(specs)
        self._order = order
        self._built = built
        self.workers = workers
        self.dispatcher = dispatcher
        self.generation = generation
        self._theme = app_theme

    def __getattr__(self, name: str):
        built = self.__dict__.get("_built", {})
        if name in built:
            return built[name]
        if name in self.__dict__.get("specs", {}):
            return None  # declared, but its factory declined (the demo panel outside demo mode)
        raise AttributeError(name)

    def get(self, service_id: str):
        return self._built.get(service_id)

    def apply_accessibility(self, settings) -> None:
        self._theme(text_size=settings.text_size, scheme=settings.scheme)

    def shutdown(self) -> None:
        for spec in reversed(self._order):
            service = self._built.get(spec.id)
            if service is not None and spec.on_stop:
                try:
                    getattr(service, spec.on_stop)()
                except Exception as exc:  # one service failing to stop must not keep the others running
                    log.error("stopping %s failed: %s", spec.id, type(exc).__name__)
        for worker in self.workers.values():
            worker.shutdown(wait=True)


def build_services(core, policy, app_theme=lambda **kw: None, specs=None) -> Services:
    """On the GUI thread, once `start_core` has finished: every declared service, built from
    exactly what it declares, then started."""
    from kiosk.core import DEVICE_KINDS
    from kiosk.services import registry
    from kiosk.workers import DeviceWorker, Dispatcher, Generation

    specs = registry.discover() if specs is None else specs
    dispatcher, generation = Dispatcher(), Generation()
    workers = {name: DeviceWorker(name, dispatcher, generation) for name in (*DEVICE_KINDS, *SHARED_WORKERS)}
    listeners: list = []

    def queue_changed(item_id: str, state: str) -> None:  # on the sync worker's thread
        for callback in list(listeners):
            dispatcher.post(lambda cb=callback: cb(item_id, state))

    core.on_queue_change = queue_changed
    order = registry.build_order(specs)
    built: dict[str, Any] = {}
    for spec in order:
        kinds = (*spec.devices, *spec.uses_devices)
        deps = registry.Deps(
            spec=spec,
            config=registry.ConfigView(core.config, spec.config, spec.id),
            devices={kind: core.devices.get(kind) for kind in kinds},
            workers={name: workers[name] for name in (*kinds, *spec.workers)},
            services={name: built[name] for name in spec.requires},
            outbox=core.outbox if spec.outbox else None,
            wake_sync=core.wake_sync if spec.outbox else (lambda: None),
            queue_set_aside=core.queue_set_aside if spec.outbox else None,
            court=core.client if spec.court else None,
            policy=policy,
            dispatcher=dispatcher,
            generation=generation,
            device_errors={kind: core.device_errors[kind] for kind in kinds if kind in core.device_errors},
            device_backends={kind: core.config.get(f"devices.{kind}.backend") for kind in kinds},
            subscribe_queue=listeners.append,
            device_health=core.device_health,
            backend_health=core.backend_health,
        )
        service = spec.factory(deps)
        if service is not None:  # a factory may decline (the demo panel outside demo mode)
            built[spec.id] = service
    session = built["session"]
    for spec in order:
        if spec.id in built and spec.on_session_reset:
            session.add_wipe_hook(getattr(built[spec.id], spec.on_session_reset))
    session.add_wipe_hook(lambda: [worker.cancel_pending() for worker in workers.values()])
    if getattr(core, "metrics", None) is not None:  # visits, services and device health (kiosk/metrics.py)
        core.metrics.watch_session(session.session)
        if "device_health" in built:
            built["device_health"].checked.connect(core.metrics.device_checked)
    for spec in order:
        if spec.id in built and spec.on_start:
            getattr(built[spec.id], spec.on_start)()
    log.info("services ready: %s", ", ".join(s.id for s in order if s.id in built))
    return Services(specs, order, built, workers, dispatcher, generation, app_theme)
