"""A supervised PC/SC reader and card monitor that only calls ``on_event``.

pyscard's ``ReaderMonitor`` / ``CardMonitor`` observers die silently when
pcscd restarts or a reader disappears (pyscard issues #27 and #82). This
monitor is one thread running its own loop on pyscard's ``scard`` layer:
``SCardListReaders`` plus ``SCardGetStatusChange`` with a timeout (and the PnP
pseudo reader, so plugging a reader wakes it at once). Any service error
drops the context, announces the loss once (log line + ServiceEvent), retries
every ``poll_interval`` and announces the recovery once. ``stop()`` cancels
the blocking wait (``SCardCancel``) and joins the thread.

``on_event`` is called from the monitor's thread with a ReaderEvent,
CardEvent or ServiceEvent; the app adapts it to a queued Qt signal. An
exception raised by ``on_event`` is logged and does not stop the monitor.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from types import ModuleType

from drivers.base import Usability
from drivers.smartcard import pcsc
from drivers.smartcard.base import (
    CardEvent,
    ReaderEvent,
    ServiceEvent,
    SmartCardError,
    SmartCardEvent,
    SmartCardUnavailable,
)

log = logging.getLogger("drivers.smartcard")


class _ServiceDown(Exception):
    """The context is unusable; the reason is a readable sentence."""


class PcscMonitor:
    """Watches PC/SC readers and cards; see the module docstring.

    ``reader_name_filter`` limits it to readers whose name contains that text
    (case-insensitive). ``poll_interval`` bounds how long a reader list change
    without a PnP notification, a stop request or a lost service takes to notice.
    """

    def __init__(
        self,
        on_event: Callable[[SmartCardEvent], None],
        poll_interval: float = 0.5,
        reader_name_filter: str | None = None,
    ) -> None:
        if poll_interval <= 0:
            raise ValueError("poll_interval must be positive")
        self._on_event = on_event
        self._poll_interval = poll_interval
        self._filter = reader_name_filter
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()  # guards _context (stop() cancels it) and _usability
        self._context: int | None = None
        self._scard: ModuleType | None = None
        self._usability = Usability(False, "the smart-card monitor is not running")
        # Owned by the monitor thread:
        self._states: dict[str, int] = {}  # reader -> last event state (without CHANGED)
        self._cards: dict[str, str] = {}  # reader -> ATR hex of the card in it
        self._pnp_state = 0
        self._lost_at: float | None = None
        self._no_reader_logged = False

    # --- public API ---

    def start(self) -> None:
        """Start the monitor thread (no-op when it runs)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        with self._lock:
            self._usability = Usability(False, "the smart-card monitor is starting")
        self._thread = threading.Thread(target=self._run, name="pcsc-monitor", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> bool:
        """Stop the thread and wait up to ``timeout`` s for it; True once it has ended."""
        self._stop.set()
        with self._lock:
            if self._context is not None and self._scard is not None:
                self._scard.SCardCancel(self._context)  # wakes SCardGetStatusChange
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        if thread.is_alive():
            log.warning("smart-card monitor did not stop within %.1f s", timeout)
            return False
        self._thread = None
        with self._lock:
            self._usability = Usability(False, "the smart-card monitor is not running")
        return True

    def is_usable(self) -> Usability:
        """Whether the service answers and a (matching) reader is connected, and why not."""
        with self._lock:
            return self._usability

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def cards(self) -> dict[str, str]:
        """A snapshot: reader -> ATR hex of the card in it (as last reported)."""
        return dict(self._cards)

    # --- the thread ---

    def _run(self) -> None:
        try:
            self._scard = pcsc.load_scard()
        except SmartCardUnavailable as exc:
            log.error("smart-card monitor cannot run: %s", exc)
            self._set_usability(False, str(exc))
            return
        context: int | None = None
        try:
            while not self._stop.is_set():
                try:
                    if context is None:
                        context = self._establish()
                    self._poll(context)
                except _ServiceDown as exc:
                    self._drop_context(context)
                    context = None
                    self._lost(str(exc))
                    self._stop.wait(self._poll_interval)
        except Exception:  # a bug: log it loudly rather than die silently
            log.exception("smart-card monitor failed")
            self._set_usability(False, "the smart-card monitor failed (see the log)")
            raise
        finally:
            self._drop_context(context)

    def _establish(self) -> int:
        assert self._scard is not None
        hresult, context = self._scard.SCardEstablishContext(self._scard.SCARD_SCOPE_USER)
        if pcsc.code(hresult) != pcsc.SCARD_S_SUCCESS:
            raise _ServiceDown(pcsc.describe(hresult))
        with self._lock:
            self._context = context
            stopping = self._stop.is_set()
        if stopping:  # stop() ran before the context existed: nothing to cancel
            raise _ServiceDown("stopping")
        return context

    def _drop_context(self, context: int | None) -> None:
        with self._lock:
            self._context = None
        if context is not None and self._scard is not None:
            pcsc.release(self._scard, context)

    def _poll(self, context: int) -> None:
        """One round: sync the reader list, then wait up to poll_interval for a change."""
        scard = self._scard
        assert scard is not None
        try:
            readers = pcsc.list_readers(scard, context, self._filter)
        except SmartCardError as exc:
            raise _ServiceDown(str(exc)) from exc
        if self._lost_at is not None:
            self._recovered(len(readers))
        self._sync_readers(readers)
        if self._stop.is_set():
            return
        states = [(reader, self._states[reader]) for reader in readers]
        states.append((pcsc.PNP_NOTIFICATION, self._pnp_state))
        hresult, results = scard.SCardGetStatusChange(context, int(self._poll_interval * 1000), states)
        value = pcsc.code(hresult)
        if value in (pcsc.SCARD_E_TIMEOUT, pcsc.SCARD_E_CANCELLED) or value in pcsc.READER_GONE:
            return  # nothing new / stopping / a reader went: the next round lists again
        if value != pcsc.SCARD_S_SUCCESS:
            raise _ServiceDown(pcsc.describe(hresult))
        for reader, event_state, atr in results:
            state = event_state & ~scard.SCARD_STATE_CHANGED
            if reader == pcsc.PNP_NOTIFICATION:
                self._pnp_state = state
                continue
            self._update_card(reader, state, bytes(atr).hex().upper())

    def _sync_readers(self, readers: list[str]) -> None:
        scard = self._scard
        assert scard is not None
        # Usability first, then the events: whoever hears "added" or "removed" finds it current.
        if readers:
            self._no_reader_logged = False
            count = len(readers)
            self._set_usability(True, f"{count} smart-card reader{'s' if count > 1 else ''} connected")
        else:
            reason = "no smart-card reader connected" + (
                f" (looking for names containing {self._filter!r})" if self._filter else "")
            if not self._no_reader_logged:
                log.warning("%s", reason)
                self._no_reader_logged = True
            self._set_usability(False, reason)
        for reader in [r for r in self._states if r not in readers]:
            self._forget_reader(reader)
            log.info("smart-card reader removed: %s", reader)
        for reader in readers:
            if reader not in self._states:
                self._states[reader] = scard.SCARD_STATE_UNAWARE
                log.info("smart-card reader added: %s", reader)
                self._emit(ReaderEvent("added", reader))

    def _update_card(self, reader: str, state: int, atr: str) -> None:
        scard = self._scard
        assert scard is not None
        previous = self._states.get(reader, scard.SCARD_STATE_UNAWARE)
        self._states[reader] = state
        present = bool(state & scard.SCARD_STATE_PRESENT)
        known = reader in self._cards
        # pcsc-lite counts card events in the high 16 bits: a card swapped
        # between two rounds shows as present both times with another count.
        swapped = known and present and (previous >> 16) != (state >> 16) and (previous >> 16) != 0
        if known and (not present or swapped):
            del self._cards[reader]
            log.info("card removed from %s", reader)
            self._emit(CardEvent("removed", reader))
        if present and reader not in self._cards:
            self._cards[reader] = atr
            log.info("card inserted in %s", reader)  # the ATR names a card type only; not logged anyway
            self._emit(CardEvent("inserted", reader, atr))

    def _forget_reader(self, reader: str) -> None:
        if reader in self._cards:
            del self._cards[reader]
            self._emit(CardEvent("removed", reader))
        del self._states[reader]
        self._emit(ReaderEvent("removed", reader))

    def _lost(self, reason: str) -> None:
        for reader in list(self._states):
            self._forget_reader(reader)
        self._pnp_state = 0
        self._set_usability(False, reason)
        if self._lost_at is None and not self._stop.is_set():
            self._lost_at = time.monotonic()
            log.warning("smart-card service lost: %s; retrying every %.1f s", reason, self._poll_interval)
            self._emit(ServiceEvent("lost", reason))

    def _recovered(self, readers: int) -> None:
        assert self._lost_at is not None
        down = time.monotonic() - self._lost_at
        self._lost_at = None
        log.info("smart-card service recovered after %.1f s (%d readers)", down, readers)
        self._emit(ServiceEvent("recovered", f"the smart-card service answers ({readers} readers)"))

    def _set_usability(self, ok: bool, reason: str) -> None:
        with self._lock:
            self._usability = Usability(ok, reason)

    def _emit(self, event: SmartCardEvent) -> None:
        try:
            self._on_event(event)
        except Exception:
            log.exception("smart-card event handler failed on %s", type(event).__name__)
