"""文书打印 in the real window: touch Print to the A4 job submitted (target <= 1 s).

The whole kiosk in this process (demo config, the embedded court sandbox) with its A4 printer on
a private cupsd (tests/drivers/cups_stack.py) whose raw queue prints to a loopback listener, so
the printer's own time is left out. The demo persona's 8-page 民事判决书 is listed, downloaded
and previewed as a litigant would; then each run clicks Print and times until the service reports
the CUPS job submitted (``print_progress`` "pending": the court recorded the print, every page was
stamped with the footer and QR, and cupsd answered Print-Job with the job id), then waits for the
job and its slip before the next run. The first run (warming fonts and imports) is not counted.
Needs root and apt cups cups-client (as the tests do).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 1.0
PERSONA = 3  # court_sandbox.demo's persona
DOCUMENT = "demo-judgment"


def run(runs: int = 8) -> list[tuple[str, str, str]]:
    from PySide6.QtCore import QEventLoop, QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from kiosk.app import start_in_process
    from kiosk.config import load_config
    from tests.drivers.cups_stack import CupsStack, RawListener

    app = QApplication.instance() or QApplication(sys.argv[:1])
    listener = RawListener()
    stack = CupsStack().start()
    tmp = tempfile.mkdtemp(prefix="kiosk-bench-print-")
    window = core = services = None
    try:
        stack.add_raw_queue("BENCHA4", listener.port)
        config = load_config(env={}, overrides={
            "kiosk.data_dir": tmp, "kiosk.log_dir": tmp, "kiosk.fullscreen": False,
            "devices.a4_printer.backend": "cups", "devices.a4_printer.queue": "BENCHA4",
            "devices.a4_printer.server": stack.server,
        })
        window, core, services = start_in_process(config, app, (1600, 1000))

        def wait(cond, timeout=60.0):
            end = time.monotonic() + timeout
            while not cond():
                if time.monotonic() > end:
                    raise TimeoutError("benchmark step did not finish")
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

        def touch(widget, pos=None):
            QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                             pos if pos is not None else QPoint())

        touch(window.attract.start)
        wait(lambda: window.current == "menu")
        touch(window.menu.tiles["print_documents"])
        wait(lambda: window.current == "identify")
        services.demo.place_card(PERSONA)
        wait(lambda: window.identify.continue_button.isVisible())
        touch(window.identify.continue_button)
        page = window.print_documents
        wait(lambda: window.current == "print_documents" and page._list_state == "ok")
        index = next(i for i, row in enumerate(page._rows) if row.document_id == DOCUMENT)
        touch(page.table.viewport(), page.table.visualRect(page.table.model().index(index, 2)).center())
        wait(lambda: page._doc_state == "ready")
        pages = page._pages

        submitted: list[float] = []
        service = services.print_documents
        service.print_progress.connect(lambda stage, reason: submitted.append(time.perf_counter())
                                       if stage == "pending" else None)
        times = []
        for i in range(runs + 1):
            page._result = None  # Print again: the same document, a new print record each time
            page.retranslate()
            wait(lambda: page.print_button.isEnabled())
            submitted.clear()
            start = time.perf_counter()
            touch(page.print_button)
            wait(lambda: bool(submitted))
            if i:
                times.append(submitted[0] - start)
            wait(lambda: page._result is not None and page._slip is not None)
            if page._result.status != "printed":
                raise RuntimeError(f"the print ended {page._result.status}")
        delivered = len(listener.wait_for(runs + 1, timeout=30))
    finally:
        if services is not None:
            services.shutdown()
        if core is not None:
            core.stop()
        if window is not None:
            window.allow_close()
            window.close()
        stack.stop()
        listener.close()
    median = statistics.median(times)
    return [("print documents: touch Print to A4 job submitted (median)", f"{median * 1000:.0f} ms",
             f"target <= {TARGET_SECONDS * 1000:.0f} ms; {runs} runs of a {pages}-page judgment, "
             f"max {max(times) * 1000:.0f} ms, {delivered} jobs delivered")]


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
