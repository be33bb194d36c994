"""The kiosk's staff: who may open maintenance mode with a PIN.

Each staff member has a staff number (工号, 1-8 digits, not secret) and a PIN of 6-12 digits,
stored only as a PBKDF2 hash (kiosk.pin) in the staff file, ``maintenance.staff_file``
(default ``<kiosk.data_dir>/staff.toml``, mode 0600, written atomically)::

    [[staff]]
    number = "0001"
    pin_hash = "pbkdf2_sha256$200000$…"
    role = "maintenance"          # optional; the default

Enrol with ``kiosk staff add NUMBER`` (kiosk.staff_cli). A login names the staff member in the
audit log as ``staff:<number>``. In demo mode without a staff file one demo staff member exists
(number ``0001``, PIN ``kiosk.pin.DEMO_PIN``); in production without one, nobody can log in with a
PIN (staff cards still work) and the production check says "no staff enrolled".

Pure Python, no Qt. Nothing here logs a PIN, a hash or a staff number.
"""

from __future__ import annotations

import logging
import os
import re
import stat
import threading
from dataclasses import dataclass
from pathlib import Path

from kiosk.config import ConfigError
from kiosk.pin import DEFAULT_ITERATIONS, DEMO_PIN, DEMO_PIN_HASH, hash_pin, is_pin_hash, verify_pin

log = logging.getLogger("kiosk.maintenance")

__all__ = [
    "DEMO_STAFF_NUMBER",
    "Roster",
    "StaffFileError",
    "StaffMember",
    "add_staff",
    "authenticate",
    "check_number",
    "check_pin",
    "load_staff",
    "remove_staff",
    "roster_for",
    "staff_problems",
]

NUMBER_RE = re.compile(r"[0-9]{1,8}")
PIN_RE = re.compile(r"[0-9]{6,12}")
ROLE_RE = re.compile(r"[a-z][a-z_]{0,31}")
PIN_MIN, PIN_MAX = 6, 12
DEMO_STAFF_NUMBER = "0001"
_KEYS = {"number", "pin_hash", "role"}
_write_lock = threading.Lock()
# An unknown staff number still costs one PBKDF2 (against this hash): the time taken does not say
# whether a number is enrolled.
_DUMMY_HASH = DEMO_PIN_HASH


class StaffFileError(ConfigError):
    """The staff file is malformed (or a PIN or staff number is not acceptable)."""


@dataclass(frozen=True)
class StaffMember:
    number: str
    pin_hash: str
    role: str = "maintenance"

    @property
    def staff_id(self) -> str:
        """What the audit log names: ``staff:<number>``."""
        return f"staff:{self.number}"


def check_number(number: str) -> str:
    """``number`` if it is a staff number (1-8 digits), else StaffFileError."""
    if not isinstance(number, str) or not NUMBER_RE.fullmatch(number):
        raise StaffFileError("a staff number is 1 to 8 digits, such as 0001")
    return number


def check_pin(pin: str) -> str:
    """``pin`` if it is an acceptable PIN (6-12 digits), else StaffFileError (the PIN is not quoted)."""
    if not isinstance(pin, str) or not PIN_RE.fullmatch(pin):
        raise StaffFileError(f"a staff PIN is {PIN_MIN} to {PIN_MAX} digits")
    if len(set(pin)) == 1 or pin in "01234567890123" or pin in "98765432109876":
        raise StaffFileError("a staff PIN must not be one digit repeated or a run of consecutive digits")
    if pin == DEMO_PIN:
        raise StaffFileError("the demo PIN cannot be a staff member's PIN")
    return pin


def load_staff(path: str | os.PathLike[str]) -> list[StaffMember]:
    """The staff file's members (an absent file: none). StaffFileError names the file and the problem."""
    import tomllib

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise StaffFileError(f"staff file {path}: cannot read it ({type(exc).__name__})", source=str(path)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise StaffFileError(f"staff file {path}: invalid TOML: {exc}", source=str(path)) from None
    extra = set(data) - {"staff"}
    if extra:
        raise StaffFileError(f"staff file {path}: unknown key '{sorted(extra)[0]}' (only [[staff]] entries)",
                             source=str(path))
    entries = data.get("staff", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise StaffFileError(f"staff file {path}: 'staff' must be [[staff]] tables", source=str(path))
    members: dict[str, StaffMember] = {}
    for i, entry in enumerate(entries, 1):
        where = f"staff file {path}: entry {i}"
        unknown = set(entry) - _KEYS
        if unknown:
            raise StaffFileError(f"{where}: unknown key '{sorted(unknown)[0]}' (number, pin_hash, role)",
                                 source=str(path))
        number, pin_hash, role = entry.get("number"), entry.get("pin_hash"), entry.get("role", "maintenance")
        if not isinstance(number, str) or not NUMBER_RE.fullmatch(number):
            raise StaffFileError(f"{where}: 'number' must be a string of 1 to 8 digits, such as \"0001\"",
                                 source=str(path))
        if not is_pin_hash(pin_hash):
            raise StaffFileError(f"{where} (number {number}): 'pin_hash' must be a hash "
                                 "'pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>' (kiosk staff add)",
                                 source=str(path))
        if not isinstance(role, str) or not ROLE_RE.fullmatch(role):
            raise StaffFileError(f"{where} (number {number}): 'role' must be a lower-case word", source=str(path))
        if number in members:
            raise StaffFileError(f"{where}: staff number {number} appears twice", source=str(path))
        members[number] = StaffMember(number, pin_hash, role)
    return list(members.values())


def _write(path: Path, members: list[StaffMember]) -> None:
    """The staff file, atomically (temporary 0600 file, fsync, rename, fsync the folder)."""
    lines = ["# Staff who may open maintenance mode with a PIN. Managed with `kiosk staff add|remove|list`;",
             "# PINs are stored only as PBKDF2 hashes. Keep this file mode 0600.", ""]
    for m in members:
        lines += ["[[staff]]", f'number = "{m.number}"', f'pin_hash = "{m.pin_hash}"', f'role = "{m.role}"', ""]
    from offline_queue.durable import write_private

    write_private(path, "\n".join(lines).encode("utf-8"))


def add_staff(path: str | os.PathLike[str], number: str, pin: str, role: str = "maintenance",
              iterations: int = DEFAULT_ITERATIONS, replace: bool = False) -> StaffMember:
    """Enrol ``number`` with ``pin`` (6-12 digits). An enrolled number is refused unless ``replace``
    (a new PIN). StaffFileError when the number, PIN or role is not acceptable or the file is malformed."""
    check_number(number)
    check_pin(pin)
    if not ROLE_RE.fullmatch(role or ""):
        raise StaffFileError("a role is a lower-case word, such as maintenance")
    path = Path(path)
    with _write_lock:
        members = load_staff(path)
        if any(m.number == number for m in members) and not replace:
            raise StaffFileError(f"staff number {number} is already enrolled (remove it first, or --replace)")
        member = StaffMember(number, hash_pin(pin, iterations=iterations), role)
        members = [m for m in members if m.number != number] + [member]
        _write(path, members)
    log.info("a staff member was enrolled")
    return member


def remove_staff(path: str | os.PathLike[str], number: str) -> bool:
    """Remove ``number`` from the staff file; False when it was not enrolled."""
    check_number(number)
    path = Path(path)
    with _write_lock:
        members = load_staff(path)
        kept = [m for m in members if m.number != number]
        if len(kept) == len(members):
            return False
        _write(path, kept)
    log.info("a staff member was removed")
    return True


def authenticate(members: list[StaffMember], number: str, pin: str) -> str | None:
    """``staff:<number>`` when ``pin`` is that staff member's PIN, else None. One PBKDF2 per attempt
    (looked up by number; an unknown number is checked against a dummy hash, so it takes as long)."""
    if not isinstance(number, str) or not isinstance(pin, str):
        return None
    member = next((m for m in members if m.number == number), None)
    if member is None:
        verify_pin(pin or "0", _DUMMY_HASH)
        return None
    return member.staff_id if verify_pin(pin, member.pin_hash) else None


class Roster:
    """The staff who may log in: the staff file, read again at each attempt (``kiosk staff add``
    works without a restart), or the demo staff member (demo mode without a staff file)."""

    def __init__(self, path: str | os.PathLike[str] | None, demo: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.demo = demo

    def members(self) -> list[StaffMember]:
        """Raises StaffFileError for a malformed file."""
        if self.path is not None and self.path.exists():
            return load_staff(self.path)
        return [StaffMember(DEMO_STAFF_NUMBER, DEMO_PIN_HASH)] if self.demo else []

    def enrolled(self) -> bool:
        """Whether anyone can log in with a PIN (a malformed file: nobody)."""
        try:
            return bool(self.members())
        except StaffFileError:
            return False

    def authenticate(self, number: str, pin: str) -> str | None:
        try:
            members = self.members()
        except StaffFileError as exc:
            log.error("the staff file is malformed: nobody can log in with a PIN (%s)", type(exc).__name__)
            members = []
        return authenticate(members, number, pin)


def roster_for(config) -> Roster:
    """The roster of a :class:`kiosk.config.Config` (``maintenance.staff_file``, demo mode)."""
    return Roster(config.get("maintenance.staff_file"), demo=config.get("kiosk.mode") == "demo")


def staff_problems(config) -> list[str]:
    """For the production check (kiosk.production): one English line per problem, naming the fix.
    No staff enrolled, a malformed staff file, a staff file readable by others, a staff member with
    the demo PIN."""
    path = Path(config.get("maintenance.staff_file"))
    try:
        members = load_staff(path)
    except StaffFileError as exc:
        return [f"maintenance.staff_file: {exc}; fix or re-create it with `kiosk staff add NUMBER`"]
    problems = []
    if not members:
        problems.append(f"maintenance.staff_file: no staff enrolled ({path}); enrol each staff member with "
                        "`kiosk staff add NUMBER`")
        return problems
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        problems.append(f"maintenance.staff_file: {path} is readable by others (mode {mode:o}); "
                        f"run `chmod 600 {path}`")
    for m in members:
        if verify_pin(DEMO_PIN, m.pin_hash):
            problems.append(f"maintenance.staff_file: staff number {m.number} has the demo PIN; "
                            f"give a new one with `kiosk staff add {m.number} --replace`")
    return problems
