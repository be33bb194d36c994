"""The filing form from a complaint's lines (kiosk.recognition.form.page_form), on layouts the
project's own corpus does not draw: party tables (one row per party under a header, a label
column beside a value column; cells as lines of their own with boxes, or one line split by | or
wide gaps), two columns, classic paragraphs, wrapped addresses, amounts in 万元, ¥ and capital
numerals, mobile and landline numbers, person or organisation. Hand-written line lists; the
page images themselves are tests/corpora's (end to end)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kiosk.recognition.fields import amounts_in, capital_amount, chinese_integer, phones_in
from kiosk.recognition.form import FORM_KEYS, page_form

USCC = "91110108MA01BFHH76"  # check character valid
PERSON_ID = "11010519491231002X"

CLAIMS = [
    "诉讼请求：",
    "一、判令被告支付货款人民币壹拾贰万伍仟元整；",
    "二、判令被告支付违约金12.5万元；",
    "三、本案诉讼费用由被告承担。",
    "事实与理由：",
    "双方签订买卖合同，被告至今未付货款100,000元。",
    "此致",
]


def lines_of(texts, confidence=0.95):
    return [(t, confidence) for t in texts]


def values(form):
    return {key: s.value for key, s in form.items()}


def test_the_uscc_used_here_is_valid():
    from stdnum.cn import uscc

    assert uscc.is_valid(USCC)


# -- amounts --


@pytest.mark.parametrize(("text", "amount"), [
    ("判令被告支付违约金12.5万元；", "125000"),
    ("人民币壹拾贰万伍仟元整", "125000"),
    ("贰拾万零叁佰元", "200300"),
    ("支付人民币壹仟零伍元伍角陆分", "1005.56"),
    ("玖元零伍分", "9.05"),
    ("¥1,234.50", "1234.50"),
    ("￥8,000元", "8000"),
    ("支付货款125,000.00元", "125000.00"),
    ("人民币十二万五千元", "125000"),
    ("壹亿贰仟万元", "120000000"),
])
def test_amounts_in_every_notation(text, amount):
    assert amounts_in(text) == [Decimal(amount)]


def test_a_capital_restatement_counts_once_and_an_interest_base_not_at_all():
    assert amounts_in("支付人民币125,000元（大写：壹拾贰万伍仟元整）") == [Decimal(125000)]
    assert amounts_in("支付利息（以100000元为基数，按年利率3.85%计算）") == []
    assert chinese_integer("拾") == 10 and chinese_integer("壹拾") == 10 and chinese_integer("张三") is None
    assert capital_amount("零") == 0


def test_the_amount_claimed_sums_digits_wan_and_capitals_but_not_the_facts():
    form = page_form(lines_of(["被告：某某", *CLAIMS]))
    assert Decimal(form["amount"].value) == Decimal("250000")
    assert form["claims"].value.splitlines() == CLAIMS[1:4]
    assert form["facts"].value == CLAIMS[5]


# -- phones --


@pytest.mark.parametrize(("text", "phone"), [
    ("联系电话：13912345678", "13912345678"),
    ("手机：139-1234-5678", "13912345678"),
    ("电话：010-88886666", "010-88886666"),
    ("电话：(0411)8888666", "0411-8888666"),
    ("电话：075588886666", "0755-88886666"),
])
def test_phones_mobile_and_landline_with_area_code(text, phone):
    assert phones_in(text) == [phone]


def test_no_phone_inside_an_id_number_or_a_uscc():
    assert phones_in(f"公民身份号码：{PERSON_ID}") == []
    assert phones_in(f"统一社会信用代码：{USCC}") == []
    assert phones_in("电话：12345") == []  # a mobile starts 13-19, a landline with 0


# -- classic paragraphs --


def test_a_classic_paragraph_person_with_a_wrapped_line():
    lines = [
        "民事起诉状",
        "原告：王五，男，汉族，住北京市东城区东四十条1号，联系电话13800000001。",
        "被告：李四，男，1985年3月2日出生，汉族，住北京市海淀区中关",
        f"村大街1号院2号楼301室，公民身份号码{PERSON_ID}，联系电话13912345678。",
        *CLAIMS,
    ]
    form = page_form(lines_of(lines))
    assert values(form) | {"claims": "", "facts": ""} == {
        "defendant_kind": "person", "defendant_name": "李四", "defendant_id": PERSON_ID,
        "defendant_address": "北京市海淀区中关村大街1号院2号楼301室", "defendant_phone": "13912345678",
        "amount": "250000", "claims": "", "facts": ""}
    assert not any(s.flagged for s in form.values())


def test_a_classic_paragraph_company_with_its_representative():
    lines = [
        "原告：王五，男，汉族，住北京市东城区东四十条1号。",
        f"被告：北京恒通贸易有限公司，住所地北京市朝阳区建国路88号，统一社会信用代码{USCC}，",
        "法定代表人：赵六，总经理，联系电话：010-65001234。",
        *CLAIMS,
    ]
    form = values(page_form(lines_of(lines)))
    assert form["defendant_kind"] == "organisation"
    assert form["defendant_name"] == "北京恒通贸易有限公司"
    assert form["defendant_id"] == USCC
    assert form["defendant_address"] == "北京市朝阳区建国路88号"
    assert form["defendant_phone"] == "01065001234"


# -- wrapped addresses --


def test_a_wrapped_address_is_joined_until_the_next_labelled_item():
    lines = [
        "被告：赵六，女，汉族，1980年1月1日出生",
        f"公民身份号码：{PERSON_ID}",
        "住址：广东省广州市天河区天河路",
        "385号太古汇一座",
        "2301室",
        "联系电话：13912345678",
        *CLAIMS,
    ]
    form = page_form(lines_of(lines))
    assert form["defendant_address"].value == "广东省广州市天河区天河路385号太古汇一座2301室"
    assert form["defendant_phone"].value == "13912345678"
    assert form["defendant_kind"].value == "person"


def test_a_wrapped_address_takes_the_lowest_confidence_of_its_lines():
    lines = [("被告：赵六，女", 0.95), ("住址：广东省广州市天河区天河路", 0.95), ("385号", 0.5),
             ("联系电话：13912345678", 0.95), *lines_of(CLAIMS)]
    form = page_form(lines)
    assert form["defendant_address"].value == "广东省广州市天河区天河路385号"
    assert form["defendant_address"].flagged and form["defendant_address"].reason == "low_confidence"


# -- tables --


PARTY_HEADER = ["诉讼地位", "名称/姓名", "住所", "统一社会信用代码/身份证号", "联系电话"]
PLAINTIFF_ROW = ["原告", "王五", "北京市东城区东四十条1号", "110105194912310021", "13800000001"]
DEFENDANT_ROW = ["被告", "北京恒通贸易有限公司", "北京市朝阳区建国路88号", USCC, "010-65001234"]
TABLE_EXPECTED = {
    "defendant_kind": "organisation", "defendant_name": "北京恒通贸易有限公司", "defendant_id": USCC,
    "defendant_address": "北京市朝阳区建国路88号", "defendant_phone": "01065001234",
}


def _boxed(rows, top=300, row_height=60, widths=(160, 300, 420, 360, 220)):
    """Each cell its own OCR line with a box, as a detector reads a table: row by row, left to right."""
    out = []
    for r, row in enumerate(rows):
        x = 100
        for cell, width in zip(row, widths, strict=True):
            out.append((cell, 0.93, (x + 8, top + r * row_height + 10, min(width - 16, 28 * len(cell)), 34)))
            x += width
    return out


def _defendant(form):
    return {k: v for k, v in values(form).items() if k.startswith("defendant")}


@pytest.mark.parametrize("separator", [" | ", "   ", "\t"])
def test_a_party_table_read_as_row_lines(separator):
    lines = ["民事起诉状", *(separator.join(row) for row in (PARTY_HEADER, PLAINTIFF_ROW, DEFENDANT_ROW)), *CLAIMS]
    form = page_form(lines_of(lines))
    assert _defendant(form) == TABLE_EXPECTED
    assert form["amount"].value == "250000"


def test_a_party_table_read_cell_by_cell_with_boxes():
    lines = [("民事起诉状", 0.95, (400, 120, 300, 50)), *_boxed([PARTY_HEADER, PLAINTIFF_ROW, DEFENDANT_ROW])]
    lines += [(t, 0.95, (130, 600 + 50 * i, 900, 36)) for i, t in enumerate(CLAIMS)]
    assert _defendant(page_form(lines)) == TABLE_EXPECTED


def test_a_party_table_read_cell_by_cell_without_boxes():
    cells = [*PARTY_HEADER, *PLAINTIFF_ROW, *DEFENDANT_ROW]
    assert _defendant(page_form(lines_of([*cells, *CLAIMS]))) == TABLE_EXPECTED


def test_a_party_table_without_a_role_column_header():
    header = PARTY_HEADER[1:]
    lines = [" | ".join(row) for row in (header, PLAINTIFF_ROW, DEFENDANT_ROW)]
    assert _defendant(page_form(lines_of([*lines, *CLAIMS]))) == TABLE_EXPECTED


def test_a_person_in_a_party_table():
    row = ["被告", "李四", "北京市海淀区中关村大街1号", PERSON_ID, "13912345678"]
    lines = [" | ".join(r) for r in (PARTY_HEADER, PLAINTIFF_ROW, row)]
    form = _defendant(page_form(lines_of([*lines, *CLAIMS])))
    assert form == {"defendant_kind": "person", "defendant_name": "李四", "defendant_id": PERSON_ID,
                    "defendant_address": "北京市海淀区中关村大街1号", "defendant_phone": "13912345678"}


@pytest.mark.parametrize("as_rows", [True, False])
def test_a_label_column_beside_a_value_column(as_rows):
    rows = [["原告", "姓名", "王五"], ["住址", "北京市东城区东四十条1号"],
            ["被告", "名称", "北京恒通贸易有限公司"], ["住所", "北京市朝阳区建国路88号"],
            ["统一社会信用代码", USCC], ["联系电话", "010-65001234"], ["法定代表人", "赵六"]]
    lines = [" | ".join(r) for r in rows] if as_rows else [c for r in rows for c in r]
    assert _defendant(page_form(lines_of([*lines, *CLAIMS]))) == TABLE_EXPECTED


def test_a_label_glued_to_its_value_in_a_cell():
    rows = ["被告", "名称北京恒通贸易有限公司", "住所北京市朝阳区建国路88号", f"统一社会信用代码{USCC}",
            "联系电话010-65001234"]
    assert _defendant(page_form(lines_of([*rows, *CLAIMS]))) == TABLE_EXPECTED


# -- two columns --


LEFT = ["原告：王五", "公民身份号码：110105194912310021", "住址：北京市东城区", "东四十条1号", "联系电话：13800000001"]
RIGHT = ["被告：北京恒通贸易有限公司", f"统一社会信用代码：{USCC}", "住所：北京市朝阳区", "建国路88号",
         "电话：010-65001234"]


def test_two_columns_read_as_boxes_line_by_line():
    lines = []
    for i, (left, right) in enumerate(zip(LEFT, RIGHT, strict=True)):
        y = 300 + 50 * i
        lines.append((left, 0.94, (100, y, 28 * len(left), 34)))
        lines.append((right, 0.94, (1300, y, 28 * len(right), 34)))
    lines += [(t, 0.95, (130, 700 + 50 * i, 2000, 36)) for i, t in enumerate(CLAIMS)]
    assert _defendant(page_form(lines)) == TABLE_EXPECTED


def test_two_columns_read_as_lines_with_a_wide_gap():
    lines = [f"{left}        {right}" for left, right in zip(LEFT, RIGHT, strict=True)]
    assert _defendant(page_form(lines_of([*lines, *CLAIMS]))) == TABLE_EXPECTED


def test_two_columns_with_an_empty_left_cell():
    left = [*LEFT[:3], "", LEFT[4]]
    right = [*RIGHT[:3], "建国路88号", RIGHT[4]]
    lines = [f"{a}        {b}" if a else f"                  {b}" for a, b in zip(left, right, strict=True)]
    assert _defendant(page_form(lines_of([*lines, *CLAIMS])))["defendant_address"] == "北京市朝阳区建国路88号"


# -- person or organisation --


@pytest.mark.parametrize(("lines", "kind"), [
    (["被告：张三，男，汉族，住北京市朝阳区建国路1号"], "person"),
    (["被告：张三", f"公民身份号码：{PERSON_ID}"], "person"),
    (["被告：张三，男，系北京恒通贸易有限公司员工，住北京市朝阳区建国路1号"], "person"),
    (["被告：恒通商行", "法定代表人：张三"], "organisation"),
    (["被告：北京恒通贸易有限公司"], "organisation"),
    (["被告：北京恒通", f"统一社会信用代码：{USCC}"], "organisation"),
    (["被告：恒通（北京）有限责任公司分部"], "organisation"),
])
def test_person_or_organisation(lines, kind):
    assert page_form(lines_of([*lines, *CLAIMS]))["defendant_kind"].value == kind


def test_keys_are_the_filing_screens_and_nothing_from_the_plaintiff_leaks():
    lines = ["原告：王五，男，住北京市东城区东四十条1号，联系电话13800000001", "被告：李四", *CLAIMS]
    form = page_form(lines_of(lines))
    assert set(form) <= set(FORM_KEYS)
    assert "defendant_address" not in form and "defendant_phone" not in form
    assert page_form([]) == {}


# -- red seals over text --


def _page_with_seal():
    import cv2
    import numpy as np
    from PIL import Image, ImageDraw

    from kiosk.recognition.corpus import cjk_font

    page = Image.new("RGB", (900, 400), (250, 250, 248))
    draw = ImageDraw.Draw(page)
    for i, text in enumerate(["被告：北京恒通贸易有限公司", "住所：北京市朝阳区建国路88号", "联系电话：010-65001234"]):
        draw.text((40, 60 + 90 * i), text, font=cjk_font(40), fill=(20, 20, 20))
    clean = cv2.cvtColor(np.asarray(page), cv2.COLOR_RGB2BGR)
    seal = np.full_like(clean, 255)
    cv2.circle(seal, (450, 200), 150, (40, 40, 215), 12)
    cv2.putText(seal, "SEAL", (330, 230), cv2.FONT_HERSHEY_SIMPLEX, 3, (40, 40, 215), 14)
    cv2.circle(seal, (450, 200), 40, (40, 40, 215), -1)  # a solid star-like blot over the text
    stamped = (clean.astype(np.uint16) * seal // 255).astype(np.uint8)  # ink multiplies: black stays black
    return clean, stamped


def test_a_red_seal_is_removed_and_the_text_under_it_kept():
    import cv2

    from kiosk.recognition.preprocess import red_mask, remove_red_seal

    clean, stamped = _page_with_seal()
    assert cv2.countNonZero(red_mask(stamped)) > 5000
    out = remove_red_seal(stamped)
    assert cv2.countNonZero(red_mask(out)) < 50
    text = cv2.cvtColor(clean, cv2.COLOR_BGR2GRAY) < 100
    kept = cv2.cvtColor(out, cv2.COLOR_BGR2GRAY) < 100
    assert (text & kept).sum() / text.sum() > 0.97  # the text under the seal is still there
    assert (kept & ~text).sum() / text.sum() < 0.03  # and the seal left no dark marks
    assert remove_red_seal(clean) is clean  # nothing red: untouched


# -- kiosk ocr page --


@pytest.mark.slow
def test_kiosk_ocr_page_prints_the_form_the_filing_screens_get(tmp_path, capsys):
    import json

    import cv2

    from kiosk.cli import main
    from kiosk.recognition import corpus
    from kiosk.recognition.form import form_json

    page, truth = corpus.make_page(2)
    path = tmp_path / "page.png"
    cv2.imwrite(str(path), page)
    assert main(["ocr", "page", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    lines = [(ln["text"], ln["confidence"], tuple(ln["box"])) for ln in out["lines"]]
    # the same function as the filing screens, on the lines printed beside it
    assert out["form"] == form_json(page_form(lines))
    assert set(out["form"]) <= set(FORM_KEYS)
    assert all({"value", "confidence"} <= set(v) and 0 <= v["confidence"] <= 1 for v in out["form"].values())
    assert out["form"]["defendant_kind"]["value"] == "organisation"
    assert out["form"]["defendant_id"]["value"] == truth.fields["usccs"][0]
    assert Decimal(out["form"]["amount"]["value"]) == sum(truth.fields["amounts"])


@pytest.mark.timeout(10)
def test_a_two_party_row_that_also_spans_both_columns_does_not_hang_the_reader():
    """Once an endless loop: the row with both roles matched "a line across both columns" and "a section" and
    so was never consumed (tests.corpora.pages seed 501 found it)."""
    lines = [
        ("原告：张三 被告：某某有限公司", 0.9, (100, 300, 900, 40)),  # one detected line across both columns
        ("被告：某某有限公司", 0.9, (600, 300, 300, 40)),
        ("住所：北京市朝阳区某路1号", 0.9, (600, 360, 400, 40)),
        ("诉讼请求", 0.9, (100, 500, 200, 40)),
        ("1.判令被告支付货款人民币10000元。", 0.9, (100, 560, 700, 40)),
    ]
    form = page_form(lines)
    assert form["amount"].value.startswith("10000")


# -- what an independent generator's pages showed (tests/corpora/pages.py) --


def test_a_label_split_by_the_line_end_and_a_bracket_at_a_line_start_are_wraps():
    lines = [
        "原告：王五，男，汉族，住北京市东城区东四十条1号。",
        "被告：北京恒通贸易有限公司，住",
        f"所地：北京市朝阳区建国路88号，统一社会信用代码：{USCC}。",
        "诉讼请求：",
        "1.判令被告支付货款人民币3494元",
        "（大写：叁仟肆佰玖拾肆元整）；",
        "2.本案诉讼费用由被告承担。",
        "事实与理由：",
        "被告至今未付。",
    ]
    form = values(page_form(lines_of(lines)))
    assert form["defendant_address"] == "北京市朝阳区建国路88号"
    assert form["claims"].split("\n") == ["1.判令被告支付货款人民币3494元（大写：叁仟肆佰玖拾肆元整）；", "2.本案诉讼费用由被告承担。"]
    assert form["amount"] == "3494"  # the capital restatement on the next line counts once


def test_a_claim_whose_semicolon_was_read_as_a_colon():
    lines = ["被告：李四，男，汉族，住北京市海淀区中关村大街1号。", "诉讼请求：",
             "1.判令被告支付货款人民币10000元：", "2.本案诉讼费用由被告承担。", "事实与理由：", "略。"]
    assert values(page_form(lines_of(lines)))["claims"] == "1.判令被告支付货款人民币10000元；\n2.本案诉讼费用由被告承担。"


def test_a_colon_before_sub_items_stays():
    lines = ["被告：李四，男，汉族，住北京市海淀区中关村大街1号。", "诉讼请求：",
             "1.判令被告支付以下款项：", "（1）货款10000元；", "（2）违约金500元。", "事实与理由：", "略。"]
    assert values(page_form(lines_of(lines)))["claims"].startswith("1.判令被告支付以下款项：")


def test_seal_specks_are_left_out_but_a_short_wrap_at_the_margin_is_kept():
    lines = [
        ("被告：李四，男，汉族，住北京市海淀区中关村大街1号。", 0.99, (150, 300, 900, 30)),
        ("诉讼请求：", 0.99, (190, 340, 110, 30)),
        ("州市", 0.99, (640, 360, 80, 30)),  # a seal's rim, between two lines mid-page
        ("1.判令被告支付货款人民币10000元；", 0.99, (190, 380, 600, 30)),
        ("菜", 0.07, (750, 400, 30, 30)),  # a speck read with no confidence
        ("2.判令被告承担原告为实现债权支出的", 0.99, (190, 420, 860, 30)),
        ("律师费；", 0.99, (150, 460, 100, 30)),  # a wrap: starts at the margin
        ("3.本案诉讼费用由被告承担。", 0.99, (190, 500, 400, 30)),
        ("事实与理由：", 0.99, (190, 540, 130, 30)),
        ("被告至今未付货款人民币10000元，原告多次催要未果，诉至贵院，请求依", 0.99, (190, 580, 900, 30)),
        ("法判决", 0.99, (150, 620, 90, 30)),  # a wrap without its full stop, at the margin
        ("此致", 0.99, (190, 660, 60, 30)),
    ]
    form = values(page_form(lines))
    assert form["claims"].split("\n") == ["1.判令被告支付货款人民币10000元；", "2.判令被告承担原告为实现债权支出的律师费；",
                                          "3.本案诉讼费用由被告承担。"]
    assert form["facts"].endswith("，请求依法判决") and "\n" not in form["facts"]  # one paragraph, wraps joined


@pytest.mark.parametrize("head, name", [
    ("被告：北京恒通贸易有限公司一住所地：北京市朝阳区建国路88号。", "北京恒通贸易有限公司"),  # the comma read as 一
    ("被告：北京恒通贸易有限公司住所地：北京市朝阳区建国路88号。", "北京恒通贸易有限公司"),  # the comma not read
    ("被告：孙鹏男2003年8月17日出生，汉族，住北京市海淀区中关村大街1号。", "孙鹏"),
    ("被告：男孩子服装店，住所地：北京市朝阳区建国路88号。", "男孩子服装店"),  # 男 not followed by a year
])
def test_a_name_is_cut_before_a_label_or_a_sex_run_into_it(head, name):
    assert values(page_form(lines_of([head, "诉讼请求：", "1.判令被告支付货款10000元。"])))["defendant_name"] == name


def test_a_role_cell_with_its_name_label_in_a_table():
    cells = [("被告名称", (130, 450, 88, 30)), ("北京恒通贸易有限公司", (320, 452, 260, 26)),
             ("住所地", (130, 497, 67, 28)), ("北京市朝阳区建国路88号", (320, 498, 400, 26)),
             ("统一社会信用代码", (130, 544, 163, 26)), (USCC, (320, 547, 182, 20)),
             ("诉讼请求", (130, 677, 88, 30)), ("1.判令被告支付原告货款69946元。", (320, 681, 651, 23))]
    form = values(page_form([(text, 0.99, box) for text, box in cells]))
    assert (form["defendant_kind"], form["defendant_name"], form["defendant_id"], form["defendant_address"]) == (
        "organisation", "北京恒通贸易有限公司", USCC, "北京市朝阳区建国路88号")
