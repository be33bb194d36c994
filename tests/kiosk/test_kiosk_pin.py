"""kiosk.pin: PBKDF2 hashes and the maintenance PIN lockout."""

from __future__ import annotations

import logging

import pytest

import kiosk.config as config
from kiosk.config import load_config
from kiosk.pin import DEMO_PIN, DEMO_PIN_HASH, PinGuard, PinResult, hash_pin, is_pin_hash, verify_pin

FAST = 1_000  # iterations for tests; the default is 200,000


class FakeClock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_hash_format_and_verify():
    stored = hash_pin("135790", iterations=FAST)
    algorithm, iterations, salt, digest = stored.split("$")
    assert algorithm == "pbkdf2_sha256"
    assert iterations == str(FAST)
    assert len(bytes.fromhex(salt)) == 16
    assert len(bytes.fromhex(digest)) == 32
    assert is_pin_hash(stored)
    assert verify_pin("135790", stored)
    assert not verify_pin("135791", stored)
    assert not verify_pin("", stored)


def test_salt_is_random_unless_given():
    assert hash_pin("1234", iterations=FAST) != hash_pin("1234", iterations=FAST)
    salt = b"0123456789abcdef"
    assert hash_pin("1234", iterations=FAST, salt=salt) == hash_pin("1234", iterations=FAST, salt=salt)


def test_demo_hash_literal_matches_the_demo_pin():
    assert hash_pin(DEMO_PIN, salt=bytes.fromhex(DEMO_PIN_HASH.split("$")[2])) == DEMO_PIN_HASH
    assert verify_pin(DEMO_PIN, DEMO_PIN_HASH)


@pytest.mark.parametrize(
    "stored",
    ["", "2468", "pbkdf2_sha256$1000$zz$00", "md5$1000$00112233445566778899aabbccddeeff$00", "pbkdf2_sha256$10$"],
)
def test_malformed_hash_never_verifies(stored):
    assert not is_pin_hash(stored)
    assert verify_pin("2468", stored) is False


def test_hash_pin_rejects_bad_input():
    with pytest.raises(ValueError):
        hash_pin("")
    with pytest.raises(ValueError):
        hash_pin("1234", iterations=10)


def make_guard(clock: FakeClock, max_attempts: int = 3, lockout_seconds: float = 60) -> PinGuard:
    return PinGuard(hash_pin("2468", iterations=FAST), max_attempts, lockout_seconds, clock)


def test_correct_pin_is_accepted():
    guard = make_guard(FakeClock())
    assert guard.try_pin("2468") == PinResult(True, None, 3)


def test_lockout_after_repeated_failures_and_recovery():
    clock = FakeClock(1000.0)
    guard = make_guard(clock)
    assert guard.try_pin("0000") == PinResult(False, None, 2)
    assert guard.try_pin("1111") == PinResult(False, None, 1)
    locked = guard.try_pin("2222")
    assert locked == PinResult(False, 1060.0, 0)
    # while locked even the right PIN is refused
    clock.now = 1059.9
    assert guard.try_pin("2468") == PinResult(False, 1060.0, 0)
    assert guard.attempts_left == 0
    # lock expires, attempts are restored
    clock.now = 1060.0
    assert guard.locked_until() is None
    assert guard.attempts_left == 3
    assert guard.try_pin("2468").ok


def test_success_resets_the_failure_count():
    guard = make_guard(FakeClock())
    guard.try_pin("0000")
    guard.try_pin("0000")
    assert guard.try_pin("2468").ok
    assert guard.try_pin("0000") == PinResult(False, None, 2)


def test_guard_is_exported_by_config_and_checks_its_hash():
    assert config.PinGuard is PinGuard
    with pytest.raises(ValueError):
        PinGuard("2468")
    guard = PinGuard(DEMO_PIN_HASH, clock=FakeClock())
    assert guard.max_attempts == 5 and guard.lockout_seconds == 300


def test_guard_from_config_uses_maintenance_options(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "default_config_path", lambda: tmp_path / "kiosk.toml")
    cfg = load_config(env={"KIOSK_MAINTENANCE__MAX_ATTEMPTS": "2"})
    clock = FakeClock()
    guard = PinGuard.from_config(cfg, clock)
    assert guard.max_attempts == 2
    assert guard.lockout_seconds == 300
    assert guard.try_pin(DEMO_PIN).ok


def test_pin_is_never_logged(caplog):
    caplog.set_level(logging.DEBUG)
    clock = FakeClock()
    guard = make_guard(clock, max_attempts=2)
    guard.try_pin("97531")
    guard.try_pin("97531")
    guard.try_pin("2468")
    assert caplog.records, "lockout should be logged"
    assert "97531" not in caplog.text and "2468" not in caplog.text
    assert "locked" in caplog.text
