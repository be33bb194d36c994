"""Form suggestions from a scanned complaint: moved to :mod:`kiosk.recognition.form`
(``page_form``); the old names stay importable from here."""

from __future__ import annotations

from kiosk.recognition.form import FORM_KEYS, LOW_CONFIDENCE, Suggestion
from kiosk.recognition.form import page_form as suggest_form

__all__ = ["FORM_KEYS", "LOW_CONFIDENCE", "Suggestion", "suggest_form"]
