"""Benchmarks, printed as a table. Run with `make bench`.

cold start: process start -> first paint of a touchable attract screen, for the
kiosk (demo config, temp data dir) and for a bare PySide6 window, alternated in
one run; the medians and their ratio (target: kiosk <= 1.3 x bare), and the ratio
of the minimums (on a shared VM single runs jitter by tens of ms).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PACKAGES = ("kiosk", "ui", "drivers", "offline_queue", "court_sandbox")


def time_to_ready(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    for line in proc.stdout:
        if line.startswith("ATTRACT_READY"):
            elapsed = time.perf_counter() - start
            break
    else:
        raise RuntimeError(f"{cmd} never reported ready (exit {proc.wait()})")
    proc.wait(timeout=30)
    return elapsed


def cold_start(runs: int) -> list[tuple[str, str, str]]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A deployed kiosk runs from compiled bytecode (the bundle, or a normal install); the
    # site-packages the bare window imports are compiled too. Compile ours the same way.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([PY, "-m", "compileall", "-q", *(str(ROOT / p) for p in PACKAGES)], check=False)
    with tempfile.TemporaryDirectory() as tmp:
        env["KIOSK_KIOSK__DATA_DIR"] = tmp
        env["KIOSK_KIOSK__LOG_DIR"] = tmp
        kiosk = [PY, "-m", "kiosk", "--windowed", "--report-ready"]
        bare = [PY, str(ROOT / "benchmarks" / "bare_window.py")]
        # warm the page cache once for each, then alternate
        time_to_ready(kiosk, env)
        time_to_ready(bare, env)
        k_times, b_times = [], []
        for _ in range(runs):
            k_times.append(time_to_ready(kiosk, env))
            b_times.append(time_to_ready(bare, env))
    k, b = statistics.median(k_times), statistics.median(b_times)
    k_min, b_min = min(k_times), min(b_times)
    return [
        ("cold start: bare PySide6 window (median)", f"{b * 1000:.0f} ms", f"{runs} runs, min {b_min * 1000:.0f} ms"),
        ("cold start: kiosk attract screen (median)", f"{k * 1000:.0f} ms", f"{runs} runs, min {k_min * 1000:.0f} ms"),
        ("cold start ratio kiosk / bare (medians)", f"{k / b:.2f} x", "target <= 1.30 x"),
        ("cold start ratio kiosk / bare (minimums)", f"{k_min / b_min:.2f} x", "least disturbed runs"),
    ]


# Each module has run() -> [(name, value, note)] (bench_preview: rows(), both of its cameras);
# each runs in its own process.
OTHERS = ("bench_receipt", "bench_idcard", "bench_a4", "bench_camera", "bench_preview", "bench_ocr",
          "bench_speech", "bench_recognition_ui", "bench_queue", "bench_drain")
RUNNER = (
    "import sys; sys.path[:0] = [{bench!r}, {root!r}]; import {name} as m\n"
    "for row in getattr(m, 'rows', m.run)(): print(' | '.join(row), flush=True)\n"
)


def others() -> list[tuple[str, str, str]]:
    rows = []
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    for name in OTHERS:
        if not (ROOT / "benchmarks" / f"{name}.py").exists():
            continue
        code = RUNNER.format(bench=str(ROOT / "benchmarks"), root=str(ROOT), name=name)
        proc = subprocess.run([PY, "-c", code], capture_output=True, text=True, env=env, timeout=600)
        lines = [ln.split(" | ") for ln in proc.stdout.splitlines() if ln.count(" | ") == 2]
        if proc.returncode != 0 or not lines:
            rows.append((name, "failed", (proc.stderr.strip().splitlines() or ["no output"])[-1][:60]))
        rows.extend(tuple(line) for line in lines)
    return rows


def print_table(rows: list[tuple[str, str, str]]) -> None:
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':{width}}  {'value':>10}  note")
    print("-" * (width + 30))
    for name, value, note in rows:
        print(f"{name:{width}}  {value:>10}  {note}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--only-cold-start", action="store_true")
    args = parser.parse_args()
    rows = cold_start(args.runs)
    if not args.only_cold_start:
        rows += others()
    print_table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
