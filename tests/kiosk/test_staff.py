"""kiosk.staff and the persistent lockout (kiosk.pin.PinGuard with a state file): the staff file (add,
remove, list, malformed files refused with the file and the problem named, mode 0600), the 6-12 digit
rule, authentication by staff number, the demo staff member, the production problems; a lockout that
survives a new guard (a restart), delays that double and stop at 24 h, the count that decays after
24 h without a lockout; the `kiosk staff` command."""

from __future__ import annotations

import io
import json
import os
import stat

import pytest

from kiosk.pin import DEMO_PIN, MAX_LOCKOUT_SECONDS, PinGuard, PinResult, hash_pin
from kiosk.staff import (
    Roster,
    StaffFileError,
    add_staff,
    authenticate,
    load_staff,
    remove_staff,
    roster_for,
    staff_problems,
)
from tests.conftest import make_config

FAST = 1_000


class FakeClock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def staff_file(tmp_path):
    path = tmp_path / "staff.toml"
    add_staff(path, "0007", "135792", iterations=FAST)
    add_staff(path, "0042", "864201", role="supervisor", iterations=FAST)
    return path


def test_staff_are_added_listed_and_removed(staff_file):
    members = load_staff(staff_file)
    assert [(m.number, m.role) for m in members] == [("0007", "maintenance"), ("0042", "supervisor")]
    assert stat.S_IMODE(os.stat(staff_file).st_mode) == 0o600
    text = staff_file.read_text(encoding="utf-8")
    assert "135792" not in text and "pbkdf2_sha256$1000$" in text
    with pytest.raises(StaffFileError, match="already enrolled"):
        add_staff(staff_file, "0007", "975310", iterations=FAST)
    add_staff(staff_file, "0007", "975310", iterations=FAST, replace=True)  # a new PIN
    assert authenticate(load_staff(staff_file), "0007", "975310") == "staff:0007"
    assert remove_staff(staff_file, "0042") is True
    assert remove_staff(staff_file, "0042") is False
    assert [m.number for m in load_staff(staff_file)] == ["0007"]
    assert not list(staff_file.parent.glob(".staff.toml.*"))  # no temporary file left


@pytest.mark.parametrize("pin", ["12345", "1234567890123", "13579a", "", "111111", "123456", "987654", DEMO_PIN])
def test_a_pin_must_be_6_to_12_digits_and_not_trivial(tmp_path, pin):
    with pytest.raises(StaffFileError) as err:
        add_staff(tmp_path / "staff.toml", "0001", pin, iterations=FAST)
    assert not (tmp_path / "staff.toml").exists()
    if pin:
        assert pin not in str(err.value)  # a PIN is never repeated back


@pytest.mark.parametrize("number", ["", "123456789", "00a1", "0 1"])
def test_a_staff_number_is_1_to_8_digits(tmp_path, number):
    with pytest.raises(StaffFileError, match="1 to 8 digits"):
        add_staff(tmp_path / "staff.toml", number, "135792", iterations=FAST)


def test_six_and_twelve_digit_pins_are_fine(tmp_path):
    path = tmp_path / "staff.toml"
    add_staff(path, "1", "135792", iterations=FAST)
    add_staff(path, "2", "135792468024", iterations=FAST)
    members = load_staff(path)
    assert authenticate(members, "2", "135792468024") == "staff:2"


def test_authenticate_looks_up_the_number(staff_file, monkeypatch):
    import kiosk.staff as staff

    members = load_staff(staff_file)
    calls = []
    real = staff.verify_pin
    monkeypatch.setattr(staff, "verify_pin", lambda pin, stored: calls.append(stored) or real(pin, stored))
    assert authenticate(members, "0007", "135792") == "staff:0007"
    assert authenticate(members, "0042", "135792") is None  # someone else's PIN
    assert authenticate(members, "0099", "135792") is None  # not enrolled
    assert len(calls) == 3  # one PBKDF2 per attempt, an unknown number too


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[[staff]]\nnumber = 7\npin_hash = \"x\"\n", "'number' must be a string"),
        ('[[staff]]\nnumber = "0007"\npin_hash = "1234"\n', "'pin_hash' must be a hash"),
        ('[[staff]]\nnumber = "0007"\n', "'pin_hash' must be a hash"),
        ('[[staff]]\nnumber = "0007"\npin = "135792"\n', "unknown key 'pin'"),
        ("[staff]\nnumber = \"1\"\n", "[[staff]] tables"),
        ("staff = [", "invalid TOML"),
        ("[other]\n", "unknown key 'other'"),
    ],
)
def test_a_malformed_staff_file_is_refused_naming_the_file(tmp_path, text, problem):
    path = tmp_path / "staff.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StaffFileError) as err:
        load_staff(path)
    assert problem in str(err.value) and str(path) in str(err.value)
    assert not Roster(path).enrolled() and Roster(path).authenticate("0007", "135792") is None


def test_a_staff_number_twice_is_refused(tmp_path):
    stored = hash_pin("135792", iterations=FAST)
    path = tmp_path / "staff.toml"
    path.write_text(f'[[staff]]\nnumber = "1"\npin_hash = "{stored}"\n' * 2, encoding="utf-8")
    with pytest.raises(StaffFileError, match="appears twice"):
        load_staff(path)


def test_the_demo_staff_member_exists_only_in_demo_mode_without_a_file(tmp_path):
    demo = roster_for(make_config(tmp_path))
    assert demo.authenticate("0001", DEMO_PIN) == "staff:0001"
    production = Roster(tmp_path / "absent.toml", demo=False)
    assert not production.enrolled() and production.authenticate("0001", DEMO_PIN) is None
    add_staff(tmp_path / "data" / "staff.toml", "0007", "135792", iterations=FAST)
    assert demo.authenticate("0001", DEMO_PIN) is None  # a staff file replaces the demo member
    assert demo.authenticate("0007", "135792") == "staff:0007"


def test_production_problems_name_missing_staff_open_files_and_the_demo_pin(tmp_path):
    config = make_config(tmp_path)
    assert any("no staff enrolled" in p for p in staff_problems(config))
    path = config.get("maintenance.staff_file")
    add_staff(path, "0007", "135792", iterations=FAST)
    assert staff_problems(config) == []
    os.chmod(path, 0o644)
    path.write_text(path.read_text() + f'[[staff]]\nnumber = "0008"\npin_hash = "{hash_pin(DEMO_PIN, FAST)}"\n')
    problems = staff_problems(config)
    assert any("readable by others" in p for p in problems)
    assert any("0008 has the demo PIN" in p for p in problems)
    path.write_text("[[staff]]\n", encoding="utf-8")
    assert "maintenance.staff_file" in staff_problems(config)[0]


# -- the persistent lockout ---------------------------------------------------------------------------

def guard_for(staff_file, state, clock, max_attempts=3, lockout_seconds=60):
    return PinGuard(Roster(staff_file).authenticate, state, max_attempts, lockout_seconds, clock)


def lock_out(guard, number="0007"):
    results = [guard.try_pin(number, "000000") for _ in range(guard.max_attempts)]
    return results[-1]


def test_a_lockout_survives_a_restart(staff_file, tmp_path):
    clock, state = FakeClock(), tmp_path / "pin_lockout.json"
    guard = guard_for(staff_file, state, clock)
    guard.try_pin("0042", "000000")
    assert guard_for(staff_file, state, clock).attempts_left == 2  # failures are remembered too
    guard.try_pin("0007", "000000")
    locked = guard.try_pin("0007", "000000")  # the third wrong PIN
    assert locked.lockout == (1, 60) and locked.locked_until == clock.now + 60
    assert stat.S_IMODE(os.stat(state).st_mode) == 0o600
    saved = json.loads(state.read_text())
    assert saved["locked_until"] == clock.now + 60 and saved["lockouts"] == 1
    assert "0007" not in state.read_text()  # no staff number in the state

    restarted = guard_for(staff_file, state, clock)  # a new process on the same data folder
    assert restarted.try_pin("0007", "135792") == PinResult(False, clock.now + 60, 0)
    clock.now += 60
    assert restarted.try_pin("0007", "135792").ok


def test_lockouts_in_a_row_double_up_to_24_hours(staff_file, tmp_path):
    clock, state = FakeClock(), tmp_path / "pin_lockout.json"
    guard = guard_for(staff_file, state, clock, lockout_seconds=3600)
    seen = []
    for _ in range(7):
        result = lock_out(guard)
        seen.append(result.lockout)
        clock.now = result.locked_until
        guard = guard_for(staff_file, state, clock, lockout_seconds=3600)  # restarts do not reset it
    assert seen == [(1, 3600), (2, 7200), (3, 14400), (4, 28800), (5, 57600), (6, MAX_LOCKOUT_SECONDS),
                    (7, MAX_LOCKOUT_SECONDS)]


def test_a_good_pin_keeps_the_lockout_count_until_a_day_without_one(staff_file, tmp_path):
    clock, state = FakeClock(), tmp_path / "pin_lockout.json"
    guard = guard_for(staff_file, state, clock)
    clock.now = lock_out(guard).locked_until
    assert guard.try_pin("0007", "135792").ok
    assert guard.lockouts == 1  # the next lockout is still the second in a row
    assert lock_out(guard).lockout == (2, 120)
    clock.now += 120 + 24 * 3600  # a day without a lockout
    assert guard.lockouts == 0
    assert lock_out(guard).lockout == (1, 60)


def test_a_clock_set_back_cannot_lock_for_ever(staff_file, tmp_path):
    clock, state = FakeClock(), tmp_path / "pin_lockout.json"
    guard = guard_for(staff_file, state, clock)
    lock_out(guard)
    clock.now -= 10 * 24 * 3600  # the wall clock jumps back ten days
    until = guard.locked_until()
    assert until is not None and until - clock.now <= MAX_LOCKOUT_SECONDS


def test_an_unreadable_state_file_leaves_one_attempt(staff_file, tmp_path):
    clock, state = FakeClock(), tmp_path / "pin_lockout.json"
    state.write_text("{not json", encoding="utf-8")
    guard = guard_for(staff_file, state, clock)
    assert guard.attempts_left == 1
    assert guard.try_pin("0007", "000000").lockout is not None


# -- the command ---------------------------------------------------------------------------------------

def test_the_staff_command(tmp_path, monkeypatch, capsys):
    from kiosk import staff_cli
    from kiosk.cli import main

    config = tmp_path / "kiosk.toml"
    config.write_text(f'[kiosk]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("135792\n135792\n"))
    assert main(["staff", "add", "0007", "--config", str(config)]) == 0
    assert json.loads(capsys.readouterr().out)["enrolled"] == "0007"
    monkeypatch.setattr("sys.stdin", io.StringIO("12345\n"))
    assert main(["staff", "add", "0008", "--config", str(config)]) == 2
    assert "6 to 12 digits" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("135792\n135793\n"))
    assert main(["staff", "add", "0008", "--config", str(config)]) == 2
    assert "differ" in capsys.readouterr().err
    assert main(["staff", "list", "--config", str(config)]) == 0
    listed = capsys.readouterr().out
    assert json.loads(listed)["staff"] == [{"number": "0007", "role": "maintenance"}] and "pbkdf2" not in listed
    assert main(["staff", "remove", "0007", "--config", str(config)]) == 0
    assert main(["staff", "remove", "0007", "--config", str(config)]) == 1

    class Tty(io.StringIO):
        def isatty(self):
            return True

    answers = iter(["135792", "135792"])
    assert staff_cli.read_pin(Tty(), prompt=lambda _text: next(answers)) == "135792"
