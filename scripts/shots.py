"""What the screenshot scripts (scripts/records/*.py, scripts/guidance/*.py) share: pumping Qt's
events while the real app works, and waiting for a screen to reach a state."""

from __future__ import annotations

import time


def pump(seconds: float = 0.3) -> None:
    """Let the app run for ``seconds`` (events, workers' answers, repaints)."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)


def wait(cond, timeout: float = 30.0) -> None:
    """Pump until ``cond()`` is true; TimeoutError after ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise TimeoutError(f"waiting for {cond}")
        pump(0.05)


def arguments(folder: str):
    """``--lang`` (zh_CN | en) and ``--out`` (default screenshots/<folder>, made if missing); other
    arguments (`make screenshots ARGS=...` passes the same to every script) are ignored.
    Returns (the parsed arguments, the output folder)."""
    import argparse
    from pathlib import Path

    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"])
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "screenshots" / folder))
    args = parser.parse_known_args()[0]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    return args, out
