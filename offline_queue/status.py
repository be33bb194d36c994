"""What staff need to know about the outbox, as plain data (`kiosk sync --status`, maintenance).

No payloads: ids, kinds, states, attempts, times and the backend's error summaries, which the
client already strips of input values (see `offline_queue.transport.error_detail`).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from offline_queue.outbox import DEAD, IN_FLIGHT, PENDING, STATES, Outbox


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, tz=UTC).astimezone().isoformat(timespec="seconds")


def queue_status(outbox: Outbox, now: float | None = None) -> dict[str, Any]:
    now = time.time() if now is None else now
    items = outbox.items()
    counts = {state: 0 for state in STATES}
    for item in items:
        counts[item.state] = counts.get(item.state, 0) + 1
    waiting = [i for i in items if i.state in (PENDING, IN_FLIGHT)]
    pending = [i for i in items if i.state == PENDING]
    return {
        "counts": counts,
        "waiting": len(waiting),
        "oldest_waiting_seconds": round(now - min(i.created_at for i in waiting), 1) if waiting else None,
        "next_attempt_in_seconds": round(max(0.0, min(i.next_attempt_at for i in pending) - now), 1)
        if pending else None,
        "dead": [
            {"id": i.id, "kind": i.kind, "attempts": i.attempts, "reason": i.last_error or "",
             "since": _iso(i.updated_at)}
            for i in sorted((i for i in items if i.state == DEAD), key=lambda i: i.updated_at)
        ],
        "in_flight": [i.id for i in items if i.state == IN_FLIGHT],
    }
