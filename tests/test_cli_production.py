"""Production mode is explicit, as staff meet it: `kiosk` and `kiosk doctor` run as processes refuse
a production config without staff, with simulated devices, the sandbox, http:// or files open to others
(exit 78, every problem named), and get past the check with a config that has none of them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from kiosk.staff import add_staff

pytestmark = pytest.mark.slow  # each test starts the kiosk as a process


def run(args, tmp_path, timeout=90):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, env=env,
                          timeout=timeout, cwd=tmp_path)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


def write_config(tmp_path, body: str, mode: int):
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[kiosk]\nmode = "production"\nfullscreen = false\ndata_dir = "{tmp_path / "data"}"\n'
                    f'log_dir = "{tmp_path / "log"}"\n' + body, encoding="utf-8")
    path.chmod(mode)
    return path


@pytest.fixture
def bad_config(tmp_path):
    """Every kind of problem: no staff and simulators (the defaults), the sandbox, http://, open files."""
    key = tmp_path / "outbox.key"
    key.write_text("00" * 32, encoding="utf-8")
    key.chmod(0o644)
    card_key = tmp_path / "staff.hmac"
    card_key.write_text("11" * 32, encoding="utf-8")
    card_key.chmod(0o640)
    path = write_config(tmp_path, f'[court]\nbase_url = "http://court.example/api"\n'
                                  f'[queue]\nkey_path = "{key}"\n'
                                  f'[devices.staff_card]\nhmac_key_path = "{card_key}"\n', 0o644)
    expected = [
        "maintenance.staff_file: no staff enrolled",
        "devices.id_reader.backend: 'simulator'",
        "devices.receipt_printer.backend: 'simulator'",
        "devices.camera.backend: 'simulator'",
        "devices.microphone.backend: 'simulator'",
        "court.backend: 'embedded'",
        "court.base_url: http://court.example/api is not https://",
        "court.ca_bundle: empty and no court.server_pins",
        f"config file: {path} is open to others (mode 644); run `chmod 600 {path}`",
        f"queue.key_path: {key} is open to its group or others (mode 644); run `chmod 600 {key}`",
        f"devices.staff_card.hmac_key_path: {card_key} is open to its group or others (mode 640); "
        f"run `chmod 600 {card_key}`",
        "payment.provider_prefixes: empty, so no payment QR can be shown",
    ]
    return path, expected


@pytest.fixture
def good_config(tmp_path):
    """None of the problems: staff with their own PINs, no simulators, a remote https court (unreachable
    here)."""
    staff = tmp_path / "staff.toml"
    add_staff(staff, "0007", "90817263", iterations=1000)  # written mode 600
    ca = tmp_path / "court-ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")
    body = (f'[maintenance]\nstaff_file = "{staff}"\n'
            f'[court]\nbackend = "remote"\nbase_url = "https://127.0.0.1:{closed_port()}"\ntimeout_seconds = 1\n'
            f'ca_bundle = "{ca}"\nclient_cert_path = "{tmp_path / "id" / "kiosk.pem"}"\n'
            f'client_key_path = "{tmp_path / "id" / "kiosk.key"}"\n'
            f'[queue]\nkey_path = "{tmp_path / "keys" / "outbox.key"}"\n'  # made (mode 600) by the kiosk
            '[devices.id_reader]\nbackend = "none"\n'
            f'[devices.receipt_printer]\nbackend = "escpos"\nhost = "127.0.0.1"\nport = {closed_port()}\n'
            'required = false\n'
            '[devices.camera]\nbackend = "none"\n[devices.microphone]\nbackend = "none"\n'
            '[devices.speaker]\nbackend = "none"\n'
            '[payment]\nprovider_prefixes = "https://pay.example/court/"\n')
    return write_config(tmp_path, body, 0o600)


def test_the_app_refuses_a_production_config_with_problems(tmp_path, bad_config):
    path, expected = bad_config
    result = run(["--config", str(path)], tmp_path)
    assert result.returncode == 78, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "kiosk: refusing to start in production mode:"
    for problem in expected:
        assert any(line.strip().startswith(problem) for line in lines[1:]), (problem, result.stderr)
    assert "ATTRACT_READY" not in result.stdout
    assert not (tmp_path / "data").exists()  # refused before the window, the outbox or any device


def test_doctor_names_every_production_problem_and_exits_78(tmp_path, bad_config):
    path, expected = bad_config
    result = run(["doctor", "--config", str(path)], tmp_path)
    assert result.returncode == 78, result.stdout + result.stderr
    named = [line.removeprefix("production: ") for line in result.stdout.splitlines()
             if line.startswith("production: ")]
    for problem in expected:
        assert any(line.startswith(problem) for line in named), (problem, result.stdout)
    assert len(named) == len(expected), named
    assert "refuses to start in production mode (exit 78)" in result.stdout


def test_a_clean_production_config_gets_past_the_check(tmp_path, good_config):
    result = run(["doctor", "--config", str(good_config)], tmp_path)
    assert result.returncode != 78, result.stdout + result.stderr
    assert result.returncode == 1  # the court is unreachable here: an ordinary doctor problem
    assert "production:" not in result.stdout and "refuses" not in result.stdout
    assert "config: ok (mode production" in result.stdout
    assert (tmp_path / "keys" / "outbox.key").stat().st_mode & 0o077 == 0  # the kiosk made its key closed

    app = run(["--config", str(good_config), "--report-ready"], tmp_path)
    assert app.returncode == 0, app.stdout + app.stderr
    assert "ATTRACT_READY" in app.stdout and "refusing" not in app.stderr
