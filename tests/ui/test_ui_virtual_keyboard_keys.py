"""The Qt Virtual Keyboard on a real X display with arrow-key navigation turned on through
ui.keyboard (OnScreenKeyboard.set_arrow_navigation): arrow keys move its frame, Return presses
the framed key, in English and in Pinyin (a candidate taken by arrows too); turned off, the
arrows are the text field's again.

What it shows about five keys: right (or left) alone walks the keys in reading order but skips
the staggered second row (a-l); every key is reached only with up/down as well. A keypad with
only up/down/select therefore types through ui.keypad_entry; QVK's arrows serve keyboards with
arrow keys."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

DRIVER = Path(__file__).with_name("vk_keys_driver.py")
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_arrow_keys_and_return_type_on_the_virtual_keyboard(xvfb_display, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIOSK_", "QT_"))}
    env.update({"DISPLAY": xvfb_display, "QT_QPA_PLATFORM": "xcb", "HOME": str(tmp_path),
                "PYTHONPATH": str(ROOT), "LC_ALL": "zh_CN.UTF-8"})
    proc = subprocess.run([sys.executable, str(DRIVER)], capture_output=True, text=True, env=env, timeout=150)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    assert proc.returncode == 0 and lines, proc.stdout[-2000:] + proc.stderr[-4000:]
    result = json.loads(lines[-1][len("RESULT "):])
    assert result["keyboard_shown"] and result["setting_on"], json.dumps(result)
    assert result["navigation_active"]  # the first arrow key shows the frame
    # typed with arrows and Return only
    assert result["english_typed"] == "hi", json.dumps(result)
    assert result["english_moves"] <= 20
    assert result["reachable_letters"] == "abcdefghijklmnopqrstuvwxyz"
    # right alone never frames the second row (the reason five keys type through KeypadEntry)
    assert not set("asdfghjkl") & set(result["right_only_letters"]), result["right_only_letters"]
    assert result["keyboard_shown_zh"] and result["zh_locale"] == "zh_CN"
    assert result["candidates"] > 0
    assert len(result["pinyin_typed"]) == 1 and "\u4e00" <= result["pinyin_typed"] <= "\u9fff", result["pinyin_typed"]
    # turned off: Left moves the field's cursor, Return types nothing
    assert result["setting_off"]
    assert result["off_text"] == "ab" and result["off_cursor"] == 1
