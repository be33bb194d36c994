"""The service registry (kiosk.services.registry): `discover()` finds every module's declaration, ids are
unique, requirements name built services, menu entries have a title, a pictogram with its icon file and
a voice phrase; `build_order` puts requirements first and refuses cycles and unknown requirements;
`ConfigView` refuses an undeclared key; `menu()` order. And every declaration with a factory builds from
a Deps made from exactly its declaration (fake ports): no factory reads anything it did not declare."""

from __future__ import annotations

import pkgutil
import textwrap
from pathlib import Path

import pytest

import kiosk.services
from drivers import registry as drivers_registry
from kiosk.core import DEVICE_KINDS, DeviceHealth
from kiosk.services.registry import ConfigView, ServiceSpec, build_order, discover, menu
from tests.services import fakes

ROOT = Path(__file__).resolve().parents[2]
# A few ids the kiosk cannot do without (the rest are whatever modules there are: adding a
# service adds a module, never a line here).
ESSENTIAL = {"session", "receipts", "identity", "filing", "my_cases", "payment", "device_health", "heartbeat", "purge",
             "maintenance"}


def _declared_in_modules() -> dict[str, ServiceSpec]:
    """Each module's own SERVICE, found by importing the modules one by one (not by discover)."""
    import importlib

    out = {}
    for info in pkgutil.iter_modules(kiosk.services.__path__):
        spec = getattr(importlib.import_module(f"kiosk.services.{info.name}"), "SERVICE", None)
        if spec is not None:
            out[spec.id] = spec
    return out


def _factory(deps):
    return object()


def test_every_module_declares_one_service_and_discover_finds_them_all():
    modules = {m.name for m in pkgutil.iter_modules(kiosk.services.__path__)} - {"registry"}
    specs = discover()
    assert specs == _declared_in_modules()
    assert len(specs) == len(modules)  # one declaration per module, none missed
    assert ESSENTIAL <= {s.id for s in specs.values() if s.factory is not None}
    assert all(spec_id == spec.id for spec_id, spec in specs.items())


def test_a_service_id_declared_twice_is_refused(tmp_path, monkeypatch):
    package = tmp_path / "twice_services"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name in ("a", "b"):
        (package / f"{name}.py").write_text(textwrap.dedent("""
            from kiosk.services.registry import ServiceSpec
            SERVICE = ServiceSpec("same")
        """))
    (package / "helper.py").write_text("VALUE = 1\n")  # a module without a declaration is skipped
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ValueError, match="'same' declared twice"):
        discover("twice_services")


def test_every_requirement_and_device_names_something_that_exists():
    specs = discover()
    for spec in specs.values():
        for name in spec.requires:
            assert name in specs and specs[name].factory is not None, (spec.id, name)
        for kind in (*spec.devices, *spec.uses_devices):
            assert kind in DEVICE_KINDS, (spec.id, kind)
        assert set(spec.workers) <= {"network", "outbox", "ocr", "speech", "documents"}, spec.id
        assert spec.factory is not None or not (spec.on_start or spec.on_stop or spec.on_session_reset), spec.id
    assert [s.id for s in build_order(specs)]  # no cycle, nothing unknown


def test_menu_entries_have_a_title_a_pictogram_and_a_voice_phrase():
    entries = menu(discover())
    assert {s.id for s in entries} >= {"filing", "my_cases", "payment", "fee_calculator", "message_judge", "mediation"}
    for spec in entries:
        assert spec.title.strip(), spec.id
        assert (ROOT / "assets" / "icons" / f"{spec.pictogram}.svg").is_file(), spec.id
        assert all(phrase.strip() for phrase in spec.voice.split("|")) and spec.voice, spec.id
    assert len({s.menu for s in entries}) == len(entries)  # each has its own place
    assert [s.menu for s in entries] == sorted(s.menu for s in entries)
    assert entries[0].id == "filing"


def test_menu_entries_without_a_service_of_their_own():
    specs = discover()
    menu_only = {s.id: s for s in menu(specs) if s.factory is None}
    assert "mediation" in menu_only and menu_only["mediation"].available
    # every other one is a service not built yet: listed as not available, never faked
    assert all(not s.available for i, s in menu_only.items() if i != "mediation")
    # mediation is a filing of that kind, served by the filing wizard: it needs what filing needs
    mediation, filing = specs["mediation"], specs["filing"]
    assert (mediation.needs_identity, mediation.devices) == (filing.needs_identity, filing.devices)
    assert all(s.available for s in specs.values() if s.factory is not None)


def test_menu_orders_by_place_then_id_and_leaves_out_the_rest():
    specs = {s.id: s for s in (ServiceSpec("b", menu=2), ServiceSpec("a", menu=2), ServiceSpec("c", menu=1),
                               ServiceSpec("hidden", _factory))}
    assert [s.id for s in menu(specs)] == ["c", "a", "b"]


def test_build_order_puts_requirements_first():
    specs = {s.id: s for s in (
        ServiceSpec("top", _factory, requires=("middle", "base")),
        ServiceSpec("middle", _factory, requires=("base",)),
        ServiceSpec("base", _factory),
        ServiceSpec("alone", _factory),
        ServiceSpec("menu_only", menu=1),
    )}
    order = [s.id for s in build_order(specs)]
    assert order == ["alone", "base", "middle", "top"]  # by id where nothing else decides; no menu-only entries
    real = [s.id for s in build_order(discover())]
    for spec in discover().values():
        for name in spec.requires:
            assert real.index(name) < real.index(spec.id)


def test_build_order_refuses_cycles_and_unknown_or_unbuilt_requirements():
    cycle = {s.id: s for s in (ServiceSpec("a", _factory, requires=("b",)), ServiceSpec("b", _factory, requires=("c",)),
                               ServiceSpec("c", _factory, requires=("a",)))}
    with pytest.raises(ValueError, match="require each other: a -> b -> c -> a"):
        build_order(cycle)
    with pytest.raises(ValueError, match="requires 'ghost'"):
        build_order({"a": ServiceSpec("a", _factory, requires=("ghost",))})
    with pytest.raises(ValueError, match="requires 'entry'"):
        build_order({"a": ServiceSpec("a", _factory, requires=("entry",)), "entry": ServiceSpec("entry", menu=1)})


def test_config_view_refuses_an_undeclared_key(config):
    view = ConfigView(config, ("court.court_code", "fees"), "example")
    assert view.get("court.court_code") == config.get("court.court_code")
    assert view.get("fees.divorce") == config.get("fees.divorce")
    assert view.section("fees") == config.section("fees")
    assert not hasattr(view, "demo")  # the kiosk mode too is read only where declared (kiosk.mode)
    for key in ("court.base_url", "court.court_code_x", "feesx.divorce", "kiosk.data_dir"):
        with pytest.raises(KeyError, match="example"):
            view.get(key)
    with pytest.raises(KeyError):
        view.section("court")


@pytest.fixture
def ports(config, outbox, court, policy):
    """One of each port compose would hand out: simulated devices as the demo configuration makes them
    (no A4 printer, no staff card reader), the real outbox, the fake court."""
    devices = {kind: drivers_registry.create(kind, config.get(f"devices.{kind}.backend"))
               for kind in ("id_reader", "receipt_printer", "camera", "microphone")}
    return dict(config=config, devices=devices, outbox=outbox, court=court, policy=policy,
                device_health=lambda kind: DeviceHealth(kind, "simulator", "ok", "ready"),
                backend_health=lambda: (True, "fake"))


def test_every_factory_builds_from_exactly_what_it_declares(ports):
    built: dict = {}
    reads: dict[str, set[str]] = {}
    for spec in build_order(discover()):
        deps = fakes.make_deps(spec, ports["config"], devices=ports["devices"], services=built,
                               outbox=ports["outbox"], wake_sync=fakes.Calls(), court=ports["court"],
                               policy=ports["policy"], device_health=ports["device_health"],
                               backend_health=ports["backend_health"])
        service = spec.factory(deps)  # a KeyError here: a config key, device, worker or service not declared
        reads[spec.id] = deps.read
        if service is not None:
            built[spec.id] = service
        for field, flag in fakes.GATED.items():
            if field in deps.read:
                assert getattr(spec, flag), f"{spec.id} reads deps.{field} but does not declare {flag}=True"
    # every declaration with a factory built (the demo panel too: the reader is the simulator)
    assert set(built) == {spec.id for spec in discover().values() if spec.factory is not None}
    assert "outbox" in reads["message_judge"] and "court" in reads["my_cases"]  # (the recording works)
    for spec in discover().values():
        for hook in (spec.on_start, spec.on_session_reset, spec.on_stop):
            if hook and spec.id in built:
                assert callable(getattr(built[spec.id], hook, None)), (spec.id, hook)


def test_a_factory_reading_what_it_did_not_declare_fails(ports):
    def sneaky(deps):
        return deps.config.get("court.base_url")

    spec = ServiceSpec("sneaky", sneaky, config=("court.court_code",))
    with pytest.raises(KeyError):
        spec.factory(fakes.make_deps(spec, ports["config"]))

    def reads_the_court(deps):
        return deps.court

    spec = ServiceSpec("curious", reads_the_court)
    deps = fakes.make_deps(spec, ports["config"], court=ports["court"])
    assert spec.factory(deps) is None  # not declared: not given
    assert deps.read == {"court"}

