"""Screenshots of 文书打印 (issue 13 §4) in zh_CN and en at the kiosk's window size, into
screenshots/records/: the menu, the list, a preview, a print done, a print failed on
the printer, the page limit, a broken download, no A4 printer, the tile out of service.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/records/print.py --lang zh_CN
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

    args, out = arguments("records")

    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from kiosk.app import start_in_process
    from kiosk.config import load_config
    from offline_queue import contract as c
    from tests.drivers.cups_stack import CupsStack, RawListener, free_port

    app = QApplication(sys.argv[:1])
    listener = RawListener()
    cups = CupsStack().start()
    cups.add_raw_queue("SHOTA4", listener.port)
    cups.add_raw_queue("SHOTDEAD", free_port(), "printer-error-policy=abort-job", contimeout=1)

    def start(queue: str | None):
        tmp = tempfile.mkdtemp(prefix="kiosk-shots-print-")
        overrides = {"kiosk.data_dir": tmp, "kiosk.log_dir": tmp, "kiosk.language": args.lang,
                     "kiosk.fullscreen": False}
        if queue:
            overrides.update({"devices.a4_printer.backend": "cups", "devices.a4_printer.queue": queue,
                              "devices.a4_printer.server": cups.server})
        return start_in_process(load_config(env={}, overrides=overrides), app, (1920, 1080))

    def stop(parts):
        window, core, services = parts
        services.shutdown()
        core.stop()
        window.allow_close()
        window.close()

    def shot(window, name):
        pump(0.4)
        path = out / f"print-{name}-{args.lang}.png"
        window.grab().save(str(path))
        print(path)

    def enter(window, services):
        window.attract.start.click()
        wait(lambda: window.current == "menu")
        window.menu.tiles["print_documents"].click()
        wait(lambda: window.current == "identify")
        services.demo.place_card(3)
        wait(lambda: window.identify.continue_button.isVisible())
        window.identify.continue_button.click()
        page = window.print_documents
        wait(lambda: window.current == "print_documents" and page._list_state == "ok")
        return page

    def touch(page, document_id):
        index = next(i for i, row in enumerate(page._rows) if row.document_id == document_id)
        rect = page.table.visualRect(page.table.model().index(index, 2))
        QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(rect.center()))

    try:
        parts = start("SHOTA4")
        window, core, services = parts
        pump(1.0)
        window.attract.start.click()
        wait(lambda: window.current == "menu")
        shot(window, "menu")
        window.home()
        wait(lambda: window.current == "attract")
        page = enter(window, services)
        shot(window, "list")
        touch(page, "demo-judgment")
        wait(lambda: page._doc_state == "ready")
        wait(lambda: all(p.pixmap() is not None and not p.pixmap().isNull() for p in page.preview._pages[:2]))
        shot(window, "preview")
        page.print_button.click()
        wait(lambda: page._print_state == "processing" or page._result is not None)
        shot(window, "printing")
        wait(lambda: page._result is not None and page._slip is not None, 60)
        shot(window, "printed")
        page.back_to_list()
        services.print_documents._policy.print_limits = lambda: {"max_pages_per_document": 5,
                                                                 "max_pages_per_day": 200}
        touch(page, "demo-judgment")
        wait(lambda: page._doc_state.startswith("failed"))
        shot(window, "page-limit")
        page.back_to_list()
        core.sandbox.app.state.faults.set(c.FaultSpec(fail_next=1, action="close",
                                                      paths=["/api/v1/documents/fetch"]))
        touch(page, next(r.document_id for r in page._rows if r.title == "传票"))
        wait(lambda: page._doc_state.startswith("failed"))
        shot(window, "download-broken")
        stop(parts)

        parts = start("SHOTDEAD")
        window, core, services = parts
        page = enter(window, services)
        touch(page, next(r.document_id for r in page._rows if r.title == "传票"))
        wait(lambda: page._doc_state == "ready")
        page.print_button.click()
        wait(lambda: page._result is not None and page._slip is not None, 60)
        shot(window, "printer-failed")
        stop(parts)

        parts = start("NO-SUCH-QUEUE")
        window, core, services = parts
        services.device_health.check()
        window.attract.start.click()
        wait(lambda: not window.menu.is_available("print_documents"))
        window.menu.tiles["print_documents"].click()
        shot(window, "tile-out-of-service")
        stop(parts)

        parts = start(None)
        window, core, services = parts
        page = enter(window, services)
        shot(window, "no-printer-list")
        touch(page, "demo-judgment")
        wait(lambda: page._doc_state == "ready")
        shot(window, "no-printer-preview")
        stop(parts)
    finally:
        cups.stop()
        listener.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
