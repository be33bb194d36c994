"""Draining the outbox to the court sandbox on loopback, against a raw `requests` loop that PUTs
the same kind of filings to the same sandbox in the same run (target: outbox >= 0.5x raw).

The outbox path does all a real delivery does: claim in a transaction, decrypt, validate,
PUT with the idempotency key, record the answer durably. The raw loop only PUTs.

Run with ``python benchmarks/bench_drain.py [--items N]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def run(items: int = 300) -> list[tuple[str, str, str]]:
    import requests

    from court_sandbox.server import SandboxServer
    from offline_queue import contract as c
    from offline_queue.client import CourtClient
    from offline_queue.outbox import Outbox
    from offline_queue.sync import SyncWorker
    from tests.queue_payloads import filing_payload

    with tempfile.TemporaryDirectory(prefix="kiosk-bench-drain-") as tmp, \
            SandboxServer(str(Path(tmp) / "sandbox.sqlite3")) as sandbox:
        # raw: a requests.Session PUTting filings one after another
        session = requests.Session()
        headers = {"Content-Type": "application/json", "X-Kiosk-Id": "bench", "X-Request-Id": "r",
                   "X-Correlation-Id": "c"}
        bodies = [filing_payload() for _ in range(items)]
        start = time.perf_counter()
        for body in bodies:
            response = session.put(sandbox.base_url + c.FILING_PATH.format(filing_id=body["filing_id"]),
                                   data=json.dumps(body).encode(), timeout=10,
                                   headers={**headers, c.IDEMPOTENCY_KEY_HEADER: str(uuid.uuid4())})
            assert response.status_code in (200, 201), response.text
        raw = time.perf_counter() - start
        session.close()

        # outbox: enqueue, then drain with the sync worker
        (Path(tmp) / "keys").mkdir()
        (Path(tmp) / "queue").mkdir()
        key = Path(tmp) / "keys" / "outbox.key"  # outside the data directory, as in production
        try:
            box = Outbox(str(Path(tmp) / "queue" / "outbox.sqlite3"), key_path=str(key))
        except TypeError:  # an outbox without encryption at rest
            box = Outbox(str(Path(tmp) / "queue" / "outbox.sqlite3"))
        for _ in range(items):
            payload = filing_payload()
            box.enqueue("filing", payload, str(uuid.uuid4()), item_id=payload["filing_id"])
        client = CourtClient(sandbox.base_url, kiosk_id="bench")
        worker = SyncWorker(box, client)
        start = time.perf_counter()
        result = worker.drain(600.0)
        drained = time.perf_counter() - start
        client.close()
        box.close()
    assert result.delivered == items, result
    raw_rate, rate = items / raw, items / drained
    return [
        ("queue drain to the sandbox (loopback)", f"{rate:.0f} items/s", f"{items} filings, {drained:.2f} s"),
        ("raw requests PUT loop, same sandbox", f"{raw_rate:.0f} items/s", f"{items} filings, {raw:.2f} s"),
        ("drain rate / raw rate", f"{rate / raw_rate:.2f} x", "target >= 0.5 x"),
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=300)
    for row in run(parser.parse_args().items):
        print(" | ".join(row))
