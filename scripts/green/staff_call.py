"""Screenshots of 呼叫工作人员 (issue 15 §5) in zh_CN and en at the kiosk's window size, into
screenshots/green/: the header button, the notice with a printed priority ticket, the notice once the
hall acknowledged, the notice with the court out of reach and the printer out of paper, and maintenance
mode's list of calls.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/green/staff_call.py --lang zh_CN
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> int:
    from scripts.shots import arguments, pump, wait

    args, out = arguments("green")

    from PySide6.QtWidgets import QApplication

    from kiosk.app import start_in_process
    from kiosk.config import load_config
    from kiosk.pin import DEMO_PIN
    from offline_queue import contract as c

    app = QApplication(sys.argv[:1])
    tmp = tempfile.mkdtemp(prefix="kiosk-shots-staffcall-")
    overrides = {"kiosk.data_dir": tmp, "kiosk.log_dir": tmp, "kiosk.language": args.lang, "kiosk.fullscreen": False}
    window, core, services = start_in_process(load_config(env={}, overrides=overrides), app, (1920, 1080))
    service, notice = services.staff_call, window.staff_call_notice
    service._poll_timer.setInterval(300)
    service._delivery_timer.setInterval(1500)
    calls = core.sandbox.app.state.staff_calls
    printer = core.devices["receipt_printer"]

    def shot(name):
        pump(0.5)
        path = out / f"staff-call-{name}-{args.lang}.png"
        window.grab().save(str(path))
        print(path)

    try:
        wait(lambda: window.attract.isVisible())
        window.attract.start.click()
        wait(lambda: window.current == "menu")
        window.menu.tiles["fee_calculator"].click()
        wait(lambda: window.current == "fee_calculator")
        shot("button")
        window.call_staff_button.click()
        wait(lambda: notice.state is not None and notice.state.ticket_state == "printed" and notice.state.reached_court)
        shot("notice")
        calls.acknowledge(notice.state.record.call_id, "服务台")
        wait(lambda: notice.state.acknowledged)
        shot("notice-acknowledged")
        window.home_button.click()
        wait(lambda: window.current == "attract")

        core.sandbox.app.state.faults.set(c.FaultSpec(error_rate=1.0, error_statuses=[503],
                                                      paths=["/api/v1/staff-calls/"]))
        printer.set_paper(out=True)
        window.call_staff_button.click()
        wait(lambda: notice.state is not None and notice.state.waiting_network
             and notice.state.ticket_state != "taking")
        shot("notice-offline-no-paper")
        window.attract.start.click()  # a third one, handled by staff
        wait(lambda: window.current == "menu")
        window.home_button.click()
        wait(lambda: window.current == "attract")
        core.sandbox.app.state.faults.set(c.FaultSpec())
        printer.set_paper(out=False)
        window.attract.start.click()
        wait(lambda: window.current == "menu")
        window.menu.tiles["guidance"].click()
        wait(lambda: window.current == "guidance")
        window.call_staff_button.click()
        wait(lambda: notice.state is not None and notice.state.reached_court)
        handled = notice.state.record.call_id
        window.enter_maintenance()
        window.staff_gate.pad.type_login("0001", DEMO_PIN)  # the demo staff member
        wait(lambda: window.maintenance.unlocked)
        panel = window.maintenance.staff_calls
        wait(lambda: panel.table.rowCount() == 3)
        service.mark_handled(handled)
        wait(lambda: any(r.handled_at is not None for r in panel._calls))
        shot("maintenance")
    finally:
        services.shutdown()
        core.stop()
        window.allow_close()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
