"""The printed documents of a filing as HTML for QTextDocument (no Qt here).

`complaint_html` lays out the complaint of a filing the way courts' document
templates do (人民法院民事诉讼文书样式): a centred title by the filing's kind, one
paragraph per party with the role the kind gives it, the requests, the facts and
reasons, 此致 and the court, the copies attached, the signature block and the
date, and the evidence list (证据清单) on a page of its own. `evidence_list_html`
is the evidence list alone.

Every text a litigant typed is escaped. The HTML uses only what QTextDocument
supports (its CSS subset; lengths in CSS pixels of 1/96 inch, which the layout
scales to the printer). `kiosk.documents.pdf.render_pdf` turns it into an A4 PDF.
"""

from __future__ import annotations

import base64
import datetime
from decimal import Decimal
from html import escape

from kiosk.domain import idnumber

__all__ = [
    "BODY_PT",
    "FONT_FAMILIES",
    "ROLES",
    "TITLES",
    "chinese_date",
    "complaint_html",
    "document_title",
    "evidence_list_html",
]

#: Serif CJK faces first (the court's usual 仿宋/宋体), then what any kiosk has.
FONT_FAMILIES: tuple[str, ...] = (
    "FangSong", "仿宋", "FangSong_GB2312", "仿宋_GB2312", "Noto Serif CJK SC", "Source Han Serif SC",
    "SimSun", "宋体", "Songti SC", "AR PL UMing CN", "Noto Sans CJK SC", "Droid Sans Fallback", "serif",
)
BODY_PT = 14  # 四号
TITLE_PT = 22  # 二号
TABLE_PT = 12  # 小四
#: Every paragraph's first line starts two characters in, as Chinese documents do (two ideographic
#: spaces: exact at any font size, and what a clerk typing the document would use).
INDENT = '<span style="white-space: pre">\u3000\u3000</span>'

#: (title, administrative title) by filing kind
TITLES: dict[str, tuple[str, str]] = {
    "first_instance": ("民事起诉状", "行政起诉状"),
    "appeal": ("民事上诉状", "行政上诉状"),
    "enforcement": ("强制执行申请书", "强制执行申请书"),
    "mediation": ("诉前调解申请书", "诉前调解申请书"),
}

#: filing kind -> (filers, opposing parties, third parties, signer, requests, reasons, "this document")
ROLES: dict[str, dict[str, str]] = {
    "first_instance": {"filer": "原告", "opponent": "被告", "third": "第三人", "signer": "具状人",
                       "requests": "诉讼请求", "reasons": "事实与理由", "copy": "本状",
                       "amount": "诉讼标的额"},
    "appeal": {"filer": "上诉人", "opponent": "被上诉人", "third": "原审第三人", "signer": "上诉人",
               "requests": "上诉请求", "reasons": "上诉理由", "copy": "本上诉状", "amount": "上诉标的额"},
    "enforcement": {"filer": "申请执行人", "opponent": "被执行人", "third": "第三人", "signer": "申请执行人",
                    "requests": "申请执行事项", "reasons": "事实与理由", "copy": "本申请书",
                    "amount": "申请执行标的额"},
    "mediation": {"filer": "申请人", "opponent": "被申请人", "third": "第三人", "signer": "申请人",
                  "requests": "调解请求", "reasons": "事实与理由", "copy": "本申请书", "amount": "标的额"},
}

_AGENT_RELATIONS = {
    "lawyer": "律师",
    "relative": "系{filer}的近亲属",
    "employee": "系{filer}的工作人员",
    "community": "系社区、单位或者有关社会团体推荐的公民",
    "other": "",
}

_ATTACHMENT_NAMES = {  # what the 附 list names for attachments of these purposes
    "identity": "身份证明",
    "business_licence": "营业执照副本及法定代表人身份证明书",
    "power_of_attorney": "授权委托书",
    "judgment": "生效法律文书",
}

_DIGITS = "〇一二三四五六七八九"
_SIGNATURE_WIDTH_PX = 170  # about 45 mm on paper
_SIGNATURE_HEIGHT_PX = 64


def chinese_date(day: datetime.date) -> str:
    """二〇二六年十一月二十七日: the date as courts write it."""

    def number(n: int) -> str:
        if n < 10:
            return _DIGITS[n]
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")

    year = "".join(_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{number(day.month)}月{number(day.day)}日"


def _administrative(submission) -> bool:
    return submission.case_type.startswith("行")


def document_title(submission) -> str:
    """The title of the filing's document, e.g. 民事起诉状."""
    civil, administrative = TITLES.get(submission.filing_kind, TITLES["first_instance"])
    return administrative if _administrative(submission) else civil


def _roles(submission) -> dict[str, str]:
    return ROLES.get(submission.filing_kind, ROLES["first_instance"])


def _e(text: str | None) -> str:
    return escape(text or "", quote=True)


def _paragraphs(text: str, css: str = "p") -> str:
    """Each line a paragraph (blank lines dropped), escaped."""
    lines = [line.strip() for line in (text or "").splitlines()]
    return "".join(f'<p class="{css}">{INDENT}{_e(line)}</p>' for line in lines if line)


def _person_details(id_number: str | None) -> list[str]:
    """性别, 出生 from a resident ID number (none when it cannot be read)."""
    if not id_number:
        return []
    try:
        born = idnumber.birth_date(id_number)
        sex = "男" if idnumber.sex(id_number) == "M" else "女"
    except idnumber.InvalidIdNumber:
        return []
    return [sex, f"{born.year}年{born.month}月{born.day}日出生"]


def _party_html(role: str, party) -> str:
    """One party: the paragraph for the role, and an organisation's legal representative."""
    if party.kind == "person":
        parts = [_e(party.name), *_person_details(party.id_number)]
        if party.address:
            parts.append(f"住{_e(party.address)}")
        if party.phone:
            parts.append(f"联系电话：{_e(party.phone)}")
        if party.id_number:
            parts.append(f"公民身份号码：{_e(party.id_number)}")
        return f'<p class="p">{INDENT}{role}：{"，".join(parts)}。</p>'
    parts = [_e(party.name)]
    if party.address:
        parts.append(f"住所地{_e(party.address)}")
    if party.uscc:
        parts.append(f"统一社会信用代码：{_e(party.uscc)}")
    if party.phone:
        parts.append(f"联系电话：{_e(party.phone)}")
    out = f'<p class="p">{INDENT}{role}：{"，".join(parts)}。</p>'
    if party.legal_representative:
        out += f'<p class="p">{INDENT}法定代表人：{_e(party.legal_representative)}。</p>'
    return out


def _agent_html(agent, filer: str) -> str:
    parts = [_e(agent.name), *_person_details(agent.id_number)]
    relation = _AGENT_RELATIONS.get(agent.relation, "").format(filer=filer)
    if relation:
        parts.append(relation)
    if agent.phone:
        parts.append(f"联系电话：{_e(agent.phone)}")
    parts.append(f"公民身份号码：{_e(agent.id_number)}")
    return f'<p class="p">{INDENT}委托诉讼代理人：{"，".join(parts)}。</p>'


def _names(parties) -> str:
    return "、".join(_e(p.name) for p in parties)


def _cause(case_type_name: str) -> str:
    """The cause of action when the case type names one (离婚纠纷), else ''."""
    name = (case_type_name or "").strip()
    return _e(name) if name.endswith(("纠纷", "争议")) else ""


def _decision(submission) -> str:
    """The decision appealed or enforced, e.g. （2026）京0105民初12号民事判决书."""
    document = (submission.reference_document or "").strip()
    if not document:
        document = "行政判决书" if _administrative(submission) else "民事判决书"
    return f"{_e(submission.reference_case_number)}{_e(document)}"


def _opening_html(submission, roles: dict[str, str], case_type_name: str) -> str:
    filers = _names([submission.plaintiff, *submission.other_plaintiffs])
    opponents = _names(submission.defendants)
    cause = _cause(case_type_name)
    kind = submission.filing_kind
    if kind == "appeal":
        decision = _decision(submission).removesuffix("书")
        with_whom = f"因与{roles['opponent']}{opponents}{cause}一案，" if cause else "因"
        return (f'<p class="p">{INDENT}{roles["filer"]}{filers}{with_whom}不服{decision}，'
                f"现提起上诉。</p>")
    if kind == "enforcement":
        case = f"{cause}一案" if cause else "一案"
        return (f'<p class="p">{INDENT}申请执行依据：{_decision(submission)}。</p>'
                f'<p class="p">{INDENT}{roles["filer"]}{filers}与{roles["opponent"]}{opponents}{case}，'
                f"上述法律文书已经发生法律效力。{roles['opponent']}未履行生效法律文书确定的义务，"
                f"{roles['filer']}特向你院申请强制执行。</p>")
    if kind == "mediation":
        case = f"{cause}一案" if cause else "纠纷"
        return (f'<p class="p">{INDENT}{roles["filer"]}{filers}与{roles["opponent"]}{opponents}{case}，'
                f"{roles['filer']}自愿申请在立案前由人民法院委派或者委托调解组织进行调解。</p>")
    return ""


def _amount_html(submission, roles: dict[str, str]) -> str:
    amount = submission.amount
    if amount is None or Decimal(amount) <= 0:
        return ""
    return f'<p class="p">{INDENT}{roles["amount"]}：人民币{Decimal(amount):,.2f}元。</p>'


def _signature_line(label: str, signature_png: bytes | None) -> str:
    if signature_png:
        data = base64.b64encode(signature_png).decode("ascii")
        mark = (f'<img src="data:image/png;base64,{data}" width="{_SIGNATURE_WIDTH_PX}" '
                f'height="{_SIGNATURE_HEIGHT_PX}" style="vertical-align: middle" />')
    else:
        mark = "<u>" + "&nbsp;" * 28 + "</u>"
    return f'<p class="sign">{label}{mark}</p>'


def _signature_html(submission, roles: dict[str, str], signature_png: bytes | None) -> str:
    """Who signs: the filer (with the touch signature, or a blank line to sign on paper), every
    other filer on paper, an organisation's seal and legal representative; or the agent."""
    signer = roles["signer"]
    touch = signature_png if submission.signature == "touch" else None
    filers = [submission.plaintiff, *submission.other_plaintiffs]
    out = []
    if submission.filed_by == "agent" and submission.agent is not None:
        out.append(f'<p class="sign">{signer}：{_names(filers)}</p>')
        out.append(_signature_line("委托诉讼代理人（签名）：", touch))
    else:
        for i, party in enumerate(filers):
            mark = touch if i == 0 else None
            if party.kind == "organisation":
                out.append(f'<p class="sign">{signer}：{_e(party.name)}（盖章）</p>')
                out.append(_signature_line("法定代表人（签名）：", mark))
            else:
                out.append(_signature_line(f"{signer}：{_e(party.name)}（签名）", mark))
    return "".join(out)


def _pages(digest: str, page_counts: dict[str, int] | None) -> int:
    """A document's pages (one PDF per scanned document; a page image counts one)."""
    return (page_counts or {}).get(digest, 1)


def _attachments_html(submission, roles: dict[str, str], page_counts: dict[str, int] | None = None) -> str:
    items = [f"{roles['copy']}副本{len(submission.defendants)}份"]
    if submission.evidence:
        items.append(f"证据清单1份，证据{len(submission.evidence)}项")
    for purpose, name in _ATTACHMENT_NAMES.items():
        pages = sum(_pages(a.sha256, page_counts) for a in submission.attachments if a.purpose == purpose)
        if pages:
            items.append(f"{name}{pages}页")
    if len(items) == 1:
        return f'<p class="flush">附：{items[0]}。</p>'
    last = len(items)
    lines = "".join(f'<p class="att">{INDENT}{i}. {text}{"。" if i == last else "；"}</p>' for i, text in enumerate(items, 1))
    return '<p class="flush">附：</p>' + lines


def _evidence_table(submission, page_counts: dict[str, int] | None = None) -> str:
    cell = f'style="font-size: {TABLE_PT}pt"'
    rows = [
        f'<tr><th width="8%" {cell}>序号</th><th width="30%" {cell}>证据名称</th>'
        f'<th width="50%" {cell}>证明目的</th><th width="12%" {cell}>页数</th></tr>'
    ]
    for i, item in enumerate(submission.evidence, 1):
        rows.append(
            f'<tr><td align="center" {cell}>{i}</td><td {cell}>{_e(item.name)}</td>'
            f'<td {cell}>{_e(item.purpose)}</td><td align="center" {cell}>{sum(_pages(d, page_counts) for d in item.pages) or ""}</td></tr>'
        )
    return ('<table class="evidence" width="100%" border="1" cellspacing="0" cellpadding="6" '
            'style="border-collapse: collapse; border-color: #000000; border-style: solid">'
            + "".join(rows) + "</table>")


def _evidence_block(submission, roles: dict[str, str], day: datetime.date, page_break: bool,
                    signature_png: bytes | None, page_counts: dict[str, int] | None = None) -> str:
    brk = ' style="page-break-before: always"' if page_break else ""
    filers = _names([submission.plaintiff, *submission.other_plaintiffs])
    touch = signature_png if submission.signature == "touch" else None
    return (f'<p class="title2"{brk}>证据清单</p>'
            f'<p class="flush">提交人：{filers}（{roles["filer"]}）</p>'
            + _evidence_table(submission, page_counts)
            + _signature_line("提交人（签名）：", touch)
            + f'<p class="sign">{chinese_date(day)}</p>')


def _style() -> str:
    families = ", ".join(f"'{f}'" for f in FONT_FAMILIES)
    line = "line-height: 150%"
    return (
        "<style>"
        f"body {{ font-family: {families}; font-size: {BODY_PT}pt; }}"
        f"p {{ margin-top: 0px; margin-bottom: 0px; {line}; }}"
        f"p.title {{ font-size: {TITLE_PT}pt; font-weight: bold; text-align: center; margin-bottom: 18px; }}"
        f"p.title2 {{ font-size: 18pt; font-weight: bold; text-align: center; margin-bottom: 14px; }}"
        "p.head { margin-top: 6px; }"
        "p.sign { text-align: right; margin-top: 10px; }"
        "table.evidence { margin-top: 8px; margin-bottom: 16px; }"
        "th { font-weight: bold; text-align: center; vertical-align: middle; }"
        "td { vertical-align: middle; }"
        "</style>"
    )


def _document(title: str, body: str) -> str:
    return (f"<html><head><meta charset=\"utf-8\"><title>{_e(title)}</title>{_style()}</head>"
            f"<body>{body}</body></html>")


def complaint_html(submission, *, court_name: str, case_type_name: str, signature_png: bytes | None = None,
                   today: datetime.date | None = None, page_counts: dict[str, int] | None = None) -> str:
    """The filing's complaint (or appeal, enforcement or mediation application) with its evidence list.

    ``submission`` is an ``offline_queue.contract.FilingSubmission``; ``court_name`` the court it is
    addressed to; ``case_type_name`` the case type's display name (a cause of action such as 离婚纠纷
    is named in the opening of an appeal or application); ``signature_png`` the touch signature;
    ``today`` the date under the signature (default: today); ``page_counts`` the pages of each
    attached document by its digest (a document not in it counts one page).
    """
    day = today or datetime.date.today()
    roles = _roles(submission)
    title = document_title(submission)
    parts = [f'<p class="title">{title}</p>']
    for party in [submission.plaintiff, *submission.other_plaintiffs]:
        parts.append(_party_html(roles["filer"], party))
    if submission.filed_by == "agent" and submission.agent is not None:
        parts.append(_agent_html(submission.agent, roles["filer"]))
    for party in submission.defendants:
        parts.append(_party_html(roles["opponent"], party))
    for party in submission.third_parties:
        parts.append(_party_html(roles["third"], party))
    parts.append(_opening_html(submission, roles, case_type_name))
    parts.append(f'<p class="head">{INDENT}{roles["requests"]}：</p>')
    parts.append(_paragraphs(submission.claims))
    parts.append(_amount_html(submission, roles))
    if submission.facts_and_reasons.strip():
        parts.append(f'<p class="head">{INDENT}{roles["reasons"]}：</p>')
        parts.append(_paragraphs(submission.facts_and_reasons))
    parts.append(f'<p class="head">{INDENT}此致</p>')
    parts.append(f'<p class="flush">{_e(court_name)}</p>')
    parts.append(_attachments_html(submission, roles, page_counts))
    parts.append(_signature_html(submission, roles, signature_png))
    parts.append(f'<p class="sign">{chinese_date(day)}</p>')
    if submission.evidence:
        parts.append(_evidence_block(submission, roles, day, True, signature_png, page_counts))
    return _document(title, "".join(parts))


def evidence_list_html(submission, *, signature_png: bytes | None = None,
                       today: datetime.date | None = None, page_counts: dict[str, int] | None = None) -> str:
    """The evidence list (证据清单) alone, for printing apart from the complaint."""
    day = today or datetime.date.today()
    return _document("证据清单", _evidence_block(submission, _roles(submission), day, False, signature_png,
                                                page_counts))
