"""Qt Virtual Keyboard on a real X display: every text field brings it up, it opens in
Pinyin for a Chinese kiosk, touches on its keys type 张三, and its globe key switches to
English."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

DRIVER = Path(__file__).with_name("vk_driver.py")
ROOT = Path(__file__).resolve().parents[2]


def test_on_screen_keyboard_types_pinyin_and_english(xvfb_display, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIOSK_", "QT_"))}
    env.update({"DISPLAY": xvfb_display, "QT_QPA_PLATFORM": "xcb", "HOME": str(tmp_path),
                "PYTHONPATH": str(ROOT)})
    proc = subprocess.run([sys.executable, str(DRIVER)], capture_output=True, text=True, env=env, timeout=120)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    assert proc.returncode == 0 and lines, proc.stdout[-2000:] + proc.stderr[-4000:]
    result = json.loads(lines[-1][len("RESULT "):])
    assert result["window_fills_screen"]
    assert result["keyboard_shown"]
    assert result["field_above_keyboard"] and result["footer_above_keyboard"], json.dumps(result)
    assert result["keyboard_locale"] == "zh_CN"
    assert result["pinyin_typed"] == "张三"
    assert result["locale_after_globe"] == "en_GB"
    assert result["english_typed"].strip().lower() == "li"
    assert result["keyboard_for_fields"] == {
        "defendantName": True, "defendantId": True, "defendantAddress": True, "defendantPhone": True,
        "claimsText": True, "amountInput": True,
    }
