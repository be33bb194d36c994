"""The sandbox's court documents as PDF (fpdf2, Noto Sans CJK SC): 受理案件通知书, 举证通知书, 传票,
起诉状, 证据, 民事判决书, 裁定书, 调解书, 庭审笔录 ... with the court's name, the title, the case number,
the parties, body paragraphs of plausible legal text, the signature block and page numbers.

A document has exactly the number of pages its index says (`DocumentContext.pages`); the text is
drawn from a `random.Random` seeded with the document id, so the same document is the same bytes
every time (the creation date is the document's date). Rendering costs ~20 ms a page, so the bytes
are cached: in memory (`Renderer.memory_limit` bytes, least recently used first out) and on disk
(``<cache_dir>/<document_id>-<digest of the context>.pdf``).

`oversized_pdf(pages)` is a quickly made PDF of many plain pages, and `corrupt(data)` a PDF cut
short (no ``%%EOF``): what the sandbox serves for the ``document_fault`` faults.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

from court_sandbox.casegen import chinese_date, rng_for

log = logging.getLogger("court_sandbox.pdf")

FONT_PATH = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FONT_COLLECTION_SC = 2  # the Simplified Chinese face of the collection
_INDENT = "国国"  # measures a two-character first-line indent (a full-width space would be a break)
_LINE = 7.6  # mm per body line
_BOTTOM = 297 - 22  # where the body must end (the footer is below)


@dataclass(frozen=True)
class DocumentContext:
    """Everything a document's text is made of (personal data: never logged)."""

    document_id: str
    template: str
    title: str
    pages: int
    court_name: str
    case_number: str | None
    date: datetime
    parties: list[dict[str, str]] = field(default_factory=list)
    cause: str = "民事纠纷"
    claims: str = ""
    facts: str = ""
    amount: str = "0.00"
    judge: str = ""
    clerk: str = ""
    query_code: str = ""
    contact_phone: str = ""
    hearing: dict[str, Any] | None = None
    appeal_court: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def digest(self) -> str:
        text = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _names(ctx: DocumentContext, *roles: str) -> str:
    return "、".join(p["name"] for p in ctx.parties if p["role"] in roles) or "（略）"


def _first_side(ctx: DocumentContext) -> str:
    return _names(ctx, "原告", "上诉人", "申请执行人", "申请人")


def _second_side(ctx: DocumentContext) -> str:
    return _names(ctx, "被告", "被上诉人", "被执行人", "被申请人")


def _clip(text: str, limit: int = 600) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "……"


_FINDINGS = (
    "{a}提交的{ev}，系原件，来源合法，内容与本案事实相关联，{b}对其真实性无异议，本院予以确认。",
    "经当庭质证，{b}对{a}提交的银行转账凭证的真实性、合法性、关联性均无异议，本院对该证据的证明力予以确认。",
    "{b}辩称其已部分履行，但未提交相应证据予以证明，应承担举证不能的不利后果，本院对该抗辩意见不予采信。",
    "根据双方当事人的陈述及在案证据，本院认定双方之间成立合法有效的合同关系，双方均应按照约定全面履行各自的义务。",
    "{a}主张的逾期利息，按照约定的标准计算未超过法律规定的上限，本院予以支持；超出部分，本院不予支持。",
    "本院依法组织双方当事人进行了证据交换和质证，对双方无争议的事实，本院予以确认并在卷佐证。",
    "{a}于庭审中明确其诉讼请求的计算方式，{b}对计算方式无异议，但对计算基数有异议，本院结合在案证据予以审查。",
    "关于{b}提出的诉讼时效抗辩，经审查，{a}在诉讼时效期间内多次向{b}主张权利，诉讼时效依法中断，该抗辩不能成立。",
    "本院认为，当事人对自己提出的诉讼请求所依据的事实或者反驳对方诉讼请求所依据的事实，应当提供证据加以证明。",
    "双方当事人在庭审中的陈述与在案书证能够相互印证，形成完整的证据链，足以证明{a}主张的事实。",
    "根据《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第九十条的规定，当事人未能提供证据或者证据不足以证明其事实主张的，由负有举证证明责任的当事人承担不利的后果。",
    "本案争议焦点为：一、双方之间法律关系的性质；二、{b}是否已履行相应义务；三、{a}主张的金额是否有事实和法律依据。",
)
_TRANSCRIPT = (
    "审判员：现在核对当事人身份。{a}，请陈述你的基本情况。",
    "{a}：（陈述身份情况，与起诉状所载一致。）",
    "审判员：{b}对{a}出庭人员的身份有无异议？",
    "{b}：没有异议。",
    "审判员：下面进行法庭调查。由{a}陈述诉讼请求及事实和理由。",
    "{a}：坚持起诉状中的诉讼请求，事实与理由详见起诉状。",
    "审判员：{b}进行答辩。",
    "{b}：对借款事实无异议，但因经营困难暂时无力偿还，请求法院酌情考虑分期履行。",
    "审判员：下面进行举证质证。{a}出示证据。",
    "{b}：对证据的真实性无异议，对证明目的有异议。",
    "审判员：双方是否愿意调解？",
    "{a}：愿意在本金全额偿还的前提下调解。{b}：同意调解，但需要分期。",
    "审判员：双方就调解方案未能达成一致，本庭将依法判决。请双方核对笔录后签字。",
)


def _paragraphs(ctx: DocumentContext) -> tuple[list[str], list[str]]:
    """(body paragraphs, closing lines) of a document; the body is long enough for any page count."""
    a, b = _first_side(ctx), _second_side(ctx)
    number = ctx.case_number or "（待编号）"
    rng = rng_for("pdf", ctx.document_id)
    hearing = ctx.hearing or {}
    where = hearing.get("courtroom", "本院第三法庭")
    when = chinese_date(datetime.fromisoformat(hearing["at"])) if hearing.get("at") else "另行通知"
    signature = [f"审判员　{ctx.judge}", chinese_date(ctx.date), f"书记员　{ctx.clerk}"]
    filler: tuple[str, ...] = _FINDINGS
    t = ctx.template
    if t == "acceptance":
        body = [f"{a}：", f"你（单位）诉{b}{ctx.cause}一案，本院经审查认为符合法定受理条件，决定立案审理，案号为{number}。",
                "现将有关事项通知如下：", "一、在诉讼过程中，当事人必须依法行使诉讼权利，有权行使民事诉讼法第四十九条规定的诉讼权利，同时必须遵守诉讼秩序，履行诉讼义务。",
                f"二、本案由审判员{ctx.judge}承办，书记员{ctx.clerk}。联系电话：{ctx.contact_phone}。",
                f"三、本案查询码：{ctx.query_code}。凭案号与查询码可在本院诉讼服务大厅自助终端或诉讼服务网查询案件进展，请妥善保管，勿告知无关人员。",
                "四、当事人应在收到本通知书之日起七日内预交案件受理费，逾期不交又未提出缓交申请的，按撤诉处理。"]
        filler = ("五、当事人的送达地址发生变更的，应当及时书面告知本院，否则按原地址送达，视为已送达。",
                  "六、当事人可以委托一至二人作为诉讼代理人，委托他人代为诉讼的，须向本院提交由委托人签名或者盖章的授权委托书。")
        signature = [f"{ctx.court_name}（印）", chinese_date(ctx.date)]
    elif t == "evidence_notice":
        body = [f"{a}、{b}：", f"根据《中华人民共和国民事诉讼法》第六十七条的规定，现将本院审理{number}一案有关举证事项通知如下：",
                "一、当事人对自己提出的主张，有责任提供证据。当事人因客观原因不能自行收集的证据，可申请人民法院调查收集。",
                "二、本案举证期限为十五日，自当事人收到本通知书的次日起计算。当事人应在举证期限届满前向本院提交证据材料，逾期提交的，本院可以不予采纳或者予以训诫、罚款。",
                "三、当事人向人民法院提交证据材料，应当提交原件或者原物，并对证据材料逐一分类编号，注明证据的来源、证明对象和内容，签名盖章，注明提交日期。"]
        signature = [f"{ctx.court_name}（印）", chinese_date(ctx.date)]
    elif t == "summons":
        body = [f"案号：{number}", f"案由：{ctx.cause}", f"被传唤人：{a}、{b}", "传唤事由：开庭审理",
                f"应到时间：{when}", f"应到处所：{where}", "注意事项：一、被传唤人必须准时到达应到处所；二、本传票由被传唤人携带来院报到；三、被传唤人收到传票后，应在送达回证上签名或者盖章。"]
        filler = ()
        signature = [f"{ctx.court_name}（印）", chinese_date(ctx.date)]
    elif t == "complaint":
        body = [f"原告：{a}", f"被告：{b}", "诉讼请求：", _clip(ctx.claims or "请求依法判决。"), "事实与理由：",
                _clip(ctx.facts or f"原告与被告因{ctx.cause}发生争议，经多次协商未果，为维护原告合法权益，特诉至贵院。", 900),
                "此致", ctx.court_name]
        filler = ("以上事实有原告提交的证据予以证明，原告保留补充提交证据的权利。",)
        signature = [f"起诉人：{a}", chinese_date(ctx.date)]
    elif t == "evidence":
        body = [f"证据名称：{ctx.title}", f"提交人：{a}", f"所附材料：{ctx.extra.get('attachment', '扫描件')}",
                "证明目的：证明原告主张的事实成立。", "（以下为证据材料扫描件的文字摘录）"]
        signature = [f"提交日期：{chinese_date(ctx.date)}"]
    elif t == "transcript":
        body = [f"时间：{when}", f"地点：{where}", f"案号：{number}", f"审判员：{ctx.judge}　书记员：{ctx.clerk}",
                "书记员：请肃静，现在宣布法庭纪律。", "审判员：现在开庭。"]
        filler = _TRANSCRIPT
        signature = [f"审判员　{ctx.judge}", f"书记员　{ctx.clerk}", "当事人签名：（已签名）"]
    elif t == "bundle":
        body = [f"案号：{number}", f"本册为{number}一案证据材料的汇编，共{ctx.pages}页，供当事人及其诉讼代理人依法阅卷。",
                "目录：一、原告身份证明；二、借款合同；三、银行转账凭证；四、催款通知及快递单；五、双方聊天记录截图；六、证人证言。"]
        filler = _FINDINGS + _TRANSCRIPT
        signature = [f"{ctx.court_name}（印）", chinese_date(ctx.date)]
    else:  # judgment, ruling, mediation and any other decision
        verb = {"ruling": "裁定如下", "mediation": "经本院主持调解，双方当事人自愿达成如下协议"}.get(t, "判决如下")
        body = [f"原告：{a}", f"被告：{b}",
                f"原告{a}与被告{b}{ctx.cause}一案，本院立案后，依法适用简易程序，公开开庭进行了审理。原告{a}、被告{b}到庭参加诉讼。本案现已审理终结。",
                f"{a}向本院提出诉讼请求：{_clip(ctx.claims or '请求依法判决', 300)}",
                f"事实与理由：{_clip(ctx.facts or '双方发生争议，协商未果。', 400)}",
                f"{b}辩称：对原告主张的基本事实无异议，但请求法院考虑其实际困难，给予分期履行的期限。",
                "本院经审理认定事实如下："]
        closing = [f"本院认为，合法的债权债务关系受法律保护。依照《中华人民共和国民法典》第五百零九条、第五百七十七条，《中华人民共和国民事诉讼法》第六十七条之规定，{verb}：",
                   f"一、被告{b}于本判决生效之日起十日内向原告{a}支付人民币{ctx.amount}元；" if t == "judgment" else f"一、{verb}事项详见上文。",
                   "二、驳回原告的其他诉讼请求。",
                   "如果未按本判决指定的期间履行给付金钱义务，应当依照《中华人民共和国民事诉讼法》第二百六十四条之规定，加倍支付迟延履行期间的债务利息。",
                   f"如不服本判决，可以在判决书送达之日起十五日内，向本院递交上诉状，并按对方当事人的人数提出副本，上诉于{ctx.appeal_court or '上一级人民法院'}。"]
        signature = closing + signature
    order = list(filler)
    rng.shuffle(order)
    extra = [order[n % len(order)].format(a=a, b=b, ev=f"证据{n + 1}") for n in range(400)] if order else []
    return body + extra, signature


class _Doc(FPDF):
    def __init__(self, ctx: DocumentContext) -> None:
        super().__init__(format="A4", unit="mm")
        self.ctx = ctx
        self.set_margins(25, 20, 25)
        self.set_auto_page_break(False)
        self.add_font("cjk", fname=str(FONT_PATH), collection_font_number=FONT_COLLECTION_SC)
        self.set_title(ctx.title)
        self.set_author(ctx.court_name)
        self.set_creator("court_sandbox")
        self.set_creation_date(ctx.date)

    def footer(self) -> None:
        self.set_y(-16)
        self.set_font("cjk", size=9)
        self.cell(0, 6, f"第 {self.page_no()} 页　共 {self.ctx.pages} 页", align="C")

    def fits(self, text: str, reserve: float = 0.0, indent: bool = True) -> bool:
        measured = _INDENT + text if indent else text
        height = self.multi_cell(0, _LINE, measured, dry_run=True, output=MethodReturnValue.HEIGHT)
        return self.get_y() + height + reserve <= _BOTTOM

    def para(self, text: str) -> None:
        """A body paragraph, its first line indented by two characters."""
        self.set_x(self.l_margin + self.get_string_width(_INDENT))
        self.write(_LINE, text)
        self.ln(_LINE)

    def line(self, text: str) -> None:
        self.multi_cell(0, _LINE, text, align="R" if len(text) < 30 else "L", new_x=XPos.LMARGIN,
                        new_y=YPos.NEXT)


def render(ctx: DocumentContext) -> bytes:
    """The document's PDF, exactly `ctx.pages` pages."""
    body, closing = _paragraphs(ctx)
    pdf = _Doc(ctx)
    queue = list(body)
    for page in range(1, ctx.pages + 1):
        pdf.add_page()
        if page == 1:
            pdf.set_font("cjk", size=18)
            pdf.cell(0, 11, ctx.court_name, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_font("cjk", size=22)
            pdf.cell(0, 14, ctx.title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            if ctx.case_number:
                pdf.set_font("cjk", size=12)
                pdf.cell(0, 9, ctx.case_number, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(3)
        pdf.set_font("cjk", size=12)
        last = page == ctx.pages
        reserve = 0.0
        if last:
            reserve = sum(pdf.multi_cell(0, _LINE, line, dry_run=True, output=MethodReturnValue.HEIGHT)
                          for line in closing) + 4
        while queue and pdf.fits(queue[0], reserve):
            pdf.para(queue.pop(0))
        if not last and queue and pdf.get_y() < 60:  # a paragraph longer than a page: cut it
            text = queue.pop(0)
            while text and not pdf.fits(text):
                text = text[: int(len(text) * 0.8)]
            pdf.para(text)
        if last:
            pdf.ln(4)
            for line in closing:
                if pdf.fits(line, indent=len(line) >= 30):
                    if len(line) < 30:
                        pdf.line(line)
                    else:
                        pdf.para(line)
    return bytes(pdf.output())


def oversized_pdf(pages: int) -> bytes:
    """A valid PDF of `pages` plain pages (core font, fast): the oversized-document fault."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(2026, 1, 1))
    pdf.set_font("helvetica", size=14)
    for n in range(1, pages + 1):
        pdf.add_page()
        pdf.cell(0, 10, f"Sandbox oversized document - page {n} of {pages}")
    return bytes(pdf.output())


def corrupt(data: bytes) -> bytes:
    """A PDF cut short (its first 60 %, no ``%%EOF``): what a damaged store would hand out."""
    return data[: max(16, len(data) * 3 // 5)]


class Renderer:
    """Renders documents once: bytes cached in memory (LRU, `memory_limit` bytes) and under `cache_dir`."""

    def __init__(self, cache_dir: str | os.PathLike[str] | None, memory_limit: int = 64 * 1024 * 1024) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        if self.cache_dir is not None:
            self.cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.memory_limit = memory_limit
        self._memory: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self._render_lock = threading.Lock()
        self.rendered = 0  # how many documents were rendered (not served from a cache)

    def _remember(self, key: str, data: bytes) -> None:
        with self._lock:
            if key in self._memory:
                return
            self._memory[key] = data
            self._size += len(data)
            while self._size > self.memory_limit and len(self._memory) > 1:
                _, old = self._memory.popitem(last=False)
                self._size -= len(old)

    def _cached(self, key: str) -> bytes | None:
        with self._lock:
            data = self._memory.get(key)
            if data is not None:
                self._memory.move_to_end(key)
                return data
        if self.cache_dir is not None:
            path = self.cache_dir / f"{key}.pdf"
            try:
                data = path.read_bytes()
            except OSError:
                return None
            self._remember(key, data)
            return data
        return None

    def get(self, ctx: DocumentContext) -> bytes:
        key = f"{ctx.document_id}-{ctx.digest()}"
        data = self._cached(key)
        if data is not None:
            return data
        with self._render_lock:  # one at a time: two cores, and the same document asked twice
            data = self._cached(key)
            if data is not None:
                return data
            data = render(ctx)
            self.rendered += 1
            log.info("rendered document %s (%d pages, %d bytes)", ctx.document_id, ctx.pages, len(data))
            if self.cache_dir is not None:
                tmp = self.cache_dir / f"{key}.pdf.tmp"
                tmp.write_bytes(data)
                os.replace(tmp, self.cache_dir / f"{key}.pdf")
            self._remember(key, data)
        return data

    def oversized(self, pages: int) -> bytes:
        key = f"oversized-{pages}"
        data = self._cached(key)
        if data is None:
            data = oversized_pdf(pages)
            self._remember(key, data)
        return data
