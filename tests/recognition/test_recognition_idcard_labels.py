"""The ID card read by its printed labels: other proportions, rotation, the back, fallback re-reads."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from kiosk.recognition.corpus import cjk_font
from kiosk.recognition.idcard_image import read_id_card
from kiosk.recognition.idcard_labels import find_label
from kiosk.recognition.ppocr import TextBox

TRUTH = {"name": "欧阳晓梅", "sex": "女", "nation": "土家", "birth_date": "1990-03-07",
         "address": "湖南省张家界市永定区解放路18号3栋201室", "id_number": "430802199003070029"}


def test_labels_are_found_exactly_or_with_misread_characters_where_a_segment_starts():
    assert find_label("性别女民族汉", "民族") == (3, 5)
    assert find_label("批名 李明", "姓名", {0: (2, True), 3: (2, False)}) == (0, 2)  # alone, first
    assert find_label("往址 北京", "住址", {0: (2, False)}) == (0, 2)  # 往: a look-alike of 住
    assert find_label("北京市朝阳区名门路", "姓名", {0: (9, True)}) is None
    assert find_label("公民9街号码", "公民身份号码", {0: (6, True)}) == (0, 6)
    assert find_label("张三", "公民身份号码", {0: (2, True)}) is None


def _draw_card(side: str = "front") -> np.ndarray:
    """A card in proportions of its own (not the corpus LAYOUT): 12 px/mm, other margins and sizes."""
    w, h = int(85.6 * 12), int(54 * 12)
    img = Image.new("RGB", (w, h), (232, 238, 244))
    d = ImageDraw.Draw(img)
    lab, val, num = cjk_font(22), cjk_font(34), cjk_font(38)
    blue, ink = (60, 100, 160), (25, 25, 25)
    if side == "front":
        rows = [("姓名", TRUTH["name"], 70), ("性别", "女", 140), ("出生", "1990年3月7日", 210), ("住址", "湖南省张家界市永定区解放", 280)]
        for label, value, y in rows:
            d.text((60, y + 8), label, font=lab, fill=blue)
            d.text((150, y), value, font=val, fill=ink)
        d.text((330, 148), "民族", font=lab, fill=blue)
        d.text((420, 140), "土家", font=val, fill=ink)
        d.text((150, 330), "路18号3栋201室", font=val, fill=ink)
        d.text((60, 540), "公民身份号码", font=lab, fill=blue)
        d.text((330, 528), TRUTH["id_number"], font=num, fill=ink)
        d.rectangle([740, 60, 980, 380], fill=(200, 205, 215))
    else:
        d.text((300, 80), "中华人民共和国", font=cjk_font(44), fill=ink)
        d.text((250, 440), "签发机关", font=lab, fill=ink)
        d.text((380, 432), "张家界市公安局永定分局", font=val, fill=ink)
        d.text((250, 520), "有效期限", font=lab, fill=ink)
        d.text((380, 512), "2015.03.07-2035.03.07", font=val, fill=ink)
    card = np.ascontiguousarray(np.asarray(img)[:, :, ::-1])
    return card


def _on_desk(card: np.ndarray, angle: float) -> np.ndarray:
    h, w = card.shape[:2]
    canvas = np.full((h + 400, w + 400, 3), (70, 60, 55), np.uint8)
    canvas[200:200 + h, 200:200 + w] = card
    rot = cv2.getRotationMatrix2D((canvas.shape[1] / 2, canvas.shape[0] / 2), angle, 0.8)
    out = cv2.warpAffine(canvas, rot, (canvas.shape[1], canvas.shape[0]), borderValue=(70, 60, 55))
    return cv2.imdecode(cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, 80])[1], cv2.IMREAD_COLOR)


@pytest.mark.slow
@pytest.mark.parametrize("angle", [0.0, 15.0, -18.0])
def test_a_card_of_other_proportions_is_read_by_its_labels(ppocr, angle):
    fields = read_id_card(_on_desk(_draw_card(), angle), ppocr)
    assert {k: f.value for k, f in fields.items()} == TRUTH
    assert not any(f.flagged for f in fields.values())


@pytest.mark.slow
def test_the_back_gives_issuer_and_validity(ppocr):
    fields = read_id_card(_on_desk(_draw_card("back"), 8.0), ppocr)
    assert fields["issuer"].value == "张家界市公安局永定分局"
    assert (fields["valid_from"].value, fields["valid_to"].value) == ("2015-03-07", "2035-03-07")
    assert fields["id_number"].flagged  # nothing of the front on the back


class _Primary:
    """Detection that reads the number wrong (a failing check digit)."""

    def read_boxes(self, image, classify=False, max_side=None):
        def box(text, x, y, w=120):
            return TextBox(text, 0.95, np.float32([[x, y], [x + w, y], [x + w, y + 30], [x, y + 30]]))
        return [box("姓名", 20, 20, 50), box("张三", 100, 20), box("性别", 20, 70, 50), box("男", 100, 70, 30),
                box("民族", 200, 70, 50), box("汉", 260, 70, 30), box("出生", 20, 120, 50),
                box("1990年1月1日", 100, 120), box("住址", 20, 170, 50), box("北京市朝阳区建国路88号", 100, 170, 300),
                box("公民身份号码", 20, 250, 120), box("110105199001010011", 160, 250, 300)]


class _Fallback:
    def __init__(self):
        self.calls = []

    def read_line(self, image, whitelist=None, languages=None, raw_line=False):
        self.calls.append((image.shape, whitelist))
        return "110105199001010010", 0.9


class _Both:
    def __init__(self):
        self.primary, self.fallback = _Primary(), _Fallback()


def test_a_number_failing_its_check_is_re_read_by_the_fallback():
    engines = _Both()
    image = np.full((300, 500, 3), 230, np.uint8)
    fields = read_id_card(image, engines)
    assert engines.fallback.calls and engines.fallback.calls[0][1] == "0123456789X"
    assert fields["id_number"].value == "110105199001010010" and not fields["id_number"].flagged
    assert fields["name"].value == "张三" and fields["nation"].value == "汉"
    assert fields["address"].value == "北京市朝阳区建国路88号"
    assert not fields["sex"].flagged and fields["birth_date"].value == "1990-01-01"
    engines.fallback.read_line = lambda *a, **k: ("110105199001010012", 0.9)  # also wrong: keep the flag
    assert read_id_card(image, engines)["id_number"].reason == "checksum"


def test_an_address_starts_at_its_province():
    from kiosk.recognition.idcard_labels import _from_province

    assert _from_province("补福建省泉州市惠安县") == "福建省泉州市惠安县"  # a speck read before it
    assert _from_province("址北京市朝阳区") == "北京市朝阳区"  # the label's last character
    assert _from_province("内蒙古自治区呼和浩特市") == "内蒙古自治区呼和浩特市"
    assert _from_province("某某路1号") == "某某路1号"  # no province found: left as read


@pytest.mark.parametrize("read, nation", [("汉族", "汉"), ("佤", "佤"), ("尔克孜族", "柯尔克孜"), ("佬", "佬"), ("", "")])
def test_a_nation_read_in_part_is_the_one_it_is_part_of_when_only_one_is(read, nation):
    from kiosk.recognition.idcard_image import _nation

    assert _nation(read) == nation  # 佬: 仫佬 or 仡佬, so left as read (and flagged: not_a_nation)


def test_a_one_character_name_is_flagged():
    from kiosk.recognition.idcard_image import _fields_from

    raw = {key: ("", 0.99) for key in ("name", "sex", "nation", "birth_date", "address", "id_number")}
    assert _fields_from(dict(raw, name=("宇", 0.99)))["name"].reason == "too_short"  # 禤宇垚 with 禤, 垚 not read
    assert not _fields_from(dict(raw, name=("王宇", 0.99)))["name"].flagged
