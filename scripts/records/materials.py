"""Screenshots of 材料收转 (each step) in zh_CN and en at the kiosk's window size.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/records/materials.py --lang en
"""

from __future__ import annotations

import os
import sys
import tempfile
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> int:
    from scripts.shots import arguments, pump, wait

    args, out = arguments("records")

    from PySide6.QtWidgets import QApplication

    from drivers.idcard.simulator import SAMPLE_CARDS
    from kiosk.app import start_in_process
    from kiosk.config import load_config
    from offline_queue import contract as c

    tmp = tempfile.mkdtemp(prefix="kiosk-shots-")
    config = load_config(env={}, overrides={"kiosk.data_dir": tmp, "kiosk.log_dir": tmp, "kiosk.language": args.lang,
                                            "kiosk.fullscreen": False})
    app = QApplication(sys.argv[:1])
    window, core, services = start_in_process(config, app, (1920, 1080))

    def shot(name):
        pump(0.4)
        path = out / f"materials-{name}-{args.lang}.png"
        window.grab().save(str(path))
        print(path)

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
    window.menu.tiles["materials"].click()
    wait(lambda: window.current == "identify")
    services.demo.place_card(0)
    wait(lambda: window.identify.continue_button.isVisible())
    window.identify.continue_button.click()
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
    services.shutdown()
    core.stop()
    window.allow_close()
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
