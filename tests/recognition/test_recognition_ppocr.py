"""PP-OCR engine: one instance, recognition of crops, lines in reading order, primary/fallback."""

from __future__ import annotations

import threading

import cv2
import numpy as np
import pytest

from kiosk.recognition import corpus
from kiosk.recognition.engines import OcrEngines
from kiosk.recognition.ocr import Line, OcrError
from kiosk.recognition.ppocr import PpOcrEngine, shared_engine


def test_ppocr_is_one_instance_per_process():
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(shared_engine())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(seen) == 4 and all(e is seen[0] for e in seen)


def test_ppocr_reports_missing_models(tmp_path):
    usable = PpOcrEngine(model_dir=tmp_path).is_usable()
    assert not usable and "ch_PP-OCRv4_rec_infer.onnx" in usable.reason
    with pytest.raises(OcrError):
        PpOcrEngine(model_dir=tmp_path).recognise([np.zeros((10, 10), np.uint8)])


@pytest.mark.slow
def test_ppocr_reads_page_lines_in_reading_order(ppocr):
    image, truth = corpus.make_page(2)
    lines = ppocr.read_lines(image)
    assert lines and all(isinstance(ln, Line) and 0.0 <= ln.confidence <= 1.0 for ln in lines)
    tops = [ln.box[1] for ln in lines]
    assert tops == sorted(tops)
    assert any(truth.fields["id_numbers"][0] in ln.text for ln in lines)


@pytest.mark.slow
def test_ppocr_recognises_crops_batched(ppocr):
    image, truth = corpus.make_card(0)
    boxes = ppocr.read_boxes(image)
    number = next(b for b in boxes if truth["id_number"] in b.text.upper())
    x, y, w, h = number.box
    crops = [image[y:y + h, x:x + w], cv2.cvtColor(image[y:y + h, x:x + w], cv2.COLOR_BGR2GRAY)]
    reads = ppocr.recognise(crops)
    assert [text.upper() for text, _ in reads] == [truth["id_number"]] * 2
    assert ppocr.read_line(crops[0], whitelist="0123456789X")[0] == truth["id_number"]


class _Unusable:
    def is_usable(self):
        from drivers.base import Usability

        return Usability(False, "not here")

    def close(self):
        pass


class _Usable(_Unusable):
    def is_usable(self):
        from drivers.base import Usability

        return Usability(True, "here")


def test_engines_fall_back_when_the_primary_is_not_usable():
    ppocr, tesseract = _Unusable(), _Usable()
    engines = OcrEngines("ppocr", ppocr=ppocr, tesseract=tesseract)
    assert engines.primary is tesseract and engines.fallback is None
    assert [(name, role) for name, _u, role in engines.status()] == [("ppocr", ""), ("tesseract", "primary")]
    both = OcrEngines("tesseract", ppocr=_Usable(), tesseract=tesseract)
    assert both.primary is tesseract and both.fallback is both.engines["ppocr"]
    none = OcrEngines("ppocr", ppocr=_Unusable(), tesseract=_Unusable())
    assert not none.is_usable()
    with pytest.raises(OcrError):
        none.read_page(np.zeros((5, 5), np.uint8))
    with pytest.raises(ValueError):
        OcrEngines("abbyy", ppocr=ppocr, tesseract=tesseract)
