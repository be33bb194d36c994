"""Fault test A: kill -9 at random points, the queue loses nothing and doubles nothing.

1. A sender process (a SyncWorker) delivers 200 filings to a real sandbox on loopback and
   is killed with SIGKILL at random (seeded) moments, then restarted, many times.
2. The whole "kiosk" process (enqueues, acknowledges each filing by printing its id only
   after `Outbox.enqueue` returned, and syncs) is killed at random moments, many times,
   and restarted with new filings; a last run finishes.

The sandbox meanwhile adds latency, a 5 % error rate (5xx before or after committing) and
drops 5 % of connections after committing, so retries, replays and lost answers happen too.

Afterwards: every acknowledged filing is at the court exactly once (lost = 0), the court's
unique idempotency keys equal its filings (doubled = 0), and nothing is at the court that
was never enqueued. The figures are printed (``pytest -s``) and written to
``<tmp>/fault_figures_*.json``.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from court_sandbox.app import create_app
from court_sandbox.server import SandboxServer
from offline_queue.contract import FaultSpec
from offline_queue.outbox import DEAD, DELIVERED, IN_FLIGHT, Outbox
from tests.queue.fault_harness import (
    Backend,
    Proc,
    figures,
    filing_id,
    filing_payload,
    idempotency_key,
)

SEED = 20260105
ITEMS = 200
SENDER_KILLS = 25
KIOSK_MIN_KILLS = 20
STARTUP_TIMEOUT = 20.0


def _faults(seed: int, latency_ms: int) -> FaultSpec:
    return FaultSpec(
        latency_ms=latency_ms, error_rate=0.05, error_phase="either", drop_rate=0.05, seed=seed, retry_after="0"
    )


@pytest.fixture
def court(tmp_path: Path) -> Iterator[tuple[SandboxServer, Path]]:
    """A fresh sandbox (its own database, so its counts are this test's) with faults set at start-up."""
    db = tmp_path / "court.sqlite3"
    server = SandboxServer(db, app=create_app(str(db), faults=_faults(SEED, latency_ms=20))).start()
    yield server, db
    server.stop()


@pytest.fixture
def procs() -> Iterator[list[Proc]]:
    started: list[Proc] = []
    yield started
    for proc in started:
        proc.stop()


def _report(tmp_path: Path, name: str, data: dict) -> None:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    (tmp_path / f"fault_figures_{name}.json").write_text(text + "\n", encoding="utf-8")
    print(f"\nFAULT FIGURES {name}: {text}")


def test_kill_9_the_sender_loses_and_doubles_nothing(tmp_path, court, procs):
    server, db = court
    outbox_path = tmp_path / "outbox.sqlite3"
    rng = random.Random(SEED)
    started = time.monotonic()
    with Outbox(outbox_path) as box:
        ids = []
        for index in range(ITEMS):
            item_id = filing_id("s", index)
            box.enqueue("filing", filing_payload(item_id, index), idempotency_key(item_id), item_id=item_id)
            ids.append(item_id)

        kills = killed_in_flight = answer_lost = 0
        for run in range(SENDER_KILLS):
            proc = Proc("sender", str(outbox_path), server.base_url, str(SEED + run))
            procs.append(proc)
            proc.wait_line("READY", STARTUP_TIMEOUT)
            time.sleep(rng.uniform(0.0, 0.3))  # the random moment of death (not a wait for anything)
            proc.kill9()
            kills += 1
            in_flight = [item.id for item in box.items(IN_FLIGHT)]
            killed_in_flight += len(in_flight)
            answer_lost += len(set(in_flight) & set(Backend.read(db).filing_ids))
            if box.stats()[DELIVERED] == ITEMS:
                break
        delivered_before_last_run = box.stats()[DELIVERED]

        last = Proc("sender", str(outbox_path), server.base_url, str(SEED - 1), "--until-empty")
        procs.append(last)
        last.wait_line("DONE", 60)
        assert last.finish(10) == 0, last.stderr_tail()
        stats = box.stats()

    backend = Backend.read(db)
    data = figures(
        acknowledged=set(ids),
        enqueued=set(ids),
        attempted=set(ids),
        backend=backend,
        kills=kills,
        killed_while_in_flight=killed_in_flight,
        killed_after_commit_before_recording=answer_lost,
        delivered_before_last_run=delivered_before_last_run,
        injected=server.app.state.faults.counts,
        seconds=round(time.monotonic() - started, 1),
    )
    _report(tmp_path, "sender_kill9", data)

    assert stats[DELIVERED] == ITEMS and stats[DEAD] == 0, stats
    assert kills >= 20, "the sender delivered everything before it was killed 20 times"
    assert delivered_before_last_run > 0 and killed_in_flight > 0, data  # kills landed mid-delivery
    assert data["lost"] == 0, data
    assert data["doubled"] == 0, data
    assert data["never_enqueued_at_court"] == 0, data
    assert sorted(backend.filing_ids) == sorted(ids)
    assert len(set(backend.done_keys)) == ITEMS and not backend.in_progress_keys
    assert sum(data["injected"].values()) > 0  # the faults did happen


def test_kill_9_the_whole_kiosk_loses_no_acknowledged_filing(tmp_path, court, procs):
    server, db = court
    server.app.state.faults.set(_faults(SEED + 1, latency_ms=5))
    outbox_path = tmp_path / "outbox.sqlite3"
    rng = random.Random(SEED + 1)
    started = time.monotonic()
    acknowledged: set[str] = set()
    attempted: set[str] = set()
    kills = killed_in_flight = 0
    with Outbox(outbox_path) as box:  # the test's view (opened before any kiosk runs)
        run = 0
        while len(acknowledged) < ITEMS or kills < KIOSK_MIN_KILLS:
            proc = Proc("kiosk", str(outbox_path), server.base_url, f"k{run:03d}", "100000", str(SEED + run))
            procs.append(proc)
            proc.wait_line("READY", STARTUP_TIMEOUT)
            time.sleep(rng.uniform(0.05, 0.5))  # the random moment of death (not a wait for anything)
            proc.kill9()
            kills += 1
            run += 1
            acknowledged.update(proc.tagged("ACK"))
            attempted.update(proc.tagged("TRY"))
            killed_in_flight += box.stats()[IN_FLIGHT]
            assert run < 200, "the kiosk process does not get far enough to acknowledge filings"

        last = Proc("kiosk", str(outbox_path), server.base_url, f"k{run:03d}", "10", str(SEED + run))
        procs.append(last)
        last.wait_line("DONE", 90)
        assert last.finish(10) == 0, last.stderr_tail()
        acknowledged.update(last.tagged("ACK"))
        attempted.update(last.tagged("TRY"))
        items = box.items()
        enqueued = {item.id for item in items}
        states = {item.state for item in items}

    backend = Backend.read(db)
    data = figures(
        acknowledged=acknowledged,
        enqueued=enqueued,
        attempted=attempted,
        backend=backend,
        kills=kills,
        killed_while_in_flight=killed_in_flight,
        injected=server.app.state.faults.counts,
        seconds=round(time.monotonic() - started, 1),
    )
    _report(tmp_path, "kiosk_kill9", data)

    assert states == {DELIVERED}, states
    assert len(acknowledged) >= ITEMS and kills >= KIOSK_MIN_KILLS
    assert acknowledged <= enqueued <= attempted  # an acknowledgement is never a lie
    assert data["lost"] == 0, data
    assert data["doubled"] == 0, data
    assert data["never_enqueued_at_court"] == 0, data
    # The court has exactly what was enqueued: the acknowledged filings plus those enqueued
    # just before a kill (committed, not yet acknowledged), each once.
    assert sorted(backend.filing_ids) == sorted(enqueued)
    assert len(set(backend.done_keys)) == len(acknowledged) + data["enqueued_not_acknowledged"]
    assert not backend.in_progress_keys
