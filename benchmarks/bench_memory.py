"""Memory of a kiosk at rest, without a speech model, and where it goes.

Each figure comes from a kiosk started in a process of its own (``start_in_process``: window,
core and services, simulated devices), measured twice: once its services are attached, and at
rest, after the start-up's OCR warm-up has read a card and a page in the OCR child process and
ended it (and ``kiosk.gui_gc.startup_done``), with the heap trimmed.

- ``embedded court``: the demo's default, the court sandbox in the kiosk's process;
- ``remote court``: the sandbox in a process of its own on loopback (``court.backend = remote``),
  as a production kiosk talks to its court: the kiosk's own memory without the sandbox.

The breakdown is read from /proc/self/smaps (resident pages by mapping: Qt's libraries, the OCR
libraries, other native libraries, fonts, and anonymous memory: the Python heap and native
allocations) and, in a third run, from tracemalloc (what Python objects hold, by package).
Budgets (issue 19): at rest <= 250 MB in production, <= 300 MB in demo mode.

    .venv/bin/python benchmarks/bench_memory.py
"""

from __future__ import annotations

import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from court import RemoteCourt
from procstat import rss_mb

ROOT = Path(__file__).resolve().parent.parent
GROUPS = (
    ("Qt libraries", re.compile(r"libQt6|libicu|PySide6|shiboken6|Qt\w*\.abi3\.so|/plugins/")),
    ("OCR libraries", re.compile(r"onnxruntime|tesser|lept|cv2|libav|libsw|opencv")),
    ("fonts", re.compile(r"\.(ttf|ttc|otf)$")),
)


def _smaps() -> dict[str, float]:
    """Resident MB by group."""
    out: collections.Counter = collections.Counter()
    group = "anonymous (Python heap, native allocations)"
    with open("/proc/self/smaps", encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                parts = line.split(maxsplit=5)
                path = parts[5].strip() if len(parts) > 5 else ""
                if not path or path.startswith("[heap]") or path.startswith("[anon"):
                    group = "anonymous (Python heap, native allocations)"
                elif path.startswith("["):
                    group = "other"
                else:
                    group = next((name for name, pattern in GROUPS if pattern.search(path)), "other files and libraries")
            elif line.startswith("Rss:"):
                out[group] += int(line.split()[1]) / 1024
    return dict(out)


def _trim() -> None:
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except OSError:
        pass


def measure(court_url: str | None, traced: bool) -> dict:
    """In this process: a kiosk started and brought to rest; its figures as a dict."""
    if traced:
        import tracemalloc

        tracemalloc.start(1)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from kiosk.app import start_in_process, warm_up_in_process
    from kiosk.config import load_config

    tmp = tempfile.mkdtemp(prefix="kiosk-bench-memory-")
    overrides = {"kiosk.data_dir": tmp, "kiosk.log_dir": tmp, "kiosk.fullscreen": False}
    if court_url:
        overrides.update({"court.backend": "remote", "court.base_url": court_url, "court.mutual_tls": False})
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window, core, services = start_in_process(load_config(env={}, overrides=overrides), app, (1920, 1080))

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    pump(1.0)
    _trim()
    figures = {"started": rss_mb()}
    warm_up_in_process(services, app)  # as `kiosk` does while the attract screen waits
    pump(2.0)
    _trim()
    figures["at rest"] = rss_mb()
    figures["breakdown"] = _smaps()
    if traced:
        import tracemalloc

        by: collections.Counter = collections.Counter()
        for stat in tracemalloc.take_snapshot().statistics("filename"):
            name = stat.traceback[0].filename
            if "site-packages/" in name:
                key = name.split("site-packages/")[1].split("/")[0].removesuffix(".py")
            elif str(ROOT) in name:
                key = "the kiosk's " + name.split(str(ROOT) + "/")[1].split("/")[0]
            else:
                key = "the standard library"
            by[key] += stat.size / 1e6
        figures["python"] = dict(by.most_common())
    services.shutdown()
    core.stop()
    return figures


def _child(court_url: str | None, traced: bool) -> dict:
    args = [sys.executable, __file__, "--child", json.dumps({"court_url": court_url, "traced": traced})]
    out = subprocess.run(args, capture_output=True, text=True, timeout=300, check=True,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    return json.loads(out.stdout.strip().splitlines()[-1])


def run() -> list[tuple[str, str, str]]:
    rows = []
    embedded = _child(None, False)
    with tempfile.TemporaryDirectory() as tmp:
        court = RemoteCourt(Path(tmp))
        try:
            remote = _child(court.url, False)
        finally:
            court.stop()
    traced = _child(None, True)
    for name, fig, budget in (("embedded court (demo)", embedded, 300), ("remote court", remote, 250)):
        rows.append((f"memory: kiosk at rest, {name}", f"{fig['at rest']:.0f} MB",
                     f"after start-up {fig['started']:.0f} MB; the OCR warm-up done, its child process ended; "
                     f"budget <= {budget} MB ({'pass' if fig['at rest'] <= budget else 'FAIL'})"))
    for group, mb in sorted(remote["breakdown"].items(), key=lambda item: -item[1]):
        rows.append((f"memory at rest, remote court: {group}", f"{mb:.0f} MB", "resident, /proc/self/smaps"))
    rows.append(("memory at rest: the OCR warm-up's share, remote court", f"{remote['at rest'] - remote['started']:.0f} MB",
                 "what the warm-up leaves in the kiosk's process (the engines run in a child process: "
                 "kiosk.recognition.child)"))
    rows.append(("memory at rest: the embedded sandbox's share", f"{embedded['started'] - remote['started']:.0f} MB",
                 "after start-up, embedded minus remote court"))
    python = traced["python"]
    top = ", ".join(f"{k} {v:.1f}" for k, v in list(python.items())[:6])
    rows.append(("memory at rest: Python objects (tracemalloc, embedded court)", f"{sum(python.values()):.0f} MB",
                 f"by package (MB): {top}"))
    return rows


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        options = json.loads(sys.argv[2])
        print(json.dumps(measure(options["court_url"], options["traced"])))
        sys.stdout.flush()
        os._exit(0)  # the kiosk's threads are stopped; skip the interpreter's teardown
    for row in run():
        print(" | ".join(row))
