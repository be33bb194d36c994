"""Production mode is explicit: what a hall kiosk must not run with.

With ``kiosk.mode = "production"`` the app and ``kiosk doctor`` refuse to start (exit code
:data:`EX_CONFIG`, 78, sysexits' "configuration error") while :func:`production_problems` names a
problem: no staff enrolled or a staff member with the demo PIN (kiosk.staff), a simulated device,
the embedded court sandbox, a court address over plain ``http://``, or a key or config file that
others can read. Each problem is one English line that names the config key (or file) and how to
fix it. Demo mode has no problems here (it shows its DEMO band instead).

Where to extend: add a check (``check(config, uid) -> Iterable[str]``, ``uid`` the user the kiosk
runs as) to :data:`CHECKS` in this module, or append one to :data:`extra_checks` at run time; a new
option holding a secret file's path is checked by itself when its key ends in ``key_path``, else
add the key to :data:`SECRET_PATH_KEYS`.

Pure Python, no Qt; imported only in production mode (the demo's start never pays for it).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

__all__ = [
    "CHECKS",
    "EX_CONFIG",
    "SECRET_PATH_KEYS",
    "extra_checks",
    "production_problems",
    "refuse",
]

EX_CONFIG = 78  # sysexits.h EX_CONFIG: systemd units may list it in RestartPreventExitStatus=

Check = Callable[[Any, int], Iterable[str]]  # (config, uid of the kiosk's user) -> problem lines

#: Options naming a file that holds a secret (besides every option whose key ends in `key_path`):
#: the file must be the kiosk user's own and closed to group and others (mode 600). The staff file
#: (`maintenance.staff_file`) is kiosk.staff's to check.
SECRET_PATH_KEYS: list[str] = ["queue.key_path", "devices.staff_card.hmac_key_path"]

#: Checks added at run time (e.g. by another module or a test); each returns its problem lines.
extra_checks: list[Check] = []


def production_problems(config, *, uid: int | None = None) -> list[str]:
    """Every reason ``config`` cannot run a hall kiosk, one English line each; empty when it can,
    and always empty in demo mode. ``uid``: the user the kiosk runs as (default: this process's)."""
    if config.get("kiosk.mode") != "production":
        return []
    uid = os.geteuid() if uid is None else uid
    problems: list[str] = []
    for check in [*CHECKS, *extra_checks]:
        problems += check(config, uid)
    return problems


def refuse(config, stream=None) -> int:
    """For the app's start: print the problems and return :data:`EX_CONFIG`, or 0 when there are none."""
    problems = production_problems(config)
    if not problems:
        return 0
    stream = sys.stderr if stream is None else stream
    print("kiosk: refusing to start in production mode:", file=stream)
    for problem in problems:
        print(f"  {problem}", file=stream)
    stream.flush()
    return EX_CONFIG


# ---------------------------------------------------------------------------
# The checks


def _staff(config, uid: int) -> list[str]:
    """The staff who log in with a PIN (kiosk.staff): someone enrolled, nobody with the demo PIN
    (one PBKDF2 each, ~0.1 s, production only), the staff file closed to others."""
    from kiosk.staff import staff_problems

    return list(staff_problems(config))


def _simulated_devices(config, uid: int) -> list[str]:
    """A simulated device fakes ID cards, pages, prints or speech: never in a hall. A device the
    kiosk does not have is `none` (or, for doctor, `required = false`), not a simulator."""
    from drivers import registry
    from kiosk.config import OPTIONS

    problems = []
    for opt in OPTIONS:
        parts = opt.key.split(".")
        if len(parts) != 3 or parts[0] != "devices" or parts[2] != "backend":
            continue
        if config.get(opt.key) != "simulator":
            continue
        kind = parts[1]
        real = [b for b in registry.backends(kind) if b != "simulator"]
        fix = " or ".join(f"'{b}'" for b in real) or "a real backend"
        if opt.choices is None or "none" in opt.choices:
            fix += f", or 'none' if this kiosk has no {kind.replace('_', ' ')}"
        problems.append(f"{opt.key}: 'simulator' (a simulated device) in production mode; set {fix}")
    return problems


def _court(config, uid: int) -> list[str]:
    from urllib.parse import urlsplit

    problems = []
    if config.get("court.backend") == "embedded":
        problems.append("court.backend: 'embedded' is the practice court sandbox inside the kiosk (nothing "
                        "reaches the court); set court.backend = \"remote\" and court.base_url = the court's "
                        "https:// address")
    url = config.get("court.base_url")
    if url and urlsplit(url).scheme != "https":
        problems.append(f"court.base_url: {url} is not https:// (personal data would cross the network "
                        f"unencrypted); use the court's https:// address")
    bundle = config.get("court.ca_bundle")
    if not bundle and not config.get("court.server_pins"):
        problems.append("court.ca_bundle: empty and no court.server_pins, so any certificate a public CA issued "
                        "would pass as the court's; set the court's CA file (court.ca_bundle) or pin its server key "
                        "(court.server_pins)")
    elif bundle and not os.access(Path(bundle).expanduser(), os.R_OK):
        problems.append(f"court.ca_bundle: {bundle} cannot be read; install the court's CA file there")
    if not config.get("court.mutual_tls"):
        problems.append("court.mutual_tls: false, so the kiosk would talk to the court without its client "
                        "certificate; set court.mutual_tls = true and enrol the kiosk in maintenance mode")
    return problems


def _files(config, uid: int) -> list[str]:
    """The config file must not be open to others (it holds the PIN hash), nor anyone's but the
    kiosk user's or root's; a key file must be the kiosk user's and closed to group and others.
    A key file that does not exist yet is no problem: the kiosk creates it (mode 600) itself."""
    problems = []
    if config.path is not None:
        problems += _file_problems("config file", Path(config.path), 0o007, uid, {uid, 0})
    keys = [o.key for o in _options() if o.key.endswith("key_path")]
    keys += [k for k in SECRET_PATH_KEYS if k not in keys]
    for key in keys:
        if key not in config:
            continue
        value = config.get(key)
        if value in (None, ""):
            continue
        problems += _file_problems(key, Path(value).expanduser(), 0o077, uid, {uid})
    return problems


def _payment_prefixes(config, uid: int) -> list[str]:
    from kiosk.payment_urls import SANDBOX_PREFIX, parse_prefixes

    prefixes = parse_prefixes(config.get("payment.provider_prefixes"))
    if not prefixes:
        return ["payment.provider_prefixes: empty, so no payment QR can be shown; set the payment provider's "
                "https:// page prefixes (such as \"https://pay.example/court/\")"]
    if SANDBOX_PREFIX in prefixes:
        return [f"payment.provider_prefixes: {SANDBOX_PREFIX} is the practice sandbox's payment page; remove it"]
    return []


CHECKS: list[Check] = [_staff, _simulated_devices, _court, _files, _payment_prefixes]


# ---------------------------------------------------------------------------
# Helpers


def _options():
    from kiosk.config import OPTIONS

    return OPTIONS


def _user(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return str(uid)


def _file_problems(what: str, path: Path, mask: int, uid: int, owners: set[int]) -> list[str]:
    try:
        st = path.stat()
    except FileNotFoundError:
        return []
    except OSError as exc:
        return [f"{what}: cannot check {path} ({exc.strerror})"]
    problems = []
    if st.st_mode & mask:
        who = "others" if mask == 0o007 else "its group or others"
        problems.append(f"{what}: {path} is open to {who} (mode {st.st_mode & 0o777:03o}); "
                        f"run `chmod 600 {path}`")
    if st.st_uid not in owners:
        user = _user(uid)
        problems.append(f"{what}: {path} belongs to {_user(st.st_uid)} (uid {st.st_uid}), not to the user the "
                        f"kiosk runs as ({user}, uid {uid}); run `chown {user} {path}`")
    return problems
