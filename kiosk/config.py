"""Kiosk configuration: every option declared once, in :data:`OPTIONS`.

One TOML file (tables follow the dotted keys: ``[devices.receipt_printer]``
``backend = "escpos"``) plus environment overrides
``KIOSK_<KEY with '.' -> '__', upper-case>`` (e.g.
``KIOSK_DEVICES__RECEIPT_PRINTER__BACKEND=escpos``). ``KIOSK_CONFIG`` names the
file; without it the file is ``<user_config_dir>/kiosk.toml`` if that exists.
With no file and no environment the kiosk runs in demo mode: simulated
devices, the embedded court sandbox on loopback, Simplified Chinese.

Everything is validated at load: unknown keys, wrong types, values out of
range and bad choices raise :class:`ConfigError` naming the key and what was
expected. :func:`render_reference` renders the documentation of all options
from the same table (``kiosk config --reference``).

Pure Python, no Qt.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.domain.ice_servers import check_ice_servers
from kiosk.guide import hall as _hall
from kiosk.pin import PinGuard, PinResult, hash_pin, verify_pin

__all__ = [
    "APP_NAME",
    "ENV_CONFIG",
    "ENV_PREFIX",
    "OPTIONS",
    "Config",
    "ConfigError",
    "Option",
    "PinGuard",
    "PinResult",
    "default_config_path",
    "hash_pin",
    "load_config",
    "render_reference",
    "verify_pin",
]

APP_NAME = "court-kiosk"
ENV_PREFIX = "KIOSK_"
ENV_CONFIG = "KIOSK_CONFIG"


class ConfigError(Exception):
    """A configuration problem, worded for the operator. ``key`` is the option (or None)."""

    def __init__(self, message: str, key: str | None = None, source: str | None = None) -> None:
        super().__init__(message)
        self.key = key
        self.source = source


@dataclass(frozen=True)
class Option:
    """One configuration option.

    ``type`` is one of ``str``, ``int``, ``float``, ``bool``, ``Path``. A
    ``default`` of None means "not set" (or, for paths, derived by ``derive``
    from other options); ``default_doc`` is how the reference shows such a
    default. ``check`` returns a description of what is expected when a value
    is wrong, else None. Relative paths are resolved against the option named
    by ``relative_to`` (or the config file's folder when that is None).
    """

    key: str
    type: type
    default: Any
    description: str
    choices: tuple[str, ...] | None = None
    min: float | None = None
    max: float | None = None
    check: Callable[[Any], str | None] | None = None
    default_doc: str | None = None
    derive: Callable[[Config], Path] | None = None
    relative_to: str | None = None

    @property
    def env_var(self) -> str:
        return ENV_PREFIX + self.key.replace(".", "__").upper()

    @property
    def section(self) -> str:
        return self.key.rpartition(".")[0]

    def expected(self) -> str:
        """What a valid value looks like, for error messages and the reference."""
        if self.choices:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        noun = {int: "an integer", float: "a number", bool: "true or false", Path: "a path", str: "a string"}[
            self.type
        ]

        def fmt(x: float) -> str:
            return str(int(x)) if float(x).is_integer() else str(x)

        if self.min is not None and self.max is not None:
            return f"{noun} between {fmt(self.min)} and {fmt(self.max)}"
        if self.min is not None:
            return f"{noun} >= {fmt(self.min)}"
        if self.max is not None:
            return f"{noun} <= {fmt(self.max)}"
        return noun


# ---------------------------------------------------------------------------
# Checks used by the table


def _http_url(value: str) -> str | None:
    if value == "":
        return None  # required only with court.backend = "remote" (checked across options)
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "an http:// or https:// URL"
    return None


def _file_path(value: str) -> str | None:
    return None if value == "" or value.startswith(("/", "~")) else "an absolute file path"


def _pins(value: str) -> str | None:
    from offline_queue.tls import parse_pins

    try:
        parse_pins(value)
    except ValueError as exc:
        return f"base64 SHA-256 pins separated by commas ({exc})"
    return None


def _payment_prefixes(value: str) -> str | None:
    from kiosk.payment_urls import prefixes_problem

    return prefixes_problem(value)


def _identifier(value: str) -> str | None:
    return None if re.fullmatch(r"[a-z][a-z0-9_]*", value) else "a backend name (lower-case letters, digits, _)"


def _kiosk_id(value: str) -> str | None:
    return None if re.fullmatch(r"[A-Za-z0-9._-]{1,64}", value) else "1-64 letters, digits, '.', '_' or '-'"


def _court_code(value: str) -> str | None:
    from kiosk.domain.casenumber import is_court_code

    return None if is_court_code(value) else "a court code such as '最高法', '京', '辽02' or '京0105'"


def _case_type(value: str) -> str | None:
    from kiosk.domain.casenumber import is_case_type

    return None if is_case_type(value) else "a case type code of 1-4 Chinese characters such as '民初'"


def _quantum(value: str) -> str | None:
    from decimal import Decimal, InvalidOperation

    try:
        q = Decimal(value)
    except InvalidOperation:
        return "a positive decimal such as '0.01' or '1'"
    if not q.is_finite() or q <= 0 or q.normalize().as_tuple().digits != (1,):
        return "a positive decimal such as '0.01' or '1'"
    return None


def _key_names(value: str) -> str | None:
    names = [n.strip() for n in value.split(",")] if value.strip() else []
    ok = all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", n) for n in names)
    return None if ok else "Qt key names separated by commas, such as 'Return,Enter' or 'F1'"


def _host(value: str) -> str | None:
    return None if value == "" or re.fullmatch(r"[A-Za-z0-9.:\-\[\]]+", value) else "a host name or IP address"


def _loopback_host(value: str) -> str | None:
    """The embedded sandbox has no TLS: loopback only (127.0.0.0/8, ::1, localhost)."""
    import ipaddress

    name = value.strip("[]").lower()
    try:
        loopback = name == "localhost" or ipaddress.ip_address(name).is_loopback
    except ValueError:
        loopback = False
    return None if loopback else "a loopback address (127.0.0.1, ::1 or localhost)"


def _user_dir(kind: str) -> Path:
    """platformdirs' ``user_<kind>_dir`` of the app. Imported when first asked: a production kiosk
    names its folders and configuration file (deploy/), and the import costs the cold start ~4 ms."""
    import platformdirs

    return Path(getattr(platformdirs, f"user_{kind}_dir")(APP_NAME, appauthor=False))


def _data_dir(cfg: Config) -> Path:
    return _user_dir("data")


def _log_dir(cfg: Config) -> Path:
    return _user_dir("log")


def _key_path(cfg: Config) -> Path:
    return _user_dir("config") / "outbox.key"


def _identity_path(name: str) -> Callable[[Config], Path]:
    def derive(cfg: Config) -> Path:
        return _user_dir("config") / "court-identity" / name

    return derive


def _in_data_dir(name: str) -> Callable[[Config], Path]:
    def derive(cfg: Config) -> Path:
        return cfg.get("kiosk.data_dir") / name

    return derive


def default_config_path() -> Path:
    """``<user_config_dir>/kiosk.toml`` (platformdirs)."""
    return _user_dir("config") / "kiosk.toml"


# ---------------------------------------------------------------------------
# The table

_DATA = "kiosk.data_dir"

OPTIONS: list[Option] = [
    # kiosk
    Option("kiosk.mode", str, "demo",
           "`demo` runs with simulated devices and the embedded court sandbox by default; "
           "`production` is a real hall kiosk.", choices=("demo", "production")),
    Option("kiosk.kiosk_id", str, "kiosk-01",
           "Identifies this kiosk to the court backend (`X-Kiosk-Id`) and in logs.", check=_kiosk_id),
    Option("kiosk.language", str, "zh_CN",
           "Language each session starts in (a litigant can switch; reset restores this).",
           choices=("zh_CN", "en")),
    Option("kiosk.fullscreen", bool, True, "Run fullscreen (`kiosk --windowed` overrides for development)."),
    Option("kiosk.hide_cursor", bool, False,
           "Hide the mouse cursor over the whole app (a touch screen). Unless set, hidden in production "
           "and shown in demo mode.", default_doc="`true` (production), `false` (demo)"),
    Option("kiosk.data_dir", Path, None, "Folder for the outbox, sandbox database and temporary scans.",
           default_doc="platformdirs `user_data_dir('court-kiosk')`", derive=_data_dir),
    Option("kiosk.log_dir", Path, None, "Folder for the rotating log files.",
           default_doc="platformdirs `user_log_dir('court-kiosk')`", derive=_log_dir),
    Option("kiosk.log_level", str, "INFO", "Log level for the kiosk's loggers.",
           choices=("DEBUG", "INFO", "WARNING", "ERROR")),
    # session
    Option("session.idle_warning_seconds", int, 120,
           "Seconds without a touch before the idle warning appears.", min=10, max=3600),
    Option("session.countdown_seconds", int, 30,
           "Countdown shown by the idle warning before the session is wiped.", min=5, max=300),
    Option("session.done_seconds", int, 20,
           "Seconds the final 'take your card and papers' screen stays before the session is wiped.",
           min=5, max=600),
    # display
    Option("display.pixels_per_mm", float, 4.0,
           "Pixel density of the touch panel (pixels per millimetre), for the 15 mm touch targets: 4.0 is a "
           "21.5\" 1920x1080 panel (15 mm = 60 px); 3.6 for 23.8\", 2.75 for 32\", 5.6 for 15.6\".",
           min=1.0, max=20.0),
    # keypad: the five keys (and optional speech keys) as Qt key names, comma-separated
    Option("keypad.up", str, "Up", "Keys that move to the previous item (Qt key names, e.g. `Up`).",
           check=_key_names),
    Option("keypad.down", str, "Down", "Keys that move to the next item.", check=_key_names),
    Option("keypad.select", str, "Return,Enter,Space", "Keys that choose the item (in a text field `Space` "
           "types a space).", check=_key_names),
    Option("keypad.back", str, "Escape,Backspace", "Keys that go back or close what is open (in a text "
           "field `Backspace` deletes).", check=_key_names),
    Option("keypad.help", str, "F1,Question", "Keys that explain the screen and switch the green channel on.",
           check=_key_names),
    Option("keypad.repeat", str, "", "Optional key that repeats what was said (empty: none).", check=_key_names),
    Option("keypad.pause", str, "", "Optional key that pauses or resumes speech.", check=_key_names),
    Option("keypad.volume_up", str, "", "Optional key for louder speech.", check=_key_names),
    Option("keypad.volume_down", str, "", "Optional key for quieter speech.", check=_key_names),
    Option("keypad.rate_up", str, "", "Optional key for faster speech.", check=_key_names),
    Option("keypad.rate_down", str, "", "Optional key for slower speech.", check=_key_names),
    # court
    Option("court.backend", str, "embedded",
           "`embedded` starts the court sandbox in-process on loopback; `remote` talks to `court.base_url`.",
           choices=("embedded", "remote")),
    Option("court.base_url", str, "", "Base URL of the court backend (required when `court.backend` is `remote`).",
           check=_http_url),
    Option("court.timeout_seconds", float, 10.0, "Timeout of one HTTP request to the court backend.",
           min=0.5, max=300),
    Option("court.deadline_seconds", float, 30.0, "The longest one request to the court backend and its answer "
           "may take in all (a document download: four times this); each wait is bounded by "
           "`court.timeout_seconds`.", min=1, max=3600),
    Option("court.proxy", str, "", "HTTP(S) proxy to reach the court backend through (empty: none; proxies from the "
           "environment are never used).", check=_http_url),
    Option("court.ca_bundle", str, "",
           "PEM file of the CA(s) that issued the court backend's server certificate (empty: the system's CAs, "
           "unless `court.server_pins` is set). Production needs this or `court.server_pins`.", check=_file_path),
    Option("court.server_pins", str, "",
           "Comma-separated pins of the court server's public key: base64 SHA-256 of its SubjectPublicKeyInfo "
           "(`sha256/...` as `kiosk court pin CERT` prints it). A server whose key is not pinned is refused "
           "before anything is sent; without `court.ca_bundle` the pin is the only check.", check=_pins),
    Option("court.mutual_tls", bool, True,
           "The court wants this kiosk's client certificate (mutual TLS, contract 1.6): nothing but the "
           "enrolment is sent before the kiosk is enrolled in maintenance mode. Production needs it on; the "
           "embedded practice sandbox ignores it."),
    Option("court.client_cert_path", Path, None,
           "This kiosk's client certificate (PEM), written when staff enrol the kiosk in maintenance mode.",
           default_doc="`<user_config_dir>/court-identity/kiosk.pem`", derive=_identity_path("kiosk.pem")),
    Option("court.client_key_path", Path, None,
           "This kiosk's private key for the court link (made on the kiosk at enrolment, mode 0600, never "
           "leaves it).",
           default_doc="`<user_config_dir>/court-identity/kiosk.key`", derive=_identity_path("kiosk.key")),
    Option("court.court_code", str, "京0105", "Court code of the court this kiosk stands in (as in case numbers).",
           check=_court_code),
    Option("court.default_case_type", str, "民初", "Case type code preselected for a new filing.", check=_case_type),
    # payment
    Option("payment.provider_prefixes", str, "",
           "Comma-separated https:// URL prefixes of the payment provider's pages (such as "
           "`https://pay.example/court/`): a payment QR is shown only for a URL under one of them (same host and "
           "port, the path on a segment boundary); any other is refused and reported to staff. Empty: in demo "
           "mode the embedded sandbox's payment page, in production no QR at all (a production problem).",
           check=_payment_prefixes),
    # sandbox
    Option("sandbox.host", str, "127.0.0.1", "Address the embedded court sandbox listens on (loopback only).",
           check=_loopback_host),
    Option("sandbox.port", int, 0, "Port of the embedded court sandbox (0: any free port).", min=0, max=65535),
    Option("sandbox.admin_port", int, 0,
           "Port of the embedded sandbox's admin API (the court's side: reviews, payments, enrolment codes; "
           "loopback, its token in `<sandbox.db_path>.admin-token`; 0: any free port). `kiosk sandbox` commands "
           "use 8766 by default.", min=0, max=65535),
    Option("sandbox.db_path", Path, None,
           "SQLite database of the embedded court sandbox; the files it receives are kept in "
           "`<db_path>.uploads` beside it. It plays the court, so it has a folder of its own.",
           default_doc="`<kiosk.data_dir>/court-sandbox/sandbox.sqlite3`",
           derive=_in_data_dir("court-sandbox/sandbox.sqlite3"),
           relative_to=_DATA),
    # queue
    Option("queue.db_path", Path, None, "SQLite outbox holding submissions until the court confirms them.",
           default_doc="`<kiosk.data_dir>/outbox.sqlite3`", derive=_in_data_dir("outbox.sqlite3"),
           relative_to=_DATA),
    Option("queue.base_delay_seconds", float, 1.0, "First retry delay of the sync worker (full-jitter backoff).",
           min=0.01, max=3600),
    Option("queue.max_delay_seconds", float, 300.0, "Longest retry delay of the sync worker.", min=1, max=86400),
    Option("queue.encrypt", bool, True, "Encrypt the personal data in the outbox at rest (AES-GCM)."),
    Option("queue.key_path", Path, None,
           "Key file of the outbox encryption (created 0600 when missing); keep it outside the data "
           "directory, e.g. `/etc/court-kiosk/outbox.key`, and back it up: without it queued items "
           "cannot be read.",
           default_doc="`<user_config_dir>/outbox.key`", derive=_key_path),
    Option("queue.heartbeat_seconds", float, 300.0,
           "How often the kiosk reports its device health and queue depth to the court (a heartbeat "
           "through the outbox; only the newest waits while offline); 0 switches it off.",
           min=0.0, max=86400.0),
    Option("queue.purge_after_days", float, 30.0,
           "Delivered items are deleted (overwritten on disk) after this many days; their receipts can be "
           "reprinted until then.", min=0.0, max=3650.0),
    # devices
    Option("devices.id_reader.backend", str, "simulator", "Resident ID card reader backend (driver registry name).",
           check=_identifier),
    Option("devices.id_reader.port", str, "", "Serial port of the ID reader (e.g. `/dev/ttyUSB0`, `COM3`)."),
    Option("devices.id_reader.baudrate", int, 115200, "Baud rate of the ID reader's serial port.",
           min=1200, max=921600),
    Option("devices.receipt_printer.backend", str, "simulator", "Receipt printer backend.",
           choices=("simulator", "escpos")),
    Option("devices.receipt_printer.connection", str, "network", "How the ESC/POS printer is attached.",
           choices=("network", "serial", "usb")),
    Option("devices.receipt_printer.host", str, "", "Printer host (connection `network`).", check=_host),
    Option("devices.receipt_printer.port", int, 9100, "Printer TCP port (connection `network`).", min=1, max=65535),
    Option("devices.receipt_printer.device", str, "", "Printer serial device (connection `serial`)."),
    Option("devices.receipt_printer.baudrate", int, 19200, "Printer baud rate (connection `serial`).",
           min=1200, max=921600),
    Option("devices.receipt_printer.usb_vendor", int, None, "USB vendor id, e.g. `0x04b8` (connection `usb`).",
           min=0, max=0xFFFF, default_doc="not set"),
    Option("devices.receipt_printer.usb_product", int, None, "USB product id (connection `usb`).",
           min=0, max=0xFFFF, default_doc="not set"),
    Option("devices.receipt_printer.required", bool, True,
           "Whether `kiosk doctor` fails when the receipt printer is missing (filing still works; "
           "staff reprint receipts from maintenance mode)."),
    Option("devices.id_reader.timeout", float, 1.0,
           "Longest wait for one answer frame of the serial ID reader (seconds).", min=0.05, max=10.0),
    Option("devices.id_reader.required", bool, True,
           "Whether `kiosk doctor` fails when the ID reader is missing (identification needs it)."),
    Option("devices.a4_printer.backend", str, "none",
           "A4 printer backend: `cups` (Qt print support over CUPS), or `none` when the kiosk has none.",
           check=_identifier),
    Option("devices.a4_printer.queue", str, "", "CUPS queue name of the A4 printer (backend `cups`)."),
    Option("devices.a4_printer.server", str, "",
           "CUPS server `host[:port]` or socket path; empty: `$CUPS_SERVER`, client.conf or the local socket."),
    Option("devices.a4_printer.timeout", float, 10.0, "Seconds per request to cupsd.", min=1.0, max=120.0),
    Option("devices.a4_printer.required", bool, False,
           "Whether `kiosk doctor` fails when the A4 printer is missing."),
    Option("devices.staff_card.backend", str, "simulator",
           "Staff card reader that opens maintenance mode without the PIN and confirms photo identities: "
           "`pcsc` (PC/SC smart card reader, cards of format version 2), `simulator` (a software card put on "
           "from the demo panel), or `none`. Unless set, `simulator` in demo mode and `none` in production.",
           check=_identifier, default_doc='`"simulator"` (demo), `"none"` (production)'),
    Option("devices.staff_card.hmac_key_path", str, "",
           "File holding the staff cards' master key in hex (at least 16 bytes; each card's key and record "
           "tag are derived from it and the card's serial), readable only by the kiosk user (backend `pcsc`; "
           "`kiosk staff card issue` uses it too)."),
    Option("devices.staff_card.reader_name_filter", str, "",
           "Part of the PC/SC reader's name to use for staff cards; empty: any reader."),
    Option("devices.staff_card.required", bool, False,
           "Whether `kiosk doctor` fails when the staff card reader is missing."),
    Option("devices.camera.backend", str, "simulator", "Document camera backend.", check=_identifier),
    Option("devices.camera.source", str, "0",
           "Camera source (backend `opencv`): a device index, a video file, an image-sequence pattern "
           "(`frames/%03d.png`) or a stream URL."),
    Option("devices.camera.width", int, None, "Requested frame width (devices only).", min=160, max=10000),
    Option("devices.camera.height", int, None, "Requested frame height (devices only).", min=120, max=10000),
    Option("devices.camera.fps", float, None, "Requested frame rate; for recordings, the playback rate.",
           min=1.0, max=120.0),
    Option("devices.camera.fourcc", str, "", "Pixel format to request, e.g. `MJPG` (many 高拍仪 need it for 5 MP)."),
    Option("devices.camera.loop", bool, True, "Recordings start again at their end."),
    Option("devices.camera.timeout", float, 5.0, "Timeout for opening and reading a stream URL (seconds).",
           min=0.5, max=60.0),
    Option("devices.camera.required", bool, False, "Whether `kiosk doctor` fails when the camera is missing."),
    Option("devices.microphone.backend", str, "simulator", "Microphone backend.", check=_identifier),
    Option("devices.microphone.device", str, "",
           "Audio input to record from (backend `qt`): part of its name or id as QtMultimedia lists it; "
           "empty: the system's default input."),
    Option("devices.microphone.buffer_seconds", float, 10.0,
           "Seconds of unread audio the `qt` microphone keeps; older audio is dropped.", min=0.1, max=600.0),
    Option("devices.microphone.required", bool, False,
           "Whether `kiosk doctor` fails when the microphone is missing."),
    Option("devices.speaker.backend", str, "simulator",
           "Speech output backend: `qt` (QtTextToSpeech over speech-dispatcher with espeak-ng) or "
           "`simulator`. Unless set, `simulator` in demo mode and `qt` in production.", check=_identifier,
           default_doc='`"simulator"` (demo), `"qt"` (production)'),
    Option("devices.speaker.engine", str, "speechd",
           "QtTextToSpeech engine (backend `qt`): `speechd` (speech-dispatcher) on Linux."),
    Option("devices.speaker.address", str, "",
           "speech-dispatcher's address (backend `qt`), as `SPEECHD_ADDRESS` takes it: "
           "`unix_socket:/path/speechd.sock` or `inet_socket:host:port`; empty: the system's."),
    Option("devices.speaker.voice_zh_cn", str, "Chinese (Mandarin, latin as English)",
           "Voice for Chinese (backend `qt`), by name as speech-dispatcher lists it."),
    Option("devices.speaker.voice_en", str, "English (America)",
           "Voice for English (backend `qt`), by name as speech-dispatcher lists it."),
    Option("devices.speaker.required", bool, False,
           "Whether `kiosk doctor` fails when speech output is missing."),
    Option("devices.health_interval_seconds", float, 5.0,
           "How often the kiosk checks every device; a device that comes or goes is noticed within this time.",
           min=1.0, max=600.0),
    # speech (Vosk; the operator installs a Chinese/English model and names its folder)
    Option("speech.enabled", bool, True, "Voice input on or off."),
    Option("speech.model_path", str, "",
           "Folder of a Vosk model; empty: voice input is off (the reason is shown)."),
    Option("speech.command_trailing_silence_ms", int, 200,
           "Silence after speech that ends a voice command (ms).", min=50, max=2000),
    Option("speech.silence_level", float, 0.02, "RMS level below which audio counts as silence.",
           min=0.0, max=1.0),
    Option("speech.chunk_ms", int, 100, "Microphone read size while listening (ms); 50 keeps commands quicker.",
           min=10, max=1000),
    Option("speech.max_listen_seconds", float, 30.0, "Longest listening session (seconds).", min=1.0, max=600.0),
    Option("speech.language", str, "zh_CN",
           "Language of the speech model: voice commands are its phrases from the translations "
           "(`ko` for Korean, e.g. in the Yanbian courts).", choices=("zh_CN", "en", "ko")),
    # OCR (Tesseract, in-process through tesserocr; pytesseract when tesserocr is missing)
    Option("ocr.engine", str, "ppocr",
           "Primary OCR engine for Chinese fields and pages: `ppocr` (PP-OCRv4 through onnxruntime, "
           "models inside the `rapidocr_onnxruntime` package) or `tesseract`. The other is the "
           "fallback when the primary is not usable, and re-reads an ID number that fails its check.",
           choices=("ppocr", "tesseract")),
    Option("ocr.languages", str, "chi_sim+eng", "Tesseract languages for pages and ID cards."),
    Option("ocr.tessdata", str, "", "Folder of the `.traineddata` files; empty: Debian's "
           "`/usr/share/tesseract-ocr/5/tessdata` (or `TESSDATA_PREFIX`)."),
    Option("ocr.page_dpi", int, 150, "Resolution a photographed page is flattened to before OCR.",
           min=100, max=400),
    # maintenance
    Option("maintenance.staff_file", Path, None,
           "Staff who may open maintenance mode: `[[staff]]` entries with `number` (1-8 digits), `pin_hash` "
           "(PBKDF2 of a 6-12 digit PIN) and `role`; managed with `kiosk staff add|list|remove`, mode 0600. "
           "Absent: in demo mode the demo staff member 0001 (PIN 246802), in production no PIN login.",
           default_doc="`<kiosk.data_dir>/staff.toml`", derive=_in_data_dir("staff.toml"), relative_to=_DATA),
    Option("maintenance.max_attempts", int, 5, "Wrong PINs in a row (any staff number) before PIN entry locks.",
           min=1, max=100),
    Option("maintenance.lockout_seconds", int, 300,
           "How long the first lockout lasts; each further one in a row lasts twice as long (at most 24 h). "
           "The state (`<kiosk.data_dir>/pin_lockout.json`) survives a restart.", min=1, max=86400),
    Option("maintenance.relock_seconds", int, 60,
           "Maintenance mode locks (staff logged out) after this long without a touch or key; the login pad "
           "goes away after as long unused.", min=1, max=3600),
    Option("maintenance.corner_hold_seconds", float, 3.0,
           "How long the hidden corner must be held to ask for the maintenance PIN.", min=0.5, max=30),
    # metrics (Prometheus text on loopback, kiosk/metrics.py)
    Option("metrics.enabled", bool, True, "Serve Prometheus metrics on `metrics.address`:`metrics.port` "
           "(`/metrics`): visits, services, the queue to the court, devices, errors, disk, restarts."),
    Option("metrics.port", int, 9464, "TCP port of the metrics endpoint.", min=1, max=65535),
    Option("metrics.address", str, "127.0.0.1", "Address of the metrics endpoint: loopback only (scrape it "
           "from this PC, e.g. with a Prometheus agent that forwards, or through an SSH tunnel).",
           choices=("127.0.0.1",)),
    # fees
    Option("fees.rounding", str, "ROUND_HALF_UP", "Rounding rule of the fee calculator (Decimal rounding).",
           choices=("ROUND_HALF_UP", "ROUND_HALF_EVEN", "ROUND_DOWN")),
    Option("fees.quantum", str, "0.01", "Unit fees are rounded to (`0.01` = to the fen, `1` = whole yuan).",
           check=_quantum),
    Option("fees.divorce", int, 50, "Divorce case fee per case, fixed by the province within 50-300 (Art. 13(二)).",
           min=50, max=300),
    Option("fees.personality_rights", int, 100,
           "Personality-rights case fee per case, fixed by the province within 100-500 (Art. 13(二)).",
           min=100, max=500),
    Option("fees.non_property", int, 50, "Other non-property case fee, within 50-100 (Art. 13(二)).",
           min=50, max=100),
    Option("fees.ip_without_amount", int, 500, "IP civil case without an amount in dispute, within 500-1000 "
           "(Art. 13(三)).", min=500, max=1000),
    Option("fees.jurisdiction_objection", int, 50, "Failed jurisdiction objection, within 50-100 (Art. 13(六)).",
           min=50, max=100),
    Option("fees.enforcement_without_amount", int, 50, "Enforcement application without an amount, within 50-500 "
           "(Art. 14(一)).", min=50, max=500),
    Option("fees.stack_halving", bool, False,
           "Halve once per ground when several apply (simple procedure and mediation); default: halve once."),
    Option("fees.schedule_version", str, "decree481-2007", "Version label of the local fee schedule."),
    # guide (诉讼指南)
    Option("guide.content_dir", str, "",
           "Folder of the guide's content files (`*.toml`; check them with `kiosk guide check FOLDER`); "
           "empty: the bundled `assets/guide`."),
    Option("video.enabled", bool, True,
           "远程视频 (remote video with hall staff, a judge after a judgment, or the court's reception) is on the "
           "menu, and the green channel's call for staff opens a video call."),
    Option("video.ice_servers", str, "",
           "STUN and TURN servers for video calls, separated by `;`: `stun:HOST:PORT`, or `turn:HOST:PORT USER "
           "CREDENTIAL`. Empty: none (a call within the court's network, or on loopback, needs none); the kiosk "
           "never falls back to a public server.", check=check_ice_servers),
    Option("video.recording", bool, False,
           "The court may record a video call, and only one whose litigant consented on the kiosk's consent "
           "notice before the call; off: no consent is asked and nothing is recorded."),
    Option("video.camera", str, "",
           "The litigant-facing camera of video calls, as OpenCV opens it: a device index (`0`), a device path, "
           "a video file or URL. Empty: a test picture in demo mode, no picture (voice only) in production."),
    Option("video.camera_h264", bool, False,
           "The camera gives H.264 (a UVC camera with an H.264 stream, or a file/stream of H.264): the call sends "
           "it as it comes, without re-encoding; the call then offers H.264 only. `video.camera` is then opened "
           "with PyAV: a V4L2 device (`/dev/video0`, or `0`) for its H.264 stream at 640x480 / 15 fps, or a file "
           "(played at its own rate, from the start again at its end) or URL. The self view shows a keyframe "
           "at most once a second; a camera missing or not giving H.264 makes the call voice only."),
    Option("video.audio", str, "simulator",
           "Voice in and out of video calls: `pulse` (PulseAudio's `parec` and `pacat`; give them the echo "
           "canceller's devices, see deploy/) or `simulator` (a test tone, nothing played).",
           choices=("simulator", "pulse")),
    Option("video.pulse_source", str, "",
           "PulseAudio source the `pulse` voice records from: the echo canceller's (deploy/ names it "
           "`kiosk_aec_source`); empty: the default source."),
    Option("video.pulse_sink", str, "",
           "PulseAudio sink the `pulse` voice plays to: the echo canceller's (`kiosk_aec_sink`); empty: the "
           "default sink."),
    Option("hall.counters", str, _hall.DEFAULT_COUNTERS,
           "The hall's counters, shown on the guide's hall map: `NUMBER | 中文 | English [| 中文位置 | English "
           "location]`, one per line (or separated by `;`).", check=_hall.check_counters,
           default_doc="the counters 1-10 of a typical hall (`kiosk.guide.hall.DEFAULT_COUNTERS`)"),
]  # fmt: skip

_BY_KEY: dict[str, Option] = {opt.key: opt for opt in OPTIONS}
assert len(_BY_KEY) == len(OPTIONS), "an option is declared twice"
_SECTIONS = {opt.key.split(".")[0] for opt in OPTIONS}


# ---------------------------------------------------------------------------
# Parsing and validation

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _error(opt: Option, value: Any, source: str, expected: str | None = None) -> ConfigError:
    return ConfigError(
        f"config key '{opt.key}': expected {expected or opt.expected()}, got {value!r} ({source})",
        key=opt.key,
        source=source,
    )


def _from_env_text(opt: Option, text: str, source: str) -> Any:
    """Turn an environment string into the option's type."""
    t = text.strip()
    if opt.type is bool:
        if t.lower() in _TRUE:
            return True
        if t.lower() in _FALSE:
            return False
        raise _error(opt, text, source)
    if opt.type is int:
        try:
            return int(t, 16) if t.lower().startswith("0x") else int(t, 10)
        except ValueError:
            raise _error(opt, text, source) from None
    if opt.type is float:
        try:
            return float(t)
        except ValueError:
            raise _error(opt, text, source) from None
    return text


def _validate(opt: Option, value: Any, source: str) -> Any:
    """Check the type, range, choices and ``check`` of one value; return it normalised."""
    if opt.type is bool:
        if not isinstance(value, bool):
            raise _error(opt, value, source)
    elif opt.type is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _error(opt, value, source)
    elif opt.type is float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise _error(opt, value, source)
        value = float(value)
    elif opt.type in (str, Path):
        if not isinstance(value, str):
            raise _error(opt, value, source)
    if opt.min is not None and value < opt.min or opt.max is not None and value > opt.max:
        raise _error(opt, value, source)
    if opt.choices is not None and value not in opt.choices:
        raise _error(opt, value, source)
    if opt.check is not None:
        problem = opt.check(value)
        if problem:
            raise _error(opt, value, source, expected=problem)
    return value


def _unknown(key: str, source: str) -> ConfigError:
    import difflib

    close = difflib.get_close_matches(key, list(_BY_KEY), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    if key == "maintenance.pin_hash":  # the shared PIN is gone: each staff member has their own
        hint = "; the shared maintenance PIN was replaced by per-staff PINs: remove it and enrol each staff " \
               "member with `kiosk staff add NUMBER` (maintenance.staff_file)"
    return ConfigError(f"unknown config key '{key}' ({source}){hint}", key=key, source=source)


def _flatten(table: Mapping[str, Any], source: str, prefix: str = "") -> Iterable[tuple[str, Any]]:
    for name, value in table.items():
        key = f"{prefix}{name}"
        if key in _BY_KEY:
            yield key, value
        elif isinstance(value, dict) and any(k.startswith(key + ".") for k in _BY_KEY):
            yield from _flatten(value, source, key + ".")
        elif any(k.startswith(key + ".") for k in _BY_KEY):
            raise ConfigError(f"config key '{key}': expected a table, got {value!r} ({source})",
                              key=key, source=source)
        else:
            raise _unknown(key, source)


def _read_file(path: Path) -> dict[str, Any]:
    import tomllib  # only when there is a file: keeps the start-up light

    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"config file {path} not found", source=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path}: invalid TOML: {exc}", source=str(path)) from None
    except UnicodeDecodeError:
        raise ConfigError(f"config file {path}: not UTF-8 text", source=str(path)) from None
    except OSError as exc:
        raise ConfigError(f"config file {path}: cannot read it ({exc.strerror})", source=str(path)) from None


# ---------------------------------------------------------------------------
# The loaded configuration


class _SectionView:
    """``cfg.devices.receipt_printer.backend`` style access."""

    def __init__(self, cfg: Config, prefix: str) -> None:
        self._cfg = cfg
        self._prefix = prefix

    def __getattr__(self, name: str) -> Any:
        key = f"{self._prefix}.{name}"
        if key in _BY_KEY:
            return self._cfg.get(key)
        if any(k.startswith(key + ".") for k in _BY_KEY):
            return _SectionView(self._cfg, key)
        raise AttributeError(f"no config key or section '{key}'")

    def __repr__(self) -> str:
        return f"<config section {self._prefix}>"


class Config:
    """Validated configuration values with typed access.

    ``cfg.get("court.base_url")``, ``cfg["court.base_url"]``,
    ``cfg.court.base_url`` and ``cfg.section("devices.receipt_printer")``
    (a dict of the options below that prefix, keys relative to it). Path
    options come back as absolute :class:`~pathlib.Path` objects, derived
    defaults resolved on access.
    """

    def __init__(self, values: Mapping[str, Any], sources: Mapping[str, str], path: Path | None = None) -> None:
        self._values = dict(values)
        self._sources = dict(sources)
        self.path = path
        self.warnings: list[str] = []

    @classmethod
    def defaults(cls) -> Config:
        return cls({o.key: o.default for o in OPTIONS}, {o.key: "default" for o in OPTIONS})

    def get(self, key: str) -> Any:
        try:
            opt = _BY_KEY[key]
        except KeyError:
            raise KeyError(f"no config key '{key}'") from None
        value = self._values[key]
        if opt.type is Path:
            return self._resolve_path(opt, value)
        return value

    __getitem__ = get

    def __contains__(self, key: object) -> bool:
        return key in _BY_KEY

    def __getattr__(self, name: str) -> Any:
        if name in _SECTIONS:
            return _SectionView(self, name)
        raise AttributeError(name)

    def _resolve_path(self, opt: Option, value: str | None) -> Path:
        if not value:
            assert opt.derive is not None, opt.key
            return opt.derive(self).absolute()
        path = Path(value).expanduser()
        if not path.is_absolute():
            base = self.get(opt.relative_to) if opt.relative_to else (
                self.path.parent if self.path else Path.cwd()
            )
            path = base / path
        return path.absolute()

    def source(self, key: str) -> str:
        """Where the value came from: 'default', the file path, or the environment variable."""
        return self._sources[key]

    def section(self, prefix: str) -> dict[str, Any]:
        """All options under ``prefix`` with keys relative to it (sub-sections keep their dots)."""
        start = prefix.rstrip(".") + "."
        result = {o.key[len(start):]: self.get(o.key) for o in OPTIONS if o.key.startswith(start)}
        if not result:
            raise KeyError(f"no config section '{prefix}'")
        return result

    def as_dict(self) -> dict[str, Any]:
        """Every option's effective value (paths resolved), in declaration order."""
        return {o.key: self.get(o.key) for o in OPTIONS}

    @property
    def demo(self) -> bool:
        return self._values["kiosk.mode"] == "demo"

    def ensure_dirs(self) -> None:
        """Create the data and log folders if they do not exist."""
        for key in ("kiosk.data_dir", "kiosk.log_dir"):
            self.get(key).mkdir(parents=True, exist_ok=True)

    def __repr__(self) -> str:
        changed = {k: v for k, v in self._values.items() if self._sources[k] != "default"}
        return f"<Config mode={self._values['kiosk.mode']} file={self.path} changed={sorted(changed)}>"


def _cross_checks(cfg: Config) -> None:
    """Rules that involve more than one option."""
    v = cfg._values

    def need(key: str, because: str) -> None:
        if v[key] in ("", None):
            raise ConfigError(f"config key '{key}': required when {because}", key=key, source=cfg.source(key))

    if v["court.backend"] == "remote":
        need("court.base_url", "court.backend is 'remote'")
    if v["queue.base_delay_seconds"] > v["queue.max_delay_seconds"]:
        raise ConfigError(
            "config key 'queue.base_delay_seconds': expected a number <= queue.max_delay_seconds "
            f"({v['queue.max_delay_seconds']}), got {v['queue.base_delay_seconds']!r}",
            key="queue.base_delay_seconds",
            source=cfg.source("queue.base_delay_seconds"),
        )
    if v["devices.staff_card.backend"] == "pcsc":
        need("devices.staff_card.hmac_key_path", "devices.staff_card.backend is 'pcsc'")
    if v["devices.a4_printer.backend"] == "cups":
        need("devices.a4_printer.queue", "devices.a4_printer.backend is 'cups'")
    if v["devices.receipt_printer.backend"] == "escpos":
        connection = v["devices.receipt_printer.connection"]
        because = f"the receipt printer is escpos over {connection}"
        if connection == "network":
            need("devices.receipt_printer.host", because)
        elif connection == "serial":
            need("devices.receipt_printer.device", because)
        else:
            need("devices.receipt_printer.usb_vendor", because)
            need("devices.receipt_printer.usb_product", because)

    # What production mode may not run with (the demo PIN, simulators, the sandbox, http://, open key
    # files) is kiosk.production's: the app and `kiosk doctor` refuse to start on it (exit 78).


def load_config(
    path: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Config:
    """Load and validate the configuration.

    ``path``: the TOML file; None means ``env['KIOSK_CONFIG']`` if set, else
    the default location if a file exists there, else no file. ``env``
    defaults to ``os.environ``. ``overrides`` (dotted key -> typed value, e.g.
    from the command line or a test) win over the file and the environment
    and are validated the same way.
    """
    if env is None:
        env = os.environ
    values: dict[str, Any] = {o.key: o.default for o in OPTIONS}
    sources: dict[str, str] = {o.key: "default" for o in OPTIONS}

    file: Path | None = None
    if path is not None:
        file = Path(path)
    elif env.get(ENV_CONFIG):
        file = Path(env[ENV_CONFIG])
    elif default_config_path().is_file():
        file = default_config_path()
    if file is not None:
        file = file.expanduser().absolute()
        source = f"in {file}"
        for key, value in _flatten(_read_file(file), source):
            values[key] = _validate(_BY_KEY[key], value, source)
            sources[key] = str(file)

    for name in sorted(env):
        if not name.startswith(ENV_PREFIX) or "__" not in name:
            continue
        source = f"from environment variable {name}"
        key = name[len(ENV_PREFIX):].lower().replace("__", ".")
        opt = _BY_KEY.get(key)
        if opt is None:
            raise _unknown(key, source)
        values[key] = _validate(opt, _from_env_text(opt, env[name], source), source)
        sources[key] = name

    for key, value in (overrides or {}).items():
        opt = _BY_KEY.get(key)
        if opt is None:
            raise _unknown(key, "override")
        if opt.type is Path and isinstance(value, os.PathLike):
            value = os.fspath(value)
        values[key] = _validate(opt, value, "override")
        sources[key] = "override"

    if sources["devices.speaker.backend"] == "default" and values["kiosk.mode"] == "production":
        values["devices.speaker.backend"] = "qt"  # the demo speaks through the simulator, a hall kiosk aloud
    if sources["devices.staff_card.backend"] == "default" and values["kiosk.mode"] == "production":
        values["devices.staff_card.backend"] = "none"  # the demo's staff card is simulated; a hall kiosk sets pcsc
    if sources["kiosk.hide_cursor"] == "default" and values["kiosk.mode"] == "production":
        values["kiosk.hide_cursor"] = True  # a touch screen shows no pointer; a demo on a desktop keeps it
    cfg = Config(values, sources, file)
    _cross_checks(cfg)
    return cfg


# ---------------------------------------------------------------------------
# Documentation


def _type_name(opt: Option) -> str:
    name = {int: "integer", float: "number", bool: "boolean", Path: "path", str: "string"}[opt.type]
    if opt.choices:
        return f"{name}: " + " / ".join(f"`{c}`" for c in opt.choices)
    return name


def _default_text(opt: Option) -> str:
    if opt.default_doc is not None:
        return opt.default_doc
    value = opt.default
    if isinstance(value, bool):
        return f"`{'true' if value else 'false'}`"
    if isinstance(value, str):
        return f'`"{value}"`' if value else "empty"
    return f"`{value}`"


def _range_text(opt: Option) -> str:
    if opt.choices is None and (opt.min is not None or opt.max is not None):
        return f" Expected: {opt.expected()}."
    return ""


def render_reference() -> str:
    """Markdown documentation of every option, generated from :data:`OPTIONS`."""
    lines = [
        "# Configuration reference",
        "",
        "One TOML file: `KIOSK_CONFIG` names it, else `<user_config_dir>/kiosk.toml` "
        "(platformdirs, app name `court-kiosk`) is read when it exists. Tables follow the dotted keys, "
        "e.g. `[devices.receipt_printer]` then `backend = \"escpos\"`. Any option can be overridden by "
        "the environment variable shown (`.` becomes `__`, upper-case). Unknown keys and invalid values "
        "stop the kiosk at start with a message naming the key. Relative paths in `sandbox.db_path` and "
        "`queue.db_path` are inside `kiosk.data_dir`; other relative paths are relative to the config file.",
        "",
    ]
    current = None
    for opt in OPTIONS:
        section = opt.section
        if section != current:
            if current is not None:
                lines.append("")
            current = section
            lines += [f"## `[{section}]`", "", "| key | type | default | description |", "|---|---|---|---|"]
        cells = [
            f"`{opt.key}`<br>`{opt.env_var}`",
            _type_name(opt),
            _default_text(opt),
            opt.description + _range_text(opt),
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    lines.append("")
    return "\n".join(lines)
