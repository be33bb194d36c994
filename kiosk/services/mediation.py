"""申请调解: a request for pre-suit mediation. It is a filing of that kind, so the filing service
and its wizard serve it (the wizard's screen registers for this id and starts with the kind
chosen); this module only puts it on the menu."""

from __future__ import annotations

from kiosk.services.registry import QT_TRANSLATE_NOOP, ServiceSpec

SERVICE = ServiceSpec(
    "mediation",
    title=QT_TRANSLATE_NOOP("services", "Ask for mediation"),
    pictogram="handshake",
    voice=QT_TRANSLATE_NOOP("voice", "mediation"),
    menu=80,
    needs_identity=True,
    accepts_photo_identity=True,  # marked id_card_photo for the court; nothing of anyone's cases is shown
    devices=("id_reader",),
)
