"""判后答疑 (docs/VIDEO.md, contract 1.8): the litigant's cases with a judgment, each with its judge and
whether the judge is at the video console now; when not, a time to talk with the judge is booked.

- `load(identity)` asks the court (network worker, bound to the session): `loaded(items, reachable)` with
  the court's `JudgmentCase`s (``reachable`` False: the court could not be asked).
- `book(identity, case, slot)` stores a ``video_booking`` outbox item (encrypted like a filing; durable
  whatever the network does) and wakes the sync worker: `booking(BookingView)` once it is stored, and again
  when the court answers with the time it booked (the time chosen, or the next free one when it was taken
  meanwhile), or refused it. A booking made while the court is unreachable is delivered later.

`print_slip()` prints the booking on the receipt printer (a litigant may leave before the court answers:
the slip carries the time chosen and says the court confirms it; after the answer, the time booked):
`slip_printed` or `slip_failed(code)`.

The video call itself, once the judge is online, is `kiosk.services.video_call`'s (kind ``judgment_qa``).
Logs carry booking ids only.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from kiosk.services.registry import ServiceSpec

log = logging.getLogger("kiosk.judgment_qa")

#: A booking's states as the screen shows them: stored in the outbox (not at the court yet), booked by the
#: court (``slot`` is the court's), refused by the court, or not stored (the disk failed).
STORED, BOOKED, REFUSED, FAILED = "stored", "booked", "refused", "failed"


@dataclass(frozen=True)
class BookingView:
    state: str
    booking_id: str
    case_number: str
    judge: str
    slot: datetime  # the chosen time until the court answers, then the booked one
    requested_slot: datetime
    minutes: int = 30

    @property
    def moved(self) -> bool:
        return self.state == BOOKED and self.slot != self.requested_slot


def booking_slip(view: BookingView, court_name: str, now: datetime):
    """The receipt-printer slip of a booking: no name, no ID number."""
    from drivers.printer.base import Receipt, ReceiptLine

    weekday = "一二三四五六日"[view.slot.weekday()]
    confirmed = view.state == BOOKED
    return Receipt(lines=[
        ReceiptLine(court_name, align="center", bold=True, double=True),
        ReceiptLine("判后答疑预约凭条", align="center", bold=True),
        ReceiptLine("--------------------------------"),
        ReceiptLine(f"预约号：{view.booking_id[:8].upper()}"),
        ReceiptLine(f"案号：{view.case_number}"),
        ReceiptLine(f"法官：{view.judge}"),
        ReceiptLine(f"时间：{view.slot:%Y-%m-%d}（周{weekday}）{view.slot:%H:%M}，{view.minutes}分钟", bold=True),
        ReceiptLine("状态：" + ("法院已确认" if confirmed else "已提交，待法院确认（以法院通知为准）")),
        ReceiptLine("--------------------------------"),
        ReceiptLine("请于预约时间携带身份证到本院自助终端，", align="left"),
        ReceiptLine("选择“远程视频—判后答疑”及本案，", align="left"),
        ReceiptLine("法官将视频接听。", align="left"),
        ReceiptLine(f"打印时间：{now:%Y-%m-%d %H:%M}", align="left"),
    ], cut=True)


class JudgmentQaService(QObject):
    loaded = Signal(object, bool)  # list[JudgmentCase], reachable
    booking = Signal(object)  # BookingView
    slip_printed = Signal()
    slip_failed = Signal(str)  # paper_out | offline | error | none (no booking)

    def __init__(self, court, network_worker, outbox_worker, outbox, wake_sync, *, kiosk_id: str,
                 hall: str, clock=datetime.now, receipts=None, court_name=lambda: "") -> None:
        """``receipts``: the receipt service (None: no slip); ``court_name()``: the slip's heading, asked
        when it prints (the court's policy may come after start-up)."""
        super().__init__()
        self._receipts = receipts
        self.court_name = court_name
        self._court = court
        self._network = network_worker
        self._outbox_worker = outbox_worker
        self._outbox = outbox
        self._wake_sync = wake_sync
        self.kiosk_id = kiosk_id
        self.hall = hall
        self._clock = clock
        self._current: BookingView | None = None

    @property
    def current(self) -> BookingView | None:
        """This session's booking (None: none made)."""
        return self._current

    def load(self, identity) -> None:
        court = self._court
        if court is None or identity is None:
            self.loaded.emit([], False)
            return
        id_number = identity.id_number

        def ask():
            return court.judgment_cases(id_number).items

        def failed(exc: BaseException) -> None:
            log.warning("judgment cases: the court could not be asked (%s)", type(exc).__name__)
            self.loaded.emit([], False)

        self._network.submit(ask, lambda items: self.loaded.emit(list(items), True), failed)

    def book(self, identity, case, slot: datetime) -> None:
        """Book ``slot`` with ``case``'s judge (a `JudgmentCase`): stored in the outbox, then sent."""
        from offline_queue import contract as c
        from offline_queue.items import enqueue_video_booking

        request = c.VideoBookingRequest(
            booking_id=str(uuid.uuid4()), kiosk_id=self.kiosk_id, hall=self.hall, case_number=case.case_number,
            id_number=identity.id_number, slot=slot, requested_at=self._clock().astimezone())
        view = BookingView(STORED, request.booking_id, case.case_number, case.judge, slot, slot)
        outbox = self._outbox
        self._current = view  # before it is stored: the sync worker may deliver it before `stored` runs

        def stored(_item) -> None:
            log.info("video booking %s stored in the outbox", request.booking_id)
            if self._current is not None and self._current.booking_id == view.booking_id \
                    and self._current.state == STORED:
                self.booking.emit(view)
            self._wake_sync()

        def failed(exc: BaseException) -> None:
            log.error("storing a video booking failed: %s", type(exc).__name__)
            if self._current is not None and self._current.booking_id == view.booking_id:
                self._current = None
            self.booking.emit(replace(view, state=FAILED))

        self._outbox_worker.submit(lambda: enqueue_video_booking(outbox, request), stored, failed,
                                   session_bound=False)

    def queue_changed(self, item_id: str, state: str) -> None:
        """An outbox item changed (GUI thread): this session's booking delivered or refused."""
        from offline_queue.outbox import DEAD, DELIVERED

        view = self._current
        if view is None or item_id != view.booking_id or state not in (DELIVERED, DEAD):
            return
        outbox = self._outbox

        def answer():
            item = outbox.get(item_id)
            return item.response if item is not None else None

        def answered(response) -> None:
            if self._current is None or self._current.booking_id != view.booking_id:
                return  # the session moved on
            if state == DEAD:
                self._current = replace(view, state=REFUSED)
            else:
                from offline_queue import contract as c

                booked = c.VideoBooking.model_validate(response)
                self._current = replace(view, state=BOOKED, slot=booked.slot, judge=booked.judge,
                                        minutes=booked.minutes)
            log.info("video booking %s %s", view.booking_id, self._current.state)
            self.booking.emit(self._current)

        def failed(exc: BaseException) -> None:
            log.warning("video booking %s: the answer could not be read (%s)", view.booking_id, type(exc).__name__)

        self._outbox_worker.submit(answer, answered, failed)

    @property
    def can_print(self) -> bool:
        return self._receipts is not None

    def print_slip(self) -> None:
        view = self._current
        if view is None or view.state not in (STORED, BOOKED) or self._receipts is None:
            self.slip_failed.emit("none")
            return

        def done() -> None:
            log.info("video booking %s: slip printed", view.booking_id)
            self.slip_printed.emit()

        def failed(code: str) -> None:
            log.warning("video booking %s: slip not printed (%s)", view.booking_id, code)
            self.slip_failed.emit(code)

        self._receipts.print_receipt(booking_slip(view, self.court_name(), self._clock().astimezone()), done, failed)

    def clear(self) -> None:
        self._current = None


def create(deps) -> JudgmentQaService:
    config = deps.config
    hall = config.get("court.court_code")
    service = JudgmentQaService(deps.court, deps.workers["network"], deps.workers["outbox"], deps.outbox,
                                deps.wake_sync, kiosk_id=config.get("kiosk.kiosk_id"), hall=hall,
                                receipts=deps.services.get("receipts"),
                                court_name=lambda: deps.policy.court_name(hall))
    deps.subscribe_queue(service.queue_changed)
    return service


SERVICE = ServiceSpec(
    "judgment_qa",
    create,
    workers=("network", "outbox"),
    requires=("receipts",),
    config=("kiosk.kiosk_id", "court.court_code"),
    outbox=True,
    court=True,
    on_session_reset="clear",
)
