"""Production mode is explicit (kiosk.production): every reason a config cannot run a hall kiosk is
named, one line each with the key and the fix; a config without them has none; demo mode has none."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk import production
from kiosk.config import OPTIONS, load_config
from kiosk.pin import DEMO_PIN, hash_pin
from kiosk.staff import add_staff

DEVICE_BACKENDS = [o.key for o in OPTIONS if o.key.startswith("devices.") and o.key.endswith(".backend")]


def secret(path: Path, mode: int = 0o600, text: str = "00" * 32) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def staff_file(tmp_path: Path, *pin_hashes: str) -> Path:
    """A staff file (mode 600): staff 0007 with a PIN of their own (cheap iterations: a fast test), and
    further members with the given PIN hashes."""
    path = tmp_path / "staff.toml"
    if not path.exists():
        add_staff(path, "0007", "90817263", iterations=1000)
    with path.open("a", encoding="utf-8") as fh:
        for i, pin_hash in enumerate(pin_hashes, 11):
            fh.write(f'[[staff]]\nnumber = "00{i}"\npin_hash = "{pin_hash}"\n')
    return path


def ca_file(tmp_path: Path) -> Path:
    path = tmp_path / "court-ca.pem"
    path.write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")  # only its presence is checked
    return path


def good_values(tmp_path: Path) -> dict:
    """A production config with none of the problems: staff with their own PINs, no simulators, a
    remote https court."""
    values = {
        "kiosk.mode": "production",
        "kiosk.data_dir": str(tmp_path / "data"),
        "kiosk.log_dir": str(tmp_path / "log"),
        "maintenance.staff_file": str(staff_file(tmp_path)),
        "court.backend": "remote",
        "court.base_url": "https://court.example/api",
        "court.ca_bundle": str(ca_file(tmp_path)),
        "court.client_cert_path": str(tmp_path / "identity" / "kiosk.pem"),  # made at enrolment
        "court.client_key_path": str(tmp_path / "identity" / "kiosk.key"),
        "queue.key_path": str(tmp_path / "outbox.key"),  # not there yet: the kiosk creates it
        "devices.id_reader.backend": "serial_sam",
        "devices.id_reader.port": "/dev/ttyUSB0",
        "devices.receipt_printer.backend": "escpos",
        "devices.receipt_printer.host": "127.0.0.1",
        "devices.camera.backend": "opencv",
        "devices.microphone.backend": "none",
        "devices.speaker.backend": "qt",
        "payment.provider_prefixes": "https://pay.example/court/",
    }
    return values


def config(tmp_path: Path, file_text: str | None = None, file_mode: int = 0o600, **overrides):
    values = good_values(tmp_path)
    values.update({k.replace("__", "."): v for k, v in overrides.items()})
    path = None
    if file_text is not None:
        path = tmp_path / "kiosk.toml"
        path.write_text(file_text, encoding="utf-8")
        path.chmod(file_mode)
    return load_config(path, env={}, overrides=values)


def test_demo_mode_has_no_problems_even_with_everything_simulated(tmp_path):
    cfg = load_config(env={}, overrides={"kiosk.data_dir": str(tmp_path)})
    assert cfg.demo
    assert production.production_problems(cfg) == []


def test_a_clean_production_config_has_no_problems(tmp_path):
    cfg = config(tmp_path, '[kiosk]\nmode = "production"\n')
    assert production.production_problems(cfg) == []


def test_production_with_the_defaults_names_every_problem(tmp_path):
    cfg = load_config(env={}, overrides={"kiosk.mode": "production", "kiosk.data_dir": str(tmp_path)})
    problems = production.production_problems(cfg)
    text = "\n".join(problems)
    assert all("\n" not in p for p in problems)
    assert any(p.startswith("maintenance.staff_file: no staff enrolled") and "kiosk staff add" in p
               for p in problems)
    assert any(p.startswith("court.backend: 'embedded'") and "remote" in p for p in problems)
    simulated = [k for k in DEVICE_BACKENDS if cfg.get(k) == "simulator"]
    assert {"devices.id_reader.backend", "devices.receipt_printer.backend", "devices.camera.backend",
            "devices.microphone.backend"} <= set(simulated)
    for key in simulated:
        assert f"{key}: 'simulator'" in text
    assert "'serial_sam'" in text and "'escpos'" in text and "'opencv'" in text  # the real backends named
    # a device this kiosk does not have is `none`, not a problem
    assert "a4_printer" not in text and "staff_card" not in text


@pytest.mark.parametrize("key", DEVICE_BACKENDS)
def test_every_simulated_device_is_a_problem_even_when_not_required(tmp_path, key):
    overrides = {key: "simulator"}
    required = key.replace(".backend", ".required")
    if any(o.key == required for o in OPTIONS):
        overrides[required] = False
    problems = production.production_problems(config(tmp_path, **overrides))
    assert len(problems) == 1 and problems[0].startswith(f"{key}: 'simulator'"), problems


def test_devices_that_are_not_installed_are_no_problem(tmp_path):
    cfg = config(tmp_path, **{"devices.camera.backend": "none", "devices.id_reader.backend": "none",
                              "devices.speaker.backend": "none", "devices.a4_printer.backend": "none",
                              "devices.staff_card.backend": "none"})
    assert production.production_problems(cfg) == []


def test_a_staff_member_with_the_demo_pin_is_a_problem(tmp_path):
    cfg = config(tmp_path)
    staff_file(tmp_path, hash_pin(DEMO_PIN, iterations=1000))
    problems = production.production_problems(cfg)
    assert len(problems) == 1 and problems[0].startswith("maintenance.staff_file: staff number 0011 has the demo PIN")
    assert DEMO_PIN not in problems[0]  # the line names the staff number and the fix, never the PIN


def test_a_staff_file_open_to_others_is_a_problem(tmp_path):
    cfg = config(tmp_path)
    cfg.get("maintenance.staff_file").chmod(0o644)
    problems = production.production_problems(cfg)
    assert len(problems) == 1 and problems[0].startswith("maintenance.staff_file:") and "chmod 600" in problems[0]


def test_the_court_server_must_be_verified_by_a_ca_file_or_a_pin(tmp_path):
    problems = production.production_problems(config(tmp_path, **{"court.ca_bundle": ""}))
    assert len(problems) == 1 and problems[0].startswith("court.ca_bundle: empty and no court.server_pins")
    pin = "sha256/" + "A" * 43 + "="
    assert production.production_problems(config(tmp_path, **{"court.ca_bundle": "", "court.server_pins": pin})) == []
    missing = production.production_problems(config(tmp_path, **{"court.ca_bundle": str(tmp_path / "none.pem")}))
    assert len(missing) == 1 and "cannot be read" in missing[0]


def test_production_talks_to_the_court_only_with_its_client_certificate(tmp_path):
    problems = production.production_problems(config(tmp_path, **{"court.mutual_tls": False}))
    assert len(problems) == 1 and problems[0].startswith("court.mutual_tls: false")


def test_the_kiosk_private_key_is_a_secret_file(tmp_path):
    key = tmp_path / "identity" / "kiosk.key"
    key.parent.mkdir()
    key.write_text("key", encoding="ascii")
    key.chmod(0o644)
    problems = production.production_problems(config(tmp_path))
    assert len(problems) == 1 and problems[0].startswith(f"court.client_key_path: {key} is open to")


@pytest.mark.parametrize("url", ["http://court.example/api", "http://127.0.0.1:8443", "HTTP://court.example"])
def test_plain_http_is_refused_even_on_loopback(tmp_path, url):
    problems = production.production_problems(config(tmp_path, **{"court.base_url": url}))
    assert len(problems) == 1 and problems[0].startswith("court.base_url:") and "https://" in problems[0]


def test_a_config_file_open_to_others_is_a_problem(tmp_path):
    cfg = config(tmp_path, '[kiosk]\nmode = "production"\n', file_mode=0o644)
    problems = production.production_problems(cfg)
    assert problems == [f"config file: {cfg.path} is open to others (mode 644); run `chmod 600 {cfg.path}`"]
    # readable by the kiosk's group only: fine for the config file (root:kiosk 0640)
    cfg.path.chmod(0o640)
    assert production.production_problems(cfg) == []


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660, 0o644])
def test_a_key_file_open_to_group_or_others_is_a_problem(tmp_path, mode):
    key = secret(tmp_path / "outbox.key", mode)
    problems = production.production_problems(config(tmp_path))
    assert len(problems) == 1, problems
    assert problems[0].startswith("queue.key_path:") and str(key) in problems[0]
    assert f"chmod 600 {key}" in problems[0] and f"{mode:03o}" in problems[0]
    key.chmod(0o600)
    assert production.production_problems(config(tmp_path)) == []


def test_the_staff_card_key_file_is_checked_too(tmp_path):
    key = secret(tmp_path / "staff.hmac", 0o644)
    cfg = config(tmp_path, **{"devices.staff_card.backend": "pcsc", "devices.staff_card.hmac_key_path": str(key)})
    problems = production.production_problems(cfg)
    assert len(problems) == 1 and problems[0].startswith("devices.staff_card.hmac_key_path:")
    assert f"chmod 600 {key}" in problems[0]


def test_missing_key_files_are_no_problem(tmp_path):
    cfg = config(tmp_path, **{"devices.staff_card.backend": "pcsc",
                              "devices.staff_card.hmac_key_path": str(tmp_path / "nowhere.hmac")})
    assert not (tmp_path / "outbox.key").exists()
    assert production.production_problems(cfg) == []


def test_files_of_another_user_are_a_problem(tmp_path):
    key = secret(tmp_path / "outbox.key")
    cfg = config(tmp_path, '[kiosk]\nmode = "production"\n')
    other = os.geteuid() + 4242  # as if the kiosk ran as another user than the files' owner
    problems = production.production_problems(cfg, uid=other)
    # the config file may be root's (root:kiosk 0640); a key file must be the kiosk user's own
    expected = ["queue.key_path"] if os.geteuid() == 0 else ["config file", "queue.key_path"]
    assert [p.split(":")[0] for p in problems] == expected, problems
    assert all(f"uid {other}" in p and "chown" in p for p in problems)
    assert str(key) in problems[-1]


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_a_key_file_chowned_away_is_a_problem(tmp_path):
    key = secret(tmp_path / "outbox.key")
    os.chown(key, 4242, -1)
    problems = production.production_problems(config(tmp_path))
    assert len(problems) == 1 and "uid 4242" in problems[0] and "chown" in problems[0]


def test_extra_checks_are_run(tmp_path, monkeypatch):
    monkeypatch.setattr(production, "extra_checks", [lambda cfg, uid: ["staff.file: a problem"]])
    assert production.production_problems(config(tmp_path)) == ["staff.file: a problem"]


def test_refuse_prints_the_problems_and_returns_78(tmp_path, capsys):
    import io

    out = io.StringIO()
    assert production.refuse(config(tmp_path), out) == 0 and out.getvalue() == ""
    cfg = config(tmp_path, **{"court.backend": "embedded", "court.base_url": ""})
    assert production.refuse(cfg, out) == production.EX_CONFIG == 78
    lines = out.getvalue().splitlines()
    assert lines[0] == "kiosk: refusing to start in production mode:"
    assert lines[1].strip().startswith("court.backend:")


@pytest.mark.parametrize("prefixes, problem", [
    ("", "payment.provider_prefixes: empty, so no payment QR can be shown"),
    (" , ", "payment.provider_prefixes: empty"),
    ("https://pay.example/court/, https://pay.court-sandbox.invalid/p/", "practice sandbox's payment page"),
])
def test_payment_prefixes_must_name_the_real_provider(tmp_path, prefixes, problem):
    cfg = config(tmp_path, **{"payment.provider_prefixes": prefixes})
    (line,) = production.production_problems(cfg, uid=os.getuid())
    assert line.startswith("payment.provider_prefixes:") and problem in line
