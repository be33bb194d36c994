"""`make demo ARGS=--smoke`: the demo starts as a person starts it (no screen here, so on a
virtual X display of its own), shows the attract screen, gets ready and exits 0 by itself."""

from __future__ import annotations

import os
import subprocess
import sys


def test_the_demo_starts_shows_the_attract_screen_and_exits_by_itself(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update({"KIOSK_KIOSK__DATA_DIR": str(tmp_path / "data"), "KIOSK_KIOSK__LOG_DIR": str(tmp_path / "log")})
    proc = subprocess.run([sys.executable, "-m", "kiosk.launch_demo", "--smoke"], env=env, capture_output=True,
                          text=True, timeout=180)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "virtual display" in proc.stdout  # it made its own screen, as on a server
    assert "kiosk smoke test passed: attract screen shown" in proc.stdout
    assert (tmp_path / "data" / "outbox.sqlite3").exists()  # the queue was opened, in the folder given


def test_smoke_is_an_app_flag_that_the_help_explains(capsys):
    from kiosk.cli import _app_fast_path, main

    assert _app_fast_path(["--smoke", "--windowed"]).smoke
    try:
        main(["--help"])
    except SystemExit as exc:
        assert exc.code == 0
    assert "--smoke" in capsys.readouterr().out
