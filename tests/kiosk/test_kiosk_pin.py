"""kiosk.pin: PBKDF2 hashes and the staff PIN lockout (its persistence and growing delays:
tests/kiosk/test_staff.py)."""

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


def test_demo_pin_has_six_digits():
    assert len(DEMO_PIN) == 6 and DEMO_PIN.isdigit()


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


def make_guard(clock: FakeClock, max_attempts: int = 3, lockout_seconds: float = 60, state=None) -> PinGuard:
    stored = hash_pin("246813", iterations=FAST)
    return PinGuard(lambda number, pin: f"staff:{number}" if number == "0007" and verify_pin(pin, stored) else None,
                    state, max_attempts, lockout_seconds, clock)


def test_correct_pin_is_accepted_and_names_the_staff_member():
    guard = make_guard(FakeClock())
    assert guard.try_pin("0007", "246813") == PinResult(True, None, 3, "staff:0007")


def test_lockout_after_repeated_failures_and_recovery():
    clock = FakeClock(1000.0)
    guard = make_guard(clock)
    assert guard.try_pin("0007", "000000") == PinResult(False, None, 2)
    assert guard.try_pin("0008", "246813") == PinResult(False, None, 1)  # any staff number counts
    locked = guard.try_pin("0007", "222222")
    assert locked == PinResult(False, 1060.0, 0, None, (1, 60))
    # while locked even the right PIN is refused
    clock.now = 1059.9
    assert guard.try_pin("0007", "246813") == PinResult(False, 1060.0, 0)
    assert guard.attempts_left == 0
    # lock expires, attempts are restored
    clock.now = 1060.0
    assert guard.locked_until() is None
    assert guard.attempts_left == 3
    assert guard.try_pin("0007", "246813").ok


def test_success_resets_the_failure_count():
    guard = make_guard(FakeClock())
    guard.try_pin("0007", "000000")
    guard.try_pin("0007", "000000")
    assert guard.try_pin("0007", "246813").ok
    assert guard.try_pin("0007", "000000") == PinResult(False, None, 2)


def test_guard_is_exported_by_config_and_checks_its_arguments():
    assert config.PinGuard is PinGuard
    with pytest.raises(ValueError):
        PinGuard("246802")  # a hash is not a check
    with pytest.raises(ValueError):
        PinGuard(lambda n, p: None, max_attempts=0)
    guard = PinGuard(lambda n, p: None, clock=FakeClock())
    assert guard.max_attempts == 5 and guard.lockout_seconds == 300


def test_guard_from_config_uses_maintenance_options(tmp_path, monkeypatch):
    from kiosk.staff import roster_for

    monkeypatch.setattr(config, "default_config_path", lambda: tmp_path / "kiosk.toml")
    cfg = load_config(env={"KIOSK_MAINTENANCE__MAX_ATTEMPTS": "2", "KIOSK_KIOSK__DATA_DIR": str(tmp_path)})
    clock = FakeClock()
    guard = PinGuard.from_config(cfg, roster_for(cfg).authenticate, clock)
    assert guard.max_attempts == 2
    assert guard.lockout_seconds == 300
    assert guard.try_pin("0001", DEMO_PIN).ok  # demo mode without a staff file: the demo staff member
    guard.try_pin("0001", "975310")
    assert (tmp_path / "pin_lockout.json").exists()


def test_pin_is_never_logged(caplog):
    caplog.set_level(logging.DEBUG)
    clock = FakeClock()
    guard = make_guard(clock, max_attempts=2)
    guard.try_pin("0007", "975310")
    guard.try_pin("0007", "975310")
    guard.try_pin("0007", "246813")
    assert caplog.records, "lockout should be logged"
    assert "975310" not in caplog.text and "246813" not in caplog.text and "0007" not in caplog.text
    assert "locked" in caplog.text
