"""The durable, offline-tolerant path from the kiosk to the court backend.

- `offline_queue.contract`: the HTTP contract (paths, headers, status strings, pydantic models);
- `offline_queue.client`: `CourtClient` (requests) with `RetryableError` / `PermanentError`;
- `offline_queue.outbox`: `Outbox`, the SQLite (WAL, synchronous=FULL) queue of items to send;
- `offline_queue.sync`: `SyncWorker`, the thread (or headless `drain`) that delivers them.

Names are imported lazily so that importing the contract (as `court_sandbox` does)
does not load the client, the outbox or the worker.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "CourtClient": "offline_queue.client",
    "CourtError": "offline_queue.client",
    "RetryableError": "offline_queue.client",
    "PermanentError": "offline_queue.client",
    "Outbox": "offline_queue.outbox",
    "OutboxItem": "offline_queue.outbox",
    "OutboxError": "offline_queue.outbox",
    "SyncWorker": "offline_queue.sync",
    "DrainResult": "offline_queue.sync",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'offline_queue' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
