"""The benchmarks' reading of this process's resident memory."""

from __future__ import annotations


def rss_mb() -> float:
    """VmRSS of this process, MB (NaN where /proc is not there)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")
