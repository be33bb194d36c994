"""Scanned pages for the service tests: small real JPEGs (a page with a few text-like lines,
different for each number), and what a PDF of them holds."""

from __future__ import annotations

import functools
import io


@functools.cache
def page_jpeg(n: int = 1, size: tuple[int, int] = (210, 297)) -> bytes:
    """A small page image as JPEG bytes; each ``n`` gives a different page."""
    import cv2
    import numpy as np

    width, height = size
    image = np.full((height, width, 3), 246, np.uint8)
    for line in range(3 + n % 5):
        y = 30 + line * 22
        cv2.line(image, (20, y), (width - 20 - 9 * ((n + line) % 7), y), (40, 40, 40), 3)
    cv2.putText(image, str(n), (width // 2 - 10, height - 20), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (30, 30, 30), 2)
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])
    assert ok
    return data.tobytes()


def pdf_pages(data: bytes) -> int:
    """How many pages a PDF has (pypdf)."""
    from pypdf import PdfReader

    assert data.startswith(b"%PDF-"), "not a PDF"
    return len(PdfReader(io.BytesIO(data)).pages)
