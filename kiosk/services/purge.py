"""The hourly purge: delivered outbox items are deleted (overwritten on disk) after
`queue.purge_after_days`, and attachment files of delivered, voided or purged items (and old
orphans) with them."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from kiosk.services.registry import ServiceSpec

INTERVAL_SECONDS = 3600


class PurgeService(QObject):
    def __init__(self, outbox, outbox_worker, *, data_dir: str, purge_after_days: float) -> None:
        super().__init__()
        self._outbox = outbox
        self._worker = outbox_worker
        self._data_dir = data_dir
        self._after_seconds = purge_after_days * 86400
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_SECONDS * 1000)
        self._timer.timeout.connect(self.purge)

    def start(self) -> None:
        self._timer.start()
        self.purge()

    def stop(self) -> None:
        self._timer.stop()

    def purge(self) -> None:
        """On the outbox's worker."""

        def run():
            from offline_queue import attachments

            self._outbox.purge_delivered(self._after_seconds)
            attachments.sweep(self._outbox, self._data_dir)

        self._worker.submit(run, session_bound=False)


def create(deps) -> PurgeService:
    return PurgeService(deps.outbox, deps.workers["outbox"], data_dir=deps.config.get("kiosk.data_dir"),
                        purge_after_days=deps.config.get("queue.purge_after_days"))


SERVICE = ServiceSpec("purge", create, workers=("outbox",), config=("kiosk.data_dir", "queue.purge_after_days"),
                      outbox=True, on_start="start", on_stop="stop")
