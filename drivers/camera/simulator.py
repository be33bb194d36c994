"""A document camera that photographs a synthetic A4 page (rendered with Pillow)."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from drivers.base import Usability
from drivers.camera.base import CameraUnavailable, Frame
from drivers.simulation import SimulatedDevice

log = logging.getLogger("drivers.camera")

A4_MM = (210, 297)

#: CJK-capable fonts, first found wins (fonts-noto-cjk, wqy, droid, arphic).
CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)

SAMPLE_DOCUMENT_ZH = (
    "民事起诉状",
    [
        "原告：张三，男，汉族，住辽宁省大连市中山区人民路68号。",
        "被告：北京某某商贸有限公司",
        "统一社会信用代码：91110105MA01C8XK3R",
        "住所：北京市朝阳区建国路88号",
        "电话：010-65001234",
        "诉讼请求：",
        "一、判令被告支付货款人民币50,000元；",
        "二、判令被告支付违约金5,000元；",
        "三、本案诉讼费用由被告承担。",
        "事实与理由：",
        "原告与被告于2024年3月1日签订买卖合同，原告依约交付货物，",
        "被告至今未支付货款。为维护原告合法权益，特诉至贵院。",
        "此致",
        "北京市朝阳区人民法院",
    ],
)
SAMPLE_DOCUMENT_EN = (
    "CIVIL COMPLAINT",
    [
        "Plaintiff: Zhang San, 68 Renmin Road, Zhongshan District, Dalian.",
        "Defendant: Example Trading Co., Ltd., 88 Jianguo Road, Beijing.",
        "Claims:",
        "1. Order the defendant to pay RMB 50,000 for goods delivered;",
        "2. Order the defendant to bear the costs of the action.",
        "Facts and reasons:",
        "The parties signed a sales contract on 1 March 2024. The plaintiff",
        "delivered the goods; the defendant has not paid to this day.",
        "To the People's Court of Chaoyang District, Beijing",
    ],
)


def find_cjk_font() -> str | None:
    for path in CJK_FONTS:
        if Path(path).is_file():
            return path
    return None


def _font(path: str | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


class SimulatedCamera(SimulatedDevice):
    """Each capture photographs the next page of a sample document lying on a dark desk.

    ``dpi`` sets the page resolution (100 -> 827x1169 px page), ``margin`` the desk
    around it, ``skew_degrees`` rotates the page (for deskew tests). The sample is
    Chinese when a CJK font is installed (fonts-noto-cjk), English otherwise.
    Scriptable: ``unplug()``, ``plug()``, ``set_document(title, lines)``,
    ``show_image(png)`` (photograph this picture, e.g. an ID card, until the next
    ``set_document``).
    """

    def __init__(self, dpi: int = 100, margin: int = 60, skew_degrees: float = 0.0) -> None:
        super().__init__()
        self.dpi = int(dpi)
        self.margin = int(margin)
        self.skew_degrees = float(skew_degrees)
        self._font_path = find_cjk_font()
        title, lines = SAMPLE_DOCUMENT_ZH if self._font_path else SAMPLE_DOCUMENT_EN
        self._title = title
        self._lines = list(lines)
        self._page = 0
        self._image: Image.Image | None = None

    # -- scripting --

    def show_image(self, png: bytes) -> None:
        """Photograph this picture (PNG/JPEG bytes) on the desk from now on."""
        image = Image.open(io.BytesIO(png))
        image.load()
        with self._lock:
            self._image = image.convert("RGB")

    def set_document(self, title: str, lines: list[str]) -> None:
        """Photograph this document from page 1 on."""
        with self._lock:
            self._title = title
            self._lines = list(lines)
            self._page = 0
            self._image = None

    # -- rendering --

    def render_page(self, page: int) -> Image.Image:
        width = round(A4_MM[0] / 25.4 * self.dpi)
        height = round(A4_MM[1] / 25.4 * self.dpi)
        img = Image.new("RGB", (width, height), (250, 250, 246))
        draw = ImageDraw.Draw(img)
        unit = self.dpi / 100
        left = round(25 / 25.4 * self.dpi)
        title_font = _font(self._font_path, round(34 * unit))
        body_font = _font(self._font_path, round(18 * unit))
        draw.text((width / 2, round(90 * unit)), self._title, fill=(20, 20, 20), font=title_font, anchor="mt")
        y = round(170 * unit)
        for line in self._lines:
            draw.text((left, y), line, fill=(30, 30, 30), font=body_font)
            y += round(34 * unit)
        label = f"第 {page} 页" if self._font_path else f"Page {page}"
        draw.text((width / 2, height - round(60 * unit)), label, fill=(60, 60, 60), font=body_font, anchor="mb")
        return img

    def _photograph(self, page_img: Image.Image) -> Image.Image:
        desk = (58, 52, 48)
        if self.skew_degrees:
            page_img = page_img.rotate(self.skew_degrees, resample=Image.Resampling.BICUBIC,
                                       expand=True, fillcolor=desk)
        frame = Image.new("RGB", (page_img.width + 2 * self.margin, page_img.height + 2 * self.margin), desk)
        frame.paste(page_img, (self.margin, self.margin))
        return frame

    # -- DocumentCamera --

    def capture(self) -> Frame:
        with self._lock:
            if not self._plugged:
                self._open = False
                raise CameraUnavailable("document camera is unplugged (simulated)")
            if not self._open:
                self._open = True
                log.info("document camera opened (simulated)")
            if self._image is not None:
                image = self._photograph(self._image)
            else:
                self._page += 1
                image = self._photograph(self.render_page(self._page))
        # OpenCV encodes with the GIL released (Pillow's encoder loop holds it for tens of ms
        # on a page-sized photo, which stalls the GUI thread), like the real camera backend
        import cv2
        import numpy as np

        ok, png = cv2.imencode(".png", np.asarray(image)[:, :, ::-1], [cv2.IMWRITE_PNG_COMPRESSION, 1])
        if not ok:
            raise CameraUnavailable("simulated photo could not be encoded")
        return Frame(width=image.width, height=image.height, png=png.tobytes())

    def is_usable(self) -> Usability:
        with self._lock:
            if not self._plugged:
                return Usability(False, "document camera is unplugged (simulated)")
            return Usability(True, "simulated document camera ready")

    def close(self) -> None:
        with self._lock:
            self._open = False
