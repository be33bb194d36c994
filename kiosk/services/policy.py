"""The court's policy kept current: asked for once the kiosk is up (the cached copy,
`kiosk.policy.PolicyCache`, serves meanwhile and offline); the UI is told when the court's name changed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.policy import PolicyCache
from kiosk.services.registry import ServiceSpec


class PolicyService(QObject):
    """Asks the court for its policy once the kiosk is up (the cached copy serves meanwhile and
    offline) and tells the UI when the court's name changed."""

    court_name_changed = Signal(str)

    def __init__(self, policy: PolicyCache, court, network_worker, court_code: str) -> None:
        super().__init__()
        self.policy = policy
        self._court = court
        self._worker = network_worker
        self._code = court_code
        self.court_name = policy.court_name(court_code)

    def start(self) -> None:
        self._worker.submit(lambda: self.policy.refresh(self._court), self._refreshed, session_bound=False)

    def _refreshed(self, ok: bool) -> None:
        name = self.policy.court_name(self._code)
        if ok and name != self.court_name:
            self.court_name = name
            self.court_name_changed.emit(name)


def create(deps) -> PolicyService:
    return PolicyService(deps.policy, deps.court, deps.workers["network"], deps.config.get("court.court_code"))


SERVICE = ServiceSpec("policy", create, workers=("network",), config=("court.court_code",), court=True,
                      on_start="start")
