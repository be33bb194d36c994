"""Paying the court's fee for a filing: one payment order per fee notice, its QR on screen and
on paper, its status polled; the fee notice printed to pay later when the court is out of reach.

The court issues the fee notice with the filing's receipt (`FilingReceipt.fee_notice`). The
order for it goes through the outbox (`offline_queue.items.enqueue_payment`): its id comes from
the notice and the attempt (`contract.payment_id_for`), so confirming again, a kiosk restart in
the middle of paying or a second kiosk all name the same order, and the sync worker settles an
attempt whose outcome is unknown by asking the court (GET) before sending it again. A new order
(the next attempt, a new id) is made only when the litigant asks for one after the court said
the previous one failed or expired (`renew`).

`PaymentService` watches on the GUI thread with one QTimer; every look runs on a worker (the
outbox's for the outbox, the network's for the court) and its answer comes back on the GUI thread.
`stop()` (a session reset) only stops watching: the filing and the order stay in the outbox and
at the court, and `start()` on the same filing finds them again.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.services.registry import QT_TRANSLATE_NOOP, ServiceSpec

log = logging.getLogger("kiosk.payment")

PHASE_SENDING_FILING = "sending_filing"  # the filing is on its way to the court
PHASE_ORDERING = "ordering"  # the court's fee notice is known; the payment order is being made
PHASE_AWAITING = "awaiting_payment"  # the order's QR can be paid
PHASE_PAID = "paid"
PHASE_FAILED = "failed"
PHASE_EXPIRED = "expired"
PHASE_NO_FEE = "no_fee"  # the court issued no fee notice (mediation, enforcement, relief requested)
PHASE_OFFLINE = "offline"  # the court did not answer in time: print the fee notice, pay later
PHASES: tuple[str, ...] = (
    PHASE_SENDING_FILING, PHASE_ORDERING, PHASE_AWAITING, PHASE_PAID, PHASE_FAILED, PHASE_EXPIRED,
    PHASE_NO_FEE, PHASE_OFFLINE,
)
# Phases after which nothing more happens unless the litigant asks (`renew`).
FINAL_PHASES: tuple[str, ...] = (PHASE_PAID, PHASE_FAILED, PHASE_EXPIRED, PHASE_NO_FEE)
# Phases in which a new order may be asked for.
RENEWABLE_PHASES: tuple[str, ...] = (PHASE_FAILED, PHASE_EXPIRED)

# Why a phase is "failed" without an order status saying so.
PROBLEM_FILING_REFUSED = "filing_refused"  # the filing is a dead letter (the court refused it)
PROBLEM_ORDER_REFUSED = "order_refused"  # the order is a dead letter (e.g. the notice was paid elsewhere)
PROBLEM_URL_REFUSED = "payment_url_refused"  # the order's payment page is not under a configured provider prefix


@dataclass(frozen=True)
class PaymentState:
    """What the payment panel shows. Immutable: every change is a new one."""

    phase: str = PHASE_SENDING_FILING
    notice: object | None = None  # FeeNotice: the court's, once known
    order: object | None = None  # PaymentOrder: the current attempt's, once the court made it
    estimate: Decimal | None = None  # the kiosk's own estimate, shown while the notice is unknown
    filing_id: str = ""
    attempt: int = 0  # the order's attempt number (1 = the notice's first order)
    problem: str | None = None  # PROBLEM_* when phase is failed without an order saying so
    payer: str = ""  # the payer's name, masked (张*), for the receipt

    @property
    def receipt_due(self) -> bool:
        """Paid through this kiosk's order: the court confirmed it, a receipt (交费凭证) can be given."""
        return self.phase == PHASE_PAID and self.order is not None and self.order.status == "paid"

    @property
    def amount(self) -> Decimal | None:
        """The court's amount when known, else the estimate."""
        if self.notice is not None:
            return self.notice.amount
        return self.estimate

    @property
    def estimated(self) -> bool:
        """The amount shown is the kiosk's estimate (the court's notice is not known yet)."""
        return self.notice is None

    @property
    def filing_number(self) -> str:
        """The short number the litigant quotes at the counter (as on the filing receipt)."""
        return self.filing_id[:8].upper()

    @property
    def can_renew(self) -> bool:
        return self.phase in RENEWABLE_PHASES and self.notice is not None and self.problem != PROBLEM_URL_REFUSED

    @property
    def qr_content(self) -> str | None:
        """What to show as the QR: only an order that can still be paid."""
        if self.phase == PHASE_AWAITING and self.order is not None:
            return self.order.qr_content
        return None


PHASE_OF_ORDER_STATUS = {
    "awaiting_payment": PHASE_AWAITING,
    "paid": PHASE_PAID,
    "failed": PHASE_FAILED,
    "expired": PHASE_EXPIRED,
}


def _latest_attempt(outbox, notice_id: str, at_least: int = 1) -> int:
    """The newest attempt with an order in the outbox (at least `at_least`)."""
    from offline_queue.contract import payment_id_for

    attempt = 1
    while outbox.get(payment_id_for(notice_id, attempt + 1)) is not None:
        attempt += 1
    return max(attempt, at_least)


def order_item(outbox, notice, attempt: int):
    """Blocking (outbox worker): the outbox item of the notice's order `attempt`, stored once.

    An item already stored (a restart mid-payment, a second look) is returned as it is; a new one
    is enqueued (`enqueue_payment` would return a stored one too, but it compares the dependency,
    which changes when the filing's item has been purged meanwhile)."""
    from offline_queue.contract import payment_id_for
    from offline_queue.items import enqueue_payment

    item = outbox.get(payment_id_for(notice.notice_id, attempt))
    if item is not None:
        return item
    return enqueue_payment(outbox, notice, attempt=attempt)


def fee_notice_receipt(state: PaymentState, court_name: str, now: datetime | None = None):
    """The printed fee notice (交费通知) for a payment state. No personal data on it."""
    from drivers.printer.base import Receipt, ReceiptLine

    now = now or datetime.now().astimezone()
    rule = ReceiptLine("--------------------------------")
    lines = [
        ReceiptLine(court_name, align="center", bold=True, double=True),
        ReceiptLine("诉讼费交费通知", align="center", bold=True),
        rule,
        ReceiptLine(f"立案申请编号：{state.filing_number}"),
    ]
    notice = state.notice
    if notice is not None:
        lines.append(ReceiptLine(f"交费通知编号：{notice.notice_id}"))
        lines.append(ReceiptLine(f"应交金额：{notice.amount:,.2f} 元", bold=True))
        for line in notice.breakdown:
            lines.append(ReceiptLine(f"  {line.label}：{line.amount:,.2f} 元"))
        lines.append(ReceiptLine(f"交费期限：{notice.pay_by.astimezone():%Y-%m-%d} 前"))
    else:
        amount = f"{state.estimate:,.2f} 元" if state.estimate is not None else "以法院通知为准"
        lines.append(ReceiptLine(f"估算金额：{amount}", bold=True))
        lines.append(ReceiptLine("（估算，以法院交费通知为准）"))
        lines.append(ReceiptLine("交费期限：收到通知后七日内"))
    lines.append(ReceiptLine(f"打印时间：{now:%Y-%m-%d %H:%M}"))
    lines.append(rule)
    qr = None
    order = state.order
    if state.phase == PHASE_PAID:
        lines.append(ReceiptLine("已交费，无需再交。", bold=True))
    elif state.qr_content is not None:
        qr = state.qr_content
        lines.append(ReceiptLine("请用手机扫描下方二维码交费", bold=True))
        lines.append(ReceiptLine(f"二维码有效至 {order.expires_at.astimezone():%Y-%m-%d %H:%M}"))
        lines.append(ReceiptLine("过期后请持身份证在任一自助机"))
        lines.append(ReceiptLine("“我的案件”中重新获取。"))
    else:
        lines.append(ReceiptLine("交费方式：凭立案申请编号到诉讼", bold=True))
        lines.append(ReceiptLine("服务窗口，或持身份证在任一", bold=True))
        lines.append(ReceiptLine("自助机“我的案件”中交费。", bold=True))
    lines.append(ReceiptLine("请勿重复交费：已交费的，请等待"))
    lines.append(ReceiptLine("状态更新，不要再次付款。"))
    return Receipt(lines=lines, qr=qr, cut=True)


def payment_receipt(state: PaymentState, court_name: str, now: datetime | None = None, reprint: bool = False):
    """The printed receipt (交费凭证) of a paid order: amount, payer masked, filing, payment id, time
    and the court's electronic receipt number."""
    from drivers.printer.base import Receipt, ReceiptLine

    now = now or datetime.now().astimezone()
    order = state.order
    rule = ReceiptLine("--------------------------------")
    paid_at = (order.paid_at or now).astimezone(now.tzinfo)
    lines = [
        ReceiptLine(court_name, align="center", bold=True, double=True),
        ReceiptLine("诉讼费交费凭证" + ("（补打）" if reprint else ""), align="center", bold=True),
        rule,
        ReceiptLine(f"交费金额：{order.amount:,.2f} 元", bold=True),
        ReceiptLine(f"交费人：{state.payer or '—'}"),
        ReceiptLine(f"立案申请编号：{state.filing_number}"),
    ]
    if state.notice is not None:
        lines.append(ReceiptLine(f"交费通知编号：{state.notice.notice_id}"))
    lines += [
        ReceiptLine("支付单号："),
        ReceiptLine(order.payment_id),
        ReceiptLine(f"交费时间：{paid_at:%Y-%m-%d %H:%M:%S}"),
        ReceiptLine(f"电子票据号：{order.receipt_number or '以法院开具为准'}", bold=True),
        rule,
        ReceiptLine(f"打印时间：{now:%Y-%m-%d %H:%M}"),
        ReceiptLine("本凭证为交费记录，电子票据以法院", align="left"),
        ReceiptLine("开具的为准。请妥善保管。", align="left"),
    ]
    return Receipt(lines=lines, cut=True)


class PaymentService(QObject):
    """One filing's fee: watches its filing, makes (once) and watches its payment order.

    Built on the GUI thread; every handler runs there. `changed` carries a `PaymentState`.
    """

    changed = Signal(object)  # PaymentState
    notice_printed = Signal()
    notice_failed = Signal(str)  # code: paper_out | offline | error | nothing
    receipt_printed = Signal()  # the payment receipt (交费凭证)
    receipt_failed = Signal(str)  # code: paper_out | offline | error | nothing

    def __init__(
        self,
        outbox,
        wake_sync,
        court,
        outbox_worker,
        network_worker,
        receipts,
        *,
        court_code: str = "",
        policy=None,
        poll_seconds: float = 3.0,
        wait_seconds: float = 20.0,
        offline_poll_seconds: float | None = None,
        clock=time.monotonic,
        provider_prefixes: tuple[str, ...] = (),
        report_refused_url=None,
    ) -> None:
        """`poll_seconds`: how often the filing, the order and the order's status are looked at;
        `wait_seconds`: how long the filing or the order may take before the panel says the court
        cannot be reached (it keeps looking, every `offline_poll_seconds`, default 5 x poll, >= 10 s).
        `provider_prefixes`: the payment pages a QR may show (kiosk.payment_urls; none: no QR at all);
        `report_refused_url(payment_id, reason)`: tells staff (the audit trail) when one is refused."""
        super().__init__()
        self._outbox = outbox
        self._wake_sync = wake_sync
        self._court = court
        self._court_code = court_code
        self._policy = policy
        self._outbox_worker = outbox_worker
        self._network_worker = network_worker
        self._receipts = receipts
        self.poll_seconds = poll_seconds
        self.wait_seconds = wait_seconds
        self.offline_poll_seconds = (
            offline_poll_seconds if offline_poll_seconds is not None else max(10.0, 5 * poll_seconds)
        )
        self._clock = clock
        self._prefixes = tuple(provider_prefixes)
        self._report_refused_url = report_refused_url
        self._state: PaymentState | None = None
        self._token = 0  # bumped by start/stop: answers for an older watch are dropped
        self._step: str | None = None  # filing | order | status: what the timer looks at next
        self._since = 0.0  # when the current step began (for wait_seconds)
        self._busy = False  # a look is on a worker
        self._renew_to = 0  # renew: the attempt to make (0: the newest stored, or the first)
        self._receipts_given: set[str] = set()  # payment ids whose receipt was printed by itself
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._tick)

    # -------------------------------------------------------------------- API
    @property
    def state(self) -> PaymentState | None:
        return self._state

    @property
    def active(self) -> bool:
        """Still watching (not stopped, and not at a phase where nothing more happens by itself)."""
        return self._step not in (None, "idle")

    def start(self, filing_id: str, estimate: Decimal | None, payer: str = "") -> None:
        """Watch the fee of a stored filing (in the outbox): its notice, its order, its payment.
        `payer`: the identified person's name for the receipt (kept masked only)."""
        from kiosk.domain import masking

        self.stop()
        log.info("payment: watching filing %s", filing_id)
        self._set(PaymentState(PHASE_SENDING_FILING, estimate=estimate, filing_id=filing_id,
                               payer=masking.mask_name(payer) if payer else ""))
        self._begin("filing")

    def renew(self) -> bool:
        """After the court said the order failed or expired: make the next one (a new id).
        False when there is nothing to renew."""
        state = self._state
        if state is None or not state.can_renew or self._step is not None and self._step != "idle":
            return False
        log.info("payment: new order for filing %s (attempt %d)", state.filing_id, state.attempt + 1)
        self._token += 1
        self._busy = False
        self._renew_to = state.attempt + 1
        self._set(replace(state, phase=PHASE_ORDERING, order=None, attempt=state.attempt + 1, problem=None))
        self._begin("order")
        return True

    def stop(self) -> None:
        """Stop watching (a session reset). Nothing is lost: the order lives at the court and in
        the outbox; `start()` on the same filing finds it again."""
        self._timer.stop()
        self._token += 1
        self._step = None
        self._busy = False
        self._renew_to = 0

    def clear(self) -> None:
        """Stop and forget the state (a session reset)."""
        self.stop()
        self._state = None

    def print_fee_notice(self) -> None:
        """Print the fee notice for the current state on the receipt printer (its QR when an order
        can be paid, else how to pay later). `notice_printed` / `notice_failed(code)`."""
        state = self._state
        if state is None:
            self.notice_failed.emit("nothing")
            return
        policy, code = self._policy, self._court_code
        court = policy.court_name(code) if policy is not None else code
        receipt = fee_notice_receipt(state, court)
        filing_id = state.filing_id

        def printed() -> None:
            log.info("payment: fee notice for filing %s printed", filing_id)
            self.notice_printed.emit()

        def failed(code: str) -> None:
            log.warning("payment: fee notice for filing %s not printed: %s", filing_id, code)
            self.notice_failed.emit(code)

        self._receipts.print_receipt(receipt, printed, failed)

    def print_payment_receipt(self, reprint: bool = True) -> None:
        """Print the receipt (交费凭证) of the paid order: `receipt_printed` / `receipt_failed(code)`.
        Printed by itself once when the court confirms a payment made while its QR was shown; this
        is for another copy (or the first, for an order found paid already)."""
        state = self._state
        if state is None or not state.receipt_due:
            self.receipt_failed.emit("nothing")
            return
        policy, code = self._policy, self._court_code
        court = policy.court_name(code) if policy is not None else code
        receipt = payment_receipt(state, court, reprint=reprint)
        payment_id = state.order.payment_id

        def printed() -> None:
            log.info("payment: receipt of payment %s printed", payment_id)
            self.receipt_printed.emit()

        def failed(code: str) -> None:
            log.warning("payment: receipt of payment %s not printed: %s", payment_id, code)
            self.receipt_failed.emit(code)

        self._receipts.print_receipt(receipt, printed, failed)

    # --------------------------------------------------------------- machinery
    def _set(self, state: PaymentState) -> None:
        if state == self._state:
            return
        before = self._state.phase if self._state is not None else None
        self._state = state
        if state.phase != before:
            log.info("payment: filing %s %s -> %s", state.filing_id, before, state.phase)
        self.changed.emit(state)
        # Printed by itself when the court confirms a payment made while this watch showed its QR.
        if state.receipt_due and before == PHASE_AWAITING and state.order.payment_id not in self._receipts_given:
            self._receipts_given.add(state.order.payment_id)
            self.print_payment_receipt(reprint=False)

    def _begin(self, step: str) -> None:
        self._step = step
        self._since = self._clock()
        self._timer.stop()
        self._timer.start(0)

    def _again(self, seconds: float | None = None) -> None:
        if self._step is None or self._step == "idle":
            return
        if seconds is None:
            seconds = self.offline_poll_seconds if self._state.phase == PHASE_OFFLINE else self.poll_seconds
        self._timer.start(int(seconds * 1000))

    def _overdue(self) -> bool:
        return self._clock() - self._since >= self.wait_seconds

    def _finish(self) -> None:
        self._timer.stop()
        self._step = "idle"

    def _tick(self) -> None:
        if self._busy or self._step in (None, "idle"):
            return
        token = self._token
        step = self._step

        def done(result) -> None:
            if token != self._token:
                return
            self._busy = False
            getattr(self, f"_{step}_answer")(result)

        def error(exc: BaseException) -> None:
            if token != self._token:
                return
            self._busy = False
            log.warning("payment: looking at the %s failed: %s", step, type(exc).__name__)
            self._not_yet()

        self._busy = True
        try:
            self._submit(step, done, error)
        except RuntimeError:  # a worker shut down (the kiosk is stopping): stop watching
            log.info("payment: workers stopped; no longer watching")
            self.stop()

    def _submit(self, step: str, done, error) -> None:
        if step == "filing":
            filing_id = self._state.filing_id
            self._outbox_worker.submit(lambda: self._outbox.get(filing_id), done, error, session_bound=False)
        elif step == "filing_backend":
            filing_id = self._state.filing_id
            self._network_worker.submit(lambda: self._court.filing_status(filing_id), done, error,
                                        session_bound=False)
        elif step == "order":
            notice, at_least = self._state.notice, self._renew_to or 1
            outbox = self._outbox

            def look():
                attempt = _latest_attempt(outbox, notice.notice_id, at_least)
                item = order_item(outbox, notice, attempt)
                if item.state != "delivered":
                    self._wake_sync()
                return attempt, item

            self._outbox_worker.submit(look, done, error, session_bound=False)
        elif step == "status":
            payment_id = self._state.order.payment_id
            self._network_worker.submit(lambda: self._court.payment_status(payment_id), done, error,
                                        session_bound=False)

    def _not_yet(self) -> None:
        """Nothing new: say "offline" once the wait is over (only while waiting for the court)."""
        state = self._state
        if self._step in ("filing", "filing_backend", "order") and state.phase != PHASE_OFFLINE and self._overdue():
            log.info("payment: no answer from the court within %g s for filing %s", self.wait_seconds,
                     state.filing_id)
            self._set(replace(state, phase=PHASE_OFFLINE))
        self._again()

    # answers (GUI thread)
    def _filing_answer(self, item) -> None:
        from offline_queue.contract import FilingReceipt

        if item is None:  # delivered and purged since (or stored elsewhere): ask the court
            self._step = "filing_backend"
            self._again(0)
            return
        if item.state == "dead":
            self._finish()
            self._set(replace(self._state, phase=PHASE_FAILED, problem=PROBLEM_FILING_REFUSED))
            return
        if item.state != "delivered":
            self._not_yet()
            return
        receipt = FilingReceipt.model_validate(item.response or {})
        self._notice_known(receipt.fee_notice)

    def _filing_backend_answer(self, status) -> None:
        self._notice_known(status.fee_notice)

    def _notice_known(self, notice) -> None:
        if notice is None:
            self._finish()
            self._set(replace(self._state, phase=PHASE_NO_FEE))
            return
        if notice.paid:
            # Paid already (another kiosk, the counter): nothing to order.
            self._finish()
            self._set(replace(self._state, phase=PHASE_PAID, notice=notice))
            return
        self._set(replace(self._state, phase=PHASE_ORDERING, notice=notice))
        self._begin("order")

    def _order_answer(self, result) -> None:
        from offline_queue.contract import PaymentOrder

        attempt, item = result
        state = replace(self._state, attempt=attempt)
        if item.state == "dead":
            self._finish()
            self._set(replace(state, phase=PHASE_FAILED, problem=PROBLEM_ORDER_REFUSED))
            return
        if item.state != "delivered":
            self._state = state  # the attempt is known; the phase stays until the wait is over
            self._not_yet()
            return
        order = PaymentOrder.model_validate(item.response or {})
        self._renew_to = 0
        self._order_known(replace(state, order=order))

    def _order_known(self, state: PaymentState) -> None:
        phase = PHASE_OF_ORDER_STATUS.get(state.order.status, PHASE_AWAITING)
        state = replace(state, phase=phase, problem=None)
        if phase == PHASE_AWAITING and not self._url_allowed(state.order):
            self._finish()
            self._set(replace(state, phase=PHASE_FAILED, problem=PROBLEM_URL_REFUSED))
            return
        if phase == PHASE_AWAITING:
            if self._step != "status":
                self._begin("status")
                self._timer.start(int(self.poll_seconds * 1000))
            else:
                self._again()
        else:
            self._finish()
        self._set(state)

    def _url_allowed(self, order) -> bool:
        """The one gate of every order's payment page: shown only under a configured provider prefix;
        a refused one is logged by host only and reported to staff once per order."""
        from kiosk.payment_urls import refusal_reason, safe_host

        reason = refusal_reason(order.qr_content, self._prefixes)
        if reason is None:
            return True
        log.warning("payment: order %s has a payment page that is not allowed (%s, host %s): no QR shown",
                    order.payment_id, reason, safe_host(order.qr_content))
        if self._report_refused_url is not None:
            self._report_refused_url(order.payment_id, reason)
        return False

    def _status_answer(self, order) -> None:
        if order is None:  # the court does not know the order the outbox says it made: look again later
            log.warning("payment: the court does not know order %s", self._state.order.payment_id)
            self._again()
            return
        self._order_known(replace(self._state, order=order))


def create(deps) -> PaymentService:
    from kiosk.payment_urls import effective_prefixes

    audit = deps.services["maintenance"].audit
    outbox_worker = deps.workers["outbox"]

    def report(payment_id: str, reason: str) -> None:  # an audit entry (to the court's staff through the outbox)
        outbox_worker.submit(lambda: audit.record("payment_url_refused", payment_id, reason, "system"),
                             session_bound=False)

    prefixes = effective_prefixes(deps.config.get("payment.provider_prefixes"), deps.config.get("kiosk.mode"))
    return PaymentService(deps.outbox, deps.wake_sync, deps.court, outbox_worker, deps.workers["network"],
                          deps.services["receipts"], court_code=deps.config.get("court.court_code"), policy=deps.policy,
                          provider_prefixes=prefixes, report_refused_url=report)


# 诉讼缴费 on the menu: the unpaid fee notices among one's cases (the my-cases screen serves it).
SERVICE = ServiceSpec(
    "payment",
    create,
    title=QT_TRANSLATE_NOOP("services", "Pay fees"),
    pictogram="coin",
    voice=QT_TRANSLATE_NOOP("voice", "pay fees|payment"),
    menu=40,
    needs_identity=True,
    devices=("id_reader",),
    workers=("outbox", "network"),
    config=("court.court_code", "payment.provider_prefixes", "kiosk.mode"),
    requires=("receipts", "maintenance"),
    outbox=True,
    court=True,
    on_session_reset="clear",
    on_stop="stop",
)
