"""Kiosk heartbeats: device health and queue depth (the fleet view is in the admin API)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from court_sandbox.context import Sandbox
from court_sandbox.routes.common import KioskId, errors
from offline_queue import contract as c

router = APIRouter(tags=["fleet"])


@router.put(
    c.HEARTBEAT_PATH,
    response_model=c.HeartbeatAck,
    operation_id="putHeartbeat",
    responses=errors(401, 422),
)
def put_heartbeat(kiosk_id: KioskId, heartbeat: c.Heartbeat, sandbox: Sandbox) -> c.HeartbeatAck:
    """A kiosk's device health and queue depth. PUT replaces the last one (an older one changes
    nothing), so a repeat is harmless and needs no Idempotency-Key."""
    if heartbeat.kiosk_id != kiosk_id:
        raise HTTPException(422, "kiosk_id in the body differs from the path")
    return sandbox.store.put_heartbeat(heartbeat)
