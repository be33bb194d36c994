"""诉讼风险评估: assess the risk of a lawsuit. Not built yet: the menu lists it as not available
(never faked)."""

from __future__ import annotations

from kiosk.services.registry import QT_TRANSLATE_NOOP, ServiceSpec

SERVICE = ServiceSpec(
    "risk_assessment",
    title=QT_TRANSLATE_NOOP("services", "Litigation risk"),
    pictogram="scales",
    voice=QT_TRANSLATE_NOOP("voice", "litigation risk|risk"),
    menu=60,
    available=False,
)
