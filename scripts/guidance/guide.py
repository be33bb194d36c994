"""Screenshots of 诉讼指南 (issue 14 §1) in zh_CN and en at the kiosk's window size, into
screenshots/guidance/: the menu, the guide's start, a typed question with its answers, a spoken
question (the voice service's words), each topic (procedures, materials with the wizard's
checklist, fees, the hall map from config, legal aid, FAQ), and the guide out of service.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/guidance/guide.py --lang zh_CN
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> int:
    from scripts.shots import arguments, pump, wait

    args, out = arguments("guidance")

    from PySide6.QtWidgets import QApplication

    from kiosk.app import start_in_process
    from kiosk.config import load_config

    app = QApplication(sys.argv[:1])
    zh = args.lang == "zh_CN"

    def start(**extra):
        tmp = tempfile.mkdtemp(prefix="kiosk-shots-guide-")
        overrides = {"kiosk.data_dir": tmp, "kiosk.log_dir": tmp, "kiosk.language": args.lang,
                     "kiosk.fullscreen": False, **extra}
        return start_in_process(load_config(env={}, overrides=overrides), app, (1920, 1080))

    def stop(parts):
        window, core, services = parts
        services.shutdown()
        core.stop()
        window.allow_close()
        window.close()

    def shot(window, name):
        pump(0.4)
        path = out / f"guide-{name}-{args.lang}.png"
        window.grab().save(str(path))
        print(path)

    parts = start()
    window, core, services = parts
    window.attract.start.click()
    wait(lambda: window.current == "menu")
    shot(window, "01-menu")
    window.menu.tiles["guidance"].click()
    wait(lambda: window.current == "guidance" and services.guidance.state == "ready")
    guide = window.guidance
    shot(window, "02-start")
    guide.query.setText("判决书多久能拿到" if zh else "when do I get the judgment")
    guide.search_button.click()
    shot(window, "03-typed-question")
    # a spoken question: the words the voice service hands over, as after dictation
    voice = services.voice
    type(voice).available = property(lambda self: (True, ""))
    voice.dictate = lambda single_utterance=True: True
    voice.availability.emit(True, "")
    guide.field.mic.click()
    voice.state.emit("listening")
    voice.partial.emit("没钱请律师" if zh else "I cannot afford")
    shot(window, "04-listening")
    voice.final.emit("没钱请律师怎么办" if zh else "I cannot afford a lawyer")
    voice.state.emit("idle")
    shot(window, "05-spoken-question")
    for n, topic in enumerate(("procedures", "materials", "fees", "hall", "legal_aid", "faq"), start=6):
        guide.topic_buttons[topic].click()
        if topic == "materials":
            guide.open_entry("mat-organisation")
        shot(window, f"{n:02d}-topic-{topic}")
    guide.query.setText("火星移民签证" if zh else "visa for mars")
    guide.search_button.click()
    shot(window, "12-no-answer")
    guide.topic_buttons["fees"].click()
    guide.fee_button.click()
    wait(lambda: window.current == "fee_calculator")
    shot(window, "13-fee-calculator-from-guide")
    stop(parts)

    broken = Path(tempfile.mkdtemp(prefix="kiosk-shots-guide-content-"))
    (broken / "faq.toml").write_text("[[entry]]\nid = 'faq-x'\n", encoding="utf-8")
    parts = start(**{"guide.content_dir": str(broken)})
    window, core, services = parts
    wait(lambda: services.guidance.state == "failed")
    window.attract.start.click()
    wait(lambda: window.current == "menu")
    pump(0.5)
    window.menu.tiles["guidance"].click()
    shot(window, "14-out-of-service")
    stop(parts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
