"""ID card read to form filled, over a serial SAM reader paced at the real wire rate.

A PtySamDevice answers at 115200 baud (8N1: 10 bits a byte) with a sample card
on it; the driver (SerialSamReader, already open) polls: find card, select,
read base info; then the identity service's form-fill step
(``identity_from_card``) turns the card into an Identity. Reported: the median
of that time over N runs, the wire time of every frame of one poll (commands
and responses) and the difference (target: overhead <= 50 ms).

Run with ``python benchmarks/bench_idcard.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from drivers.idcard.pty_device import PtySamDevice  # noqa: E402
from drivers.idcard.serial_sam import SerialSamReader  # noqa: E402
from drivers.idcard.simulator import SAMPLE_CARDS  # noqa: E402
from kiosk.services.identity import identity_from_card  # noqa: E402

BAUDRATE = 115200
OVERHEAD_TARGET_MS = 50.0


def run(runs: int = 15) -> list[tuple[str, str, str]]:
    card = SAMPLE_CARDS[0]
    with tempfile.TemporaryDirectory() as tmp, \
            PtySamDevice(card, link=Path(tmp) / "ttySAM", pace_baudrate=BAUDRATE) as device:
        reader = SerialSamReader(device.port, baudrate=BAUDRATE, timeout=1.0)
        try:
            reader.poll()  # open the port and check the SAM (not part of a read)
            times, wire_bytes = [], []
            for _ in range(runs):
                device.reset_counters()
                start = time.perf_counter()
                data = reader.poll()
                identity = identity_from_card(data, date.today())
                times.append(time.perf_counter() - start)
                if identity.id_number != card.id_number:
                    raise RuntimeError("the benchmark read the wrong card")
                wire_bytes.append(device.bytes_in + device.bytes_out)
        finally:
            reader.close()
    if len(set(wire_bytes)) != 1:
        raise RuntimeError(f"frames differ between runs: {sorted(set(wire_bytes))} bytes")
    wire = wire_bytes[0] * 10 / BAUDRATE
    median = statistics.median(times)
    overhead_ms = (median - wire) * 1000
    verdict = "ok" if overhead_ms <= OVERHEAD_TARGET_MS else "OVER TARGET"
    return [
        ("id card: read to form filled (median)", f"{median * 1000:.1f} ms",
         f"{runs} runs, min {min(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms"),
        ("id card: wire time at 115200 8N1", f"{wire * 1000:.1f} ms",
         f"{wire_bytes[0]} bytes of command and response frames"),
        ("id card: overhead", f"{overhead_ms:.1f} ms", f"target <= {OVERHEAD_TARGET_MS:.0f} ms: {verdict}"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    from run import print_table  # benchmarks/run.py: one table layout for every benchmark

    print_table(run(args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
