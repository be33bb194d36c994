"""Revoked staff cards: the list the court publishes (contract ``StaffCardRevocations``, GET
``STAFF_CARD_REVOCATIONS_PATH``), fetched on a worker at start and every 10 minutes, and kept on
disk (mode 0600, replaced atomically) so a kiosk that is offline or restarted still refuses a
revoked card.

- A fetched list replaces the one kept; a failed fetch (offline, an error answer, garbage or an
  oversized answer: the court client classifies and caps them) keeps the last one.
- **No list ever fetched** (a new kiosk, or one that never reached the court): cards are
  ACCEPTED, and ``state()`` says so ("never"), so the maintenance screen can show that revoked
  cards are not refused yet. Refusing every card instead would lock staff out of the very
  maintenance mode they need to connect (enrol) the kiosk. A list once fetched is never
  forgotten; an old one keeps being applied (its date is shown), it is only ever replaced.
- A kept file that cannot be read back (damaged) counts as none, is logged, and is replaced by
  the next fetch.

Nothing here logs a serial.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger("kiosk.staff_revocations")

FILENAME = "staff_card_revocations.json"
REFRESH_SECONDS = 600.0
MAX_FILE_BYTES = 8 * 1024 * 1024


class RevocationList:
    """The serials (upper-case hex) of revoked staff cards, as last fetched; thread-safe."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._serials: frozenset[str] = frozenset()
        self._updated_at: str | None = None  # the court's updated_at of the list kept
        self._fetched_at: str | None = None
        self._load()

    def _load(self) -> None:
        try:
            if self.path.stat().st_size > MAX_FILE_BYTES:
                raise ValueError("too large")
            data = json.loads(self.path.read_text(encoding="utf-8"))
            serials = frozenset(str(s).upper() for s in data["serials"])
            updated_at, fetched_at = str(data["updated_at"]), str(data["fetched_at"])
        except FileNotFoundError:
            return
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("the kept staff card revocation list cannot be read (%s): none until the next fetch",
                        type(exc).__name__)
            return
        self._serials, self._updated_at, self._fetched_at = serials, updated_at, fetched_at

    def is_revoked(self, serial: str) -> bool:
        with self._lock:
            return bool(serial) and serial.upper() in self._serials

    def state(self) -> tuple[str, str | None, int]:
        """("never", None, 0) when no list was ever fetched, else ("kept", the list's updated_at, count)."""
        with self._lock:
            if self._updated_at is None:
                return "never", None, 0
            return "kept", self._updated_at, len(self._serials)

    def replace(self, revocations) -> None:
        """Keep a fetched ``contract.StaffCardRevocations`` (on disk first, then in memory). Blocking: a worker."""
        from offline_queue.durable import write_private

        serials = sorted({s.upper() for s in revocations.serials})
        updated_at = revocations.updated_at.isoformat()
        fetched_at = datetime.now(UTC).isoformat()
        write_private(self.path, json.dumps({"serials": serials, "updated_at": updated_at,
                                             "fetched_at": fetched_at}).encode("utf-8"))
        with self._lock:
            self._serials, self._updated_at, self._fetched_at = frozenset(serials), updated_at, fetched_at


class RevocationUpdater(QObject):
    """Fetches the list on ``worker`` at start and every ``interval`` seconds (GUI thread: the timer)."""

    updated = Signal()  # a list was fetched and kept
    failed = Signal(str)  # a fetch failed (the exception's class name); the last list stays

    def __init__(self, revocations: RevocationList, fetch: Callable[[], object], worker,
                 interval: float = REFRESH_SECONDS) -> None:
        super().__init__()
        self._list = revocations
        self._fetch = fetch
        self._worker = worker
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(int(interval * 1000))
        self._timer.timeout.connect(self.refresh)

    def start(self) -> None:
        self._timer.start()
        self.refresh()

    def stop(self) -> None:
        self._timer.stop()

    def refresh(self) -> None:
        if self._busy:
            return
        self._busy = True
        revocations, fetch = self._list, self._fetch

        def work() -> int:
            answer = fetch()
            revocations.replace(answer)
            return len(answer.serials)

        self._worker.submit(work, self._done, self._failed, session_bound=False)

    def _done(self, count: int) -> None:
        self._busy = False
        log.info("staff card revocation list fetched (%d revoked)", count)
        self.updated.emit()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        state = self._list.state()[0]
        log.warning("fetching the staff card revocation list failed (%s); %s", type(exc).__name__,
                    "keeping the last one" if state == "kept" else "none fetched yet: revoked cards are not refused")
        self.failed.emit(type(exc).__name__)
