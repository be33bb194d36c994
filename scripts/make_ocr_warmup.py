"""Writes assets/ocr/warmup-card.jpg and warmup-page.jpg: the generated ID card and complaint
page the OCR warm-up reads at start-up (kiosk.services.recognition.ScanService.warm_up).

Stored rather than drawn at start-up: drawing them loads the corpus's CJK fonts and leaves about
85 MB in the kiosk's memory for good. Run again only when kiosk.recognition.corpus changes:

    .venv/bin/python scripts/make_ocr_warmup.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    import cv2

    from kiosk.recognition import corpus

    out = ROOT / "assets" / "ocr"
    out.mkdir(parents=True, exist_ok=True)
    card, _ = corpus.make_card(0)
    page, _ = corpus.make_page(0)
    photo = cv2.copyMakeBorder(page[:600], 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=(58, 52, 48))  # on a desk
    for name, image in (("warmup-card.jpg", card), ("warmup-page.jpg", photo)):
        path = out / name
        path.write_bytes(cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes())
        print(path, path.stat().st_size, "bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
