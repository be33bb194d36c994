"""Screenshots of 取号 (issue 14 §3) in zh_CN and en at the kiosk's window size, into
screenshots/guidance/: the menu, the services with the waiting and the calls, a number printed, a
priority number, a number issued offline, a print that failed (print again / cancel), the number
cancelled, and no number because the printer is out of paper.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/guidance/tickets.py --lang zh_CN
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> int:
    from offline_queue import contract as c
    from scripts.shots import kiosk_shots, pump, wait

    with kiosk_shots("guidance", "tickets-", settle=0.5) as k:
        window, core, services, shot = k.window, k.core, k.services, k.shot
        page = window.tickets
        page._timer.setInterval(300)
        printer = core.devices["receipt_printer"]
        hall = core.config.get("court.court_code")
        desk = services.tickets.desk
        state = core.sandbox.app.state

        def enter():
            window.attract.start.click()
            wait(lambda: window.current == "menu")
            window.menu.tiles["tickets"].click()
            wait(lambda: window.current == "tickets" and page._view is not None)

        def home():
            window.home()
            wait(lambda: window.current == "attract")

        wait(lambda: desk.book.numbers_left(c.ticket_day(desk.clock())) > 0)
        for service, count in (("filing", 5), ("payment", 2), ("mediation", 1), ("legal_aid", 1)):
            for _ in range(count):
                desk.take(service)  # people already waiting (not printed: for the picture only)
        for counter, codes in (("1", ["filing"]), ("4", ["payment"]), ("2", ["filing"])):
            state.tickets.call_next(hall, c.CallNext(counter=counter, service_codes=codes))
        pump(1.0)
        window.attract.start.click()
        wait(lambda: window.current == "menu")
        shot("menu")
        home()

        enter()
        wait(lambda: page._view.reachable and page._view.calls)
        shot("services")
        page.tiles["filing"].click()
        wait(lambda: page._state == "printed")
        shot("printed")
        home()

        enter()
        page.set_priority(True)
        shot("priority-services")
        page.tiles["filing"].click()
        wait(lambda: page._state == "printed")
        shot("priority-printed")
        home()

        enter()
        state.faults.set(c.FaultSpec(error_rate=1.0, error_statuses=[503], paths=["/api/v1/tickets/",
                                                                                   "/api/v1/halls/"]))
        page.tiles["consultation"].click()
        wait(lambda: page._state == "printed", 20)
        wait(lambda: not page._view.reachable)
        shot("offline")
        state.faults.set(c.FaultSpec())
        home()

        enter()
        hook = services.tickets.issued.connect(lambda ticket: printer.set_paper(out=True))
        page.tiles["petition"].click()
        wait(lambda: page._state.startswith("print_failed"))
        shot("print-failed")
        services.tickets.issued.disconnect(hook)
        page.cancel_button.click()
        wait(lambda: page._state.startswith("cancelled"))
        shot("cancelled")
        home()

        enter()
        page.tiles["filing"].click()
        wait(lambda: page._state.startswith("refused"))
        shot("no-paper")
        printer.set_paper(out=False)
        home()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
