"""Screenshots of 诉讼风险评估 (issue 14 §2) in zh_CN and en at the kiosk's window size, into
screenshots/guidance/: the case types, a page of questions (with a bad amount named), the
assessment with its levels and QR, and the A4 report's preview.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/guidance/risk.py --lang zh_CN
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> int:
    from scripts.shots import kiosk_shots, pump, wait

    with kiosk_shots("guidance", "risk-") as k:
        window, services, shot = k.window, k.services, k.shot
        pump(1.0)
        services.risk_assessment._clock = lambda: date(2025, 6, 1)
        window.attract.start.click()
        wait(lambda: window.current == "menu")
        window.menu.tiles["risk_assessment"].click()
        wait(lambda: window.current == "risk_type")
        flow = window.risk_assessment
        shot("types")
        flow.types.buttons["private_lending"].click()
        wait(lambda: window.current == "risk_questions")
        q = flow.questions
        q.fields["amount"].edit.setText("5万")
        for _ in range(3):
            q.fields["limitation_start"].steps["year-"].click()
        q.fields["limitation_start"].steps["day-"].click()
        q.fields["last_demand_date"].none.click()
        q.fields["has_iou"].buttons["yes"].click()
        q.next_button.click()
        shot("questions-error")
        q.fields["amount"].edit.setText("50000")
        q.next_button.click()
        q.fields["has_transfer_records"].buttons["yes"].click()
        q.fields["interest_rate"].edit.setText("24")
        for _ in range(4):
            q.fields["contract_date"].steps["year-"].click()
        shot("questions")
        q.next_button.click()
        q.fields["has_guarantor"].buttons["yes"].click()
        q.fields["guarantee_period_agreed"].buttons["no"].click()
        q.fields["defendant_address_known"].buttons["yes"].click()
        q.next_button.click()
        q.fields["want_preservation"].buttons["yes"].click()
        q.fields["can_provide_security"].buttons["no"].click()
        q.fields["in_court_area"].buttons["yes"].click()
        q.next_button.click()
        wait(lambda: window.current == "risk_result")
        shot("result")
        flow.result.report_button.click()
        wait(lambda: flow.report.state == "ready")
        wait(lambda: all(p.pixmap() is not None and not p.pixmap().isNull() for p in flow.report.preview._pages))
        shot("report")
        flow.report.preview.print_button.click()
        wait(lambda: flow.report.preview.status_code != "printing")
        shot("report-no-printer")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
