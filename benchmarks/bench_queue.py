"""The durable outbox: enqueue latency against raw SQLite, and memory/size over a long run.

1. Durable enqueue: `Outbox.enqueue` (AES-GCM encryption on, a filing-sized payload)
   against a raw ``sqlite3`` ``BEGIN IMMEDIATE; INSERT; COMMIT`` of the same JSON into the
   same table with the same pragmas (WAL, ``synchronous=FULL``), in the same run,
   interleaved in blocks so both see the same disk. p50/p99 and the p50 ratio
   (target <= 1.5x). Both pay an fsync per commit: this measures the outbox's own cost on
   top of durability.
2. Steady state: N cycles of enqueue -> claim_due -> mark_delivered, with
   ``purge_delivered(0)`` every PURGE_EVERY cycles (as the app purges periodically).
   Reported: RSS after a warm-up and at the end (target: within +-5 MB), and the largest
   database + WAL size seen (target: bounded, i.e. not growing with N).

Run with ``python benchmarks/bench_queue.py [--cycles N] [--enqueues N]``. The files live in
a temporary folder under the system temp dir (on this machine: the same disk as the data).
Each cycle is three fsynced commits: about 400 cycles/s on the development VM, so 100 000
cycles take about 4 minutes; the default is DEFAULT_CYCLES (about 100 s there) to keep
``make bench`` short; pass ``--cycles 100000`` for the full run.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from procstat import rss_mb  # noqa: E402

from offline_queue.outbox import _SCHEMA_V1, Outbox  # noqa: E402

RATIO_TARGET = 1.5
RSS_TARGET_MB = 5.0
PURGE_EVERY = 100
BLOCK = 100
DEFAULT_CYCLES = 40_000


def _payload(n: int) -> dict:
    # Filing-sized (about 700 bytes of JSON), no real person's data.
    return {
        "filing_id": f"bench-{n:08d}",
        "court_code": "京0105",
        "case_type": "民初",
        "plaintiff": {"kind": "person", "name": "测试原告", "id_number": "000000000000000000",
                      "address": "测试地址一号", "phone": "00000000000"},
        "defendants": [{"kind": "person", "name": "测试被告"},
                       {"kind": "organisation", "name": "测试公司", "uscc": "000000000000000000"}],
        "claims": "测试诉讼请求。" * 20,
        "amount": "100000.00",
        "fee_estimate": "2300.00",
        "fee_schedule_version": "2007-481",
        "confirmed_at": "2026-01-01T00:00:00+00:00",
    }


def _db_size(path: Path) -> int:
    return sum(os.path.getsize(f"{path}{s}") for s in ("", "-wal") if os.path.exists(f"{path}{s}"))


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def enqueue_latency(folder: Path, count: int) -> list[tuple[str, str, str]]:
    outbox = Outbox(folder / "outbox.sqlite3", key_path=folder / "keys" / "outbox.key")
    raw = sqlite3.connect(folder / "raw.sqlite3", isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=FULL")
    raw.executescript(_SCHEMA_V1)
    insert = (
        "INSERT INTO outbox (id, kind, payload, idempotency_key, depends_on, state, attempts, "
        "next_attempt_at, last_error, created_at, updated_at, response) "
        "VALUES (?, ?, ?, ?, NULL, 'pending', 0, ?, NULL, ?, ?, NULL)"
    )
    box_times: list[float] = []
    raw_times: list[float] = []
    try:
        for n in range(50):  # warm both files up
            outbox.enqueue("filing", _payload(n), f"warm-{n}")
            raw.execute("BEGIN IMMEDIATE")
            raw.execute(insert, (f"warm-{n}", "filing", "{}", f"warm-{n}", 0.0, 0.0, 0.0))
            raw.execute("COMMIT")
        n = 0
        while n < count:
            for _ in range(BLOCK):
                payload = _payload(n)
                start = time.perf_counter()
                outbox.enqueue("filing", payload, f"key-{n}", item_id=payload["filing_id"])
                box_times.append(time.perf_counter() - start)
                n += 1
            for k in range(n - BLOCK, n):
                payload = _payload(k)
                start = time.perf_counter()
                text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                now = time.time()
                raw.execute("BEGIN IMMEDIATE")
                raw.execute(insert, (payload["filing_id"], "filing", text, f"key-{k}", now, now, now))
                raw.execute("COMMIT")
                raw_times.append(time.perf_counter() - start)
    finally:
        outbox.close()
        raw.close()
    b50, b99 = _percentile(box_times, 0.50), _percentile(box_times, 0.99)
    r50, r99 = _percentile(raw_times, 0.50), _percentile(raw_times, 0.99)
    ratio = b50 / r50
    verdict = "ok" if ratio <= RATIO_TARGET else "OVER TARGET"
    return [
        ("queue: durable enqueue p50 (Outbox, AES-GCM)", f"{b50 * 1e3:.3f} ms", f"p99 {b99 * 1e3:.3f} ms, n={count}"),
        ("queue: raw sqlite3 insert+commit p50", f"{r50 * 1e3:.3f} ms", f"p99 {r99 * 1e3:.3f} ms, WAL + synchronous=FULL"),
        ("queue: enqueue / raw ratio (p50)", f"{ratio:.2f} x",
         f"target <= {RATIO_TARGET} x: {verdict}; p99 ratio {b99 / r99:.2f} x"),
    ]


def steady_state(folder: Path, cycles: int) -> list[tuple[str, str, str]]:
    path = folder / "cycle.sqlite3"
    outbox = Outbox(path, key_path=folder / "keys" / "cycle.key")
    warmup = max(PURGE_EVERY, min(2000, cycles // 20))
    rss_start = rss_end = rss_max = 0.0
    size_max = 0
    size_at_warm = 0
    started = time.perf_counter()
    try:
        for n in range(cycles):
            payload = _payload(n)
            outbox.enqueue("filing", payload, f"key-{n}", item_id=payload["filing_id"])
            item = outbox.claim_due(ignore_schedule=True)
            if item is None or item.id != payload["filing_id"]:
                raise RuntimeError("the benchmark claimed the wrong item")
            outbox.mark_delivered(item.id, {"filing_id": item.id, "status": "待审核"})
            if (n + 1) % PURGE_EVERY == 0:
                size_max = max(size_max, _db_size(path))  # just before a purge: the largest it gets
                if outbox.purge_delivered(0) != PURGE_EVERY:
                    raise RuntimeError("the purge missed delivered items")
            if n + 1 == warmup:
                rss_start = rss_mb()
                size_at_warm = size_max
            if (n + 1) % 1000 == 0:
                rss_max = max(rss_max, rss_mb())
        rss_end = rss_mb()
        rss_max = max(rss_max, rss_end)
        elapsed = time.perf_counter() - started
        stats = outbox.stats()
    finally:
        outbox.close()
    growth = rss_end - rss_start
    rss_verdict = "ok" if abs(growth) <= RSS_TARGET_MB and rss_max - rss_start <= RSS_TARGET_MB else "OVER TARGET"
    size_verdict = "bounded" if size_max <= 2 * max(size_at_warm, 1) + 1_000_000 else "GROWING"
    return [
        (f"queue: RSS over {cycles} enqueue/claim/deliver cycles", f"{growth:+.1f} MB",
         f"{rss_start:.1f} MB after {warmup} -> {rss_end:.1f} MB at end, max {rss_max:.1f} MB; "
         f"target +-{RSS_TARGET_MB:.0f} MB: {rss_verdict}"),
        ("queue: max database + WAL size", f"{size_max / 1024:.0f} KiB",
         f"{size_at_warm / 1024:.0f} KiB after warm-up; purge every {PURGE_EVERY}: {size_verdict}; "
         f"left {sum(stats.values())} rows"),
        ("queue: cycle rate", f"{cycles / elapsed:.0f} /s", f"{elapsed:.1f} s for {cycles} cycles (3 fsynced commits each)"),
    ]


def run(cycles: int = DEFAULT_CYCLES, enqueues: int = 2000) -> list[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory(prefix="bench-queue-") as tmp:
        folder = Path(tmp)
        rows = enqueue_latency(folder, enqueues)
        rows += steady_state(folder, cycles)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=DEFAULT_CYCLES,
                        help=f"enqueue/claim/deliver cycles (default {DEFAULT_CYCLES}; 100000 takes about 4 min)")
    parser.add_argument("--enqueues", type=int, default=2000, help="timed enqueues of each kind (default 2000)")
    args = parser.parse_args()
    for row in run(args.cycles, args.enqueues):
        print(" | ".join(row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
