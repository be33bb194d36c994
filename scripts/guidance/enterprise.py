"""Screenshots of the enterprise window (企业"云评估", issue 14 §4) and cross-regional filing (跨域立案,
§5) in zh_CN and en at the kiosk's window size, into screenshots/guidance/: the first step with
another court chosen, the parties step with the evaluation offered, the evaluation step (blank, with
its problems, answered), the fee step's note, the review, and the submitted screen with the receipt.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/guidance/enterprise.py --lang zh_CN
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> int:
    from PySide6.QtWidgets import QScrollArea

    from scripts.shots import kiosk_shots, pump, wait

    def shot(k, name, scroll_to=None):
        """The window; `scroll_to`: a widget to bring into view first (the screens scroll)."""
        if scroll_to is None:
            k.shot(name)
            return
        pump(0.4)
        area = next((a for a in k.window.findChildren(QScrollArea) if a.isAncestorOf(scroll_to)), None)
        if area is not None:
            area.ensureWidgetVisible(scroll_to, 50, 50)
        k.shot(name, settle=0.3)

    def read(view):
        bar = view.text.verticalScrollBar()
        bar.setValue(bar.maximum())
        wait(lambda: view.check.isEnabled())
        view.check.box.click()

    with kiosk_shots("guidance") as k:
        window, services = k.window, k.services
        pump(1.0)
        wait(lambda: bool(services.filing.receiving_courts()))
        window.attract.start.click()
        wait(lambda: window.current == "menu")
        k.identify("filing")
        wait(lambda: window.current == "filing_start")
        f = window.filing
        start = f.start
        start.cross.box.click()
        start.receiving.setCurrentIndex(start.receiving.findData("粤0304"))
        shot(k, "filing-start-cross-region", scroll_to=start.cross_hint)
        read(start.notice)
        start.next.click()
        wait(lambda: window.current == "filing_parties")

        parties = f.parties
        editor = parties.editor
        editor.name_edit.setText("李四")
        editor.address.setText("广东省深圳市福田区某路8号")
        parties.sections["defendant"][2].click()
        editor.organisation.click()
        editor.name_edit.setText("深圳某某电子有限公司")
        editor.ident.setText("91110108551385082Q")
        editor.representative.setText("赵五")
        shot(k, "filing-parties-enterprise-offer")
        parties.offer.accept.box.click()
        parties.next.click()
        wait(lambda: window.current == "filing_enterprise")
        page = f.enterprise
        shot(k, "filing-enterprise")
        page.next.click()
        shot(k, "filing-enterprise-problems")
        page.employees.setText("120")
        page.status.setCurrentIndex(page.status.findData("reduced"))
        page.accounts.buttons["yes"].setChecked(True)
        page.assets.buttons["no"].setChecked(True)
        page.freeze.setCurrentIndex(page.freeze.findData("serious"))
        page.orders.setText("3")
        page.orders_amount.setText("1200000")
        page.mediation.buttons["willing"].setChecked(True)
        page.alternatives["bank_guarantee"].box.click()
        page.alternatives["insurance"].box.click()
        page.note.setText("被冻结账户用于发放120名职工工资")
        shot(k, "filing-enterprise-answered", scroll_to=page.note)
        page.next.click()
        wait(lambda: window.current == "filing_claims")

        claims = f.claims
        claims.claims.setPlainText("判令被告支付货款五十万元。")
        claims.facts.setPlainText("被告收货后未付款。")
        claims.amount.setText("500000")
        claims.next.click()
        wait(lambda: window.current == "filing_evidence")
        f.evidence.next.click()
        wait(lambda: window.current == "filing_fees")
        shot(k, "filing-fees-cross-region")
        f.fees.next.click()
        read(f.risk.notice)
        f.risk.next.click()
        form = f.address.form
        if not form.fields["phone"].text():
            form.fields["phone"].setText("13800000000")
        form.confirmed.box.click()
        f.address.next.click()
        wait(lambda: window.current == "filing_review")
        shot(k, "filing-review-enterprise-cross-region")
        f.review.confirm.click()
        f.sign.box.paper.box.click()
        f.sign.confirm.click()
        wait(lambda: window.current == "submitted")
        wait(lambda: f.submitted._receipt is not None)
        wait(lambda: len(window.demo_panel.receipts) >= 1)
        shot(k, "filing-submitted-cross-region")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
