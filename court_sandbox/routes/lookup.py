"""Lookup by the code a receipt's QR carries (contract 1.2): ``GET /api/v1/lookup/{code}`` (JSON) and
the small mobile page ``GET /m/{code}`` (HTML, rendered here from ``templates/lookup.html``, every value
HTML-escaped; no scripts, no external resources). Both are public (no token) and show the state of the
filing or case only: never a name or an ID number. An unknown code: 404 (a friendly page for /m/)."""

from __future__ import annotations

import html
from datetime import datetime
from decimal import Decimal
from functools import cache
from importlib import resources
from string import Template

from fastapi import APIRouter, HTTPException, Path
from fastapi.responses import HTMLResponse

from court_sandbox.context import Sandbox
from court_sandbox.routes.common import errors
from court_sandbox.store import CHINA_TIME
from offline_queue import contract as c

router = APIRouter(tags=["lookup"])

LookupCode = Path(min_length=1, max_length=32, description="The lookup code a receipt's QR carries")
_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
}
_STATUS_CLASS = {
    c.STATUS_PENDING_REVIEW: "s-pending", c.STATUS_APPROVED: "s-info", c.STATUS_DOCKETED: "s-ok",
    c.STATUS_REJECTED: "s-bad", c.STATUS_REFUSED: "s-bad",
}
_STATUS_HINT = {
    c.STATUS_PENDING_REVIEW: "法院正在审核您的立案材料，审核结果将通过短信通知。",
    c.STATUS_APPROVED: "审核已通过，等待立案登记。",
    c.STATUS_DOCKETED: "案件已立案，请按通知按时参加诉讼活动。",
    c.STATUS_REJECTED: "材料审核未通过，请按通知补正后重新提交。",
    c.STATUS_REFUSED: "法院裁定不予立案，详见送达的裁定书。",
}


@cache
def _template() -> Template:
    text = resources.files("court_sandbox.templates").joinpath("lookup.html").read_text(encoding="utf-8")
    return Template(text)


def _when(moment: datetime) -> str:
    local = moment.astimezone(CHINA_TIME)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def _page(title: str, court_name: str, heading: str, content: str) -> str:
    return _template().substitute(title=html.escape(title), court_name=html.escape(court_name),
                                  heading=html.escape(heading), content=content)


def render_lookup(result: c.LookupResult) -> str:
    """The mobile page of a lookup result (every value escaped)."""
    e = html.escape
    fee = "无需缴纳" if result.fee_due is None or result.fee_due == Decimal("0") else f"¥{result.fee_due}（待缴纳）"
    rows = [
        ("法院", result.court_name),
        ("案件类型", result.case_type_name),
        ("案号", result.case_number or "立案后生成"),
        ("提交时间", _when(result.submitted_at)),
        ("更新时间", _when(result.updated_at)),
        ("应缴诉讼费", fee),
        ("下次开庭", _when(result.next_hearing) if result.next_hearing else "暂无安排"),
        ("查询码", result.code),
    ]
    code_class = ' class="code"'
    items = "\n".join(
        f'      <div class="row"><dt>{e(label)}</dt><dd{code_class if label == "查询码" else ""}>'
        f"{e(value)}</dd></div>" for label, value in rows)
    content = (
        '  <section class="card">\n'
        '    <h2>当前状态</h2>\n'
        f'    <span class="status {_STATUS_CLASS.get(result.status, "s-info")}" id="status">{e(result.status)}</span>\n'
        f'    <p class="note" style="margin-top:8px">{e(_STATUS_HINT.get(result.status, ""))}</p>\n'
        '  </section>\n'
        '  <section class="card">\n'
        f"    <dl>\n{items}\n    </dl>\n"
        "  </section>")
    return _page(f"案件进度 - {result.court_name}", result.court_name, "案件进度查询", content)


def render_missing() -> str:
    content = (
        '  <section class="card" id="not-found">\n'
        "    <h2>未找到该查询码</h2>\n"
        '    <p>没有与此二维码对应的立案记录。请确认扫描的是法院自助终端打印的回执上的二维码；刚提交的材料可能需要几分钟后才能查询。</p>\n'
        "  </section>")
    return _page("未找到案件", "人民法院诉讼服务", "案件进度查询", content)


@router.get(c.LOOKUP_PATH, response_model=c.LookupResult, operation_id="lookupFiling", responses=errors(404))
def lookup(sandbox: Sandbox, code: str = LookupCode) -> c.LookupResult:
    """The state of the filing (later the case) a receipt's QR names: no names, no ID numbers."""
    result = sandbox.records.lookup(code)
    if result is None:
        raise HTTPException(404, "no such lookup code")
    return result


@router.get(c.LOOKUP_PAGE_PATH, response_class=HTMLResponse, operation_id="lookupPage",
            responses={200: {"content": {"text/html": {}}, "description": "The mobile page"},
                       404: {"content": {"text/html": {}}, "description": "A friendly page: unknown code"}})
def lookup_page(sandbox: Sandbox, code: str = LookupCode) -> HTMLResponse:
    """The small mobile page a receipt's QR opens: the filing's or case's state, in Chinese."""
    result = sandbox.records.lookup(code)
    if result is None:
        return HTMLResponse(render_missing(), status_code=404, headers=_HEADERS)
    return HTMLResponse(render_lookup(result), headers=_HEADERS)
