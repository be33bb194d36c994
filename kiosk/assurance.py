"""Identity assurance: how sure the kiosk is of who the litigant is, and what that opens.

Levels: ``chip`` (the ID card's chip, read and signed by the reader's SAM), ``photo`` (OCR of a photo of
the card's front, every field confirmed or corrected by the litigant: anyone's card can be typed into),
``photo_confirmed`` (a photo identity that a staff member confirmed at the kiosk with their staff card).

The one gate: a service that needs an identity (`ServiceSpec.needs_identity`) takes ``chip`` or
``photo_confirmed``; it takes a bare ``photo`` identity only when it declares
``accepts_photo_identity=True`` (filing and mediation requests: the court sees the filing marked
``id_card_photo`` and checks it at review). `kiosk.session.Session` applies it on every way into a
service, so no screen decides it. Pure Python, no Qt.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CHIP", "LEVELS", "PHOTO", "PHOTO_CONFIRMED", "level", "needs_confirmation", "sufficient"]

CHIP = "chip"
PHOTO = "photo"
PHOTO_CONFIRMED = "photo_confirmed"
LEVELS = (CHIP, PHOTO, PHOTO_CONFIRMED)


def level(identity: Any) -> str | None:
    """The identity's assurance level (None: no identity). An object that does not say (a test's stand-in)
    counts by its ``source``: ``photo`` when it says so, else ``chip``."""
    if identity is None:
        return None
    found = getattr(identity, "assurance", None)
    if found in LEVELS:
        return found
    return PHOTO if getattr(identity, "source", CHIP) == PHOTO else CHIP


def sufficient(identity: Any, accepts_photo: bool) -> bool:
    """Whether `identity` opens a service that needs one (`accepts_photo`: it takes a bare photo identity)."""
    found = level(identity)
    if found is None:
        return False
    return found in (CHIP, PHOTO_CONFIRMED) or accepts_photo


def needs_confirmation(identity: Any, accepts_photo: bool) -> bool:
    """A photo identity that only a staff member's confirmation can make enough for the service."""
    return level(identity) == PHOTO and not accepts_photo
