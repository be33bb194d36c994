"""What a litigant can say on the service menu, per service, in the speech model's language.

The phrases are translations (context "voice") like every other text: English here,
Chinese in kiosk_zh_CN.ts, Korean in kiosk_ko.ts (for the Korean-language courts of
Yanbian). Alternatives are separated by "|"; words are separated by spaces the way the
speech model's vocabulary spells them (Chinese models list words such as 我 要 立案).
Phrases with words the model does not know are left out of its grammar and logged.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTranslator

from ui.i18n import I18N_DIR

COMMANDS: dict[str, str] = {
    "filing": QT_TRANSLATE_NOOP("voice", "file a case|new case|sue"),
    "my_cases": QT_TRANSLATE_NOOP("voice", "my cases|case status"),
    "print_documents": QT_TRANSLATE_NOOP("voice", "print documents|print"),
    "payment": QT_TRANSLATE_NOOP("voice", "pay fees|payment"),
    "fee_calculator": QT_TRANSLATE_NOOP("voice", "fee calculator|calculate fees"),
    "risk_assessment": QT_TRANSLATE_NOOP("voice", "litigation risk|risk"),
    "guidance": QT_TRANSLATE_NOOP("voice", "guidance|help"),
    "mediation": QT_TRANSLATE_NOOP("voice", "mediation"),
    "message_judge": QT_TRANSLATE_NOOP("voice", "message the judge|judge"),
    "green_channel": QT_TRANSLATE_NOOP("voice", "green channel"),
}


def phrases(language: str) -> dict[str, str]:
    """Spoken phrase -> service id, in ``language`` (the speech model's)."""
    translator = None
    if language != "en":
        translator = QTranslator()
        if not translator.load(str(I18N_DIR / f"kiosk_{language}.qm")):
            raise FileNotFoundError(f"no voice phrases for {language} (assets/i18n/kiosk_{language}.qm)")
    out: dict[str, str] = {}
    for service_id, source in COMMANDS.items():
        text = (translator.translate("voice", source) if translator else "") or source
        for phrase in text.split("|"):
            phrase = " ".join(phrase.lower().split())
            if phrase:
                out.setdefault(phrase, service_id)
    return out
