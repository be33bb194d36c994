"""The services of the kiosk, each declared in its own module of ``kiosk.services``.

A service module declares ``SERVICE = ServiceSpec(...)``: its id, its menu title and
pictogram, the devices it needs, whether it needs identity, its voice phrases, and a
factory that receives exactly what the service uses (`Deps`: its config sections, its
devices and their workers, the outbox and a wake-sync callable when it stores items, the
court client when it asks the court, the services it builds on). `discover()` collects
every declaration; the composition root (`kiosk.compose`) builds them in dependency order.
Nothing searches a shared core object.

Adding a service is one module here (and one screen module in ``ui/screens/`` that
registers against its id): no list elsewhere names it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["QT_TRANSLATE_NOOP", "ConfigView", "Deps", "ServiceSpec", "build_order", "discover", "menu"]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks a text for translation (`make translations` finds it); the UI translates it."""
    return text


@dataclass(frozen=True)
class ServiceSpec:
    """What a service is and what it needs. Texts are English sources: ``title`` in the
    translation context "services", ``voice`` (spoken phrases, alternatives separated by
    "|") in "voice"."""

    id: str
    factory: Callable[[Deps], Any] | None = None  # None: a menu entry served by another service's screen
    title: str = ""
    pictogram: str = ""  # assets/icons/<pictogram>.svg
    voice: str = ""
    menu: int | None = None  # place on the service menu (ascending); None: not on the menu
    available: bool = True  # False: on the menu as "not available yet", never faked
    needs_identity: bool = False
    accepts_photo_identity: bool = False  # needs_identity: a photo-read identity opens it unconfirmed (kiosk.assurance)
    devices: tuple[str, ...] = ()  # devices it cannot work without (out of service while one is missing)
    uses_devices: tuple[str, ...] = ()  # devices it uses when they are there
    workers: tuple[str, ...] = ()  # shared workers: network | outbox | ocr | speech | documents
    config: tuple[str, ...] = ()  # config sections it reads
    requires: tuple[str, ...] = ()  # services it builds on
    outbox: bool = False  # stores or reads outbox items (gets the outbox and wake_sync)
    court: bool = False  # asks the court (gets the court client)
    on_start: str | None = None  # method called once every service is built (timers, first checks)
    on_session_reset: str | None = None  # method called when a session is reset
    on_stop: str | None = None  # method called when the kiosk stops (in reverse build order)


class ConfigView:
    """The configuration sections a service declared; any other key is an error (a service
    reads only what its declaration says)."""

    def __init__(self, config, sections: Iterable[str], service_id: str = "") -> None:
        self._config = config
        self._sections = tuple(sections)
        self._service = service_id

    def _check(self, key: str) -> None:
        if not any(key == s or key.startswith(s + ".") for s in self._sections):
            raise KeyError(f"service {self._service!r} reads {key!r} but declares only {self._sections}")

    def get(self, key: str):
        self._check(key)
        return self._config.get(key)

    def section(self, name: str) -> Mapping[str, Any]:
        self._check(name)
        return self._config.section(name)


@dataclass
class Deps:
    """What a factory receives: exactly what its declaration asked for."""

    spec: ServiceSpec
    config: ConfigView
    devices: dict[str, Any] = field(default_factory=dict)  # named devices (None when absent)
    workers: dict[str, Any] = field(default_factory=dict)  # its devices' workers and the shared ones it named
    services: dict[str, Any] = field(default_factory=dict)  # the services it requires, built
    outbox: Any = None  # offline_queue.outbox.Outbox, when spec.outbox
    wake_sync: Callable[[], None] = lambda: None  # the sender looks at the outbox now
    queue_set_aside: Any = None  # the damaged outbox file set aside at start, when spec.outbox
    court: Any = None  # offline_queue.client.CourtClient, when spec.court
    policy: Any = None  # kiosk.policy.PolicyCache (court and case type names)
    dispatcher: Any = None  # kiosk.workers.Dispatcher: to the GUI thread
    generation: Any = None  # kiosk.workers.Generation: the session generation
    device_errors: dict[str, str] = field(default_factory=dict)  # named devices that could not be built
    device_backends: dict[str, str] = field(default_factory=dict)  # named devices' configured backends
    subscribe_queue: Callable[[Callable[[str, str], None]], None] = lambda callback: None  # (item id, state) on the GUI thread
    device_health: Callable[[str], Any] | None = None  # blocking check of a device kind (on its worker)
    backend_health: Callable[[], tuple[bool, str]] | None = None  # blocking /healthz of the court


def discover(package: str = "kiosk.services") -> dict[str, ServiceSpec]:
    """Every ``SERVICE`` declared in the modules of ``package``, by id."""
    pkg = importlib.import_module(package)
    found: dict[str, ServiceSpec] = {}
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{package}.{info.name}")
        spec = getattr(module, "SERVICE", None)
        if not isinstance(spec, ServiceSpec):
            continue
        if spec.id in found:
            raise ValueError(f"service id {spec.id!r} declared twice ({module.__name__})")
        found[spec.id] = spec
    return found


def build_order(specs: Mapping[str, ServiceSpec]) -> list[ServiceSpec]:
    """The specs with a factory, each after the services it requires (by id, stable)."""
    order: list[ServiceSpec] = []
    state: dict[str, str] = {}

    def visit(spec: ServiceSpec, path: tuple[str, ...]) -> None:
        if state.get(spec.id) == "done":
            return
        if state.get(spec.id) == "visiting":
            raise ValueError(f"services require each other: {' -> '.join((*path, spec.id))}")
        state[spec.id] = "visiting"
        for name in spec.requires:
            if name not in specs or specs[name].factory is None:
                raise ValueError(f"service {spec.id!r} requires {name!r}, which is not a built service")
            visit(specs[name], (*path, spec.id))
        state[spec.id] = "done"
        order.append(spec)

    for spec in sorted(specs.values(), key=lambda s: s.id):
        if spec.factory is not None:
            visit(spec, ())
    return order


def menu(specs: Mapping[str, ServiceSpec]) -> tuple[ServiceSpec, ...]:
    """The services on the menu, in their order."""
    return tuple(sorted((s for s in specs.values() if s.menu is not None), key=lambda s: (s.menu, s.id)))
