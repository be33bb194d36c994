"""Maintenance PIN: PBKDF2-SHA256 hashes and a lockout guard.

The stored form is ``pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>``; it is
what ``maintenance.pin_hash`` in the configuration holds. Make one with
``python -c "from kiosk.pin import hash_pin; print(hash_pin('123456'))"``.

Pure Python, no Qt. Nothing here ever logs a PIN or a hash.
"""

from __future__ import annotations

import functools
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "DEMO_PIN",
    "DEMO_PIN_HASH",
    "DEFAULT_ITERATIONS",
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

DEMO_PIN = "2468"
# hash_pin("2468", salt=b"kiosk-demo-pin!!"), computed once and kept as a literal so that
# importing the configuration never spends 0.2 s on PBKDF2.
DEMO_PIN_HASH = (
    "pbkdf2_sha256$200000$6b696f736b2d64656d6f2d70696e2121$"
    "a4ab5653f932cacc4ac13983f61e23d8a5ef3d9d16dc1777f527db7ff5988274"
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


@dataclass(frozen=True)
class PinResult:
    """Outcome of one PIN attempt.

    ``locked_until`` is a time on the guard's clock (None when not locked);
    ``attempts_left`` counts the attempts before the next lockout.
    """

    ok: bool
    locked_until: float | None
    attempts_left: int


Result = PinResult


class PinGuard:
    """Rate-limits maintenance PIN entry.

    After ``max_attempts`` consecutive wrong PINs the guard locks for
    ``lockout_seconds``; while locked every attempt is refused without even
    checking the PIN (a correct PIN does not lift the lock). A correct PIN
    resets the count. ``clock`` is a monotonic clock (injected for tests).
    """

    def __init__(
        self,
        pin_hash: str,
        max_attempts: int = 5,
        lockout_seconds: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if lockout_seconds < 0:
            raise ValueError("lockout_seconds must not be negative")
        if not is_pin_hash(pin_hash):
            raise ValueError("pin_hash is not a pbkdf2_sha256 hash string")
        self.max_attempts = max_attempts
        self.lockout_seconds = float(lockout_seconds)
        self._clock = clock
        self._pin_hash = pin_hash
        self._failures = 0
        self._locked_until: float | None = None

    @classmethod
    def from_config(cls, cfg, clock: Callable[[], float] = time.monotonic) -> PinGuard:
        """Build from a :class:`kiosk.config.Config` (``maintenance.*`` options)."""
        return cls(
            cfg.get("maintenance.pin_hash"),
            cfg.get("maintenance.max_attempts"),
            cfg.get("maintenance.lockout_seconds"),
            clock,
        )

    def locked_until(self) -> float | None:
        """End of the current lockout on the guard's clock, or None when not locked."""
        if self._locked_until is not None and self._clock() >= self._locked_until:
            self._locked_until = None
            self._failures = 0
            log.info("maintenance PIN lockout ended")
        return self._locked_until

    @property
    def attempts_left(self) -> int:
        return 0 if self.locked_until() is not None else self.max_attempts - self._failures

    def try_pin(self, pin: str) -> PinResult:
        until = self.locked_until()
        if until is not None:
            log.warning("maintenance PIN attempt refused: locked out")
            return PinResult(False, until, 0)
        if verify_pin(pin, self._pin_hash):
            self._failures = 0
            log.info("maintenance PIN accepted")
            return PinResult(True, None, self.max_attempts)
        self._failures += 1
        if self._failures >= self.max_attempts:
            self._locked_until = self._clock() + self.lockout_seconds
            log.warning(
                "maintenance PIN locked for %.0f s after %d failed attempts",
                self.lockout_seconds,
                self._failures,
            )
            return PinResult(False, self._locked_until, 0)
        log.info("maintenance PIN rejected (%d of %d attempts used)", self._failures, self.max_attempts)
        return PinResult(False, None, self.max_attempts - self._failures)
