"""Staff PINs: PBKDF2-SHA256 hashes and the persistent lockout guard.

The stored form is ``pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>``; it is what each
staff member's ``pin_hash`` in the staff file holds (kiosk.staff, ``kiosk staff add NUMBER``).

The lockout (`PinGuard`) counts wrong PINs for any staff number. After
``maintenance.max_attempts`` of them PIN entry locks for ``lockout_seconds × 2^(n-1)`` for
the n-th lockout in a row, at most 24 h. Its state lives in a small JSON file in the data
folder (``pin_lockout.json``, written atomically, mode 0600) so that a restart, a crash or a
pulled plug does not lift a lockout; ``locked_until`` is wall-clock time (epoch seconds).
A correct PIN clears the count of wrong PINs but not the count of lockouts: that goes back to
zero only after 24 h without a lockout (counted from the end of the last one), so a guesser who
waits out each lockout meets ever longer ones.

Pure Python, no Qt. Nothing here ever logs a PIN, a hash or a staff number.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "DEMO_PIN",
    "DEMO_PIN_HASH",
    "DEFAULT_ITERATIONS",
    "MAX_LOCKOUT_SECONDS",
    "PinGuard",
    "PinResult",
    "Result",
    "hash_pin",
    "is_pin_hash",
    "verify_pin",
]

log = logging.getLogger("kiosk.maintenance")

ALGORITHM = "pbkdf2_sha256"
DEFAULT_ITERATIONS = 200_000
MIN_ITERATIONS = 1_000
MAX_ITERATIONS = 10_000_000

DEMO_PIN = "246802"  # the demo staff member's (number 0001) PIN: demo mode only, never in production
# hash_pin("246802", salt=b"kiosk-demo-pin!!"), computed once and kept as a literal so that
# importing the configuration never spends 0.2 s on PBKDF2.
DEMO_PIN_HASH = (
    "pbkdf2_sha256$200000$6b696f736b2d64656d6f2d70696e2121$"
    "d477538d51a37d49f334733ce15740b715da100cd10adf87eb584dfd9584ed8d"
)

_HASH_PATTERN = r"^pbkdf2_sha256\$(\d{1,8})\$((?:[0-9a-f]{2}){8,64})\$((?:[0-9a-f]{2}){16,64})$"


@functools.cache
def _hash_re() -> re.Pattern[str]:  # compiled on first use: keeps the kiosk's start-up light
    return re.compile(_HASH_PATTERN)


def hash_pin(pin: str, iterations: int = DEFAULT_ITERATIONS, salt: bytes | None = None) -> str:
    """Return the stored form of ``pin`` (a fresh random 16-byte salt unless given)."""
    if not isinstance(pin, str) or not pin:
        raise ValueError("the PIN must be a non-empty string")
    if not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
        raise ValueError(f"iterations must be between {MIN_ITERATIONS} and {MAX_ITERATIONS}")
    if salt is None:
        import secrets

        salt = secrets.token_bytes(16)
    if len(salt) < 8:
        raise ValueError("the salt must be at least 8 bytes")
    import hashlib

    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, iterations)
    return f"{ALGORITHM}${iterations}${salt.hex()}${digest.hex()}"


def is_pin_hash(stored: object) -> bool:
    """True when ``stored`` is a well-formed hash string this module can verify."""
    if not isinstance(stored, str):
        return False
    m = _hash_re().match(stored)
    return bool(m) and MIN_ITERATIONS <= int(m.group(1)) <= MAX_ITERATIONS


def verify_pin(pin: str, stored: str) -> bool:
    """Check ``pin`` against a stored hash in constant time; a malformed hash never matches."""
    if not isinstance(pin, str) or not pin or not is_pin_hash(stored):
        return False
    _, iterations, salt_hex, hash_hex = stored.split("$")
    import hashlib
    import hmac

    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), bytes.fromhex(salt_hex), int(iterations))
    return hmac.compare_digest(digest, bytes.fromhex(hash_hex))




MAX_LOCKOUT_SECONDS = 24 * 3600  # no lockout is longer; and the lockout count decays after as long without one
DECAY_SECONDS = 24 * 3600


@dataclass(frozen=True)
class PinResult:
    """Outcome of one PIN attempt.

    ``staff``: who logged in ("staff:<number>") when ``ok``; ``locked_until``: wall-clock end of
    the lockout (epoch seconds; None when not locked); ``attempts_left``: wrong PINs before the
    next lockout; ``lockout``: (n, seconds) when this attempt started the n-th lockout in a row.
    """

    ok: bool
    locked_until: float | None
    attempts_left: int
    staff: str | None = None
    lockout: tuple[int, int] | None = None


Result = PinResult


def write_private_json(path: Path, data: dict) -> None:
    """Write ``data`` to ``path`` as JSON, atomically, durably and 0600 (offline_queue.durable)."""
    from offline_queue.durable import write_private

    write_private(path, (json.dumps(data, sort_keys=True) + "\n").encode("utf-8"))


class PinGuard:
    """Rate-limits staff PIN entry, across restarts.

    ``check(number, pin)`` says who that is ("staff:<number>") or None (kiosk.staff.Roster.authenticate);
    ``state_path``: the lockout state file (None: in memory only, for tests). While locked every
    attempt is refused without even checking the PIN (a correct PIN does not lift the lock).
    ``clock`` is wall-clock time in epoch seconds (injected for tests). Thread-safe: the kiosk calls
    it on a worker.
    """

    def __init__(
        self,
        check: Callable[[str, str], str | None],
        state_path: str | os.PathLike[str] | None = None,
        max_attempts: int = 5,
        lockout_seconds: float = 300.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not callable(check):
            raise ValueError("check must be a callable (number, pin) -> staff id or None")
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if lockout_seconds <= 0:
            raise ValueError("lockout_seconds must be positive")
        self.max_attempts = max_attempts
        self.lockout_seconds = float(lockout_seconds)
        self._check = check
        self._clock = clock
        self._path = Path(state_path) if state_path is not None else None
        self._lock = threading.Lock()
        self._failures = 0
        self._lockouts = 0
        self._locked_until: float | None = None
        self._last_lockout_end: float | None = None
        self._load()

    @classmethod
    def from_config(cls, cfg, check: Callable[[str, str], str | None],
                    clock: Callable[[], float] = time.time) -> PinGuard:
        """Build from a :class:`kiosk.config.Config` (``maintenance.*``; the state in the data folder)."""
        return cls(check, Path(cfg.get("kiosk.data_dir")) / "pin_lockout.json",
                   cfg.get("maintenance.max_attempts"), cfg.get("maintenance.lockout_seconds"), clock)

    # -- the state file -------------------------------------------------------------------
    def _load(self) -> None:
        if self._path is None or not self._path.exists():
            return
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
            failures, lockouts = int(data["failures"]), int(data["lockouts"])
            until, last = data.get("locked_until"), data.get("last_lockout_end")
            if failures < 0 or lockouts < 0:
                raise ValueError("negative count")
            self._failures, self._lockouts = failures, lockouts
            self._locked_until = None if until is None else float(until)
            self._last_lockout_end = None if last is None else float(last)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            # fail closed, but not shut: one more wrong PIN locks
            log.error("the PIN lockout state file is unreadable: one wrong PIN will lock PIN entry")
            self._failures = self.max_attempts - 1
            self._lockouts = max(self._lockouts, 1)

    def _save(self) -> None:
        if self._path is None:
            return
        write_private_json(self._path, {"failures": self._failures, "lockouts": self._lockouts,
                                        "locked_until": self._locked_until,
                                        "last_lockout_end": self._last_lockout_end})

    def _settle(self, now: float) -> bool:
        """Expire an ended lockout and decay the lockout count; True when the state changed."""
        changed = False
        if self._locked_until is not None:
            if self._locked_until - now > MAX_LOCKOUT_SECONDS:  # the wall clock was set back: no endless lock
                self._locked_until = now + MAX_LOCKOUT_SECONDS
                self._last_lockout_end = self._locked_until
                changed = True
            elif now >= self._locked_until:
                self._locked_until = None
                self._failures = 0
                changed = True
                log.info("maintenance PIN lockout ended")
        if (self._locked_until is None and self._lockouts and self._last_lockout_end is not None
                and now - self._last_lockout_end >= DECAY_SECONDS):
            self._lockouts = 0
            changed = True
        return changed

    # -- the guard ------------------------------------------------------------------------
    def lockout_seconds_for(self, n: int) -> int:
        """How long the n-th lockout in a row lasts."""
        return int(min(self.lockout_seconds * 2 ** (max(n, 1) - 1), MAX_LOCKOUT_SECONDS))

    def locked_until(self) -> float | None:
        """End of the current lockout (epoch seconds), or None when not locked."""
        with self._lock:
            if self._settle(self._clock()):
                self._save()
            return self._locked_until

    @property
    def lockouts(self) -> int:
        """Lockouts in a row so far (it decays after 24 h without one)."""
        with self._lock:
            if self._settle(self._clock()):
                self._save()
            return self._lockouts

    @property
    def attempts_left(self) -> int:
        until = self.locked_until()
        with self._lock:
            return 0 if until is not None else self.max_attempts - self._failures

    def try_pin(self, number: str, pin: str) -> PinResult:
        with self._lock:
            now = self._clock()
            changed = self._settle(now)
            if self._locked_until is not None:
                if changed:
                    self._save()
                log.warning("maintenance PIN attempt refused: locked out")
                return PinResult(False, self._locked_until, 0)
            staff = self._check(number, pin)
            if staff is not None:
                if self._failures or changed:
                    self._failures = 0
                    self._save()
                log.info("maintenance PIN accepted")
                return PinResult(True, None, self.max_attempts, staff)
            self._failures += 1
            if self._failures < self.max_attempts:
                self._save()
                log.info("maintenance PIN rejected (%d of %d attempts used)", self._failures, self.max_attempts)
                return PinResult(False, None, self.max_attempts - self._failures)
            self._lockouts += 1
            seconds = self.lockout_seconds_for(self._lockouts)
            self._locked_until = self._last_lockout_end = now + seconds
            self._failures = 0
            self._save()
            log.warning("maintenance PIN locked for %d s (lockout %d in a row) after %d failed attempts",
                        seconds, self._lockouts, self.max_attempts)
            return PinResult(False, self._locked_until, 0, None, (self._lockouts, seconds))
