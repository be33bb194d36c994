"""Benchmarks, printed as a table. Run with `make bench`.

cold start: process start -> first paint of a touchable attract screen, for the
kiosk (demo config, temp data dir) and for a bare PySide6 window, alternated in
one run; the medians and their ratio (target: kiosk <= 1.2 x bare), and the ratio
of the minimums (on a shared VM single runs jitter by tens of ms).

After the table of every measure, a second table lists every row that has a target
("target <= 50 ms", "target >= 98%", "target 0"), its value and whether it is met:
the verdict a benchmark gave itself, or the value compared with the target here.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PACKAGES = ("kiosk", "ui", "drivers", "offline_queue", "court_sandbox")
COLD_START_TARGET = 1.2  # kiosk / bare PySide6 window, medians (issue 19)


class BenchmarkFailed(Exception):
    """A benchmark that could not finish: reported as `failed` with this reason, never a hang."""


def time_to_ready(cmd: list[str], env: dict, timeout: float = 60.0) -> float:
    start = time.perf_counter()
    name = Path(cmd[-1]).name
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True) as proc:
        killer = threading.Timer(timeout, proc.kill)  # a start that hangs ends the read below
        killer.start()
        try:
            for line in proc.stdout:
                if line.startswith("ATTRACT_READY"):
                    elapsed = time.perf_counter() - start
                    break
            else:
                code = proc.wait()
                if not killer.is_alive():
                    raise BenchmarkFailed(f"{name}: not ready within {timeout:g} s")
                raise BenchmarkFailed(f"{name}: exited {code} before it was ready")
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired as exc:
                raise BenchmarkFailed(f"{name}: did not exit after it was ready") from exc
        finally:
            killer.cancel()
            proc.kill()
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
        ("cold start ratio kiosk / bare (medians)", f"{k / b:.2f} x", f"target <= {COLD_START_TARGET:.2f} x"),
        ("cold start ratio kiosk / bare (minimums)", f"{k_min / b_min:.2f} x", "least disturbed runs"),
    ]


# Each module has run() -> [(name, value, note)] (bench_preview: rows(), both of its cameras);
# each runs in its own process.
OTHERS = ("bench_receipt", "bench_idcard", "bench_a4", "bench_camera", "bench_preview", "bench_ocr",
          "bench_speech", "bench_recognition_ui", "bench_queue", "bench_drain", "bench_print_documents",
          "bench_reading", "bench_speech_output", "bench_memory", "bench_soak", "bench_video_engine",
          "bench_video_call_ui")
RUNNER = (
    "import sys; sys.path[:0] = [{bench!r}, {root!r}]; import {name} as m\n"
    "for row in getattr(m, 'rows', m.run)(): print(' | '.join(row), flush=True)\n"
)


# The longest a benchmark may run before it is stopped and reported as failed.
TIMEOUT_SECONDS = {"bench_queue": 900, "bench_drain": 600, "bench_soak": 900, "bench_memory": 600}
DEFAULT_TIMEOUT = 300


def run_one(name: str, env: dict, timeout: float | None = None,
            folder: Path = ROOT / "benchmarks") -> list[tuple[str, str, str]]:
    """One benchmark module in its own process: its rows, or a `failed` row with the reason."""
    code = RUNNER.format(bench=str(folder), root=str(ROOT), name=name)
    timeout = timeout or TIMEOUT_SECONDS.get(name, DEFAULT_TIMEOUT)
    try:
        proc = subprocess.run([PY, "-c", code], capture_output=True, text=True, env=env, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        rows = [tuple(ln.split(" | ")) for ln in out.splitlines() if ln.count(" | ") == 2]
        return rows + [(name, "failed", f"did not finish within {timeout:g} s (stopped)")]
    rows = [tuple(ln.split(" | ")) for ln in proc.stdout.splitlines() if ln.count(" | ") == 2]
    if proc.returncode != 0 or not rows:
        errors = [ln for ln in proc.stderr.strip().splitlines() if "propagateSizeHints" not in ln]
        rows.insert(0, (name, "failed", (errors or [f"exit {proc.returncode}, no output"])[-1][:100]))
    return rows


def others(names=OTHERS) -> list[tuple[str, str, str]]:
    rows = []
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    for name in names:
        if (ROOT / "benchmarks" / f"{name}.py").exists():
            rows.extend(run_one(name, env))
    return rows


def print_table(rows: list[tuple[str, str, str]]) -> None:
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':{width}}  {'value':>10}  note")
    print("-" * (width + 30))
    for name, value, note in rows:
        print(f"{name:{width}}  {value:>10}  {note}")


_VERDICT = re.compile(r"\b(pass|FAIL)\b")
_TARGET = re.compile(r"target:?\s*(<=|>=|<|>|=|\+-|±)?\s*([+-]?[0-9]*\.?[0-9]+)\s*(%|x|ms|s|MB|fps)?")
_NUMBER = re.compile(r"([+-]?[0-9]*\.?[0-9]+)\s*(%|x|ms|s|MB|fps)?")
_SCALE = {"ms": 0.001, "s": 1.0}


def verdict(value: str, note: str) -> tuple[str, str] | None:
    """(the target as written, "pass" or "FAIL") for a row with a target; None without one."""
    target = _TARGET.search(note)
    if target is None:
        return None
    op, number, unit = target.group(1) or "=", float(target.group(2)), target.group(3)
    written = note[target.start():target.end()].replace("target:", "target").strip()
    said = _VERDICT.search(note[target.start():])
    if said:
        return written, said.group(1)
    measured = _NUMBER.search(value)
    if measured is None:  # "failed" and the like
        return written, "FAIL"
    got, got_unit = float(measured.group(1)), measured.group(2)
    if unit == "x" and got_unit != "x":  # a time whose target is its ratio to another: "... = 1.11x; target"
        ratios = re.findall(r"=\s*([0-9]*\.?[0-9]+)\s*x", note[:target.start()])
        if ratios:
            got, got_unit = float(ratios[-1]), "x"
    if unit in _SCALE and got_unit in _SCALE:
        got = got * _SCALE[got_unit] / _SCALE[unit]
    ok = {"<=": got <= number, ">=": got >= number, "<": got < number, ">": got > number,
          "=": got == number, "+-": abs(got) <= number, "±": abs(got) <= number}[op]
    return written, "pass" if ok else "FAIL"


def targets_table(rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str, str]]:
    judged = []
    for name, value, note in rows:
        if value == "failed":
            judged.append((name, value, note[:40], "FAIL"))
            continue
        found = verdict(value, note)
        if found is not None:
            judged.append((name, value, found[0], found[1]))
    return judged


def print_targets(judged: list[tuple[str, str, str, str]]) -> None:
    if not judged:
        return
    width = max(len(r[0]) for r in judged)
    met = sum(1 for r in judged if r[3] == "pass")
    print()
    print(f"{'target':{width}}  {'value':>10}  {'wanted':28}  verdict")
    print("-" * (width + 52))
    for name, value, wanted, result in judged:
        print(f"{name:{width}}  {value:>10}  {wanted:28}  {result}")
    print(f"{met} of {len(judged)} targets met")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--only-cold-start", action="store_true")
    parser.add_argument("--only", nargs="+", choices=OTHERS, metavar="NAME",
                        help=f"cold start and these benchmarks only: {', '.join(OTHERS)}")
    args = parser.parse_args()
    try:
        rows = cold_start(args.runs)
    except BenchmarkFailed as exc:
        rows = [("cold start", "failed", str(exc))]
    if not args.only_cold_start:
        rows += others(args.only or OTHERS)
    print_table(rows)
    print_targets(targets_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
