"""Document camera benchmark: the OpenCV backend and the page functions on a synthetic
1920x1080 MJPG recording (a page on a textured desk, moving slightly).

- preview: ``read_frame`` alone and ``read_frame`` + ``find_page`` (frames/s), what the
  live preview with a page outline costs the camera worker;
- one page: ``capture`` (PNG) -> decode -> ``find_page`` -> ``warp_page`` (A4, 200 dpi)
  -> ``deskew``, each step and the total (median of a few runs);
- ``pages_to_pdf`` of three A4 pages.

``run() -> list[(name, value, note)]``; ``python benchmarks/bench_camera.py`` prints them as
``name | value | note`` lines (collected by ``benchmarks/run.py``).
The GUI-thread stall of the preview is measured with the preview widget, not here.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))

from drivers.camera.opencv_backend import OpenCvCamera  # noqa: E402
from drivers.camera.pages import deskew, find_page, pages_to_pdf, warp_page  # noqa: E402

SIZE = (1920, 1080)
FRAMES = 30


def _page() -> np.ndarray:
    """A4 at 100 dpi with a title and 18 lines of text, printed 1.5 degrees askew."""
    page = np.full((1169, 827, 3), 245, np.uint8)
    cv2.putText(page, "CIVIL COMPLAINT", (250, 110), cv2.FONT_HERSHEY_DUPLEX, 1.4, (20, 20, 20), 2, cv2.LINE_AA)
    words = ["Plaintiff", "Defendant", "claims", "payment", "RMB", "contract", "goods", "court"]
    rng = np.random.default_rng(0)
    for i in range(18):
        cv2.putText(page, " ".join(rng.choice(words, 6)), (100, 200 + 50 * i), cv2.FONT_HERSHEY_SIMPLEX, 0.8,
                    (30, 30, 30), 2, cv2.LINE_AA)
    matrix = cv2.getRotationMatrix2D((413, 584), 1.5, 1.0)
    return cv2.warpAffine(page, matrix, (827, 1169), borderValue=(245, 245, 245))


def _desk() -> np.ndarray:
    width, height = SIZE
    rng = np.random.default_rng(1)
    blotches = cv2.resize(rng.normal(0, 1, (height // 8 + 1, width // 8 + 1)).astype(np.float32), SIZE,
                          interpolation=cv2.INTER_CUBIC)
    base = np.clip(75 + 18 * blotches + rng.normal(0, 6, (height, width)), 0, 255)
    return cv2.merge([base, 0.9 * base, 0.8 * base]).astype(np.uint8)


def _photograph(page: np.ndarray, desk: np.ndarray, shift: float, angle: float) -> np.ndarray:
    ph, pw = page.shape[:2]
    half_w, half_h = pw * 0.75 / 2, ph * 0.75 / 2
    pts = np.array([[-half_w * 0.94, -half_h], [half_w * 0.94, -half_h], [half_w, half_h], [-half_w, half_h]])
    a = np.deg2rad(-angle)
    quad = pts @ np.array([[np.cos(a), np.sin(a)], [-np.sin(a), np.cos(a)]]) + (960 + shift, 540)
    src = np.float32([[-0.5, -0.5], [pw - 0.5, -0.5], [pw - 0.5, ph - 0.5], [-0.5, ph - 0.5]])
    matrix = cv2.getPerspectiveTransform(src, quad.astype(np.float32))
    warped = cv2.warpPerspective(page, matrix, SIZE)
    cover = cv2.warpPerspective(np.ones((ph, pw), np.float32), matrix, SIZE)[..., None]
    return np.clip(warped * cover + desk * (1 - cover) + 0.5, 0, 255).astype(np.uint8)


def _make_video(path: Path) -> None:
    page, desk = _page(), _desk()
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 25, SIZE)
    for i in range(FRAMES):
        writer.write(_photograph(page, desk, shift=4 * i, angle=2 + 0.1 * i))  # the page stays in view
    writer.release()


def _rate(step, count: int) -> float:
    start = time.perf_counter()
    for _ in range(count):
        step()
    return count / (time.perf_counter() - start)


def run(reads: int = 90, repeats: int = 5) -> list[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        video = Path(tmp) / "page.avi"
        _make_video(video)
        camera = OpenCvCamera(str(video))
        camera.read_frame()  # open and warm up
        read_fps = _rate(camera.read_frame, reads)
        found = 0

        def read_and_find() -> None:
            nonlocal found
            found += find_page(camera.read_frame()) is not None

        find_fps = _rate(read_and_find, reads)
        coarse_fps = _rate(lambda: find_page(camera.read_frame(), refine=False), reads)

        steps: dict[str, list[float]] = {"capture": [], "find": [], "warp": [], "deskew": [], "total": []}
        angle = 0.0
        for _ in range(repeats):
            t0 = time.perf_counter()
            frame = camera.capture()
            image = cv2.imdecode(np.frombuffer(frame.png, np.uint8), cv2.IMREAD_COLOR)
            t1 = time.perf_counter()
            corners = find_page(image)
            t2 = time.perf_counter()
            flat = warp_page(image, corners, dpi=200)
            t3 = time.perf_counter()
            straight, angle = deskew(flat)
            t4 = time.perf_counter()
            for name, seconds in zip(steps, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4 - t0), strict=True):
                steps[name].append(seconds * 1000)
        camera.close()
        start = time.perf_counter()
        pages_to_pdf([straight] * 3, Path(tmp) / "pages.pdf")
        pdf_ms = (time.perf_counter() - start) * 1000
        pdf_kb = (Path(tmp) / "pages.pdf").stat().st_size / 1024

    med = {name: statistics.median(values) for name, values in steps.items()}
    return [
        ("camera: read_frame, 1080p MJPG file", f"{read_fps:.0f} fps", f"{reads} frames, decode only"),
        ("camera: read_frame + find_page", f"{find_fps:.0f} fps", f"page found in {found}/{reads} frames"),
        ("camera: read_frame + find_page (no refine)", f"{coarse_fps:.0f} fps", "corners from the 640 px copy"),
        ("camera: capture (PNG) + decode", f"{med['capture']:.0f} ms", f"median of {repeats}, 1920x1080"),
        ("camera: find_page on the still", f"{med['find']:.0f} ms", "sub-pixel corners"),
        ("camera: warp_page to A4 200 dpi", f"{med['warp']:.0f} ms", "1654x2339"),
        ("camera: deskew", f"{med['deskew']:.0f} ms", f"found {angle:+.2f} deg (printed +1.50)"),
        ("camera: capture+find+warp+deskew", f"{med['total']:.0f} ms", "one page, end to end"),
        ("camera: pages_to_pdf, 3 A4 pages", f"{pdf_ms:.0f} ms", f"{pdf_kb:.0f} KiB, JPEG q85"),
    ]


if __name__ == "__main__":  # benchmarks/run.py reads "name | value | note" lines
    for row in run():
        print(" | ".join(row))
