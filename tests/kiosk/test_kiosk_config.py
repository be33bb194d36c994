"""kiosk.config: defaults, file, environment, errors that name the key, reference."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

import kiosk.config as config
from kiosk.config import OPTIONS, ConfigError, load_config, render_reference


@pytest.fixture(autouse=True)
def no_user_config(tmp_path, monkeypatch):
    """Never read the developer's real ~/.config/court-kiosk/kiosk.toml."""
    monkeypatch.setattr(config, "default_config_path", lambda: tmp_path / "absent" / "kiosk.toml")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_demo_mode_with_simulators_and_embedded_sandbox():
    cfg = load_config(env={})
    assert cfg.demo is True
    assert cfg.get("kiosk.language") == "zh_CN"
    assert cfg.get("court.backend") == "embedded"
    assert cfg["devices.receipt_printer.backend"] == "simulator"
    assert cfg["devices.id_reader.backend"] == "simulator"
    assert cfg["session.idle_warning_seconds"] == 120
    assert cfg["court.court_code"] == "京0105"
    assert cfg.path is None
    assert cfg.warnings == []


def test_default_paths_come_from_platformdirs_and_derive_from_data_dir():
    cfg = load_config(env={})
    data = Path(platformdirs.user_data_dir("court-kiosk", appauthor=False))
    assert cfg.get("kiosk.data_dir") == data.absolute()
    assert cfg.get("kiosk.log_dir") == Path(platformdirs.user_log_dir("court-kiosk", appauthor=False)).absolute()
    assert cfg.get("sandbox.db_path") == data.absolute() / "court-sandbox" / "sandbox.sqlite3"
    assert cfg.get("queue.db_path") == data.absolute() / "outbox.sqlite3"


def test_db_paths_follow_a_configured_data_dir_lazily(tmp_path):
    cfg = load_config(env={"KIOSK_KIOSK__DATA_DIR": str(tmp_path / "data")})
    assert cfg.get("queue.db_path") == tmp_path / "data" / "outbox.sqlite3"
    cfg = load_config(write(tmp_path, f'[kiosk]\ndata_dir = "{tmp_path / "d"}"\n[queue]\ndb_path = "q/o.db"\n'), env={})
    assert cfg.get("queue.db_path") == tmp_path / "d" / "q" / "o.db"


def test_relative_data_dir_is_relative_to_the_config_file(tmp_path):
    cfg = load_config(write(tmp_path, '[kiosk]\ndata_dir = "var"\n'), env={})
    assert cfg.get("kiosk.data_dir") == tmp_path / "var"


def test_file_values_and_nested_tables(tmp_path):
    path = write(
        tmp_path,
        """
[kiosk]
mode = "production"
kiosk_id = "hall-3"
[session]
idle_warning_seconds = 60
[court]
backend = "remote"
base_url = "https://court.example/api"
timeout_seconds = 5
[devices.receipt_printer]
backend = "escpos"
connection = "usb"
usb_vendor = 0x04b8
usb_product = 0x0202
""",
    )
    cfg = load_config(path, env={})
    assert cfg.path == path
    assert cfg.demo is False
    assert cfg["kiosk.kiosk_id"] == "hall-3"
    assert cfg["session.idle_warning_seconds"] == 60
    assert cfg["court.timeout_seconds"] == 5.0 and isinstance(cfg["court.timeout_seconds"], float)
    assert cfg.section("devices.receipt_printer")["usb_vendor"] == 0x04B8
    assert cfg.section("devices.receipt_printer")["backend"] == "escpos"
    assert cfg.devices.receipt_printer.usb_product == 0x0202
    assert cfg.court.base_url == "https://court.example/api"
    assert cfg.source("kiosk.kiosk_id") == str(path)
    assert cfg.source("kiosk.language") == "default"
    # production without staff and with simulators: loads; kiosk.production names what refuses the start
    assert cfg.warnings == []
    from kiosk.production import production_problems

    problems = production_problems(cfg)
    assert any(p.startswith("maintenance.staff_file: no staff enrolled") for p in problems)
    assert any(p.startswith("devices.id_reader.backend: 'simulator'") for p in problems)


def test_dotted_keys_in_toml_work_too(tmp_path):
    cfg = load_config(write(tmp_path, 'devices.camera.backend = "opencv"\n'), env={})
    assert cfg["devices.camera.backend"] == "opencv"


def test_kiosk_config_env_names_the_file(tmp_path):
    path = write(tmp_path, '[kiosk]\nlanguage = "en"\n')
    cfg = load_config(env={"KIOSK_CONFIG": str(path)})
    assert cfg["kiosk.language"] == "en"
    assert cfg.path == path


def test_default_location_is_read_when_present(tmp_path, monkeypatch):
    path = write(tmp_path, '[kiosk]\nkiosk_id = "from-default"\n')
    monkeypatch.setattr(config, "default_config_path", lambda: path)
    assert load_config(env={})["kiosk.kiosk_id"] == "from-default"


def test_missing_named_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml", env={})


def test_environment_overrides_file_and_is_parsed_to_the_type(tmp_path):
    path = write(tmp_path, '[devices.receipt_printer]\nbackend = "simulator"\nrequired = true\n')
    env = {
        "KIOSK_DEVICES__RECEIPT_PRINTER__BACKEND": "escpos",
        "KIOSK_DEVICES__RECEIPT_PRINTER__HOST": "10.0.0.5",
        "KIOSK_DEVICES__RECEIPT_PRINTER__REQUIRED": "false",
        "KIOSK_DEVICES__RECEIPT_PRINTER__USB_VENDOR": "0x04b8",
        "KIOSK_SESSION__COUNTDOWN_SECONDS": "45",
        "KIOSK_QUEUE__MAX_DELAY_SECONDS": "60.5",
        "KIOSK_UNRELATED": "ignored: no double underscore",
    }
    cfg = load_config(path, env=env)
    assert cfg["devices.receipt_printer.backend"] == "escpos"
    assert cfg["devices.receipt_printer.required"] is False
    assert cfg["devices.receipt_printer.usb_vendor"] == 0x04B8
    assert cfg["session.countdown_seconds"] == 45
    assert cfg["queue.max_delay_seconds"] == 60.5
    assert cfg.source("devices.receipt_printer.backend") == "KIOSK_DEVICES__RECEIPT_PRINTER__BACKEND"


def test_overrides_win_and_are_validated():
    cfg = load_config(env={"KIOSK_SESSION__DONE_SECONDS": "30"}, overrides={"session.done_seconds": 10})
    assert cfg["session.done_seconds"] == 10
    with pytest.raises(ConfigError, match="'session.done_seconds'"):
        load_config(env={}, overrides={"session.done_seconds": "10"})


def test_bad_integer_names_key_and_expectation():
    with pytest.raises(ConfigError) as info:
        load_config(env={"KIOSK_SESSION__IDLE_WARNING_SECONDS": "abc"})
    message = str(info.value)
    assert message.startswith(
        "config key 'session.idle_warning_seconds': expected an integer between 10 and 3600, got 'abc'"
    )
    assert "KIOSK_SESSION__IDLE_WARNING_SECONDS" in message
    assert info.value.key == "session.idle_warning_seconds"


@pytest.mark.parametrize(
    ("toml", "key", "expected"),
    [
        ("[session]\nidle_warning_seconds = 5\n", "session.idle_warning_seconds", "between 10 and 3600, got 5"),
        ('[session]\ncountdown_seconds = "30"\n', "session.countdown_seconds", "an integer between 5 and 300"),
        ("[session]\ncountdown_seconds = 30.5\n", "session.countdown_seconds", "got 30.5"),
        ("[kiosk]\nfullscreen = 1\n", "kiosk.fullscreen", "expected true or false, got 1"),
        ('[kiosk]\nmode = "prod"\n', "kiosk.mode", "one of 'demo', 'production', got 'prod'"),
        ('[kiosk]\nlanguage = "fr"\n', "kiosk.language", "one of 'zh_CN', 'en'"),
        ('[court]\nbase_url = "ftp://x"\n', "court.base_url", "http:// or https:// URL"),
        ('[court]\ncourt_code = "X01"\n', "court.court_code", "court code"),
        ("[court]\ntimeout_seconds = true\n", "court.timeout_seconds", "a number between 0.5 and 300"),
        ("[sandbox]\nport = 70000\n", "sandbox.port", "between 0 and 65535"),
        ('[maintenance]\npin_hash = "pbkdf2_sha256$1"\n', "maintenance.pin_hash", "kiosk staff add NUMBER"),
        ("[maintenance]\nrelock_seconds = 0\n", "maintenance.relock_seconds", "between 1 and 3600"),
        ('[fees]\nrounding = "ROUND_UP"\n', "fees.rounding", "ROUND_HALF_UP"),
        ('[fees]\nquantum = "0.03"\n', "fees.quantum", "positive decimal"),
        ("[fees]\ndivorce = 400\n", "fees.divorce", "between 50 and 300"),
        ("[kiosk]\ndata_dir = 3\n", "kiosk.data_dir", "expected a path"),
        ("devices = 3\n", "devices", "expected a table"),
    ],
)
def test_each_kind_of_file_error_names_the_key(tmp_path, toml, key, expected):
    path = write(tmp_path, toml)
    with pytest.raises(ConfigError) as info:
        load_config(path, env={})
    message = str(info.value)
    assert f"config key '{key}'" in message
    assert expected in message
    assert str(path) in message


def test_unknown_key_in_file_is_an_error_with_a_suggestion(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, "[session]\nidle_warning_second = 60\n"), env={})
    assert "unknown config key 'session.idle_warning_second'" in str(info.value)
    assert "did you mean 'session.idle_warning_seconds'" in str(info.value)
    with pytest.raises(ConfigError, match="unknown config key 'colour'"):
        load_config(write(tmp_path, 'colour = "red"\n'), env={})


def test_unknown_key_in_environment_is_an_error():
    with pytest.raises(ConfigError, match="unknown config key 'devices.printer.backend'"):
        load_config(env={"KIOSK_DEVICES__PRINTER__BACKEND": "escpos"})


def test_toml_syntax_error_names_file_and_line(tmp_path):
    path = write(tmp_path, '[kiosk]\nmode = "demo"\nlanguage = \n')
    with pytest.raises(ConfigError) as info:
        load_config(path, env={})
    assert str(path) in str(info.value)
    assert "line 3" in str(info.value)


def test_cross_option_rules():
    with pytest.raises(ConfigError, match="'court.base_url': required when court.backend is 'remote'"):
        load_config(env={"KIOSK_COURT__BACKEND": "remote"})
    with pytest.raises(ConfigError, match="'devices.receipt_printer.host': required"):
        load_config(env={"KIOSK_DEVICES__RECEIPT_PRINTER__BACKEND": "escpos"})
    with pytest.raises(ConfigError, match="'devices.receipt_printer.usb_vendor': required"):
        load_config(
            env={
                "KIOSK_DEVICES__RECEIPT_PRINTER__BACKEND": "escpos",
                "KIOSK_DEVICES__RECEIPT_PRINTER__CONNECTION": "usb",
            }
        )
    with pytest.raises(ConfigError, match="'queue.base_delay_seconds'"):
        load_config(env={"KIOSK_QUEUE__BASE_DELAY_SECONDS": "100", "KIOSK_QUEUE__MAX_DELAY_SECONDS": "10"})


def test_bool_env_values():
    for text, value in [("1", True), ("yes", True), ("On", True), ("0", False), ("false", False)]:
        assert load_config(env={"KIOSK_KIOSK__FULLSCREEN": text})["kiosk.fullscreen"] is value
    with pytest.raises(ConfigError, match="'kiosk.fullscreen': expected true or false, got 'maybe'"):
        load_config(env={"KIOSK_KIOSK__FULLSCREEN": "maybe"})


def test_the_staff_file_is_in_the_data_folder_by_default(tmp_path):
    cfg = load_config(env={"KIOSK_KIOSK__DATA_DIR": str(tmp_path)})
    assert cfg["maintenance.staff_file"] == tmp_path / "staff.toml"
    assert cfg["maintenance.relock_seconds"] == 60
    cfg = load_config(env={"KIOSK_KIOSK__DATA_DIR": str(tmp_path), "KIOSK_MAINTENANCE__STAFF_FILE": "s/staff.toml"})
    assert cfg["maintenance.staff_file"] == tmp_path / "s" / "staff.toml"


def test_unknown_key_access_raises_keyerror():
    cfg = load_config(env={})
    with pytest.raises(KeyError):
        cfg.get("kiosk.colour")
    with pytest.raises(KeyError):
        cfg.section("nothing")
    with pytest.raises(AttributeError):
        _ = cfg.devices.printer


def test_every_option_has_a_valid_default_and_description():
    keys = [o.key for o in OPTIONS]
    assert len(keys) == len(set(keys))
    cfg = load_config(env={})
    for opt in OPTIONS:
        assert opt.description.strip(), opt.key
        assert opt.key.count(".") >= 1
        cfg.get(opt.key)  # derived defaults resolve


def test_reference_documents_every_option():
    text = render_reference()
    assert text.startswith("# Configuration reference")
    for opt in OPTIONS:
        assert f"`{opt.key}`" in text
        assert opt.env_var in text
    assert "| `session.idle_warning_seconds`<br>`KIOSK_SESSION__IDLE_WARNING_SECONDS` | integer | `120` |" in text
    assert "string: `demo` / `production`" in text
    assert "platformdirs `user_data_dir('court-kiosk')`" in text
    # table rows have exactly four cells (no stray pipes)
    for line in text.splitlines():
        if line.startswith("| `"):
            assert line.replace("\\|", "").count("|") == 5, line


def test_fee_section_builds_a_fee_schedule():
    from decimal import Decimal

    from kiosk.domain.fees import FeeSchedule, calculate

    cfg = load_config(env={"KIOSK_FEES__DIVORCE": "200", "KIOSK_FEES__QUANTUM": "1"})
    schedule = FeeSchedule.from_mapping(cfg.section("fees"))
    assert schedule.divorce == Decimal(200)
    assert calculate("divorce", schedule=schedule).total == Decimal(200)
    assert calculate("property", "10001", schedule=schedule).total == Decimal(50)


def test_pure_modules_import_no_qt():
    import subprocess
    import sys

    code = (
        "import sys, kiosk.config, kiosk.session, kiosk.pin, kiosk.logs, kiosk.domain.idnumber, "
        "kiosk.domain.fees, kiosk.domain.casenumber, kiosk.domain.masking; "
        "print([m for m in sys.modules if m.startswith('PySide6')])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
