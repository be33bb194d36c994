"""Generated files that are committed must match their sources."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "assets" / "i18n"
BIN = Path(sys.executable).parent


def service_sources() -> list[str]:
    """The service declarations: menu titles and voice phrases."""
    return sorted(str(p) for p in (ROOT / "kiosk" / "services").rglob("*.py"))


def ui_sources() -> list[str]:
    return sorted(str(p) for p in (ROOT / "ui").rglob("*.py")) + service_sources()


# language -> the sources it translates: Chinese, the whole UI; Korean, the services' titles and
# voice commands (Korean-language courts, and the only Vosk model the package registries carry)
TRANSLATIONS = {"zh_CN": ui_sources, "ko": service_sources}


@pytest.mark.parametrize("language", sorted(TRANSLATIONS))
def test_every_ui_text_is_in_the_translation_source_and_translated(tmp_path, language):
    source = I18N / f"kiosk_{language}.ts"
    ts = tmp_path / source.name
    shutil.copy(source, ts)
    out = subprocess.run(
        [str(BIN / "pyside6-lupdate"), *TRANSLATIONS[language](), "-ts", str(ts), "-source-language", "en",
         "-target-language", language, "-locations", "none", "-no-obsolete"],
        capture_output=True, text=True, check=True,
    ).stdout
    assert "(0 new and" in out, f"UI texts missing from {source.name}; run `make translations`:\n{out}"
    assert "obsolete" not in out, out
    unfinished = [m.findtext("source") for m in ET.parse(ts).iter("message")
                  if m.find("translation").get("type") == "unfinished" or not m.findtext("translation")]
    assert unfinished == []


@pytest.mark.parametrize("language", sorted(TRANSLATIONS))
def test_compiled_translation_is_current(tmp_path, language):
    qm = tmp_path / "out.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), str(I18N / f"kiosk_{language}.ts"), "-qm", str(qm)],
                   capture_output=True, check=True)
    assert qm.read_bytes() == (I18N / f"kiosk_{language}.qm").read_bytes(), \
        "run `make translations` and commit the .qm"


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
