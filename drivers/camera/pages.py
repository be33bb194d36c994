"""Pages in camera frames: find, flatten, straighten, and save as PDF.

Pure functions on numpy images (BGR uint8 as OpenCV reads them, or grayscale):

- :func:`find_page`: the page's four corners (tl, tr, br, bl) in a frame, or None;
- :func:`warp_page`: the page cut out and flattened to paper proportions (A4);
- :func:`deskew`: the small rotation left after flattening, measured on the text
  lines and undone;
- :func:`pages_to_pdf`: the pages as one multi-page PDF of paper-sized pages (written to a
  file); :func:`pdf_bytes` the same PDF in memory; :func:`encoded_pages_to_pdf` the PDF of
  encoded pages (JPEG/PNG bytes, as a kiosk keeps scanned pages);
- :func:`scan_page`: a photographed page found, flattened, straightened and JPEG-encoded.

The PDFs are deterministic: the same pages give the same bytes (no creation time, no file
name, no random document id), so a digest of a material is stable across a retried "confirm".

Corners are in continuous pixel coordinates where pixel ``(x, y)`` covers
``[x - 0.5, x + 0.5] x [y - 0.5, y + 0.5]``: a corner is where the page's edges
meet, not the centre of a pixel.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

#: paper sizes in millimetres, portrait (width, height)
PAPER_MM: dict[str, tuple[float, float]] = {
    "A3": (297.0, 420.0),
    "A4": (210.0, 297.0),
    "A5": (148.0, 210.0),
    "Letter": (215.9, 279.4),
}

_WORK_SIZE = 640  # longer side of the image page detection looks at


def paper_size_px(paper: str = "A4", dpi: float = 200, landscape: bool = False) -> tuple[int, int]:
    """(width, height) in pixels of ``paper`` at ``dpi``."""
    try:
        w_mm, h_mm = PAPER_MM[paper]
    except KeyError:
        raise ValueError(f"unknown paper {paper!r}; known: {', '.join(PAPER_MM)}") from None
    if dpi <= 0:
        raise ValueError(f"dpi must be positive, got {dpi}")
    w, h = round(w_mm / 25.4 * dpi), round(h_mm / 25.4 * dpi)
    return (h, w) if landscape else (w, h)


def _gray(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return image
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def order_corners(points: np.ndarray | Iterable) -> np.ndarray:
    """Four points ordered tl, tr, br, bl (clockwise on screen), as a 4x2 float32 array.

    The top side is the one that points most nearly to the right, so a page turned
    by up to 45 degrees keeps its top left corner.
    """
    pts = np.asarray(points, dtype=np.float64).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    pts = pts[np.argsort(angles)]  # y points down: increasing angle is clockwise on screen
    sides = np.roll(pts, -1, axis=0) - pts
    rightward = sides[:, 0] / np.maximum(np.hypot(sides[:, 0], sides[:, 1]), 1e-9)
    return np.roll(pts, -int(np.argmax(rightward)), axis=0).astype(np.float32)


def _plausible(quad: np.ndarray, width: int, height: int, min_area: float) -> bool:
    """Area, corner angles and side ratios a photographed sheet of paper can have."""
    area = cv2.contourArea(quad.astype(np.float32))
    if area < min_area * width * height:
        return False
    # a corner on the frame's border is a page cut off by the frame (or the frame itself)
    if np.any((quad[:, 0] <= 2) | (quad[:, 0] >= width - 3) | (quad[:, 1] <= 2) | (quad[:, 1] >= height - 3)):
        return False
    sides = np.roll(quad, -1, axis=0) - quad
    lengths = np.hypot(sides[:, 0], sides[:, 1])
    if lengths.min() < 0.25 * lengths.max():
        return False
    if min(lengths[0], lengths[2]) < 0.5 * max(lengths[0], lengths[2]):
        return False
    if min(lengths[1], lengths[3]) < 0.5 * max(lengths[1], lengths[3]):
        return False
    for i in range(4):
        a, b = -sides[i - 1], sides[i]
        cos = float(np.dot(a, b) / max(lengths[i - 1] * lengths[i], 1e-9))
        if abs(cos) > 0.72:  # corner angle outside ~44..136 degrees
            return False
    return True


def _quads(mask: np.ndarray, mode: int) -> Iterable[np.ndarray]:
    contours, _ = cv2.findContours(mask, mode, cv2.CHAIN_APPROX_SIMPLE)
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:8]:
        hull = cv2.convexHull(contour)
        approx = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
        if len(approx) == 4 and cv2.isContourConvex(approx):
            yield approx.reshape(4, 2).astype(np.float64)


def _fit_side(gray: np.ndarray, p: np.ndarray, q: np.ndarray, reach: float) -> tuple[np.ndarray, np.ndarray] | None:
    """The page edge near the side p->q, as (point, unit direction), from gradient peaks across it."""
    d = q - p
    length = float(np.hypot(*d))
    if length < 8:
        return None
    t = d / length
    n = np.array([-t[1], t[0]])
    count = int(np.clip(length / 6, 12, 80))
    base = p + np.linspace(0.12, 0.88, count)[:, None] * d
    step = 0.5
    offsets = np.arange(-reach, reach + step / 2, step)
    coords = base[:, None, :] + offsets[None, :, None] * n
    prof = cv2.remap(gray, coords[..., 0].astype(np.float32), coords[..., 1].astype(np.float32),
                     cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    prof = cv2.GaussianBlur(prof, (5, 1), 0)  # smooth along the normal only
    grad = np.abs(np.diff(prof, axis=1))
    k = np.argmax(grad, axis=1)
    peak = grad[np.arange(count), k]
    strong = peak >= max(12.0, 0.5 * float(np.median(peak)))
    inner = (k > 0) & (k < grad.shape[1] - 1)
    keep = strong & inner
    if keep.sum() < 6:
        return None
    rows, k = np.nonzero(keep)[0], k[keep]
    g0, g1, g2 = grad[rows, k - 1], grad[rows, k], grad[rows, k + 1]
    denom = g0 - 2 * g1 + g2
    delta = np.where(np.abs(denom) > 1e-6, 0.5 * (g0 - g2) / np.where(denom == 0, 1, denom), 0.0)
    pos = offsets[k] + step / 2 + np.clip(delta, -0.5, 0.5) * step  # diff index k sits between k and k+1
    points = (base[rows] + pos[:, None] * n).astype(np.float32)
    vx, vy, x0, y0 = cv2.fitLine(points, cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
    return np.array([x0, y0], dtype=np.float64), np.array([vx, vy], dtype=np.float64)


def _intersect(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> np.ndarray | None:
    (p, r), (q, s) = a, b
    cross = r[0] * s[1] - r[1] * s[0]
    if abs(cross) < 1e-6:
        return None
    u = ((q[0] - p[0]) * s[1] - (q[1] - p[1]) * s[0]) / cross
    return p + u * r


def _refine(gray: np.ndarray, quad: np.ndarray, reach: float) -> np.ndarray:
    """Corners at full resolution: each side fitted to the edge, corners where sides meet."""
    lines = [_fit_side(gray, quad[i], quad[(i + 1) % 4], reach) for i in range(4)]
    refined = quad.copy()
    for i in range(4):
        before, after = lines[i - 1], lines[i]  # the sides ending and starting at corner i
        if before is None or after is None:
            continue
        corner = _intersect(before, after)
        if corner is not None and np.hypot(*(corner - quad[i])) <= 2 * reach:
            refined[i] = corner
    return refined


def find_page(image: np.ndarray, min_area: float = 0.1, refine: bool = True) -> np.ndarray | None:
    """The corners (tl, tr, br, bl; 4x2 float32) of the largest page-like quadrilateral, or None.

    The search runs on a copy scaled to 640 px: the bright sheet against a darker
    desk (Otsu threshold) and, for a light desk, the edge map (Canny); the largest
    convex quadrilateral with a page's proportions that covers at least
    ``min_area`` of the frame wins; a page cut off by the frame's border is not
    found. With ``refine`` each side is then fitted to the edge at full resolution
    (sub-pixel corners, for ~1 ms; without it corners are within a few pixels of
    the 640 px copy).
    """
    gray = _gray(image)
    height, width = gray.shape[:2]
    scale = min(1.0, _WORK_SIZE / max(height, width))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    small = cv2.GaussianBlur(small, (5, 5), 0)
    sh, sw = small.shape[:2]
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5))

    _, bright = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_OPEN, kernel)
    median = float(np.median(small))
    edges = cv2.Canny(small, max(10.0, 0.66 * median), min(255.0, max(30.0, 1.33 * median)))
    edges = cv2.dilate(edges, kernel)

    best: np.ndarray | None = None
    best_area = 0.0
    for mask, mode in ((bright, cv2.RETR_EXTERNAL), (edges, cv2.RETR_LIST)):
        for quad in _quads(mask, mode):
            quad = order_corners(quad).astype(np.float64)
            if not _plausible(quad, sw, sh, min_area):
                continue
            area = cv2.contourArea(quad.astype(np.float32))
            if area > best_area:
                best, best_area = quad, area
    if best is None:
        return None
    # small-image pixel centres -> full-image coordinates
    corners = (best + 0.5) / scale - 0.5
    if refine:
        corners = _refine(gray.astype(np.float32), corners, reach=5.0 / scale + 3.0)
    return order_corners(corners)


def warp_page(
    image: np.ndarray,
    corners: np.ndarray,
    dpi: float = 200,
    paper: str = "A4",
    orientation: str = "auto",
) -> np.ndarray:
    """The page inside ``corners`` flattened to ``paper`` at ``dpi`` (A4 at 200 dpi: 1654x2339).

    ``orientation``: 'portrait', 'landscape', or 'auto' (landscape when the page's
    top and bottom sides are longer than its left and right sides).
    """
    if orientation not in ("auto", "portrait", "landscape"):
        raise ValueError(f"orientation must be auto, portrait or landscape, got {orientation!r}")
    tl, tr, br, bl = order_corners(corners).astype(np.float64)
    across = (np.hypot(*(tr - tl)) + np.hypot(*(br - bl))) / 2
    down = (np.hypot(*(bl - tl)) + np.hypot(*(br - tr))) / 2
    landscape = orientation == "landscape" or (orientation == "auto" and across > down)
    w, h = paper_size_px(paper, dpi, landscape)
    src = np.array([tl, tr, br, bl], dtype=np.float32)
    dst = np.array([[-0.5, -0.5], [w - 0.5, -0.5], [w - 0.5, h - 0.5], [-0.5, h - 0.5]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def _line_score(xs: np.ndarray, ys: np.ndarray, degrees: float) -> float:
    """How sharply the dark pixels bunch into rows when turned by ``degrees``."""
    a = np.deg2rad(degrees)
    rows = ys * np.cos(a) + xs * np.sin(a)
    rows -= rows.min()
    low = np.floor(rows)
    frac = rows - low
    low = low.astype(np.int64)
    size = int(low.max()) + 2
    # linear binning: a point between two rows counts to both, so the score is smooth in the angle
    hist = np.bincount(low, weights=1 - frac, minlength=size) + np.bincount(low + 1, weights=frac, minlength=size)
    return float(np.dot(hist, hist))


def skew_angle(image: np.ndarray, max_angle: float = 10.0) -> float:
    """The angle in degrees by which the text lines are turned (positive: rising to the
    right, i.e. counter-clockwise on screen); 0.0 when there is too little text."""
    gray = _gray(image)
    height, width = gray.shape[:2]
    scale = min(1.0, 1400 / max(height, width))
    if scale < 1:
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        height, width = gray.shape[:2]
    _, dark = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    mx, my = int(width * 0.03), int(height * 0.03)  # ignore the page border (slivers of desk)
    dark = dark[my:height - my, mx:width - mx]
    ys, xs = np.nonzero(dark)
    if len(xs) < 200 or len(xs) > 0.5 * dark.size:  # blank page, or not a page of text
        return 0.0
    if len(xs) > 60_000:
        pick = np.random.default_rng(0).choice(len(xs), 60_000, replace=False)
        xs, ys = xs[pick], ys[pick]
    xs = xs.astype(np.float64)
    ys = ys.astype(np.float64)
    best = 0.0
    for span, step in ((max_angle, 0.5), (0.5, 0.05), (0.05, 0.01)):
        candidates = best + np.arange(-span, span + step / 2, step)
        candidates = candidates[np.abs(candidates) <= max_angle + 1e-9]
        best = float(max(candidates, key=lambda d: _line_score(xs, ys, d)))
    return best


def deskew(image: np.ndarray, max_angle: float = 10.0) -> tuple[np.ndarray, float]:
    """The image turned so its text lines are horizontal, and the angle that was undone
    (see :func:`skew_angle`); the size is kept and uncovered corners are filled white."""
    angle = skew_angle(image, max_angle)
    if abs(angle) < 0.05:
        return image, angle
    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D(((width - 1) / 2, (height - 1) / 2), -angle, 1.0)
    white = 255 if image.ndim == 2 else (255,) * image.shape[2]
    turned = cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_LINEAR,
                            borderMode=cv2.BORDER_CONSTANT, borderValue=white)
    return turned, angle


def _to_pil(image: np.ndarray) -> Image.Image:
    if image.dtype != np.uint8:
        raise ValueError(f"page images must be uint8, got {image.dtype}")
    if image.ndim == 2:
        return Image.fromarray(image, "L")
    if image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    return Image.fromarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB), "RGB")


def _on_paper(page: Image.Image, paper: str, dpi: float) -> Image.Image:
    """The page scaled to fit ``paper`` at ``dpi`` and centred on white (same orientation)."""
    w, h = paper_size_px(paper, dpi, landscape=page.width > page.height)
    if page.size == (w, h):
        return page
    scale = min(w / page.width, h / page.height)
    size = (max(1, round(page.width * scale)), max(1, round(page.height * scale)))
    if size != page.size:
        page = page.resize(size, Image.Resampling.LANCZOS)
    sheet = Image.new(page.mode, (w, h), 255 if page.mode == "L" else (255, 255, 255))
    sheet.paste(page, ((w - size[0]) // 2, (h - size[1]) // 2))
    return sheet


def pdf_bytes(
    images: Iterable[np.ndarray],
    dpi: float = 200,
    paper: str = "A4",
    quality: int = 85,
) -> tuple[bytes, int]:
    """The pages (BGR or grayscale arrays) as one PDF of ``paper``-sized pages, in memory: (bytes, page count).

    Each page is scaled to fit the paper at ``dpi`` (landscape pages on landscape paper) and
    JPEG-compressed at ``quality`` (Pillow's PDF writer). The bytes depend on the pages alone:
    Pillow's creation and modification dates and its title (the file name) are left out.
    """
    sheets = [_on_paper(_to_pil(image), paper, dpi) for image in images]
    if not sheets:
        raise ValueError("no pages to write")
    out = io.BytesIO()
    sheets[0].save(out, format="PDF", save_all=True, append_images=sheets[1:], resolution=float(dpi),
                   quality=int(quality), title=None, creationDate=None, modDate=None)
    return out.getvalue(), len(sheets)


def pages_to_pdf(
    images: Iterable[np.ndarray],
    path: str | os.PathLike[str],
    dpi: float = 200,
    paper: str = "A4",
    quality: int = 85,
) -> int:
    """Write the pages (BGR or grayscale arrays) as one PDF of ``paper``-sized pages; returns the page count.

    The PDF is :func:`pdf_bytes`'s, written to a temporary file, synced and moved into place,
    so ``path`` is either the old file or the whole PDF.
    """
    data, count = pdf_bytes(images, dpi, paper, quality)
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".pages-", suffix=".pdf", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def decode_image(data: bytes) -> np.ndarray:
    """Encoded image bytes (PNG, JPEG) as a BGR array; ValueError when they are not an image."""
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR) if data else None
    if image is None:
        raise ValueError("not an image")
    return image


def _a4_dpi(image: np.ndarray) -> float:
    """The resolution at which ``image`` fills an A4 sheet (its longer side on the 297 mm side)."""
    height, width = image.shape[:2]
    return float(np.clip(round(max(height, width) / (PAPER_MM["A4"][1] / 25.4)), 72, 600))


def encoded_pages_to_pdf(pages: Sequence[bytes], dpi: float | None = None, quality: int = 85) -> tuple[bytes, int]:
    """Scanned pages, each JPEG or PNG bytes, as one A4 PDF in memory: (bytes, page count).

    ``dpi``: the PDF's resolution; by default the one at which the first page fills A4 (a page
    flattened by :func:`scan_page` is then not scaled again). The same pages give the same bytes.
    """
    if not pages:
        raise ValueError("no pages to write")
    images = [decode_image(page) for page in pages]
    return pdf_bytes(images, dpi=dpi or _a4_dpi(images[0]), paper="A4", quality=quality)


@dataclass(frozen=True)
class ScannedPage:
    """A photographed page, flattened and straightened, as JPEG (it may show personal documents:
    never log it)."""

    jpeg: bytes
    width: int
    height: int
    found: bool  # the page's edges were found (else the whole photo is kept)
    angle: float  # the rotation of the text lines that was undone (degrees)

    def __repr__(self) -> str:
        return f"ScannedPage({self.width}x{self.height}, found={self.found}, {len(self.jpeg)} bytes JPEG)"


def scan_page(photo: bytes, dpi: float = 200, quality: int = 85) -> ScannedPage:
    """A camera photo (PNG/JPEG bytes) of a page: the page found (:func:`find_page`), flattened to A4
    at ``dpi`` (:func:`warp_page`) and straightened (:func:`deskew`), JPEG-encoded at ``quality``.
    Without a page found, the whole photo is straightened and kept."""
    image = decode_image(photo)
    corners = find_page(image)
    if corners is not None:
        image = warp_page(image, corners, dpi=dpi)
    image, angle = deskew(image)
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:
        raise ValueError("the page could not be encoded")
    return ScannedPage(data.tobytes(), image.shape[1], image.shape[0], corners is not None, angle)
