"""Where a resident ID card lies in a photo, and the card warped flat (10 px/mm): shared by the fixed-layout
crops (`kiosk.recognition.idcard_image`) and the label reader (`kiosk.recognition.idcard_labels`)."""

from __future__ import annotations

import cv2
import numpy as np

from drivers.camera.pages import order_corners

CARD_SIZE = (856, 540)  # 10 px/mm


def _gray(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image


def find_card(image: np.ndarray) -> np.ndarray | None:
    """Corners (tl, tr, br, bl) of the largest card-like bright quadrilateral, or None."""
    gray = _gray(image)
    h, w = gray.shape[:2]
    scale = min(1.0, 800.0 / max(h, w))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    small = cv2.GaussianBlur(small, (5, 5), 0)
    _, mask = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9)))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    contour = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(contour)
    if area < 0.1 * small.shape[0] * small.shape[1]:
        return None
    hull = cv2.convexHull(contour)
    quad = None
    for eps in (0.01, 0.02, 0.03, 0.05):
        approx = cv2.approxPolyDP(hull, eps * cv2.arcLength(hull, True), True)
        if len(approx) == 4:
            quad = approx.reshape(4, 2).astype(np.float64)
            break
    if quad is None:
        quad = cv2.boxPoints(cv2.minAreaRect(contour)).astype(np.float64)
    corners = order_corners((quad + 0.5) / scale - 0.5)
    top = np.linalg.norm(corners[1] - corners[0])
    left = np.linalg.norm(corners[3] - corners[0])
    if top < left:  # card photographed in portrait: rotate the corner order
        corners = np.roll(corners, -1, axis=0)
    return corners.astype(np.float32)


def warp_card(image: np.ndarray, corners: np.ndarray | None = None) -> np.ndarray:
    """The card warped to :data:`CARD_SIZE` (the image itself, resized, if no card is found).

    Bilinear: the crops are enlarged (bicubic) afterwards anyway; a grey image warps 3x faster.
    """
    if corners is None:
        corners = find_card(image)
    w, h = CARD_SIZE
    if corners is None:
        return cv2.resize(image, (w, h), interpolation=cv2.INTER_AREA)
    dst = np.float32([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]])
    matrix = cv2.getPerspectiveTransform(np.asarray(corners, np.float32), dst)
    return cv2.warpPerspective(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
