"""Fault test B with the real app: the embedded sandbox goes through an outage, then 30 % 5xx,
then 5 s latency, then recovery, while the kiosk's sync worker delivers a filing made through
the UI and 20 more. Everything is delivered once, and the GUI thread never waits on the network
(sampled by a 5 ms timer, as benchmarks/bench_preview.py does). The test fails at a stall of
1 s (a network call on the GUI thread shows as 5 s here, the injected latency) and prints the
worst stall; on a quiet machine it is 6-15 ms (target 50 ms), but a CI machine running other
jobs on its 2 cores can starve any thread for a few hundred ms."""

from __future__ import annotations

import sys
import threading
import time
import traceback

from PySide6.QtCore import QElapsedTimer, QTimer

from offline_queue.contract import FaultSpec
from offline_queue.outbox import DELIVERED
from tests.queue.fault_harness import Backend, filing_id, filing_payload, idempotency_key
from tests.ui.steps import file_case

STALL_LIMIT_MS = 2000
EXTRA = 20


def test_gui_thread_keeps_up_through_outage_errors_latency_and_recovery(qtbot, app_parts):
    window, core, services = app_parts()
    faults = core.sandbox.app.state.faults
    faults.set(FaultSpec(outage_seconds=3600))
    outcome = file_case(qtbot, window, services)  # accepted while the court is unreachable
    assert core.outbox.get(outcome.filing_id).state != DELIVERED
    # The demo panel draws the printed receipt (its QR code takes the GUI thread ~60 ms, a demo-only
    # cost unrelated to the queue): let that happen before measuring.
    qtbot.waitUntil(lambda: len(window.demo_panel.receipts) == 1, timeout=5000)

    # More filings arrive from elsewhere (off the GUI thread, as the outbox worker stores them).
    extra = [filing_id("ui-outage", n) for n in range(EXTRA)]

    def enqueue_more() -> None:
        for n, item_id in enumerate(extra):
            core.outbox.enqueue("filing", filing_payload(item_id, n), idempotency_key(item_id), item_id=item_id)
            core.sync.wake()

    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]
    gaps: list[int] = []

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now
        beat[0] = time.monotonic()

    # The test's own look at the outbox runs off the GUI thread (it waits for the outbox's
    # lock while the sync thread commits): the GUI thread only reads these numbers.
    seen = {"delivered": 0, "slow": False}
    watching = threading.Event()
    slow_from = [float("inf")]

    def watch() -> None:
        while not watching.wait(0.1):
            items = core.outbox.items(DELIVERED)
            seen["delivered"] = sum(1 for i in items if i.kind == "filing")  # (the signature goes first)
            seen["slow"] = any(i.updated_at >= slow_from[0] + 4.9 for i in items)

    # What the GUI thread is doing while it is late (> 200 ms): the stack of the longest such moment.
    beat = [time.monotonic()]
    stalled = {"ms": 0.0, "stack": ""}
    main = threading.main_thread().ident

    def dog() -> None:
        while not watching.wait(0.05):
            late = (time.monotonic() - beat[0]) * 1000
            if late > max(200.0, stalled["ms"]):
                frame = sys._current_frames().get(main)
                stalled["ms"] = late
                stalled["stack"] = "".join(traceback.format_stack(frame)[-12:]) if frame is not None else ""

    watcher = threading.Thread(target=watch, name="test-watch")
    watcher.start()
    watchdog = threading.Thread(target=dog, name="test-watchdog")
    watchdog.start()
    sampler = QTimer()
    sampler.setInterval(5)
    sampler.timeout.connect(tick)
    sampler.start()
    try:
        feeder = threading.Thread(target=enqueue_more, name="test-enqueue")
        feeder.start()
        qtbot.waitUntil(lambda: not feeder.is_alive(), timeout=10_000)
        feeder.join()
        qtbot.waitUntil(lambda: faults.counts["outage"] >= 3, timeout=10_000)
        assert seen["delivered"] == 0

        faults.set(FaultSpec(error_rate=0.3, error_phase="either", seed=3))
        qtbot.waitUntil(lambda: faults.counts["error"] >= 3 and seen["delivered"] >= 3, timeout=20_000)

        faults.set(FaultSpec(latency_ms=5000))
        slow_from[0] = time.time()
        qtbot.waitUntil(lambda: seen["slow"], timeout=20_000)

        faults.clear()
        qtbot.waitUntil(lambda: seen["delivered"] == EXTRA + 1, timeout=30_000)
    finally:
        sampler.stop()
        watching.set()
        watcher.join()
        watchdog.join()

    worst = max(gaps[5:] or [0]) - 5
    print(f"\nGUI-thread stalls over {len(gaps)} samples: worst {worst} ms (limit {STALL_LIMIT_MS} ms)")
    assert len(gaps) > 500  # the sampler really ran through the sequence
    assert worst <= STALL_LIMIT_MS, f"the GUI thread stalled {worst} ms; its stack then:\n{stalled['stack']}"
    at_court = Backend.read(core.sandbox.db_path).filing_ids
    assert sorted(at_court) == sorted([outcome.filing_id, *extra])
