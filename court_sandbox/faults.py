"""Fault injection for tests: failed answers, latency, slow writes (see `FaultSpec`)."""

from __future__ import annotations

import json
import threading

from starlette.responses import Response

from offline_queue.contract import RETRY_AFTER_HEADER, FaultSpec


class Faults:
    """The sandbox's current faults; thread-safe (the event loop and the thread pool both look)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._spec = FaultSpec()

    def set(self, spec: FaultSpec) -> FaultSpec:
        with self._lock:
            self._spec = spec.model_copy()
            return self._spec.model_copy()

    def clear(self) -> FaultSpec:
        return self.set(FaultSpec())

    def current(self) -> FaultSpec:
        with self._lock:
            return self._spec.model_copy()

    def take(self, phase: str) -> FaultSpec | None:
        """Use up one injected failure for `phase`, if one is pending."""
        with self._lock:
            if self._spec.fail_next > 0 and self._spec.phase == phase:
                self._spec.fail_next -= 1
                return self._spec.model_copy()
        return None

    @property
    def latency(self) -> float:
        with self._lock:
            return self._spec.latency_ms / 1000

    @property
    def hold(self) -> float:
        with self._lock:
            return self._spec.hold_ms / 1000


def fault_response(spec: FaultSpec) -> Response:
    body = spec.body if spec.body is not None else json.dumps({"detail": f"injected fault ({spec.status})"})
    headers = {RETRY_AFTER_HEADER: spec.retry_after} if spec.retry_after else None
    return Response(body, status_code=spec.status, media_type=spec.content_type, headers=headers)
