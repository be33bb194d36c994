"""``GET /healthz``: the service is up (no store, no auth, no faults)."""

from __future__ import annotations

from fastapi import APIRouter

from offline_queue import contract as c

router = APIRouter(tags=["service"])


@router.get(c.HEALTH_PATH, response_model=c.Health, operation_id="health")
def health() -> c.Health:
    return c.Health(status="ok")
