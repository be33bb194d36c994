"""kiosk.recognition.layout: reading order of a page's detected lines (no OCR, boxes only)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pytest

from kiosk.recognition.layout import page_order, upright

H = 28  # line height, px
PITCH = 42  # line pitch, px


@dataclass
class Box:
    text: str
    box: tuple[int, int, int, int]


@dataclass
class Quad:
    text: str
    quad: np.ndarray


def _column(x: int, y: int, texts: list[str], width: int = 480, last_width: int | None = None) -> list[Box]:
    out = []
    for i, text in enumerate(texts):
        w = last_width if (last_width and i == len(texts) - 1) else width
        out.append(Box(text, (x, y + i * PITCH, w, H)))
    return out


def _two_columns(left_rows: int = 9, right_rows: int = 12) -> tuple[list[Box], list[str]]:
    title = [Box("民事起诉状", (500, 120, 280, 46))]
    left = _column(110, 210, [f"L{i}" for i in range(left_rows)], last_width=160)
    right = _column(665, 210, [f"R{i}" for i in range(right_rows)], last_width=150)
    bottom = 210 + max(left_rows, right_rows) * PITCH + 40
    closing = [Box("此致", (160, bottom, 56, H)), Box("某某人民法院", (114, bottom + PITCH, 350, H)),
               Box("具状人：某", (980, bottom + 2 * PITCH + 20, 180, H))]
    expected = ["民事起诉状"] + [b.text for b in left] + [b.text for b in right] + [b.text for b in closing]
    return title + left + right + closing, expected


def _texts(items) -> list[str]:
    return [i.text for i in items]


def test_two_columns_are_read_one_after_the_other_not_line_by_line():
    boxes, expected = _two_columns()
    shuffled = boxes[::-1]
    assert _texts(page_order(shuffled)) == expected


@pytest.mark.parametrize("left_rows, right_rows", [(12, 7), (7, 12), (10, 10)])
def test_the_closing_under_the_longer_column_is_not_taken_into_it(left_rows, right_rows):
    boxes, expected = _two_columns(left_rows, right_rows)
    assert _texts(page_order(boxes)) == expected


def test_a_table_stays_row_by_row_each_label_before_its_value():
    labels = ["原告", "性别", "出生日期", "住址", "公民身份号码", "联系电话", "被告", "统一社会信用代码", "住所地"]
    boxes, expected = [], []
    y = 300
    for label in labels:
        boxes.append(Box(label, (120, y, 26 * len(label), H)))
        value = f"{label}的值"
        boxes.append(Box(value, (360, y - 3, 600, H)))
        expected += [label, value]
        y += 52
    assert _texts(page_order(boxes[::-1])) == expected


def test_one_column_of_paragraphs_is_top_to_bottom():
    boxes = _column(150, 200, [f"P{i}" for i in range(15)], width=900, last_width=300)
    assert _texts(page_order(boxes[::-1])) == [f"P{i}" for i in range(15)]


def _turned(boxes: list[Box], degrees: float, centre=(640.0, 900.0)) -> list[Quad]:
    a = math.radians(degrees)
    turn = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    out = []
    for b in boxes:
        x, y, w, h = b.box
        corners = np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h]], float) - centre
        out.append(Quad(b.text, corners @ turn.T + centre))
    return out


@pytest.mark.parametrize("degrees", [-4.0, -2.0, 2.5, 4.0])
def test_a_page_photographed_askew_reads_as_if_upright(degrees):
    boxes, expected = _two_columns()
    assert _texts(page_order(_turned(boxes, degrees))) == expected
    single = _column(150, 200, [f"P{i}" for i in range(20)], width=900)
    assert _texts(page_order(_turned(single, degrees))) == [f"P{i}" for i in range(20)]


def test_upright_boxes_hold_one_line_each_on_an_askew_photo():
    single = _column(150, 200, [f"P{i}" for i in range(10)], width=900)
    for (_line, box), original in zip(upright(_turned(single, 4.0)), single, strict=True):
        assert box[3] <= H + 3, "an upright line box is as tall as its line"
        assert abs(box[2] - original.box[2]) <= 3


def test_nothing_and_one_line():
    assert page_order([]) == []
    one = [Box("一行", (0, 0, 100, 20))]
    assert page_order(one) == one
