"""Fakes for the court records services (case detail, 阅卷): a court that answers the contract 1.2 calls
from scripted objects, a 30-page PDF made with fpdf2, and contract objects of a made-up case."""

from __future__ import annotations

import functools
from datetime import datetime, timedelta, timezone

from offline_queue import contract as c
from offline_queue.client import PermanentError, RetryableError
from tests.services import fakes

BEIJING = timezone(timedelta(hours=8))
FILING_ID = "6f1c2a9e-0000-4000-8000-0000000000aa"
CASE_NUMBER = "（2026）京0105民初123号"
QUERY_CODE = "7KQ2M9XA"
CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


@functools.cache
def sample_pdf(pages: int = 30, text: str = "民事起诉状") -> bytes:
    """A PDF of ``pages`` A4 pages of Chinese text (fpdf2, Noto Sans CJK SC)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("noto", "", CJK_FONT, collection_font_number=2)
    pdf.set_font("noto", size=12)
    for page in range(pages):
        pdf.add_page()
        pdf.cell(0, 12, f"{text}　第{page + 1}页", new_x="LMARGIN", new_y="NEXT")
        for _ in range(24):
            pdf.multi_cell(0, 8, "原告诉称：被告于二〇二五年三月向原告借款人民币十万元，约定一年内归还，至今未还。",
                           new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def detail(now: datetime, *, access: str = "party") -> c.CaseDetail:
    """A docketed case as of ``now``: three events, a past and a coming hearing, three deadlines (one past)."""
    return c.CaseDetail(
        filing_id=FILING_ID, case_number=CASE_NUMBER, court_code=fakes.COURT_CODE, court_name=fakes.COURT_NAME,
        case_type="民初", case_type_name="民事一审", status="已立案", access=access,
        parties=[c.CaseParty(role="原告", name="测试甲"), c.CaseParty(role="被告", name="测试丙")],
        judge=c.CourtOfficer(role="judge", name="王法官", title="审判员"),
        clerk=c.CourtOfficer(role="clerk", name="孙书记", title="书记员"),
        contact_phone="010-85821234",
        timeline=[c.TimelineEvent(kind="分案", at=now - timedelta(days=8)),
                  c.TimelineEvent(kind="立案", at=now - timedelta(days=10), note="立案庭"),
                  c.TimelineEvent(kind="送达", at=now - timedelta(days=5))],
        hearings=[c.Hearing(at=now + timedelta(days=9, hours=1), courtroom="第三法庭"),
                  c.Hearing(at=now - timedelta(days=2), kind="调解", courtroom="调解室", online=True)],
        deadlines=[c.Deadline(kind="答辩期限", due=now + timedelta(days=12)),
                   c.Deadline(kind="举证期限", due=now + timedelta(days=3)),
                   c.Deadline(kind="缴费期限", due=now - timedelta(days=1))],
    )


def documents() -> list[c.CaseFileDocument]:
    at = datetime(2026, 3, 2, 9, 0, tzinfo=BEIJING)
    return [c.CaseFileDocument(document_id="doc-complaint", kind="起诉状", title="民事起诉状", date=at, pages=30),
            c.CaseFileDocument(document_id="doc-evidence", kind="证据", title="证据材料", date=at, pages=4)]


def grant(application_id: str, status: str, now: datetime, hours: int = 72) -> c.ReadingGrant:
    if status != "granted":
        return c.ReadingGrant(application_id=application_id, status=status,
                              reasons=["不符合阅卷条件"] if status == "refused" else [])
    return c.ReadingGrant(application_id=application_id, status=status, granted_from=now - timedelta(minutes=5),
                          granted_until=now + timedelta(hours=hours))


class RecordsCourt(fakes.FakeCourt):
    """FakeCourt with the court records calls. ``detail_errors``/``fetch_errors``: raised in turn (one
    per call) before answering; ``grants``: the reading applications the court knows, by id."""

    def __init__(self, now: datetime) -> None:
        super().__init__()
        self.now = now
        self.detail_errors: list[Exception] = []
        self.fetch_errors: list[Exception] = []
        self.grants: dict[str, c.ReadingGrant] = {}
        self.index_grant: c.ReadingGrant | None = None
        self.pdfs: dict[str, bytes] = {"doc-complaint": sample_pdf(30), "doc-evidence": sample_pdf(4, "证据")}

    def case_detail(self, access: c.CaseAccess) -> c.CaseDetail:
        self._call("case_detail", access)
        if self.detail_errors:
            raise self.detail_errors.pop(0)
        return detail(self.now, access="query_code" if access.query_code else "party")

    def case_file(self, access: c.CaseAccess) -> c.CaseFileIndex:
        self._call("case_file", access)
        return c.CaseFileIndex(case_number=CASE_NUMBER, documents=documents(), grant=self.index_grant)

    def reading_status(self, application_id: str) -> c.ReadingGrant | None:
        self._call("reading_status", application_id)
        return self.grants.get(application_id)

    def fetch_document(self, request: c.DocumentRequest, *, max_bytes: int = 64 * 1024 * 1024) -> bytes:
        self._call("fetch_document", request)
        if self.fetch_errors:
            raise self.fetch_errors.pop(0)
        pdf = self.pdfs[request.document_id]
        if len(pdf) > max_bytes:
            raise PermanentError(413, "over the limit")
        return pdf


def wrong_code(detail: str = "the query code does not match") -> PermanentError:
    return PermanentError(403, detail)


def locked(seconds: float = 900) -> RetryableError:
    return RetryableError(seconds, "too many wrong query codes", status=429)
