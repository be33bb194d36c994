"""Fault injection for tests: failed answers, dropped connections, outages, error rates, latency,
slow writes (see `FaultSpec` for what each field does).

Faults are set by the admin API (``POST /admin/v1/faults``), by `create_app(faults=...)`
or, at start-up, from the environment variable ``KIOSK_SANDBOX_FAULTS``: a FaultSpec as
JSON, or ``@path`` of a file holding it, e.g.
``KIOSK_SANDBOX_FAULTS='{"error_rate": 0.3, "seed": 7}' kiosk sandbox serve``.

`Faults` only decides; `court_sandbox.middleware` (and the idempotent writes in
`court_sandbox.routes.common`) apply the decisions (an answer, or the TCP connection closed
without one). `Faults.counts` says how many of each were injected.
"""

from __future__ import annotations

import json
import os
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError
from starlette.responses import Response

from offline_queue.contract import RETRY_AFTER_HEADER, FaultSpec, validation_summary

FAULTS_ENV = "KIOSK_SANDBOX_FAULTS"

#: What `Faults.counts` counts.
COUNT_KINDS: tuple[str, ...] = ("outage", "fail_next", "error", "drop")


@dataclass(frozen=True)
class Injection:
    """One decided fault: answer with `status` (and body, Retry-After), or `close` the connection."""

    kind: str  # one of COUNT_KINDS
    close: bool = False
    status: int = 503
    body: str | None = None
    content_type: str = "application/json"
    retry_after: str | None = None


@dataclass(frozen=True)
class Plan:
    """Faults for one request: `now` replaces handling it; `later` replaces its answer after handling."""

    now: Injection | None = None
    later: Injection | None = None


NO_FAULT = Plan()


def _from_spec(kind: str, spec: FaultSpec) -> Injection:
    return Injection(
        kind,
        close=spec.action == "close",
        status=spec.status,
        body=spec.body,
        content_type=spec.content_type,
        retry_after=spec.retry_after,
    )


class Faults:
    """The sandbox's current faults; thread-safe (the event loop and the thread pool both look)."""

    def __init__(self, spec: FaultSpec | None = None, *, clock: Callable[[], float] = time.time) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self._spec = FaultSpec()
        self._rng = random.Random()
        self._outage_end: float | None = None
        self._counts = dict.fromkeys(COUNT_KINDS, 0)
        if spec is not None:
            self.set(spec)

    # ------------------------------------------------------------ settings
    def set(self, spec: FaultSpec) -> FaultSpec:
        """Replace the current faults. An ``outage_seconds`` starts now and is reported as ``outage_until``."""
        spec = spec.model_copy(deep=True)
        now = self._clock()
        end: float | None = None
        if spec.outage_seconds > 0:
            end = now + spec.outage_seconds
        if spec.outage_until is not None:
            end = max(end or 0.0, spec.outage_until.timestamp())
        if end is not None:
            spec.outage_seconds = 0.0
            spec.outage_until = datetime.fromtimestamp(end, UTC)
        with self._lock:
            self._spec = spec
            self._rng = random.Random(spec.seed)
            self._outage_end = end
            return self._spec.model_copy(deep=True)

    def clear(self) -> FaultSpec:
        return self.set(FaultSpec())

    def current(self) -> FaultSpec:
        with self._lock:
            return self._spec.model_copy(deep=True)

    @property
    def counts(self) -> dict[str, int]:
        """How many faults of each kind were injected since the sandbox started."""
        with self._lock:
            return dict(self._counts)

    @property
    def latency(self) -> float:
        with self._lock:
            return self._spec.latency_ms / 1000

    @property
    def hold(self) -> float:
        with self._lock:
            return self._spec.hold_ms / 1000

    def applies_to(self, path: str) -> bool:
        """Whether the current faults affect a request for `path` (``paths`` limits them)."""
        with self._lock:
            prefixes = self._spec.paths
        return not prefixes or any(path.startswith(p) for p in prefixes)

    def in_outage(self) -> bool:
        with self._lock:
            return self._outage_end is not None and self._clock() < self._outage_end

    # ------------------------------------------------------------ decisions
    def take(self, phase: str) -> FaultSpec | None:
        """Use up one injected failure (``fail_next``) for `phase`, if one is pending."""
        with self._lock:
            if self._spec.fail_next > 0 and self._spec.phase == phase:
                self._spec.fail_next -= 1
                self._counts["fail_next"] += 1
                return self._spec.model_copy(deep=True)
        return None

    def plan(self) -> Plan:
        """Decide the faults of one ``/api/v1`` request as it arrives (call once per request)."""
        with self._lock:
            spec = self._spec
            if self._outage_end is not None and self._clock() < self._outage_end:
                self._counts["outage"] += 1
                return Plan(
                    now=Injection(
                        "outage",
                        close=spec.outage_action == "close",
                        status=spec.outage_status,
                        retry_after=spec.retry_after,
                    )
                )
            if spec.fail_next > 0 and spec.phase == "before":
                spec.fail_next -= 1
                self._counts["fail_next"] += 1
                return Plan(now=_from_spec("fail_next", spec))
            later: Injection | None = None
            if spec.error_rate > 0 and self._rng.random() < spec.error_rate:
                status = self._rng.choice(spec.error_statuses)
                phase = spec.error_phase
                if phase == "either":
                    phase = self._rng.choice(("before", "after"))
                injection = Injection("error", status=status, retry_after=spec.retry_after)
                if phase == "before":
                    self._counts["error"] += 1
                    return Plan(now=injection)
                later = injection
            elif spec.drop_rate > 0 and self._rng.random() < spec.drop_rate:
                later = Injection("drop", close=True)
            return Plan(later=later) if later is not None else NO_FAULT

    def after(self, plan: Plan) -> Injection | None:
        """The fault that replaces a handled request's answer, if any (``fail_next`` after, then the plan's)."""
        spec = self.take("after")
        if spec is not None:
            return _from_spec("fail_next", spec)
        if plan.later is not None:
            with self._lock:
                self._counts[plan.later.kind] += 1
        return plan.later


def fault_response(spec: FaultSpec | Injection) -> Response:
    """The answer of an injected failure (for a ``close`` fault: what is logged; nobody receives it)."""
    body = spec.body if spec.body is not None else json.dumps({"detail": f"injected fault ({spec.status})"})
    headers = {RETRY_AFTER_HEADER: spec.retry_after} if spec.retry_after else None
    return Response(body, status_code=spec.status, media_type=spec.content_type, headers=headers)


def describe_faults(spec: FaultSpec) -> str:
    """The fault settings that differ from none, for the log (``fail_next=2 status=503 ...``)."""
    default = FaultSpec()
    parts = [
        f"{name}={value}"
        for name, value in spec.model_dump(mode="json").items()
        if value != getattr(default, name) and name != "body"
    ]
    if spec.fail_next and not any(p.startswith("status=") for p in parts):
        parts.append(f"status={spec.status}")
    return " ".join(parts) or "none"


def spec_from_text(text: str) -> FaultSpec:
    """A FaultSpec from JSON text, or from the file named by ``@path``; ValueError says what is wrong."""
    text = text.strip()
    if text.startswith("@"):
        try:
            text = Path(text[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            raise ValueError(f"cannot read the fault spec file {text[1:]}: {exc.strerror}") from exc
    try:
        return FaultSpec.model_validate_json(text)
    except ValidationError as exc:
        raise ValueError(f"invalid fault spec: {validation_summary(exc)}") from exc


def spec_from_env(environ: Mapping[str, str] | None = None) -> FaultSpec | None:
    """The start-up faults from ``KIOSK_SANDBOX_FAULTS`` (None when unset or empty)."""
    value = (os.environ if environ is None else environ).get(FAULTS_ENV, "")
    if not value.strip():
        return None
    try:
        return spec_from_text(value)
    except ValueError as exc:
        raise ValueError(f"{FAULTS_ENV}: {exc}") from exc
