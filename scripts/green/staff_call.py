"""Screenshots of 呼叫工作人员 (issue 15 §5) in zh_CN and en at the kiosk's window size, into
screenshots/green/: the header button, the notice with a printed priority ticket, the notice once the
hall acknowledged, the notice with the court out of reach and the printer out of paper, and maintenance
mode's list of calls.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/green/staff_call.py --lang zh_CN
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> int:
    from kiosk.pin import DEMO_PIN
    from offline_queue import contract as c
    from scripts.shots import kiosk_shots, wait

    with kiosk_shots("green", "staff-call-", settle=0.5) as k:
        window, core, services, shot = k.window, k.core, k.services, k.shot
        service, notice = services.staff_call, window.staff_call_notice
        service._poll_timer.setInterval(300)
        service._delivery_timer.setInterval(1500)
        calls = core.sandbox.app.state.staff_calls
        printer = core.devices["receipt_printer"]

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
    return 0


if __name__ == "__main__":
    sys.exit(main())
