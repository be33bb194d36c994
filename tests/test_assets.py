"""Generated files that are committed must match their sources."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "assets" / "i18n" / "kiosk_zh_CN.ts"
QM = ROOT / "assets" / "i18n" / "kiosk_zh_CN.qm"
BIN = Path(sys.executable).parent


def ui_sources() -> list[str]:
    return sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))


def test_every_ui_text_is_in_the_translation_source_and_translated(tmp_path):
    ts = tmp_path / "kiosk_zh_CN.ts"
    shutil.copy(TS, ts)
    out = subprocess.run(
        [str(BIN / "pyside6-lupdate"), *ui_sources(), "-ts", str(ts), "-source-language", "en",
         "-target-language", "zh_CN", "-locations", "none", "-no-obsolete"],
        capture_output=True, text=True, check=True,
    ).stdout
    assert "(0 new and" in out, f"UI texts missing from {TS.name}; run `make translations`:\n{out}"
    assert "obsolete" not in out, out
    unfinished = [m.findtext("source") for m in ET.parse(ts).iter("message")
                  if m.find("translation").get("type") == "unfinished" or not m.findtext("translation")]
    assert unfinished == []


def test_compiled_translation_is_current(tmp_path):
    qm = tmp_path / "out.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(qm)], capture_output=True, check=True)
    assert qm.read_bytes() == QM.read_bytes(), "run `make translations` and commit the .qm"


def test_configuration_reference_is_current():
    from kiosk.config import render_reference

    assert (ROOT / "docs" / "CONFIG.md").read_text(encoding="utf-8").strip() == render_reference().strip(), \
        "run `.venv/bin/kiosk config --reference > docs/CONFIG.md`"


def test_chinese_translation_is_used_at_run_time(qapp):
    from PySide6.QtCore import QCoreApplication

    from ui.i18n import LanguageSwitch

    switch = LanguageSwitch(qapp)
    qapp.setProperty("kioskLanguage", None)
    switch("zh_CN")
    assert QCoreApplication.translate("services", "File a case") == "自助立案"
    switch("en")
    assert QCoreApplication.translate("services", "File a case") == "File a case"
