"""Screenshots of the case lookup, case detail and 阅卷 screens (issue 13 §2/§3), in the kiosk's window
size, into screenshots/records/.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/records/reading.py --lang zh_CN
    ... --lang en

With --extra-qm FILE (a .qm loaded on top of the kiosk's) new texts show before `make translations`.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"])
    parser.add_argument("--extra-qm", default="")
    args = parser.parse_known_args()[0]

    from PySide6.QtCore import QTranslator
    from PySide6.QtWidgets import QApplication

    from drivers.idcard.simulator import SAMPLE_CARDS
    from kiosk.services.identity import identity_from_card
    from offline_queue.contract import FaultSpec
    from scripts.shots import kiosk_shots, pump, wait

    app = QApplication.instance() or QApplication(sys.argv[:1])
    if args.extra_qm and args.lang == "zh_CN":
        extra = QTranslator(app)
        assert extra.load(args.extra_qm), args.extra_qm
        app.installTranslator(extra)

    with kiosk_shots("records", settle=0.3) as k:
        window, core, services, shot = k.window, k.core, k.services, k.shot
        flow = window.case_records
        try:
            card = SAMPLE_CARDS[3]
            records = core.sandbox.app.state.sandbox.records
            if not records.demo_people:
                records.demo_people = (card.id_number,)
            records.ensure_demo(case_ref="demo-case-judgment")
            judgment = records.case_codes("demo-case-judgment")
            hearing = records.case_codes("demo-case-hearing")
            identity = identity_from_card(card, date.today())
            window.retranslate()
            for screen in window.screens.values():
                screen.retranslate()

            # 案件查询: empty, bad input, wrong code, then a case by query code
            flow.begin("case_detail", None)
            lookup = flow.lookup
            shot("case_lookup")
            lookup.number.setText("2026京0108民初4127")
            lookup.code.setText("AB0")
            lookup.submit()
            shot("case_lookup-bad-input")
            lookup.number.setText(judgment.case_number)
            lookup.code.setText("ZZZZZZZZ")
            lookup.submit()
            wait(lambda: not lookup.asking)
            shot("case_lookup-wrong-code")
            for code in ("YYYYYYYY", "XXXXXXXX", judgment.query_code):
                lookup.code.setText(code)
                lookup.submit()
                wait(lambda: not lookup.asking)
            shot("case_lookup-locked")
            lookup.number.setText(hearing.case_number)
            lookup.code.setText(hearing.query_code)
            lookup.submit()
            wait(lambda: window.current == "case_detail" and flow.detail.view is not None)
            shot("case_detail-by-query-code")

            # a party's case from my cases
            flow.clear()
            flow.open_detail(identity, "demo-case-judgment")
            wait(lambda: flow.detail.view is not None)
            shot("case_detail")

            # 阅卷
            flow.begin("case_reading", identity)
            reading = flow.reading
            wait(lambda: reading.mode == "choose" and not reading._loading_cases)
            shot("case_reading-choose")
            button = next(b for b in reading.choose.findChildren(type(reading.retry))
                          if b.text().startswith(hearing.case_number))
            button.click()
            wait(lambda: reading.index is not None)
            shot("case_reading-not-applied")
            reading.apply_button.click()
            wait(lambda: services.case_reading.state is not None and services.case_reading.state.status != "sending",
                 timeout=30)
            shot("case_reading-pending")
            flow.begin("case_reading", identity)
            wait(lambda: reading.mode == "choose" and not reading._loading_cases)
            button = next(b for b in reading.choose.findChildren(type(reading.retry))
                          if b.text().startswith(judgment.case_number))
            button.click()
            wait(lambda: reading.index is not None)
            shot("case_reading-granted")
            row = next(i for i, d in enumerate(reading.index.documents) if d.document_id == "demo-bundle-30p")
            reading.open_buttons[row].click()
            wait(lambda: reading.reader.shown == 0)
            shot("case_reading-reader")
            reading.reader.next.click()
            wait(lambda: reading.reader.shown == 1)
            reading.reader.zoom_in.click()
            wait(lambda: reading.reader.shown == 1 and reading.reader.zoom_index == 1)
            pump(0.5)
            shot("case_reading-reader-zoomed")
            reading.reader.close_button.click()
            core.sandbox.app.state.faults.set(FaultSpec(document_fault="truncate"))
            reading.open_buttons[row].click()
            wait(lambda: reading.problem.isVisible())
            shot("case_reading-download-broke-off")
            core.sandbox.app.state.faults.set(FaultSpec(document_fault="oversized", oversized_pages=400))
            reading.open_buttons[row].click()
            wait(lambda: reading.opening is None and reading.problem.isVisible())
            shot("case_reading-too-many-pages")
            core.sandbox.app.state.faults.set(FaultSpec())
        finally:
            flow.clear()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
