"""Fonts and the camera: where the CJK fonts are, whether a font has a glyph, and the photo
effects (procedural backgrounds, perspective, lighting, glare, blur, moiré, JPEG).

Imports nothing of ``kiosk`` (see the package docstring)."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess

import cv2
import numpy as np
from PIL import ImageFont

# family as fc-match knows it -> (fallback file, face index): Debian's packages
FONT_FAMILIES = {
    "Noto Sans CJK SC": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    "Noto Serif CJK SC": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    "WenQuanYi Zen Hei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    "AR PL UKai CN": ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    "AR PL UMing CN": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
}
DIGIT_FAMILIES = {
    "DejaVu Sans Mono": ("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", 0),
    "Nimbus Mono PS": ("/usr/share/fonts/opentype/urw-base35/NimbusMonoPS-Regular.otf", 0),
    "Noto Sans CJK SC": FONT_FAMILIES["Noto Sans CJK SC"],
}


@functools.cache
def font_file(family: str) -> tuple[str, int] | None:
    """(file, face index) of a font family, found with fc-match (the fallback path if fontconfig
    is missing); None when it is not installed or fontconfig substitutes another family."""
    fallback = FONT_FAMILIES.get(family) or DIGIT_FAMILIES.get(family)
    if shutil.which("fc-match"):
        try:
            out = subprocess.run(["fc-match", "-f", "%{file}|%{index}|%{family}", family],
                                 capture_output=True, text=True, timeout=10, check=False).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        parts = out.split("|")
        if len(parts) == 3 and family.lower() in parts[2].lower() and os.path.exists(parts[0]):
            return parts[0], int(parts[1] or 0)
    if fallback and os.path.exists(fallback[0]):
        return fallback
    return None


def installed_families() -> list[str]:
    return [f for f in FONT_FAMILIES if font_file(f)]


def digit_families() -> list[str]:
    return [f for f in DIGIT_FAMILIES if font_file(f)]


@functools.cache
def font(family: str, size: int) -> ImageFont.FreeTypeFont:
    found = font_file(family)
    if found is None:
        raise LookupError(f"font family not installed: {family}")
    return ImageFont.truetype(found[0], max(6, int(size)), index=found[1])


@functools.cache
def _tofu(family: str) -> bytes:
    f = font(family, 32)
    return bytes(f.getmask("\U000f0000"))  # a private-use code point: the font's .notdef


@functools.cache
def has_glyph(family: str, ch: str) -> bool:
    """Whether a font draws ``ch`` itself (not its .notdef box)."""
    if ch.isspace():
        return True
    f = font(family, 32)
    mask = f.getmask(ch)
    return mask.getbbox() is not None and bytes(mask) != _tofu(family)


def renders(family: str, text: str) -> bool:
    return all(has_glyph(family, ch) for ch in text)


# -- backgrounds ---------------------------------------------------------------------------

def _smooth_noise(rng: np.random.Generator, h: int, w: int, cells: int) -> np.ndarray:
    small = rng.random((max(2, h // cells), max(2, w // cells))).astype(np.float32)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)


def wood(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    """Desk wood: grain along x, warped by smooth noise."""
    y = np.arange(h, dtype=np.float32)[:, None]
    x = np.arange(w, dtype=np.float32)[None, :]
    warp = _smooth_noise(rng, h, w, 60) * rng.uniform(20, 60)
    period = rng.uniform(9, 22)
    grain = 0.5 + 0.5 * np.sin((y + warp + 0.02 * x) / period * 2 * np.pi)
    grain = grain ** rng.uniform(1.5, 4.0) * 0.35 + _smooth_noise(rng, h, w, 8) * 0.15
    base = np.array(rng.choice([(60, 105, 150), (40, 80, 120), (90, 140, 185), (35, 60, 95)]), np.float32)
    img = base[None, None, :] * (0.75 + grain[..., None])
    return np.clip(img, 0, 255).astype(np.uint8)


def cloth(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    """A woven table cloth: two crossing thread patterns, a colour, some folds."""
    y = np.arange(h, dtype=np.float32)[:, None]
    x = np.arange(w, dtype=np.float32)[None, :]
    p = rng.uniform(3, 7)
    weave = 0.5 + 0.25 * np.sin(x / p * 2 * np.pi) * np.sign(np.sin(y / p * np.pi)) + 0.25 * np.sin(y / p * 2 * np.pi)
    folds = _smooth_noise(rng, h, w, 150)
    colour = np.array(rng.choice([(150, 60, 40), (60, 120, 60), (170, 170, 175), (80, 40, 130), (200, 190, 170)]),
                      np.float32)
    img = colour[None, None, :] * (0.7 + 0.2 * weave[..., None] + 0.3 * folds[..., None])
    return np.clip(img, 0, 255).astype(np.uint8)


def dark(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    """A hand-held shot: a dark, blurred room behind the card."""
    img = (_smooth_noise(rng, h, w, 120)[..., None] * rng.uniform(30, 70)
           + np.array([20, 22, 25], np.float32)[None, None, :])
    return np.clip(img, 0, 255).astype(np.uint8)


def plain(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    """A flatbed's lid or a plain grey/white surface."""
    level = rng.uniform(200, 245) if rng.random() < 0.5 else rng.uniform(40, 90)
    img = np.full((h, w, 3), level, np.float32) + rng.normal(0, 1.5, (h, w, 1))
    return np.clip(img, 0, 255).astype(np.uint8)


BACKGROUNDS = {"wood": wood, "cloth": cloth, "dark": dark, "plain": plain}


# -- placing a document in a photo ---------------------------------------------------------

def rotated_corners(w: float, h: float, angle_deg: float, jitter: float, rng: np.random.Generator) -> np.ndarray:
    """The document's corners (TL, TR, BR, BL) after rotation about its centre and a random
    perspective (each corner moved by up to ``jitter`` of the document's size)."""
    pts = np.array([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]], np.float32)
    pts += rng.uniform(-jitter, jitter, (4, 2)).astype(np.float32) * np.array([w, h], np.float32)
    a = np.deg2rad(angle_deg)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]], np.float32)
    return pts @ rot.T


def place(doc: np.ndarray, background: np.ndarray, corners: np.ndarray, doc_mask: np.ndarray | None = None
          ) -> tuple[np.ndarray, np.ndarray]:
    """Warp ``doc`` onto ``background`` at ``corners`` (absolute pixels); returns the photo and
    the homography (document pixels -> photo pixels)."""
    h, w = doc.shape[:2]
    src = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float32)
    m = cv2.getPerspectiveTransform(src, corners.astype(np.float32))
    size = (background.shape[1], background.shape[0])
    warped = cv2.warpPerspective(doc, m, size, flags=cv2.INTER_AREA if _shrinks(m) else cv2.INTER_LINEAR)
    mask = doc_mask if doc_mask is not None else np.full((h, w), 255, np.uint8)
    wmask = cv2.warpPerspective(mask, m, size, flags=cv2.INTER_LINEAR).astype(np.float32)[..., None] / 255
    out = background.astype(np.float32) * (1 - wmask) + warped.astype(np.float32) * wmask
    return np.clip(out, 0, 255).astype(np.uint8), m


def _shrinks(m: np.ndarray) -> bool:
    return abs(np.linalg.det(m[:2, :2])) < 1.0


def drop_shadow(background: np.ndarray, corners: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    shift = rng.uniform(2, 10, 2)
    mask = np.zeros(background.shape[:2], np.uint8)
    cv2.fillConvexPoly(mask, (corners + shift).astype(np.int32), 255)
    mask = cv2.GaussianBlur(mask, (0, 0), 6).astype(np.float32)[..., None] / 255
    return np.clip(background.astype(np.float32) * (1 - 0.45 * mask), 0, 255).astype(np.uint8)


# -- the camera ----------------------------------------------------------------------------

def lighting(img: np.ndarray, rng: np.random.Generator, strength: float) -> np.ndarray:
    """A gradient from one side (a window, a desk lamp) times a vignette."""
    h, w = img.shape[:2]
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    a = rng.uniform(0, 2 * np.pi)
    ramp = (np.cos(a) * (x / w - 0.5) + np.sin(a) * (y / h - 0.5))
    gain = 1.0 + strength * ramp * 1.2
    r2 = ((x / w - 0.5) ** 2 + (y / h - 0.5) ** 2)
    gain *= 1.0 - strength * 0.6 * r2
    gain *= rng.uniform(0.85, 1.1)
    return np.clip(img.astype(np.float32) * gain[..., None], 0, 255).astype(np.uint8)


def glare(img: np.ndarray, rng: np.random.Generator, spots: int, within: np.ndarray | None = None,
          peak: float = 110.0) -> np.ndarray:
    """Soft specular spots (the laminate reflecting a lamp), centred inside ``within`` (a polygon)."""
    h, w = img.shape[:2]
    out = img.astype(np.float32)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    for _ in range(spots):
        if within is not None:
            wts = rng.dirichlet(np.ones(len(within)))
            cx, cy = (within * wts[:, None]).sum(axis=0)
        else:
            cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        sx, sy = rng.uniform(0.02, 0.07) * w, rng.uniform(0.015, 0.05) * w
        spot = np.exp(-(((x - cx) / sx) ** 2 + ((y - cy) / sy) ** 2))
        out += spot[..., None] * rng.uniform(0.5, 1.0) * peak
    return np.clip(out, 0, 255).astype(np.uint8)


def blur(img: np.ndarray, rng: np.random.Generator, sigma: float) -> np.ndarray:
    if sigma <= 0.05:
        return img
    if rng.random() < 0.35:  # a little camera shake
        n = max(3, int(round(sigma * 3)) | 1)
        kernel = np.zeros((n, n), np.float32)
        kernel[n // 2, :] = 1.0 / n
        rot = cv2.getRotationMatrix2D((n / 2 - 0.5, n / 2 - 0.5), rng.uniform(0, 180), 1.0)
        kernel = cv2.warpAffine(kernel, rot, (n, n))
        return cv2.filter2D(img, -1, kernel / max(kernel.sum(), 1e-6))
    return cv2.GaussianBlur(img, (0, 0), sigma)


def moire(img: np.ndarray, rng: np.random.Generator, strength: float) -> np.ndarray:
    """The card photographed off a screen: interference of the screen's pixel grid with the
    camera's, and the sub-pixel colour stripes."""
    h, w = img.shape[:2]
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    a = rng.uniform(-0.3, 0.3)
    f1, f2 = rng.uniform(0.25, 0.45), rng.uniform(0.02, 0.06)
    u = x * np.cos(a) + y * np.sin(a)
    v = -x * np.sin(a) + y * np.cos(a)
    pattern = np.sin(u * f1) * np.sin(v * f1 * 0.97) + 0.6 * np.sin((u + v) * f2)
    out = img.astype(np.float32) * (1 + strength * 0.25 * pattern[..., None])
    phase = (x % 3)[..., None] == np.arange(3, dtype=np.float32)[None, None, :]
    out *= 1 - strength * 0.12 * (~phase)
    return np.clip(out, 0, 255).astype(np.uint8)


def noise(img: np.ndarray, rng: np.random.Generator, sigma: float) -> np.ndarray:
    if sigma <= 0:
        return img
    return np.clip(img.astype(np.float32) + rng.normal(0, sigma, img.shape), 0, 255).astype(np.uint8)


def jpeg(img: np.ndarray, quality: int) -> np.ndarray:
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:  # pragma: no cover - OpenCV always encodes a uint8 BGR image
        raise RuntimeError("JPEG encoding failed")
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)
