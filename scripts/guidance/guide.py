"""Screenshots of 诉讼指南 (issue 14 §1) in zh_CN and en at the kiosk's window size, into
screenshots/guidance/: the menu, the guide's start, a typed question with its answers, a spoken
question (the voice service's words), each topic (procedures, materials with the wizard's
checklist, fees, the hall map from config, legal aid, FAQ), and the guide out of service.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/guidance/guide.py --lang zh_CN
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> int:
    from scripts.shots import kiosk_shots, pump, wait

    with kiosk_shots("guidance", "guide-") as k:
        window, services, shot = k.window, k.services, k.shot
        zh = k.lang == "zh_CN"
        window.attract.start.click()
        wait(lambda: window.current == "menu")
        shot("01-menu")
        window.menu.tiles["guidance"].click()
        wait(lambda: window.current == "guidance" and services.guidance.state == "ready")
        guide = window.guidance
        shot("02-start")
        guide.query.setText("判决书多久能拿到" if zh else "when do I get the judgment")
        guide.search_button.click()
        shot("03-typed-question")
        # a spoken question: the words the voice service hands over, as after dictation
        voice = services.voice
        type(voice).available = property(lambda self: (True, ""))
        voice.dictate = lambda single_utterance=True: True
        voice.availability.emit(True, "")
        guide.field.mic.click()
        voice.state.emit("listening")
        voice.partial.emit("没钱请律师" if zh else "I cannot afford")
        shot("04-listening")
        voice.final.emit("没钱请律师怎么办" if zh else "I cannot afford a lawyer")
        voice.state.emit("idle")
        shot("05-spoken-question")
        for n, topic in enumerate(("procedures", "materials", "fees", "hall", "legal_aid", "faq"), start=6):
            guide.topic_buttons[topic].click()
            if topic == "materials":
                guide.open_entry("mat-organisation")
            shot(f"{n:02d}-topic-{topic}")
        guide.query.setText("火星移民签证" if zh else "visa for mars")
        guide.search_button.click()
        shot("12-no-answer")
        guide.topic_buttons["fees"].click()
        guide.fee_button.click()
        wait(lambda: window.current == "fee_calculator")
        shot("13-fee-calculator-from-guide")

    broken = Path(tempfile.mkdtemp(prefix="kiosk-shots-guide-content-"))
    (broken / "faq.toml").write_text("[[entry]]\nid = 'faq-x'\n", encoding="utf-8")
    with kiosk_shots("guidance", "guide-", **{"guide.content_dir": str(broken)}) as k:
        window, services = k.window, k.services
        wait(lambda: services.guidance.state == "failed")
        window.attract.start.click()
        wait(lambda: window.current == "menu")
        pump(0.5)
        window.menu.tiles["guidance"].click()
        k.shot("14-out-of-service")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
