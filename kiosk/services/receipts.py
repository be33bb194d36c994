"""Receipts for filings: built from the stored filing, encoded as ESC/POS, sent on
the printer's worker with the printer's status checked before and after the job
(bytes sent are not paper printed). A failed receipt can be reprinted from
maintenance mode, from the same stored filing.

A filing with another court (跨域立案, ``assisting_court_code``) says where it goes: 受理法院 (the
receiving court) and 协助法院 (this kiosk's court, which heads the receipt). An enterprise-related
filing (涉企: an organisation party, `contract.is_enterprise_related`) carries the mark, and the
enterprise window's evaluation when it was given, in a few lines."""

from __future__ import annotations

import logging
from datetime import datetime
from decimal import Decimal

from kiosk.domain import filing_enterprise, masking
from kiosk.services.registry import ServiceSpec

log = logging.getLogger("kiosk.receipts")

STATUS_TEXT = "待审核"
# (what was filed, the filing side's name, the other side's name) by filing kind
KIND_TEXT = {
    "first_instance": ("起诉", "原告", "被告"),
    "appeal": ("上诉", "上诉人", "被上诉人"),
    "enforcement": ("申请执行", "申请执行人", "被执行人"),
    "mediation": ("诉前调解申请", "申请人", "被申请人"),
}


def filing_receipt(payload: dict, policy, reprint: bool = False):
    """The receipt for a stored filing payload (FilingSubmission JSON)."""
    from drivers.printer.base import Receipt, ReceiptLine

    confirmed = datetime.fromisoformat(payload["confirmed_at"])
    what, side, other = KIND_TEXT.get(payload.get("filing_kind") or "first_instance", KIND_TEXT["first_instance"])
    plaintiffs = "、".join(masking.mask_name(p["name"])
                          for p in [payload["plaintiff"], *payload.get("other_plaintiffs", [])])
    defendants = "、".join(masking.mask_name(d["name"]) for d in payload["defendants"])
    amount = Decimal(payload["amount"])
    fee = Decimal(payload["fee_estimate"])
    assisting = payload.get("assisting_court_code")
    lines = [
        ReceiptLine(policy.court_name(assisting or payload["court_code"]), align="center", bold=True, double=True),
        ReceiptLine("自助立案回执" + ("（补打）" if reprint else ""), align="center", bold=True),
        ReceiptLine("--------------------------------"),
        ReceiptLine(f"立案申请编号：{payload['filing_id'][:8].upper()}"),
        ReceiptLine(payload["filing_id"]),
        ReceiptLine(f"提交时间：{confirmed:%Y-%m-%d %H:%M}"),
        ReceiptLine(f"申请事项：{what}" + ("（跨域立案）" if assisting else "")),
        *([ReceiptLine(f"受理法院：{policy.court_name(payload['court_code'])}"),
           ReceiptLine(f"协助法院：{policy.court_name(assisting)}（本院）")] if assisting else []),
        ReceiptLine(f"案件类型：{policy.case_type_name(payload['case_type'])}"),
        *([ReceiptLine(f"原审案号：{payload['reference_case_number']}")] if payload.get("reference_case_number")
          else []),
        ReceiptLine(f"{side}：{plaintiffs}"),
        ReceiptLine(f"{other}：{defendants}"),
        ReceiptLine(f"标的额：{amount:,.2f} 元"),
        ReceiptLine(f"预估诉讼费：{fee:,.2f} 元"),
        *_enterprise_lines(payload),
        ReceiptLine(f"当前状态：{STATUS_TEXT}"),
        ReceiptLine("--------------------------------"),
        ReceiptLine(("受理法院" if assisting else "法院") + "将在七日内审核，请凭本回执", align="left"),
        ReceiptLine("或身份证在“我的案件”查询进度。", align="left"),
        ReceiptLine(f"诉讼费以{'受理' if assisting else ''}法院缴费通知为准。", align="left"),
    ]
    code = payload.get("lookup_code")
    url = policy.lookup_url(code) if code else None
    if url:  # the page shows the filing's state, no names or numbers of persons
        lines += [ReceiptLine("用手机扫描下方二维码查看进度", align="left"),
                  ReceiptLine(f"（手机查询码 {code}）", align="left")]
    return Receipt(lines=lines, qr=url, cut=True)


def _enterprise_lines(payload: dict) -> list:
    """涉企: the mark, and the enterprise window's evaluation in a few lines when it was given."""
    from drivers.printer.base import ReceiptLine
    from offline_queue.contract import is_enterprise_related

    if not is_enterprise_related(payload):
        return []
    lines = [ReceiptLine("案件标记：涉企")]
    impact = payload.get("enterprise_impact")
    if impact:
        lines.append(ReceiptLine("生产经营影响评估：", bold=True))
        lines += [ReceiptLine(line, align="left") for line in filing_enterprise.summary_lines(impact)]
    return lines


DEMO_MARK = "演示 DEMO：仅供练习，不送法院"  # 29 of the 32 columns (bold, on the narrowest printers)


def demo_receipt(receipt):
    """What a demo kiosk prints says so under its heading and at its end: practice, nothing filed."""
    from dataclasses import replace

    from drivers.printer.base import ReceiptLine

    mark = ReceiptLine(DEMO_MARK, align="center", bold=True)
    return replace(receipt, lines=[*receipt.lines[:1], mark, *receipt.lines[1:], mark])


class ReceiptService:
    def __init__(self, printer, printer_worker, policy, demo: bool = False) -> None:
        self._printer = printer
        self._worker = printer_worker
        self._policy = policy
        self._demo = demo  # every receipt, slip and ticket is marked DEMO

    def _print(self, receipt) -> None:
        """Blocking, on the printer worker."""
        from drivers.printer.base import PaperOut, PrinterOffline
        from drivers.printer.escpos_codec import encode_receipt

        printer = self._printer
        if printer is None:
            raise PrinterOffline("no receipt printer")
        data = encode_receipt(receipt)
        before = printer.status()
        if not before.online:
            raise PrinterOffline("printer offline")
        if before.paper_out:
            raise PaperOut("paper out")
        printer.print_bytes(data)
        after = printer.status()
        if not after.online:
            raise PrinterOffline("printer went offline during the job")
        if after.paper_out:
            raise PaperOut("paper ran out during the job")

    def print_receipt(self, receipt, on_printed, on_failed) -> None:
        """Print on the printer's worker; on_printed() / on_failed(code) run on the GUI thread.
        code: paper_out | offline | error."""

        def failed(exc: BaseException):
            from drivers.printer.base import PaperOut, PrinterOffline

            code = "paper_out" if isinstance(exc, PaperOut) else (
                "offline" if isinstance(exc, PrinterOffline) else "error"
            )
            on_failed(code)

        if self._demo:
            receipt = demo_receipt(receipt)
        self._worker.submit(lambda: self._print(receipt), lambda _: on_printed(), failed, session_bound=False)

    def print_filing(self, payload: dict, printed_signal, failed_signal, reprint: bool = False) -> None:
        filing_id = payload["filing_id"]
        receipt = filing_receipt(payload, self._policy, reprint=reprint)

        def done():
            log.info("receipt for filing %s printed", filing_id)
            printed_signal.emit(filing_id)

        def failed(code: str):
            log.warning("receipt for filing %s failed: %s", filing_id, code)
            failed_signal.emit(filing_id, code)

        self.print_receipt(receipt, done, failed)


def create(deps) -> ReceiptService:
    return ReceiptService(deps.devices["receipt_printer"], deps.workers["receipt_printer"], deps.policy,
                          demo=deps.config.get("kiosk.mode") == "demo")


SERVICE = ServiceSpec("receipts", create, uses_devices=("receipt_printer",), config=("kiosk.mode",))
