"""The OpenCV document camera and the page functions, on synthetic photographs.

A page with text lines and a rule under its title is rendered, then "photographed":
placed on a darker textured desk with a known perspective transform, so the true
corners are known exactly. Recordings (an image sequence and an MJPG video of the
page moving) stand in for the camera: there is no /dev/video* on these machines.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import socket
import time
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from drivers.camera import CameraError, CameraUnavailable, DocumentCamera, Frame
from drivers.camera.opencv_backend import OpenCvCamera
from drivers.camera.pages import deskew, find_page, order_corners, pages_to_pdf, paper_size_px, warp_page

PAGE = (827, 1169)  # A4 at 100 dpi
PAPER = (245, 245, 245)
WORDS = ["Plaintiff", "Defendant", "claims", "payment", "RMB", "contract", "goods", "court", "delivered"]


# -- the synthetic scene -------------------------------------------------------------


def render_page(angle: float = 0.0, seed: int = 0) -> np.ndarray:
    """A white A4 page at 100 dpi: a title, a thick rule under it, 18 lines of text.
    ``angle`` turns the content (counter-clockwise on screen) inside the sheet."""
    rng = np.random.default_rng(seed)
    width, height = PAGE
    page = np.full((height, width, 3), PAPER, np.uint8)
    cv2.putText(page, "CIVIL COMPLAINT", (250, 110), cv2.FONT_HERSHEY_DUPLEX, 1.4, (20, 20, 20), 2, cv2.LINE_AA)
    cv2.rectangle(page, (100, 140), (width - 100, 144), (0, 0, 0), -1)
    for i in range(18):
        text = " ".join(rng.choice(WORDS, 6))
        cv2.putText(page, text, (100, 200 + 50 * i), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (30, 30, 30), 2, cv2.LINE_AA)
    if angle:
        matrix = cv2.getRotationMatrix2D(((width - 1) / 2, (height - 1) / 2), angle, 1.0)
        page = cv2.warpAffine(page, matrix, (width, height), borderValue=PAPER)
    return page


def desk(size: tuple[int, int], seed: int = 1) -> np.ndarray:
    """A darker, textured, slightly coloured background."""
    width, height = size
    rng = np.random.default_rng(seed)
    blotches = cv2.resize(rng.normal(0, 1, (height // 8 + 1, width // 8 + 1)).astype(np.float32), (width, height),
                          interpolation=cv2.INTER_CUBIC)
    grain = 8 * np.sin(np.linspace(0, 60, width, dtype=np.float32))[None, :]
    base = np.clip(75 + 18 * blotches + grain + rng.normal(0, 6, (height, width)), 0, 255)
    return cv2.merge([base, 0.9 * base, 0.8 * base]).astype(np.uint8)


def page_quad(size, centre, scale, angle, keystone=0.0, page=PAGE) -> np.ndarray:
    """Where a page lands: scaled, turned by ``angle`` (counter-clockwise on screen), its
    top side shortened by ``keystone`` (a camera looking down at a slant); tl, tr, br, bl."""
    pw, ph = page[0] * scale, page[1] * scale
    pts = np.array([[-pw / 2, -ph / 2], [pw / 2, -ph / 2], [pw / 2, ph / 2], [-pw / 2, ph / 2]])
    pts[:2, 0] *= 1 - keystone
    a = np.deg2rad(-angle)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    return (pts @ rot.T + np.asarray(centre, dtype=np.float64)).astype(np.float32)


def photograph(page: np.ndarray, quad: np.ndarray, background: np.ndarray) -> np.ndarray:
    """The page placed on the background so its corners land exactly on ``quad``."""
    height, width = background.shape[:2]
    ph, pw = page.shape[:2]
    src = np.float32([[-0.5, -0.5], [pw - 0.5, -0.5], [pw - 0.5, ph - 0.5], [-0.5, ph - 0.5]])
    matrix = cv2.getPerspectiveTransform(src, np.float32(quad))
    warped = cv2.warpPerspective(page, matrix, (width, height), flags=cv2.INTER_LINEAR)
    cover = cv2.warpPerspective(np.ones((ph, pw), np.float32), matrix, (width, height))[..., None]
    return np.clip(warped * cover + background * (1 - cover) + 0.5, 0, 255).astype(np.uint8)


def rule_angle(image: np.ndarray) -> float:
    """The angle of the rule under the title (the widest dark shape), measured on its own
    pixels: positive when it rises to the right."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    _, dark = cv2.threshold(gray, 100, 255, cv2.THRESH_BINARY_INV)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(dark)
    rule = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_WIDTH]))
    ys, xs = np.nonzero(labels == rule)
    assert len(xs) > 1000, "the rule was not found"
    vx, vy, _, _ = cv2.fitLine(np.column_stack([xs, ys]).astype(np.float32), cv2.DIST_L2, 0, 0.01, 0.01).ravel()
    if vx < 0:
        vx, vy = -vx, -vy
    return float(np.degrees(np.arctan2(-vy, vx)))


def decode_png(frame: Frame) -> np.ndarray:
    return cv2.imdecode(np.frombuffer(frame.png, np.uint8), cv2.IMREAD_COLOR)


# -- recordings standing in for the camera -----------------------------------------------

SEQ_FRAMES = 5
VIDEO_FRAMES = 12
VIDEO_SIZE = (1920, 1080)


def moving_quads(size, count, scale):
    width, height = size
    return [page_quad(size, (width / 2 + 9 * i, height / 2 - 4 * i), scale, 3 + 0.5 * i, 0.04) for i in range(count)]


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return render_page()


@pytest.fixture(scope="module")
def sequence(tmp_path_factory, page):
    """frames/%03d.png: the page moving slightly, 640x480, and the frames written."""
    folder = tmp_path_factory.mktemp("seq") / "frames"
    folder.mkdir()
    background = desk((640, 480))
    frames = []
    for i, quad in enumerate(moving_quads((640, 480), SEQ_FRAMES, 0.35)):
        frame = photograph(page, quad, background)
        assert cv2.imwrite(str(folder / f"{i:03d}.png"), frame)
        frames.append(frame)
    return str(folder / "%03d.png"), frames


@pytest.fixture(scope="module")
def video(tmp_path_factory, page):
    """An MJPG .avi at 1920x1080, 25 fps, the page moving slightly; and the true corners."""
    path = tmp_path_factory.mktemp("video") / "page.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 25, VIDEO_SIZE)
    assert writer.isOpened()
    background = desk(VIDEO_SIZE)
    quads = moving_quads(VIDEO_SIZE, VIDEO_FRAMES, 0.8)
    for quad in quads:
        writer.write(photograph(page, quad, background))
    writer.release()
    return str(path), quads


# -- find_page -------------------------------------------------------------------------------

CASES = {
    "square on, 1080p": ((1920, 1080), (960, 540), 0.8, 0, 0.0),
    "turned 12, keystone": ((1920, 1080), (900, 560), 0.75, 12, 0.10),
    "turned -25, 4:3": ((1280, 960), (640, 480), 0.6, -25, 0.15),
    "turned 35, small": ((1920, 1080), (1000, 500), 0.5, 35, 0.05),
    "strong keystone, VGA": ((800, 600), (400, 300), 0.4, 5, 0.25),
    "5 MP still": ((2592, 1944), (1250, 1000), 1.5, -4, 0.06),
}


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_find_page_corners_within_a_pixel_of_the_truth(page, case):
    size, centre, scale, angle, keystone = case
    truth = page_quad(size, centre, scale, angle, keystone)
    frame = photograph(page, truth, desk(size))
    corners = find_page(frame)
    assert corners is not None
    assert corners.shape == (4, 2)
    error = np.abs(corners - truth).max()
    assert error < 1.5, f"corners off by {error:.2f} px"
    coarse = find_page(frame, refine=False)  # without refinement: a few pixels of the 640 px work image
    assert np.abs(coarse - truth).max() < 5 * max(size) / 640


def test_order_corners_keeps_the_top_left_of_a_turned_page():
    truth = page_quad((1000, 1000), (500, 500), 0.5, 30)
    shuffled = truth[[2, 0, 3, 1]]
    assert np.allclose(order_corners(shuffled), truth)
    assert np.allclose(order_corners(page_quad((1000, 1000), (500, 500), 0.5, -40)),
                       page_quad((1000, 1000), (500, 500), 0.5, -40))


def test_no_page_in_the_frame(page):
    size = (1280, 720)
    background = desk(size)
    assert find_page(background) is None
    assert find_page(np.full((720, 1280, 3), 90, np.uint8)) is None
    assert find_page(np.zeros((720, 1280), np.uint8)) is None
    # a page cut off by the frame's left edge: its corners are not all visible
    cut = photograph(page, page_quad(size, (120, 360), 0.5, 0), background)
    assert find_page(cut) is None
    # a business card is not a page
    card = photograph(page, page_quad(size, (640, 360), 0.12, 10), background)
    assert find_page(card) is None
    # ... and the same page fully in view is found (the two above fail for the right reason)
    assert find_page(photograph(page, page_quad(size, (640, 360), 0.5, 0), background)) is not None


# -- warp_page and deskew ------------------------------------------------------------------------


def test_warp_page_flattens_to_a4(page):
    truth = page_quad((1920, 1080), (960, 540), 0.8, 10, 0.12)
    frame = photograph(page, truth, desk((1920, 1080)))
    flat = warp_page(frame, find_page(frame), dpi=200)
    assert flat.shape == (2339, 1654, 3) and (flat.shape[1], flat.shape[0]) == paper_size_px("A4", 200)
    assert flat.shape[0] / flat.shape[1] == pytest.approx(297 / 210, rel=2e-3)
    # the flattened page is the page: compare with the original scaled to 200 dpi
    expected = cv2.resize(page, (1654, 2339), interpolation=cv2.INTER_LINEAR)
    diff = np.abs(flat.astype(np.int16) - expected.astype(np.int16)).mean()
    assert diff < 6, f"mean difference {diff:.1f}"
    # no desk around the page: the border rows and columns are paper
    for edge in (flat[:3], flat[-3:], flat[:, :3], flat[:, -3:]):
        assert edge.mean() > 200
    assert abs(rule_angle(flat)) < 0.3


def test_warp_page_orientation(page):
    frame = photograph(page, page_quad((1920, 1080), (960, 540), 0.6, 0), desk((1920, 1080)))
    turned = cv2.rotate(frame, cv2.ROTATE_90_CLOCKWISE)
    corners = find_page(turned)
    assert corners is not None
    assert warp_page(turned, corners, dpi=100).shape[:2] == (827, 1169)  # auto: landscape
    assert warp_page(turned, corners, dpi=100, orientation="portrait").shape[:2] == (1169, 827)
    assert warp_page(frame, find_page(frame), dpi=50, paper="A5").shape[:2] == (413, 291)
    with pytest.raises(ValueError, match="orientation"):
        warp_page(frame, corners, orientation="sideways")
    with pytest.raises(ValueError, match="unknown paper"):
        warp_page(frame, corners, paper="B99")


@pytest.mark.parametrize("skew", [-4.0, -1.3, 0.8, 2.5, 6.0])
def test_capture_warp_deskew_leaves_text_lines_horizontal(skew):
    """The sheet lies at a slant and its text is printed askew on the sheet: warping fixes the
    perspective, deskew the residual rotation of the text lines."""
    page = render_page(angle=skew, seed=3)
    assert rule_angle(page) == pytest.approx(skew, abs=0.1)
    frame = photograph(page, page_quad((1920, 1080), (960, 540), 0.8, 8, 0.08), desk((1920, 1080)))
    flat = warp_page(frame, find_page(frame))
    assert rule_angle(flat) == pytest.approx(skew, abs=0.3)  # still askew after warping
    straight, angle = deskew(flat)
    assert angle == pytest.approx(skew, abs=0.3)
    assert straight.shape == flat.shape
    residual = rule_angle(straight)
    assert abs(residual) < 0.5, f"residual {residual:.2f} degrees"


def test_deskew_leaves_a_blank_or_straight_page_alone(page):
    blank = np.full((1169, 827, 3), 250, np.uint8)
    image, angle = deskew(blank)
    assert angle == 0.0 and image is blank
    image, angle = deskew(cv2.cvtColor(page, cv2.COLOR_BGR2GRAY))
    assert abs(angle) < 0.05 and image.ndim == 2
    assert np.array_equal(image, cv2.cvtColor(page, cv2.COLOR_BGR2GRAY))


# -- pages_to_pdf ----------------------------------------------------------------------------------------


def pdf_pages(data: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of each page of a PDF (Pillow writes plain, uncompressed objects)."""
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    objects = re.findall(rb"\d+ 0 obj\s*<<((?:(?!stream).)*?)>>\s*endobj", data, flags=re.S)
    pages, count = [], None
    for body in objects:
        if re.search(rb"/Type\s*/Pages\b", body):
            count = int(re.search(rb"/Count\s+(\d+)", body).group(1))
        elif re.search(rb"/Type\s*/Page\b", body):
            box = re.search(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", body)
            x0, y0, x1, y1 = (float(v) for v in box.groups())
            pages.append((x1 - x0, y1 - y0))
    assert count == len(pages)
    return pages


def test_pages_to_pdf_writes_n_a4_pages(tmp_path, page):
    flat = cv2.resize(page, (1654, 2339))
    gray = cv2.cvtColor(flat, cv2.COLOR_BGR2GRAY)
    small = cv2.resize(page, (400, 600))  # not A4 proportions: fitted onto the sheet
    wide = cv2.rotate(flat, cv2.ROTATE_90_CLOCKWISE)
    path = tmp_path / "scan.pdf"
    assert pages_to_pdf([flat, gray, small, wide], path, dpi=200) == 4
    sizes = pdf_pages(path.read_bytes())
    assert len(sizes) == 4
    a4 = (595.28, 841.89)
    for width, height in sizes[:3]:
        assert width == pytest.approx(a4[0], abs=1) and height == pytest.approx(a4[1], abs=1)
    assert sizes[3][0] == pytest.approx(a4[1], abs=1) and sizes[3][1] == pytest.approx(a4[0], abs=1)
    # the page images are there at 200 dpi (JPEG streams)
    assert len(re.findall(rb"/Width 1654\b", path.read_bytes())) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scan.pdf"]  # no temporary left behind
    # writing again replaces the file whole
    assert pages_to_pdf([flat], path) == 1
    assert len(pdf_pages(path.read_bytes())) == 1
    with pytest.raises(ValueError, match="no pages"):
        pages_to_pdf([], tmp_path / "empty.pdf")
    assert not (tmp_path / "empty.pdf").exists()


def test_pdf_renders_when_poppler_is_installed(tmp_path, page):
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        pytest.skip("poppler-utils not installed")
    import subprocess

    path = tmp_path / "scan.pdf"
    pages_to_pdf([cv2.resize(page, (1654, 2339))] * 2, path)
    subprocess.run([pdftoppm, "-r", "20", "-png", str(path), str(tmp_path / "p")], check=True, timeout=30)
    rendered = sorted(tmp_path.glob("p*.png"))
    assert len(rendered) == 2
    with Image.open(rendered[0]) as first:
        assert abs(first.width - 165) <= 1 and abs(first.height - 234) <= 1  # A4 at 20 dpi


# -- OpenCvCamera: recordings ---------------------------------------------------------------------------------


def test_image_sequence_loops(sequence):
    pattern, written = sequence
    camera = OpenCvCamera(pattern)
    assert isinstance(camera, DocumentCamera)
    assert camera.kind == "sequence" and not camera.live
    frames = [camera.read_frame() for _ in range(2 * SEQ_FRAMES + 2)]
    for i, frame in enumerate(frames):
        assert frame.shape == (480, 640, 3) and frame.dtype == np.uint8
        assert np.array_equal(frame, written[i % SEQ_FRAMES]), f"read {i} is not frame {i % SEQ_FRAMES}"
    assert camera.size == (640, 480)
    camera.close()
    camera.close()
    assert np.array_equal(camera.read_frame(), written[0])  # reopened after close, from the start
    camera.close()


def test_capture_is_a_full_resolution_png(video):
    path, quads = video
    camera = OpenCvCamera(path)
    frame = camera.capture()
    assert isinstance(frame, Frame)
    assert (frame.width, frame.height) == VIDEO_SIZE
    assert frame.png.startswith(b"\x89PNG\r\n\x1a\n")
    image = decode_png(frame)
    assert image.shape == (1080, 1920, 3)
    corners = find_page(image)  # the page in the recorded (MJPG) frame is where it was put
    assert corners is not None and np.abs(corners - quads[0]).max() < 2.0
    camera.close()


def test_video_loops_and_reads_fast_enough(video):
    path, quads = video
    camera = OpenCvCamera(path)
    first = [camera.read_frame() for _ in range(VIDEO_FRAMES)]
    again = [camera.read_frame() for _ in range(3)]
    for i in range(3):
        assert np.array_equal(again[i], first[i])
    assert not np.array_equal(first[0], first[1])  # the page moves
    corners = find_page(first[5])
    assert corners is not None and np.abs(corners - quads[5]).max() < 2.0
    reads = 30
    start = time.perf_counter()
    for _ in range(reads):
        camera.read_frame()
    rate = reads / (time.perf_counter() - start)
    camera.close()
    assert rate >= 10, f"{rate:.1f} frames/s from a 1080p MJPG video"


def test_loop_off_ends_with_an_error(sequence):
    pattern, _ = sequence
    camera = OpenCvCamera(pattern, loop=False)
    for _ in range(SEQ_FRAMES):
        camera.read_frame()
    with pytest.raises(CameraError, match="end of the recording") as info:
        camera.read_frame()
    assert not isinstance(info.value, CameraUnavailable)
    camera.close()


def test_fps_paces_a_recording_like_a_camera(sequence):
    pattern, _ = sequence
    camera = OpenCvCamera(pattern, fps=50)
    start = time.perf_counter()
    for _ in range(6):
        camera.read_frame()
    assert time.perf_counter() - start >= 5 / 50 - 0.005
    camera.close()


# -- OpenCvCamera: errors and hot-plug -------------------------------------------------------------------------


def free_device_index() -> int:
    for index in range(10, 64):
        if not Path(f"/dev/video{index}").exists():
            return index
    pytest.skip("every /dev/video index is taken")


def test_missing_sources_give_clear_errors(tmp_path):
    missing = OpenCvCamera(str(tmp_path / "nowhere.avi"))  # lazy: constructing opens nothing
    with pytest.raises(CameraUnavailable, match="nowhere.avi: file not found"):
        missing.read_frame()
    usable = missing.is_usable()
    assert not usable and "file not found" in usable.reason
    with pytest.raises(CameraUnavailable, match="file not found"):
        missing.capture()

    with pytest.raises(CameraUnavailable, match="folder .* not found"):
        OpenCvCamera(str(tmp_path / "gone" / "%03d.png")).read_frame()
    with pytest.raises(CameraUnavailable, match="no image matches"):
        OpenCvCamera(str(tmp_path / "%03d.png")).read_frame()

    junk = tmp_path / "notes.avi"
    junk.write_text("not a video")
    with pytest.raises(CameraUnavailable, match="not a readable video"):
        OpenCvCamera(str(junk)).read_frame()

    index = free_device_index()
    device = OpenCvCamera(str(index))
    assert device.source == index and device.kind == "device" and device.live
    with pytest.raises(CameraUnavailable, match=rf"/dev/video{index} does not exist"):
        device.read_frame()
    assert "unplugged" in device.is_usable().reason

    with pytest.raises(ValueError, match="camera source"):
        OpenCvCamera(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="empty"):
        OpenCvCamera("  ")
    with pytest.raises(ValueError, match="fourcc"):
        OpenCvCamera(0, fourcc="MJPEG")


def test_stream_errors_hide_credentials():
    with socket.socket() as sock:  # a loopback port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    camera = OpenCvCamera(f"http://staff:s3cret@127.0.0.1:{port}/video.mjpg", timeout=2)
    assert camera.kind == "url"
    with pytest.raises(CameraUnavailable, match="cannot connect") as info:
        camera.read_frame()
    assert "s3cret" not in str(info.value) and "***@127.0.0.1" in str(info.value)
    assert "s3cret" not in repr(camera)


def test_source_that_vanishes_and_comes_back(tmp_path, sequence, caplog):
    _, written = sequence
    folder = tmp_path / "frames"
    shutil.copytree(Path(sequence[0]).parent, folder)
    camera = OpenCvCamera(str(folder / "%03d.png"))
    caplog.set_level(logging.INFO, logger="drivers.camera")
    assert camera.is_usable()
    assert np.array_equal(camera.read_frame(), written[0])  # is_usable's frame is not skipped
    unplugged = folder.rename(tmp_path / "elsewhere")
    usable = camera.is_usable()  # noticed while idle, without reading
    assert not usable and "not found" in usable.reason
    unplugged.rename(folder)
    assert camera.is_usable()
    assert np.array_equal(camera.read_frame(), written[0])  # the source was closed and opened again
    folder.rename(unplugged)
    with pytest.raises(CameraUnavailable):  # a frame already decoded may still come out first
        for _ in range(3):
            camera.read_frame()
    with pytest.raises(CameraUnavailable, match="not found"):
        camera.read_frame()
    assert not camera.is_usable()
    unplugged.rename(folder)
    assert np.array_equal(camera.read_frame(), written[0])  # opened again, from the start
    assert camera.is_usable()
    messages = [r.getMessage() for r in caplog.records if r.name == "drivers.camera"]
    assert sum("lost" in m for m in messages) == 2  # once each time it went away
    assert sum(m.endswith("available") and "not" not in m for m in messages) == 3  # first open, comebacks
    camera.close()


def test_png_of_a_capture_decodes_with_pillow(sequence):
    camera = OpenCvCamera(sequence[0])
    frame = camera.capture()
    with Image.open(io.BytesIO(frame.png)) as image:
        assert image.size == (frame.width, frame.height) == (640, 480)
    camera.close()
