"""The staff audit trail (kiosk.audit): hash-chained entries, `verify` finding an edited, removed or
reordered line, the chain continuing after a restart from the file's tail, a torn last line set aside and
recorded, a file of the old format set aside, several threads at once, delivery that failed caught up later,
no free text in an entry, and ``kiosk audit verify``."""

from __future__ import annotations

import io
import json
import os
import stat
import threading
from datetime import datetime, timedelta, timezone

import pytest

from kiosk import audit
from kiosk.audit import GENESIS, AuditLog, entry_hash, verify
from kiosk.cli import main as kiosk_main
from offline_queue import contract as c

TZ = timezone(timedelta(hours=8))


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def path(tmp_path):
    return tmp_path / "data" / "audit.jsonl"


def _log(path, **kwargs) -> AuditLog:
    kwargs.setdefault("kiosk_id", "kiosk-a1")
    return AuditLog(path, clock=Clock(), **kwargs)


def _three(path) -> list[dict]:
    log = _log(path)
    log.record("login", "", "pin", "staff:100234")
    log.record("void", "6f1c2d3e-aaaa-bbbb-cccc-1234567890ab", "duplicate", "staff:100234")
    log.record("quit", "", "confirmed", "card:S-0042")
    return log.entries()


def _write_lines(path, lines: list[str]) -> None:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def test_entries_are_chained_on_disk_with_their_hashes(path):
    entries = _three(path)
    assert [e["seq"] for e in entries] == [1, 2, 3]
    assert entries[0]["prev"] == GENESIS == "0" * 64
    for before, entry in zip(entries, entries[1:], strict=False):
        assert entry["prev"] == before["hash"]
    for entry in entries:
        assert entry["kiosk_id"] == "kiosk-a1"
        body = {k: v for k, v in entry.items() if k != "hash"}
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        import hashlib

        assert entry["hash"] == hashlib.sha256(canonical.encode()).hexdigest() == entry_hash(entry)
        assert datetime.fromisoformat(entry["at"]).utcoffset() == timedelta(hours=8)
    assert (entries[1]["action"], entries[1]["reason"], entries[1]["staff"]) == ("void", "duplicate", "staff:100234")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert verify(entries) == (True, None) and AuditLog(path).verify() == (True, None)
    assert verify([]) == (True, None)


def _edit(lines):
    entry = json.loads(lines[1])
    entry["reason"] = "withdrawn"
    lines[1] = json.dumps(entry)
    return lines


def _edit_and_rehash(lines):  # the edited entry is consistent in itself: the next one no longer follows
    entry = json.loads(lines[1])
    entry["staff"] = "staff:999999"
    entry["hash"] = entry_hash(entry)
    lines[1] = json.dumps(entry)
    return lines


@pytest.mark.parametrize(("tamper", "first_bad"), [
    (_edit, 2),
    (_edit_and_rehash, 3),
    (lambda lines: [lines[0], lines[2]], 3),  # removed
    (lambda lines: [lines[0], lines[2], lines[1]], 3),  # reordered
    (lambda lines: lines[1:], 2),  # the first removed
    (lambda lines: [lines[0], "not json", lines[2]], 2),  # a line overwritten
])
def test_verify_names_the_first_entry_that_does_not_follow(path, capsys, tamper, first_bad):
    _three(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    _write_lines(path, tamper(lines))
    assert AuditLog(path).verify() == (False, first_bad)
    assert kiosk_main(["audit", "verify", "--file", str(path)]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and out["first_bad_seq"] == first_bad


def test_kiosk_audit_verify_reads_the_configured_data_dir(tmp_path, capsys):
    data = tmp_path / "kdata"
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[kiosk]\ndata_dir = "{data}"\n', encoding="utf-8")
    _three(data / "audit.jsonl")
    assert kiosk_main(["audit", "verify", "--config", str(config)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {"file": str(data / "audit.jsonl"), "entries": 3, "ok": True, "first_bad_seq": None}
    assert kiosk_main(["audit", "verify", "--file", str(tmp_path / "none.jsonl")]) == 0  # no file: nothing wrong
    assert json.loads(capsys.readouterr().out)["entries"] == 0


class _CountingOpen:
    """Counts the bytes the audit module reads from files."""

    def __init__(self) -> None:
        self.read = 0

    def __call__(self, *args, **kwargs):
        return _Counted(open(*args, **kwargs), self)  # noqa: SIM115


class _Counted(io.RawIOBase):
    def __init__(self, handle, counter: _CountingOpen) -> None:
        super().__init__()
        self._handle, self._counter = handle, counter

    def read(self, size=-1):
        data = self._handle.read(size)
        self._counter.read += len(data)
        return data

    def seek(self, offset, whence=0):
        return self._handle.seek(offset, whence)

    def close(self) -> None:
        self._handle.close()
        super().close()


def test_a_restart_continues_the_chain_from_the_tail_of_the_file(path, monkeypatch):
    first = _log(path)
    first.record("login", "", "pin", "staff:7")
    prev, lines = first.entries()[0]["hash"], []
    for n in range(2, 1501):  # about 500 kB of a valid chain, written at once
        entry = {"seq": n, "kiosk_id": "kiosk-a1", "at": "2026-03-02T09:00:00+08:00", "action": "reprint",
                 "item": f"item-{n}", "reason": "", "staff": "staff:7", "prev": prev}
        entry["hash"] = prev = entry_hash(entry)
        lines.append(json.dumps(entry, ensure_ascii=False))
    with open(path, "a", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))
    assert path.stat().st_size > 400_000
    counting = _CountingOpen()
    monkeypatch.setattr(audit, "open", counting, raising=False)
    again = _log(path)
    entry = again.record("logout", "", "idle", "staff:7")
    assert entry["seq"] == 1501 and entry["prev"] == first.entries()[1499]["hash"]
    assert 0 < counting.read < 50_000  # the tail, not the whole file
    monkeypatch.undo()
    assert again.verify() == (True, None) and again.last_seq == 1501


def test_a_torn_last_line_is_set_aside_and_the_repair_recorded(path, capsys):
    _three(path)
    good = path.read_bytes()
    torn = b'{"seq": 4, "kiosk_id": "kiosk-a1", "at": "2026-03-02T09:00:09+08:'
    path.write_bytes(good + torn)  # the power went mid-write
    assert AuditLog(path).verify() == (False, 4)  # reported before the kiosk repairs it
    assert kiosk_main(["audit", "verify", "--file", str(path)]) == 1
    capsys.readouterr()

    log = _log(path)
    entry = log.record("login", "", "card", "card:S-0042")
    entries = log.entries()
    assert [e["seq"] for e in entries] == [1, 2, 3, 4, 5] and entry["seq"] == 5
    repaired = entries[3]
    assert (repaired["action"], repaired["reason"], repaired["staff"]) == ("audit_file_repaired", "torn_line",
                                                                          "system")
    assert repaired["prev"] == entries[2]["hash"]
    aside = path.with_name(repaired["item"])
    assert aside.name.startswith("audit.jsonl.torn-") and aside.read_bytes() == torn
    assert stat.S_IMODE(os.stat(aside).st_mode) == 0o600
    assert path.read_bytes().startswith(good)
    assert log.verify() == (True, None)
    assert "audit_file_repaired" in c.ALERT_ACTIONS


def test_a_last_line_of_zeros_is_torn_as_well_and_a_whole_file_is_left_alone(path):
    _three(path)
    good = path.read_bytes()
    path.write_bytes(good + b"\x00" * 40 + b"\n")
    log = _log(path)
    log.record("login", "", "pin", "staff:1")
    assert [e["action"] for e in log.entries()] == ["login", "void", "quit", "audit_file_repaired", "login"]
    assert log.verify() == (True, None)
    # a restart on a whole file repairs nothing
    again = _log(path)
    again.record("logout", "", "leave", "staff:1")
    assert [e["action"] for e in again.entries()][-2:] == ["login", "logout"]
    assert len(list(path.parent.glob("audit.jsonl.torn-*"))) == 1


def test_a_file_of_the_format_before_the_chain_is_set_aside_whole(path):
    path.parent.mkdir(parents=True)
    _write_lines(path, [json.dumps({"at": "2026-01-01T10:00:00+08:00", "action": "void", "item": "x",
                                    "reason": "duplicate", "staff": "pin"})])
    log = _log(path)
    log.record("login", "", "pin", "staff:1")
    entries = log.entries()
    assert [(e["seq"], e["action"], e["reason"]) for e in entries] == [
        (1, "audit_file_repaired", "legacy_format"), (2, "login", "pin")]
    assert path.with_name(entries[0]["item"]).read_text(encoding="utf-8").count("duplicate") == 1
    assert log.verify() == (True, None)


def test_several_threads_record_one_unbroken_chain_delivered_in_order(path):
    delivered: list[int] = []
    log = AuditLog(path, kiosk_id="kiosk-a1", deliver=lambda e: delivered.append(e["seq"]))
    errors: list[BaseException] = []

    def staff(n: int) -> None:
        try:
            for i in range(15):
                log.record("device_test", "", f"t{n}-{i}", f"staff:{n}")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=staff, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors and not any(t.is_alive() for t in threads)
    entries = log.entries()
    assert [e["seq"] for e in entries] == list(range(1, 91))
    assert delivered == list(range(1, 91))
    assert log.verify() == (True, None)
    assert sorted(e["reason"] for e in entries) == sorted(f"t{n}-{i}" for n in range(6) for i in range(15))


def test_what_could_not_be_delivered_goes_later_in_order(path):
    taken: list[int] = []
    broken = {"on": True}

    def deliver(entry):
        if broken["on"]:
            raise OSError("the outbox is closed")
        taken.append(entry["seq"])

    log = _log(path, deliver=deliver)
    log.record("login", "", "pin", "staff:1")  # stays in the file
    log.record("void", "item-1", "duplicate", "staff:1")
    assert taken == [] and [e["seq"] for e in log.entries()] == [1, 2]
    broken["on"] = False
    log.record("logout", "", "leave", "staff:1")  # catches up: 1, 2, then 3
    assert taken == [1, 2, 3]
    assert json.loads(log.delivered_path.read_text()) == {"seq": 3}

    broken["on"] = True
    log.record("login", "", "pin", "staff:2")
    # a restart: redeliver hands over what the last run could not, and nothing twice
    taken.clear()
    broken["on"] = False
    again = _log(path, deliver=deliver)
    assert again.redeliver() == 1 and taken == [4]
    assert again.redeliver() == 0 and taken == [4]
    again.delivered_path.unlink()  # the note lost: everything again (the outbox answers a repeat once)
    fresh = _log(path, deliver=deliver)
    assert fresh.redeliver() == 4 and taken == [4, 1, 2, 3, 4]
    assert _log(path).redeliver() == 0  # no deliver: nothing


@pytest.mark.parametrize(("action", "item", "reason", "staff"), [
    ("void", "item-1", "the litigant 张三 asked", "staff:1"),
    ("voided because", "item-1", "", "staff:1"),
    ("void", "110105 199001011234 张三", "", "staff:1"),
    ("void", "item-1", "duplicate", "张三"),
    ("void", "item-1", "duplicate", "staff:1 张三"),
])
def test_free_text_is_refused_and_nothing_is_written(path, action, item, reason, staff):
    log = _log(path)
    log.record("login", "", "pin", "staff:1")
    with pytest.raises(ValueError) as raised:
        log.record(action, item, reason, staff)
    assert "张三" not in str(raised.value) and "1990" not in str(raised.value)
    assert [e["seq"] for e in log.entries()] == [1]
    assert log.record("logout", "", "leave", "staff:1")["seq"] == 2
    assert log.verify() == (True, None)


def test_an_entry_has_no_free_text_field():
    schema = c.AuditEntry.model_json_schema()
    for name, prop in schema["properties"].items():
        if prop.get("type") == "string":
            assert "pattern" in prop, f"{name} would take free text"
    assert set(schema["properties"]) == {"seq", "kiosk_id", "at", "action", "item", "reason", "staff", "prev",
                                         "hash"}
    with pytest.raises(ValueError):
        AuditLog("x.jsonl", kiosk_id="kiosk 1")
