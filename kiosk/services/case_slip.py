"""案件凭条: a litigant prints a slip for one of their cases on the receipt printer: the filing
number, the court's case number once docketed (the filing receipt was printed before there was
one), the review outcome, any unpaid fee, the case type and the other side (masked). The list is
my cases' (the court's, plus filings still waiting in this kiosk's outbox); nothing is stored.
"""

from __future__ import annotations

import logging
from datetime import datetime
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QObject, Signal

from kiosk.domain import masking
from kiosk.services.registry import QT_TRANSLATE_NOOP, ServiceSpec

log = logging.getLogger("kiosk.case_slip")

WAITING = "提交中"  # kiosk.services.cases: a filing still in this kiosk's outbox


def _money(text: str) -> str:
    try:
        return f"{Decimal(text):,.2f}"
    except InvalidOperation:
        return text


def case_slip(row, printed_at: datetime):
    """The slip for one of my cases (a kiosk.services.cases.CaseRow)."""
    from drivers.printer.base import Receipt, ReceiptLine

    submitted = datetime.fromisoformat(row.submitted_at).astimezone(printed_at.tzinfo)
    lines = [
        ReceiptLine(row.court_name, align="center", bold=True, double=True),
        ReceiptLine("案件凭条", align="center", bold=True),
        ReceiptLine("--------------------------------"),
        ReceiptLine(f"立案申请编号：{row.filing_id[:8].upper()}"),
        ReceiptLine(f"提交时间：{submitted:%Y-%m-%d %H:%M}"),
        ReceiptLine(f"案件类型：{row.case_type_name}"),
        ReceiptLine(f"对方当事人：{masking.mask_name(row.defendant_name)}"),
        ReceiptLine(f"标的额：{_money(row.amount)} 元"),
        ReceiptLine(f"当前状态：{row.status}", bold=True),
    ]
    if row.case_number:
        lines.append(ReceiptLine(f"案号：{row.case_number}", bold=True))
    for reason in row.reasons:
        lines.append(ReceiptLine(f"审核意见：{reason}"))
    if row.fee_due is not None:
        lines.append(ReceiptLine(f"诉讼费 {_money(row.fee_due)} 元尚未交纳", bold=True))
        lines.append(ReceiptLine("可在自助机“诉讼缴费”中交纳。"))
    if row.needs_staff:
        lines.append(ReceiptLine("法院系统未能接收，请到服务窗口咨询。", bold=True))
    elif row.local_only or row.status == WAITING:
        lines.append(ReceiptLine("已保存在本机，正在发送至法院。"))
    lines += [
        ReceiptLine("--------------------------------"),
        ReceiptLine(f"打印时间：{printed_at:%Y-%m-%d %H:%M}"),
        ReceiptLine("本凭条仅供查询，案件信息以法院", align="left"),
        ReceiptLine("送达的法律文书为准。", align="left"),
    ]
    return Receipt(lines=lines, cut=True)


class CaseSlipService(QObject):
    """Lists the identified person's cases (through my cases) and prints a slip for one."""

    loaded = Signal(object, bool)  # list[CaseRow], the court reachable
    printed = Signal(str)  # filing id
    print_failed = Signal(str, str)  # filing id, code: paper_out | offline | error

    def __init__(self, cases, receipts, clock=lambda: datetime.now().astimezone()) -> None:
        """``clock``: an aware now, in the kiosk's zone (the slip's times are given in it)."""
        super().__init__()
        self._cases = cases
        self._receipts = receipts
        self._clock = clock
        self._asked = False  # my cases answers every screen that asks: only answers to our asking count
        cases.loaded.connect(self._loaded)

    def load(self, identity) -> None:
        self._asked = True
        self._cases.load(identity)

    def _loaded(self, rows, reachable: bool) -> None:
        if self._asked:
            self._asked = False
            self.loaded.emit(rows, reachable)

    def print_slip(self, row) -> None:
        filing_id = row.filing_id
        slip = case_slip(row, self._clock())

        def done() -> None:
            log.info("case slip for filing %s printed", filing_id)
            self.printed.emit(filing_id)

        def failed(code: str) -> None:
            log.warning("case slip for filing %s not printed: %s", filing_id, code)
            self.print_failed.emit(filing_id, code)

        self._receipts.print_receipt(slip, done, failed)

    def clear(self) -> None:
        """A session reset: an answer still on its way is for nobody."""
        self._asked = False


def create(deps) -> CaseSlipService:
    return CaseSlipService(deps.services["my_cases"], deps.services["receipts"])


SERVICE = ServiceSpec(
    "case_slip",
    create,
    title=QT_TRANSLATE_NOOP("services", "Case slip"),
    pictogram="slip",
    voice=QT_TRANSLATE_NOOP("voice", "case slip|print a slip"),
    menu=25,
    needs_identity=True,
    devices=("id_reader", "receipt_printer"),
    requires=("my_cases", "receipts"),
    on_session_reset="clear",
)
