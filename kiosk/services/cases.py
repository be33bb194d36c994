"""My cases: the court's list for the identified person, plus this kiosk's filings
that are still waiting in the outbox (shown as 提交中, never lost from view)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from kiosk.services.registry import QT_TRANSLATE_NOOP, ServiceSpec

log = logging.getLogger("kiosk.cases")


@dataclass(frozen=True)
class CaseRow:
    filing_id: str
    court_name: str
    case_type_name: str
    status: str
    case_number: str | None
    reasons: tuple[str, ...]
    submitted_at: str
    defendant_name: str = field(repr=False)
    amount: str
    local_only: bool = False  # still in this kiosk's outbox
    needs_staff: bool = False  # the court refused the delivery: a person must look at it
    fee_due: str | None = None  # the amount of the court's fee notice while it is unpaid


class CasesService(QObject):
    loaded = Signal(object, bool)  # list[CaseRow], backend_reachable

    def __init__(self, outbox, court, network_worker, policy) -> None:
        super().__init__()
        self._outbox = outbox
        self._court = court
        self._worker = network_worker
        self._policy = policy

    def _local_rows(self, id_number: str, known: set[str]) -> list[CaseRow]:
        rows = []
        for item in self._outbox.items(("pending", "in_flight", "dead", "voided"), kind="filing"):
            if item.id in known:
                continue
            p = item.payload
            people = [p["plaintiff"], *p.get("other_plaintiffs", []), *([p["agent"]] if p.get("agent") else [])]
            if id_number not in {person.get("id_number") for person in people}:
                continue
            rows.append(
                CaseRow(
                    filing_id=item.id,
                    court_name=self._policy.court_name(p["court_code"]),
                    case_type_name=self._policy.case_type_name(p["case_type"]),
                    status="提交中",
                    case_number=None,
                    reasons=(),
                    submitted_at=p["confirmed_at"],
                    defendant_name=p["defendants"][0]["name"],
                    amount=p["amount"],
                    local_only=True,
                    needs_staff=item.state in ("dead", "voided"),  # refused by the court, or voided by staff
                )
            )
        return rows

    def _fetch(self, id_number: str) -> tuple[list[CaseRow], bool]:
        rows: list[CaseRow] = []
        reachable = True
        try:
            result = self._court.search_cases(id_number)
        except Exception as exc:
            log.warning("case search failed: %s", type(exc).__name__)
            reachable = False
        else:
            for c in result.items:
                rows.append(
                    CaseRow(
                        filing_id=c.filing_id,
                        court_name=c.court_name,
                        case_type_name=c.case_type_name,
                        status=c.status,
                        case_number=c.case_number,
                        reasons=tuple(c.reasons),
                        submitted_at=c.submitted_at.isoformat(),
                        defendant_name=c.defendant_name,
                        amount=str(c.amount),
                        fee_due=str(c.fee_notice.amount) if c.fee_notice is not None and not c.fee_notice.paid
                        else None,
                    )
                )
        rows = self._local_rows(id_number, {r.filing_id for r in rows}) + rows
        rows.sort(key=lambda r: datetime.fromisoformat(r.submitted_at), reverse=True)  # the kiosk's and the court's zones
        return rows, reachable

    def load(self, identity) -> None:
        id_number = identity.id_number
        self._worker.submit(lambda: self._fetch(id_number), lambda res: self.loaded.emit(*res))


def create(deps) -> CasesService:
    return CasesService(deps.outbox, deps.court, deps.workers["network"], deps.policy)


SERVICE = ServiceSpec(
    "my_cases",
    create,
    title=QT_TRANSLATE_NOOP("services", "My cases"),
    pictogram="folder",
    voice=QT_TRANSLATE_NOOP("voice", "my cases|case status"),
    menu=20,
    needs_identity=True,
    devices=("id_reader",),
    workers=("network",),
    outbox=True,
    court=True,
)
