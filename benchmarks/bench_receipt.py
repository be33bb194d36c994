"""Receipt generation: a filing receipt built and encoded to ESC/POS bytes (what the
printer worker does before sending), median of many runs."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


class _Policy:
    @staticmethod
    def court_name(code):
        return "北京市朝阳区人民法院"

    @staticmethod
    def case_type_name(code):
        return "民事一审（财产案件）"


def run(runs: int = 200) -> list[tuple[str, str, str]]:
    from drivers.printer.escpos_codec import encode_receipt
    from kiosk.services.receipts import filing_receipt
    from tests.queue_payloads import filing_payload

    payload = filing_payload()
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        data = encode_receipt(filing_receipt(payload, _Policy))
        times.append(time.perf_counter() - start)
        size = len(data)
    return [("receipt generation (build + ESC/POS encode)", f"{statistics.median(times) * 1000:.2f} ms",
             f"median of {runs}, {size} bytes")]


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
