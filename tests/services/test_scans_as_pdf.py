"""Scans as evidence (issue 18, part 5): pages photographed for the file are deskewed and stored as
ONE multi-page PDF per material, not one JPEG per page, on both paths: the filing's evidence scans
(kiosk.services.recognition capture_page -> kiosk.services.filing attachments) and 材料收转
(kiosk.services.materials). The page on the desk is square to the camera but its text is printed
3 degrees askew: only a deskew (not the page flattening) straightens it; the stored PDF's page
images are measured."""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest

from drivers.camera.base import Frame
from drivers.camera.pages import skew_angle
from kiosk.services import filing, materials, recognition
from tests.services import fakes
from tests.services.scan_fakes import pdf_pages
from tests.services.test_materials import _docketed, _draft, _service, printer  # noqa: F401 (fixture)

SKEW = 3.0


def _askew_page_photo(n: int) -> bytes:
    """A white A4 sheet (at 60 dpi) on a dark desk, its text lines printed SKEW degrees askew."""
    page = np.full((702, 496, 3), 250, np.uint8)
    for line in range(12 + n):
        y = 80 + line * 40
        cv2.line(page, (60, y), (430 - 11 * ((n + line) % 5), y), (30, 30, 30), 5)
    rotation = cv2.getRotationMatrix2D((248, 351), SKEW, 1.0)
    page = cv2.warpAffine(page, rotation, (496, 702), borderValue=(250, 250, 250))
    photo = np.full((702 + 160, 496 + 160, 3), (48, 52, 58), np.uint8)
    photo[80:782, 80:576] = page
    ok, data = cv2.imencode(".png", photo)
    assert ok
    return data.tobytes()


class PageCamera:
    """Photographs the next of a few askew pages."""

    def __init__(self) -> None:
        self.shots = 0

    def capture(self) -> Frame:
        self.shots += 1
        return Frame(656, 862, _askew_page_photo(self.shots))


def _pdf_page_angles(pdf: bytes) -> list[float]:
    from PIL import Image
    from pypdf import PdfReader

    angles = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        (image,) = page.images
        rgb = np.asarray(Image.open(io.BytesIO(image.data)).convert("RGB"))
        angles.append(skew_angle(rgb[:, :, ::-1].copy()))
    return angles


def test_the_askew_photo_is_askew_before_any_deskew():
    from drivers.camera.pages import decode_image, find_page, warp_page

    image = decode_image(_askew_page_photo(1))
    flat = warp_page(image, find_page(image), dpi=60)
    assert abs(abs(skew_angle(flat)) - SKEW) < 0.5  # flattening alone leaves the text askew


def test_filing_evidence_pages_are_deskewed_and_stored_as_one_pdf(config):
    spec = recognition.SERVICE
    scan = spec.factory(fakes.make_deps(spec, config, devices={"camera": PageCamera()}))
    captured = fakes.recorder(scan.page_captured)
    for _ in range(3):
        scan.capture_page()
    assert len(captured) == 3 and all(jpeg[:2] == b"\xff\xd8" for jpeg in captured)
    # the evidence item's pages -> its attachment, as the filing stores them
    files = filing.FilingService._files([(tuple(captured), "evidence-1.pdf", "evidence", 0)], None, {})
    (pdf, media, name, purpose), = files
    assert (media, name, purpose) == ("application/pdf", "evidence-1.pdf", "evidence")
    assert pdf_pages(pdf) == 3
    assert all(abs(angle) < 0.5 for angle in _pdf_page_angles(pdf)), _pdf_page_angles(pdf)


def test_materials_pages_are_deskewed_and_stored_as_one_pdf(outbox, court, policy, config, printer):  # noqa: F811
    from offline_queue import attachments

    _docketed(court)
    service, signals = _service(outbox, court, policy, config, printer, PageCamera())
    for _ in range(3):
        service.scan()
    scanned = signals["page_scanned"]
    assert len(scanned) == 3 and all(page.found for page in scanned)
    identity = fakes.person()
    draft = _draft(service, signals, identity, pages=0, kind="evidence", name="补充证据")
    draft.pages = [materials.Page(page.jpeg, page.preview) for page in scanned]
    service.submit(identity, draft)
    items = outbox.items()
    stored = [item for item in items if item.kind == "attachment"]
    assert len(stored) == 1  # one PDF for the material, not a file per page
    pdf = attachments.read_attachment(stored[0], stored[0].payload["dir"])
    assert pdf_pages(pdf) == 3
    assert all(abs(angle) < 0.5 for angle in _pdf_page_angles(pdf)), _pdf_page_angles(pdf)


@pytest.mark.parametrize("path", ["filing", "materials"])
def test_no_page_is_stored_as_a_jpeg_attachment(path):
    """Both writers make PDFs: the filing's evidence list and 材料收转 name no image media type for pages."""
    import inspect

    source = inspect.getsource(filing if path == "filing" else materials)
    assert "encoded_pages_to_pdf" in source and '"image/jpeg"' not in source
