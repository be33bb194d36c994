"""A4 job submission time against a private cupsd (tests/drivers/cups_stack.py).

"render + submit": lay out a one-page Chinese notice as an A4 PDF (QTextDocument ->
QPdfWriter) and submit it with IPP Print-Job until CUPS answered with the job id.
"Qt print": the same document through QPrinter (Qt's CUPS engine) until the driver
has found the new CUPS job id. Both to a raw queue whose device is a loopback TCP
listener, so the numbers are the kiosk's side of the work, not a printer's.
Needs root and apt cups cups-client (as the tests do).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

NOTICE = (
    "<h2>北京市朝阳区人民法院</h2><h3>受理通知书</h3>"
    + "<p>案件编号 F-2026-000123。请于七日内缴纳诉讼费用。</p>" * 12
    + "<p>Filing F-2026-000123, fee ¥50.00</p>"
)


def run(runs: int = 15) -> list[tuple[str, str, str]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from drivers.a4printer.cups_backend import CupsA4Printer
    from tests.drivers.cups_stack import CupsStack, RawListener

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (kept alive for Qt)
    listener = RawListener()
    stack = CupsStack()
    try:
        start = time.perf_counter()
        stack.start()
        ready = time.perf_counter() - start
        stack.add_raw_queue("BENCH", listener.port)
        printer = CupsA4Printer("BENCH", server=stack.server)
        submit, qt_print = [], []
        with tempfile.TemporaryDirectory() as tmp:
            for i in range(runs + 1):  # the first run warms fonts and Qt's print plugin
                t0 = time.perf_counter()
                pdf = printer.render_pdf(NOTICE, Path(tmp) / f"notice{i}.pdf")
                job = printer.print_pdf(pdf, f"bench {i}")
                t1 = time.perf_counter()
                printer.print_document(printer.make_document(NOTICE), f"bench qt {i}")
                t2 = time.perf_counter()
                if i:
                    submit.append(t1 - t0)
                    qt_print.append(t2 - t1)
            done = printer.wait(job, 30)
        delivered = listener.wait_for(2 * (runs + 1), timeout=30)
    finally:
        stack.stop()
        listener.close()
    note = f"{runs} runs, min %.0f ms; last job {done.state}, {len(delivered)} jobs delivered"
    return [
        ("A4: private cupsd ready", f"{ready * 1000:.0f} ms", "cupsd -f until it listens"),
        ("A4: render + submit PDF until job id (median)", f"{statistics.median(submit) * 1000:.0f} ms",
         note % (min(submit) * 1000)),
        ("A4: Qt print through CUPS until job id (median)", f"{statistics.median(qt_print) * 1000:.0f} ms",
         note % (min(qt_print) * 1000)),
    ]


def main() -> int:
    rows = run()
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:{width}}  {value:>8}  {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
