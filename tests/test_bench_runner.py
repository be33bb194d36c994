"""`make bench` reports a benchmark that cannot finish as failed, with its reason, and never hangs."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import run as bench_run  # noqa: E402


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "bench_hang.py").write_text("import time\ndef run():\n    print('partial | 1 ms | before the hang', flush=True)\n"
                                            "    time.sleep(600)\n    return []\n")
    (tmp_path / "bench_broken.py").write_text("def run():\n    raise TimeoutError('benchmark step did not finish')\n")
    (tmp_path / "bench_fine.py").write_text("def run():\n    return [('thing', '3 ms', 'target <= 5 ms')]\n")
    (tmp_path / "never_ready.py").write_text("import time\ntime.sleep(600)\n")
    return tmp_path


def test_a_benchmark_that_hangs_is_stopped_and_reported_failed(folder):
    start = time.monotonic()
    rows = bench_run.run_one("bench_hang", dict(os.environ), timeout=3, folder=folder)
    assert time.monotonic() - start < 30
    assert rows[-1] == ("bench_hang", "failed", "did not finish within 3 s (stopped)")
    assert rows[0] == ("partial", "1 ms", "before the hang")  # what it measured before is kept


def test_a_benchmark_that_raises_is_reported_failed_with_its_reason(folder):
    rows = bench_run.run_one("bench_broken", dict(os.environ), folder=folder)
    assert rows == [("bench_broken", "failed", "TimeoutError: benchmark step did not finish")]
    assert bench_run.run_one("bench_fine", dict(os.environ), folder=folder) == [("thing", "3 ms", "target <= 5 ms")]


def test_a_cold_start_that_never_gets_ready_fails_within_its_timeout(folder):
    start = time.monotonic()
    with pytest.raises(bench_run.BenchmarkFailed, match="not ready within 2 s"):
        bench_run.time_to_ready([sys.executable, str(folder / "never_ready.py")], dict(os.environ), timeout=2)
    assert time.monotonic() - start < 30
    with pytest.raises(bench_run.BenchmarkFailed, match="exited 3 before it was ready"):
        bench_run.time_to_ready([sys.executable, "-c", "raise SystemExit(3)"], dict(os.environ), timeout=20)


def test_the_targets_table_judges_each_row_with_a_target():
    judged = {name: (wanted, result) for name, _value, wanted, result in bench_run.targets_table([
        ("ratio", "1.79 x", "target <= 1.20 x"),
        ("card", "289 ms", "median of 12, max 300 ms; target <= 400 ms"),
        ("page", "1.60 s", "6 pages; target <= 1.5 s"),
        ("page ms", "900 ms", "target <= 1.5 s"),  # units scaled
        ("fields", "98.6 %", "71/72; target >= 98% / 100%"),
        ("growth", "+0.9%", "340 -> 343 MB; target <= 5 % (pass)"),  # the benchmark's own verdict
        ("leak", "+1", "23 -> 24; target 0 (FAIL)"),
        ("queue", "+7.0 MB", "target +-5 MB"),
        ("broken", "failed", "did not finish within 300 s"),
        ("plain", "42 ms", "no goal here"),
        ("ratio in note", "61 ms", "raw 55 ms = 1.11x (crops included); target <= 1.2x; median of 16"),
        ("fallback", "55.6%", "40/72; the primary engine's aim >= 98%"),  # shown for comparison, not judged
    ])}
    assert judged == {
        "ratio": ("target <= 1.20 x", "FAIL"), "card": ("target <= 400 ms", "pass"),
        "page": ("target <= 1.5 s", "FAIL"), "page ms": ("target <= 1.5 s", "pass"),
        "fields": ("target >= 98%", "pass"), "growth": ("target <= 5 %", "pass"),
        "leak": ("target 0", "FAIL"), "queue": ("target +-5 MB", "FAIL"),
        "broken": ("did not finish within 300 s", "FAIL"), "ratio in note": ("target <= 1.2x", "pass"),
    }
