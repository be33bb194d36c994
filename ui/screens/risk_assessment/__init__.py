"""诉讼风险评估: choose the kind of dispute -> answer its questions (big yes / no / don't know
buttons, dates set by touch, amounts with the on-screen keyboard, a few per page) -> the risks, each
with its level in colour, its reason and the rules it rests on, and a QR of the summary to keep ->
the A4 report, previewed and printed. Guidance, not legal advice: every screen and the paper say so.

One screen per step, each with its own spec; `RiskAssessmentFlow` (flow.py) holds the answers.
No identity is needed and nothing is stored or sent.
"""

from ui.screens import ScreenEntry
from ui.screens.risk_assessment.flow import RiskAssessmentFlow

__all__ = ["SCREEN", "RiskAssessmentFlow"]


def _begin(nav, flow: RiskAssessmentFlow, service_id: str, identity) -> None:
    flow.begin(identity)


SCREEN = ScreenEntry("risk_assessment", lambda nav, services: RiskAssessmentFlow(nav, services.risk_assessment),
                     serves=("risk_assessment",), begin=_begin)
