"""Screenshots of 文书打印 (issue 13 §4) in zh_CN and en at the kiosk's window size, into
screenshots/records/: the menu, the list, a preview, a print done, a print failed on
the printer, the page limit, a broken download, no A4 printer, the tile out of service.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/records/print.py --lang zh_CN
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> int:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from offline_queue import contract as c
    from scripts.shots import kiosk_shots, pump, wait
    from tests.drivers.cups_stack import CupsStack, RawListener, free_port

    listener = RawListener()
    cups = CupsStack().start()
    cups.add_raw_queue("SHOTA4", listener.port)
    cups.add_raw_queue("SHOTDEAD", free_port(), "printer-error-policy=abort-job", contimeout=1)

    def start(queue: str | None):
        overrides = {}
        if queue:
            overrides = {"devices.a4_printer.backend": "cups", "devices.a4_printer.queue": queue,
                         "devices.a4_printer.server": cups.server}
        return kiosk_shots("records", "print-", **overrides)

    def enter(k):
        window = k.window
        window.attract.start.click()
        wait(lambda: window.current == "menu")
        k.identify("print_documents", 3)
        page = window.print_documents
        wait(lambda: window.current == "print_documents" and page._list_state == "ok")
        return page

    def touch(page, document_id):
        index = next(i for i, row in enumerate(page._rows) if row.document_id == document_id)
        rect = page.table.visualRect(page.table.model().index(index, 2))
        QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(rect.center()))

    try:
        with start("SHOTA4") as k:
            window, core, services, shot = k.window, k.core, k.services, k.shot
            pump(1.0)
            window.attract.start.click()
            wait(lambda: window.current == "menu")
            shot("menu")
            window.home()
            wait(lambda: window.current == "attract")
            page = enter(k)
            shot("list")
            touch(page, "demo-judgment")
            wait(lambda: page._doc_state == "ready")
            wait(lambda: all(p.pixmap() is not None and not p.pixmap().isNull() for p in page.preview._pages[:2]))
            shot("preview")
            page.print_button.click()
            wait(lambda: page._print_state == "processing" or page._result is not None)
            shot("printing")
            wait(lambda: page._result is not None and page._slip is not None, 60)
            shot("printed")
            page.back_to_list()
            services.print_documents._policy.print_limits = lambda: {"max_pages_per_document": 5,
                                                                     "max_pages_per_day": 200}
            touch(page, "demo-judgment")
            wait(lambda: page._doc_state.startswith("failed"))
            shot("page-limit")
            page.back_to_list()
            core.sandbox.app.state.faults.set(c.FaultSpec(fail_next=1, action="close",
                                                          paths=["/api/v1/documents/fetch"]))
            touch(page, next(r.document_id for r in page._rows if r.title == "传票"))
            wait(lambda: page._doc_state.startswith("failed"))
            shot("download-broken")

        with start("SHOTDEAD") as k:
            page = enter(k)
            touch(page, next(r.document_id for r in page._rows if r.title == "传票"))
            wait(lambda: page._doc_state == "ready")
            page.print_button.click()
            wait(lambda: page._result is not None and page._slip is not None, 60)
            k.shot("printer-failed")

        with start("NO-SUCH-QUEUE") as k:
            window = k.window
            k.services.device_health.check()
            window.attract.start.click()
            wait(lambda: not window.menu.is_available("print_documents"))
            window.menu.tiles["print_documents"].click()
            k.shot("tile-out-of-service")

        with start(None) as k:
            page = enter(k)
            k.shot("no-printer-list")
            touch(page, "demo-judgment")
            wait(lambda: page._doc_state == "ready")
            k.shot("no-printer-preview")
    finally:
        cups.stop()
        listener.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
