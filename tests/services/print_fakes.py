"""Fakes for 文书打印 (no Qt application, no network, no cupsd), beside tests/services/fakes.py.

- `sample_pdf(pages)`: a real A4 PDF (fpdf2) with Chinese text at the top and the very bottom of
  every page, so a footer that covered the body would show.
- `RecordsCourt`: the court client's contract 1.2 calls 文书打印 makes (served_documents,
  fetch_document, create_print_record, verify_print), recorded in ``calls``; ``down`` raises
  RetryableError, ``fetch_error`` / ``record_error`` raise what the test sets.
- `ScriptedA4Printer`: the A4 printer Protocol; each submitted PDF is kept in ``received``; job
  states come from ``script`` (one per state query, the last repeated); ``pages_done`` answers
  ``pages_completed`` (None: the method is absent, as with the CUPS backend).
- `Receipts`: the receipts service's print_receipt, keeping each Receipt (``fail`` = a code).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from offline_queue import contract as c
from offline_queue.client import PermanentError, RetryableError
from tests.services.fakes import COURT_NAME

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def sample_pdf(pages: int = 2, heading: str = "民事判决书") -> bytes:
    from fpdf import FPDF

    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("cjk", fname=FONT, collection_font_number=2)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("cjk", size=16)
        pdf.text(25, 30, f"{heading} 第{number}页")
        pdf.set_font("cjk", size=11)
        pdf.text(25, 289, "本页最底部的正文")
    return bytes(pdf.output())


def served(document_id: str = "SD-1", *, filing_id: str = "0b1d2c3e-4f50-4a61-8b72-9c8d7e6f5a41",
           case_number: str | None = "（2026）京0105民初12号", kind: str = "判决书", title: str = "民事判决书",
           pages: int = 2, days_ago: int = 1) -> c.ServedDocument:
    return c.ServedDocument(document_id=document_id, filing_id=filing_id, case_number=case_number,
                            court_name=COURT_NAME, kind=kind, title=title,
                            served_at=datetime(2026, 3, 10, 9, 0, tzinfo=UTC) - timedelta(days=days_ago),
                            pages=pages)


def code_for(record_id: str) -> str:
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    digest = hashlib.sha256(record_id.encode()).digest()
    return "".join(alphabet[b % len(alphabet)] for b in digest[:12])


class RecordsCourt:
    """The court client's records calls, answered from ``documents`` (ServedDocument) and ``pdfs``
    (document id -> bytes)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.down = False
        self.documents: list[c.ServedDocument] = []
        self.pdfs: dict[str, bytes] = {}
        self.fetch_error: Exception | None = None
        self.record_error: Exception | None = None
        self.pages_per_day = 200
        self.records: dict[str, c.PrintRecord] = {}

    def _call(self, name: str, argument: Any = None) -> None:
        self.calls.append((name, argument))
        if self.down:
            raise RetryableError(detail="court out of reach (fake)")

    def methods(self) -> list[str]:
        return [name for name, _ in self.calls]

    def served_documents(self, id_number: str) -> c.ServedDocumentList:
        self._call("served_documents", id_number)
        return c.ServedDocumentList(items=list(self.documents))

    def fetch_document(self, request: c.DocumentRequest, *, max_bytes: int = 64 << 20) -> bytes:
        self._call("fetch_document", request)
        if self.fetch_error is not None:
            raise self.fetch_error
        if request.document_id not in self.pdfs:
            raise PermanentError(404, "no such document")
        return self.pdfs[request.document_id]

    def create_print_record(self, record: c.PrintRecord, idempotency_key: str) -> c.PrintTicket:
        self._call("create_print_record", (record, idempotency_key))
        if self.record_error is not None:
            raise self.record_error
        used = sum(r.pages for r in self.records.values())
        if used + record.pages > self.pages_per_day:
            raise PermanentError(403, "daily page limit reached")
        self.records[record.record_id] = record
        code = code_for(record.record_id)
        return c.PrintTicket(record_id=record.record_id, verification_code=code,
                             verify_url=f"https://court.example/api/v1/verify/{code}",
                             pages_left_today=self.pages_per_day - used - record.pages)

    def verify_print(self, code: str) -> c.PrintVerification:
        self._call("verify_print", code)
        for record in self.records.values():
            if code_for(record.record_id) == code:
                return c.PrintVerification(verification_code=code, valid=True, pages=record.pages)
        return c.PrintVerification(verification_code=code, valid=False)


class ScriptedA4Printer:
    """The A4 printer Protocol for the service tests."""

    def __init__(self, script: tuple[str, ...] = ("pending", "processing", "completed"), *,
                 pages_done: int | None = None, refuse: Exception | None = None) -> None:
        from drivers.a4printer.base import JobState

        self._state = JobState
        self.script = list(script)
        self.received: list[bytes] = []
        self.titles: list[str] = []
        self.queries = 0
        self.canceled: list[int] = []
        self.refuse = refuse
        if pages_done is not None:
            self.pages_completed = lambda job: pages_done

    def print_pdf(self, path, title: str):
        from drivers.a4printer.base import PrintJob

        if self.refuse is not None:
            raise self.refuse
        with open(path, "rb") as fh:
            self.received.append(fh.read())
        self.titles.append(title)
        return PrintJob(job_id=len(self.received), queue="FAKE", title=title)

    def job_state(self, job):
        self.queries += 1
        if job.job_id in self.canceled:
            return self._state("canceled", "canceled by the kiosk")
        state = self.script[min(self.queries - 1, len(self.script) - 1)]
        if isinstance(state, Exception):
            raise state
        return self._state(state, "media-jam" if state == "failed" else "")

    def cancel(self, job) -> None:
        self.canceled.append(job.job_id)


class Receipts:
    """ReceiptService.print_receipt, done at once."""

    def __init__(self, fail: str = "") -> None:
        self.printed: list = []
        self.fail = fail

    def print_receipt(self, receipt, on_printed, on_failed) -> None:
        if self.fail:
            on_failed(self.fail)
            return
        self.printed.append(receipt)
        on_printed()


def slip_text(receipt) -> str:
    return "\n".join(line.text for line in receipt.lines)
