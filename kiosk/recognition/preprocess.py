"""Page images cleaned before OCR: :func:`remove_red_seal` drops red ink (a company's or the
court's seal stamped over text), so the black text under it reads as if the seal were not there.

A seal is saturated red; printed text is black or grey (no saturation) and blue ink is another
hue, so an HSV threshold on red hue with enough saturation finds the seal's ink. Round it, the
page is seen in red light (its red channel): red ink vanishes into the paper while black text,
also where the seal covers it, stays dark. Pure numpy/OpenCV, ~10 ms on an A4 page at 200 dpi.
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
    """``image`` (BGR, or grey: returned as is) with red ink made paper-white, black ink kept.

    Round the red ink (the mask, widened to take its pink halo) each pixel becomes grey at the
    brightness of its red channel, scaled so the paper is white: red ink is as bright as paper in
    red light, black ink stays dark, and so does black text the seal was stamped over (red over
    black is dark in every channel). Whitening the red pixels instead would also cut the strokes
    of the text under the seal. Returns the same array object when there is (almost) no red on
    the page, else a new one.
    """
    import cv2

    if image is None or image.ndim != 3 or image.shape[2] != 3:
        return image
    mask = red_mask(image)
    if cv2.countNonZero(mask) < min_pixels:
        return image
    region = cv2.dilate(mask, np.ones((7, 7), np.uint8)) > 0
    red = image[..., 2]
    paper = float(np.percentile(red[::4, ::4], 90))
    lut = np.clip(np.arange(256, dtype=np.float32) * (255.0 / max(paper, 1.0)), 0, 255).astype(np.uint8)
    out = image.copy()
    out[region] = lut[red[region]][:, None]
    return out
