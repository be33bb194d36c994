"""Screenshots of 材料收转 (each step) in zh_CN and en at the kiosk's window size.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/records/materials.py --lang en
"""

from __future__ import annotations

import sys
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> int:
    from drivers.idcard.simulator import SAMPLE_CARDS
    from offline_queue import contract as c
    from scripts.shots import kiosk_shots, pump, wait

    with kiosk_shots("records", "materials-") as k:
        window, core, shot = k.window, k.core, k.shot
        card = SAMPLE_CARDS[0]
        for n in range(2):
            filing = c.FilingSubmission(
                filing_id=str(uuid.uuid4()), court_code=core.config.get("court.court_code"), case_type="民初",
                plaintiff=c.Party(kind="person", name=card.name, id_number=card.id_number),
                defendants=[c.Party(kind="person", name="李四")], claims="判令被告归还借款。", amount=Decimal("1000"),
                fee_estimate=Decimal("50"), fee_schedule_version="2007-481", confirmed_at=datetime.now(UTC))
            core.outbox.enqueue("filing", filing.model_dump(mode="json"), f"key-{filing.filing_id}",
                                item_id=filing.filing_id)
            core.sync.wake()
            wait(lambda f=filing: core.outbox.get(f.filing_id).state == "delivered")
            if n == 0:
                core.sandbox.app.state.store.review(filing.filing_id, c.ReviewDecision(decision="docket"))

        pump(1.0)
        window.attract.start.click()
        shot("menu")
        k.identify("materials")
        flow = window.materials
        wait(lambda: window.current == "materials_case" and not flow.loading)
        flow.case.table.selectRow(0)
        shot("case")
        flow.case.next.click()
        shot("scan-empty")
        for n in range(3):
            flow.scan.scan_button.click()
            wait(lambda n=n: len(flow.draft.pages) == n + 1 and not flow.scan.scanning)
        flow.scan.list.setCurrentRow(1)
        shot("scan")
        flow.scan.next.click()
        flow.describe.kind_buttons["defence"].click()
        shot("describe")
        flow.describe.confirm.click()
        wait(lambda: window.current == "materials_done")
        wait(lambda: flow.done._print_state == "printed")
        shot("done")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
