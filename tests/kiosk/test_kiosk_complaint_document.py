"""The printed complaint of a filing: title, parties, sections and signature block by the filing's
kind, escaping, the evidence list, and the A4 PDF it renders to (read back with QtPdf)."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QColor, QImage
from PySide6.QtPdf import QPdfDocument
from stdnum.cn import ric, uscc

from kiosk.documents import chinese_date, complaint_html, document_title, evidence_list_html, render_pdf
from offline_queue.contract import FilingSubmission

DAY = datetime.date(2026, 11, 27)
SIGNATURE_SHA = "a" * 64
PAGE_SHAS = ["b" * 64, "c" * 64, "d" * 64]


def id_number(body: str) -> str:
    return body + ric.calc_check_digit(body + "0")  # it skips the last character


def credit_code(body: str) -> str:
    return body + uscc.calc_check_digit(body)


def signature_png() -> bytes:
    """A small ink stroke on white, as the signature pad hands it over."""
    from PySide6.QtCore import QBuffer as Buf
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QPainter, QPen

    image = QImage(480, 180, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#0a0a40"), 7))
    points = [QPointF(30 + i * 14, 90 + (35 if i % 3 == 0 else -30 if i % 3 == 1 else 5)) for i in range(30)]
    painter.drawPolyline(points)
    painter.end()
    data = QByteArray()
    buf = Buf(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data.data())


def sample_submission(kind: str = "first_instance", **changes) -> FilingSubmission:
    """A realistic filing of ``kind`` (synthetic people and companies)."""
    attachments = [
        {"sha256": SIGNATURE_SHA, "media_type": "image/png", "length": 100, "name": "signature.png",
         "purpose": "signature"},
        *({"sha256": sha, "media_type": "image/jpeg", "length": 1000, "name": f"page-{i}.jpg",
           "purpose": "evidence"} for i, sha in enumerate(PAGE_SHAS, 1)),
    ]
    claims = {
        "first_instance": "1. 判令被告归还借款本金人民币100000元；\n2. 判令被告支付自2025年6月1日起至实际清偿之日止的"
                          "逾期利息（按全国银行间同业拆借中心公布的一年期贷款市场报价利率计算）；\n3. 本案诉讼费用由被告承担。",
        "appeal": "1. 撤销北京市朝阳区人民法院（2026）京0105民初12号民事判决，依法改判驳回被上诉人的全部诉讼请求；\n"
                  "2. 一、二审诉讼费用由被上诉人承担。",
        "enforcement": "1. 请求强制被执行人支付欠款人民币100000元及迟延履行期间的债务利息；\n2. 本案执行费用由被执行人承担。",
        "mediation": "1. 请求被申请人归还借款人民币100000元；\n2. 请求被申请人支付逾期利息。",
    }[kind]
    values = {
        "filing_id": str(uuid.uuid4()),
        "court_code": "京0105",
        "case_type": "民初",
        "filing_kind": kind,
        "plaintiff": {"kind": "person", "name": "张三", "id_number": id_number("11010519850312001"),
                      "address": "北京市朝阳区建国路88号院3号楼1单元502室", "phone": "13800138000"},
        "defendants": [{"kind": "person", "name": "李四", "id_number": id_number("11010519900718002"),
                        "address": "北京市海淀区中关村大街27号", "phone": "13900139000"}],
        "claims": claims,
        "facts_and_reasons": "2025年3月1日，被告因经营需要向原告借款人民币100000元，约定于2025年5月31日前归还，"
                             "并出具借条一张。原告于当日通过银行转账向被告支付了全部借款。\n"
                             "借款到期后，原告多次催要，被告均以各种理由推脱，至今未还。为维护原告的合法权益，"
                             "特依据《中华人民共和国民法典》第六百七十五条、第六百七十六条之规定向贵院提起诉讼，"
                             "望判如所请。",
        "amount": "100000.00",
        "fee_estimate": "2300.00",
        "fee_schedule_version": "2007-481",
        "confirmed_at": datetime.datetime(2026, 11, 27, 10, 0, tzinfo=datetime.UTC).isoformat(),
        "attachments": attachments,
        "evidence": [
            {"name": "借条", "purpose": "证明被告向原告借款100000元及约定的还款期限", "pages": [PAGE_SHAS[0]]},
            {"name": "银行转账凭证", "purpose": "证明原告已实际交付借款", "pages": PAGE_SHAS[1:]},
            {"name": "微信聊天记录", "purpose": "证明原告多次催要借款，被告未予归还", "pages": []},
        ],
        "signature": "touch",
    }
    if kind in ("appeal", "enforcement"):
        values["reference_case_number"] = "（2026）京0105民初12号"
    if kind == "enforcement":
        values["reference_document"] = "民事判决书"
    values.update(changes)
    return FilingSubmission.model_validate(values)


def html_of(submission, **kwargs) -> str:
    kwargs.setdefault("court_name", "北京市朝阳区人民法院")
    kwargs.setdefault("case_type_name", "民间借贷纠纷")
    kwargs.setdefault("today", DAY)
    return complaint_html(submission, **kwargs)


def fold(text: str) -> str:
    """The text without spaces, as the reader would see it. Noto CJK draws a unified ideograph and
    its radical (民 U+6C11, ⺠ U+2EA0) with one glyph, and Qt's PDF writer maps such a glyph back to
    the lowest code point: the radical. Map radicals back to the ideograph with the same glyph."""
    from PySide6.QtGui import QRawFont

    from kiosk.documents.pdf import document_font

    global _RADICALS
    if _RADICALS is None:
        raw = QRawFont.fromFont(document_font())
        glyph = {chr(c): raw.glyphIndexesForString(chr(c))[0] for c in range(0x4E00, 0xA000)}
        by_glyph = {g: ch for ch, g in glyph.items() if g}
        _RADICALS = {}
        for c in range(0x2E80, 0x2FE0):
            index = raw.glyphIndexesForString(chr(c))[0]
            if index in by_glyph:
                _RADICALS[chr(c)] = by_glyph[index]
    return "".join(_RADICALS.get(ch, ch) for ch in text if not ch.isspace())


_RADICALS: dict[str, str] | None = None


def pdf_text(pdf: bytes) -> tuple[int, str]:
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    assert document.status() == QPdfDocument.Status.Ready
    pages = document.pageCount()
    text = "".join(document.getAllText(i).text() for i in range(pages))
    document.close()
    return pages, text


# -- the layout by kind -----------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "title", "filer", "opponent", "requests", "reasons", "signer"), [
    ("first_instance", "民事起诉状", "原告：", "被告：", "诉讼请求：", "事实与理由：", "具状人："),
    ("appeal", "民事上诉状", "上诉人：", "被上诉人：", "上诉请求：", "上诉理由：", "上诉人：张三（签名）"),
    ("enforcement", "强制执行申请书", "申请执行人：", "被执行人：", "申请执行事项：", "事实与理由：", "申请执行人：张三（签名）"),
    ("mediation", "诉前调解申请书", "申请人：", "被申请人：", "调解请求：", "事实与理由：", "申请人：张三（签名）"),
])
def test_each_kind_has_its_title_roles_and_sections(kind, title, filer, opponent, requests, reasons, signer):
    submission = sample_submission(kind)
    html = html_of(submission)
    assert document_title(submission) == title
    assert f'<p class="title">{title}</p>' in html
    for text in (filer + "张三", opponent + "李四", requests, reasons, signer, "此致", "北京市朝阳区人民法院",
                 "二〇二六年十一月二十七日"):
        assert text in html, text
    assert html.index(filer + "张三") < html.index(opponent + "李四") < html.index(requests) < html.index(reasons)
    assert html.index(reasons) < html.index("此致") < html.index("二〇二六年十一月二十七日")


def test_person_details_come_from_the_id_number():
    html = html_of(sample_submission())
    assert ("原告：张三，男，1985年3月12日出生，住北京市朝阳区建国路88号院3号楼1单元502室，联系电话：13800138000，"
            f"公民身份号码：{id_number('11010519850312001')}。") in html
    assert "被告：李四，女，1990年7月18日出生" in html
    assert "民族" not in html and "汉族" not in html  # not known to the kiosk


def test_appeal_opening_names_the_decision_appealed():
    html = html_of(sample_submission("appeal"))
    assert "上诉人张三因与被上诉人李四民间借贷纠纷一案，不服（2026）京0105民初12号民事判决，现提起上诉。" in html
    generic = html_of(sample_submission("appeal"), case_type_name="民事一审（财产案件）")
    assert "上诉人张三因不服（2026）京0105民初12号民事判决，现提起上诉。" in generic


def test_enforcement_names_the_effective_document():
    html = html_of(sample_submission("enforcement", reference_document="民事调解书"))
    assert "申请执行依据：（2026）京0105民初12号民事调解书。" in html
    assert "特向你院申请强制执行" in html
    assert "申请执行标的额：人民币100,000.00元。" in html


def test_mediation_asks_for_pre_suit_mediation():
    html = html_of(sample_submission("mediation"))
    assert "申请人张三与被申请人李四民间借贷纠纷一案，申请人自愿申请在立案前" in html


def test_administrative_case_titles():
    assert document_title(sample_submission(case_type="行初")) == "行政起诉状"
    assert document_title(sample_submission("appeal", case_type="行初")) == "行政上诉状"


def test_several_parties_third_party_organisation_and_copies():
    company = {"kind": "organisation", "name": "北京某某科技有限公司", "uscc": credit_code("91110105MA01ABCD0"),
               "address": "北京市朝阳区望京街10号", "legal_representative": "王五", "phone": "010-88886666"}
    submission = sample_submission(
        other_plaintiffs=[{"kind": "person", "name": "张小三", "id_number": id_number("31010119780205003")}],
        defendants=[company, {"kind": "person", "name": "李四"}],
        third_parties=[{"kind": "person", "name": "赵六", "address": "武汉市江汉区"}],
    )
    html = html_of(submission, signature_png=signature_png())
    assert "原告：张三，" in html and "原告：张小三，男，1978年2月5日出生" in html
    assert (f"被告：北京某某科技有限公司，住所地北京市朝阳区望京街10号，统一社会信用代码：{credit_code('91110105MA01ABCD0')}，"
            "联系电话：010-88886666。") in html
    assert "法定代表人：王五。" in html
    assert "被告：李四。" in html  # nothing else known about him: nothing invented
    assert "第三人：赵六，住武汉市江汉区。" in html
    assert "本状副本2份" in html  # one per defendant
    # every filer signs: the second one on paper
    assert "具状人：张三（签名）<img" in html
    assert "具状人：张小三（签名）<u>" in html


def test_organisation_filer_seals_and_its_representative_signs():
    company = {"kind": "organisation", "name": "上海某某贸易有限公司", "uscc": credit_code("91310115MA1K3XY71"),
               "address": "上海市浦东新区世纪大道100号", "legal_representative": "钱七"}
    html = html_of(sample_submission(plaintiff=company), signature_png=signature_png())
    assert "原告：上海某某贸易有限公司，住所地上海市浦东新区世纪大道100号" in html
    assert "法定代表人：钱七。" in html
    assert "具状人：上海某某贸易有限公司（盖章）" in html
    assert "法定代表人（签名）：<img" in html


def test_agent_is_named_and_signs():
    agent = {"name": "周律师", "id_number": id_number("42010619951130004"), "phone": "13700137000",
             "relation": "lawyer"}
    html = html_of(sample_submission(filed_by="agent", agent=agent), signature_png=signature_png())
    assert (f"委托诉讼代理人：周律师，女，1995年11月30日出生，律师，联系电话：13700137000，"
            f"公民身份号码：{id_number('42010619951130004')}。") in html
    assert html.index("原告：张三") < html.index("委托诉讼代理人：周律师") < html.index("被告：李四")
    assert "具状人：张三</p>" in html and "委托诉讼代理人（签名）：<img" in html
    relative = html_of(sample_submission(filed_by="agent", agent={**agent, "relation": "relative"}))
    assert "系原告的近亲属" in relative


def test_evidence_list_rows():
    html = html_of(sample_submission())
    assert "证据清单1份，证据3项" in html
    assert 'page-break-before: always">证据清单</p>' in html
    table = html[html.index('<table class="evidence"'):]
    for header in ("序号", "证据名称", "证明目的", "页数"):
        assert f">{header}</th>" in table
    assert '>1</td><td style="font-size: 12pt">借条</td><td style="font-size: 12pt">证明被告向原告借款' in table
    assert ">2</td>" in table and "银行转账凭证" in table and '>2</td></tr>' in table  # two pages
    assert ">3</td>" in table and "微信聊天记录" in table
    alone = evidence_list_html(sample_submission(), today=DAY)
    assert "借条" in alone and "page-break" not in alone and "诉讼请求" not in alone


def test_one_pdf_per_document_counts_its_scanned_pages():
    """A filing attaches one PDF per scanned document: the evidence table and the 附 list count the
    pages in each PDF (the filing service's page_counts), not the PDFs."""
    evidence_pdf, identity_pdf = "e" * 64, "d" * 64
    submission = sample_submission(
        attachments=[{"sha256": evidence_pdf, "media_type": "application/pdf", "length": 9000,
                      "name": "evidence-1.pdf", "purpose": "evidence"},
                     {"sha256": identity_pdf, "media_type": "application/pdf", "length": 9000,
                      "name": "identity.pdf", "purpose": "identity"}],
        evidence=[{"name": "借条", "purpose": "证明借款", "pages": [evidence_pdf]}], signature="paper")
    html = html_of(submission, page_counts={evidence_pdf: 4, identity_pdf: 2})
    table = html[html.index('<table class="evidence"'):]
    assert '>4</td></tr>' in table  # the one PDF's four pages
    assert "身份证明2页" in html and "证据清单1份，证据1项" in html
    unknown = html_of(submission)  # without counts each document is one page (as a page image was)
    assert '>1</td></tr>' in unknown[unknown.index('<table class="evidence"'):]


def test_no_evidence_no_evidence_list():
    html = html_of(sample_submission(evidence=[]))
    assert "证据清单" not in html and "<table" not in html
    assert "附：本状副本1份。" in html


def test_user_text_is_escaped():
    nasty = '<script>alert("x")</script>&'
    submission = sample_submission(
        plaintiff={"kind": "person", "name": nasty, "id_number": id_number("11010519850312001"), "address": nasty},
        claims=nasty, facts_and_reasons=nasty,
        evidence=[{"name": nasty, "purpose": nasty, "pages": []}],
    )
    html = html_of(submission, court_name=nasty)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;" in html


def test_paper_signature_leaves_a_line_to_sign_on():
    html = html_of(sample_submission(signature="paper"), signature_png=signature_png())
    assert "<img" not in html  # the touch signature is not used for a paper one
    assert "具状人：张三（签名）<u>&nbsp;" in html


def test_touch_signature_is_embedded():
    png = signature_png()
    html = html_of(sample_submission(), signature_png=png)
    import base64

    assert f'src="data:image/png;base64,{base64.b64encode(png).decode()}"' in html


def test_chinese_dates():
    assert chinese_date(datetime.date(2026, 11, 27)) == "二〇二六年十一月二十七日"
    assert chinese_date(datetime.date(2030, 1, 10)) == "二〇三〇年一月十日"
    assert chinese_date(datetime.date(2027, 10, 1)) == "二〇二七年十月一日"
    assert chinese_date(datetime.date(2027, 12, 31)) == "二〇二七年十二月三十一日"


# -- the PDF ------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["first_instance", "appeal", "enforcement", "mediation"])
def test_pdf_renders_with_names_and_claims(qapp, kind):
    submission = sample_submission(kind)
    pdf, pages = render_pdf(html_of(submission, signature_png=signature_png()), title=document_title(submission))
    assert pdf.startswith(b"%PDF-")
    read_pages, text = pdf_text(pdf)
    assert read_pages == pages >= 2  # the complaint, then the evidence list on a page of its own
    flat = fold(text)
    for expected in (document_title(submission), "张三", "李四", "北京市朝阳区人民法院", "证据清单", "银行转账凭证",
                     f"第1页共{pages}页"):
        assert expected in flat, expected
    first_claim = submission.claims.splitlines()[0]
    assert "".join(first_claim.split()) in flat


def test_pdf_page_is_a4_with_ink_inside_the_margins(qapp):
    pdf, _ = render_pdf(html_of(sample_submission(evidence=[])), title="民事起诉状")
    document = QPdfDocument()
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    size = document.pagePointSize(0)
    assert abs(size.width() - 595.3) < 1 and abs(size.height() - 841.9) < 1  # A4 in points
    image = document.render(0, QSize(210, 297)).convertToFormat(QImage.Format.Format_ARGB32)  # 1 px per mm
    document.close()

    def inked(x, y):
        colour = QColor(image.pixel(x, y))
        return QColor(image.pixelColor(x, y)).alpha() > 60 and colour.lightness() < 160

    columns = [x for x in range(210) if any(inked(x, y) for y in range(297))]
    rows = [y for y in range(297) if any(inked(x, y) for x in range(210))]
    assert columns and rows
    assert columns[0] >= 26 and columns[-1] <= 210 - 22  # left ~28 mm, right ~24 mm
    assert rows[0] >= 23 and rows[-1] <= 297 - 10  # the page number sits in the bottom margin


def test_signature_image_is_painted_in_the_pdf(qapp):
    submission = sample_submission(evidence=[])
    with_image, _ = render_pdf(html_of(submission, signature_png=signature_png()), title="民事起诉状")
    without, _ = render_pdf(html_of(sample_submission(evidence=[], signature="paper")), title="民事起诉状")
    assert b"/Subtype /Image" in with_image and b"/Subtype /Image" not in without


def test_pdf_renders_off_the_gui_thread(qapp):
    from concurrent.futures import ThreadPoolExecutor

    html = html_of(sample_submission(), signature_png=signature_png())
    with ThreadPoolExecutor(1) as pool:
        pdf, pages = pool.submit(render_pdf, html, title="民事起诉状").result(timeout=30)
    assert pages >= 2 and "借条" in fold(pdf_text(pdf)[1])


def test_amount_and_escaping_survive_in_the_pdf(qapp):
    submission = sample_submission(claims="判令被告支付<货款>&利息", amount=Decimal("12345.60"))
    pdf, _ = render_pdf(html_of(submission), title="民事起诉状")
    flat = fold(pdf_text(pdf)[1])
    assert "判令被告支付<货款>&利息" in flat and "人民币12,345.60元" in flat
