"""What a litigant can say on the service menu, per service, in the speech model's language.

Each service declares its phrases (`ServiceSpec.voice`, translation context "voice"): English
in its module, Chinese in kiosk_zh_CN.ts, Korean in kiosk_ko.ts (for the Korean-language courts
of Yanbian). Alternatives are separated by "|"; words are separated by spaces the way the
speech model's vocabulary spells them (Chinese models list words such as 我 要 立案).
Phrases with words the model does not know are left out of its grammar and logged.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

from ui.i18n import I18N_DIR


def phrases(language: str, catalog) -> dict[str, str]:
    """Spoken phrase -> service id, in ``language`` (the speech model's), for the services of
    ``catalog`` (their declarations) that have phrases."""
    translator = None
    if language != "en":
        translator = QTranslator()
        if not translator.load(str(I18N_DIR / f"kiosk_{language}.qm")):
            raise FileNotFoundError(f"no voice phrases for {language} (assets/i18n/kiosk_{language}.qm)")
    out: dict[str, str] = {}
    for spec in catalog:
        if not spec.voice:
            continue
        text = (translator.translate("voice", spec.voice) if translator else "") or spec.voice
        for phrase in text.split("|"):
            phrase = " ".join(phrase.lower().split())
            if phrase:
                out.setdefault(phrase, spec.id)
    return out
