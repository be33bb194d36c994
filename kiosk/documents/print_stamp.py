"""文书打印: check a served document's PDF, and stamp every page of it with the kiosk's print footer.

No Qt here (pypdf reads and merges, fpdf2 draws the footer, segno makes the QR), so it runs on
any worker and is tested without an application.

- `check_pdf`: the whole PDF opens and has at most the policy's pages per document; otherwise a
  `DocumentProblem` with a code (``corrupt``, ``encrypted``, ``empty``, ``too_many_pages``) and
  the page count when known. Nothing is printed from a PDF that fails here.
- `stamp`: each page's content is shrunk a little (to `SCALE` of its size, centred) and moved up
  above a footer band at the bottom of the page, so the footer never covers the body: 自助打印,
  the time, 验证码 <code>, the page number, and a small QR of the court's verify URL in the
  bottom right corner. The page keeps its size (A4 stays A4).

The footer's texts are Chinese directly (paper, like the receipts). The QR carries only the
verify URL (the court's public check, no personal data); logs name counts only.
"""

from __future__ import annotations

import io
import logging
import tempfile
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

log = logging.getLogger("kiosk.documents")

CJK_FONT_PATH = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
CJK_FONT_INDEX = 2  # Noto Sans CJK SC in the collection
MM = 72 / 25.4  # points per millimetre
BAND_MM = 17.0  # the footer band at the bottom of each page
QR_MM = 14.0  # the QR's side (with its quiet zone)
MARGIN_MM = 8.0  # from the page's left and right edges to the footer
FOOTER_PT = 9.0
#: every character a footer may use (`Footer.text`: the time, a verification code, page numbers)
FOOTER_CHARACTERS = "自助打印验证码第页 0123456789-:/ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class DocumentProblem(ValueError):
    """A PDF the kiosk will not print: ``code`` (corrupt | encrypted | empty | too_many_pages) and
    ``pages`` (its page count, 0 when unknown)."""

    def __init__(self, code: str, pages: int = 0, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code
        self.pages = pages


@dataclass(frozen=True)
class Footer:
    """What the footer says: the verification code, the court's check URL (the QR) and the time."""

    code: str
    verify_url: str
    printed_at: datetime

    def text(self, page: int, pages: int) -> str:
        return f"自助打印  {self.printed_at:%Y-%m-%d %H:%M}  验证码 {self.code}  第 {page}/{pages} 页"


def check_pdf(data: bytes, max_pages: int) -> int:
    """The page count of a PDF the kiosk may print (every page readable, at most ``max_pages``);
    raises DocumentProblem otherwise."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.startswith(b"%PDF-"):
        raise DocumentProblem("corrupt", detail="not a PDF")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise DocumentProblem("encrypted")
        pages = len(reader.pages)
        if pages > max_pages:
            raise DocumentProblem("too_many_pages", pages)
        for page in reader.pages:  # every page's size and content must be there
            _box(page)
            page.get_contents()
    except DocumentProblem:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise DocumentProblem("corrupt", detail=type(exc).__name__) from exc
    if pages == 0:
        raise DocumentProblem("empty")
    return pages


def _box(page) -> tuple[float, float, float, float]:
    box = page.mediabox
    x0, y0, x1, y1 = float(box.left), float(box.bottom), float(box.right), float(box.top)
    if x1 - x0 < 72 or y1 - y0 < 72:  # under an inch: not a document page
        raise ValueError("page too small")
    return x0, y0, x1, y1


def band_scale(height: float) -> float:
    """How much a page's content is shrunk so that the footer band fits below it."""
    return (height - BAND_MM * MM) / height


def _qr_png(url: str) -> io.BytesIO:
    import segno

    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=8, border=2)
    out.seek(0)
    return out


_font_lock = threading.Lock()
_font_path: Path | None = None


def footer_font() -> Path:
    """A small font file with only the footer's characters, cut from the CJK font once per process
    (a second; then each footer takes milliseconds instead of parsing and subsetting 20 MB). Call it
    early on a worker (`PrintDocumentsService.warm_up`) so the first print does not wait for it."""
    global _font_path
    with _font_lock:
        if _font_path is not None and _font_path.exists():
            return _font_path
        from fontTools import subset
        from fontTools.ttLib import TTFont

        logging.getLogger("fontTools").setLevel(logging.WARNING)  # its subsetter lists every glyph at INFO
        font = TTFont(CJK_FONT_PATH, fontNumber=CJK_FONT_INDEX, lazy=True)
        options = subset.Options()
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=FOOTER_CHARACTERS)
        subsetter.subset(font)
        folder = Path(tempfile.mkdtemp(prefix="kiosk-footer-font-"))
        path = folder / "footer.otf"
        font.save(str(path))
        font.close()
        _font_path = path
        log.info("footer font prepared (%d bytes)", path.stat().st_size)
        return path


def _overlay(sizes: list[tuple[float, float]], footer: Footer) -> bytes:
    """One page per original page, of its size: the footer text and the QR in the band."""
    from fpdf import FPDF

    text = "".join(footer.text(n, len(sizes)) for n in range(1, len(sizes) + 1))
    if not set(text) <= set(FOOTER_CHARACTERS):
        raise ValueError("the footer has a character its font does not carry")
    font = footer_font()
    pdf = FPDF(unit="pt", format=sizes[0])
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.add_font("cjk", fname=str(font))
    qr = _qr_png(footer.verify_url)
    total = len(sizes)
    for number, (width, height) in enumerate(sizes, start=1):
        pdf.add_page(format=(width, height))
        band = BAND_MM * MM
        side = QR_MM * MM
        left = MARGIN_MM * MM
        top = height - band
        pdf.set_draw_color(150, 150, 150)
        pdf.set_line_width(0.4)
        pdf.line(left, top + 1.5, width - left, top + 1.5)
        pdf.set_font("cjk", size=FOOTER_PT)
        pdf.set_text_color(0, 0, 0)
        pdf.text(left, top + band / 2 + FOOTER_PT / 3, footer.text(number, total))
        qr.seek(0)
        pdf.image(qr, x=width - left - side, y=height - side - (band - side) / 2 + 1, w=side, h=side)
    return bytes(pdf.output())


def stamp(data: bytes, footer: Footer) -> bytes:
    """The PDF with every page shrunk above the footer band and the footer drawn in it."""
    from pypdf import PdfReader, PdfWriter, Transformation

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data), strict=False))
    sizes = []
    for page in writer.pages:
        page.transfer_rotation_to_content()  # a rotated page: turn its content, so the footer is at its foot
        x0, y0, x1, y1 = _box(page)
        sizes.append((x1 - x0, y1 - y0))
    overlay = PdfReader(io.BytesIO(_overlay(sizes, footer)))
    for page, foot, (width, height) in zip(writer.pages, overlay.pages, sizes, strict=True):
        x0, y0, _, _ = _box(page)
        scale = band_scale(height)
        page.add_transformation(Transformation().translate(-x0, -y0).scale(scale, scale)
                                .translate(width * (1 - scale) / 2, BAND_MM * MM))
        page.mediabox.lower_left = (0, 0)
        page.mediabox.upper_right = (width, height)
        page.cropbox = page.mediabox
        page.merge_page(foot)
    writer.add_metadata({"/Producer": "court kiosk 文书打印"})
    out = io.BytesIO()
    writer.write(out)
    log.info("stamped %d page(s) with the print footer", len(sizes))
    return out.getvalue()
