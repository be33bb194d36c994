"""Helpers for the queue fault tests: the sender and "kiosk" processes, filings, backend figures.

Run as a script, this module is the process the tests kill:

    python fault_harness.py sender OUTBOX URL SEED [--until-empty]
        a SyncWorker delivering OUTBOX to URL; prints READY once it runs, and with
        --until-empty prints DONE and exits when nothing is left to send.
    python fault_harness.py kiosk OUTBOX URL TAG COUNT SEED
        the whole kiosk: enqueues COUNT filings (printing TRY <id> before and ACK <id> only
        after `Outbox.enqueue` returned, i.e. what the litigant was told was submitted)
        while a SyncWorker in the same process delivers them; prints DONE and exits when
        everything is delivered.

Everything here uses only the public API of `offline_queue`.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HARNESS = Path(__file__).resolve()

#: Backoff of the processes under test: small, so the tests stay fast.
BASE_DELAY = 0.01
MAX_DELAY = 0.2
IDLE_INTERVAL = 0.05


# ------------------------------------------------------------------ filings
def filing_id(tag: str, index: int) -> str:
    return f"{tag}-{index:05d}"


def idempotency_key(item_id: str) -> str:
    return f"key-{item_id}"


def filing_payload(item_id: str, index: int, *, case_type: str = "民初") -> dict[str, Any]:
    """A valid FilingSubmission (JSON) for a synthetic plaintiff; `item_id` is also the filing id."""
    from stdnum.cn import ric

    birth = date(1960, 1, 1) + timedelta(days=index % 9000)
    base = f"110105{birth:%Y%m%d}{index % 1000:03d}"
    return {
        "filing_id": item_id,
        "court_code": "京0105",
        "case_type": case_type,
        "plaintiff": {"kind": "person", "name": "测试原告", "id_number": base + ric.calc_check_digit(base + "0")},
        "defendants": [{"kind": "organisation", "name": "某测试公司"}],
        "claims": f"故障测试请求 {item_id}",
        "amount": "1000.00",
        "fee_estimate": "50.00",
        "fee_schedule_version": "2007-481",
        "confirmed_at": datetime(2026, 1, 5, 9, 0, tzinfo=UTC).isoformat(),
    }


# ------------------------------------------------------------------ waiting
def wait_for(condition: Callable[[], Any], timeout: float, what: str, interval: float = 0.01) -> Any:
    """Poll `condition` until it returns something truthy (returned); AssertionError after `timeout` s."""
    end = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(interval)


# ---------------------------------------------------------------- processes
class Proc:
    """A harness subprocess whose stdout lines are collected by a reader thread."""

    def __init__(self, *args: str) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        env["PYTHONUNBUFFERED"] = "1"
        self.popen = subprocess.Popen(
            [sys.executable, str(HARNESS), *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._stderr: list[str] = []
        self._readers = [
            threading.Thread(target=self._read, args=(self.popen.stdout, self.lines), daemon=True),
            threading.Thread(target=self._read, args=(self.popen.stderr, self._stderr), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    @property
    def pid(self) -> int:
        return self.popen.pid

    def _read(self, stream: Any, into: list[str]) -> None:
        for line in stream:
            with self._changed:
                into.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def wait_line(self, text: str, timeout: float) -> None:
        """Wait until the process printed the line `text` (AssertionError if it exits or times out first)."""
        end = time.monotonic() + timeout
        with self._changed:
            while text not in self.lines:
                if self.popen.poll() is not None and not self._readers[0].is_alive():
                    raise AssertionError(f"harness process exited ({self.popen.returncode}): {self.stderr_tail()}")
                left = end - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no {text!r} from the harness process in {timeout:g} s")
                self._changed.wait(min(left, 0.1))

    def kill9(self) -> None:
        """SIGKILL by pid, reap it, and collect everything it printed before dying."""
        if self.popen.poll() is None:
            os.kill(self.popen.pid, signal.SIGKILL)
        self.popen.wait(10)
        for reader in self._readers:
            reader.join(10)

    def finish(self, timeout: float) -> int:
        code = self.popen.wait(timeout)
        for reader in self._readers:
            reader.join(10)
        return code

    def stop(self) -> None:
        """Cleanup: kill the process if still running (by its pid)."""
        if self.popen.poll() is None:
            self.kill9()
        for stream in (self.popen.stdout, self.popen.stderr):
            if stream is not None:
                stream.close()

    def tagged(self, tag: str) -> list[str]:
        prefix = tag + " "
        return [line[len(prefix):] for line in self.lines if line.startswith(prefix)]

    def stderr_tail(self, lines: int = 20) -> str:
        return "\n".join(self._stderr[-lines:])


# ------------------------------------------------------------------ backend
@dataclass
class Backend:
    """What the sandbox's database holds: filings (in arrival order) and completed idempotency keys."""

    filing_ids: list[str] = field(default_factory=list)
    done_keys: list[str] = field(default_factory=list)
    in_progress_keys: list[str] = field(default_factory=list)
    payment_ids: list[str] = field(default_factory=list)
    message_ids: list[str] = field(default_factory=list)
    heartbeat_kiosks: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, db_path: str | os.PathLike[str]) -> Backend:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=10)
        try:
            filings = [r[0] for r in conn.execute("SELECT filing_id FROM filings ORDER BY rowid")]
            keys = conn.execute("SELECT key, state FROM idempotency_keys").fetchall()
            payments = [r[0] for r in conn.execute("SELECT payment_id FROM payments ORDER BY rowid")]
            messages = [r[0] for r in conn.execute("SELECT message_id FROM messages ORDER BY rowid")]
            kiosks = [r[0] for r in conn.execute("SELECT kiosk_id FROM heartbeats ORDER BY rowid")]
        finally:
            conn.close()
        return cls(
            filings,
            [k for k, state in keys if state == "done"],
            [k for k, state in keys if state != "done"],
            payments,
            messages,
            kiosks,
        )


def figures(
    *,
    acknowledged: set[str],
    enqueued: set[str],
    attempted: set[str],
    backend: Backend,
    kills: int,
    **extra: Any,
) -> dict[str, Any]:
    """The fault-test figures: lost (acknowledged, not at the court), doubled, unknown (never enqueued)."""
    at_court = set(backend.filing_ids)
    return {
        "items_acknowledged": len(acknowledged),
        "items_enqueued": len(enqueued),
        "enqueued_not_acknowledged": len(enqueued - acknowledged),
        "kills": kills,
        "backend_filings": len(backend.filing_ids),
        "backend_unique_keys": len(set(backend.done_keys)),
        "lost": len(acknowledged - at_court),
        "doubled": (len(backend.filing_ids) - len(at_court)) + (len(set(backend.done_keys)) - len(at_court)),
        "never_enqueued_at_court": len(at_court - attempted),
        **extra,
    }


# ------------------------------------------------------------ the processes
def _worker(outbox_path: str, url: str, seed: int, kiosk_id: str):  # type: ignore[no-untyped-def]
    from offline_queue.client import CourtClient
    from offline_queue.outbox import Outbox
    from offline_queue.sync import SyncWorker

    box = Outbox(outbox_path)
    client = CourtClient(url, kiosk_id, timeout=10.0)
    worker = SyncWorker(
        box,
        client,
        base_delay=BASE_DELAY,
        max_delay=MAX_DELAY,
        idle_interval=IDLE_INTERVAL,
        rng=random.Random(seed),
    )
    return box, worker


def _empty(box: Any) -> bool:
    stats = box.stats()
    return stats["pending"] == 0 and stats["in_flight"] == 0


def _sender(outbox_path: str, url: str, seed: str, *flags: str) -> int:
    box, worker = _worker(outbox_path, url, int(seed), "kiosk-fault-sender")
    worker.start()
    print("READY", flush=True)
    while True:
        time.sleep(0.02)
        if "--until-empty" in flags and _empty(box):
            worker.stop()
            print("DONE", flush=True)
            return 0


def _kiosk(outbox_path: str, url: str, tag: str, count: str, seed: str) -> int:
    box, worker = _worker(outbox_path, url, int(seed), f"kiosk-fault-{tag}")
    rng = random.Random(int(seed))
    worker.start()
    print("READY", flush=True)
    for index in range(int(count)):
        item_id = filing_id(tag, index)
        print(f"TRY {item_id}", flush=True)
        box.enqueue("filing", filing_payload(item_id, index), idempotency_key(item_id), item_id=item_id)
        worker.wake()
        time.sleep(rng.uniform(0, 0.01))  # the GUI's turn to show "submitted" (a kill may land here)
        print(f"ACK {item_id}", flush=True)  # only now may the litigant be told "submitted"
        time.sleep(rng.uniform(0.005, 0.035))
    while not _empty(box):
        time.sleep(0.02)
    worker.stop()
    print("DONE", flush=True)
    return 0


def main(argv: list[str]) -> int:
    role, *args = argv
    if role == "sender":
        return _sender(*args)
    if role == "kiosk":
        return _kiosk(*args)
    raise SystemExit(f"unknown role {role!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
