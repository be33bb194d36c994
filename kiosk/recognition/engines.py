"""The kiosk's OCR engines: a primary (config ``ocr.engine``) and the other as its fallback.

PP-OCR (:mod:`kiosk.recognition.ppocr`) is the default primary for Chinese fields and pages,
Tesseract (:mod:`kiosk.recognition.ocr`) the fallback; ``ocr.engine = "tesseract"`` swaps
them. The fallback takes over when the primary is not usable (package or models missing),
and the ID card reader asks it to re-read a field the primary read but that fails its check
(an ID number with a wrong check digit). Called on the "ocr" worker only.
"""

from __future__ import annotations

import logging
import threading

from drivers.base import Usability
from kiosk.recognition.ocr import OcrEngine, OcrError

log = logging.getLogger("kiosk.recognition.engines")

__all__ = ["ENGINE_NAMES", "OcrEngines", "build_engines"]

ENGINE_NAMES = ("ppocr", "tesseract")


class OcrEngines:
    """Primary and fallback engine behind the calls the readers make (``read_page``,
    ``read_line``, ``read_lines``, ``recognise``): each goes to the primary, or to the
    fallback when the primary cannot run."""

    def __init__(self, primary: str = "ppocr", tessdata: str | None = None,
                 languages: str = "chi_sim+eng", ppocr=None, tesseract=None) -> None:
        if primary not in ENGINE_NAMES:
            raise ValueError(f"unknown OCR engine {primary!r}")
        if ppocr is None:
            from kiosk.recognition.ppocr import shared_engine

            ppocr = shared_engine()
        self.engines = {"ppocr": ppocr,
                        "tesseract": tesseract or OcrEngine(tessdata=tessdata, languages=languages)}
        self.preferred = primary
        self._lock = threading.Lock()
        self._chosen: tuple | None = None

    def _choose(self):
        with self._lock:
            if self._chosen is None:
                order = [self.preferred] + [n for n in ENGINE_NAMES if n != self.preferred]
                usable = [n for n in order if self.engines[n].is_usable()]
                primary = self.engines[usable[0]] if usable else None
                fallback = self.engines[usable[1]] if len(usable) > 1 else None
                if usable and usable[0] != self.preferred:
                    log.warning("OCR engine %s is not usable; using %s", self.preferred, usable[0])
                self._chosen = (primary, fallback)
            return self._chosen

    @property
    def primary(self):
        """The engine that reads (the preferred one if usable), or None if neither can run."""
        return self._choose()[0]

    @property
    def fallback(self):
        """The other engine when usable too, else None."""
        return self._choose()[1]

    def _need_primary(self):
        primary = self.primary
        if primary is None:
            raise OcrError(str(self.is_usable().reason))
        return primary

    def status(self) -> list[tuple[str, Usability, str]]:
        """(engine name, usability, "primary" | "fallback" | "preferred" | "") for each engine."""
        primary, fallback = self._choose()
        out = []
        for name in [self.preferred] + [n for n in ENGINE_NAMES if n != self.preferred]:
            engine = self.engines[name]
            role = "primary" if engine is primary else "fallback" if engine is fallback else ""
            out.append((name, engine.is_usable(), role))
        return out

    def is_usable(self) -> Usability:
        parts = [f"{name} ({role or 'unusable'}): {usable.reason}" for name, usable, role in self.status()]
        return Usability(self.primary is not None, "; ".join(parts))

    def open(self) -> None:
        self._need_primary().open()

    def close(self) -> None:
        for engine in self.engines.values():
            engine.close()

    # -- the calls the readers make -------------------------------------------------
    def read_page(self, image, layout: str = "column"):
        return self._need_primary().read_page(image, layout)

    def read_lines(self, image):
        primary = self._need_primary()
        return primary.read_lines(image) if hasattr(primary, "read_lines") else primary.read_page(image)

    def read_line(self, image, whitelist=None, languages=None, raw_line=False):
        return self._need_primary().read_line(image, whitelist=whitelist, languages=languages, raw_line=raw_line)


def build_engines(config=None, primary: str | None = None) -> OcrEngines:
    """The engines from the ``ocr`` config section (defaults without a config)."""
    if config is None:
        return OcrEngines(primary or "ppocr")
    return OcrEngines(primary or config.get("ocr.engine"), tessdata=config.get("ocr.tessdata") or None,
                      languages=config.get("ocr.languages"))
