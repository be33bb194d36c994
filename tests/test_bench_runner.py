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
