"""Page images cleaned before OCR: :func:`remove_red_seal` whitens red ink (a company's or the
court's seal stamped over text), so the black text under it reads as if the seal were not there.

A seal is saturated red; printed text is black or grey (no saturation) and blue ink is another
hue, so an HSV threshold on red hue with enough saturation finds the seal's ink. Black text under
the seal stays dark when the seal is stamped over it (red over black is still dark): only pixels
that are both red AND not dark are whitened, then the mask's thin edges (JPEG ringing, anti-
aliasing) are whitened too. Pure numpy/OpenCV, ~10 ms on an A4 page at 200 dpi.
"""

from __future__ import annotations

import numpy as np

__all__ = ["red_mask", "remove_red_seal"]

# OpenCV hue is 0..179: red wraps around 0
_RED_LOW, _RED_HIGH = 12, 165
_MIN_SATURATION = 70
_MIN_VALUE = 90  # darker than this is text (black under red stays black)


def red_mask(image: np.ndarray) -> np.ndarray:
    """uint8 mask (255 = red ink) of a BGR image."""
    import cv2

    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    hue, saturation, value = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    red = ((hue <= _RED_LOW) | (hue >= _RED_HIGH)) & (saturation >= _MIN_SATURATION) & (value >= _MIN_VALUE)
    return red.astype(np.uint8) * 255


def remove_red_seal(image: np.ndarray, min_pixels: int = 200) -> np.ndarray:
    """``image`` (BGR, or grey: returned as is) with red ink whitened to the paper's colour.

    Returns the same array object when there is (almost) no red on the page, else a new one.
    """
    import cv2

    if image is None or image.ndim != 3 or image.shape[2] != 3:
        return image
    mask = red_mask(image)
    if cv2.countNonZero(mask) < min_pixels:
        return image
    # the halo around red strokes (lighter, less saturated pink) goes too
    halo = cv2.dilate(mask, np.ones((3, 3), np.uint8))
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    halo[(gray < _MIN_VALUE) & (mask == 0)] = 0  # the ring never whitens text
    paper = np.median(image[::8, ::8].reshape(-1, 3), axis=0).astype(np.uint8)
    if int(paper.mean()) < 160:
        paper = np.array([255, 255, 255], np.uint8)
    out = image.copy()
    out[halo > 0] = paper
    # the black text the seal covered: where red and black mixed, keep it dark and neutral
    covered = (gray < _MIN_VALUE) & (halo == 0) & (cv2.dilate(mask, np.ones((5, 5), np.uint8)) > 0)
    out[covered] = np.minimum(out[covered].min(axis=1, keepdims=True), 60)
    return out
