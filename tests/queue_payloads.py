"""A valid FilingSubmission payload for tests (synthetic person)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime


def filing_payload(id_number: str = "11010519491231002X") -> dict:
    return {
        "filing_id": str(uuid.uuid4()),
        "court_code": "京0105",
        "case_type": "民初",
        "plaintiff": {"kind": "person", "name": "张三", "id_number": id_number, "address": "北京市朝阳区"},
        "defendants": [{"kind": "person", "name": "李四"}],
        "claims": "判令被告归还借款。",
        "amount": "100000.00",
        "fee_estimate": "2300.00",
        "fee_schedule_version": "2007-481",
        "confirmed_at": datetime.now(UTC).isoformat(),
    }
