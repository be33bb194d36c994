"""The services this kiosk offers, in menu order, and whether each is built yet.

Titles are translated in the UI; here each service is an id with its needs.
A service that is not built is listed as unavailable, never faked.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceInfo:
    id: str
    needs_identity: bool
    available: bool
    devices: tuple[str, ...] = ()


CATALOG: tuple[ServiceInfo, ...] = (
    ServiceInfo("filing", needs_identity=True, available=True, devices=("id_reader",)),
    ServiceInfo("my_cases", needs_identity=True, available=True, devices=("id_reader",)),
    ServiceInfo("print_documents", needs_identity=True, available=False),
    ServiceInfo("payment", needs_identity=True, available=True, devices=("id_reader",)),  # via my cases
    ServiceInfo("fee_calculator", needs_identity=False, available=True),
    ServiceInfo("risk_assessment", needs_identity=False, available=False),
    ServiceInfo("guidance", needs_identity=False, available=False),
    ServiceInfo("mediation", needs_identity=True, available=True, devices=("id_reader",)),  # the filing wizard
    ServiceInfo("message_judge", needs_identity=True, available=True, devices=("id_reader",)),
    ServiceInfo("green_channel", needs_identity=False, available=False),
)


def service(service_id: str) -> ServiceInfo:
    for info in CATALOG:
        if info.id == service_id:
            return info
    raise KeyError(service_id)
