"""文书打印: print the documents the court served on the litigant. Not built yet: the menu lists
it as not available (never faked)."""

from __future__ import annotations

from kiosk.services.registry import QT_TRANSLATE_NOOP, ServiceSpec

SERVICE = ServiceSpec(
    "print_documents",
    title=QT_TRANSLATE_NOOP("services", "Print documents"),
    pictogram="printer",
    voice=QT_TRANSLATE_NOOP("voice", "print documents|print"),
    menu=30,
    available=False,
    needs_identity=True,
)
