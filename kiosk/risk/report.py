"""The assessment as JSON (`to_json`, for ``kiosk risk assess``), as the short text a QR carries
(`summary_text`: the case type, the date and each risk with its level and rules; nothing a
litigant typed), and as the A4 report's HTML (`report_html`, laid out by
`kiosk.documents.render_pdf`). The report is in the language of the visit; its fixed texts come
from ``assets/risk/texts.toml``. No Qt here.
"""

from __future__ import annotations

import base64
import io
from html import escape

from kiosk.risk.engine import Assessment, _format_date
from kiosk.risk.model import Catalog

__all__ = ["LEVEL_COLOURS", "qr_png", "report_html", "report_title", "summary_text", "to_json"]

LEVEL_COLOURS = {"high": "#c0392b", "medium": "#b36b00", "low": "#1e7d32"}
QR_MAX_BYTES = 700  # keeps the QR at a version a phone reads easily off paper (at most 93 modules)


def to_json(catalog: Catalog, assessment: Assessment, lang: str = "zh_CN") -> dict:
    case = assessment.case_type
    return {
        "case_type": case.code,
        "case_type_name": case.name.get(lang),
        "court_case_type": case.court_case_type,
        "today": assessment.today.isoformat(),
        "language": lang,
        "overall": assessment.overall,
        "counts": assessment.counts(),
        "risks": [
            {
                "id": risk.id,
                "topic": risk.topic,
                "level": risk.level,
                "level_name": catalog.texts.levels[risk.level].get(lang),
                "title": risk.title.get(lang),
                "reason": risk.reason.get(lang),
                "rules": [{"id": s, "citation": catalog.citation(s, lang),
                           "gist": catalog.statutes[s].gist.get(lang)} for s in risk.statutes],
            }
            for risk in assessment.risks
        ],
        "fee": None if assessment.fee is None else assessment.fee.to_dict(),
        "answers": dict(assessment.answers),
        "summary": summary_text(catalog, assessment, lang),
        "disclaimer": catalog.texts.disclaimer.get(lang),
    }


def _short_citation(catalog: Catalog, statute_id: str, lang: str) -> str:
    """《民法典》第188条 / Civil Code Art. 188: the article's number from its English form."""
    statute = catalog.statutes[statute_id]
    law = catalog.short[statute.law].get(lang)
    number = statute.article.en.removeprefix("Art. ")
    return f"{law} Art. {number}" if lang == "en" else f"《{law}》第{number}条"


def summary_text(catalog: Catalog, assessment: Assessment, lang: str = "zh_CN") -> str:
    """The QR's text: self-contained, short, no personal data (no names, no amounts typed)."""
    texts = catalog.texts
    head = [texts.summary_heading.get(lang), assessment.case_type.name.get(lang),
            _format_date(assessment.today, lang)]
    lines = [" ".join(head)]
    for risk in assessment.risks:
        rules = _short_citation(catalog, risk.statutes[0], lang)  # the main rule: the report has them all
        lines.append(f"[{texts.levels[risk.level].get(lang)}] {risk.title.get(lang)} ({rules})")
    lines.append(texts.disclaimer.get(lang).split("。")[0].split(". ")[0])
    text = "\n".join(lines)
    while len(text.encode()) > QR_MAX_BYTES and len(lines) > 2:
        lines = [line.split(" (")[0] if line.startswith("[") else line for line in lines]  # drop the rules
        text = "\n".join(lines)
        if len(text.encode()) > QR_MAX_BYTES:
            lines.pop(-2)  # then the last (lowest) risks
            text = "\n".join(lines)
    return text


def qr_png(text: str) -> bytes:
    import segno

    out = io.BytesIO()
    segno.make(text, error="l", micro=False).save(out, kind="png", scale=6, border=2)
    return out.getvalue()


def report_title(catalog: Catalog, lang: str = "zh_CN") -> str:
    return catalog.texts.title.get(lang)


def report_html(catalog: Catalog, assessment: Assessment, lang: str = "zh_CN", court_name: str = "") -> str:
    """The A4 report: heading, the case type and date, the overall level, each risk with its level,
    reason and rules, the fee estimate, the statutes cited with what they say, the QR of the
    summary and the disclaimer."""
    texts = catalog.texts
    h = {key: escape(text.get(lang)) for key, text in texts.headings.items()}
    case = assessment.case_type
    colon = ": " if lang == "en" else "："
    parts = ['<html><body style="font-size: 12pt">']
    if court_name:
        parts.append(f'<p align="center" style="font-size: 14pt">{escape(court_name)}</p>')
    parts.append(f'<h1 align="center" style="font-size: 20pt">{escape(texts.title.get(lang))}</h1>')
    parts.append(f'<p>{h["case_type"]}{colon}{escape(case.name.get(lang))}<br/>'
                 f'{h["date"]}{colon}{escape(_format_date(assessment.today, lang))}<br/>'
                 f'{h["overall"]}{colon}<b style="color: {LEVEL_COLOURS[assessment.overall]}">'
                 f'{escape(texts.levels[assessment.overall].get(lang))}</b></p>')
    parts.append(f'<p style="font-size: 10.5pt"><b>{escape(texts.disclaimer.get(lang))}</b></p>')
    parts.append(f'<h2 style="font-size: 15pt">{h["risks"]}</h2>')
    for risk in assessment.risks:  # short blocks, not a table: page breaks fall between them
        colour = LEVEL_COLOURS[risk.level]
        rules = "；".join(escape(catalog.citation(s, lang)) for s in risk.statutes) if lang != "en" else \
            "; ".join(escape(catalog.citation(s, lang)) for s in risk.statutes)
        parts.append(f'<p style="margin-top: 10px; margin-bottom: 2px"><b style="color: {colour}">'
                     f'【{escape(texts.levels[risk.level].get(lang))}】</b><b>{escape(risk.title.get(lang))}</b></p>')
        parts.append(f'<p style="margin-top: 0px; margin-bottom: 2px">{escape(risk.reason.get(lang))}</p>')
        parts.append(f'<p style="margin-top: 0px; font-size: 10.5pt">{h["rules"]}{colon}{rules}</p>')
    if assessment.fee is not None:
        fee = assessment.fee
        parts.append(f'<h2 style="font-size: 15pt">{h["fee"]}</h2>')
        parts += [f'<p style="margin: 0px">{escape(f"{line.label}：{line.amount:,.2f}")}</p>' for line in fee.breakdown]
        parts.append(f'<p style="margin-top: 0px">{h["fee_total"]}{colon}{fee.total:,.2f}</p>')
    parts.append(f'<h2 style="font-size: 15pt">{h["statutes"]}</h2>')
    for statute in assessment.statutes():
        parts.append(f'<p style="font-size: 10.5pt; margin-bottom: 4px"><b>{escape(catalog.citation(statute, lang))}'
                     f'</b>　{escape(catalog.statutes[statute].gist.get(lang))}</p>')
    qr = base64.b64encode(qr_png(summary_text(catalog, assessment, lang))).decode("ascii")
    parts.append('<table cellspacing="0" cellpadding="4"><tr>'
                 f'<td><img src="data:image/png;base64,{qr}" width="180" height="180"/></td>'
                 f'<td valign="middle" style="font-size: 10.5pt">{h["qr"]}</td></tr></table>')
    parts.append("</body></html>")
    return "".join(parts)
