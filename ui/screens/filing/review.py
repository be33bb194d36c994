"""The review step: every answer as text to read before signing; "next" takes the litigant
back to anything still missing."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.domain.filing import ROLES
from ui.screen_specs import ScreenSpec
from ui.screens.filing.base import FilingStep, Flow, role_title
from ui.widgets import button, label


class ReviewScreen(FilingStep):
    """Every answer as text, to read before signing (not a PDF)."""

    name = "filing_review"
    SPEC = ScreenSpec(
        "filing_review",
        lambda: QCoreApplication.translate("screens", "File a case: check your answers"),
        lambda: QCoreApplication.translate("screens", "Read your answers. If they are right, go on to sign."),
        ("reviewText", "reviewNext", "backButton", "homeButton"),
    )

    def __init__(self, flow: Flow) -> None:
        super().__init__(flow)
        from PySide6.QtWidgets import QTextBrowser

        self.text = QTextBrowser()
        self.text.setObjectName("reviewText")
        self.text.setOpenLinks(False)
        self.body.addWidget(self.text, 1)
        self.notice = label("hint", name="reviewNotice")
        self.body.addWidget(self.notice)
        self.error = label("error", name="reviewError")
        self.error.hide()
        self.body.addWidget(self.error)
        self.confirm = button("reviewNext", "primary", self)
        self.confirm.clicked.connect(self._next)
        self.primary = self.confirm
        self.retranslate()

    def enter(self) -> None:
        self.text.setHtml(self.review_html())
        self.error.hide()
        self.retranslate()

    def review_html(self) -> str:
        from html import escape

        flow = self.flow
        draft, identity = flow.draft, flow.identity
        service = flow.service
        quote = service.estimate(draft)
        rows: list[tuple[str, str]] = []
        kinds = {"first_instance": self.tr("Sue (起诉)"), "appeal": self.tr("Appeal a judgment (上诉)"),
                 "enforcement": self.tr("Apply for enforcement (申请执行)"),
                 "mediation": self.tr("Ask for pre-suit mediation (诉前调解)")}
        rows.append((self.tr("What"), kinds[draft.kind]))
        rows.append((self.tr("Court"), service.court_display_name(draft.court_code)))
        if draft.cross_regional:
            rows.append((self.tr("Cross-regional filing"), self.tr("filed through {court} (this court assists)")
                         .replace("{court}", service.court_display_name(draft.home_court_code))))
        rows.append((self.tr("Kind of dispute"), service.case_type_display_name(draft.case_type)))
        if draft.filed_by == "agent" and identity is not None:
            rows.append((self.tr("Filed by the agent"), f"{identity.name}　{identity.masked_id}"))
        for role in ROLES:
            for party in draft.parties(role):
                if party.is_empty():
                    continue
                ident = party.id_number.strip().upper()
                if party.kind == "person" and ident:
                    from kiosk.domain import idnumber

                    ident = idnumber.mask(ident)
                details = [party.name.strip(), ident, party.legal_representative.strip() and
                           self.tr("legal representative {name}").replace("{name}", party.legal_representative.strip()),
                           party.address.strip(), party.phone.strip()]
                rows.append((role_title(draft.kind, role), "　".join(x for x in details if x)))
        if draft.kind in ("appeal", "enforcement"):
            rows.append((self.tr("Case referred to"), " ".join(x for x in (draft.reference_case_number.strip(),
                                                                           draft.reference_document) if x)))
        rows.append((self.tr("Claims"), draft.claims.strip()))
        if draft.facts.strip():
            rows.append((self.tr("Facts and reasons"), draft.facts.strip()))
        amount = draft.amount()
        rows.append((self.tr("Amount (yuan)"), f"{amount:,.2f}" if amount is not None else ""))
        if quote is not None:
            rows.append((self.tr("Court fee (yuan)"), f"{quote.total:,.2f}　"
                         + "；".join(f"{line.label} {line.amount:,.2f}" for line in quote.breakdown)))
        if draft.relief.kind:
            rows.append((self.tr("Fee relief requested"), draft.relief.kind + " " + draft.relief.ground))
        rows += self._enterprise_rows(draft)
        if draft.accepts_mediation:
            rows.append((self.tr("Pre-suit mediation"), self.tr("Yes, mediation first")))
        for n, item in enumerate(draft.evidence, 1):
            rows.append((self.tr("Evidence {n}").replace("{n}", str(n)),
                         "　".join(x for x in (item.name.strip(), item.purpose.strip(),
                                              self.tr("{n} page(s)").replace("{n}", str(len(item.pages)))) if x)))
        scanned = sum(len(p) for p in draft.materials.values())
        rows.append((self.tr("Materials scanned"), self.tr("{n} page(s)").replace("{n}", str(scanned))))
        a = draft.address
        channels = {"sms": self.tr("SMS"), "email": self.tr("email"), "wechat": self.tr("WeChat")}
        rows.append((self.tr("Address for service"), "　".join(x for x in (
            a.address.strip(), a.postcode.strip(), a.phone.strip(), a.recipient.strip(),
            self.tr("electronic service: {ch}").replace("{ch}", "、".join(channels[c] for c in sorted(a.channels)))
            if a.electronic else self.tr("no electronic service")) if x)))
        from ui import theme

        size = theme.size("body")
        body = "".join(f"<tr><th align='left' valign='top' width='20%' style='padding:8px 18px 8px 0'>{escape(k)}"
                       f"</th><td style='padding:8px 0'>{escape(v).replace(chr(10), '<br>')}</td></tr>"
                       for k, v in rows)
        return f"<div style='font-size:{size}px'><table width='100%'>{body}</table></div>"

    def _enterprise_rows(self, draft) -> list[tuple[str, str]]:
        """涉企: the evaluation's answers, or that it was not given."""
        from kiosk.domain import filing_enterprise as rules
        from ui.screens.filing.enterprise import answer_texts

        if not rules.involves_organisation(draft):
            return []
        party = rules.subject(draft)
        if not rules.applies(draft) or party is None:
            return [(self.tr("Enterprise evaluation"), self.tr("not given (optional)"))]
        e, answers = draft.enterprise, answer_texts()
        yes_no = {True: self.tr("yes"), False: self.tr("no")}
        parts = [party.name.strip(), self.tr("{n} employees").replace("{n}", e.employees.strip()),
                 answers["operating_status"].get(e.operating_status, ""),
                 self.tr("accounts frozen: {a}").replace("{a}", yes_no.get(e.accounts_at_risk, "")),
                 self.tr("key assets seized: {a}").replace("{a}", yes_no.get(e.key_assets_at_risk, "")),
                 answers["freeze_impact"].get(e.freeze_impact, ""),
                 e.orders_at_risk.strip() and self.tr("{n} orders at risk").replace("{n}", e.orders_at_risk.strip()),
                 self.tr("mediation: {a}").replace("{a}", answers["mediation"].get(e.mediation, "")),
                 "、".join(answers["alternatives"][a] for a in rules.ALTERNATIVES if a in e.alternatives),
                 e.note.strip()]
        return [(self.tr("Enterprise evaluation"), self.tr("; ").join(x for x in parts if x))]

    def clear(self) -> None:
        self.text.clear()
        self.error.hide()

    def _next(self) -> None:
        move = self.flow.advance(self.name)  # back to the first step with something missing, if any
        if move.missing:
            self.error.setText(self.tr("Something is still missing. Taking you there."))
            self.error.show()
        self.flow.follow(move)

    def retranslate(self) -> None:
        self.prompt.setText(self.spec.prompt())
        self.notice.setText(self.tr("The court reviews every filing and answers later. The fee shown is an "
                                    "estimate; the court's fee notice is binding."))
        self.confirm.setText(self.tr("It is right: sign"))
        self.text.setAccessibleName(self.tr("Your answers"))  # what the keypad calls it
